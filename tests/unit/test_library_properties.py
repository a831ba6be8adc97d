"""Property tests for the library's decoders of outside data (issue 9): metadata CSV files in
both layouts, and tag values (from real files written by mutagen, and the normalisation every
tag goes through). Whatever the input, the result is a valid value — one line of plain text
that a database can store, numbers in range — or one :class:`MetadataError` /
:class:`TagReadError` line naming the file; never another exception.
"""

from __future__ import annotations

import csv
import io
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mutagen.id3 import ID3, TALB, TDRC, TIT2, TPE1, TRCK
from mutagen.oggvorbis import OggVorbis

from engine.library.importer import read_file
from engine.library.metadata_csv import FIELDS, MetadataError, load_metadata
from engine.library.tags import (
    TagInfo,
    TagReadError,
    _join,
    _number,
    _year,
    clean_text,
    display_fields,
    read_tags,
    title_from_filename,
)
from tests.audio_files import template

BOUNDED = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
FILES = settings(max_examples=40, deadline=None)  # each example writes a real audio file
TRIED = {"csv files": 0, "csv lines": 0, "tag sets": 0, "tag values": 0}
FMA_HEADER = (
    ",album,album,artist,track,track,track\n"
    ",title,tracks,name,genre_top,title,number\n"
    "track_id,,,,,,\n"
)
_NOT_ONE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


@pytest.fixture(scope="module", autouse=True)
def figures() -> Iterator[None]:
    yield
    print("\nlibrary properties: " + ", ".join(f"{k} {v}" for k, v in TRIED.items()))


def assert_plain(text: object) -> None:
    """One line of plain text, storable as UTF-8 by either database."""
    assert isinstance(text, str)
    assert not _NOT_ONE_LINE.search(text), repr(text)
    assert text == text.strip()
    text.encode("utf-8")


def assert_one_line_error(error: Exception, source: str) -> None:
    message = str(error)
    assert message and "\n" not in message and source in message


# --- strategies -----------------------------------------------------------------------------
cells = st.text(max_size=20) | st.sampled_from(['"', '""', ",", "\r\n", "\x00", "\ufeff", " "])
rows = st.lists(st.lists(cells, max_size=7), max_size=8)
digits = st.integers(min_value=-5, max_value=10**7).map(str) | st.just("9" * 5000)


def _csv_text(header: str, body: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out).writerows(body)
    return header + out.getvalue()


def _load(content: bytes) -> None:
    """Load ``content`` as a metadata CSV and check the outcome; counts what was tried."""
    TRIED["csv files"] += 1
    TRIED["csv lines"] += content.count(b"\n") + 1
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "meta.csv")
        with open(path, "wb") as fh:
            fh.write(content)
        try:
            index = load_metadata(path, folder)
        except MetadataError as exc:
            assert_one_line_error(exc, path)
            return
    for values in (*index.by_path.values(), *index.by_fma_id.values()):
        assert values and set(values) <= set(FIELDS)
        for text in values.values():
            assert_plain(text)
            assert text
    for key in index.by_path:
        assert os.path.isabs(key)


# --- metadata CSV ---------------------------------------------------------------------------
@BOUNDED
@given(body=rows, columns=st.permutations(["path", "title", "artist", "album", "genre", "x"]))
def test_simple_layout_rows_parse_or_are_refused_in_one_line(body, columns) -> None:
    _load(_csv_text(",".join(columns) + "\n", body).encode("utf-8"))


@BOUNDED
@given(ids=st.lists(digits | cells, max_size=6), body=rows)
def test_fma_layout_rows_parse_or_are_refused_in_one_line(ids, body) -> None:
    lines = [[track_id, *row] for track_id, row in zip(ids, body, strict=False)]
    _load(_csv_text(FMA_HEADER, lines).encode("utf-8"))


