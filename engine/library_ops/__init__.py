"""Every library operation, written once. The CLI commands, the desktop and the backend call
these; none of them chains engine functions on its own.

- :mod:`engine.library_ops.steps` — import folders; analyse what is due (in server mode the
  new vectors are queued for ``encore.track-features``); train with the one popularity policy
  (:func:`~engine.library_ops.steps.popularity`).
- :mod:`engine.library_ops.home` — Home's shaping: popular songs (present files only),
  recently played, mixes, with plays by :func:`engine.listening.counts_as_play` (also the
  library's Plays column, :func:`~engine.library_ops.home.play_counts`); Home reads the
  popularity horizon, not every event ever.
- :mod:`engine.library_ops.personal` — the listener: For you, their mixes, and "what next"
  blended with what they play together.
"""

from engine.library_ops.home import Home, HomeTrack, RecentTrack, home, library_mixes, play_counts
from engine.library_ops.steps import analyse, import_paths, popularity, train

__all__ = [
    "Home",
    "HomeTrack",
    "RecentTrack",
    "analyse",
    "home",
    "import_paths",
    "library_mixes",
    "play_counts",
    "popularity",
    "train",
]
