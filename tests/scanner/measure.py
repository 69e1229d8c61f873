"""The decode rate of the wallet's scanner (`aopp scan`, wallet_core::scan) next to zbarimg's
on a set made by make_set.py.

    measure.py SETDIR [AOPP]    prints the rates, what each missed, and a JSON summary line;
                                exits 1 when zbarimg read an image the wallet did not
"""

import json
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def zbar(path):
    run = subprocess.run(["zbarimg", "--raw", "-q", "-Sdisable", "-Sqrcode.enable", path], capture_output=True)
    return run.stdout.decode("utf-8", "replace")


def wallet(aopp, paths):
    """Every image's texts, from one `aopp scan` of them all: {path: [text, …]}."""
    run = subprocess.run([aopp, "scan", *paths], capture_output=True, text=True)
    found = {path: [] for path in paths}
    for line in run.stdout.splitlines():
        if line.strip():
            code = json.loads(line)
            found[code["image"]].append(code["text"])
    return found


def main(setdir, aopp=os.path.join(ROOT, "target", "debug", "aopp")):
    with open(os.path.join(setdir, "manifest.json"), encoding="utf-8") as file:
        manifest = json.load(file)
    zbar_read, wallet_read = set(), set()
    paths = {name: os.path.join(setdir, name) for name in manifest}
    started = time.monotonic()
    found = wallet(aopp, list(paths.values()))
    wallet_seconds = time.monotonic() - started
    started = time.monotonic()
    for name, text in sorted(manifest.items()):
        if text in zbar(paths[name]).splitlines():
            zbar_read.add(name)
        if text in found[paths[name]]:
            wallet_read.add(name)
    zbar_seconds = time.monotonic() - started
    total = len(manifest)
    print(f"zbarimg decodes {len(zbar_read)} of {total}, the wallet {len(wallet_read)}"
          f" (wallet {wallet_seconds:.1f} s for all, zbarimg {zbar_seconds:.1f} s)")
    print("zbar only:", " ".join(sorted(zbar_read - wallet_read)) or "none")
    print("wallet only:", " ".join(sorted(wallet_read - zbar_read)) or "none")
    print(json.dumps({"total": total, "zbar": len(zbar_read), "wallet": len(wallet_read),
                      "zbar_only": sorted(zbar_read - wallet_read), "wallet_only": sorted(wallet_read - zbar_read)}))
    return 1 if zbar_read - wallet_read else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
