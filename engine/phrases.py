"""Reasons and mix names as codes with values, so each reader words them in its own language.

The engine decides *what* to say ("both around 128 BPM and bright", "Jazz · Calm"); how it reads
is the reader's: :mod:`engine.phrase_english` for the CLI, ``desktop/phrase_text.py`` through
Qt's ``tr()`` for the window. A :class:`Phrase` is a code of :data:`CODES`, its values (numbers,
and tag text such as a title that is shown as it is, never translated) and, for the codes that
join others ("both …", "similar … and …", a mix's words), its parts.

Its stored form is a JSON array ``[code, {values}?, part…]`` (:func:`to_stored`), kept with a
run as that array's JSON text (:func:`to_wire`: the stores and Spark carry a string, which
encodes at the speed of the English it replaced); a reason saved before codes existed is a plain
English string and loads as the ``stored`` code, shown as it was written.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from engine.errors import StoreError

Value = int | str


@dataclass(frozen=True, slots=True)
class Code:
    """What a code says and carries.

    ``kind`` tells where a phrase may stand: a whole ``reason``, a ``trait`` or ``group`` inside
    one, a row ``heading``, a mix ``name`` or a ``word`` of one. ``values`` are required,
    ``optional`` may be left out; ``parts`` is the kind of the parts the code joins, at most
    ``most_parts`` of them (0: no limit).
    """

    kind: str
    values: tuple[tuple[str, type], ...] = ()
    optional: tuple[tuple[str, type], ...] = ()
    parts: str = ""
    most_parts: int = 0


# The words a mix name is made of (engine.recommend.naming), each a code ``word_<w>``.
MIX_WORDS = (
    "bright",
    "warm",
    "fast",
    "slow",
    "loud",
    "calm",
    "dynamic",
    "steady",
    "percussive",
    "smooth",
    "gritty",
    "clean",
    "balanced",
)
_LUFS = (("lufs", int),)
_TITLE = (("title", str),)

# Every code, defined here once; both formatters must word each of them (tests check it).
CODES: Mapping[str, Code] = {
    # --- why a song sounds like another (written by ReasonWriter, stored with the run) ---
    "none": Code("reason"),  # no feature group to speak of: nothing is said
    "stored": Code("reason", (("text", str),)),  # English saved before codes: shown as stored
    "closest_overall": Code("reason"),
    "both": Code("reason", parts="trait", most_parts=2),
    "similar": Code("reason", parts="group", most_parts=2),
    "shared_bpm": Code("trait", (("bpm", int),)),
    "same_key": Code("trait", (("key", int),)),  # 0-11 C..B major, 12-23 C..B minor
    "same_key_area": Code("trait", (("key", int),)),  # a major key and its relative minor
    "bright": Code("trait"),
    "dark": Code("trait"),
    "noisy": Code("trait"),
    "percussive": Code("trait"),
    "loud": Code("trait", optional=_LUFS),  # lufs: both at the same level
    "loud_compressed": Code("trait", optional=_LUFS),
    "quiet": Code("trait", optional=_LUFS),
    "quiet_wide": Code("trait", optional=_LUFS),
    "same_level": Code("trait", _LUFS),
    "timbre": Code("group"),
    "harmony": Code("group"),
    "rhythm": Code("group"),  # the tempo group: pulse rate, strength and tempogram shape
    "loudness": Code("group"),
    # --- the listener's own lists (For you, "what next") ---
    "played_together": Code("reason"),  # in two sittings or more (recommend.evidence)
    "played_together_once": Code("reason"),
    "listeners_like_you": Code("reason"),
    "close_to_loved": Code("reason", _TITLE),  # hearted
    "close_to_played": Code("reason", _TITLE),  # played often (recommend.evidence)
    "close_to_heard": Code("reason", _TITLE),  # played, not often
    "close_to_taste": Code("reason"),  # the only favourite near is the song itself
    "near_loved": Code("reason"),  # the favourite has no title
    "near_played": Code("reason"),
    "near_heard": Code("reason"),
    # --- Home's row headings ---
    "because_liked": Code("heading", _TITLE),
    "because_played": Code("heading", _TITLE),
    # --- mix names ---
    "mix": Code("name", optional=(("genre", str), ("number", int)), parts="word"),
    "your_mix": Code("name", (("number", int),), optional=(("artist", str),)),
    **{f"word_{w}": Code("word") for w in MIX_WORDS},
}


@dataclass(frozen=True, slots=True)
class Phrase:
    """One reason or name: a code of :data:`CODES`, its values (sorted by name) and parts."""

    code: str
    values: tuple[tuple[str, Value], ...] = ()
    parts: tuple[Phrase, ...] = ()
    # The stored form and its JSON text, made once per object: a run stores millions of reasons
    # drawn from a few thousand phrase objects (ReasonWriter and from_wire share them), and
    # hashing a nested phrase for a cache costs more than the walk it saves.
    _stored: list | None = field(default=None, init=False, compare=False, repr=False)
    _wire: str | None = field(default=None, init=False, compare=False, repr=False)

    def value(self, name: str) -> Value | None:
        for key, value in self.values:
            if key == name:
                return value
        return None

    def number(self, name: str) -> int:
        """The whole-number value ``name``; 0 when it is missing or not a number."""
        value = self.value(name)
        return value if isinstance(value, int) else 0

    def text(self, name: str) -> str:
        """The text value ``name``; ``""`` when it is missing or not text."""
        value = self.value(name)
        return value if isinstance(value, str) else ""

    def __bool__(self) -> bool:
        # "no reason" is false, so ``reason or fallback`` reads as it did with strings.
        return self.code != "none"


def phrase(code: str, *parts: Phrase, **values: Value | None) -> Phrase:
    """A :class:`Phrase`; values given as ``None`` are left out."""
    kept = tuple(sorted((k, v) for k, v in values.items() if v is not None))
    return Phrase(code, kept, parts)


NO_REASON = Phrase("none")


def stored_text(text: str) -> Phrase:
    """A reason saved as English before codes existed (empty: no reason)."""
    return phrase("stored", text=text) if text else NO_REASON


def to_stored(p: Phrase) -> list:
    """The JSON form kept with a run: ``[code, {values}?, part…]`` (shared: never change it)."""
    if p._stored is None:
        out: list = [p.code]
        if p.values:
            out.append(dict(p.values))
        out.extend(to_stored(part) for part in p.parts)
        object.__setattr__(p, "_stored", out)
    return p._stored  # type: ignore[return-value]


def from_stored(value: object, where: str) -> Phrase:
    """Read a stored phrase: the JSON form, or a string saved before codes existed.

    Raises
    ------
    StoreError
        Not a phrase, an unknown code, a value missing or of the wrong type, parts of the
        wrong kind; the message starts with ``where``.
    """
    if isinstance(value, str):
        return stored_text(value)
    try:
        return _read(value, "")
    except StoreError as exc:
        raise StoreError(f"{where}: {exc}") from None


def _read(value: object, kind: str) -> Phrase:
    if not isinstance(value, list | tuple) or not value or not isinstance(value[0], str):
        raise StoreError(f"expected [code, …], not {value!r:.60}")
    code = CODES.get(value[0])
    if code is None or (kind and code.kind != kind):
        wanted = f"a {kind} code" if kind else "a known code"
        raise StoreError(f"{value[0]!r:.40} is not {wanted}")
    rest = list(value[1:])
    given = rest.pop(0) if rest and isinstance(rest[0], Mapping) else {}
    values: dict[str, Value] = {}
    allowed = dict(code.values) | dict(code.optional)
    for name, typ in allowed.items():
        if name in given:
            v = given[name]
            if isinstance(v, bool) or not isinstance(v, typ):
                raise StoreError(f"{value[0]}.{name} must be {typ.__name__}, not {v!r:.40}")
            values[name] = v
        elif name in dict(code.values):
            raise StoreError(f"{value[0]} needs {name}")
    if set(given) - set(allowed):
        raise StoreError(f"{value[0]} has no value {sorted(set(given) - set(allowed))[0]!r:.40}")
    if rest and not code.parts:
        raise StoreError(f"{value[0]} has no parts")
    if code.most_parts and len(rest) > code.most_parts:
        raise StoreError(f"{value[0]} joins at most {code.most_parts} parts")
    parts = tuple(_read(part, code.parts) for part in rest)
    return Phrase(value[0], tuple(sorted(values.items())), parts)


def to_wire(p: Phrase) -> str:
    """:func:`to_stored` as JSON text: how a phrase crosses Spark (an ``array<string>``)."""
    if p._wire is None:
        text = json.dumps(to_stored(p), ensure_ascii=False, separators=(",", ":"))
        object.__setattr__(p, "_wire", text)
    return p._wire  # type: ignore[return-value]


def from_wire(text: object, where: str) -> Phrase:
    """The phrase :func:`to_wire` gave; ``where`` leads the error of text that is not one."""
    try:
        return _decode(text)
    except StoreError as exc:
        raise StoreError(f"{where}: {exc}") from None


@lru_cache(maxsize=65536)
def _decode(text: object) -> Phrase:
    # A few thousand distinct phrases per run: each decoded once, then one shared object.
    if not isinstance(text, str):
        raise StoreError(f"expected a phrase as JSON text, not {text!r:.60}")
    try:
        value = json.loads(text)
    except ValueError:
        raise StoreError(f"{text!r:.60} is not JSON") from None
    if isinstance(value, str):
        raise StoreError(f"expected [code, …], not {value!r:.60}")
    return _read(value, "")
