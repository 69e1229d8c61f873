#!/usr/bin/env bash
# Builds and starts AOPP Wallet on Debian 12 / Ubuntu, installing what it lacks first.
# Usage: scripts/run-app.sh ['aopp:?…']     (a link given here opens like a clicked one)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-system-packages.sh build-essential pkg-config libssl-dev libsqlite3-dev libwebkit2gtk-4.1-dev \
  librsvg2-dev libdbus-1-dev xdg-utils gstreamer1.0-plugins-good
scripts/ensure-toolchains.sh
(cd ui && npm ci --no-audit --no-fund && npm run build)
cargo build --release -p aopp-wallet --features custom-protocol
exec target/release/aopp-wallet "$@"
