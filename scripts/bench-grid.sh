#!/usr/bin/env bash
# Scroll bench of the Faces view's virtualised grid with 20,000 faces, in the real app
# window under Xvfb (tests/e2e/grid-bench.mjs). A bench, not a test: it prints figures
# and asserts no time. Not part of scripts/test.sh.
#
# Builds the UI (the app embeds dist/), the release CLI and the release app; makes a
# library of >= 20,000 faces with `kindred bench scan --storage-only` (synthetic faces
# with real JPEG crops of the development photos, no face models needed), then runs the
# measurement. Figures: stdout and artifacts/grid-bench.json.
#
# The figures depend much on WebKitGTK's renderer. Under Xvfb (no GPU) the DMA-BUF
# renderer composites through Mesa's software GL and frames take several times longer
# than with the older renderer, so on a machine without a GPU render node the app sets
# WEBKIT_DISABLE_DMABUF_RENDERER=1 unless the variable is set (src-tauri/src/main.rs). Any WEBKIT_* variable set here
# reaches the app and is recorded in the JSON ("default" in the output means: the app's
# choice), so
#   WEBKIT_DISABLE_DMABUF_RENDERER=0 bash scripts/bench-grid.sh
# measures the DMA-BUF path. The machine's load is printed before and after: on 2 shared
# cores it moves the figures as much as a code change does, so compare builds in
# alternating runs.
#
# Env: GRID_BENCH_PHOTOS (photos in the library, default 14000: ~21,000 faces),
#      GRID_BENCH_WORK (keep the library there and reuse it on the next run; default a
#      temporary folder removed afterwards), GRID_BENCH_STEP / GRID_BENCH_FLING (px per
#      frame), GRID_BENCH_LABEL, GRID_BENCH_OUT, KINDRED_BENCH_PHOTOS (source photos),
#      GRID_BENCH_NO_BUILD=1 (use the binaries already built).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup-app.sh

PHOTOS="${GRID_BENCH_PHOTOS:-14000}"
TARGET="${CARGO_TARGET_DIR:-$PWD/target}"

if [ -z "${KINDRED_BENCH_PHOTOS:-}" ]; then
  d="$PWD/../shared/data/devfaces/images"
  if [ -d "$d" ]; then KINDRED_BENCH_PHOTOS="$(cd "$d" && pwd)"; fi
fi
if [ -z "${KINDRED_BENCH_PHOTOS:-}" ]; then
  echo "bench-grid: no source photos (set KINDRED_BENCH_PHOTOS to a folder of photos)" >&2
  exit 2
fi

if [ "${GRID_BENCH_NO_BUILD:-}" != 1 ]; then
  npm run build --silent
  cargo build --release --bin kindred
  cargo build --release -p kindred-app
fi

if [ -n "${GRID_BENCH_WORK:-}" ]; then
  WORK="$GRID_BENCH_WORK"
  mkdir -p "$WORK"
else
  WORK="$(mktemp -d "${TMPDIR:-/tmp}/kindred-grid-bench-XXXXXX")"
  trap 'rm -rf "$WORK"' EXIT
fi
DB="$WORK/bench-$PHOTOS.sqlite3"
if [ ! -s "$DB" ]; then
  echo "bench-grid: making a library of $PHOTOS photos in $WORK"
  # Leaves $WORK/library-$PHOTOS (the photos) and $WORK/bench-$PHOTOS.sqlite3 behind.
  "$TARGET/release/kindred" bench scan "$KINDRED_BENCH_PHOTOS" --photos "$PHOTOS" --storage-only --work-dir "$WORK" \
    | tee "$WORK/scan.txt"
fi

# The app may write to its database (migrations, settings): measure on a copy, so every
# run starts from the same library.
RUN_DB="$WORK/run.sqlite3"
rm -f "$RUN_DB" "$RUN_DB-wal" "$RUN_DB-shm"
cp "$DB" "$RUN_DB"

export KINDRED_DB="$RUN_DB"
export KINDRED_APP="$TARGET/release/kindred-app"
export KINDRED_MODELS="${KINDRED_MODELS:-$PWD/models}"
export TAURI_DRIVER="$(command -v tauri-driver || echo "$HOME/.cargo/bin/tauri-driver")"
echo "bench-grid: load before the run: $(uptime)"
xvfb-run -a -s "-screen 0 1400x900x24" node tests/e2e/grid-bench.mjs
echo "bench-grid: load after the run: $(uptime)"
