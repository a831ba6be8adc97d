"""Settings apply to the running player: output device and loudness now, backend on restart."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt

from engine.models import Track, TrackFeatures
from engine.playback.loudness import db_to_linear
from engine.playback.output import NullOutput
from tests.gui.conftest import WAIT_MS, write_tone

pytestmark = pytest.mark.gui


def _quiet_track(store, folder: Path) -> Track:
    """A track analysed at -30 LUFS with a -20 dBFS peak: normalisation boosts it +12 dB."""
    from engine.analysis.features import FEATURE_NAMES, FEATURE_VERSION

    folder.mkdir(parents=True, exist_ok=True)
    path = write_tone(folder / "quiet.wav", seconds=30.0)
    track = Track("quiet", str(path), "Quiet", "Synth", "Tests", duration=30.0)
    store.upsert_tracks([track])
    vector = np.zeros(len(FEATURE_NAMES), dtype=np.float32)
    vector[FEATURE_NAMES.index("loudness_lufs")] = -30.0
    vector[FEATURE_NAMES.index("peak_dbfs")] = -20.0
    store.put_features(
        [TrackFeatures("quiet", vector, FEATURE_NAMES, FEATURE_VERSION, track.signature.token())]
    )
    return track


def test_output_device_and_loudness_change_while_playing(
    qtbot, desktop, wait_jobs, tmp_path: Path
) -> None:
    track = _quiet_track(desktop.ctx.store, tmp_path / "music")
    window, player = desktop.window, desktop.player
    first_output = player.output
    window.controller.play_tracks([track])
    qtbot.waitUntil(lambda: player.state == "playing" and player.position() > 0.3, timeout=WAIT_MS)
    assert player.feed.current.gain == pytest.approx(db_to_linear(12.0))

    settings = window.settings
    window.sidebar.select("Settings")
    wait_jobs(desktop)  # the device list is filled in a worker
    settings.loudness.setChecked(False)
    settings.device.addItem("null")  # the silent real-time output, as config.toml can name it
    settings.device.setCurrentText("null")
    qtbot.mouseClick(settings.save_button, Qt.MouseButton.LeftButton)
    wait_jobs(desktop)

    assert player.feed.current.gain == 1.0  # the playing track changed level at once
    assert player.output is not first_output and isinstance(player.output, NullOutput)
    assert not first_output._running  # the old output was stopped and closed
    assert player.state == "playing" and player.current.track_id == "quiet"
    before = player.position()
    rendered = player.output.rendered_frames
    qtbot.waitUntil(lambda: player.output.rendered_frames > rendered + 44100 // 2, timeout=WAIT_MS)
    assert player.position() > before  # the new output is pulling the same track on
    assert "Sound output: null" in window.statusBar().currentMessage()
    assert "apply now" in settings.status.text()
    assert "restart" not in settings.status.text()

    # Back on: the level comes back without a restart either.
    settings.loudness.setChecked(True)
    qtbot.mouseClick(settings.save_button, Qt.MouseButton.LeftButton)
    wait_jobs(desktop)
    assert player.feed.current.gain == pytest.approx(db_to_linear(12.0))


def test_a_backend_change_says_it_applies_on_restart(qtbot, desktop, encore_home: Path) -> None:
    settings = desktop.window.settings
    settings.server.setChecked(True)
    settings.mongo.setText("mongodb://127.0.0.1:1/encore")
    qtbot.mouseClick(settings.save_button, Qt.MouseButton.LeftButton)
    assert "The backend change applies when Encore restarts." in settings.status.text()
    assert desktop.ctx.config.mongo_uri is None  # the running app keeps its store


def test_an_equaliser_preset_applies_while_playing_and_is_saved(
    qtbot, desktop, wait_jobs, tmp_path: Path
) -> None:
    from engine.config import load_config
    from engine.eq_settings import PRESETS

    track = _quiet_track(desktop.ctx.store, tmp_path / "music")
    window, player = desktop.window, desktop.player
    window.controller.play_tracks([track])
    qtbot.waitUntil(lambda: player.state == "playing", timeout=WAIT_MS)
    assert not player.equaliser.enabled  # off by default
    settings = window.settings
    window.sidebar.select("Settings")
    settings.equaliser.setCurrentIndex(settings.equaliser.findData("rock"))
    qtbot.mouseClick(settings.save_button, Qt.MouseButton.LeftButton)
    wait_jobs(desktop)
    assert player.equaliser.enabled and player.equaliser.gains_db == PRESETS["rock"]
    assert player.state == "playing" and player.current.track_id == "quiet"
    saved = load_config().equaliser
    assert saved.enabled and saved.preset == "rock"
    settings.equaliser.setCurrentIndex(settings.equaliser.findData(None))
    qtbot.mouseClick(settings.save_button, Qt.MouseButton.LeftButton)
    wait_jobs(desktop)
    assert not player.equaliser.enabled and not load_config().equaliser.enabled
