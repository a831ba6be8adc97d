"""What commands print about files: never a crash on odd names, never an endless list."""

from __future__ import annotations

import os

import pytest

from engine.commands.output import MAX_LISTED, list_failures, printable


def test_a_non_utf8_file_name_prints_with_a_replacement_character() -> None:
    name = os.fsdecode(b"/music/caf\xe9.ogg")  # Latin-1 byte: a surrogate escape in str
    shown = printable(f"{name}: not audio")
    assert shown == "/music/caf\ufffd.ogg: not audio"
    shown.encode("utf-8")  # what the terminal receives encodes cleanly


def test_failures_are_listed_up_to_the_cap_then_counted(
    capsys: pytest.CaptureFixture[str],
) -> None:
    list_failures([f"/music/{i}.ogg: truncated" for i in range(MAX_LISTED + 3)], "import failed")
    err = capsys.readouterr().err.splitlines()
    assert err[0] == "import failed: /music/0.ogg: truncated"
    assert len(err) == MAX_LISTED + 1
    assert err[-1] == "... and 3 more (see `encore status`)"
