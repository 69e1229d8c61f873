#!/usr/bin/env bash
# Checks the toolchains that cannot come from apt in a usable version: Rust (rustup, with rustfmt
# and clippy) and Node.js 20.19+ with npm (Vite 8 needs it; Debian 12's nodejs is 18).
set -euo pipefail

fail() { echo "error: $*" >&2; exit 1; }

for tool in cargo rustfmt cargo-clippy; do
  command -v "$tool" >/dev/null || fail "$tool is missing: install Rust with rustup (https://rustup.rs), components rustfmt and clippy"
done
command -v node >/dev/null && command -v npm >/dev/null || fail "Node.js 20.19+ and npm are missing"
node -e '
  const [major, minor] = process.versions.node.split(".").map(Number);
  if (major < 20 || (major === 20 && minor < 19)) {
    console.error(`error: Node.js ${process.versions.node} is too old; 20.19 or newer is needed`);
    process.exit(1);
  }'
echo "cargo $(cargo --version | cut -d" " -f2), node $(node --version), npm $(npm --version 2>/dev/null)"
