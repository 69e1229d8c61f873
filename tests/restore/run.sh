#!/usr/bin/env bash
# The restore checks: the wallet's descriptors read by the Bitcoin Development Kit's Python
# bindings (bdkpython, from PyPI, in a virtual environment here).
# Usage: tests/restore/run.sh [--install]   (--install: only set up the environment, which the
# end-to-end tests use too)
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import bdkpython' 2>/dev/null; then
  python3 -m venv .venv
  .venv/bin/pip install --quiet --disable-pip-version-check -r requirements.txt
fi
[ "${1:-}" = --install ] && exit 0
.venv/bin/python -m unittest -v test_descriptors
