//! Benchmark (not a test): approve-to-204 against the local VASP over HTTPS, with the real
//! keyring read, derivation, signing, self-check, journal writes and the POST included.
//! Run through `scripts/bench-approve.sh`, which starts the VASP and a desktop session.

use std::time::Instant;

use aopp_wallet_lib::api::{DeveloperOptions, WalletApp};
use aopp_wallet_lib::proofs::EthAccount;
use aopp_wallet_lib::vault::Vault;

const ABANDON: &str =
    "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let vasp = std::env::var("VASP_URL")?;
    let ca = std::fs::read(std::env::var("VASP_CA")?)?;
    let runs: usize = std::env::var("RUNS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(20);
    let dir = std::env::temp_dir().join(format!("aopp-approve-bench-{}", std::process::id()));
    let vault = Vault::with_service("aopp-wallet-approve-bench");
    let app = WalletApp::open(
        &dir,
        vault,
        DeveloperOptions {
            extra_root_pem: Some(ca.clone()),
            ..DeveloperOptions::default()
        },
    )
    .map_err(|error| error.message)?;
    app.import(ABANDON, "").map_err(|error| error.message)?;

    let client: ureq::Agent = ureq::Agent::config_builder()
        .tls_config(
            ureq::tls::TlsConfig::builder()
                .root_certs(ureq::tls::RootCerts::new_with_certs(&[
                    ureq::tls::Certificate::from_pem(&ca)?.to_owned(),
                ]))
                .build(),
        )
        .build()
        .into();
    let mut millis = Vec::new();
    for run in 0..runs + 2 {
        let created: serde_json::Value = client
            .post(format!("{vasp}/links"))
            .send_json(serde_json::json!({"asset": "btc", "format": "p2wpkh"}))?
            .body_mut()
            .read_json()?;
        let link = created["link"].as_str().ok_or("no link")?;
        app.receive_link(link).map_err(|error| error.message)?;
        let id = app.links().last().ok_or("no queued link")?.id;
        let preview = app
            .preview(id, EthAccount::First)
            .map_err(|error| error.message)?;
        let started = Instant::now();
        let view = app
            .approve(id, &preview.address, EthAccount::First, false)
            .map_err(|error| error.message)?;
        let elapsed = started.elapsed().as_secs_f64() * 1000.0;
        if view.record.status != wallet_core::journal::ProofStatus::Accepted {
            return Err(format!("run {run}: {:?}", view.outcome).into());
        }
        // The first two warm the TLS roots and the page cache.
        if run >= 2 {
            millis.push(elapsed);
        }
    }
    let _ = app.delete_wallet(aopp_wallet_lib::api::DELETE_CONFIRMATION);
    let _ = std::fs::remove_dir_all(&dir);
    millis.sort_by(f64::total_cmp);
    let median = if millis.len() % 2 == 1 {
        millis[millis.len() / 2]
    } else {
        (millis[millis.len() / 2 - 1] + millis[millis.len() / 2]) / 2.0
    };
    println!(
        "{}",
        serde_json::json!({
            "runs": millis.len(),
            "approve_to_204_ms": { "median": median, "min": millis[0], "max": millis[millis.len() - 1] },
        })
    );
    Ok(())
}
