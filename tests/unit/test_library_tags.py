"""Tags of every supported format are read into the same fields; fallbacks for missing ones."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from engine.library.tags import TagReadError, display_fields, read_tags, title_from_filename
from engine.models import UNKNOWN_ALBUM, UNKNOWN_ARTIST
from tests.audio_files import FORMATS, make_audio_file


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_reads_all_tags(tmp_path: Path, fmt: str) -> None:
    path = make_audio_file(
        tmp_path / f"song.{fmt}",
        fmt,
        title="Blue Hour",
        artist="Ana Ñúñez",
        album="Night Drive",
        album_artist="Various",
        genre="Ambient",
        track_no=7,
        disc_no=2,
        year=2019,
        cover=True,
    )
    info = read_tags(str(path))
    assert (info.title, info.artist, info.album) == ("Blue Hour", "Ana Ñúñez", "Night Drive")
    assert info.album_artist == "Various"
    assert info.genre == "Ambient"
    assert (info.track_no, info.disc_no, info.year) == (7, 2, 2019)
    assert info.embedded_cover
    assert info.duration == pytest.approx(0.5, abs=0.1)


@pytest.mark.parametrize("fmt", FORMATS)
def test_untagged_file_falls_back(tmp_path: Path, fmt: str) -> None:
    path = make_audio_file(tmp_path / f"03 - The Long Way.{fmt}", fmt)
    info = read_tags(str(path))
    assert info.title == "" and info.artist == "" and not info.embedded_cover
    fields = display_fields(info, str(path))
    assert fields["title"] == "The Long Way"
    # …/Artist/Album/03 - The Long Way.ext, underscores read as spaces as in file names
    assert fields["artist"] == tmp_path.parent.name.replace("_", " ")
    assert fields["album"] == tmp_path.name.replace("_", " ")
    assert fields["track_no"] == 3


def test_untagged_file_takes_album_and_artist_from_its_folders(tmp_path: Path) -> None:
    folder = tmp_path / "Music" / "Ana_Núñez" / "Night Drive"
    path = make_audio_file(folder / "01 Intro.flac", "flac")
    fields = display_fields(read_tags(str(path)), str(path))
    assert (fields["artist"], fields["album"]) == ("Ana Núñez", "Night Drive")
    # A folder that only says where music lives is no album, and then no artist either.
    loose = make_audio_file(tmp_path / "Music" / "02 Loose.flac", "flac")
    fields = display_fields(read_tags(str(loose)), str(loose))
    assert (fields["artist"], fields["album"]) == (UNKNOWN_ARTIST, UNKNOWN_ALBUM)
    # A tagged album keeps its artist unknown rather than guessing one from a folder.
    tagged = make_audio_file(folder / "03 Tagged.flac", "flac", album="Real Album")
    fields = display_fields(read_tags(str(tagged)), str(tagged))
    assert (fields["artist"], fields["album"]) == (UNKNOWN_ARTIST, "Real Album")


def test_the_imported_folder_is_never_the_artist(tmp_path: Path) -> None:
    library = tmp_path / "clips"
    path = make_audio_file(library / "pingus" / "track1.ogg", "ogg")
    info = read_tags(str(path))
    # Imported from "clips", the folder above the album holds albums: it is no artist.
    fields = display_fields(info, str(path), str(library))
    assert (fields["artist"], fields["album"]) == (UNKNOWN_ARTIST, "pingus")
    # One level deeper the artist folder is inside what was imported, and names the artist.
    deep = make_audio_file(library / "Ana" / "Night Drive" / "01 Intro.ogg", "ogg")
    fields = display_fields(read_tags(str(deep)), str(deep), str(library))
    assert (fields["artist"], fields["album"]) == ("Ana", "Night Drive")
    # An album folder imported on its own is still the album.
    fields = display_fields(info, str(path), str(library / "pingus"))
    assert (fields["artist"], fields["album"]) == (UNKNOWN_ARTIST, "pingus")


def test_album_artist_stands_in_for_missing_artist(tmp_path: Path) -> None:
    path = make_audio_file(tmp_path / "a.flac", "flac", title="T", album_artist="The Band")
    assert display_fields(read_tags(str(path)), str(path))["artist"] == "The Band"


@pytest.mark.parametrize(
    ("name", "title", "number"),
    [
        ("01 Angus' Background Music.ogg", "Angus' Background Music", 1),
        ("12. Song.mp3", "Song", 12),
        ("01 - Song.mp3", "Song", 1),
        ("01_-_Song_name.mp3", "Song name", 1),
        ("03 \u2013 Dash.ogg", "Dash", 3),
        ("02) Paren.ogg", "Paren", 2),
        ("7-intro_theme.flac", "intro theme", 7),
        ("Track 04 - Named.mp3", "Named", 4),
        # A ripper's names for tracks it knows nothing of: "track1" was shown as is.
        ("track1.mp3", "Track 1", 1),
        ("Track01.flac", "Track 1", 1),
        ("TRACK_12.wav", "Track 12", 12),
        ("AudioTrack 05.wav", "Track 5", 5),
        ("01 - track01.mp3", "Track 1", 1),
        ("19 track29.ogg", "Track 29", 19),  # the corpus's Drascula rips
        ("track3_enhanced.opus", "Track 3 enhanced", 3),
        ("Tracking.mp3", "Tracking", None),  # a word, not "track" and a number
        ("track1000.mp3", "track1000", None),
        ("1999.mp3", "1999", None),
        ("42.mp3", "42", None),
        ("Plain title.wav", "Plain title", None),
        ("_.mp3", "_", None),
    ],
)
def test_title_from_filename(name: str, title: str, number: int | None) -> None:
    assert title_from_filename(f"/music/Artist/Album/{name}") == (title, number)


@pytest.mark.parametrize(
    ("name", "title", "number"),
    [
        # Not UTF-8 (Latin-1 from an old rip): the byte stays visible as U+FFFD, the rule holds.
        (b"03 - Caf\xe9.mp3", "Caf\ufffd", 3),
        (b"track\xff1.mp3", "track\ufffd1", None),
        (b"track7 \xe9.mp3", "Track 7 \ufffd", 7),
        (b"\xe9\xe9.mp3", "\ufffd\ufffd", None),
        (b"05_\x81.ogg", "\ufffd", 5),
    ],
)
def test_title_from_a_name_that_is_not_utf8(name: bytes, title: str, number: int | None) -> None:
    assert title_from_filename(os.fsdecode(b"/music/Artist/Album/" + name)) == (title, number)


def test_tag_text_is_one_line_of_plain_text(tmp_path: Path) -> None:
    path = make_audio_file(tmp_path / "x.ogg", "ogg", title="Line1\nLine2\x00\t  end", artist="A")
    assert read_tags(str(path)).title == "Line1 Line2 end"


def test_opus_stream_named_ogg_is_still_read(tmp_path: Path) -> None:
    opus = make_audio_file(tmp_path / "real.opus", "opus", title="Sneaky", artist="A")
    renamed = opus.rename(tmp_path / "sneaky.ogg")
    info = read_tags(str(renamed))
    assert info.kind == "OggOpus" and info.title == "Sneaky"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty file"),
        (b"just some text, not audio\n" * 50, "not an audio file"),
        # An ID3v2.2 header promising more tag than the file holds: mutagen's error has no
        # message, and the reason used to read "(mp3: )".
        (b"ID3\x02\x00\x00A\x1e~s" + bytes(range(256)) * 4, "(mp3: the file ends inside its tags"),
    ],
)
def test_not_audio_raises_one_line_reason(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "bad.mp3"
    path.write_bytes(content)
    with pytest.raises(TagReadError) as err:
        read_tags(str(path))
    assert reason in str(err.value)
    assert "\n" not in str(err.value)
