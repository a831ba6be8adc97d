"""One exception family for the engine, so the CLI and the desktop can report them in one line."""


class EncoreError(Exception):
    """Base class: the message is shown to the user as-is, on one line."""


class ConfigError(EncoreError):
    """A setting (file key or environment variable) has an invalid value."""


class StoreError(EncoreError):
    """The store cannot be opened or reached (e.g. MongoDB unreachable)."""


class ParameterError(EncoreError, ValueError):
    """A numerical routine was called with bad parameters (librosa's habit)."""


class DecodeError(EncoreError):
    """An audio file cannot be decoded."""


class MissingExtraError(EncoreError):
    """An optional client library is not installed."""

    def __init__(self, module: str, purpose: str) -> None:
        super().__init__(
            f"{purpose} needs the Python package '{module}', which is not installed "
            f"(pip install '{module}')"
        )


class PlaylistError(EncoreError):
    """A playlist operation cannot be done (no such playlist, name taken or unusable), or a
    playlist file cannot be read at all."""
