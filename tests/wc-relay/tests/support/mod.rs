//! What the tests against a real dApp share: the test relay and `propose.mjs` as child
//! processes, and their output read line by line.

use std::io::{BufRead, BufReader, Lines, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::Value;

/// Kills its process when dropped.
pub struct Running(pub Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// What a child process prints.
pub type Said = Lines<BufReader<ChildStdout>>;

/// Starts `command`; returns it with its output, read line by line.
pub fn start(mut command: Command) -> (Running, Said) {
    let mut child = command.stdout(Stdio::piped()).spawn().unwrap();
    let lines = BufReader::new(child.stdout.take().unwrap()).lines();
    (Running(child), lines)
}

pub fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// The test relay on a free port: the process, its control input and its `ws://` URL.
pub fn relay() -> (Running, ChildStdin, String) {
    let mut relay = Command::new(env!("CARGO_BIN_EXE_wc-test-relay"));
    relay.args(["--port", "0"]).stdin(Stdio::piped());
    let (mut relay, mut said) = start(relay);
    let control = relay.0.stdin.take().unwrap();
    let listening = said.next().unwrap().unwrap();
    let url = listening.strip_prefix("listening ").unwrap().to_owned();
    (relay, control, url)
}

/// A dApp (`propose.mjs`) on `relay_url`: the process, where its requests are asked, what it
/// prints, and its pairing URI.
pub struct Dapp {
    /// Stopped when the `Dapp` is dropped.
    pub _process: Running,
    pub ask: ChildStdin,
    pub said: Said,
    pub uri: String,
}

impl Dapp {
    pub fn start(relay_url: &str) -> Self {
        let dapp_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../walletconnect");
        assert!(
            dapp_dir
                .join("node_modules/@walletconnect/sign-client")
                .is_dir(),
            "run `npm ci` in tests/walletconnect first (scripts/test.sh does)"
        );
        let mut dapp = Command::new("node");
        dapp.args(["propose.mjs", relay_url])
            .current_dir(&dapp_dir)
            .stdin(Stdio::piped());
        let (mut process, mut said) = start(dapp);
        let ask = process.0.stdin.take().unwrap();
        let uri = said.next().unwrap().unwrap();
        Self {
            _process: process,
            ask,
            said,
            uri,
        }
    }

    /// Asks the wallet `{"chainId", "method", "params"}`.
    pub fn request(&mut self, request: &Value) {
        writeln!(self.ask, "{request}").unwrap();
    }

    /// The next line the dApp printed, as JSON.
    pub fn heard(&mut self) -> Value {
        let line = self.said.next().unwrap().unwrap();
        serde_json::from_str(&line).unwrap_or_else(|_| panic!("not JSON: {line}"))
    }
}
