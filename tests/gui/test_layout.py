"""Layout: Title keeps priority and every column is resizable; long texts elide instead of
widening the window; Settings lists the library folders; indicators show on the dark theme."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray, QPoint, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QHeaderView,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QStyle,
    QStyleOptionButton,
    QStyleOptionComboBox,
    QStyleOptionSpinBox,
    QTableView,
    QToolBar,
    QToolButton,
    QWidget,
)

from desktop.models.library_columns import (
    COL_ANALYSED,
    COL_ARTIST,
    COL_DURATION,
    COL_GENRE,
    COL_PLAYS,
    COL_TITLE,
)
from desktop.models.library_model import LibraryModel
from desktop.views.library import CONTENT_SIZED, DEFAULT_WIDTHS, HIDDEN_AT_FIRST
from desktop.widgets.assets import theme
from desktop.widgets.column_fit import TITLE_SHARE, FittedHeader
from engine.config import load_config
from tests.gui.conftest import WAIT_MS, write_tone

pytestmark = pytest.mark.gui
BACKGROUND = QColor("#1d232b")


def _settle() -> None:
    QApplication.processEvents()  # posted layout requests run: sizes are final


def test_title_takes_the_room_and_every_column_is_resizable(qtbot) -> None:
    table = QTableView()
    header = FittedHeader(COL_TITLE, DEFAULT_WIDTHS, table)
    table.setHorizontalHeader(header)
    table.setModel(LibraryModel(table))
    header.apply_defaults()
    qtbot.addWidget(table)
    table.resize(1000, 400)
    table.show()
    _settle()
    modes = {header.sectionResizeMode(c) for c in range(header.count())}
    assert modes == {QHeaderView.ResizeMode.Interactive}
    sizes = [header.sectionSize(c) for c in range(header.count())]
    assert sizes[COL_TITLE] == max(sizes)
    assert sum(sizes) == header.width()  # no gap, no scrollbar

    header.resizeSection(COL_ARTIST, sizes[COL_ARTIST] + 40)  # as a drag does
    after = [header.sectionSize(c) for c in range(header.count())]
    assert after[COL_ARTIST] == sizes[COL_ARTIST] + 40
    assert after[COL_TITLE] == sizes[COL_TITLE] - 40  # Title gave the room
    assert sum(after) == header.width()

    header.resizeSection(COL_ARTIST, 2000)  # wider than the table: Title keeps its share
    assert header.sectionSize(COL_TITLE) >= TITLE_SHARE * header.width() - 1
    table.resize(1400, 400)  # wider: still no column narrower than its header
    _settle()
    assert all(header.sectionSize(c) >= header.needed(c) for c in range(header.count()))


def _library_table(qtbot, state: QByteArray | None = None) -> tuple[QTableView, FittedHeader]:
    table = QTableView()
    header = FittedHeader(
        COL_TITLE, DEFAULT_WIDTHS, table, content_sized=CONTENT_SIZED, hidden=HIDDEN_AT_FIRST
    )
    table.setHorizontalHeader(header)
    table.setModel(LibraryModel(table))
    table.setSortingEnabled(True)
    table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
    header.apply_defaults()
    if state is not None:
        assert header.restore(state)
    qtbot.addWidget(table)
    table.resize(764, 400)  # the table's width in a 1280 x 800 window
    table.show()
    _settle()
    return table, header


def test_numbers_take_their_content_width_and_analysed_shows_when_asked(qtbot) -> None:
    _table, header = _library_table(qtbot)
    assert header.isSectionHidden(COL_ANALYSED)
    for column in (COL_DURATION, COL_PLAYS):  # no more than header text or cells need
        assert header.sectionSize(column) == header.content_width(column)
    sizes = [header.sectionSize(c) for c in range(header.count())]
    assert sizes[COL_TITLE] == max(sizes) and sum(sizes) == header.width()

    menu = header.column_menu()
    entries = {a.text(): a for a in menu.actions()}
    assert set(entries) == {"Artist", "Album", "Genre", "Duration", "Plays", "Analysed"}
    assert not entries["Analysed"].isChecked() and entries["Plays"].isChecked()
    entries["Analysed"].trigger()
    _settle()
    assert not header.isSectionHidden(COL_ANALYSED)
    assert header.sectionSize(COL_ANALYSED) >= header.needed(COL_ANALYSED)
    entries["Genre"].trigger()
    _settle()
    assert header.isSectionHidden(COL_GENRE)

    _again, restored = _library_table(qtbot, header.saved_state())  # the next run
    assert not restored.isSectionHidden(COL_ANALYSED) and restored.isSectionHidden(COL_GENRE)


def test_sorting_by_a_column_makes_room_for_its_arrow(qtbot) -> None:
    table, header = _library_table(qtbot)
    before = header.sectionSize(COL_DURATION)
    table.sortByColumn(COL_DURATION, Qt.SortOrder.AscendingOrder)
    _settle()
    assert header.sectionSize(COL_DURATION) > before
    assert header.sectionSize(COL_DURATION) == header.needed(COL_DURATION)


def test_a_long_summary_elides_and_never_widens_the_window(desktop) -> None:
    window = desktop.window
    window.sidebar.select("Library")
    _settle()
    width = window.width()
    panel = window.library.import_panel
    summary = "imported 77 new; " + "1540 neighbours written in 84.6 s " * 15
    summary = summary[:500]
    panel.start()
    panel.finish(summary)
    window.statusBar().showMessage(summary)
    window.show_output_problem(summary)
    window.recommendations.seed_title.setText(summary)
    _settle()
    assert window.width() == width
    assert window.minimumSizeHint().width() <= width
    assert panel.stage.text() == summary  # the full text is kept…
    assert panel.stage.shown_text().endswith("…")  # …the label shows what fits
    assert summary.split(";")[0] in panel.stage.toolTip()


def test_settings_lists_the_imported_folder_and_can_remove_and_rescan(
    qtbot, desktop, wait_jobs, tmp_path: Path
) -> None:
    window = desktop.window
    music = _import_one_tone(qtbot, window, tmp_path)
    wait_jobs(desktop)
    folders = window.settings.folders
    assert folders.folders() == (str(music),)
    assert load_config().library_folders == (str(music),)  # kept without pressing Save

    folders.list.setCurrentRow(0)
    with qtbot.waitSignal(folders.importRequested) as rescan:
        folders.rescan_button.click()
    assert rescan.args == [[str(music)]]
    qtbot.waitUntil(lambda: window._import_job is None, timeout=WAIT_MS)
    folders.list.setCurrentRow(0)
    folders.remove_button.click()
    assert folders.folders() == ()
    assert load_config().library_folders == ()
    wait_jobs(desktop)


def _themed(widget: QWidget) -> QImage:
    widget.setStyleSheet(theme())
    widget.resize(widget.sizeHint())
    widget.ensurePolished()
    return widget.grab().toImage()


def _contrast_pixels(image: QImage, rect, against: QColor) -> int:
    """Pixels inside ``rect`` that differ clearly from ``against`` (sum of channel gaps)."""
    count = 0
    for x in range(max(rect.left(), 0), min(rect.right() + 1, image.width())):
        for y in range(max(rect.top(), 0), min(rect.bottom() + 1, image.height())):
            c = image.pixelColor(QPoint(x, y))
            gap = abs(c.red() - against.red()) + abs(c.green() - against.green())
            if gap + abs(c.blue() - against.blue()) > 150:
                count += 1
    return count


@pytest.mark.parametrize("checked", [False, True])
def test_radio_buttons_show_on_the_dark_theme(qapp, checked: bool) -> None:
    button = QRadioButton("Embedded")
    button.setChecked(checked)
    image = _themed(button)
    option = QStyleOptionButton()
    option.initFrom(button)
    indicator = button.style().subElementRect(
        QStyle.SubElement.SE_RadioButtonIndicator, option, button
    )
    assert _contrast_pixels(image, indicator, QColor("#14181e")) >= 20


def test_spin_box_arrows_show_on_the_dark_theme(qapp) -> None:
    spin = QSpinBox()
    spin.setRange(1, 64)
    spin.setValue(4)
    image = _themed(spin)
    option = QStyleOptionSpinBox()
    option.initFrom(spin)
    option.subControls = (
        QStyle.SubControl.SC_SpinBoxUp
        | QStyle.SubControl.SC_SpinBoxDown
        | QStyle.SubControl.SC_SpinBoxFrame
        | QStyle.SubControl.SC_SpinBoxEditField
    )
    option.stepEnabled = spin.stepEnabled() if hasattr(spin, "stepEnabled") else option.stepEnabled
    for control in (QStyle.SubControl.SC_SpinBoxUp, QStyle.SubControl.SC_SpinBoxDown):
        rect = spin.style().subControlRect(QStyle.ComplexControl.CC_SpinBox, option, control, spin)
        assert rect.width() >= 12, control
        assert _contrast_pixels(image, rect, QColor("#2b333d")) >= 6, control


def test_the_combo_box_arrow_shows_on_the_dark_theme(qapp) -> None:
    combo = QComboBox()
    combo.addItems(["System default", "null"])
    image = _themed(combo)
    option = QStyleOptionComboBox()
    option.initFrom(combo)
    arrow = combo.style().subControlRect(
        QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxArrow, combo
    )
    assert arrow.width() >= 12
    assert _contrast_pixels(image, arrow, BACKGROUND) >= 6


def test_a_tool_bars_extension_button_shows_on_the_dark_theme(qtbot) -> None:
    page = QWidget()
    bar = QToolBar(page)
    for i in range(6):
        bar.addAction(f"Action number {i}")
    page.setStyleSheet(theme())
    qtbot.addWidget(page)
    bar.resize(200, 40)
    page.resize(200, 40)
    page.show()
    _settle()
    more = bar.findChild(QToolButton, "qt_toolbar_ext_button")
    assert more is not None and more.isVisible()  # the actions did not fit: » shows
    assert _contrast_pixels(more.grab().toImage(), more.rect(), QColor("#14181e")) >= 20


def test_no_page_sets_a_window_minimum_wider_than_a_small_screen(desktop) -> None:
    """Every page scrolls or elides: the window fits a 1024-px screen with room to spare."""
    window = desktop.window
    wide = {
        type(window.pages.widget(i)).__name__: window.pages.widget(i).minimumSizeHint().width()
        for i in range(window.pages.count())
    }
    assert window.minimumSizeHint().width() <= 800, wide


def test_a_disabled_accent_button_looks_disabled(qapp) -> None:
    shots = []
    for enabled in (True, False):
        button = QPushButton("Start radio")
        button.setObjectName("accent")
        button.setEnabled(enabled)
        shots.append(_themed(button))
    enabled_shot, disabled_shot = shots
    centre = QPoint(4, enabled_shot.height() // 2)  # left of the text, inside the button
    assert enabled_shot.pixelColor(centre).name() == "#1db980"  # the accent green
    assert disabled_shot.pixelColor(centre).name() != "#1db980"  # not pressable: not green


@pytest.mark.parametrize("card", ["empty", "import"])
def test_labels_on_a_card_take_the_cards_colour(qapp, card: str) -> None:
    from desktop.widgets.empty_library import EmptyLibrary
    from desktop.widgets.import_panel import ImportPanel
    from desktop.widgets.labels import PlainLabel

    widget = EmptyLibrary() if card == "empty" else ImportPanel()
    widget.resize(700, 240)
    image = _themed(widget)
    labels = [label for label in widget.findChildren(PlainLabel) if label.isVisibleTo(widget)]
    assert labels
    for label in labels:
        # A label's corner is its background: the window's grey drew a band across the card.
        corner = label.mapTo(widget, QPoint(1, 1))
        assert image.pixelColor(corner).name() == "#1a2028", label.objectName()


def test_long_because_titles_elide_and_home_never_scrolls_sideways(desktop) -> None:
    from PySide6.QtWidgets import QScrollArea

    from desktop.services import HomeData

    window = desktop.window
    window.sidebar.select("Home")
    width = window.width()
    title = "Because you liked" + " K. Quita's Background Music" * 3
    home = window.home
    home.show_data(HomeData(has_history=True, because=[(title, [])] * 3))
    _settle()
    scroll = home.findChild(QScrollArea)
    assert window.width() == width
    assert not scroll.horizontalScrollBar().isVisible()
    shown = [label for label in home.because_titles if not label.isHidden()]
    assert len(shown) == 3
    for label in shown:
        assert label.text() == title and label.shown_text().endswith("…")
        assert label.toolTip()


def _dialog_opens_in(button: QPushButton) -> str:
    """Click ``button``, read the folder its file dialog opened in, and cancel the dialog."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QFileDialog

    seen: list[str] = []

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(10, look)  # not shown yet: look again once it is
            return
        seen.append(dialog.directory().absolutePath())
        dialog.reject()

    QTimer.singleShot(0, look)
    button.click()
    return seen[0]


