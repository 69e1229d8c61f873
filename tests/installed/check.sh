#!/bin/bash
# The installed .deb as a user meets it (a manual check, not part of the test command: it needs
# the package installed with dpkg). Run inside scripts/desktop-session.sh:
#   dpkg -i target/release/bundle/deb/aopp-wallet_*.deb
#   scripts/desktop-session.sh tests/installed/check.sh
# Stores a wallet, starts the app once (it registers for aopp:), then opens a link with plain
# xdg-open and NO_AT_BRIDGE=1 as Chromium does, and prints what the app and its WebKit processes
# got, the painted screens, what the accessibility bus reads, and the data files' modes.
set -u
printf "%s" "{\"mnemonic\":\"abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about\",\"passphrase\":\"\"}" | secret-tool store --label="AOPP Wallet" service aopp-wallet username recovery-phrase
umask 022
# First start registers the handler (as a user's first launch from the menu).
aopp-wallet >/dev/null 2>&1 &
first=$!; sleep 6; kill $first; sleep 2
echo "handler: $(xdg-mime query default x-scheme-handler/aopp)"
link='aopp:?v=0&msg=Installed%20check%3A%20nonce%2077&asset=btc&format=p2wpkh&callback=https%3A%2F%2Fvasp.example%2Fp%2F77'
# As Chromium launches it: NO_AT_BRIDGE=1 in the environment, plain xdg-open.
NO_AT_BRIDGE=1 AOPP_WALLET_TRACE_STARTUP=1 xdg-open "$link" > "$XDG_RUNTIME_DIR/app.out" 2>&1 &
for i in $(seq 100); do grep -q "painted confirmation" "$XDG_RUNTIME_DIR/app.out" 2>/dev/null && break; sleep 0.1; done
sleep 1
pid=$(pgrep -x aopp-wallet | head -1); for c in $(pgrep -P $pid); do echo "child $(cat /proc/$c/comm): $(tr "\0" "\n" < /proc/$c/environ | grep -E "^(NO_AT_BRIDGE|JSC_useJIT|WEBKIT_DISABLE_COMPOSITING_MODE|WEBKIT_DISABLE_DMABUF_RENDERER)=" | tr "\n" " ")"; done
echo "app pid $pid: $(tr '\0' '\n' < /proc/$pid/environ | grep -E '^(NO_AT_BRIDGE|JSC_useJIT|WEBKIT_DISABLE_COMPOSITING_MODE|WEBKIT_DISABLE_DMABUF_RENDERER)=' | tr '\n' ' ')"
echo "painted: $(grep -o 'painted [a-z]*' "$XDG_RUNTIME_DIR/app.out" | tr '\n' ' ')"
echo "sqlite: $(grep -c libsqlite3 /proc/$pid/maps) mappings of the system libsqlite3"
/usr/bin/python3 - <<'PY'
import gi
gi.require_version('Atspi', '2.0')
from gi.repository import Atspi
desktop = Atspi.get_desktop(0)
names = [desktop.get_child_at_index(i).get_name() for i in range(desktop.get_child_count())]
print("AT-SPI applications:", names)
def walk(node, depth=0, out=None):
    out = [] if out is None else out
    if depth > 25: return out
    try:
        name = node.get_name()
    except Exception:
        return out
    if name: out.append(name)
    for i in range(node.get_child_count()):
        walk(node.get_child_at_index(i), depth + 1, out)
    return out
for i in range(desktop.get_child_count()):
    app = desktop.get_child_at_index(i)
    if app.get_name() in ('aopp-wallet', 'AOPP Wallet'):
        texts = walk(app)
        print("domain read by AT-SPI:", 'vasp.example' in ' '.join(texts))
PY
stat -c '%a %n' "$XDG_DATA_HOME/org.aoppwallet.desktop" "$XDG_DATA_HOME/org.aoppwallet.desktop/journal.sqlite3" "$XDG_DATA_HOME/org.aoppwallet.desktop/pending-links.json" 2>&1
import -window root "${SCREENSHOT:-/tmp/aopp-installed.png}"
kill $pid
