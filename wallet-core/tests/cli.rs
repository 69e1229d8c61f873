//! The `aopp` binary, run as a user's script would run it.

use std::process::{Command, Output};

const ABANDON: &str =
    "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";
const LINK: &str =
    "aopp:?v=0&msg=hello+there&asset=btc&format=any&callback=https%3A%2F%2Fvasp.example%2Fp";

fn aopp(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_aopp"))
        .args(args)
        .output()
        .unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

/// Writes `text` to a file of its own in the test scratch directory.
fn secret_file(name: &str, text: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_owned()
}

#[test]
fn parse_prints_the_request_as_json() {
    let output = aopp(&["parse", LINK]);
    assert!(output.status.success(), "{}", stderr(&output));
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(json["msg"], "hello there");
    assert_eq!(json["format"], "any");
}

#[test]
fn parse_error_is_one_line_on_stderr_with_exit_2() {
    let output = aopp(&[
        "parse",
        "aopp:?v=0&msg=caf%C3%A9&asset=btc&format=any&callback=https%3A%2F%2Fx.example",
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stdout(&output).is_empty());
    assert_eq!(
        stderr(&output),
        "error: non_ascii_message: message has a non-ASCII character at position 3\n"
    );
}

#[test]
fn prove_prints_a_proof_that_verify_accepts_and_nothing_secret() {
    let mnemonic = secret_file("cli-mnemonic-newline", &format!("{ABANDON}\n"));
    for prefer in ["p2pkh", "p2sh", "p2wpkh", "p2tr"] {
        let output = aopp(&[
            "prove",
            "--mnemonic-file",
            &mnemonic,
            "--prefer",
            prefer,
            LINK,
        ]);
        assert!(output.status.success(), "{prefer}: {}", stderr(&output));
        let text = stdout(&output);
        assert!(
            !text.contains("abandon"),
            "the phrase must never be printed"
        );
        let proof: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(proof["version"], 0);
        let address = proof["address"].as_str().unwrap();
        let signature = proof["signature"].as_str().unwrap();
        let verified = verify_btc(&[], address, signature);
        assert!(verified.status.success(), "{prefer}: {}", stderr(&verified));
    }
}

/// `aopp verify --asset btc [options] ADDRESS "hello there" SIGNATURE` (the message of LINK).
fn verify_btc(options: &[&str], address: &str, signature: &str) -> Output {
    let mut args = vec!["verify", "--asset", "btc"];
    args.extend_from_slice(options);
    args.extend_from_slice(&[address, "hello there", signature]);
    aopp(&args)
}

#[test]
fn prove_honours_network_index_passphrase_and_prefix() {
    let mnemonic = secret_file("cli-mnemonic", ABANDON);
    let passphrase = secret_file("cli-passphrase", "TREZOR\n");
    let output = aopp(&[
        "prove",
        "--mnemonic-file",
        &mnemonic,
        "--passphrase-file",
        &passphrase,
        "--network",
        "regtest",
        "--index",
        "4",
        "--prefer",
        "p2tr",
        "--bip322-prefix",
        LINK,
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let proof: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert!(proof["address"].as_str().unwrap().starts_with("bcrt1p"));
    assert!(proof["signature"].as_str().unwrap().starts_with("smp"));

    // The regtest address verifies on regtest, and is refused as a mainnet one (the default).
    let (address, signature) = (
        proof["address"].as_str().unwrap(),
        proof["signature"].as_str().unwrap(),
    );
    let on_regtest = verify_btc(&["--network", "regtest"], address, signature);
    assert!(on_regtest.status.success(), "{}", stderr(&on_regtest));
    let on_mainnet = verify_btc(&[], address, signature);
    assert_eq!(on_mainnet.status.code(), Some(1));
    assert!(stderr(&on_mainnet).starts_with("error: wrong_network: "));

    let without_passphrase = aopp(&[
        "prove",
        "--mnemonic-file",
        &mnemonic,
        "--network",
        "regtest",
        "--index",
        "4",
        "--prefer",
        "p2tr",
        LINK,
    ]);
    let other: serde_json::Value = serde_json::from_str(&stdout(&without_passphrase)).unwrap();
    assert_ne!(
        other["address"], proof["address"],
        "the passphrase changes the wallet"
    );
}

#[test]
fn prove_refuses_a_bad_mnemonic_without_echoing_it() {
    let mnemonic = secret_file("cli-bad-mnemonic", "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon");
    let output = aopp(&["prove", "--mnemonic-file", &mnemonic, LINK]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "error: bad_checksum: checksum does not match\n"
    );
}

#[test]
fn verify_reports_failure_with_exit_1() {
    let output = aopp(&[
        "verify",
        "--asset",
        "eth",
        "0x270402aeB8f4dAc8203915fC26F0768feA61b532",
        "hellO",
        "vbyudz7PM/tUdVjlL0wEtCnvn3PVYv8eCqCf/aLeVj8JwAsUVuyMMwbIInXAj7EtmZIUwlem7AOH0da8ygXmQBs=",
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).starts_with("error: wrong_signer: "));
}

#[test]
fn travel_encode_and_decode() {
    let encoded = aopp(&["travel", "encode", "beneficiary.com/x/12345?t=i"]);
    assert_eq!(
        stdout(&encoded),
        "{\"travel_address\":\"ta2W2HPKfHxgSgrzY178knqXHg1H3jfeQrwQ9JrKBs9wv\",\"url\":\"beneficiary.com/x/12345?t=i\"}\n"
    );
    let decoded = aopp(&[
        "travel",
        "decode",
        "taEJKtAQyrS5x6i59GKB6iMPx1iDzs8HXGNhbk1",
    ]);
    assert_eq!(decoded.status.code(), Some(2));
    assert_eq!(
        stderr(&decoded),
        "error: unknown_tld: host \"beneficiary\" has no known top-level domain\n"
    );
}

#[test]
fn scan_prints_one_json_line_per_code_with_its_kind() {
    let image = qrcode::QrCode::new(LINK.as_bytes())
        .unwrap()
        .render::<image::Luma<u8>>()
        .module_dimensions(4, 4)
        .build();
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-scan.png");
    image.save(&path).unwrap();
    let blank = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-scan-blank.png");
    image::GrayImage::from_pixel(64, 64, image::Luma([255]))
        .save(&blank)
        .unwrap();
    let output = aopp(&["scan", path.to_str().unwrap(), blank.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let line: serde_json::Value = serde_json::from_str(stdout(&output).trim()).unwrap();
    assert_eq!(line["kind"], "aopp");
    assert_eq!(line["text"], LINK);
    assert_eq!(
        stdout(&output).lines().count(),
        1,
        "the blank image holds no code"
    );

    let missing = aopp(&["scan", "/nonexistent.png"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).starts_with("error: unreadable_file: /nonexistent.png: "));
}

#[test]
fn scan_refuses_a_fifo_a_directory_and_a_huge_png_without_reading_them() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"));
    let fifo = dir.join("cli-scan-fifo.png");
    let _ = std::fs::remove_file(&fifo);
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    // Nobody ever writes to the FIFO: a plain open would block this test forever.
    for path in [fifo.as_path(), dir] {
        let output = aopp(&["scan", path.to_str().unwrap()]);
        assert_eq!(output.status.code(), Some(2));
        assert!(
            stderr(&output).starts_with("error: not_a_file: "),
            "{}",
            stderr(&output)
        );
    }
    let _ = std::fs::remove_file(&fifo);
}

/// `aopp ARGS` with `input` on stdin.
fn aopp_with_stdin(args: &[&str], input: &[u8]) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_aopp"))
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

fn json(output: &Output) -> serde_json::Value {
    serde_json::from_str(stdout(output).trim()).unwrap()
}

#[test]
fn sign_prints_a_signature_in_each_scheme_that_verify_names() {
    let mnemonic = secret_file("cli-sign-mnemonic", ABANDON);
    let message = "Proof for Bitvavo, Zürich branch: 4f2a";
    for (asset, format, scheme) in [
        ("btc", "p2pkh", "electrum"),
        ("btc", "p2sh", "bip137"),
        ("btc", "p2wpkh", "electrum"),
        ("btc", "p2wpkh", "bip137"),
        ("btc", "p2wpkh", "bip322"),
        ("btc", "p2tr", "bip322"),
        ("btc", "p2tr", "bip322-smp"),
        ("eth", "standard", "eip191"),
    ] {
        let signed = aopp(&[
            "sign",
            "--mnemonic-file",
            &mnemonic,
            "--asset",
            asset,
            "--format",
            format,
            "--scheme",
            scheme,
            "--index",
            "2",
            message,
        ]);
        assert!(
            signed.status.success(),
            "{format} {scheme}: {}",
            stderr(&signed)
        );
        let signed = json(&signed);
        assert_eq!(signed["scheme"], scheme);
        let path = signed["path"].as_str().unwrap();
        assert!(path.ends_with("/0/2"), "{path}");
        let (address, signature) = (
            signed["address"].as_str().unwrap(),
            signed["signature"].as_str().unwrap(),
        );
        if scheme == "eip191" {
            assert!(
                signature.starts_with("0x") && signature.len() == 132,
                "{signature}"
            );
        }
        let verified = aopp(&["verify", "--asset", asset, address, message, signature]);
        assert!(
            verified.status.success(),
            "{format} {scheme}: {}",
            stderr(&verified)
        );
        let verified = json(&verified);
        assert_eq!(verified["valid"], true);
        // A p2pkh BIP-137 signature is an Electrum one byte for byte: both names fit.
        assert_eq!(verified["scheme"], scheme, "{format}");
    }
}

#[test]
fn sign_defaults_to_the_scheme_the_format_needs_and_refuses_one_it_cannot_use() {
    let mnemonic = secret_file("cli-sign-defaults", ABANDON);
    for (format, scheme) in [("p2wpkh", "electrum"), ("p2tr", "bip322")] {
        let output = aopp(&[
            "sign",
            "--mnemonic-file",
            &mnemonic,
            "--asset",
            "btc",
            "--format",
            format,
            "m",
        ]);
        assert_eq!(json(&output)["scheme"], scheme, "{}", stderr(&output));
    }
    let output = aopp(&["sign", "--mnemonic-file", &mnemonic, "--asset", "eth", "m"]);
    assert_eq!(json(&output)["scheme"], "eip191");
    let refused = aopp(&[
        "sign",
        "--mnemonic-file",
        &mnemonic,
        "--asset",
        "btc",
        "--format",
        "p2tr",
        "--scheme",
        "electrum",
        "m",
    ]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(stderr(&refused).starts_with("error: scheme_not_for_format: "));
}

#[test]
fn sign_reads_the_message_from_stdin_byte_for_byte_and_finds_a_typed_address() {
    let mnemonic = secret_file("cli-sign-stdin", ABANDON);
    // The BIP-84 vector's change address m/84'/0'/0'/1/0 of the abandon phrase.
    let change = "bc1q8c6fshw2dlwun7ekn9qwf37cu2rn755upcp6el";
    let message = "line one\r\nline two, trailing space and newline \n";
    let signed = aopp_with_stdin(
        &[
            "sign",
            "--mnemonic-file",
            &mnemonic,
            "--asset",
            "btc",
            "--address",
            change,
            "-",
        ],
        message.as_bytes(),
    );
    assert!(signed.status.success(), "{}", stderr(&signed));
    let signed = json(&signed);
    assert_eq!(signed["address"], change);
    assert_eq!(signed["path"], "m/84'/0'/0'/1/0");
    let signature = signed["signature"].as_str().unwrap();
    let verified = aopp(&["verify", "--asset", "btc", change, message, signature]);
    assert!(
        verified.status.success(),
        "the exact bytes were signed: {}",
        stderr(&verified)
    );
    let trimmed = aopp(&[
        "verify",
        "--asset",
        "btc",
        change,
        message.trim_end(),
        signature,
    ]);
    assert_eq!(trimmed.status.code(), Some(1), "nothing was trimmed");
    assert_eq!(json(&trimmed)["valid"], false);

    let stranger = "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4";
    let refused = aopp(&[
        "sign",
        "--mnemonic-file",
        &mnemonic,
        "--asset",
        "btc",
        "--address",
        stranger,
        "m",
    ]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(stderr(&refused).starts_with("error: not_our_address: "));
}

#[test]
fn verify_says_invalid_with_exit_1_and_bad_input_with_exit_2() {
    let invalid = aopp(&[
        "verify",
        "--asset",
        "btc",
        "bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu",
        "m",
        "not a signature",
    ]);
    assert_eq!(invalid.status.code(), Some(1));
    assert_eq!(json(&invalid)["valid"], false);
    assert_eq!(json(&invalid)["code"], "not_base64");
    let bad = aopp(&["verify", "--asset", "btc", "bc1qnotanaddress", "m", "AAAA"]);
    assert_eq!(bad.status.code(), Some(2));
}