def test_every_folder_dialog_opens_where_the_last_import_came_from(
    qtbot, desktop, wait_jobs, tmp_path: Path
) -> None:
    window = desktop.window
    music = _import_one_tone(qtbot, window, tmp_path)
    wait_jobs(desktop)
    # Settings → Add folder opened in the home folder, whatever had been imported.
    assert _dialog_opens_in(window.settings.folders.add_button) == str(music)
    assert _dialog_opens_in(window.library.import_button) == str(music)


def test_the_now_playing_bar_keeps_its_height_when_radio_starts_and_stops(desktop) -> None:
    from engine.models import Track

    window = desktop.window
    bar = window.now_playing
    _settle()
    height, page_height = bar.height(), window.pages.height()
    bar.show_radio(Track("s1", "/m/s1.ogg", "A seed song", "Ann", "First"))
    _settle()
    assert not bar.radio_chip.isHidden()
    assert (bar.height(), window.pages.height()) == (height, page_height)
    bar.show_radio(None)
    _settle()
    assert bar.radio_chip.isHidden()
    assert (bar.height(), window.pages.height()) == (height, page_height)


def test_every_playlist_button_shows_at_the_default_size(desktop) -> None:
    window = desktop.window
    window.resize(1280, 800)
    window.sidebar.select("Playlists")
    _settle()
    view = window.playlists.view
    buttons = (view.new_button, view.rename_button, view.delete_button)
    buttons += (view.import_button, view.export_button, view.play_button, view.remove_button)
    # A tool bar hides what does not fit behind its » button: M3U import/export were there.
    assert [b.accessibleName() for b in buttons if not b.isVisible()] == []


