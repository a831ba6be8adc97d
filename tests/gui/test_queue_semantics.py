"""Queue semantics as Spotify users expect: a list played from the library becomes "up next";
a recommendation or a Home song plays now without wiping the queue; radio keeps the playing
song where it is, shows its seed and stops; the Queue view shows the shuffled order."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.models.formatting import count_of
from tests.gui.conftest import WAIT_MS, corners_library

pytestmark = pytest.mark.gui


@pytest.fixture
def corners(qtbot, desktop, wait_jobs, tmp_path: Path):
    tracks = corners_library(desktop.ctx.store, tmp_path / "music", per_group=6, seconds=30.0)
    desktop.window.load_all()
    wait_jobs(desktop)
    return tracks


def _queued(player) -> list[str]:
    return [player.queue.tracks.track_id(i) for i in range(len(player.queue.tracks))]


def _radio_idle(controller) -> bool:
    return controller._radio_job is None


def test_double_click_in_the_library_plays_the_list_as_up_next(qtbot, desktop, corners) -> None:
    window, player = desktop.window, desktop.player
    window.sidebar.select("Library")
    model = window.library_model
    window.library.table.activated.emit(model.index(3, 0))
    qtbot.waitUntil(lambda: player.current is not None, timeout=WAIT_MS)
    assert player.current.track_id == model.track_at(3).track_id
    assert _queued(player) == [model.track_at(r).track_id for r in range(model.rowCount())]
    window.sidebar.select("Queue")
    assert window.queue.summary.text().endswith("from Library")


def test_a_recommendation_plays_now_and_the_radio_queue_stays(
    qtbot, desktop, wait_jobs, corners
) -> None:
    window, player, controller = desktop.window, desktop.player, desktop.window.controller
    assert controller.start_radio(corners["r0"])
    qtbot.waitUntil(
        lambda: len(player.queue.upcoming()) >= 3 and _radio_idle(controller), timeout=WAIT_MS
    )
    before = _queued(player)
    pane = window.recommendations
    pane.show_for(corners["j0"])
    qtbot.waitUntil(lambda: pane.list.count() > 0, timeout=WAIT_MS)
    item = pane.list.item(0)
    picked = pane.recommendations[0].track.track_id
    pane.list.itemActivated.emit(item)
    # The GUI thread has seen the change (the player's own attribute moves first) and any
    # refill it started has finished, so the queue read below is the settled one.
    qtbot.waitUntil(
        lambda: (
            controller._last_track is not None
            and controller._last_track.track_id == picked
            and _radio_idle(controller)
        ),
        timeout=WAIT_MS,
    )
    wait_jobs(desktop)
    after = _queued(player)
    assert len(after) >= len(before) + 1
    assert after[: len(before) + 1] == [before[0], picked, *before[1:]]
    assert controller.radio is not None  # the station carries on after the pick
    window.sidebar.select("Queue")
    qtbot.waitUntil(
        lambda: window.queue.summary.text().startswith(
            f"{count_of(len(_queued(player)), 'song')} ·"
        ),
        timeout=WAIT_MS,
    )


def test_radio_from_the_playing_song_keeps_it_playing_shows_the_seed_and_stops(
    qtbot, desktop, wait_jobs, corners
) -> None:
    window, player, controller = desktop.window, desktop.player, desktop.window.controller
    controller.play_tracks([corners["r2"], corners["j1"], corners["j2"]])
    qtbot.waitUntil(lambda: player.state == "playing", timeout=WAIT_MS)
    player.seek(12.0)
    player.pause()  # the position now moves only if something restarts the song
    qtbot.waitUntil(lambda: player.state == "paused", timeout=WAIT_MS)
    decoder = player._lineup.playing
    window.recommendations.show_for(corners["r2"])
    window.recommendations.radio_button.click()
    qtbot.waitUntil(
        lambda: len(player.queue.upcoming()) >= 3 and _radio_idle(controller), timeout=WAIT_MS
    )
    assert player.current.track_id == "r2" and player.state == "paused"
    assert player._lineup.playing is decoder  # not reopened: no restart from 0:00
    assert player.position() == pytest.approx(12.0, abs=0.2)
    assert all(t.track_id.startswith("r") for t in player.queue.upcoming())  # j1, j2 made way

    chip = window.now_playing.radio_chip
    assert chip.isVisible() and chip.text() == "Radio: Song r2"
    assert window.recommendations.radio_button.text() == "Stop radio"
    window.sidebar.select("Queue")
    assert "radio on, from “Song r2”" in window.queue.summary.text()
    assert window.queue.stop_radio_button.isVisible()
    chip.click()
    assert controller.radio is None
    assert not chip.isVisible()
    assert window.recommendations.radio_button.text() == "Start radio"
    assert not window.queue.stop_radio_button.isVisible()
    assert player.current.track_id == "r2"  # stopping the radio does not stop the music


def test_the_queue_view_lists_the_shuffled_order(qtbot, desktop, corners) -> None:
    window, player, controller = desktop.window, desktop.player, desktop.window.controller
    controller.play_tracks(list(corners.values()), 0)
    qtbot.waitUntil(lambda: player.current is not None, timeout=WAIT_MS)
    controller.set_shuffle(True)
    window.sidebar.select("Queue")
    listed = [t.track_id for t in window.queue.list.tracks()]
    assert listed == [player.queue.tracks.track_id(i) for i in player.queue.order]
    assert listed != _queued(player)  # 12 songs: the shuffled order is not the list order
    assert listed[0] == player.current.track_id
    window.queue.list.setCurrentRow(3)
    window.queue.remove_button.click()
    assert listed[3] not in _queued(player)


def test_every_song_list_offers_play_next_and_add_to_queue(qtbot, desktop, corners) -> None:
    window = desktop.window
    lists = [window.home.popular, window.home.recent, window.mixes.tracks]
    lists.append(window.recommendations.list)
    for song_list in lists:
        labels = [label for label, _fn in song_list.menu_actions]
        assert labels[:2] == ["Play next", "Add to queue"], song_list
    menu = window.library.menu_for(0)
    texts = [a.text() for a in menu.actions()]
    assert {"Play next", "Add to queue", "Start radio"} <= set(texts)

    player, controller = desktop.player, window.controller
    controller.play_tracks([corners["r0"], corners["r1"]])
    qtbot.waitUntil(lambda: player.current is not None, timeout=WAIT_MS)
    controller.play_next([corners["j0"], corners["j1"]])
    assert _queued(player) == ["r0", "j0", "j1", "r1"]


def test_plurals() -> None:
    assert count_of(1, "song") == "1 song"
    assert count_of(2, "song") == "2 songs"
    assert count_of(0, "song") == "0 songs"


def test_a_dot_on_the_sound_map_plays_now_and_keeps_the_queue(
    qtbot, desktop, wait_jobs, corners
) -> None:
    from PySide6.QtCore import Qt

    window, player, controller = desktop.window, desktop.player, desktop.window.controller
    controller.play_tracks([corners["r0"], corners["r1"]])
    qtbot.waitUntil(lambda: player.current is not None, timeout=WAIT_MS)
    window.sidebar.select("Mixes")
    wait_jobs(desktop)
    sound_map = window.mixes.sound_map
    qtbot.waitUntil(lambda: sound_map.size_of_map == len(corners), timeout=WAIT_MS)
    point = sound_map.point_of("j0")
    qtbot.mouseClick(sound_map, Qt.MouseButton.LeftButton, pos=point.toPoint())
    qtbot.waitUntil(lambda: player.current.track_id == "j0", timeout=WAIT_MS)
    assert _queued(player) == ["r0", "j0", "r1"]


def test_the_queue_marks_the_playing_entry_not_every_copy_of_its_song(
    qtbot, desktop, corners
) -> None:
    window, player, controller = desktop.window, desktop.player, desktop.window.controller
    tracks = list(corners.values())
    controller.play_tracks(tracks, 0, context="Library")
    qtbot.waitUntil(lambda: player.current is not None, timeout=WAIT_MS)
    again = tracks[4]
    controller.play_now(again)  # a recommendation: a copy plays next, the list keeps its own
    # …and the window has heard of the change (the player's attribute moves first).
    qtbot.waitUntil(lambda: window.windowTitle().startswith(again.title), timeout=WAIT_MS)
    window.sidebar.select("Queue")
    qtbot.waitUntil(lambda: window.queue.list.count() == len(tracks) + 1, timeout=WAIT_MS)
    rows = window.queue.list
    ids = [t.track_id for t in rows.tracks()]
    assert ids.count(again.track_id) == 2
    bold = [r for r in range(rows.count()) if rows.item(r).font().bold()]
    assert bold == [ids.index(again.track_id)]  # the entry playing, at the top of what is next
