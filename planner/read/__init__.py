"""Tables as read from a workbook, before any checking: cells, where they are, and their values."""
