//! `aopp`: the wallet's logic on the command line, for integrators, scripts and tests.
//!
//! Output is JSON on stdout; errors are one line on stderr (`error: <code>: <text>`).
//! Exit codes: 0 done, 1 a signature did not verify or a proof could not be made, 2 bad input.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use serde::Serialize;
use wallet_core::keys::Mnemonic;
use wallet_core::sign::{sign_message, verify, SignatureScheme};
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
        #[command(flatten)]
        wallet: WalletArgs,
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
    /// Sign any message with one of the wallet's keys and print the signature (verified first).
    Sign {
        #[command(flatten)]
        wallet: WalletArgs,
        #[arg(long, value_enum)]
        asset: AssetArg,
        /// The address format (default p2wpkh for btc, standard for eth); ignored with --address.
        #[arg(long, value_enum)]
        format: Option<AnyFormatArg>,
        /// Index on the receive chain.
        #[arg(long, default_value_t = 0, conflicts_with = "address")]
        index: u32,
        /// Sign with this address of the wallet's (searched among the first 1000 indexes of the
        /// receive and change chains).
        #[arg(long)]
        address: Option<String>,
        /// The scheme (default electrum for p2pkh/p2sh/p2wpkh, bip322 for p2tr, eip191 for eth).
        #[arg(long, value_enum)]
        scheme: Option<SchemeArg>,
        /// The message, exactly as given; `-` reads it from stdin, byte for byte.
        message: String,
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
    /// Print the output descriptors of the wallet's Bitcoin accounts (receive chains; their
    /// change chains under "change"), with key origin and checksum, and the root fingerprint.
    Descriptors {
        #[command(flatten)]
        wallet: WalletArgs,
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

/// The wallet a command signs with: its phrase, passphrase and network.
#[derive(Args)]
struct WalletArgs {
    /// File holding the BIP-39 phrase.
    #[arg(long)]
    mnemonic_file: PathBuf,
    /// File holding the BIP-39 passphrase (one trailing newline is ignored).
    #[arg(long)]
    passphrase_file: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = NetworkArg::Mainnet)]
    network: NetworkArg,
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
enum AnyFormatArg {
    P2pkh,
    P2sh,
    P2wpkh,
    P2tr,
    Standard,
}

#[derive(Clone, Copy, ValueEnum)]
enum SchemeArg {
    Electrum,
    Bip137,
    Bip322,
    #[value(name = "bip322-smp")]
    Bip322Smp,
    Eip191,
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
            wallet,
            index,
            prefer,
            bip322_prefix,
            allow_loopback_http,
            link,
        } => {
            let request = parse_link(&link, allow_loopback_http)?;
            let master = master_key(&wallet)?;
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
            let network = Network::from(network);
            match verify(asset.into(), network, &address, &message, &signature) {
                Ok(verified) => to_json(&serde_json::json!({
                    "valid": true,
                    "asset": verified.asset,
                    "address": verified.address,
                    "format": verified.format,
                    "network": if verified.asset == Asset::Btc { Some(network) } else { None },
                    "scheme": verified.kind.scheme(),
                    "kind": verified.kind,
                })),
                Err(error) => {
                    use wallet_core::VerifyError;
                    // An address that is not one at all is bad input; anything else is an
                    // answer: this signature is not valid for it.
                    let exit = match error {
                        VerifyError::InvalidAddress { .. }
                        | VerifyError::UnsupportedAddress { .. } => 2,
                        _ => 1,
                    };
                    println!(
                        "{}",
                        serde_json::json!({"valid": false, "code": error.code(), "reason": error.to_string()})
                    );
                    Err(Failure {
                        exit,
                        code: error.code(),
                        text: error.to_string(),
                    })
                }
            }
        }
        Command::Sign {
            wallet,
            asset,
            format,
            index,
            address,
            scheme,
            message,
        } => sign(SignArgs {
            wallet,
            asset: asset.into(),
            format: format.map(AddressFormat::from),
            index,
            address,
            scheme: scheme.map(SignatureScheme::from),
            message,
        }),
        Command::Descriptors { wallet } => descriptors(&master_key(&wallet)?),
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

/// `{"p2pkh": "pkh([…]…/0/*)#…", "p2sh": …, "p2wpkh": …, "p2tr": …, "fingerprint": …,
/// "change": {"p2pkh": "…/1/*)#…", …}}`.
fn descriptors(master: &MasterKey) -> Result<String, Failure> {
    let mut receive = serde_json::Map::new();
    let mut change = serde_json::Map::new();
    for &format in Asset::Btc.formats() {
        let account = master
            .account_descriptors(format)
            .map_err(|error| Failure::input("derive_failed", error))?;
        if let Some(account) = account {
            receive.insert(format.wire_name().into(), account.receive.into());
            change.insert(format.wire_name().into(), account.change.into());
        }
    }
    receive.insert(
        "fingerprint".into(),
        master.fingerprint().to_string().into(),
    );
    receive.insert("change".into(), change.into());
    to_json(&receive)
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

/// What `aopp sign` was given.
struct SignArgs {
    wallet: WalletArgs,
    asset: Asset,
    format: Option<AddressFormat>,
    index: u32,
    address: Option<String>,
    scheme: Option<SignatureScheme>,
    message: String,
}

/// How many indexes of each chain `--address` searches.
const ADDRESS_SEARCH: u32 = 1000;

fn sign(args: SignArgs) -> Result<String, Failure> {
    let message = if args.message == "-" {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes)
            .map_err(|error| Failure::input("unreadable_message", error))?;
        String::from_utf8(bytes)
            .map_err(|_| Failure::input("message_not_utf8", "the message is not UTF-8 text"))?
    } else {
        args.message
    };
    let network = Network::from(args.wallet.network);
    let master = master_key(&args.wallet)?;
    let not_ours = |text: String| Failure {
        exit: 1,
        code: "not_our_address",
        text,
    };
    let key = match &args.address {
        Some(address) => master
            .find_address(address, ADDRESS_SEARCH)
            .map_err(|error| Failure::input("derive_failed", error))?
            .filter(|key| key.format.asset() == args.asset)
            .ok_or_else(|| not_ours(format!("{address} is not among this wallet's addresses")))?,
        None => {
            let format = args.format.unwrap_or(match args.asset {
                Asset::Btc => AddressFormat::P2wpkh,
                Asset::Eth => AddressFormat::Standard,
            });
            if format.asset() != args.asset {
                return Err(Failure::input(
                    "format_not_of_asset",
                    format!("{format} is not a format of {}", args.asset),
                ));
            }
            master
                .derive(format, args.index)
                .map_err(|error| Failure::input("derive_failed", error))?
        }
    };
    let scheme = args
        .scheme
        .unwrap_or_else(|| SignatureScheme::default_for(key.format));
    let signature = sign_message(&key, scheme, &message).map_err(|error| Failure {
        exit: 2,
        code: "scheme_not_for_format",
        text: error.to_string(),
    })?;
    let address = key.address.to_string();
    // Self-check: nothing leaves that this wallet cannot verify as the scheme asked for.
    let verified = verify(args.asset, network, &address, &message, &signature)
        .ok()
        .filter(|verified| scheme.matches(verified.kind, key.format))
        .ok_or_else(|| Failure {
            exit: 1,
            code: "self_check_failed",
            text: "the signature did not verify; nothing printed".to_owned(),
        })?;
    to_json(&serde_json::json!({
        "address": address,
        "path": format!("m/{}", key.path),
        "format": verified.format,
        "scheme": scheme,
        "signature": signature,
    }))
}

/// The wallet's root key from its phrase file, optional passphrase file and network.
fn master_key(wallet: &WalletArgs) -> Result<MasterKey, Failure> {
    let phrase = read_secret(&wallet.mnemonic_file)?;
    let mnemonic = Mnemonic::parse(&phrase).map_err(|error| Failure::input(error.code(), error))?;
    let passphrase = match &wallet.passphrase_file {
        Some(path) => read_secret(path)?,
        None => Zeroizing::new(String::new()),
    };
    Ok(MasterKey::from_seed(
        &mnemonic.to_seed(&passphrase),
        wallet.network.into(),
    ))
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

impl From<AnyFormatArg> for AddressFormat {
    fn from(format: AnyFormatArg) -> AddressFormat {
        match format {
            AnyFormatArg::P2pkh => AddressFormat::P2pkh,
            AnyFormatArg::P2sh => AddressFormat::P2shP2wpkh,
            AnyFormatArg::P2wpkh => AddressFormat::P2wpkh,
            AnyFormatArg::P2tr => AddressFormat::P2tr,
            AnyFormatArg::Standard => AddressFormat::Standard,
        }
    }
}

impl From<SchemeArg> for SignatureScheme {
    fn from(scheme: SchemeArg) -> SignatureScheme {
        match scheme {
            SchemeArg::Electrum => SignatureScheme::Electrum,
            SchemeArg::Bip137 => SignatureScheme::Bip137,
            SchemeArg::Bip322 => SignatureScheme::Bip322,
            SchemeArg::Bip322Smp => SignatureScheme::Bip322Smp,
            SchemeArg::Eip191 => SignatureScheme::Eip191,
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
