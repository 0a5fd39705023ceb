"""The `jejak` command line: `app.py` holds the typer app, one module per command group."""
