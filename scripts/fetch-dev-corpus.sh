#!/usr/bin/env bash
# fetch-dev-corpus.sh - the larger development corpus for recommendation-quality work: every
# package of ../shared/corpus/extra-packages.txt and no other.
#
# Usage:  sudo scripts/fetch-dev-corpus.sh [OUTDIR]      (default /work/corpus-more; never in the repo)
# Does:   the first 23 packages (more-packages.txt) through the corpus's own fetch-more.sh into
#         OUTDIR/more (skipped when OUTDIR/more/manifest.csv exists); the others (a few music
#         tracks among sound effects) with apt-get download + dpkg -x and
#         scripts/build_extra_albums.py into OUTDIR/extra (files >= 60 s, albums >= 4 tracks).
# Output: OUTDIR/manifest.csv over both (path,source_package,album,artist,title,genre_guess,
#         duration_s,format,license; paths relative to OUTDIR), readable by bench/quality_bench.py.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
TOOLS=${CORPUS_TOOLS:-$HERE/../../shared/corpus}
OUTDIR=${1:-/work/corpus-more}
[ -f "$TOOLS/extra-packages.txt" ] || { echo "fetch-dev-corpus.sh: $TOOLS/extra-packages.txt not found (set CORPUS_TOOLS)" >&2; exit 1; }
if [ "$(id -u)" != 0 ]; then echo "fetch-dev-corpus.sh: run as root (apt-get)" >&2; exit 1; fi
words() { sed 's/#.*//' "$1" | tr -s ' \t' '\n' | grep -v '^$'; }
EXTRA=$(comm -23 <(words "$TOOLS/extra-packages.txt" | sort) <(words "$TOOLS/more-packages.txt" | sort) | tr '\n' ' ')
mkdir -p "$OUTDIR"; OUTDIR=$(cd "$OUTDIR" && pwd)

if [ ! -f "$OUTDIR/more/manifest.csv" ]; then
  "$TOOLS/fetch-more.sh" "$OUTDIR/more"   # also installs ffmpeg, fluidsynth and the GM soundfont
fi

TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
mkdir -p "$TMP/debs" "$TMP/x"
( cd "$TMP/debs" && apt-get download $EXTRA 2>&1 | grep -v 'Download is performed unsandboxed' || true )
for p in $EXTRA; do
  deb=$(ls "$TMP/debs/${p}_"*.deb 2>/dev/null | head -1) || true
  [ -n "$deb" ] || { echo "fetch-dev-corpus.sh: download of $p failed" >&2; exit 1; }
  mkdir -p "$TMP/x/$p"; dpkg -x "$deb" "$TMP/x/$p"
done
python3 "$HERE/build_extra_albums.py" "$TMP/x" "$OUTDIR/extra" $EXTRA

python3 - "$OUTDIR" <<'PY'
import csv, sys
out = sys.argv[1]
rows = []
for part in ("more", "extra"):
    with open(f"{out}/{part}/manifest.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            row["path"] = f"{part}/{row['path']}"
            rows.append(row)
with open(f"{out}/manifest.csv", "w", encoding="utf-8", newline="") as fh:
    w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n", extrasaction="ignore")
    w.writeheader()
    w.writerows(rows)
print(f"dev corpus: {len(rows)} tracks, {len({r['album'] for r in rows})} albums -> {out}/manifest.csv", file=sys.stderr)
PY
