#!/usr/bin/env bash
# Runs every check and test of AOPP Wallet on Debian 12 / Ubuntu, installing what it lacks:
# system packages through apt, npm packages, tauri-driver. Usage: scripts/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
step() { printf '\n==> %s (%ss)\n' "$*" "$(( $(date +%s) - start ))"; }

step "system packages"
scripts/ensure-system-packages.sh \
  build-essential pkg-config libssl-dev libsqlite3-dev libwebkit2gtk-4.1-dev librsvg2-dev \
  xvfb xauth webkit2gtk-driver dbus gnome-keyring libsecret-tools xdg-utils libglib2.0-bin \
  xclip zbar-tools qrencode imagemagick xdotool python3-gi gir1.2-gtk-3.0 gir1.2-atspi-2.0 at-spi2-core \
  libdbus-1-dev python3-venv rpm cpio

step "toolchains"
scripts/ensure-toolchains.sh
if ! command -v tauri-driver >/dev/null; then
  cargo install tauri-driver --version 2.1.0 --locked
fi

step "ui: install, type check, unit tests, build"
(cd ui && npm ci --no-audit --no-fund && npm run check && npm test && npm run build)
# The Tauri CLI only for bundling: its platform packages do not all resolve from this registry,
# so it stays out of the lock file and is installed here without saving.
(cd ui && npm install --no-save --no-audit --no-fund @tauri-apps/cli@2.12.5)

step "walletconnect: WalletConnect's JavaScript libraries, for the vectors and the relay's tests"
(cd tests/walletconnect && npm ci --no-audit --no-fund)

step "end-to-end: axe-core, the accessibility auditor loaded into each screen"
(cd tests/e2e && npm ci --no-audit --no-fund)

step "restore checks' environment: bdkpython from PyPI"
tests/restore/run.sh --install

step "format"
cargo fmt --all --check

# One package selection and one feature set for every cargo call, so nothing rebuilds twice.
# `--all-features` includes `custom-protocol`: the app serves the built UI, as shipped; and
# `test-switches`: the test VASP's CA and plain-http loopback, and WebKit's test camera.
CARGO_SELECTION=(--workspace --all-targets --all-features)

step "clippy"
cargo clippy "${CARGO_SELECTION[@]}" -- -D warnings

step "rust tests and end-to-end tests, in a desktop session (D-Bus, gnome-keyring, Xvfb)"
scripts/desktop-session.sh bash -c '
  set -euo pipefail
  cargo test '"${CARGO_SELECTION[*]}"'
  node --test --test-concurrency=1 tests/e2e/
'

step "walletconnect: the test relay between two @walletconnect/sign-client 2.21.8 clients"
(cd tests/walletconnect && npm test)

step "interoperability with bitcoinjs-message, bip322-js and ethers (the aopp command line)"
(cd tests/interop && npm ci --no-audit --no-fund && npm test)

step "restore: the wallet's descriptors read by the Bitcoin Development Kit (bdkpython)"
tests/restore/run.sh

step "scanner: the camera-like set, the wallet next to zbarimg"
tests/scanner/run.sh

# The one release build, of the packages users get, runs beside the fuzz smoke pass: its last,
# link-time stage and the fuzz runs each keep one core busy.
step "release build of the .deb and the .rpm (in the background; log in target/release-build.log)"
mkdir -p target
(cd src-tauri && ../ui/node_modules/.bin/tauri build --bundles deb,rpm >../target/release-build.log 2>&1) &
release=$!
trap 'kill "$release" 2>/dev/null || true' EXIT

step "fuzz targets, 20 s each (a smoke test without the sanitizer; the long runs: scripts/fuzz.sh 1800 10000000)"
scripts/fuzz.sh --smoke 20

step "waiting for the release build"
if ! wait "$release"; then
  tail -n 60 target/release-build.log
  echo "test: the release build failed" >&2
  exit 1
fi
trap - EXIT
grep -E 'MiB\)$' target/release-build.log

step "packages: the .deb and the .rpm as dpkg-deb and rpm read them"
node --test tests/packages/
step "done"
