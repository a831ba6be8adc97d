"""The desktop entry and AppStream metainfo pass the freedesktop validators, and the install step
(run from the installed wheel, as scripts/install.sh runs it) puts entry, icons and metainfo
into a scratch ``$XDG_DATA_HOME`` where the desktop's own tools find them."""

from __future__ import annotations

import configparser
import shutil
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from desktop.app_id import APP_ID
from tests.packaging.conftest import REPO, installed_env

pytestmark = pytest.mark.slow

LINUX = REPO / "assets" / "linux"
PNG_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is not installed (scripts/install.sh --test installs it)")
    return path


def _validate(path: Path) -> None:
    if path.suffix == ".desktop":
        command = [_tool("desktop-file-validate"), str(path)]
    else:
        command = [_tool("appstreamcli"), "validate", "--no-net", "--explain", str(path)]
    result = subprocess.run(command, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    if path.suffix == ".desktop":
        assert result.stdout.strip() == "", result.stdout  # hints count too


def _groups(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # keys are case-sensitive
    parser.read(path, encoding="utf-8")
    return parser


def _entry(path: Path) -> configparser.SectionProxy:
    return _groups(path)["Desktop Entry"]


def _exec_argv(value: str) -> list[str]:
    """Split an Exec value as the desktop-entry spec says a launcher does."""
    text = value.replace("\\\\", "\\")  # the string escape comes first
    args: list[str] = []
    current, quoted, started, i = "", False, False, 0
    while i < len(text):
        c = text[i]
        if quoted and c == "\\" and text[i + 1 : i + 2] in ('"', "`", "$", "\\"):
            current, i = current + text[i + 1], i + 2
            continue
        if c == '"':
            quoted, started = not quoted, True
        elif c == " " and not quoted:
            if started:
                args.append(current)
            current, started = "", False
        else:
            current, started = current + c, True
        i += 1
    if started:
        args.append(current)
    return args


def test_the_shipped_files_are_valid_and_agree_with_the_project() -> None:
    entry_file, metainfo_file = LINUX / f"{APP_ID}.desktop", LINUX / f"{APP_ID}.metainfo.xml"
    _validate(entry_file)
    _validate(metainfo_file)
    entry = _entry(entry_file)
    assert entry["Icon"] == APP_ID and entry["Exec"] == "encore-desktop %F"
    mime = entry["MimeType"].rstrip(";").split(";")
    assert {"audio/mpeg", "audio/flac", "audio/ogg", "audio/mp4", "audio/x-wav"} <= set(mime)
    assert all(m.startswith("audio/") for m in mime)
    groups = _groups(entry_file)
    actions = {
        name: groups[f"Desktop Action {name}"]["Exec"]
        for name in entry["Actions"].rstrip(";").split(";")
    }
    assert actions == {
        "PlayPause": "encore-desktop --play-pause",
        "Next": "encore-desktop --next",
        "Previous": "encore-desktop --previous",
    }
    root = ET.parse(metainfo_file).getroot()
    assert root.findtext("id") == APP_ID
    assert root.find("launchable").text == f"{APP_ID}.desktop"
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    # AppStream needs the release in the file; it must be the one pyproject.toml declares.
    assert root.find("releases/release").get("version") == project["version"]
    assert root.findtext("project_license") == project["license"]


def test_the_install_step_fills_a_scratch_data_home(target: Path, tmp_path: Path) -> None:
    data_home = tmp_path / "xdg data"
    bin_dir = tmp_path / "my apps $HOME"  # reserved characters must be quoted in Exec
    bin_dir.mkdir()
    executable = bin_dir / "encore-desktop"
    shutil.copy2(target / "bin" / "encore-desktop", executable)
    env = installed_env(target, tmp_path / "home")
    env["XDG_DATA_HOME"] = str(data_home)
    code = (
        f"import sys; sys.path.insert(0, {str(target)!r}); "
        "from desktop.xdg_install import main; "
        f"sys.exit(main(['--exec', {str(executable)!r}]))"
    )
    result = subprocess.run(
        [sys.executable, "-I", "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert str(data_home) in result.stdout

    entry_file = data_home / "applications" / f"{APP_ID}.desktop"
    _validate(entry_file)
    _validate(data_home / "metainfo" / f"{APP_ID}.metainfo.xml")
    entry = _entry(entry_file)
    argv = _exec_argv(entry["Exec"])
    assert argv == [str(executable), "%F"]
    assert entry["TryExec"] == str(executable)
    groups = _groups(entry_file)
    for action, flag in (
        ("PlayPause", "--play-pause"),
        ("Next", "--next"),
        ("Previous", "--previous"),
    ):
        assert _exec_argv(groups[f"Desktop Action {action}"]["Exec"]) == [str(executable), flag]

    icons = data_home / "icons" / "hicolor"
    svg = icons / "scalable" / "apps" / f"{APP_ID}.svg"
    assert svg.read_bytes() == (REPO / "assets" / "encore.svg").read_bytes()
    for size in PNG_SIZES:
        png = (icons / f"{size}x{size}" / "apps" / f"{APP_ID}.png").read_bytes()
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
        assert (width, height) == (size, size)

    # update-desktop-database (desktop-file-utils) registered Encore for audio files.
    cache = (data_home / "applications" / "mimeinfo.cache").read_text(encoding="utf-8")
    assert f"audio/flac={APP_ID}.desktop;" in cache

    code = code.replace("'--exec'", "'--uninstall', '--exec'")
    result = subprocess.run(
        [sys.executable, "-I", "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert not entry_file.exists() and not svg.exists()
