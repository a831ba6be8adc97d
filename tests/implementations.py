"""Parametrising one behaviour suite over every implementation of a Protocol."""

from __future__ import annotations

from collections.abc import Iterable

import pytest


def implementation_params(names: Iterable[str], *, need_servers: frozenset[str]) -> list:
    """``pytest.param`` per implementation, sorted; those that start a real server carry the
    ``servers`` marker so ``-m 'not servers'`` still runs the embedded ones."""
    return [
        pytest.param(name, marks=[pytest.mark.servers] if name in need_servers else [])
        for name in sorted(names)
    ]
