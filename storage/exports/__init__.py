"""Survey results as one flat table and how each question becomes columns."""
