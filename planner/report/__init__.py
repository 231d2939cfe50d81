"""Results shaped for the workbook: output tables and scenario tabs, before any adapter draws them."""
