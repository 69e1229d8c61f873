#!/usr/bin/env bash
# Start-up benchmark: builds the release app and its .deb and the empty Tauri app of bench/,
# installs Electrum (Debian's) as the memory comparator, stores a wallet in a scratch keyring,
# and measures cold start, link hand-over, idle PSS and sizes of all three (bench/startup.mjs).
# Usage: scripts/bench-startup.sh [RUNS]     (results in target/bench/startup.json)
set -euo pipefail
cd "$(dirname "$0")/.."
export RUNS="${1:-12}"
scripts/ensure-system-packages.sh build-essential pkg-config libssl-dev libsqlite3-dev libwebkit2gtk-4.1-dev \
  librsvg2-dev xvfb xauth dbus gnome-keyring libsecret-tools xdg-utils electrum python3-pyqt5 xdotool
scripts/ensure-toolchains.sh
# The Tauri CLI only for bundling: its platform packages do not all resolve from this registry,
# so it stays out of the lock file and is installed here without saving.
(cd ui && npm ci --no-audit --no-fund && npm install --no-save --no-audit --no-fund @tauri-apps/cli@2.12.5)
ui/node_modules/.bin/tauri build --bundles deb
# The comparator, with the same Tauri, lock file and release profile (a workspace member).
cargo build --release -p empty-tauri-app --features custom-protocol
# What users get carries none of the switches for tests (the `test-switches` feature is off).
for switch in AOPP_WALLET_EXTRA_CA AOPP_WALLET_ALLOW_LOOPBACK_HTTP AOPP_WALLET_MOCK_CAMERA; do
  if grep -a -q "$switch" target/release/aopp-wallet; then
    echo "error: the release binary reads $switch" >&2
    exit 1
  fi
done
scripts/desktop-session.sh bash -c '
  set -euo pipefail
  printf "%s" "{\"mnemonic\":\"abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about\",\"passphrase\":\"\"}" |
    secret-tool store --label="AOPP Wallet benchmark" service aopp-wallet username recovery-phrase
  node bench/startup.mjs
'
