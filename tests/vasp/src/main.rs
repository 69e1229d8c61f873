//! `aopp-test-vasp`: a local VASP for tests and integrators.
//!
//! Prints one JSON line when it listens: `{"url": "https://localhost:PORT", "ca": "PATH"}`.
//! Create a link:   POST /links {"asset":"btc","format":"p2wpkh","network":"mainnet","msg":"…","mode":"normal"}
//! Misbehave:       POST /links/TOKEN/mode "redirect" | "error" | "hang" | "close" | "huge" | "normal"
//! See proofs:      GET /received        The page with links and QR codes: GET /
//! One link's QR:   GET /links/TOKEN/qr.png
//! With --socks5, a SOCKS5 proxy runs too (`"socks5"` in the line); GET /proxied lists where it
//! was asked to connect.

mod http;
mod socks;
mod tls;
mod vasp;

use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use clap::Parser;

#[derive(Parser)]
#[command(
    name = "aopp-test-vasp",
    version,
    about = "A local VASP: issues aopp: links, verifies proofs, misbehaves on demand"
)]
struct Args {
    /// Port on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// The host name callbacks use (the certificate covers localhost and 127.0.0.1).
    #[arg(long, default_value = "localhost")]
    hostname: String,
    /// Serve plain HTTP instead of HTTPS (the wallet accepts it only with AOPP_WALLET_ALLOW_LOOPBACK_HTTP=1).
    #[arg(long)]
    plain_http: bool,
    /// Where to write the generated CA certificate (PEM).
    #[arg(long, default_value = "aopp-test-vasp-ca.pem")]
    ca_out: PathBuf,
    /// Append every verified proof to this file as JSON lines {"asset","address","message","signature"}.
    #[arg(long)]
    proofs_out: Option<PathBuf>,
    /// How long the "hang" misbehaviour holds a request, in seconds.
    #[arg(long, default_value_t = 45)]
    hang_seconds: u64,
    /// Also run a SOCKS5 proxy on a free port of 127.0.0.1 (it relays to this machine only).
    #[arg(long)]
    socks5: bool,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();
    let listener = TcpListener::bind(("127.0.0.1", args.port))?;
    let port = listener.local_addr()?.port();
    let scheme = if args.plain_http { "http" } else { "https" };
    let tls = if args.plain_http {
        None
    } else {
        let tls = tls::generate()?;
        std::fs::write(&args.ca_out, &tls.ca_pem)?;
        Some(tls.config)
    };
    let base_url = format!("{scheme}://{}:{port}", args.hostname);
    let ca = std::fs::canonicalize(&args.ca_out).unwrap_or(args.ca_out.clone());
    let vasp = Arc::new(vasp::Vasp::new(
        base_url.clone(),
        args.proofs_out,
        Duration::from_secs(args.hang_seconds),
    ));
    let mut socks5 = None;
    if args.socks5 {
        let proxy = TcpListener::bind(("127.0.0.1", 0))?;
        socks5 = Some(format!("socks5://127.0.0.1:{}", proxy.local_addr()?.port()));
        let seen = Arc::clone(&vasp.proxied);
        std::thread::spawn(move || socks::serve(proxy, seen));
    }
    println!(
        "{}",
        serde_json::json!({ "url": base_url, "ca": tls.as_ref().map(|_| ca), "socks5": socks5 })
    );

    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let vasp = Arc::clone(&vasp);
        let tls = tls.clone();
        std::thread::spawn(move || {
            let _ = stream.set_read_timeout(Some(Duration::from_secs(30)));
            match tls {
                Some(config) => {
                    let Ok(connection) = rustls::ServerConnection::new(config) else {
                        return;
                    };
                    let mut stream = rustls::StreamOwned::new(connection, stream);
                    if let Some(request) = http::read_request(&mut stream) {
                        let _ = vasp.handle(&request, &mut stream);
                        stream.conn.send_close_notify();
                        let _ = std::io::Write::flush(&mut stream);
                    }
                }
                None => {
                    let mut stream = stream;
                    if let Some(request) = http::read_request(&mut stream) {
                        let _ = vasp.handle(&request, &mut stream);
                    }
                }
            }
        });
    }
    Ok(())
}
