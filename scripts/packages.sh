#!/usr/bin/env bash
# The release packages: one release build writes the .deb and the .rpm (target/release/bundle/),
# then tests/packages reads both as dpkg-deb and rpm do. The test command runs it, then tests the
# unpacked .deb (tests/installed); about 5 minutes from nothing on two cores.
# Usage: scripts/packages.sh
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-system-packages.sh build-essential pkg-config libssl-dev libsqlite3-dev \
  libwebkit2gtk-4.1-dev librsvg2-dev rpm cpio desktop-file-utils appstream
scripts/ensure-toolchains.sh
# The Tauri CLI only for bundling: its platform packages do not all resolve from this registry,
# so it stays out of the lock file and is installed here without saving.
(cd ui && npm ci --no-audit --no-fund && npm install --no-save --no-audit --no-fund @tauri-apps/cli@2.12.5)
(cd src-tauri && ../ui/node_modules/.bin/tauri build --bundles deb,rpm)
node --test tests/packages/
