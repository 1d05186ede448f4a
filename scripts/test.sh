#!/usr/bin/env bash
# Runs every test of the project after setting up a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh

export KINDRED_MODELS="$PWD/models"
# Core library, CLI and integration tests (real images, real SQLite, real models).
# The dev profile optimises dependencies (see Cargo.toml), so inference runs at speed.
cargo test

if [ -f scripts/test-app.sh ]; then
  bash scripts/test-app.sh
fi

# The installable package: a release build, the .deb, its unpacked CLI and app (about
# 14 minutes on 2 cores, most of it the release build). KINDRED_PACKAGE_TEST=0 leaves it
# out (a quick local run); CI runs it.
if [ -f scripts/test-package.sh ] && [ "${KINDRED_PACKAGE_TEST:-1}" != 0 ]; then
  bash scripts/test-package.sh
fi
