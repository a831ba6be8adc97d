"""``encore recommend``, ``encore popular`` and ``encore mixes`` through the real CLI."""

from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from bench.inprocess_training import train_in_process
from bench.synthetic_library import SyntheticLibrary, fill_store, make_library
from engine.cli import main
from engine.config import load_config
from engine.context import build_context
from engine.events.wire import PlayEvent
from engine.library.track_refs import resolve_track
from engine.phrase_english import english
from engine.phrases import from_stored
from engine.stores.sqlite import SQLiteStore


@pytest.fixture
def library(encore_home: Path, rng: np.random.Generator) -> SyntheticLibrary:
    lib = make_library(150, n_blobs=3, rng=rng, root=str(encore_home / "music"))
    store = SQLiteStore(load_config().db_path)
    fill_store(store, lib, only=range(140))  # the last 10 are not analysed
    store.upsert_tracks(lib.tracks[140:])
    store.save_run(train_in_process(lib.ids[:130], lib.matrix[:130], lib.names, k=3))
    store.close()
    return lib


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_recommend_one_path_json(capsys, library: SyntheticLibrary) -> None:
    code, out, _ = run(capsys, "recommend", library.tracks[0].path, "--json", "-k", "4")
    assert code == 0
    results = json.loads(out)
    assert isinstance(results, list) and len(results) == 4
    for item in results:
        assert {"track_id", "path", "title", "artist", "score", "reason"} <= set(item)
        # The reason in English, and what it says as data (for a reader in another language).
        said = from_stored(item["reason_phrase"], "json")
        assert said.code == item["reason_code"] != "stored" and english(said) == item["reason"]
        assert library.blobs[library.ids.index(item["track_id"])] == library.blobs[0]


def test_recommend_several_by_path_and_id_is_one_object(capsys, library) -> None:
    new_track = library.tracks[135]  # analysed after the run: on the fly
    code, out, _ = run(capsys, "recommend", library.ids[1], new_track.path, "--json")
    assert code == 0
    results = json.loads(out)
    assert set(results) == {library.ids[1], new_track.path}
    assert all(len(v) == 5 for v in results.values())


def test_recommend_relative_path_and_id_prefix(capsys, library, monkeypatch) -> None:
    track = library.tracks[2]
    folder = os.path.dirname(os.path.dirname(track.path))
    os.makedirs(folder, exist_ok=True)
    monkeypatch.chdir(folder)
    relative = os.path.relpath(track.path)
    code, out, _ = run(capsys, "recommend", relative)
    assert code == 0 and len(out.strip().splitlines()) == 5
    code, out, _ = run(capsys, "recommend", library.ids[2], "--json")
    assert code == 0 and len(json.loads(out)) == 5


def test_id_prefix_must_be_unique(library: SyntheticLibrary) -> None:
    store = SQLiteStore(load_config().db_path)
    store.upsert_tracks([replace(library.tracks[0], track_id="feedface0001", path="/x/1.ogg")])
    assert resolve_track(store, "feedfa").track_id == "feedface0001"
    assert resolve_track(store, "feedf") is None  # too short to be meant as an id
    assert resolve_track(store, library.ids[5][:7]) is None  # ten ids start like this
    store.close()


def test_recommend_unknown_is_one_line_error(capsys, library) -> None:
    code, out, err = run(capsys, "recommend", library.ids[0], "/no/such/song.ogg")
    assert code == 1 and out == ""
    assert err.strip() == "encore: /no/such/song.ogg: no such track or file in the library"


def test_recommend_unanalysed_track_says_so(capsys, library) -> None:
    code, _, err = run(capsys, "recommend", library.tracks[145].path)
    assert code == 1
    assert "not analysed yet" in err and len(err.strip().splitlines()) == 1


def test_popular_without_history(capsys, library) -> None:
    code, out, _ = run(capsys, "popular")
    assert code == 0 and "no listening history yet" in out
    code, out, _ = run(capsys, "popular", "--json")
    assert code == 0 and json.loads(out) == []


def test_mixes_lists_clusters_with_songs(capsys, library) -> None:
    code, out, _ = run(capsys, "mixes", "--json", "-n", "3")
    assert code == 0
    found = json.loads(out)
    assert len(found) == 3
    assert all(m["name"] and len(m["tracks"]) == 3 for m in found)
    assert all(english(from_stored(m["name_phrase"], "json")) == m["name"] for m in found)
    assert sum(m["size"] for m in found) == 130
    code, out, _ = run(capsys, "mixes")
    assert code == 0 and found[0]["name"] in out


def test_popular_from_recorded_plays(capsys, library: SyntheticLibrary) -> None:
    with build_context() as ctx:
        a, b, begun = library.ids[3:6]
        for tid, kind in [(a, "complete"), (a, "complete"), (a, "like")]:
            ctx.recorder.record(PlayEvent(tid, kind, ctx.config.device_id))
        for tid, kind in [(b, "complete"), (b, "complete"), (begun, "play")]:
            ctx.recorder.record(PlayEvent(tid, kind, ctx.config.device_id))
    code, out, _ = run(capsys, "popular", "--json")
    assert code == 0
    # Played twice each (MIN_POPULAR_PLAYS); a song only begun is not popular.
    assert [item["track_id"] for item in json.loads(out)] == [a, b]
    code, out, _ = run(capsys, "popular")
    assert code == 0 and out.splitlines()[0].startswith("  1. ")
    cluster = json.loads(run(capsys, "mixes", "--json")[1])
    favourite_mix = next(
        m for m in cluster if library.ids[3] in {t["track_id"] for t in m["tracks"]}
    )
    assert favourite_mix["tracks"][0]["track_id"] == library.ids[3]
