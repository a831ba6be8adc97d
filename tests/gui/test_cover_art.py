"""Cover art in the now-playing bar: the picture embedded in the file, else cover.jpg beside it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QColor, QImage

from engine.models import Track
from tests.audio_files import silent_flac
from tests.gui.conftest import WAIT_MS, write_tone

pytestmark = pytest.mark.gui


def _jpeg(colour: str) -> bytes:
    image = QImage(64, 64, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert image.save(buffer, "JPEG")
    return bytes(data.data())


def _shown_colour(bar) -> QColor:
    image = bar.cover.pixmap().toImage()
    return image.pixelColor(image.width() // 2, image.height() // 2)


def _play_and_wait_for_cover(qtbot, desktop, track: Track) -> None:
    bar = desktop.window.now_playing
    bar.cover.clear_cover()
    desktop.window.controller.play_tracks([track])
    qtbot.waitUntil(lambda: bar.cover.has_cover, timeout=WAIT_MS)


def test_embedded_cover_wins_and_folder_image_is_the_fallback(
    qtbot, desktop, tmp_path: Path
) -> None:
    album = tmp_path / "album"
    album.mkdir()
    (album / "cover.jpg").write_bytes(_jpeg("#0000ff"))  # blue beside the files
    embedded = silent_flac(
        album / "01.flac", _jpeg("#ff0000"), seconds=1, rate=44100, mime="image/jpeg"
    )  # red inside the file
    plain = write_tone(album / "02.wav")
    bar = desktop.window.now_playing

    _play_and_wait_for_cover(qtbot, desktop, Track("a", str(embedded), "Embedded", duration=1))
    red = _shown_colour(bar)
    assert red.red() > 200 and red.blue() < 60, red.name()

    _play_and_wait_for_cover(qtbot, desktop, Track("b", str(plain), "Folder", duration=2))
    blue = _shown_colour(bar)
    assert blue.blue() > 200 and blue.red() < 60, blue.name()
    assert bar.cover.pixmap().width() == bar.cover.width()  # scaled to the bar's square


def test_no_cover_shows_the_placeholder(qtbot, desktop, tmp_path: Path) -> None:
    track = Track("c", str(write_tone(tmp_path / "lonely.wav")), "No art", duration=2)
    with qtbot.waitSignal(
        desktop.workers.jobFinished, timeout=WAIT_MS, check_params_cb=lambda j: j.name == "cover"
    ):
        desktop.window.controller.play_tracks([track])
    assert desktop.window.now_playing.cover.has_cover is False


def test_the_cover_is_scaled_for_the_screens_pixel_ratio(qtbot, tmp_path: Path) -> None:
    from desktop.thumbnails import hidpi_pixmap
    from desktop.widgets.cover_art import CoverLabel

    (tmp_path / "folder.jpg").write_bytes(_jpeg("#00ff00"))
    label = CoverLabel(56)
    qtbot.addWidget(label)
    image = label.loader(str(tmp_path / "song.flac"))(None)
    ratio = label.devicePixelRatioF()
    assert image.width() == image.height() == round(56 * ratio)
    label.set_cover_image(image)
    assert label.has_cover and label.pixmap().deviceIndependentSize().width() == 56
    # What a 2× screen gets: twice the pixels, shown at the same size (not blurred up).
    sharp = hidpi_pixmap(image.scaled(112, 112), 56)
    assert sharp.devicePixelRatio() == 2.0
    assert sharp.deviceIndependentSize().width() == 56
