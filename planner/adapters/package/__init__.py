"""An .xlsm file as an OPC package: its parts edited in place, saved safely, one run at a time."""
