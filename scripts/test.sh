#!/usr/bin/env bash
# Runs every check and test of AOPP Wallet, installing what it needs first.
# Usage: scripts/test.sh        (from anywhere inside the repository)
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "toolchain"
for tool in cargo rustfmt cargo-clippy; do
  command -v "$tool" >/dev/null || { echo "missing $tool: install Rust with rustup (rustfmt and clippy components)" >&2; exit 1; }
done
cargo --version

step "format"
cargo fmt --all --check

# One package selection and one feature set for every cargo call, so nothing rebuilds twice.
CARGO_SELECTION=(--workspace --all-targets --all-features)

step "clippy"
cargo clippy "${CARGO_SELECTION[@]}" -- -D warnings

step "tests"
cargo test "${CARGO_SELECTION[@]}"
