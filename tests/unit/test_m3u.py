"""M3U/M3U8 reading and writing: every input parses or is one M3UError."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from engine.errors import PlaylistError
from engine.library.m3u import (
    M3UError,
    M3UItem,
    format_m3u,
    parse_m3u,
    read_m3u,
    write_m3u,
)

BASE = "/music/lists"


def test_extended_m3u_with_relative_absolute_and_url_locations() -> None:
    text = (
        "\ufeff#EXTM3U\r\n"
        "#EXTINF:215,Artïst - Sông 曲\r\n"
        "../albums/a.flac\r\n"
        "# a comment\n"
        "\n"
        "#EXTINF:-1,\n"
        "/abs/b.ogg\n"
        "file:///abs/with%20space/c%C3%A9.mp3\n"
        "http://radio.example/stream\n"
        "file://otherhost/share/d.mp3\n"
        "C:\\Music\\e.mp3\n"
        "#EXTINF:nan,Odd\n"
        "  ./f.opus  \n"
    )
    parsed = parse_m3u(text.encode("utf-8"), base_dir=BASE, source="list.m3u8")
    assert parsed.extended
    assert [(e.line, e.path) for e in parsed.entries] == [
        (3, "/music/albums/a.flac"),
        (7, "/abs/b.ogg"),
        (8, "/abs/with space/cé.mp3"),
        (13, "/music/lists/f.opus"),
    ]
    first, second, _, last = parsed.entries
    assert (first.duration, first.title) == (215.0, "Artïst - Sông 曲")
    assert (second.duration, second.title) == (None, None)  # -1: unknown
    assert parsed.entries[2].title is None  # #EXTINF applies to the next location only
    assert (last.duration, last.title) == (None, "Odd")  # NaN is no duration
    problems = [p.text("list.m3u8") for p in parsed.problems]
    assert problems == [
        "list.m3u8:9: http://radio.example/stream: a stream URL, not a file",
        "list.m3u8:10: file://otherhost/share/d.mp3: a file on another computer (otherhost)",
        "list.m3u8:11: C:\\Music\\e.mp3: a Windows path",
    ]


def test_plain_m3u_with_latin1_names_finds_the_same_bytes() -> None:
    parsed = parse_m3u(b"caf\xe9/\xe9t\xe9.mp3\n", base_dir=BASE)
    assert not parsed.extended
    (entry,) = parsed.entries
    assert os.fsencode(entry.path) == b"/music/lists/caf\xe9/\xe9t\xe9.mp3"


@pytest.mark.parametrize(
    ("data", "reason"),
    [(b"ID3\x03\x00\x00binary", "binary data"), (b"#" * (16 * 2**20 + 1), "larger than")],
)
def test_a_file_that_is_no_playlist_is_one_m3u_error(data: bytes, reason: str) -> None:
    with pytest.raises(M3UError, match=reason) as caught:
        parse_m3u(data, base_dir=BASE, source="x.m3u")
    assert str(caught.value).startswith("x.m3u: ")
    assert isinstance(caught.value, PlaylistError)


def test_an_unreadable_file_is_one_m3u_error(tmp_path: Path) -> None:
    with pytest.raises(M3UError, match="cannot read"):
        read_m3u(tmp_path / "absent.m3u")
    with pytest.raises(M3UError, match="cannot read"):
        read_m3u(tmp_path)  # a folder


_LINES = st.lists(
    st.one_of(
        st.binary(max_size=40),
        st.text(max_size=40).map(lambda t: t.encode("utf-8", "surrogatepass")),
        st.sampled_from(
            [
                b"#EXTM3U",
                b"#EXTINF:",
                b"#EXTINF:1e400,x",
                b"#EXTINF:-0,",
                b"file://",
                b"file:",
                b"file:///%00",
                b"file://h",
                b"\xef\xbb\xbf",
                b"http://",
                b"\r",
                b"C:\\",
                b".",
            ]
        ),
    ),
    max_size=30,
)


@settings(max_examples=400, deadline=None)
@given(_LINES, st.sampled_from([b"\n", b"\r\n", b"\r", b""]))
@example([b"file:///", b"\x80"], b"")
def test_any_bytes_parse_or_raise_only_m3u_error(lines: list[bytes], sep: bytes) -> None:
    data = sep.join(lines)
    try:
        parsed = parse_m3u(data, base_dir=BASE, source="fuzz.m3u")
    except M3UError as exc:
        assert "\n" not in str(exc) and str(exc).startswith("fuzz.m3u: ")
        return
    for entry in parsed.entries:
        assert os.path.isabs(entry.path) and "\x00" not in entry.path
        assert entry.duration is None or (0 <= entry.duration < float("inf"))
        assert entry.title is None or entry.title.encode("utf-8")  # never surrogates
    for problem in parsed.problems:
        line = problem.text("fuzz.m3u")
        assert "\n" not in line and "\r" not in line
        line.encode("utf-8")


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.text(
                alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
                min_size=1,
                max_size=20,
            ),
            st.text(max_size=10),
            st.floats(allow_nan=True, allow_infinity=True),
        ),
        max_size=10,
    )
)
def test_what_is_written_reads_back(items: list[tuple[str, str, float]]) -> None:
    tracks = [M3UItem(f"/music/{name}", artist, "t", d) for name, artist, d in items]
    data, skipped = format_m3u(tracks)
    parsed = parse_m3u(data, base_dir=BASE)
    writable = [t for t in tracks if "\n" not in t.path and "\r" not in t.path]
    assert len(skipped) == len(tracks) - len(writable)
    assert parsed.extended and not parsed.problems
    # Surrounding blanks of a location do not survive (readers strip lines).
    assert [e.path for e in parsed.entries] == [
        os.path.normpath(os.path.join(BASE, t.path.strip())) for t in writable
    ]


def test_written_file_is_utf8_with_extinf_and_relative_paths(tmp_path: Path) -> None:
    items = [
        M3UItem(str(tmp_path / "a" / "Sông.flac"), "Ärtist", "Line\nbreak", 215.4),
        M3UItem(os.fsdecode(os.fsencode(str(tmp_path)) + b"/caf\xe9.mp3"), "", "", 0.0),
        M3UItem(str(tmp_path / "#hash.ogg"), "A", "B", 1.0),
    ]
    data, skipped = format_m3u(items, relative_to=str(tmp_path))
    assert skipped == []
    assert data.split(b"\n") == [
        b"#EXTM3U",
        "#EXTINF:215,Ärtist - Line break".encode(),
        "a/Sông.flac".encode(),
        b"#EXTINF:-1,",
        b"caf\xe9.mp3",  # the file's own bytes
        b"#EXTINF:1,A - B",
        b"./#hash.ogg",  # not a comment
        b"",
    ]
    target = tmp_path / "out.m3u8"
    write_m3u(target, data)
    parsed = read_m3u(target)
    assert [e.path for e in parsed.entries] == [i.path for i in items]
    with pytest.raises(M3UError, match="cannot write"):
        write_m3u(tmp_path / "no" / "such" / "dir.m3u", data)


def test_a_file_url_with_a_raw_non_utf8_byte_names_that_byte() -> None:
    parsed = parse_m3u(b"file:///music/caf\xe9.ogg\n", base_dir=BASE, source="raw.m3u")
    assert [e.path for e in parsed.entries] == [os.fsdecode(b"/music/caf\xe9.ogg")]
