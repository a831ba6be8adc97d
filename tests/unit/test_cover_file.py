"""cover_file: the cover as a file a client can open (MPRIS artUrl), from untrusted tags."""

from __future__ import annotations

from pathlib import Path

from engine.library.covers import cover_file
from tests.audio_files import silent_flac

PNG = bytes.fromhex("89504e470d0a1a0a") + b"rest of a picture"


def _flac(path: Path, picture: bytes | None = None) -> str:
    return str(silent_flac(path, picture, seconds=0.1))


def test_an_embedded_picture_is_written_once_and_shared(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = cover_file(_flac(tmp_path / "a" / "1.flac", PNG), cache)
    second = cover_file(_flac(tmp_path / "a" / "2.flac", PNG), cache)
    assert first is not None and first == second and first.suffix == ".png"
    assert first.read_bytes() == PNG
    assert [p.name for p in (cache / "covers").iterdir()] == [first.name]  # no .part left


def test_an_unknown_picture_format_falls_back_to_the_folder_image(tmp_path: Path) -> None:
    song = _flac(tmp_path / "b" / "1.flac", b"not an image at all")
    folder = tmp_path / "b" / "Folder.JPG"
    folder.write_bytes(b"\xff\xd8jpeg")
    assert cover_file(song, tmp_path / "cache") == folder
    assert not (tmp_path / "cache").exists()


def test_an_unwritable_cache_falls_back_and_a_broken_file_gives_none(tmp_path: Path) -> None:
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the folder should be")
    assert cover_file(_flac(tmp_path / "c" / "1.flac", PNG), blocked) is None  # no folder image
    broken = tmp_path / "d" / "broken.flac"
    broken.parent.mkdir()
    broken.write_bytes(b"fLaC garbage")
    assert cover_file(str(broken), tmp_path / "cache2") is None
    assert cover_file(str(tmp_path / "missing.mp3"), tmp_path / "cache2") is None
