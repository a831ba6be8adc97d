"""The play queue as it was when Encore closed: a small JSON file beside the library.

Kept out of QSettings because a queue can be a whole 100k-song library. The file is outside
data: :func:`read_queue` turns it into a valid :class:`SavedQueue` or refuses it with a
one-line reason naming the file and the field, never another exception.
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

VERSION = 1
REPEAT_MODES = ("off", "all", "one")


@dataclass(frozen=True)
class SavedQueue:
    track_ids: tuple[str, ...]
    index: int  # into track_ids; -1 when nothing was current
    position: float = 0.0  # seconds into the current song
    context: str = ""  # where the queue was played from ("Library", "Radio from …")
    shuffle: bool = False
    repeat: str = "off"
    radio_seed: str = ""  # the radio's seed song, "" when no radio was on: it resumes


class QueueFileError(ValueError):
    """The saved queue cannot be used; the message is one line naming file and field."""


def write_queue(path: Path, queue: SavedQueue) -> None:
    """Write atomically: a crash while closing leaves the previous queue, never half a file."""
    data = {"version": VERSION, **asdict(queue)}
    data["track_ids"] = list(queue.track_ids)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_queue(path: Path) -> SavedQueue | None:
    """The saved queue, None when there is none; :class:`QueueFileError` when it is unusable."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise QueueFileError(f"{path}: cannot read: {exc}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise QueueFileError(f"{path} line {exc.lineno}: not JSON: {exc.msg}") from None
    if not isinstance(data, dict):
        raise QueueFileError(f"{path}: not a JSON object")

    def field(name: str, kind: type | tuple[type, ...], default: object) -> object:
        value = data.get(name, default)
        # bool is an int in Python: a count or position must not be true/false.
        if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
            raise QueueFileError(f"{path}: field {name!r} is not a valid {_kind_name(kind)}")
        return value

    if field("version", int, VERSION) != VERSION:
        raise QueueFileError(f"{path}: field 'version' is {data.get('version')}, not {VERSION}")
    ids = field("track_ids", list, [])
    if not all(isinstance(t, str) and t for t in ids):  # type: ignore[union-attr]
        raise QueueFileError(f"{path}: field 'track_ids' holds something that is not an id")
    index = field("index", int, -1)
    if not -1 <= index < len(ids):  # type: ignore[operator,arg-type]
        raise QueueFileError(f"{path}: field 'index' {index} is outside a queue of {len(ids)}")
    position = float(field("position", (int, float), 0.0))  # type: ignore[arg-type]
    if not math.isfinite(position) or position < 0:
        raise QueueFileError(f"{path}: field 'position' is not a time in seconds")
    repeat = field("repeat", str, "off")
    if repeat not in REPEAT_MODES:
        raise QueueFileError(f"{path}: field 'repeat' must be one of {', '.join(REPEAT_MODES)}")
    return SavedQueue(
        track_ids=tuple(ids),  # type: ignore[arg-type]
        index=index,  # type: ignore[arg-type]
        position=position,
        context=str(field("context", str, "")),
        shuffle=bool(field("shuffle", bool, False)),
        repeat=str(repeat),
        radio_seed=str(field("radio_seed", str, "")),
    )


def _kind_name(kind: type | tuple[type, ...]) -> str:
    names = {int: "whole number", float: "number", str: "text", bool: "true/false", list: "list"}
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(names.get(k, k.__name__) for k in kinds)
