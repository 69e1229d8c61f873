"""Reads the wallet's exported descriptors with the Bitcoin Development Kit, as a restoring
wallet would, and prints the addresses it derives.

    bdk_check.py bitcoin-core FILE NETWORK INDEX...   Bitcoin Core's importdescriptors file
    bdk_check.py sparrow FILE NETWORK INDEX...        a descriptor text file

Prints one JSON object a descriptor: {"desc", "internal", "range", "timestamp", "addresses"},
the addresses at each INDEX. A file that does not follow the importdescriptors schema, or a
descriptor BDK refuses (a bad checksum), is an error (exit 1).
"""

import json
import sys

import bdkpython as bdk

NETWORKS = {
    "mainnet": bdk.Network.BITCOIN,
    "testnet": bdk.Network.TESTNET,
    "signet": bdk.Network.SIGNET,
    "regtest": bdk.Network.REGTEST,
}

# importdescriptors' request fields (Bitcoin Core RPC help): desc, active, range, next_index,
# timestamp, internal, label. Our file uses these five and nothing else.
FIELDS = {"desc": str, "range": list, "timestamp": int, "active": bool, "internal": bool}


def kind(network):
    return bdk.NetworkKind.MAIN if network == bdk.Network.BITCOIN else bdk.NetworkKind.TEST


def derive(text, network, indexes):
    descriptor = bdk.Descriptor(text, kind(network))
    if "#" not in text:
        raise ValueError(f"no checksum: {text}")
    return [str(descriptor.derive_address(index, network)) for index in indexes]


def check_request(request):
    if not isinstance(request, dict) or set(request) != set(FIELDS):
        raise ValueError(f"fields {sorted(request)} are not {sorted(FIELDS)}")
    for field, expected in FIELDS.items():
        if type(request[field]) is not expected:
            raise ValueError(f"{field} is not a {expected.__name__}")
    begin_end = request["range"]
    if len(begin_end) != 2 or not all(type(n) is int for n in begin_end) or not 0 <= begin_end[0] <= begin_end[1]:
        raise ValueError(f"range {begin_end} is not [begin, end]")
    if request["timestamp"] <= 0:
        raise ValueError("timestamp must be a time, not 0 or negative")


def main(mode, path, network_name, *indexes):
    network = NETWORKS[network_name]
    indexes = [int(index) for index in indexes]
    with open(path, encoding="utf-8") as file:
        text = file.read()
    if mode == "bitcoin-core":
        requests = json.loads(text)
        if not isinstance(requests, list) or not requests:
            raise ValueError("the file is not a non-empty JSON array")
        for request in requests:
            check_request(request)
    elif mode == "sparrow":
        lines = [line for line in text.splitlines() if line.strip()]
        if len(lines) != 1:
            raise ValueError(f"{len(lines)} descriptors, one expected")
        requests = [{"desc": lines[0], "internal": False}]
    else:
        raise ValueError(f"unknown mode {mode}")
    for request in requests:
        request["addresses"] = derive(request["desc"], network, indexes)
        print(json.dumps(request))


if __name__ == "__main__":
    try:
        main(*sys.argv[1:])
    except Exception as error:  # noqa: BLE001 - any refusal is the answer
        print(f"error: {type(error).__name__}: {error}", file=sys.stderr)
        sys.exit(1)
