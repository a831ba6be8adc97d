"""Every library operation, written once. The CLI commands, the desktop and the backend call
these; none of them chains engine functions on its own.

- :mod:`engine.library_ops.steps` — import folders; analyse what is due (in server mode the
  new vectors are queued for ``encore.track-features``); train with the one popularity policy
  (:func:`~engine.library_ops.steps.popularity`).
- :mod:`engine.library_ops.home` — Home's shaping: popular songs (present files only),
  recently played, mixes; read from the popularity horizon, not from every event ever.
- :mod:`engine.library_ops.personal` — the listener: For you, their mixes, and "what next"
  blended with what they play together.
"""

from engine.library_ops.home import Home, RecentTrack, home, library_mixes
from engine.library_ops.steps import analyse, import_paths, popularity, train

__all__ = [
    "Home",
    "RecentTrack",
    "analyse",
    "home",
    "import_paths",
    "library_mixes",
    "popularity",
    "train",
]
