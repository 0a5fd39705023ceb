"""Files made for people: the export workbook and CSV (later reports and posters)."""
