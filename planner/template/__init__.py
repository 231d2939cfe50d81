"""The template workbook (`planner build`): input sheets, the Start sheet, buttons and default data."""
