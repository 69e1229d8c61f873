//! `aopp`: the wallet's logic on the command line, for integrators, scripts and tests.
//!
//! Output is JSON on stdout; errors are one line on stderr (`error: <code>: <text>`).
//! Exit codes: 0 done, 1 a signature did not verify or a proof could not be made, 2 bad input.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use serde::Serialize;
use wallet_core::keys::Mnemonic;
use wallet_core::sign::verify;
use wallet_core::{
    prove, AddressFormat, AoppRequest, Asset, LoopbackHttp, MasterKey, Network, SignOptions,
    TravelAddress,
};
use zeroize::Zeroizing;

#[derive(Parser)]
#[command(name = "aopp", version, about = "AOPP proofs and TRP Travel Addresses")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Parse an aopp: link and print the request.
    Parse {
        /// The link, e.g. 'aopp:?v=0&msg=…&asset=btc&format=any&callback=https://…'.
        link: String,
        /// Accept plain http callbacks on 127.0.0.1/localhost (local test VASPs).
        #[arg(long)]
        allow_loopback_http: bool,
    },
    /// Sign the request of a link with a key from a mnemonic and print the proof (not sent).
    Prove {
        /// File holding the BIP-39 phrase.
        #[arg(long)]
        mnemonic_file: PathBuf,
        /// File holding the BIP-39 passphrase (one trailing newline is ignored).
        #[arg(long)]
        passphrase_file: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = NetworkArg::Mainnet)]
        network: NetworkArg,
        /// Index on the receive chain.
        #[arg(long, default_value_t = 0)]
        index: u32,
        /// The format to prove when the link asks for `any`.
        #[arg(long, value_enum, default_value_t = FormatArg::P2wpkh)]
        prefer: FormatArg,
        /// Prefix BIP-322 (p2tr) signatures with `smp` (BIP-322 2.0.0).
        #[arg(long)]
        bip322_prefix: bool,
        /// Accept plain http callbacks on 127.0.0.1/localhost (local test VASPs).
        #[arg(long)]
        allow_loopback_http: bool,
        /// The aopp: link.
        link: String,
    },
    /// Verify a message signature for an address.
    Verify {
        #[arg(long, value_enum)]
        asset: AssetArg,
        /// The network a Bitcoin address must belong to.
        #[arg(long, value_enum, default_value_t = NetworkArg::Mainnet)]
        network: NetworkArg,
        address: String,
        message: String,
        signature: String,
    },
    /// Encode or decode a TRP Travel Address.
    Travel {
        #[command(subcommand)]
        command: TravelCommand,
    },
    /// Find the QR codes in PNG or JPEG images: one JSON line per code found.
    Scan {
        /// The images.
        #[arg(required = true)]
        images: Vec<PathBuf>,
    },
}

#[derive(Subcommand)]
enum TravelCommand {
    /// Encode a URL without scheme (it must carry `t=i`).
    Encode { url: String },
    /// Decode a `ta…` Travel Address.
    Decode { travel_address: String },
}

#[derive(Clone, Copy, ValueEnum)]
enum NetworkArg {
    Mainnet,
    Testnet,
    Signet,
    Regtest,
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    P2pkh,
    P2sh,
    P2wpkh,
    P2tr,
}

#[derive(Clone, Copy, ValueEnum)]
enum AssetArg {
    Btc,
    Eth,
}

/// A failure to report: its exit code, stable code and text.
struct Failure {
    exit: u8,
    code: &'static str,
    text: String,
}

impl Failure {
    fn input(code: &'static str, text: impl ToString) -> Failure {
        Failure {
            exit: 2,
            code,
            text: text.to_string(),
        }
    }
}

