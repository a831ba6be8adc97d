"""The PySide6 player."""