def test_long_mix_names_elide_with_the_full_text_in_a_tooltip(desktop) -> None:
    from PySide6.QtCore import Qt

    from engine.models import Track
    from engine.recommend.popular import Mix

    window = desktop.window
    window.resize(1280, 800)
    window.sidebar.select("Mixes")
    width = window.width()
    name = "Romantic Classical · Calm · Steady · " + "Very Long Genre Name " * 4
    song = Track("s1", "/m/s1.ogg", "A song with a rather long title indeed", "Ann", "First")
    mixes = window.mixes
    mix = Mix(0, name.strip(), 20, (song,))
    mixes.show_mixes([(mix, [song, song, song])])
    mixes.show_mix_tracks(mix, [song])
    _settle()
    listing = mixes.mix_list
    assert not listing.horizontalScrollBar().isVisible()  # the row elides instead
    assert listing.textElideMode() == Qt.TextElideMode.ElideRight
    assert name.strip() in listing.item(0).toolTip()  # what the elided row cut, in full
    assert mixes.mix_title.shown_text().endswith("…")
    assert window.width() == width


def _import_one_tone(qtbot, window, tmp_path: Path) -> Path:
    """A folder of one short tone, imported (scan only) as a drop or either dialog would."""
    music = tmp_path / "music"
    music.mkdir()
    write_tone(music / "a.wav", 1.0)
    window.services.import_stages = ("scan",)
    window.start_import([str(music)])
    qtbot.waitUntil(lambda: window._import_job is None, timeout=WAIT_MS)
    return music
