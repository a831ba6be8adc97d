"""The playback engine: decoding, output, queue and the player state machine (no Qt here)."""

from desktop.player.output import NullOutput, Output, OutputError, SoundDeviceOutput, open_output
from desktop.player.player import Player
from desktop.player.queue import PlayQueue

__all__ = [
    "NullOutput",
    "Output",
    "OutputError",
    "PlayQueue",
    "Player",
    "SoundDeviceOutput",
    "open_output",
]
