"""`aopp descriptors` read by the Bitcoin Development Kit: every format and network derives
the wallet's own addresses, receive and change, at 0, 1, the default gap's edge and beyond."""

import json
import os
import subprocess
import tempfile
import unittest

import bdkpython as bdk

from bdk_check import NETWORKS, derive

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
AOPP = os.environ.get("AOPP", os.path.join(ROOT, "target", "debug", "aopp"))
PHRASE = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about"
FORMATS = ["p2pkh", "p2sh", "p2wpkh", "p2tr"]
INDEXES = [0, 1, 19, 20, 999]


def aopp(*args):
    run = subprocess.run([AOPP, *args], capture_output=True, text=True)
    return run.returncode, run.stdout, run.stderr


class Descriptors(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.TemporaryDirectory()
        cls.mnemonic = os.path.join(cls.dir.name, "mnemonic")
        with open(cls.mnemonic, "w", encoding="utf-8") as file:
            file.write(PHRASE + "\n")

    @classmethod
    def tearDownClass(cls):
        cls.dir.cleanup()

    def descriptors(self, network):
        code, out, err = aopp("descriptors", "--mnemonic-file", self.mnemonic, "--network", network)
        self.assertEqual(code, 0, err)
        return json.loads(out)

    def own_address(self, network, format, index):
        code, out, err = aopp("sign", "--mnemonic-file", self.mnemonic, "--network", network,
                              "--asset", "btc", "--format", format, "--index", str(index), "x")
        self.assertEqual(code, 0, err)
        return json.loads(out)

    def test_receive_chains_derive_the_wallets_own_addresses(self):
        for network in NETWORKS:
            descriptors = self.descriptors(network)
            self.assertEqual(descriptors["fingerprint"], "73c5da0a")
            for format in FORMATS:
                theirs = derive(descriptors[format], NETWORKS[network], INDEXES)
                ours = [self.own_address(network, format, index)["address"] for index in INDEXES]
                self.assertEqual(theirs, ours, f"{network} {format}")

    def test_change_chains_derive_addresses_the_wallet_knows_as_its_change(self):
        for network in NETWORKS:
            change = self.descriptors(network)["change"]
            for format in FORMATS:
                for index, address in zip([0, 20], derive(change[format], NETWORKS[network], [0, 20])):
                    code, out, err = aopp("sign", "--mnemonic-file", self.mnemonic, "--network", network,
                                          "--asset", "btc", "--address", address, "x")
                    self.assertEqual(code, 0, f"{network} {format} {address}: {err}")
                    self.assertTrue(json.loads(out)["path"].endswith(f"/1/{index}"), out)

    def test_bip84_vector_addresses(self):
        # BIP-84's own vectors for the abandon … about seed, through BDK.
        wpkh = self.descriptors("mainnet")["p2wpkh"]
        self.assertEqual(derive(wpkh, bdk.Network.BITCOIN, [0, 1]), [
            "bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu",
            "bc1qnjg0jd8228aq7egyzacy8cys3knf9xvrerkf9g",
        ])

    def test_a_changed_checksum_is_refused(self):
        wpkh = self.descriptors("mainnet")["p2wpkh"]
        body, checksum = wpkh.split("#")
        flipped = ("q" if checksum[0] != "q" else "p") + checksum[1:]
        with self.assertRaises(Exception):
            derive(f"{body}#{flipped}", bdk.Network.BITCOIN, [0])


if __name__ == "__main__":
    unittest.main()
