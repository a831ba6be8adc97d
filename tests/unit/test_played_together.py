"""Played together: sessions split at long gaps, links by order, blended by evidence."""

from __future__ import annotations

from engine.events.wire import PlayEvent
from engine.models import Recommendation, Track
from engine.phrases import Phrase, phrase
from engine.recommend.together import (
    MAX_BLEND,
    REASON_OFTEN,
    REASON_ONCE,
    SESSION_GAP,
    Together,
    blend,
    blend_weight,
)

NOW = 1_800_000_000.0


def played(tid: str, at: float, kind: str = "complete") -> PlayEvent:
    return PlayEvent(tid, kind, "me", position=100.0, duration=100.0, timestamp=at)


def test_songs_in_one_sitting_are_linked_nearest_most() -> None:
    t0 = NOW - 3600
    together = Together.build(
        [played("a", t0), played("b", t0 + 200), played("c", t0 + 400)], now=NOW
    )
    ab, ac = together.partners("a")["b"], together.partners("a")["c"]
    assert ab > ac > 0
    assert together.partners("c")["a"] == ac  # both ways


def test_a_long_gap_starts_a_new_session() -> None:
    t0 = NOW - 10 * 3600
    together = Together.build([played("a", t0), played("b", t0 + SESSION_GAP + 1)], now=NOW)
    assert together.partners("a") == {}
    assert together.evidence("a") == 0.0


def test_a_song_skipped_at_once_is_not_linked() -> None:
    t0 = NOW - 3600
    events = [
        played("a", t0),
        played("b", t0 + 200, "play"),
        PlayEvent("b", "skip", "me", position=2.0, duration=100.0, timestamp=t0 + 202),
        played("c", t0 + 400),
    ]
    together = Together.build(events, now=NOW)
    assert "b" not in together.partners("a")
    assert together.partners("a")["c"] > 0


def test_blend_weight_grows_with_evidence_and_is_zero_without() -> None:
    assert blend_weight(0.0) == 0.0
    weights = [blend_weight(e) for e in (0.5, 2, 8, 100)]
    assert weights == sorted(weights)
    assert 0 < weights[0] < weights[-1] < MAX_BLEND


def test_blend_brings_a_partner_forward_and_keeps_audio_alone_without_evidence() -> None:
    audio = {"x": 0.9, "y": 0.8, "p": 0.4}
    assert blend(audio, {}, 0.0) == audio
    scores = blend(audio, {"p": 12.0}, 12.0)
    assert max(scores, key=scores.get) == "p"
    assert scores["x"] > scores["y"]


def test_personal_blend_labels_partners(tmp_path) -> None:
    from engine.recommend.personal import Personal
    from engine.stores.sqlite import SQLiteStore
    from tests.unit.test_popular import ListLog

    store = SQLiteStore(tmp_path / "library.sqlite3")
    tracks = [Track(tid, f"/m/{tid}.ogg", tid.upper(), duration=100.0) for tid in "qxyp"]
    store.upsert_tracks(tracks)
    t0 = NOW - 3600
    events = [
        played("q", t0 + i * 600) if i % 2 == 0 else played("p", t0 + i * 600) for i in range(6)
    ]
    personal = Personal(store, ListLog(events), listener="me", now=lambda: NOW)
    audio = [
        Recommendation(tracks[1], 0.9, _similar("timbre")),
        Recommendation(tracks[2], 0.8, _similar("rhythm")),
        Recommendation(tracks[3], 0.5, _similar("loudness")),
    ]
    blended = personal.blend_similar("q", audio, 3)
    assert blended[0].track.track_id == "p"
    # q and p followed each other in one sitting only: said as it is, not "often".
    assert blended[0].reason == REASON_ONCE
    assert [r.reason for r in blended[1:]] == [_similar("timbre"), _similar("rhythm")]
    store.close()


def test_often_together_needs_two_sittings() -> None:
    one = [played("q", NOW - 5000), played("p", NOW - 4900)]
    together = Together.build(one, now=NOW)
    assert together.reason("q", "p") == together.reason("p", "q") == REASON_ONCE
    # The same pair again in the same sitting is still one sitting.
    again = [*one, played("q", NOW - 4800), played("p", NOW - 4700)]
    assert Together.build(again, now=NOW).reason("q", "p") == REASON_ONCE
    later = NOW - 4700 + SESSION_GAP + 1
    two = [*again, played("q", later), played("p", later + 100)]
    assert Together.build(two, now=NOW).reason("q", "p") == REASON_OFTEN
    assert Together.build(two, now=NOW).sittings[("p", "q")] == 2


def test_encore_recommend_blends_what_you_play_together(encore_home, rng, capsys) -> None:
    import json
    import time

    from bench.synthetic_library import fill_store, make_library
    from engine.cli import main
    from engine.config import load_config
    from engine.context import build_context

    library = make_library(60, n_blobs=2, album_size=10, rng=rng)
    query = library.ids[0]
    # A song of the other sound, always played right after the query, in many sittings.
    partner = next(t for t, b in zip(library.ids, library.blobs, strict=True) if b != 0)
    config = load_config()
    start = time.time() - 20 * 86400
    with build_context(config) as ctx:
        fill_store(ctx.store, library)
        for day in range(12):
            for i, tid in enumerate((query, partner)):
                at = start + day * 86400 + i * 300
                ctx.recorder.record(
                    PlayEvent(
                        tid,
                        "complete",
                        config.device_id,
                        position=180.0,
                        duration=180.0,
                        timestamp=at,
                    )
                )
    assert main(["recommend", query, "-k", "5", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[0]["track_id"] == partner
    assert rows[0]["reason"] == "you often play these together"
    assert (rows[0]["reason_code"], rows[0]["reason_phrase"]) == (
        "played_together",
        ["played_together"],
    )
    assert len(rows) == 5


def _similar(group: str) -> Phrase:
    return phrase("similar", phrase(group))
