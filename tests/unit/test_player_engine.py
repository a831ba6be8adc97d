"""Player state machine over NullOutput: gapless, seek, pause, volume, events, errors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from engine.events.wire import PlayEvent
from engine.playback import NullOutput, Player
from tests.unit.player_support import RATE, Events, track, write_noise, write_sine


@pytest.fixture
def rig():
    out = NullOutput(RATE, blocksize=1024)
    recorded: list[PlayEvent] = []
    events = Events()
    player = Player(output=out, record=recorded.append, device_id="dev-1")
    player.add_listener(events)
    yield player, out, recorded, events
    player.close()


def _kinds(recorded: list[PlayEvent]) -> list[tuple[str, str]]:
    return [(e.type, e.track_id) for e in recorded]


def test_two_tracks_play_back_to_back_without_a_gap(tmp_path: Path, rig) -> None:
    player, out, recorded, events = rig
    a = write_noise(tmp_path / "a.wav", 0.5, seed=1)
    b = write_noise(tmp_path / "b.wav", 0.3, seed=2)
    player.play([track(tmp_path / "a.wav"), track(tmp_path / "b.wav")])
    out.render(len(a) + len(b) + RATE // 10)
    events.wait_for("ended")
    audio = out.audio()
    expected = np.concatenate([a, b])
    np.testing.assert_array_equal(audio[: len(expected)], expected)
    assert not audio[len(expected) :].any()
    assert player.state == "ended"
    assert _kinds(recorded) == [("play", "a"), ("complete", "a"), ("play", "b"), ("complete", "b")]
    assert all(e.device_id == "dev-1" for e in recorded)
    assert recorded[1].position == pytest.approx(0.5, abs=1e-3)
    assert recorded[1].duration == pytest.approx(0.5, abs=1e-3)
    assert out.underruns == 0


def test_every_change_of_a_long_queue_is_gapless(tmp_path: Path, rig) -> None:
    # Each change must pre-open the track after the next one too, not only the first change.
    player, out, recorded, events = rig
    parts = [write_noise(tmp_path / f"{i}.wav", 0.2, seed=20 + i) for i in range(4)]
    player.play([track(tmp_path / f"{i}.wav") for i in range(4)])
    expected = np.concatenate(parts)
    audio = out.render(len(expected) + 1024)
    events.wait_for("ended")
    np.testing.assert_array_equal(audio[: len(expected)], expected)
    assert [e.type for e in recorded].count("complete") == 4


def test_another_rate_is_resampled_to_the_output_rate(tmp_path: Path, rig) -> None:
    player, out, _, events = rig
    write_sine(tmp_path / "s48.wav", 1.0, 1000.0, rate=48000)
    player.play([track(tmp_path / "s48.wav")])
    out.render(RATE + RATE // 2)
    events.wait_for("ended")
    audio = out.audio()[:, 0]
    sounding = np.flatnonzero(np.abs(audio) > 1e-3)
    assert abs(len(sounding) - RATE) < RATE * 0.01  # one second at 44.1 kHz
    body = audio[sounding[0] + 2000 : sounding[0] + 2000 + 32768]
    freq = np.argmax(np.abs(np.fft.rfft(body))) * RATE / len(body)
    assert freq == pytest.approx(1000.0, abs=3.0)


def test_pause_holds_the_position_and_resume_continues_exactly(tmp_path: Path, rig) -> None:
    player, out, recorded, _ = rig
    a = write_noise(tmp_path / "a.wav", 1.0, seed=3)
    player.play([track(tmp_path / "a.wav")])
    first = out.render(10000)
    player.pause()
    assert player.state == "paused"
    assert player.position() == pytest.approx(10000 / RATE)
    silent = out.render(5000)
    assert not silent.any()
    assert player.position() == pytest.approx(10000 / RATE)
    player.resume()
    after = out.render(5000)
    np.testing.assert_array_equal(np.concatenate([first, after]), a[:15000])
    assert [e.type for e in recorded] == ["play", "pause", "resume"]
    assert recorded[1].position == pytest.approx(10000 / RATE)


def test_toggle_switches_between_playing_and_paused(tmp_path: Path, rig) -> None:
    player, _out, _, _ = rig
    write_noise(tmp_path / "a.wav", 0.5)
    player.play([track(tmp_path / "a.wav")])
    player.toggle()
    assert player.state == "paused"
    player.toggle()
    assert player.state == "playing"
    player.stop()
    assert player.state == "stopped" and player.position() == 0.0
    player.toggle()
    assert player.state == "playing"


def test_seek_plays_from_the_exact_sample(tmp_path: Path, rig) -> None:
    player, out, recorded, _ = rig
    a = write_noise(tmp_path / "a.wav", 1.0, seed=4)
    player.play([track(tmp_path / "a.wav")])
    out.render(2048)
    player.seek(0.5)
    assert player.position() == pytest.approx(0.5)
    after = out.render(4096)
    start = int(0.5 * RATE)
    np.testing.assert_array_equal(after, a[start : start + 4096])
    assert player.position() == pytest.approx(0.5 + 4096 / RATE)
    assert recorded[-1].type == "seek" and recorded[-1].position == pytest.approx(0.5)


def test_seek_while_paused_stays_paused(tmp_path: Path, rig) -> None:
    player, out, _, _ = rig
    a = write_noise(tmp_path / "a.wav", 1.0, seed=5)
    player.play([track(tmp_path / "a.wav")])
    player.pause()
    player.seek(0.25)
    assert player.state == "paused"
    assert not out.render(1000).any()
    player.resume()
    start = int(0.25 * RATE)
    np.testing.assert_array_equal(out.render(1000), a[start : start + 1000])


def test_next_early_is_a_skip_and_next_late_counts_as_a_listen(tmp_path: Path, rig) -> None:
    player, out, recorded, _ = rig
    for name in "abc":
        write_noise(tmp_path / f"{name}.wav", 2.0, seed=ord(name))
    player.play([track(tmp_path / f"{n}.wav") for n in "abc"])
    out.render(4410)  # 0.1 s of a 2 s track: below min(30 s, 50 %)
    player.next()
    player.seek(1.5)  # past half of b
    out.render(1024)
    player.next()
    kinds = _kinds(recorded)
    assert kinds[:3] == [("play", "a"), ("skip", "a"), ("play", "b")]
    assert ("complete", "b") in kinds and ("skip", "b") not in kinds
    assert player.current.track_id == "c"
    assert recorded[1].position == pytest.approx(0.1, abs=1e-3)


def test_previous_restarts_after_three_seconds_else_goes_back(tmp_path: Path, rig) -> None:
    player, out, _, _ = rig
    a = write_noise(tmp_path / "a.wav", 5.0, seed=6)
    write_noise(tmp_path / "b.wav", 5.0, seed=7)
    player.play([track(tmp_path / "a.wav"), track(tmp_path / "b.wav")], start=1)
    player.previous()
    assert player.current.track_id == "a"
    player.seek(4.0)
    player.previous()
    assert player.current.track_id == "a"
    np.testing.assert_array_equal(out.render(1000), a[:1000])


def test_volume_and_normalisation_gain_scale_the_samples(tmp_path: Path) -> None:
    out = NullOutput(RATE)
    a = write_noise(tmp_path / "a.wav", 0.5, seed=8)
    with Player(output=out, gain_for=lambda t: 0.5) as player:
        player.volume = 0.5
        player.play([track(tmp_path / "a.wav")])
        got = out.render(4096)
        np.testing.assert_allclose(got, a[:4096] * 0.25, rtol=1e-6)
        player.volume = 7.0
        assert player.volume == 1.0


def test_normalisation_gain_never_clips_past_full_scale(tmp_path: Path) -> None:
    out = NullOutput(RATE)
    write_noise(tmp_path / "a.wav", 0.5, seed=9)
    with Player(output=out, gain_for=lambda t: 8.0) as player:
        player.play([track(tmp_path / "a.wav")])
        assert np.abs(out.render(4096)).max() <= 1.0


def test_repeat_one_plays_the_track_again(tmp_path: Path, rig) -> None:
    player, out, _recorded, _ = rig
    a = write_noise(tmp_path / "a.wav", 0.2, seed=10)
    player.queue.repeat = "one"
    player.play([track(tmp_path / "a.wav")])
    audio = out.render(2 * len(a))
    np.testing.assert_array_equal(audio, np.concatenate([a, a]))
    assert player.state == "playing"


def test_deleted_and_corrupt_files_report_an_error_and_playback_moves_on(
    tmp_path: Path, rig
) -> None:
    player, out, recorded, events = rig
    good = write_noise(tmp_path / "good.wav", 0.2, seed=11)
    (tmp_path / "corrupt.ogg").write_bytes(b"OggS" + bytes(range(256)) * 20)
    tracks = [
        track(tmp_path / "gone.flac"),
        track(tmp_path / "corrupt.ogg"),
        track(tmp_path / "good.wav"),
    ]
    player.play(tracks)
    audio = out.render(len(good) + 4096)
    events.wait_for("ended")
    errors = [p["message"] for n, p in events.seen if n == "error"]
    assert len(errors) == 2
    assert "gone.flac" in errors[0] and "not found" in errors[0]
    assert "corrupt.ogg" in errors[1]
    assert all("\n" not in m for m in errors)
    sounding = np.flatnonzero(np.abs(audio[:, 0]) > 0)
    np.testing.assert_array_equal(audio[sounding[0] : sounding[0] + len(good)], good)
    kinds = _kinds(recorded)
    assert ("play", "gone") not in kinds and ("complete", "corrupt") not in kinds
    assert kinds[-2:] == [("play", "good"), ("complete", "good")]


def test_a_queue_where_everything_fails_ends_instead_of_looping(tmp_path: Path, rig) -> None:
    player, out, _, events = rig
    player.queue.repeat = "all"
    player.play([track(tmp_path / "x.mp3"), track(tmp_path / "y.mp3")])
    out.render(4096)
    events.wait_for("ended")
    assert player.state == "ended"


def test_listeners_may_call_back_into_the_player(tmp_path: Path, rig) -> None:
    player, out, _, events = rig
    write_noise(tmp_path / "a.wav", 0.1, seed=12)
    b = write_noise(tmp_path / "b.wav", 0.5, seed=13)

    def restart_on_end(name: str, payload: dict) -> None:
        if name == "ended":
            player.play([track(tmp_path / "b.wav")])

    player.add_listener(restart_on_end)
    player.play([track(tmp_path / "a.wav")])
    out.render(int(0.1 * RATE) + 512)
    events.wait_for("track", track=track(tmp_path / "b.wav"))
    np.testing.assert_array_equal(out.render(2048), b[:2048])


def test_queue_edits_while_playing_change_what_comes_next(tmp_path: Path, rig) -> None:
    player, out, _recorded, events = rig
    a = write_noise(tmp_path / "a.wav", 0.2, seed=14)
    write_noise(tmp_path / "b.wav", 0.2, seed=15)
    c = write_noise(tmp_path / "c.wav", 0.2, seed=16)
    player.play([track(tmp_path / "a.wav"), track(tmp_path / "b.wav")])
    player.queue.play_next(track(tmp_path / "c.wav"))
    audio = out.render(len(a) + len(c))
    np.testing.assert_array_equal(audio, np.concatenate([a, c]))
    events.wait_for("track", track=track(tmp_path / "c.wav"))
    assert player.current.track_id == "c"


def test_m4a_plays_through_pyav_and_seeks_close_to_the_target(corpus: Path) -> None:
    m4a = sorted(corpus.rglob("*.m4a"))[0]
    out = NullOutput(RATE)
    with Player(output=out) as player:
        player.play([track(m4a)])
        whole = out.render(3 * RATE)
        assert np.abs(whole).max() > 0.01
        player.seek(1.0)
        after = out.render(RATE // 2)
    # The seeked audio is the same as the audio one second in (codec pre-roll aside).
    probe = after[4096 : 4096 + 8192, 0]
    ref = whole[:, 0]
    corr = np.correlate(ref[RATE : 2 * RATE], probe, mode="valid")
    offset = int(np.argmax(corr)) + RATE - 4096
    assert abs(offset - RATE) <= RATE * 0.005


def test_paused_playback_pulls_nothing_from_the_decoder(tmp_path: Path) -> None:
    a = write_noise(tmp_path / "a.wav", 0.3, seed=17)
    out = NullOutput(RATE, realtime=True, keep=False)
    events = Events()
    with Player(output=out, warm_codecs=False) as player:
        player.add_listener(events)
        player.play([track(tmp_path / "a.wav")])
        player.pause()
        assert out.parked.wait(10)  # the output's clock stopped pulling
        dec = player.feed.current
        pulled, consumed = out.pulled_frames, dec.consumed
        assert not out.render(4 * 1024, wait=False).any()
        assert (out.pulled_frames, dec.consumed) == (pulled, consumed)
        player.resume()
        events.wait_for("ended")  # pulled again, to the end
        assert dec.consumed == len(a) and out.pulled_frames > pulled
