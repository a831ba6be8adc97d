"""Keys for ``encore play`` on a terminal: space pauses, left/right seek 5 s, n/p skip, q quits.

Only when standard input is a terminal (not in scripts or pipes): the terminal is put in
cbreak mode (keys arrive one at a time, unechoed) for the run and restored afterwards,
whatever ends it.
"""

from __future__ import annotations

import contextlib
import os
import select
import sys
import termios
import threading
import tty
from collections.abc import Iterator

from engine.clock_text import format_duration
from engine.playback import Player

SEEK_STEP = 5.0
HELP = "keys: space pause/resume · ←/→ seek 5 s · n next · p previous · q quit"
_ACTIONS = {" ": "toggle", "\x1b[C": "forward", "\x1b[D": "back", "n": "next", "p": "previous"}
_QUIT = {"q", "\x1b", "\x03"}


@contextlib.contextmanager
def cbreak(fd: int) -> Iterator[None]:
    saved = termios.tcgetattr(fd)
    try:
        tty.setcbreak(fd, termios.TCSANOW)  # keys typed ahead are kept, not flushed
        yield
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)


def control(player: Player, fd: int, done: threading.Event, *, quiet: bool = False) -> None:
    """Read keys from ``fd`` and drive ``player`` until ``done`` is set (by the end of the
    queue or by q)."""
    while not done.is_set():
        ready, _, _ = select.select([fd], [], [], 0.1)
        if not ready:
            continue
        data = os.read(fd, 16).decode("utf-8", "replace")
        if not data:
            return  # the terminal went away
        key = data if data.startswith("\x1b[") else data[:1]
        if key in _QUIT:
            player.stop()
            done.set()
            return
        action = _ACTIONS.get(key)
        if action == "toggle":
            player.toggle()
        elif action == "next":
            player.next()
        elif action == "previous":
            player.previous()
        elif action in ("forward", "back"):
            step = SEEK_STEP if action == "forward" else -SEEK_STEP
            target = max(player.position() + step, 0.0)
            if player.duration() > 0 and target >= player.duration():
                player.next()
                continue
            player.seek(target)
            if not quiet:
                arrow = "⏩" if step > 0 else "⏪"
                where = f"{format_duration(target)} / {format_duration(player.duration())}"
                print(f"{arrow} {where}", flush=True)


def interactive() -> bool:
    return sys.stdin.isatty()
