"""Shared argument types: `--workers` refuses what is not a whole number >= 1, in each command."""

from __future__ import annotations

import argparse

import pytest

from engine.cli import build_parser
from engine.commands.arguments import positive_int


def test_positive_int_accepts_one_and_more() -> None:
    assert positive_int("1") == 1
    assert positive_int("16") == 16


@pytest.mark.parametrize(
    ("text", "message"), [("0", "at least 1"), ("-3", "at least 1"), ("two", "not a number: 'two'")]
)
def test_positive_int_refuses(text: str, message: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError, match=message):
        positive_int(text)


@pytest.mark.parametrize("command", [["import", "/music"], ["analyze"]])
def test_workers_option_of_each_command(
    command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    parser = build_parser()
    assert parser.parse_args([*command, "--workers", "3"]).workers == 3
    with pytest.raises(SystemExit) as exit_info:
        parser.parse_args([*command, "--workers", "0"])
    assert exit_info.value.code == 2
    assert "--workers: must be at least 1" in capsys.readouterr().err
