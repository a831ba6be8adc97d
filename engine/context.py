"""The one place that wires the engine for a mode: embedded default or server mode.

``desktop``, ``backend`` and the CLI all call :func:`build_context`; nothing else decides which
store, event bus or compute engine is in use.
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.config import Config, load_config
from engine.stores import Store, open_store


@dataclass
class Context:
    config: Config
    store: Store

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Context:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def build_context(config: Config | None = None) -> Context:
    config = config or load_config()
    config.ensure_dirs()
    return Context(config=config, store=open_store(config))
