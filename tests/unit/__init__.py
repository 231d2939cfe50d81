"""Pure functions and in-memory tables: no solver, no workbook file, no process."""
