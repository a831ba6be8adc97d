"""How long a line stays in the window's status bar (ms), by what it says: one rule for every
view, so a failure stays as long wherever it happens."""

from __future__ import annotations

READ_MS = 8000  # a failure, or news, with a reason to read
NOTE_MS = 6000  # a brief note: done, back again, how many
