//! The VASP: single-use links, proof verification, and misbehaviour on demand.

use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use wallet_core::sign::verify;
use wallet_core::{AddressFormat, Asset, FormatRequest, Network};

use crate::http::{respond, Request};

/// How the callback answers a POST for a link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// As the spec says: 204, 400 or 404.
    #[default]
    Normal,
    /// 302 to another site.
    Redirect,
    /// 500 with a short text.
    Error,
    /// Reads the request, then says nothing for longer than the wallet waits.
    Hang,
    /// Reads the request, then closes the connection without a word.
    Close,
    /// 500 with a 10 MB body.
    Huge,
}

/// What a client asks for when it creates a link.
#[derive(Debug, Deserialize)]
pub struct NewLink {
    pub asset: String,
    pub format: String,
    #[serde(default)]
    pub network: Option<String>,
    #[serde(default)]
    pub msg: Option<String>,
    #[serde(default)]
    pub mode: Mode,
    /// Ask for the account's extended public key too (`xpub_required=1`, BitBoxApp's
    /// extension).
    #[serde(default)]
    pub xpub_required: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub token: String,
    pub asset: Asset,
    pub format: String,
    pub network: Network,
    pub msg: String,
    pub link: String,
    pub mode: Mode,
    pub used: bool,
}

/// A POST the callback received, and what the VASP made of it.
#[derive(Debug, Clone, Serialize)]
pub struct Received {
    pub token: String,
    pub mode: Mode,
    pub status: u16,
    pub address: Option<String>,
    pub signature: Option<String>,
    /// The extended public key, when the wallet sent one (`xpub_required`).
    pub xpub: Option<String>,
    pub valid: bool,
    pub detail: String,
}

#[derive(Deserialize)]
struct ProofBody {
    version: u8,
    address: String,
    signature: String,
    #[serde(default)]
    xpub: Option<String>,
}

pub struct Vasp {
    pub base_url: String,
    links: Mutex<HashMap<String, Link>>,
    received: Mutex<Vec<Received>>,
    proofs_out: Option<PathBuf>,
    written: Mutex<std::collections::HashSet<String>>,
    hang: Duration,
    /// What the SOCKS5 proxy, when it runs, was asked to connect to.
    pub proxied: crate::socks::Seen,
}

impl Vasp {
    pub fn new(base_url: String, proofs_out: Option<PathBuf>, hang: Duration) -> Vasp {
        Vasp {
            base_url,
            links: Mutex::default(),
            received: Mutex::default(),
            proofs_out,
            written: Mutex::default(),
            hang,
            proxied: crate::socks::Seen::default(),
        }
    }

    /// Answers one request on `stream`.
    pub fn handle(&self, request: &Request, stream: &mut impl Write) -> std::io::Result<()> {
        let path = request.path.split('?').next().unwrap_or("");
        let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
        match (request.method.as_str(), segments.as_slice()) {
            ("GET", [""]) => self.page(stream),
            ("POST", ["links"]) => self.create(request, stream),
            ("GET", ["received"]) => json(stream, 200, "OK", &*lock(&self.received)),
            ("GET", ["proxied"]) => json(stream, 200, "OK", &*lock(&self.proxied)),
            ("POST", ["links", token, "mode"]) => self.set_mode(token, request, stream),
            ("GET", ["links", token, "qr.png"]) => self.qr_png(token, stream),
            ("POST", ["proofs", token]) => self.proof(token, request, stream),
            _ => respond(stream, 404, "Not Found", &[], b"no such page"),
        }
    }

