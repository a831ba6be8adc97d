"""The Settings page never shows a MongoDB password, and saving it never writes one that came
from ENCORE_MONGO_PASSWORD into config.toml."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.gui

SECRET = "s3cr@t:pw"


def _view(qtbot, config):
    from desktop.bridge import GuiCaller
    from desktop.views.settings import SettingsView
    from desktop.workers import Workers

    workers = Workers(GuiCaller())
    view = SettingsView(config, workers)
    qtbot.addWidget(view)
    return view, workers


def test_password_from_the_environment_is_neither_shown_nor_saved(
    qtbot, qapp, tmp_path: Path
) -> None:
    from engine.config import load_config

    file = tmp_path / "config.toml"
    env = {
        "ENCORE_HOME": str(tmp_path),
        "ENCORE_MONGO": "mongodb://127.0.0.1:27017/encore?authSource=admin",
        "ENCORE_MONGO_USER": "encore",
        "ENCORE_MONGO_PASSWORD": SECRET,
    }
    config = load_config(env=env, path=file)
    assert "s3cr" in config.mongo_uri  # merged in, percent-encoded: what pymongo connects with
    view, workers = _view(qtbot, config)
    try:
        shown = view.mongo.text()
        assert "s3cr" not in shown and "encore@" not in shown
        assert shown.startswith("mongodb://127.0.0.1:27017/encore")
        assert view.edited_config().mongo_uri == config.mongo_uri  # unchanged field: kept
        view.save()
        text = file.read_text(encoding="utf-8")
        assert 'mongo = "mongodb://127.0.0.1:27017/encore?authSource=admin"' in text
        assert "s3cr" not in text and "encore@" not in text
        # With the same environment the next start connects with the credentials again.
        assert load_config(env=env, path=file).mongo_uri == config.mongo_uri
    finally:
        workers.shutdown()


def test_a_password_written_in_the_file_is_hidden_but_kept(qtbot, qapp, tmp_path: Path) -> None:
    from engine.config import load_config

    file = tmp_path / "config.toml"
    uri = "mongodb://me:hunter22@127.0.0.1:27017/encore"
    file.write_text(f'mongo = "{uri}"\n', encoding="utf-8")
    config = load_config(env={"ENCORE_HOME": str(tmp_path)}, path=file)
    view, workers = _view(qtbot, config)
    try:
        assert "hunter22" not in view.mongo.text()
        assert view.mongo_uri() == uri  # the connection test and the save use the real one
        view.save()
        assert load_config(env={"ENCORE_HOME": str(tmp_path)}, path=file).mongo_uri == uri
        view.mongo.setText("mongodb://127.0.0.1:27018/other")  # an edit replaces it
        assert view.edited_config().mongo_uri == "mongodb://127.0.0.1:27018/other"
    finally:
        workers.shutdown()


def test_notifications_setting_round_trips(qtbot, qapp, tmp_path: Path) -> None:
    from engine.config import load_config

    file = tmp_path / "config.toml"
    env = {"ENCORE_HOME": str(tmp_path)}
    config = load_config(env=env, path=file)
    assert config.notifications is True
    view, workers = _view(qtbot, config)
    try:
        view.notifications.setChecked(False)
        view.save()
        assert "notifications = false" in file.read_text(encoding="utf-8")
        assert load_config(env=env, path=file).notifications is False
        assert load_config(env={**env, "ENCORE_NOTIFICATIONS": "on"}, path=file).notifications
    finally:
        workers.shutdown()
