"""The desktop starts whatever the config file holds, and says what it could not use."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest

from desktop.widgets.labels import PlainLabel

pytestmark = pytest.mark.gui


def test_desktop_starts_on_defaults_with_an_unreadable_config(
    qtbot, qapp, encore_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from desktop.app import start_desktop
    from engine.playback.output import NullOutput

    config_file = Path(os.environ["ENCORE_CONFIG"])
    # What the old hand-written writer produced for a folder whose name holds a newline.
    config_file.write_text('analysis_workers = 2\nlibrary_folders = ["/music/a\nb"]\n')
    app = start_desktop(output=NullOutput(realtime=True, keep=False))
    try:
        qtbot.addWidget(app.window)
        app.window.show()
        notice = app.window.findChild(PlainLabel, "configNotice")
        assert notice is not None and notice.isVisible()
        assert str(config_file) in notice.text() and "line 2" in notice.text()
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and str(config_file) in err[0] and "config.toml.bad" in err[0]
        assert app.ctx.config.library_folders == ()
        assert (config_file.parent / "config.toml.bad").is_file() and not config_file.exists()
    finally:
        app.window.close()
        app.close()


def test_desktop_ignores_a_bad_environment_value(
    qtbot, qapp, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.app import start_desktop
    from engine.playback.output import NullOutput

    monkeypatch.setenv("ENCORE_WORKERS", "lots")
    app = start_desktop(output=NullOutput(realtime=True, keep=False))
    try:
        qtbot.addWidget(app.window)
        notice = app.window.findChild(PlainLabel, "configNotice")
        assert notice is not None and notice.text().startswith("ENCORE_WORKERS: invalid value")
        assert app.ctx.config.analysis_workers == (os.cpu_count() or 1)
    finally:
        app.window.close()
        app.close()


def test_settings_keep_a_folder_name_that_is_not_utf8_exactly(qtbot, qapp, tmp_path: Path) -> None:
    from desktop.bridge import GuiCaller
    from desktop.views.settings import SettingsView
    from desktop.workers import Workers
    from engine.config import load_config, save_config

    odd = os.fsdecode(os.fsencode(tmp_path) + b"/caf\xe9\nlive \\x41")
    plain = str(tmp_path / "plain")
    for folder in (odd, plain):
        os.mkdir(folder)
    save_config(replace(load_config(), library_folders=(odd, plain)))
    view = SettingsView(load_config(), Workers(GuiCaller()))
    qtbot.addWidget(view)
    shown = view.folders.list.item(0).text()
    assert shown.endswith("/caf\\xe9\nlive \\x41")  # readable, undecodable byte as \xe9
    assert view.folders.folders() == (odd, plain)
    view.save()
    assert load_config().library_folders == (odd, plain)
