"""--metadata CSV: the FMA tracks.csv layout and a simple path CSV fill empty tags only."""

from __future__ import annotations

import os
import pwd
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from engine.library.importer import import_library
from engine.library.metadata_csv import MetadataError, load_metadata
from engine.stores.sqlite import SQLiteStore
from tests.audio_files import make_audio_file

FMA_HEADER = (
    ",album,album,artist,track,track,track\n"
    ",title,tracks,name,genre_top,title,number\n"
    "track_id,,,,,,\n"
)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SQLiteStore]:
    s = SQLiteStore(tmp_path / "lib.sqlite3")
    yield s
    s.close()


def test_fma_layout_fills_only_empty_tags(store: SQLiteStore, tmp_path: Path) -> None:
    root = tmp_path / "fma_small"
    make_audio_file(root / "000" / "000002.mp3", "mp3")  # no tags at all
    make_audio_file(root / "000" / "000005.mp3", "mp3", title="Tagged title", tone=550.0)
    make_audio_file(root / "001" / "001234.mp3", "mp3", tone=660.0)  # not in the CSV
    csv_path = tmp_path / "tracks.csv"
    csv_path.write_text(
        FMA_HEADER
        + "2,AWOL - A Way Of Life,7,AWOL,Hip-Hop,Food,3\n"
        + '5,"Album, with comma",7,"Multi\nline artist",Pop,CSV title,1\n',
        encoding="utf-8",
    )
    metadata = load_metadata(str(csv_path), str(root))
    assert len(metadata) == 2
    summary = import_library(store, str(root), metadata=metadata)
    assert summary.added == 3
    by_name = {Path(t.path).name: t for t in store.iter_tracks()}
    food = by_name["000002.mp3"]
    assert (food.title, food.artist, food.album, food.genre) == (
        "Food",
        "AWOL",
        "AWOL - A Way Of Life",
        "Hip-Hop",
    )
    tagged = by_name["000005.mp3"]
    assert tagged.title == "Tagged title"  # the tag wins
    assert (tagged.artist, tagged.album) == ("Multi line artist", "Album, with comma")
    assert by_name["001234.mp3"].title == "001234"


def test_fma_two_header_rows_without_index_row(tmp_path: Path) -> None:
    csv_path = tmp_path / "tracks.csv"
    csv_path.write_text("track_id,artist,track\n,name,title\n10,Someone,Song\n", encoding="utf-8")
    # First header row starts with the index name: the level-1 row names the columns.
    metadata = load_metadata(str(csv_path), str(tmp_path))
    assert metadata.lookup("/x/fma_full/000/000010.mp3") == {"artist": "Someone", "title": "Song"}
    assert metadata.lookup("/x/fma_full/001/000010.mp3") is None


def test_metadata_applies_to_already_imported_files(store: SQLiteStore, tmp_path: Path) -> None:
    root = tmp_path / "lib"
    make_audio_file(root / "a" / "song.ogg", "ogg", title="Song")
    import_library(store, str(root))
    assert next(store.iter_tracks()).genre == ""
    csv_path = tmp_path / "meta.csv"
    csv_path.write_text("path,genre,artist,title\na/song.ogg,Jazz,The Trio,Ignored\n")
    summary = import_library(store, str(root), metadata=load_metadata(str(csv_path), str(root)))
    assert summary.updated == 1
    track = next(store.iter_tracks())
    assert (track.title, track.artist, track.genre) == ("Song", "The Trio", "Jazz")
    # Same CSV again: nothing to change.
    again = import_library(store, str(root), metadata=load_metadata(str(csv_path), str(root)))
    assert (again.updated, again.unchanged) == (0, 1)


