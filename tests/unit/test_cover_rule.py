"""One cover rule: a track counts as having a folder cover exactly when the window can find
that image (the scan and engine.library.covers read the same names)."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.library.covers import folder_image
from engine.library.scan import scan


@pytest.mark.parametrize(
    ("images", "found"),
    [
        (("Cover.PNG",), "Cover.PNG"),
        (("folder.jpeg", "notes.txt"), "folder.jpeg"),
        (("AlbumArtSmall.jpg",), None),  # counted as a cover by the scan before, never shown
        (("cover.gif", "front.bmp"), None),
        ((), None),
    ],
)
def test_the_scan_counts_a_folder_cover_when_the_cover_rule_finds_one(
    tmp_path: Path, images: tuple[str, ...], found: str | None
) -> None:
    album = tmp_path / "album"
    album.mkdir()
    (album / "01.wav").write_bytes(b"RIFF")  # the scan only stats: no audio needed
    for name in images:
        (album / name).write_bytes(b"\x89PNG picture")
    image = folder_image(album)
    assert (image.name if image else None) == found
    for root in (album, album / "01.wav"):  # a folder, or one file dropped on its own
        (scanned,) = scan(str(root)).files
        assert scanned.folder_cover is (found is not None)
