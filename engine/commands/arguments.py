"""Argument types shared by the subcommands, so a bad value reads the same everywhere."""

from __future__ import annotations

import argparse


def positive_int(text: str) -> int:
    """``type=`` for argparse: a whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value
