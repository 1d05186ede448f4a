#!/usr/bin/env bash
# System and npm packages for the desktop app (src-tauri + ui) and its end-to-end test:
# WebKitGTK for the Tauri window, Xvfb for a headless display (xwd and xwininfo to look
# at its windows), WebKitWebDriver and tauri-driver for WebDriver. Idempotent and quiet
# when everything is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

DEBS=(build-essential pkg-config file libwebkit2gtk-4.1-dev libxdo-dev libssl-dev
      libayatana-appindicator3-dev librsvg2-dev xvfb xauth webkit2gtk-driver x11-apps x11-utils)

missing=()
for p in "${DEBS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup-app: installing ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

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
