#!/usr/bin/env bash
# The scanner against zbarimg on a camera-like set made here (Pillow and NumPy from PyPI, in a
# virtual environment): prints both decode rates and fails when zbarimg reads an image the
# wallet does not. Usage: tests/scanner/run.sh   (after a build of target/debug/aopp)
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import PIL, numpy' 2>/dev/null; then
  python3 -m venv .venv
  .venv/bin/pip install --quiet --disable-pip-version-check -r requirements.txt
fi
set_dir=../../target/scanner-set
rm -rf "$set_dir"
.venv/bin/python make_set.py "$set_dir"
.venv/bin/python measure.py "$set_dir"
