"""The English words of every :data:`engine.phrases.CODES` code: what the CLI prints, what
``--json`` gives as ``reason``, and what mix names are told apart by.

The window words the same codes through ``tr()`` (``desktop/phrase_text.py``); a test checks
that both formatters know every code.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from engine.phrases import MIX_WORDS, Phrase

PITCHES = ("C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B")
# Between a mix's genre and its words ("Jazz · Calm").
SEPARATOR = " · "


def key_name(key: int) -> str:
    """``"C major"`` … ``"B minor"`` for a key index (0-11 major, 12-23 minor)."""
    return f"{PITCHES[key % 12]} {'major' if key < 12 else 'minor'}"


def relative_minor(key: int) -> int:
    """The minor key sharing the key signature of the major key ``key`` (0-11)."""
    return (key + 9) % 12 + 12


def english(p: Phrase) -> str:
    """``p`` in English; ``""`` for no reason."""
    return _WORDS[p.code](p)


def _level(word: str) -> Callable[[Phrase], str]:
    def say(p: Phrase) -> str:
        lufs = p.value("lufs")
        return word if lufs is None else f"{word} (around {lufs} LUFS)"

    return say


def _and(parts: list[str]) -> str:
    return " and ".join(parts)


def mix_name(p: Phrase, word: Callable[[Phrase], str]) -> str:
    """A mix's name: its genre, its words (each worded by ``word``), then its number if any —
    the one layout of a mix name, in English here and in the window's language there."""
    genre = p.text("genre")
    name = SEPARATOR.join(([genre] if genre else []) + [word(w) for w in p.parts])
    number = p.value("number")
    return name if number is None else f"{name} {number}"


def _mix(p: Phrase) -> str:
    return mix_name(p, english)


def _your_mix(p: Phrase) -> str:
    artist = p.text("artist")
    number = p.number("number")
    return f"Your mix {number}: {artist}" if artist else f"Your mix {number}"


_WORDS: Mapping[str, Callable[[Phrase], str]] = {
    "none": lambda p: "",
    "stored": lambda p: p.text("text"),
    "closest_overall": lambda p: "closest overall sound",
    "both": lambda p: "both " + _and([english(t) for t in p.parts]),
    "similar": lambda p: "similar " + _and([english(g) for g in p.parts]),
    "shared_bpm": lambda p: f"around {p.number('bpm')} BPM",
    "same_key": lambda p: f"in {key_name(p.number('key'))}",
    "same_key_area": lambda p: (
        f"in {key_name(p.number('key'))} / {key_name(relative_minor(p.number('key')))}"
    ),
    "bright": lambda p: "bright",
    "dark": lambda p: "dark-toned",
    "noisy": lambda p: "noise-like",
    "percussive": lambda p: "percussive",
    "loud": _level("loud"),
    "loud_compressed": _level("loud, compressed"),
    "quiet": _level("quiet"),
    "quiet_wide": _level("quiet, wide dynamics"),
    "same_level": lambda p: f"around {p.number('lufs')} LUFS",
    "timbre": lambda p: "timbre",
    "harmony": lambda p: "harmony",
    "rhythm": lambda p: "rhythm",
    "loudness": lambda p: "loudness",
    "played_together": lambda p: "you often play these together",
    "played_together_once": lambda p: "you played these together once",
    "close_to_heard": lambda p: f"close to {p.text('title')}, a song you played",
    "close_to_taste": lambda p: "close to your taste",
    "near_heard": lambda p: "close to songs you played",
    "listeners_like_you": lambda p: "listeners with your taste play this",
    "close_to_loved": lambda p: f"close to {p.text('title')}, a song you love",
    "close_to_played": lambda p: f"close to {p.text('title')}, a song you play often",
    "near_loved": lambda p: "close to songs you love",
    "near_played": lambda p: "close to songs you play often",
    "because_liked": lambda p: f"Because you liked {p.text('title')}",
    "because_played": lambda p: f"Because you played {p.text('title')}",
    "mix": _mix,
    "your_mix": _your_mix,
    **{f"word_{w}": (lambda word: lambda p: word)(w.capitalize()) for w in MIX_WORDS},
}
