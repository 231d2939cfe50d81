"""The live adapter: a workbook open in Excel, read and written through xlwings (the buttons' route)."""
