"""Read-only views for staff: statistics, who is missing, roster overviews."""
