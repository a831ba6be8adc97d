"""The main window, offscreen, on a real store, player (silent output) and worker pool."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from desktop.models.library_columns import COL_TITLE
from desktop.phrase_text import shown
from desktop.widgets.no_history import HINT
from engine.models import Track
from tests.gui.conftest import IMPORT_WAIT_MS, WAIT_MS, drop_on, train_without_spark, write_tone

pytestmark = pytest.mark.gui


def _import(qtbot, app, folder: Path) -> None:
    """Import only (no analysis/Spark): what the fast tests need."""
    app.window.services.import_stages = ("scan",)
    window = app.window
    window.start_import([str(folder)])
    qtbot.waitUntil(lambda: window._import_job is None, timeout=120_000)


def test_import_fills_the_table_lists_failures_and_search_filters(
    qtbot, desktop, wait_jobs, clips: Path
) -> None:
    (clips / "broken.mp3").write_bytes(b"this is not audio at all" * 40)
    _import(qtbot, desktop, clips)
    wait_jobs(desktop)
    window = desktop.window
    model = window.library_model
    assert model.rowCount() == 8
    panel = window.library.import_panel
    failures = [panel.failures.item(i).text() for i in range(panel.failures.count())]
    assert len(failures) == 1 and failures[0].startswith(str(clips / "broken.mp3") + ": ")
    assert "imported 8 new" in panel.stage.text()

    first_title = model.index(0, COL_TITLE).data()
    qtbot.keyClicks(window.library.search, first_title[:12])
    titles = [model.index(r, COL_TITLE).data() for r in range(model.rowCount())]
    assert 1 <= len(titles) < 8 and all(first_title[:12].casefold() in t.casefold() for t in titles)
    window.library.search.clear()
    assert model.rowCount() == 8


def test_selecting_a_song_fills_the_recommendations_pane(
    qtbot, desktop, wait_jobs, clips: Path
) -> None:
    _import(qtbot, desktop, clips)
    train_without_spark(desktop.ctx.store)
    window = desktop.window
    window.load_all()
    wait_jobs(desktop)
    window.sidebar.select("Library")
    window.library.table.selectRow(2)
    pane = window.recommendations
    qtbot.waitUntil(lambda: pane.list.count() >= 5, timeout=WAIT_MS)
    seed = window.library_model.track_at(2)
    assert pane.seed.track_id == seed.track_id
    assert seed.track_id not in {r.track.track_id for r in pane.recommendations}
    assert all(r.reason for r in pane.recommendations)
    assert shown(pane.recommendations[0].reason) in pane.list.item(0).text()

    # Double-click plays the recommendation.
    item = pane.list.item(0)
    pane.list.itemActivated.emit(item)
    qtbot.waitUntil(lambda: desktop.player.current is not None, timeout=WAIT_MS)
    assert desktop.player.current.track_id == pane.recommendations[0].track.track_id

    # Mixes and the sound map come from the same run; a click on a dot plays that song.
    window.sidebar.select("Mixes")
    wait_jobs(desktop)
    assert window.mixes.mix_list.count() == 1
    assert window.mixes.tracks.count() == 8
    sound_map = window.mixes.sound_map
    assert sound_map.size_of_map == 8
    target = window.library_model.track_at(5)
    point = sound_map.point_of(target.track_id)
    qtbot.mouseClick(sound_map, Qt.MouseButton.LeftButton, pos=point.toPoint())
    qtbot.waitUntil(
        lambda: (
            desktop.player.current is not None
            and desktop.player.current.track_id == target.track_id
        ),
        timeout=WAIT_MS,
    )


def test_home_says_there_is_no_history_until_songs_are_played(
    qtbot, desktop, wait_jobs, tmp_path: Path
) -> None:
    window = desktop.window
    track = Track(
        "t1", str(write_tone(tmp_path / "a.wav", 3.0)), "Tone A", "Synth", "Tests", duration=3.0
    )
    desktop.ctx.store.upsert_tracks([track])
    window.load_all()
    wait_jobs(desktop)
    assert window.home.history_note.hint.text() == HINT
    assert not window.home.history_note.isHidden()

    window.controller.play_tracks([track])
    qtbot.waitUntil(lambda: desktop.player.state == "playing", timeout=WAIT_MS)
    qtbot.waitUntil(lambda: any(desktop.ctx.event_log.iter_events()), timeout=WAIT_MS)
    window.reload_home()
    wait_jobs(desktop)
    assert window.home.history_note.isHidden()
    assert [t.track_id for t in window.home.recent.tracks()] == ["t1"]
    # Begun once: recently played, not yet popular (tests/gui/test_home_popular.py).
    assert window.home.popular.tracks() == [] and not window.home.popular_note.isHidden()


def test_tag_text_shows_literally_everywhere(qtbot, desktop, wait_jobs, tmp_path: Path) -> None:
    hostile = '<b>x</b><img src="file:///etc/hostname">'
    track = Track(
        "t1", str(write_tone(tmp_path / "a.wav", 3.0)), hostile, "<i>who</i>", "Tests", duration=3
    )
    desktop.ctx.store.upsert_tracks([track])
    window = desktop.window
    window.load_all()
    wait_jobs(desktop)
    assert window.library_model.index(0, COL_TITLE).data() == hostile
    window.controller.play_tracks([track])
    qtbot.waitUntil(lambda: window.now_playing.title.text() == hostile, timeout=WAIT_MS)
    showing = [lb for lb in window.findChildren(QLabel) if "<" in lb.text()]
    assert len(showing) >= 3  # now-playing title and artist, recommendations seed
    for label in showing:
        assert label.textFormat() == Qt.TextFormat.PlainText, label.objectName()
    assert window.now_playing.artist.text().startswith("<i>who</i>")
    assert window.recommendations.seed_title.text() == hostile


def test_queue_shuffle_repeat_and_keys_through_the_ui(
    qtbot, desktop, wait_jobs, tmp_path: Path
) -> None:
    tracks = [
        Track(
            f"t{i}",
            str(write_tone(tmp_path / f"{i}.wav", 4.0, 220.0 * (i + 1))),
            f"Tone {i}",
            "S",
            "T",
            duration=4.0,
        )
        for i in range(4)
    ]
    desktop.ctx.store.upsert_tracks(tracks)
    window = desktop.window
    window.load_all()
    wait_jobs(desktop)
    window.sidebar.select("Library")
    window.library.play_from(0)
    player = desktop.player
    qtbot.waitUntil(
        lambda: player.current is not None and player.current.track_id == "t0", timeout=WAIT_MS
    )

    bar = window.now_playing
    qtbot.mouseClick(bar.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: player.current.track_id == "t1", timeout=WAIT_MS)
    qtbot.keyClick(window, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: player.current.track_id == "t2", timeout=WAIT_MS)
    qtbot.keyClick(window, Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: player.current.track_id == "t1", timeout=WAIT_MS)

    assert player.queue.repeat == "off"
    modes = []
    for _ in range(3):
        qtbot.mouseClick(bar.repeat_button, Qt.MouseButton.LeftButton)
        modes.append(player.queue.repeat)
    assert modes == ["all", "one", "off"]
    assert bar.repeat_button.toolTip() == "Repeat: off"

    qtbot.mouseClick(bar.shuffle_button, Qt.MouseButton.LeftButton)
    assert player.queue.shuffle is True
    assert player.current.track_id == "t1"  # shuffling keeps the current song

    window.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: player.state == "paused", timeout=WAIT_MS)
    qtbot.keyClick(window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: player.state == "playing", timeout=WAIT_MS)

    before = player.volume
    qtbot.keyClick(window, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert player.volume == pytest.approx(before - 0.05)
    assert bar.volume_slider.value() == round(player.volume * 100)

    window.sidebar.select("Queue")
    assert window.queue.list.count() == 4
    window.controller.add_to_queue([tracks[0]])
    assert window.queue.list.count() == 5
    window.queue.list.setCurrentRow(4)
    qtbot.mouseClick(window.queue.remove_button, Qt.MouseButton.LeftButton)
    assert window.queue.list.count() == 4

    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.library.search.hasFocus()


def test_settings_save_toml_and_test_connection_reports_failure(
    qtbot, desktop, wait_jobs, encore_home: Path
) -> None:
    settings = desktop.window.settings
    desktop.window.sidebar.select("Settings")
    settings.workers_spin.setValue(3)
    settings.loudness.setChecked(False)
    settings.server.setChecked(True)
    with socket.socket() as s:  # a loopback port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings.kafka.setText(f"127.0.0.1:{port}")
    settings.spark.setText(f"spark://127.0.0.1:{port}")
    qtbot.mouseClick(settings.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: settings.test_button.isEnabled(), timeout=WAIT_MS)
    assert "Kafka: cannot connect" in settings.status.text()
    assert "Spark: cannot connect" in settings.status.text()

    qtbot.mouseClick(settings.save_button, Qt.MouseButton.LeftButton)
    text = (encore_home / "config.toml").read_text(encoding="utf-8")
    assert "analysis_workers = 3" in text
    assert "loudness_normalisation = false" in text
    assert f'kafka = "127.0.0.1:{port}"' in text


@pytest.mark.spark
@pytest.mark.slow
def test_import_runs_analysis_and_training_then_recommends(
    qtbot, desktop, wait_jobs, clips: Path
) -> None:
    """The whole Import button: scan → analysis → Spark training → recommendations."""
    window = desktop.window
    stages: list[str] = []
    panel = window.library.import_panel
    original = panel.progress
    panel.progress = lambda stage, done, total: (stages.append(stage), original(stage, done, total))
    window.start_import([str(clips)])
    qtbot.waitUntil(lambda: window._import_job is None, timeout=IMPORT_WAIT_MS)
    wait_jobs(desktop)
    assert {"scan", "analysis", "training"} <= set(stages)
    assert "trained on 8 tracks" in panel.stage.text(), panel.stage.text()
    assert window.mixes.mix_list.count() >= 1
    window.library.table.selectRow(0)
    pane = window.recommendations
    qtbot.waitUntil(lambda: pane.list.count() >= 5, timeout=WAIT_MS)
    assert all(r.reason for r in pane.recommendations)


def test_dropping_folders_on_the_library_starts_an_import_that_can_be_cancelled(
    qtbot, desktop, wait_jobs, clips: Path
) -> None:
    window = desktop.window
    window.services.import_stages = ("scan",)
    with qtbot.waitSignal(window.library.importRequested) as dropped:
        drop_on(window.library, clips)
    assert dropped.args == [[str(clips)]]
    assert window._import_job is not None  # the drop started the import
    panel = window.library.import_panel
    assert panel.isVisible() and panel.cancel_button.isVisible()
    window.cancel_import()
    assert window._import_job is None
    assert panel.stage.text() == "Import cancelled"
    assert not panel.cancel_button.isVisible()
    wait_jobs(desktop)