def test_simple_csv_absolute_path(tmp_path: Path) -> None:
    target = tmp_path / "x.flac"
    csv_path = tmp_path / "meta.csv"
    csv_path.write_text(f"Title,PATH,Album\nT,{target},Alb\n", encoding="utf-8")
    metadata = load_metadata(str(csv_path), "/somewhere/else")
    assert metadata.lookup(str(target)) == {"title": "T", "album": "Alb"}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"path,title\nok.mp3,A\n,B\n", "line 3: empty 'path'"),
        (FMA_HEADER.encode() + b"12,a,b,c,d,e,f\nabc,a,b,c,d,e,f\n", "line 5: track_id 'abc'"),
        (b"foo,bar\nbaz,qux\n", "none of the FMA columns"),
        (b"only one header row\n", "not the FMA tracks.csv layout"),
        (b"path,title\n\xff\xfe\x00bad,A\n", "not UTF-8"),
        # An unterminated quote used to swallow the rest of the file into one cell (rc 0).
        (b'path,title\na.mp3,A\n"b.mp3,B\nc.mp3,C\n', "line 3: a quoted field opens here"),
        (b'path,title\n"a.mp3"x,A\n', "line 2: "),
    ],
)
def test_bad_csv_is_one_line_naming_file(tmp_path: Path, content: bytes, message: str) -> None:
    csv_path = tmp_path / "bad.csv"
    csv_path.write_bytes(content)
    with pytest.raises(MetadataError) as err:
        load_metadata(str(csv_path), str(tmp_path))
    text = str(err.value)
    assert message in text and str(csv_path) in text and "\n" not in text


@pytest.mark.parametrize(("path", "reason"), [("/dev/zero", "not a regular file (a device")])
def test_a_device_is_refused_not_read_forever(tmp_path: Path, path: str, reason: str) -> None:
    with pytest.raises(MetadataError) as err:
        load_metadata(path, str(tmp_path))
    assert str(err.value) == f"{path}: {reason}, pipe or socket)"


def test_a_folder_or_unreadable_file_says_so(tmp_path: Path) -> None:
    with pytest.raises(MetadataError, match=r": not a regular file \(a folder\)$"):
        load_metadata(str(tmp_path), str(tmp_path))
    # Root reads a mode-0 file anyway (CI runs as root): the read then happens in a child
    # running as "nobody", in a folder it may enter, so the refusal is the real one.
    shared = Path(tempfile.mkdtemp(prefix="encore-locked-"))
    try:
        shared.chmod(0o755)
        locked = shared / "locked.csv"
        locked.write_text("path,title\n")
        locked.chmod(0)
        assert _load_error(locked) == f"{locked}: cannot read (Permission denied)"
    finally:
        shutil.rmtree(shared)


def _load_error(path: Path) -> str:
    """The MetadataError that loading ``path`` gives, as an unprivileged user."""
    if os.geteuid() != 0:
        with pytest.raises(MetadataError) as err:
            load_metadata(str(path), str(path.parent))
        return str(err.value)
    # A forked child drops to "nobody" and reports through a pipe (no exec: the interpreter
    # may live where nobody cannot read it).
    nobody = pwd.getpwnam("nobody")
    read_end, write_end = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child
        os.close(read_end)
        message = "no error"
        try:
            os.setgroups([])
            os.setgid(nobody.pw_gid)
            os.setuid(nobody.pw_uid)
            load_metadata(str(path), str(path.parent))
        except MetadataError as err:
            message = str(err)
        except BaseException as err:  # reported to the parent, whose assert then fails
            message = f"unexpected {type(err).__name__}: {err}"
        os.write(write_end, message.encode())
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        message = pipe.read().decode()
    os.waitpid(child, 0)
    return message


def test_cli_names_the_real_reason_for_dev_zero(tmp_path: Path, capsys) -> None:
    from engine.cli import main

    make_audio_file(tmp_path / "music" / "a.ogg", "ogg")
    assert main(["import", str(tmp_path / "music"), "--metadata", "/dev/zero"]) == 1
    err = capsys.readouterr().err
    assert "/dev/zero: not a regular file" in err and "no such file" not in err