fn main() -> ExitCode {
    let command = Cli::parse().command;
    if let Command::Scan { images } = command {
        return scan(&images);
    }
    match run(command) {
        Ok(json) => {
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(failure) => {
            eprintln!("error: {}: {}", failure.code, failure.text);
            ExitCode::from(failure.exit)
        }
    }
}

fn run(command: Command) -> Result<String, Failure> {
    match command {
        Command::Parse {
            link,
            allow_loopback_http,
        } => {
            let request = parse_link(&link, allow_loopback_http)?;
            to_json(&request)
        }
        Command::Prove {
            mnemonic_file,
            passphrase_file,
            network,
            index,
            prefer,
            bip322_prefix,
            allow_loopback_http,
            link,
        } => {
            let request = parse_link(&link, allow_loopback_http)?;
            let phrase = read_secret(&mnemonic_file)?;
            let mnemonic =
                Mnemonic::parse(&phrase).map_err(|error| Failure::input(error.code(), error))?;
            let passphrase = match passphrase_file {
                Some(path) => read_secret(&path)?,
                None => Zeroizing::new(String::new()),
            };
            let master = MasterKey::from_seed(&mnemonic.to_seed(&passphrase), network.into());
            let options = SignOptions { bip322_prefix };
            let signed =
                prove(&master, &request, index, prefer.into(), options).map_err(|error| {
                    Failure {
                        exit: 1,
                        code: error.code(),
                        text: error.to_string(),
                    }
                })?;
            to_json(&signed.proof)
        }
        Command::Verify {
            asset,
            network,
            address,
            message,
            signature,
        } => {
            let verification = verify(asset.into(), network.into(), &address, &message, &signature)
                .map_err(|error| Failure {
                    exit: 1,
                    code: error.code(),
                    text: error.to_string(),
                })?;
            to_json(&verification)
        }
        Command::Scan { .. } => unreachable!("scan prints as it goes"),
        Command::Travel { command } => {
            let address = match command {
                TravelCommand::Encode { url } => TravelAddress::encode(&url),
                TravelCommand::Decode { travel_address } => TravelAddress::decode(&travel_address),
            }
            .map_err(|error| Failure::input(error.code(), error))?;
            to_json(&address)
        }
    }
}

/// One line per code, `{"image","kind","text"}`; an unreadable image is an error line and
/// makes the exit code 2 once all images were read.
fn scan(images: &[PathBuf]) -> ExitCode {
    let mut status = ExitCode::SUCCESS;
    for path in images {
        let found = wallet_core::scan::read_image_file(path)
            .and_then(|bytes| wallet_core::scan::scan_bytes(&bytes))
            .map_err(|error| (error.code(), error.to_string()));
        match found {
            Ok(codes) => {
                for code in codes {
                    let line = serde_json::json!({
                        "image": path.display().to_string(), "kind": code.kind, "text": code.text,
                    });
                    println!("{line}");
                }
            }
            Err((code, text)) => {
                eprintln!("error: {code}: {}: {text}", path.display());
                status = ExitCode::from(2);
            }
        }
    }
    status
}

fn parse_link(link: &str, allow_loopback_http: bool) -> Result<AoppRequest, Failure> {
    let policy = if allow_loopback_http {
        LoopbackHttp::Allow
    } else {
        LoopbackHttp::Refuse
    };
    AoppRequest::parse_with(link, policy).map_err(|error| Failure::input(error.code(), error))
}

/// Reads a secret file, dropping one trailing newline; the text is zeroized when dropped.
fn read_secret(path: &Path) -> Result<Zeroizing<String>, Failure> {
    let mut text = Zeroizing::new(std::fs::read_to_string(path).map_err(|error| {
        Failure::input("unreadable_file", format!("{}: {error}", path.display()))
    })?);
    if text.ends_with('\n') {
        text.pop();
        if text.ends_with('\r') {
            text.pop();
        }
    }
    Ok(text)
}

fn to_json<T: Serialize>(value: &T) -> Result<String, Failure> {
    serde_json::to_string(value).map_err(|error| Failure {
        exit: 1,
        code: "json",
        text: error.to_string(),
    })
}

impl From<NetworkArg> for Network {
    fn from(network: NetworkArg) -> Network {
        match network {
            NetworkArg::Mainnet => Network::Mainnet,
            NetworkArg::Testnet => Network::Testnet,
            NetworkArg::Signet => Network::Signet,
            NetworkArg::Regtest => Network::Regtest,
        }
    }
}

impl From<FormatArg> for AddressFormat {
    fn from(format: FormatArg) -> AddressFormat {
        match format {
            FormatArg::P2pkh => AddressFormat::P2pkh,
            FormatArg::P2sh => AddressFormat::P2shP2wpkh,
            FormatArg::P2wpkh => AddressFormat::P2wpkh,
            FormatArg::P2tr => AddressFormat::P2tr,
        }
    }
}

impl From<AssetArg> for Asset {
    fn from(asset: AssetArg) -> Asset {
        match asset {
            AssetArg::Btc => Asset::Btc,
            AssetArg::Eth => Asset::Eth,
        }
    }
}
