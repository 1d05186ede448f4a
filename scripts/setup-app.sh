#!/usr/bin/env bash
# System and npm packages for the desktop app (src-tauri + ui) and its end-to-end test:
# WebKitGTK for the Tauri window, Xvfb for a headless display (xwd and xwininfo to look
# at its windows), WebKitWebDriver and tauri-driver for WebDriver. Idempotent and quiet
# when everything is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/debian-packages.sh
install_missing_debs setup-app build-essential pkg-config file libwebkit2gtk-4.1-dev libxdo-dev libssl-dev \
  libayatana-appindicator3-dev librsvg2-dev xvfb xauth webkit2gtk-driver x11-apps x11-utils

# npm install (not `npm ci`) only when node_modules is missing or older than the lock
# file: the lock records only the Linux builds of the platform-specific optional
# packages (the registry here serves those), and `npm ci` refuses such a lock while
# `npm install` installs exactly the locked versions.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup-app: npm install"
  npm install --no-audit --no-fund --loglevel=error
fi

if ! command -v tauri-driver >/dev/null 2>&1 && [ ! -x "$HOME/.cargo/bin/tauri-driver" ]; then
  echo "setup-app: cargo install tauri-driver"
  cargo install tauri-driver --locked --quiet
fi
