"""The play queue: order, shuffle without repeats, repeat off/all/one, history for previous.

The queue keeps a play order (a permutation of track indices) and a position in it. Without
shuffle the order is simply 0..n-1; with shuffle it is a random permutation that starts with the
current track, so every track plays once before any repeats. Plain Python, no threads: the
player serialises access and is told about every change through ``on_change``.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Sequence
from typing import Literal

from engine.models import Track
from engine.playback.track_list import LazyTracks

Repeat = Literal["off", "all", "one"]
REPEAT_MODES: tuple[Repeat, ...] = ("off", "all", "one")


class PlayQueue:
    def __init__(self, *, rng: random.Random | None = None) -> None:
        self.tracks: LazyTracks = LazyTracks()  # rows become Tracks when first used
        self._order: list[int] = []
        self._pos = -1
        self._shuffle = False
        self._repeat: Repeat = "off"
        self._rng = rng or random.Random()
        self.on_change: Callable[[], None] | None = None

    # --- reading ---------------------------------------------------------------------------
    @property
    def index(self) -> int:
        """Index into :attr:`tracks` of the current track, -1 if none."""
        if 0 <= self._pos < len(self._order):
            return self._order[self._pos]
        return -1

    @property
    def current(self) -> Track | None:
        i = self.index
        return self.tracks[i] if i >= 0 else None

    @property
    def order(self) -> list[int]:
        """The play order (indices into :attr:`tracks`); a copy."""
        return list(self._order)

    def upcoming(self) -> list[Track]:
        """Tracks still to play in this pass, in order (for the Queue view)."""
        return [self.tracks[i] for i in self._order[self._pos + 1 :]]

    def __len__(self) -> int:
        return len(self.tracks)

    # --- modes -----------------------------------------------------------------------------
    @property
    def shuffle(self) -> bool:
        return self._shuffle

    @shuffle.setter
    def shuffle(self, on: bool) -> None:
        on = bool(on)
        if on == self._shuffle:
            return
        self._shuffle = on
        current = self.index
        if on:
            rest = [i for i in range(len(self.tracks)) if i != current]
            self._rng.shuffle(rest)
            self._order = ([current] if current >= 0 else []) + rest
            self._pos = 0 if current >= 0 else -1
        else:
            self._order = list(range(len(self.tracks)))
            self._pos = current
        self._changed()

    @property
    def repeat(self) -> Repeat:
        return self._repeat

    @repeat.setter
    def repeat(self, mode: Repeat) -> None:
        if mode not in REPEAT_MODES:
            raise ValueError(f"repeat must be one of {REPEAT_MODES}, not {mode!r}")
        if mode != self._repeat:
            self._repeat = mode
            self._changed()

    # --- editing ---------------------------------------------------------------------------
    def set(self, tracks: Sequence[Track], start: int = 0) -> None:
        """Replace the queue; ``start`` becomes current (the first in a shuffled order)."""
        self.tracks = LazyTracks(tracks)
        if not self.tracks:
            self._order, self._pos = [], -1
        else:
            if not 0 <= start < len(self.tracks):
                raise IndexError(f"start {start} is outside a queue of {len(self.tracks)}")
            if self._shuffle:
                rest = [i for i in range(len(self.tracks)) if i != start]
                self._rng.shuffle(rest)
                self._order, self._pos = [start, *rest], 0
            else:
                self._order, self._pos = list(range(len(self.tracks))), start
        self._changed()

    def add(self, tracks: Iterable[Track]) -> None:
        """Append to the queue (in shuffle mode, at random places among what is to come)."""
        for track in tracks:
            self.tracks.append(track)
            i = len(self.tracks) - 1
            if self._shuffle:
                self._order.insert(self._rng.randint(self._pos + 1, len(self._order)), i)
            else:
                self._order.append(i)
        self._changed()

    def play_next(self, track: Track) -> None:
        """Insert ``track`` so it plays right after the current one."""
        at = self.index + 1 if self.index >= 0 else len(self.tracks)
        self.tracks.insert(at, track)
        self._order = [i + 1 if i >= at else i for i in self._order]
        self._order.insert(self._pos + 1, at)
        if not self._shuffle:
            self._normalise_order()
        self._changed()

    def remove(self, i: int) -> None:
        """Remove track ``i``. Removing the current track keeps playback where it is: the
        track after it becomes the next one."""
        if not 0 <= i < len(self.tracks):
            raise IndexError(f"no track {i} in a queue of {len(self.tracks)}")
        del self.tracks[i]
        where = self._order.index(i)
        del self._order[where]
        if where <= self._pos:
            self._pos -= 1
        self._order = [j - 1 if j > i else j for j in self._order]
        if not self._shuffle:
            self._normalise_order()
        self._changed()

    def move(self, src: int, dst: int) -> None:
        """Move track ``src`` to index ``dst`` (the Queue view's drag and drop)."""
        n = len(self.tracks)
        if not (0 <= src < n and 0 <= dst < n):
            raise IndexError(f"move {src}->{dst} is outside a queue of {n}")
        if src == dst:
            return
        current = self.index
        track = self.tracks.pop(src)
        self.tracks.insert(dst, track)

        def moved(j: int) -> int:
            if j == src:
                return dst
            if src < j <= dst:
                return j - 1
            if dst <= j < src:
                return j + 1
            return j

        self._order = [moved(j) for j in self._order]
        if not self._shuffle:
            self._order = list(range(n))
            self._pos = moved(current) if current >= 0 else self._pos
        self._changed()

    def move_in_order(self, src: int, dst: int) -> None:
        """Move the entry at play position ``src`` to position ``dst`` (the Queue view lists
        the play order, so its drags and Alt+Up/Down move there). Without shuffle the play
        order is the list order and this is :meth:`move`; shuffled, the list stays and the
        song plays at its new place. The current song stays current either way."""
        n = len(self._order)
        if not (0 <= src < n and 0 <= dst < n):
            raise IndexError(f"move {src}->{dst} is outside a play order of {n}")
        if not self._shuffle:
            self.move(self._order[src], self._order[dst])
            return
        if src == dst:
            return
        current = self.index
        self._order.insert(dst, self._order.pop(src))
        if current >= 0:
            self._pos = self._order.index(current)
        self._changed()

    def clear(self) -> None:
        self.tracks, self._order, self._pos = LazyTracks(), [], -1
        self._changed()

    def _normalise_order(self) -> None:
        # Without shuffle the order is the list order; keep the position on the current track.
        current = self._order[self._pos] if 0 <= self._pos < len(self._order) else None
        self._order = list(range(len(self.tracks)))
        if current is not None:
            self._pos = current

    # --- moving ----------------------------------------------------------------------------
    def peek_next(self, *, natural: bool = True) -> int | None:
        """Index of what plays after the current track, without moving.

        ``natural`` is the end of a track (repeat-one repeats it); a user's "next" passes
        ``natural=False`` and always moves on.
        """
        if not self._order:
            return None
        if natural and self._repeat == "one" and self.index >= 0:
            return self.index
        if self._pos + 1 < len(self._order):
            return self._order[self._pos + 1]
        if self._repeat == "off":
            return None
        # repeat all: the next pass starts; a shuffled pass is drawn when it begins.
        return self._order[0] if not self._shuffle else self._next_pass_first()

    def advance(self, *, natural: bool = True) -> Track | None:
        """Move to the next track and return it, or ``None`` at the end of the queue."""
        nxt = self.peek_next(natural=natural)
        if nxt is None:
            self._pos = len(self._order)  # past the end: index -1, previous() steps back
            self._changed()
            return None
        if natural and self._repeat == "one" and self.index >= 0:
            pass
        elif self._pos + 1 < len(self._order):
            self._pos += 1
        else:
            self._start_new_pass(first=nxt)
        self._changed()
        return self.tracks[nxt]

    def back(self) -> Track | None:
        """Move to the previous track in the play order (wraps with repeat all)."""
        if not self._order:
            return None
        if self._pos > 0:
            self._pos = min(self._pos, len(self._order)) - 1
        elif self._repeat == "all":
            self._pos = len(self._order) - 1
        else:
            self._pos = 0
        self._changed()
        return self.tracks[self._order[self._pos]]

    def jump(self, i: int) -> Track:
        """Make track ``i`` current (double-click in the Queue view)."""
        if not 0 <= i < len(self.tracks):
            raise IndexError(f"no track {i} in a queue of {len(self.tracks)}")
        self._pos = self._order.index(i)
        self._changed()
        return self.tracks[i]

    _pass_first: int | None = None
    _pass_rest: list[int] | None = None

    def _next_pass_first(self) -> int:
        # Draw the next shuffled pass once, so peek and advance agree; avoid replaying the
        # track that just ended as the first of the new pass.
        if self._pass_rest is None:
            order = list(range(len(self.tracks)))
            self._rng.shuffle(order)
            if len(order) > 1 and order[0] == self.index:
                order[0], order[-1] = order[-1], order[0]
            self._pass_first, self._pass_rest = order[0], order
        assert self._pass_first is not None
        return self._pass_first

    def _start_new_pass(self, first: int) -> None:
        if self._shuffle and self._pass_rest is not None:
            self._order = self._pass_rest
        else:
            self._order = list(range(len(self.tracks)))
        self._pass_first = self._pass_rest = None
        self._pos = self._order.index(first)

    def _changed(self) -> None:
        if (
            self._shuffle
            and self._pass_rest is not None
            and len(self._pass_rest) != len(self.tracks)
        ):
            self._pass_first = self._pass_rest = None  # the library of this pass changed
        if self.on_change is not None:
            self.on_change()
