"""The report of indicators: built from the database (build.py), written as JSON, XLSX or HTML
(files.py), and told in a staff chat (chat.py); the CLI and the staff desk both call it."""
