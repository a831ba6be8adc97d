"""Listening history from files: Encore play events (JSON lines) and ListenBrainz exports.

Both become :class:`PlayEvent` s that go through the normal ``record`` path. Imported events get
an id derived from their content, so importing the same file twice adds nothing.

ListenBrainz listens (JSON lines, a JSON array, or the export ``.zip`` holding them) carry
``listened_at`` and ``track_metadata {artist_name, track_name, release_name, additional_info}``;
they are matched to library tracks by artist + title, ignoring case and spacing.

An imported history is this listener's: every event is stamped with the listener importing it
(the profile, else this device), whatever listener the file's events name, so For you, "history
clear" and the server's listeners-like-you see it as theirs. The file's own ``device_id`` stays
as provenance (which device heard it); a line without one gets this device's.
"""

from __future__ import annotations

import json
import re
import unicodedata
import uuid
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, BinaryIO

from engine.errors import EncoreError
from engine.events.wire import PlayEvent, decode
from engine.events.wire_checks import MAX_ID_CHARS, EventFormatError, event_time, is_text, loads
from engine.models import Track

# A fixed namespace: the same listen always gets the same event id, on every machine.
_HISTORY_NAMESPACE = uuid.UUID("5f0c5d0e-9b43-4d8e-8f59-6b1c2f3c7a11")
_SPACES = re.compile(r"\s+")


class HistoryFileError(EncoreError):
    """The history file cannot be read at all (a bad record is reported, never raised)."""


@dataclass
class ImportReport:
    events: list[PlayEvent] = field(default_factory=list)
    play_events: int = 0
    listens_matched: int = 0
    listens_unmatched: int = 0
    bad: list[str] = field(default_factory=list)  # "FILE:LINE: reason"
    unmatched_examples: Counter[str] = field(default_factory=Counter)


def normalise(text: str) -> str:
    """Case-, width- and spacing-insensitive form of a tag for matching."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return _SPACES.sub(" ", text).strip()


class TrackMatcher:
    """Library lookup by (artist, title); album artist counts as an artist too."""

    def __init__(self, tracks: Iterable[Track]) -> None:
        self._by_key: dict[tuple[str, str], Track] = {}
        for track in tracks:
            for artist in (track.artist, track.album_artist):
                if artist:
                    self._by_key.setdefault((normalise(artist), normalise(track.title)), track)

    def match(self, artist: str, title: str) -> Track | None:
        return self._by_key.get((normalise(artist), normalise(title)))


def _records(path: Path) -> Iterator[tuple[str, int, Any]]:
    """``(source name, line number, parsed JSON or an exception)`` for each record."""
    try:
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                for name in sorted(archive.namelist()):
                    if name.endswith((".json", ".jsonl")) and "listens" in name:
                        with archive.open(name) as raw:
                            yield from _records_of(f"{path}!{name}", raw)
            return
        with open(path, "rb") as raw:
            yield from _records_of(str(path), raw)
    except (OSError, zipfile.BadZipFile) as exc:  # unreadable file, or a corrupt zip member
        raise HistoryFileError(f"{path}: cannot read ({exc})") from None


def _records_of(source: str, raw: BinaryIO) -> Iterator[tuple[str, int, Any]]:
    """Records of JSON lines, read as bytes line by line, so one line that is not UTF-8 (or
    not JSON) is reported as ``FILE:LINE`` and the rest still imports; or of one JSON array."""
    first = True
    for number, line in enumerate(raw, start=1):
        if number == 1:
            line = line.removeprefix(b"\xef\xbb\xbf")  # a UTF-8 byte order mark
        stripped = line.strip()
        if not stripped:
            continue
        if first and stripped.startswith(b"["):
            yield from _array(source, line + raw.read())
            return
        first = False
        try:
            yield source, number, loads(stripped)
        except EventFormatError as exc:
            yield source, number, exc


def _array(source: str, data: bytes) -> Iterator[tuple[str, int, Any]]:
    """An older ListenBrainz export: one JSON array, so it parses whole or not at all."""
    try:
        items = loads(data)
    except EventFormatError as exc:
        raise HistoryFileError(f"{source}: not a valid JSON array ({exc})") from None
    if not isinstance(items, list):
        raise HistoryFileError(f"{source}: not a JSON array")
    for i, item in enumerate(items, start=1):
        yield source, i, item


def _stable_id(*parts: object) -> str:
    return uuid.uuid5(_HISTORY_NAMESPACE, "\x1f".join(str(p) for p in parts)).hex


def _listen_event(item: dict[str, Any], matcher: TrackMatcher, device_id: str) -> PlayEvent | str:
    """A play event for a matched listen, or the ``"artist — title"`` that did not match."""
    meta = item.get("track_metadata")
    if not isinstance(meta, dict):
        raise EventFormatError("track_metadata: must be an object")
    artist, title = meta.get("artist_name"), meta.get("track_name")
    if not is_text(artist) or not is_text(title) or not title.strip():
        raise EventFormatError("track_metadata: needs artist_name and track_name strings")
    listened_at = event_time(item.get("listened_at"), "listened_at")
    track = matcher.match(artist, title)
    if track is None:
        return f"{artist} — {title}"
    info = meta.get("additional_info") if isinstance(meta.get("additional_info"), dict) else {}
    msid = _text(info.get("recording_msid")) or _text(item.get("recording_msid"))
    user = _text(item.get("user_name"))
    # A ListenBrainz listen is a song heard through (its rule: 4 min or half the song), so it
    # comes in as one play by engine.listening's rule, not as a bare start.
    return decode(
        {
            "track_id": track.track_id,
            "type": "complete",
            "device_id": device_id,
            "position": track.duration,
            "duration": track.duration,
            "timestamp": listened_at,
            "event_id": _stable_id(
                "listenbrainz",
                user,
                msid,
                normalise(artist),
                normalise(title),
                item["listened_at"],
            ),
        }
    )


def _text(value: object) -> str:
    return value if is_text(value, limit=MAX_ID_CHARS) else ""  # type: ignore[return-value]


def _play_event(item: dict[str, Any], device_id: str) -> PlayEvent:
    event = decode({"device_id": device_id, **item})
    if "event_id" not in item:
        # No id in the file: derive one from the content so a second import is a no-op (the
        # record passed decode, so it holds only the event's own fields, each checked).
        event = replace(event, event_id=_stable_id("encore", json.dumps(item, sort_keys=True)))
    return event


def read_history(
    path: Path, tracks: Iterable[Track], *, device_id: str, listener: str
) -> ImportReport:
    """Parse a history file, every event ``listener`` 's; bad records are listed in the report,
    never fatal."""
    if not path.exists():
        raise HistoryFileError(f"{path}: no such file")
    matcher = TrackMatcher(tracks)
    report = ImportReport()
    for source, number, item in _records(path):
        try:
            if isinstance(item, Exception):
                raise item
            if not isinstance(item, dict):
                raise EventFormatError("record must be a JSON object")
            if "track_metadata" in item:
                result = _listen_event(item, matcher, device_id)
                if isinstance(result, str):
                    report.listens_unmatched += 1
                    report.unmatched_examples[result] += 1
                    continue
                report.listens_matched += 1
                report.events.append(replace(result, listener=listener))
            else:
                report.events.append(replace(_play_event(item, device_id), listener=listener))
                report.play_events += 1
        except EventFormatError as exc:
            report.bad.append(f"{source}:{number}: {exc}")
    return report
