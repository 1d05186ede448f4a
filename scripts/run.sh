#!/usr/bin/env bash
# Installs whatever is missing, builds the desktop app and opens it.
# Extra arguments go to the app.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
export KINDRED_MODELS="$PWD/models"

if [ -d src-tauri ]; then
  npm run build --silent
  cargo build --release -p kindred-app
  if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    echo "run: no display found (DISPLAY/WAYLAND_DISPLAY unset); start it from a desktop session" >&2
    exit 1
  fi
  exec target/release/kindred-app "$@"
else
  # No desktop shell in this checkout: show the pipeline on the development photos.
  cargo build --release
  photos=../shared/data/devfaces/images
  [ -d "$photos" ] || photos=models/cache/test_images
  exec target/release/kindred faces "$photos"/*
fi
