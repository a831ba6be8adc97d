"""Qt item models over engine data (no widgets per row)."""
