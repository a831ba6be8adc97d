"""Songs carried by a drag inside Encore (library rows onto a playlist): their track ids in
one MIME type of our own, plus the files as URLs for other programs (a file manager, a
terminal) that take a drop."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QMimeData, QUrl

from engine.models import Track

TRACK_IDS_MIME = "application/x-encore-track-ids"
MAX_DRAG_IDS = 100_000  # a whole library at most; a larger claim is not ours


def track_mime(tracks: Sequence[Track]) -> QMimeData:
    data = QMimeData()
    data.setData(TRACK_IDS_MIME, "\n".join(t.track_id for t in tracks).encode("utf-8"))
    data.setUrls([QUrl.fromLocalFile(t.path) for t in tracks if t.path])
    return data


def dragged_track_ids(data: QMimeData) -> list[str]:
    """The track ids a drop carries (empty when it carries no songs of ours)."""
    if not data.hasFormat(TRACK_IDS_MIME):
        return []
    text = bytes(data.data(TRACK_IDS_MIME).data()).decode("utf-8", "replace")
    ids = [line for line in text.split("\n") if line.strip()]
    return ids if len(ids) <= MAX_DRAG_IDS else []
