#!/usr/bin/env bash
# Builds the installable package with Tauri's bundler:
#   target/release/bundle/deb/Kindred_<version>_amd64.deb
# holding the desktop app (/usr/bin/kindred-app, desktop entry, icons), the `kindred`
# command line (/usr/bin/kindred) and the model files with ONNX Runtime
# (/usr/lib/kindred/models, found by both binaries without any environment variable).
# Same set-up as the README's two commands first (Debian packages, npm, model files).
#
# No AppImage: Tauri's AppImage step downloads linuxdeploy and its plugins from GitHub
# at bundle time, which is not one of the registries this project may use.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh

TARGET="${CARGO_TARGET_DIR:-$PWD/target}"
start=$(date +%s)

# The command line is a binary of the workspace's other package, put into the .deb by
# tauri.conf.json's bundle.linux.deb.files. Built together with the app, so both use
# one set of dependency features and the core is compiled once, not twice.
npm run build --silent   # the UI the app embeds (tauri build runs it again: no change)
cargo build --release -p kindred-app -p kindred --bins

# tauri.conf.json names ../target/release/kindred for the CLI and strips both binaries
# (beforeBundleCommand: release builds keep line tables for backtraces, the package does
# not need them); follow CARGO_TARGET_DIR when it is set. (A --config changes
# TAURI_CONFIG, which makes the next plain cargo build compile the app again.)
config=()
if [ "$TARGET" != "$PWD/target" ]; then
  config=(--config "{\"build\": {\"beforeBundleCommand\": \"strip --strip-debug '$TARGET/release/kindred-app' '$TARGET/release/kindred'\"},
    \"bundle\": {\"linux\": {\"deb\": {\"files\": {\"/usr/bin/kindred\": \"$TARGET/release/kindred\"}}}}}")
fi
# Builds the UI (beforeBuildCommand), the app (already built above: nothing to do), and
# the .deb (written by the bundler itself: no dpkg-deb needed).
npx --no-install tauri build --bundles deb --ci "${config[@]}"

deb=$(ls -t "$TARGET"/release/bundle/deb/*.deb | head -1)
echo "package: $deb ($(du -h "$deb" | cut -f1), built in $(( $(date +%s) - start )) s)"
