#!/usr/bin/env bash
# Tests of the desktop app: UI component tests (Vitest), the UI build, the shell's
# Rust tests (including the check that ui/src/lib/bindings.ts matches the commands),
# and the end-to-end test of the real window under Xvfb. Screenshots of every screen
# go to artifacts/screenshots/.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup-app.sh

export KINDRED_MODELS="${KINDRED_MODELS:-$PWD/models}"
# Photos for the end-to-end scan: $KINDRED_E2E_FOLDER, else the development photos in
# ../shared beside the checkout (CI clones the repository next to it), else
# face_recognition's test photos that models/build.sh downloads (a shorter scenario).
if [ -z "${KINDRED_E2E_FOLDER:-}" ]; then
  for d in "$PWD/../shared/data/devfaces/images" "$KINDRED_MODELS/cache/test_images"; do
    if [ -d "$d" ]; then KINDRED_E2E_FOLDER="$(cd "$d" && pwd)"; break; fi
  done
fi
export KINDRED_E2E_FOLDER="${KINDRED_E2E_FOLDER:-}"
echo "test-app: end-to-end scan of ${KINDRED_E2E_FOLDER:-(no photos found)}"

npm test --silent
npm run build --silent

# The default `custom-protocol` feature embeds dist/ (built above) into the binary.
cargo test -p kindred-app
cargo build -p kindred-app

TARGET="${CARGO_TARGET_DIR:-$PWD/target}"
export KINDRED_APP="$TARGET/debug/kindred-app"
export TAURI_DRIVER="$(command -v tauri-driver || echo "$HOME/.cargo/bin/tauri-driver")"
rm -rf artifacts/screenshots
xvfb-run -a -s "-screen 0 1400x900x24" node tests/e2e/run.mjs
