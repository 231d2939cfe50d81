"""Real workbook files and live books: reading, checking, building and writing Planner.xlsm, the buttons through xlwings' remote engine, LibreOffice's renders."""