    fn create(&self, request: &Request, stream: &mut impl Write) -> std::io::Result<()> {
        let asked: NewLink = match serde_json::from_slice(&request.body) {
            Ok(asked) => asked,
            Err(error) => {
                return respond(
                    stream,
                    400,
                    "Bad Request",
                    &[],
                    error.to_string().as_bytes(),
                )
            }
        };
        let Some(asset) = Asset::from_symbol(&asked.asset) else {
            return respond(stream, 400, "Bad Request", &[], b"unknown asset");
        };
        let network = asked
            .network
            .as_deref()
            .map_or(Some(Network::Mainnet), Network::from_name)
            .unwrap_or_default();
        let token = format!("{:016x}", bitcoin::secp256k1::rand::random::<u64>());
        let msg = asked.msg.unwrap_or_else(|| {
            format!(
                "I confirm that this {} address is controlled by me. Nonce: {token}",
                asset.symbol().to_uppercase()
            )
        });
        let callback = format!("{}/proofs/{token}", self.base_url);
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        query
            .append_pair("v", "0")
            .append_pair("msg", &msg)
            .append_pair("asset", asset.symbol())
            .append_pair("format", &asked.format)
            .append_pair("callback", &callback);
        if asked.xpub_required {
            query.append_pair("xpub_required", "1");
        }
        let query = query.finish();
        let link = Link {
            token: token.clone(),
            asset,
            format: asked.format,
            network,
            msg,
            link: format!("aopp:?{query}"),
            mode: asked.mode,
            used: false,
        };
        // Stored before the answer goes out: the client may post a proof at once.
        lock(&self.links).insert(token, link.clone());
        json(stream, 201, "Created", &link)
    }

    fn set_mode(
        &self,
        token: &str,
        request: &Request,
        stream: &mut impl Write,
    ) -> std::io::Result<()> {
        let Ok(mode) = serde_json::from_slice::<Mode>(&request.body) else {
            return respond(
                stream,
                400,
                "Bad Request",
                &[],
                b"mode is one of normal, redirect, error, hang, close, huge",
            );
        };
        match lock(&self.links).get_mut(token) {
            Some(link) => {
                link.mode = mode;
                respond(stream, 204, "No Content", &[], b"")
            }
            None => respond(stream, 404, "Not Found", &[], b"unknown token"),
        }
    }

    fn proof(
        &self,
        token: &str,
        request: &Request,
        stream: &mut impl Write,
    ) -> std::io::Result<()> {
        let link = lock(&self.links).get(token).cloned();
        let mode = link.as_ref().map(|link| link.mode).unwrap_or_default();
        // Every attempt is recorded with what it carried, so tests can see a resend is the same.
        let (address, signature, xpub) = match serde_json::from_slice::<ProofBody>(&request.body) {
            Ok(body) => (Some(body.address), Some(body.signature), body.xpub),
            Err(_) => (None, None, None),
        };
        // Every proof that arrives is written out once, whatever the verdict: external
        // verifiers check the signatures themselves.
        if let (Some(link), Some(_)) = (&link, &signature) {
            self.write_proof(link, address.as_deref(), signature.as_deref());
        }
        let record_verdict = |status: u16, valid: bool, detail: &str| {
            lock(&self.received).push(Received {
                token: token.to_owned(),
                mode,
                status,
                address: address.clone(),
                signature: signature.clone(),
                xpub: xpub.clone(),
                valid,
                detail: detail.to_owned(),
            });
        };
        let record = |status: u16, detail: &str| record_verdict(status, false, detail);
        match mode {
            Mode::Normal => {}
            Mode::Redirect => {
                record(302, "redirected");
                return respond(
                    stream,
                    302,
                    "Found",
                    &[("Location", "https://elsewhere.example/proofs")],
                    b"",
                );
            }
            Mode::Error => {
                record(500, "internal error");
                return respond(
                    stream,
                    500,
                    "Internal Server Error",
                    &[],
                    b"internal error, try again later",
                );
            }
            Mode::Hang => {
                record(0, "hung");
                std::thread::sleep(self.hang);
                return Ok(());
            }
            Mode::Close => {
                record(0, "closed");
                return Ok(());
            }
            Mode::Huge => {
                record(500, "10 MB body");
                let body = vec![b'x'; 10 * 1024 * 1024];
                return respond(stream, 500, "Internal Server Error", &[], &body);
            }
        }
        let Some(link) = link.filter(|link| !link.used) else {
            record(404, "unknown or used token");
            return respond(
                stream,
                404,
                "Not Found",
                &[],
                b"unknown or already used token",
            );
        };
        if request.header("content-type") != Some("application/json; charset=utf-8") {
            record(400, "wrong content type");
            return respond(
                stream,
                400,
                "Bad Request",
                &[],
                b"content type must be application/json; charset=utf-8",
            );
        }
        let verdict = check(&link, &request.body);
        let (status, reason, text) = match &verdict {
            Ok(_) => (204, "No Content", String::new()),
            Err(text) => (400, "Bad Request", text.clone()),
        };
        if verdict.is_ok() {
            if let Some(link) = lock(&self.links).get_mut(token) {
                link.used = true;
            }
        }
        record_verdict(
            status,
            verdict.is_ok(),
            &verdict.clone().unwrap_or_else(|text| text),
        );
        respond(
            stream,
            status,
            reason,
            &[("Content-Type", "text/plain; charset=utf-8")],
            text.as_bytes(),
        )
    }

