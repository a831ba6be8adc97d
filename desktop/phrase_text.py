"""Reasons and mix names in the listener's language: every :data:`engine.phrases.CODES` code
worded through ``tr()``, the window's one formatter for them (the CLI's is
:mod:`engine.phrase_english`; a test checks both know every code).

Values that come from tags (a title, an artist, a genre) are put in as they are, as plain text:
the widgets that show these strings never read them as rich text. A reason stored as English
before codes existed is shown as stored.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from desktop.i18n import translate
from engine.phrase_english import mix_name, relative_minor
from engine.phrases import Phrase


def shown(p: Phrase) -> str:
    """``p`` in the installed language; ``""`` for no reason."""
    return _SHOWN[p.code](p)


def _pitch(key: int) -> str:
    return (
        translate("Phrases", "C"),
        translate("Phrases", "C#"),
        translate("Phrases", "D"),
        translate("Phrases", "Eb"),
        translate("Phrases", "E"),
        translate("Phrases", "F"),
        translate("Phrases", "F#"),
        translate("Phrases", "G"),
        translate("Phrases", "Ab"),
        translate("Phrases", "A"),
        translate("Phrases", "Bb"),
        translate("Phrases", "B"),
    )[key % 12]


def _key(key: int) -> str:
    if key < 12:
        return translate("Phrases", "{pitch} major").format(pitch=_pitch(key))
    return translate("Phrases", "{pitch} minor").format(pitch=_pitch(key))


def _both(p: Phrase) -> str:
    parts = [shown(t) for t in p.parts]
    if len(parts) == 1:
        return translate("Phrases", "both {trait}").format(trait=parts[0])
    return translate("Phrases", "both {trait} and {other}").format(trait=parts[0], other=parts[1])


def _similar(p: Phrase) -> str:
    parts = [shown(g) for g in p.parts]
    if len(parts) == 1:
        return translate("Phrases", "similar {group}").format(group=parts[0])
    return translate("Phrases", "similar {group} and {other}").format(
        group=parts[0], other=parts[1]
    )


def _level(word: Callable[[], str]) -> Callable[[Phrase], str]:
    def say(p: Phrase) -> str:
        lufs = p.value("lufs")
        if lufs is None:
            return word()
        return translate("Phrases", "{trait} (around {lufs} LUFS)").format(trait=word(), lufs=lufs)

    return say


def _mix(p: Phrase) -> str:
    return mix_name(p, shown)


def _your_mix(p: Phrase) -> str:
    artist = p.text("artist")
    if artist:
        return translate("Phrases", "Your mix {number}: {artist}").format(
            number=p.number("number"), artist=artist
        )
    return translate("Phrases", "Your mix {number}").format(number=p.number("number"))


_SHOWN: Mapping[str, Callable[[Phrase], str]] = {
    "none": lambda p: "",
    "stored": lambda p: p.text("text"),
    "closest_overall": lambda p: translate("Phrases", "closest overall sound"),
    "both": _both,
    "similar": _similar,
    "shared_bpm": lambda p: translate("Phrases", "around {bpm} BPM").format(bpm=p.number("bpm")),
    "same_key": lambda p: translate("Phrases", "in {key}").format(key=_key(p.number("key"))),
    "same_key_area": lambda p: translate("Phrases", "in {key} / {minor}").format(
        key=_key(p.number("key")), minor=_key(relative_minor(p.number("key")))
    ),
    "bright": lambda p: translate("Phrases", "bright"),
    "dark": lambda p: translate("Phrases", "dark-toned"),
    "noisy": lambda p: translate("Phrases", "noise-like"),
    "percussive": lambda p: translate("Phrases", "percussive"),
    "loud": _level(lambda: translate("Phrases", "loud")),
    "loud_compressed": _level(lambda: translate("Phrases", "loud, compressed")),
    "quiet": _level(lambda: translate("Phrases", "quiet")),
    "quiet_wide": _level(lambda: translate("Phrases", "quiet, wide dynamics")),
    "same_level": lambda p: translate("Phrases", "around {lufs} LUFS").format(
        lufs=p.number("lufs")
    ),
    "timbre": lambda p: translate("Phrases", "timbre"),
    "harmony": lambda p: translate("Phrases", "harmony"),
    "rhythm": lambda p: translate("Phrases", "rhythm"),
    "loudness": lambda p: translate("Phrases", "loudness"),
    "played_together": lambda p: translate("Phrases", "you often play these together"),
    "played_together_once": lambda p: translate("Phrases", "you played these together once"),
    "close_to_heard": lambda p: translate("Phrases", "close to {title}, a song you played").format(
        title=p.text("title")
    ),
    "close_to_taste": lambda p: translate("Phrases", "close to your taste"),
    "near_heard": lambda p: translate("Phrases", "close to songs you played"),
    "listeners_like_you": lambda p: translate("Phrases", "listeners with your taste play this"),
    "close_to_loved": lambda p: translate("Phrases", "close to {title}, a song you love").format(
        title=p.text("title")
    ),
    "close_to_played": lambda p: translate(
        "Phrases", "close to {title}, a song you play often"
    ).format(title=p.text("title")),
    "near_loved": lambda p: translate("Phrases", "close to songs you love"),
    "near_played": lambda p: translate("Phrases", "close to songs you play often"),
    "because_liked": lambda p: translate("Phrases", "Because you liked {title}").format(
        title=p.text("title")
    ),
    "because_played": lambda p: translate("Phrases", "Because you played {title}").format(
        title=p.text("title")
    ),
    "mix": _mix,
    "your_mix": _your_mix,
    "word_bright": lambda p: translate("Phrases", "Bright"),
    "word_warm": lambda p: translate("Phrases", "Warm"),
    "word_fast": lambda p: translate("Phrases", "Fast"),
    "word_slow": lambda p: translate("Phrases", "Slow"),
    "word_loud": lambda p: translate("Phrases", "Loud"),
    "word_calm": lambda p: translate("Phrases", "Calm"),
    "word_dynamic": lambda p: translate("Phrases", "Dynamic"),
    "word_steady": lambda p: translate("Phrases", "Steady"),
    "word_percussive": lambda p: translate("Phrases", "Percussive"),
    "word_smooth": lambda p: translate("Phrases", "Smooth"),
    "word_gritty": lambda p: translate("Phrases", "Gritty"),
    "word_clean": lambda p: translate("Phrases", "Clean"),
    "word_balanced": lambda p: translate("Phrases", "Balanced"),
}
