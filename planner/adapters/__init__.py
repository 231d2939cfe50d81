"""The edges of the data flow: the workbook as a file (`file`, `package`) or live in Excel (`live`).

Everything inside Planner works on plain tables; an adapter reads a workbook
into them and writes a report out of them. `package` edits an .xlsm as a zip
of XML parts without Excel; `file` reads and draws Planner's sheets on top of
it; `live` does both through xlwings in an open Excel.
"""
