"""``encore play``: plays through the player engine headlessly and exits at the end."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.cli import main
from engine.context import build_context
from tests.unit.player_support import write_noise


def test_play_plays_every_file_of_a_folder_and_exits(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    music = tmp_path / "music"
    music.mkdir()
    write_noise(music / "01 first.wav", 0.2, seed=1)
    write_noise(music / "02 second.wav", 0.2, seed=2)
    code = main(["play", "--device", "null", str(music)])
    out = capsys.readouterr()
    assert code == 0, out.err
    lines = [line for line in out.out.splitlines() if line.startswith("▶")]
    assert lines == ["▶ Unknown artist — 01 first", "▶ Unknown artist — 02 second"]
    with build_context() as ctx:
        events = list(ctx.event_log.iter_events())
        device_id = ctx.config.device_id
    assert [e.type for e in events] == ["play", "complete", "play", "complete"]
    assert len({e.track_id for e in events}) == 2
    assert all(e.device_id == device_id for e in events)
    assert events[1].position == pytest.approx(0.2, abs=0.01)


def test_play_reports_bad_paths_and_still_plays_the_good_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_noise(tmp_path / "ok.wav", 0.1)
    (tmp_path / "broken.flac").write_bytes(b"fLaC" + b"\x00" * 100)
    code = main(
        [
            "play",
            "--device",
            "null",
            str(tmp_path / "nope.ogg"),
            str(tmp_path / "broken.flac"),
            str(tmp_path / "ok.wav"),
        ]
    )
    err = capsys.readouterr().err
    assert code == 0
    assert "nope.ogg: no such file or folder" in err
    assert "broken.flac" in err


def test_play_fails_when_nothing_can_be_played(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "bad.mp3").write_bytes(b"\xff" * 64)
    assert main(["play", "--device", "null", str(tmp_path / "bad.mp3")]) == 1
    assert "could be played" in capsys.readouterr().err
    assert main(["play", "--device", "null", str(tmp_path / "missing.ogg")]) == 1
    assert "nothing to play" in capsys.readouterr().err


def test_play_with_an_unknown_device_is_a_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_noise(tmp_path / "ok.wav", 0.1)
    assert main(["play", "--device", "no-such-device-xyz", str(tmp_path / "ok.wav")]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("encore: no audio output") and "\n" not in err


def test_arrow_keys_seek_on_a_terminal(tmp_path: Path) -> None:
    import os
    import pty
    import re
    import subprocess
    import sys

    write_noise(tmp_path / "long.wav", 30.0, seed=5)
    # ENCORE_HOME is the test's (conftest): the child records into it.
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "engine.cli",
            "play",
            "--device",
            "null",
            str(tmp_path / "long.wav"),
        ],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
    )
    os.close(slave)
    seen = b""

    def read_until(pattern: str, count: int = 1) -> list[str]:
        nonlocal seen
        while len(found := re.findall(pattern, seen.decode("utf-8", "replace"))) < count:
            try:
                chunk = os.read(master, 1024)  # blocks until the player prints
            except OSError:  # EIO: the player exited and closed its end
                chunk = b""
            assert chunk, seen.decode("utf-8", "replace")
            seen += chunk
        return found

    try:
        read_until("keys:")
        targets = []
        for n, key in enumerate((b"\x1b[C", b"\x1b[C", b"\x1b[D"), start=1):
            os.write(master, key)
            targets = read_until(r"([⏩⏪]) (\d+):(\d\d) / 0:30", n)
        os.write(master, b"q")
        assert proc.wait(timeout=60) == 0, seen
    finally:
        proc.kill()
        os.close(master)
    assert [arrow for arrow, _, _ in targets] == ["⏩", "⏩", "⏪"]
    shown = [int(m) * 60 + int(s) for _, m, s in targets]
    with build_context() as ctx:
        seeks = [e.position for e in ctx.event_log.iter_events() if e.type == "seek"]
    assert [round(p) for p in seeks] == shown  # engine.clock_text: to the nearest second
    # +5 s, +5 s, -5 s from wherever playback was (it moves on in real time meanwhile).
    assert shown[0] >= 5 and shown[1] >= shown[0] + 5 and shown[2] >= shown[1] - 5


def test_play_takes_an_equaliser_preset_and_refuses_an_unknown_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_noise(tmp_path / "ok.wav", 0.1)
    assert main(["play", "--device", "null", "--eq", "rock", str(tmp_path / "ok.wav")]) == 0
    assert main(["play", "--device", "null", "--eq", "nope", str(tmp_path / "ok.wav")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("encore: --eq: unknown preset 'nope'")
