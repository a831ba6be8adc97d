"""The saved queue file is outside data: it reads back exactly, or is refused in one line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.models.saved_queue import QueueFileError, SavedQueue, read_queue, write_queue


def test_round_trip(tmp_path: Path) -> None:
    queue = SavedQueue(("a", "b", "ç"), 1, 12.5, "Mix “x”", True, "one", radio_seed="b")
    write_queue(tmp_path / "q.json", queue)
    assert read_queue(tmp_path / "q.json") == queue
    assert read_queue(tmp_path / "missing.json") is None


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("{not json", "line 1: not JSON"),
        ("[1, 2]", "not a JSON object"),
        ('{"version": 9}', "field 'version' is 9"),
        ('{"track_ids": "abc"}', "field 'track_ids' is not a valid list"),
        ('{"track_ids": ["a", 3]}', "field 'track_ids' holds something that is not an id"),
        ('{"track_ids": ["a"], "index": true}', "field 'index' is not a valid whole number"),
        ('{"track_ids": ["a"], "index": 1}', "field 'index' 1 is outside a queue of 1"),
        ('{"track_ids": ["a"], "index": 0, "position": NaN}', "not a time in seconds"),
        ('{"track_ids": ["a"], "index": 0, "position": -1}', "not a time in seconds"),
        ('{"track_ids": [], "repeat": "sometimes"}', "field 'repeat' must be one of"),
        ('{"track_ids": [], "shuffle": 1}', "field 'shuffle' is not a valid true/false"),
        ('{"track_ids": [], "radio_seed": 4}', "field 'radio_seed' is not a valid text"),
    ],
)
def test_an_unusable_file_is_refused_in_one_line_naming_file_and_field(
    tmp_path: Path, text: str, reason: str
) -> None:
    path = tmp_path / "queue.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(QueueFileError) as refused:
        read_queue(path)
    message = str(refused.value)
    assert message.startswith(str(path)) and reason in message
    assert "\n" not in message


def test_bytes_that_are_not_utf8_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "queue.json"
    path.write_bytes(b'{"track_ids": ["\xff"]}')
    with pytest.raises(QueueFileError, match="cannot read"):
        read_queue(path)


def test_writing_replaces_the_file_whole(tmp_path: Path) -> None:
    path = tmp_path / "queue.json"
    write_queue(path, SavedQueue(tuple(f"t{i}" for i in range(1000)), 5))
    write_queue(path, SavedQueue(("x",), 0))
    assert json.loads(path.read_text(encoding="utf-8"))["track_ids"] == ["x"]
    assert [p.name for p in tmp_path.iterdir()] == ["queue.json"]  # no temp file left
