#!/usr/bin/env bash
# Approve-to-204 benchmark: release builds of the app's library and the local VASP, a scratch
# desktop session with gnome-keyring, 20 proofs approved and delivered over HTTPS.
# Usage: scripts/bench-approve.sh [RUNS]     (prints JSON with the median in milliseconds)
set -euo pipefail
cd "$(dirname "$0")/.."
export RUNS="${1:-20}"
scripts/ensure-system-packages.sh build-essential pkg-config libssl-dev libsqlite3-dev libwebkit2gtk-4.1-dev \
  librsvg2-dev dbus gnome-keyring xvfb xauth
scripts/ensure-toolchains.sh
(cd ui && npm ci --no-audit --no-fund && npm run build)
cargo build --release -p aopp-test-vasp
cargo build --release -p aopp-wallet --features custom-protocol --example approve_to_204
scripts/desktop-session.sh bash -c '
  set -euo pipefail
  started=$(mktemp)
  target/release/aopp-test-vasp --ca-out "$AOPP_SESSION_DIR/vasp-ca.pem" > "$started" &
  vasp=$!
  trap "kill $vasp" EXIT
  for _ in $(seq 100); do [ -s "$started" ] && break; sleep 0.1; done
  export VASP_URL=$(sed -E "s/.*\"url\":\"([^\"]+)\".*/\1/" "$started")
  export VASP_CA="$AOPP_SESSION_DIR/vasp-ca.pem"
  target/release/examples/approve_to_204
'
