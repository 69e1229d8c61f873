#!/usr/bin/env bash
# Runs a command inside a private desktop session like a user's: a D-Bus session bus, an
# unlocked GNOME Keyring (the Secret Service), and an X server (Xvfb) unless DISPLAY is set.
# State lives in a scratch XDG_DATA_HOME/XDG_CONFIG_HOME/XDG_CACHE_HOME; HOME is left alone.
# The session speaks English (LANG=C.UTF-8), whatever the caller's locale: the tests read the
# screens' English, and the languages test sets each locale itself.
# Usage: scripts/desktop-session.sh COMMAND [ARG...]
set -euo pipefail

if [ -z "${AOPP_DESKTOP_SESSION:-}" ]; then
  scratch=$(mktemp -d "${TMPDIR:-/tmp}/aopp-session.XXXXXX")
  mkdir -p "$scratch"/{data,config,cache,runtime}
  chmod 700 "$scratch/runtime"
  export XDG_DATA_HOME="$scratch/data" XDG_CONFIG_HOME="$scratch/config" XDG_CACHE_HOME="$scratch/cache"
  export XDG_RUNTIME_DIR="$scratch/runtime" AOPP_SESSION_DIR="$scratch" AOPP_DESKTOP_SESSION=1
  export LANG=C.UTF-8
  unset LC_ALL LC_MESSAGES LANGUAGE
  trap 'rm -rf "$scratch"' EXIT
  dbus-run-session -- "$0" "$@"
  exit $?
fi

# Inside the bus: unlock a fresh login keyring with a throwaway password.
eval "$(printf 'aopp-test' | gnome-keyring-daemon --unlock --components=secrets)"
export GNOME_KEYRING_CONTROL SSH_AUTH_SOCK 2>/dev/null || true

if [ -z "${DISPLAY:-}" ]; then
  for display in $(seq 90 120); do
    [ -e "/tmp/.X11-unix/X$display" ] || [ -e "/tmp/.X$display-lock" ] || break
  done
  Xvfb ":$display" -screen 0 1280x900x24 -nolisten tcp >/dev/null 2>&1 &
  xvfb_pid=$!
  trap 'kill $xvfb_pid 2>/dev/null || true' EXIT
  export DISPLAY=":$display"
  for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X$display" ] && break; sleep 0.1; done
fi

"$@"
