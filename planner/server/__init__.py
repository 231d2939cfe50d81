"""Planner over HTTP: xlwings Server's protocol, for Excel without local Python.

A client in Excel (the Office.js add-in of xlwings Server, or VBA's
RunRemotePython) posts the workbook as JSON; a script from `scripts` runs the
same `planner.excel.button_press` entry points on xlwings' remote engine; the actions it
queues go back to the client, which applies them. `app` is a small FastAPI app
speaking that protocol with a bearer token, a request-size limit and a time
limit on solves; `scripts` also plug into xlwings-server itself.
"""
