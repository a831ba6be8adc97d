"""The playback engine: decoding, output, queue and the player state machine (no Qt here)."""

from engine.playback.output import NullOutput, Output, OutputError, SoundDeviceOutput, open_output
from engine.playback.player import Player
from engine.playback.queue import PlayQueue

__all__ = [
    "NullOutput",
    "Output",
    "OutputError",
    "PlayQueue",
    "Player",
    "SoundDeviceOutput",
    "open_output",
]
