"""Reasons and mix names as codes with values: every code worded in English, stored and read
back; a stored value that is not a phrase is refused with a one-line reason."""

from __future__ import annotations

import pytest

from engine.errors import StoreError
from engine.phrase_english import _WORDS, english
from engine.phrases import (
    CODES,
    NO_REASON,
    Phrase,
    from_stored,
    from_wire,
    phrase,
    stored_text,
    to_stored,
    to_wire,
)

SAMPLE = {int: 7, str: "Tïtle {0} <i>x</i>"}


def example(code: str) -> Phrase:
    """A phrase of ``code`` with every value (optional ones too) and, if it joins parts, one
    part of each code it may join."""
    spec = CODES[code]
    values = {name: SAMPLE[typ] for name, typ in (*spec.values, *spec.optional)}
    parts = [c for c, s in CODES.items() if spec.parts and s.kind == spec.parts]
    return phrase(code, *(example(p) for p in parts[: spec.most_parts or 3]), **values)


def examples() -> list[Phrase]:
    """Every code, and each code that joins parts with one part, too (one and two read apart)."""
    found = [example(code) for code in CODES]
    found += [Phrase(p.code, p.values, p.parts[:1]) for p in found if len(p.parts) > 1]
    # Every trait inside a reason (the example above holds only the first two).
    found += [phrase("both", example(code)) for code, spec in CODES.items() if spec.kind == "trait"]
    # And the phrases whose values may be left out, without them.
    found += [
        phrase("both", phrase(code))
        for code, spec in CODES.items()
        if spec.kind == "trait" and spec.optional
    ]
    found += [phrase("mix", phrase("word_calm")), phrase("your_mix", number=3)]
    return found


def test_the_english_formatter_words_every_code() -> None:
    assert set(_WORDS) == set(CODES)
    for p in examples():
        text = english(p)
        assert text or p.code == "none", p
        for _name, value in p.values:
            if isinstance(value, str):
                assert value in text, (p, text)  # tag text goes in as it is


def test_words_as_the_engine_wrote_them_before() -> None:
    bpm = phrase("both", phrase("shared_bpm", bpm=128), phrase("bright"))
    assert english(bpm) == "both around 128 BPM and bright"
    area = phrase("both", phrase("same_key_area", key=0))
    assert english(area) == "both in C major / A minor"
    assert english(phrase("both", phrase("same_key", key=21))) == "both in A minor"
    assert english(phrase("both", phrase("loud_compressed", lufs=-9))) == (
        "both loud, compressed (around -9 LUFS)"
    )
    assert english(phrase("similar", phrase("timbre"), phrase("rhythm"))) == (
        "similar timbre and rhythm"
    )
    assert english(phrase("close_to_loved", title="Blue")) == "close to Blue, a song you love"
    mix = phrase("mix", phrase("word_bright"), phrase("word_fast"), genre="Jazz", number=2)
    assert english(mix) == "Jazz · Bright · Fast 2"
    assert english(phrase("your_mix", number=1, artist="Ann")) == "Your mix 1: Ann"
    assert english(NO_REASON) == "" and not NO_REASON and phrase("bright")


def test_every_phrase_is_stored_and_read_back() -> None:
    for p in examples():
        assert from_stored(to_stored(p), "here") == p
        assert from_wire(to_wire(p), "here") == p
    assert to_stored(phrase("shared_bpm", bpm=128)) == ["shared_bpm", {"bpm": 128}]


def test_a_string_is_a_reason_stored_as_english_before_codes() -> None:
    assert from_stored("similar tempo", "here") == stored_text("similar tempo")
    assert english(from_stored("similar tempo", "here")) == "similar tempo"
    assert from_stored("", "here") == NO_REASON


@pytest.mark.parametrize(
    ("value", "says"),
    [
        (None, "expected"),
        ([], "expected"),
        ([3], "expected"),
        (["nosuch"], "'nosuch' is not a known code"),
        (["shared_bpm"], "shared_bpm needs bpm"),
        (["shared_bpm", {"bpm": "fast"}], "shared_bpm.bpm must be int"),
        (["shared_bpm", {"bpm": True}], "shared_bpm.bpm must be int"),
        (["shared_bpm", {"bpm": 1, "x": 2}], "shared_bpm has no value 'x'"),
        (["bright", ["dark"]], "bright has no parts"),
        (["both", ["timbre"]], "'timbre' is not a trait code"),
        (["both", ["bright"], ["dark"], ["noisy"]], "both joins at most 2 parts"),
        (["mix", ["bright"]], "'bright' is not a word code"),
        (["stored", {"text": 5}], "stored.text must be str"),
    ],
)
def test_a_stored_value_that_is_not_a_phrase_is_refused_in_one_line(
    value: object, says: str
) -> None:
    with pytest.raises(StoreError) as caught:
        from_stored(value, "library.sqlite3: neighbours of t1, entry 2 reason")
    message = str(caught.value)
    assert message.startswith("library.sqlite3: neighbours of t1, entry 2 reason: ")
    assert says in message and "\n" not in message


@pytest.mark.parametrize(
    ("text", "says"), [("[oops", "is not JSON"), (7, "as JSON text"), ('"bright"', "expected")]
)
def test_wire_text_that_is_not_a_phrase_is_refused(text: object, says: str) -> None:
    with pytest.raises(StoreError, match=f"^mongo: mix 3 name: .*{says}"):
        from_wire(text, "mongo: mix 3 name")
