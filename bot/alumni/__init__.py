"""The alumni path on every channel: who is writing (identity) and one turn (runner)."""
