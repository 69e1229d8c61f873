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
  libdbus-1-dev python3-venv desktop-file-utils appstream

step "toolchains"
scripts/ensure-toolchains.sh
if ! command -v tauri-driver >/dev/null; then
  cargo install tauri-driver --version 2.1.0 --locked
fi

step "ui: install, type check, unit tests, build"
(cd ui && npm ci --no-audit --no-fund && npm run check && npm test && npm run build)

step "walletconnect: WalletConnect's JavaScript libraries, for the vectors and the relay's tests"
(cd tests/walletconnect && npm ci --no-audit --no-fund)

step "end-to-end: axe-core, the accessibility auditor loaded into each screen"
(cd tests/e2e && npm ci --no-audit --no-fund)

step "restore checks' environment: bdkpython from PyPI"
tests/restore/run.sh --install

step "format"
cargo fmt --all --check

step "the software centres' description (AppStream), in every language of the screens"
appstreamcli validate --no-net --pedantic src-tauri/org.aoppwallet.desktop.metainfo.xml

# One package selection and one feature set for every cargo call, so nothing rebuilds twice.
# `--all-features` includes `custom-protocol`: the app serves the built UI, as shipped; and
# `test-switches`: the test VASP's CA and plain-http loopback, and WebKit's test camera.
CARGO_SELECTION=(--workspace --all-targets --all-features)

# Clippy as the compiler of the workspace's own crates while the tests build, as `cargo clippy --
# -D warnings` runs it (RUSTC_WORKSPACE_WRAPPER, and its arguments in CLIPPY_ARGS, each followed
# by __CLIPPY_HACKERY__): the same lints, but the dependencies are compiled once, for the tests,
# instead of a second time for a separate check (about 5 minutes on two cores).
export RUSTC_WORKSPACE_WRAPPER CLIPPY_ARGS
RUSTC_WORKSPACE_WRAPPER="$(command -v clippy-driver)"
CLIPPY_ARGS="-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__"

step "clippy, as the Rust tests build"
cargo test "${CARGO_SELECTION[@]}" --no-run

step "rust tests and end-to-end tests, in a desktop session (D-Bus, gnome-keyring, Xvfb)"
scripts/desktop-session.sh bash -c '
  set -euo pipefail
  cargo test '"${CARGO_SELECTION[*]}"'
  node --test --test-concurrency=1 tests/e2e/
'
# Later cargo calls (the fuzz build, with libFuzzer's instrumentation) are plain rustc.
unset RUSTC_WORKSPACE_WRAPPER CLIPPY_ARGS

step "walletconnect: the test relay between two @walletconnect/sign-client 2.21.8 clients"
(cd tests/walletconnect && npm test)

step "interoperability with bitcoinjs-message, bip322-js and ethers (the aopp command line)"
(cd tests/interop && npm ci --no-audit --no-fund && npm test)

step "restore: the wallet's descriptors read by the Bitcoin Development Kit (bdkpython)"
tests/restore/run.sh

step "scanner: the camera-like set, the wallet next to zbarimg"
tests/scanner/run.sh

step "fuzz targets, 20 s each, one per core at a time (a smoke test without the sanitizer; the long runs: scripts/fuzz.sh 1800 10000000)"
scripts/fuzz.sh --smoke 20

step "packages: one release build writes the .deb and the .rpm, read as dpkg-deb, rpm, desktop-file-validate and appstreamcli read them"
scripts/packages.sh

step "the packaged app as a user meets it (the .deb unpacked): first start, a link opened by xdg-open as Chromium opens it, in English and Swiss German"
scripts/desktop-session.sh node --test tests/installed/

step "done"
