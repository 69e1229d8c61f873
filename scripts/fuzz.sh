#!/usr/bin/env bash
# Runs the cargo fuzz targets of wallet-core/fuzz, each until SECONDS have passed or RUNS inputs
# were tried, whichever comes first, as many at a time as there are cores; fails if any found a
# crash, timeout or out-of-memory (its log and input are named).
# Usage: scripts/fuzz.sh [--smoke] SECONDS [RUNS [TARGET...]]   (RUNS -1: no limit; every
# target if none). The long runs behind the closing notes use AddressSanitizer and full
# optimisation (cargo fuzz's defaults):
#   scripts/fuzz.sh 1800 10000000
# The test command's smoke pass, `scripts/fuzz.sh --smoke 20`, builds without the sanitizer and
# at opt-level 1 (libFuzzer, overflow checks and debug assertions stay): 321 s from scratch on
# this machine's 2 cores instead of 701 s, for 20 s a target. Its own target directory, so the
# two kinds never rebuild each other.
# Each run's last lines are printed; its whole log is in wallet-core/fuzz/logs/TARGET.log.
set -euo pipefail
cd "$(dirname "$0")/../wallet-core/fuzz"
build=()
if [ "${1:-}" = --smoke ]; then
  shift
  build=(--sanitizer none --target-dir target/smoke)
  export CARGO_PROFILE_RELEASE_OPT_LEVEL=1
fi
seconds=${1:?usage: scripts/fuzz.sh [--smoke] SECONDS [RUNS [TARGET...]]}
runs=${2:--1}
shift $(( $# < 2 ? $# : 2 ))

if ! command -v cargo-fuzz >/dev/null; then
  cargo install cargo-fuzz --version 0.13.2 --locked
fi
# cargo fuzz passes -Zsanitizer flags, which the stable toolchain accepts with this.
export RUSTC_BOOTSTRAP=1

targets=("$@")
[ ${#targets[@]} -gt 0 ] || mapfile -t targets < <(cargo fuzz list)
cargo fuzz build "${build[@]}"
mkdir -p logs

# One target's run, its output in logs/TARGET.log.
run_one() {
  local target=$1 seeds=()
  mkdir -p "corpus/$target"
  [ -d "seeds/$target" ] && seeds=("seeds/$target")
  cargo fuzz run "${build[@]}" "$target" "corpus/$target" "${seeds[@]}" -- \
    -max_total_time="$seconds" -runs="$runs" -timeout=10 -rss_limit_mb=2048 \
    >"logs/$target.log" 2>&1
}

# As many targets at a time as there are cores: each run is one process on one core.
declare -A target_of status_of
running=0
reap() {
  local pid code=0
  wait -n -p pid || code=$?
  status_of[${target_of[$pid]}]=$code
  running=$((running - 1))
}
for target in "${targets[@]}"; do
  [ "$running" -lt "$(nproc)" ] || reap
  run_one "$target" &
  target_of[$!]=$target
  running=$((running + 1))
done
while [ "$running" -gt 0 ]; do reap; done

for target in "${targets[@]}"; do
  if [ "${status_of[$target]}" -ne 0 ]; then
    tail -n 40 "logs/$target.log"
    echo "fuzz: $target failed; the input is under wallet-core/fuzz/artifacts/$target/" >&2
    exit 1
  fi
  printf '%-18s %s\n' "$target" "$(grep -E '^Done [0-9]+ runs' "logs/$target.log" | tail -n 1)"
done