@BOUNDED
@given(
    header=st.sampled_from(["path,title\n", FMA_HEADER, ""]),
    raw=st.binary(max_size=300) | st.text(max_size=300).map(lambda t: t.encode("utf-8", "replace")),
)
def test_any_bytes_after_a_header_parse_or_are_refused_in_one_line(header, raw) -> None:
    _load(header.encode() + raw)


# --- tag values -----------------------------------------------------------------------------
values = st.recursive(
    st.none()
    | st.text(max_size=30)
    | st.binary(max_size=30)
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.just("1" * 5000),
    lambda inner: st.lists(inner, max_size=3) | st.tuples(inner, inner),
    max_leaves=6,
)


@BOUNDED
@given(value=values)
def test_tag_normalisation_always_gives_valid_values(value) -> None:
    TRIED["tag values"] += 1
    assert_plain(clean_text(value))
    assert_plain(_join(value))
    number = _number(value)
    assert number is None or 0 < number < 10000
    year = _year(value)
    assert year is None or 1000 <= year <= 2999


@BOUNDED
@given(name=st.binary(min_size=1, max_size=40).filter(lambda b: b"/" not in b and b"\0" not in b))
def test_any_file_name_gives_a_title(name: bytes) -> None:
    title, number = title_from_filename(os.fsdecode(b"/music/" + name))
    assert_plain(title)
    assert title and (number is None or 0 <= number < 1000)
    fields = display_fields(TagInfo(duration=1.0), os.fsdecode(b"/music/" + name))
    for key in ("title", "artist", "album"):
        assert_plain(fields[key])
        assert fields[key]


tag_texts = st.text(max_size=40)


@FILES
@given(title=tag_texts, artist=tag_texts, album=tag_texts, track=tag_texts, year=tag_texts)
def test_tags_read_from_real_files_are_valid(title, artist, album, track, year) -> None:
    TRIED["tag sets"] += 1
    with tempfile.TemporaryDirectory() as folder:
        for fmt in ("ogg", "mp3"):
            path = Path(folder) / f"song.{fmt}"
            path.write_bytes(template(fmt).read_bytes())
            if fmt == "ogg":
                ogg = OggVorbis(path)
                for key, text in (("title", title), ("artist", artist), ("album", album)):
                    ogg[key] = [text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")]
                ogg["tracknumber"] = [track.encode("utf-8", "replace").decode("utf-8")]
                ogg["date"] = [year.encode("utf-8", "replace").decode("utf-8")]
                ogg.save()
            else:
                tags = ID3()
                # UTF-16 (encoding 1): the encoding in which a broken tag holds lone surrogates.
                for frame, text in ((TIT2, title), (TPE1, artist), (TALB, album)):
                    tags.add(frame(encoding=1, text=[text]))
                tags.add(TRCK(encoding=3, text=[track]))
                tags.add(TDRC(encoding=3, text=[year]))
                try:
                    tags.save(path)
                except (UnicodeEncodeError, ValueError):
                    continue  # mutagen cannot write it: no such file can exist
            try:
                info = read_tags(str(path))
            except TagReadError as exc:
                assert_one_line_error(exc, "")
                continue
            for text in (info.title, info.artist, info.album, info.genre):
                assert_plain(text)
            assert info.track_no is None or 0 < info.track_no < 10000
            assert info.year is None or 1000 <= info.year <= 2999
            assert info.duration > 0


@BOUNDED
@given(
    raw=st.binary(max_size=400)
    | st.builds(lambda b: b"ID3\x03\x00\x00" + b, st.binary(max_size=400)),
    ext=st.sampled_from([".mp3", ".ogg", ".flac", ".m4a", ".wav", ".opus", ".aiff"]),
)
def test_any_bytes_read_as_tags_or_give_a_reason(raw: bytes, ext: str) -> None:
    TRIED["tag sets"] += 1
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "x" + ext)
        with open(path, "wb") as fh:
            fh.write(raw)
        _, info, key_or_reason = read_file(path)
    assert_plain(key_or_reason)
    assert key_or_reason
    if info is not None:
        for text in (info.title, info.artist, info.album, info.genre):
            assert_plain(text)