    /// The link's QR code as a PNG, as a withdrawal page would show it.
    fn qr_png(&self, token: &str, stream: &mut impl Write) -> std::io::Result<()> {
        let Some(link) = lock(&self.links).get(token).cloned() else {
            return respond(stream, 404, "Not Found", &[], b"unknown token");
        };
        let png = qrcode::QrCode::new(link.link.as_bytes())
            .ok()
            .and_then(|code| {
                let image = code
                    .render::<image::Luma<u8>>()
                    .module_dimensions(4, 4)
                    .build();
                let mut bytes = std::io::Cursor::new(Vec::new());
                image.write_to(&mut bytes, image::ImageFormat::Png).ok()?;
                Some(bytes.into_inner())
            });
        match png {
            Some(png) => respond(stream, 200, "OK", &[("Content-Type", "image/png")], &png),
            None => respond(stream, 500, "Internal Server Error", &[], b"no QR code"),
        }
    }

    /// Appends a proof to the proofs file once per signature, for external verifiers.
    fn write_proof(&self, link: &Link, address: Option<&str>, signature: Option<&str>) {
        let Some(path) = &self.proofs_out else { return };
        let Some(signature) = signature else { return };
        if !lock(&self.written).insert(signature.to_owned()) {
            return;
        }
        let line = serde_json::json!({
            "asset": link.asset, "address": address, "message": link.msg, "signature": signature,
        });
        if let Ok(mut file) = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
        {
            let _ = writeln!(file, "{line}");
        }
    }

    fn page(&self, stream: &mut impl Write) -> std::io::Result<()> {
        let mut html = String::from(
            "<!doctype html><meta charset=utf-8><title>Test VASP</title><h1>Withdrawal: verify your address</h1>",
        );
        for link in lock(&self.links).values().filter(|link| !link.used) {
            let qr = qrcode::QrCode::new(link.link.as_bytes())
                .map(|code| {
                    code.render::<qrcode::render::svg::Color<'_>>()
                        .min_dimensions(320, 320)
                        .build()
                })
                .unwrap_or_default();
            let href = link.link.replace('&', "&amp;").replace('"', "&quot;");
            html.push_str(&format!(
                "<section><h2>{} {}</h2><p><a href=\"{href}\">Verify address</a></p>{qr}</section>",
                link.asset, link.format
            ));
        }
        respond(
            stream,
            200,
            "OK",
            &[("Content-Type", "text/html; charset=utf-8")],
            html.as_bytes(),
        )
    }
}

/// The VASP's checks: version 0, the requested format, a valid signature.
fn check(link: &Link, body: &[u8]) -> Result<String, String> {
    let proof: ProofBody =
        serde_json::from_slice(body).map_err(|error| format!("body is not a proof: {error}"))?;
    if proof.version != 0 {
        return Err(format!("unsupported version {}", proof.version));
    }
    let verified = verify(
        link.asset,
        link.network,
        &proof.address,
        &link.msg,
        &proof.signature,
    )
    .map_err(|error| format!("signature does not verify: {error}"))?;
    let requested = match link.format.as_str() {
        "any" => FormatRequest::Any,
        other => FormatRequest::Exact(
            AddressFormat::from_wire_name(link.asset, other)
                .ok_or_else(|| format!("unknown format {other}"))?,
        ),
    };
    if let FormatRequest::Exact(format) = requested {
        if format != verified.format {
            return Err(format!(
                "asked for a {format} address, got {}",
                verified.format
            ));
        }
    }
    Ok(format!("verified {} {}", verified.format, proof.address))
}

/// Answers with `value` as JSON.
fn json(
    stream: &mut impl Write,
    status: u16,
    reason: &str,
    value: &impl Serialize,
) -> std::io::Result<()> {
    let body = serde_json::to_vec(value).unwrap_or_default();
    respond(
        stream,
        status,
        reason,
        &[("Content-Type", "application/json")],
        &body,
    )
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}
