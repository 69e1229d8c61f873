//! Just enough of the D-Bus wire protocol for one method call on the session bus, with `std`
//! only: the launcher makes a single call and exits, and a full D-Bus library would be most of
//! its size. Connect (`unix:path=` or `unix:abstract=`), authenticate with EXTERNAL, say Hello,
//! call, and wait for the method's reply or error.
//!
//! The one body this needs is `(as s)`: a list of strings and a string.

use std::io::{Read, Write};
use std::os::unix::net::UnixStream;
use std::time::Duration;

/// How long the bus may take to answer any step.
const TIMEOUT: Duration = Duration::from_secs(2);
/// Replies bigger than this are not what this client waits for and end the call.
const MAX_MESSAGE: usize = 1 << 20;

const METHOD_CALL: u8 = 1;
const METHOD_RETURN: u8 = 2;
const ERROR: u8 = 3;

// Header field codes.
const PATH: u8 = 1;
const INTERFACE: u8 = 2;
const MEMBER: u8 = 3;
const REPLY_SERIAL: u8 = 5;
const DESTINATION: u8 = 6;
const SIGNATURE: u8 = 8;

/// A method to call: where, and what.
pub struct Call<'a> {
    pub destination: &'a str,
    pub path: &'a str,
    pub interface: &'a str,
    pub member: &'a str,
}

/// Calls `call` on the session bus with the body `(list, last)`. Returns whether the method
/// returned (rather than failed, or no bus or no such name answered in time).
pub fn call_session(call: &Call<'_>, list: &[String], last: &str) -> bool {
    let Some(mut bus) = connect_session() else {
        return false;
    };
    let hello = Call {
        destination: "org.freedesktop.DBus",
        path: "/org/freedesktop/DBus",
        interface: "org.freedesktop.DBus",
        member: "Hello",
    };
    authenticate(&mut bus).is_some()
        && bus.write_all(&method_call(&hello, 1, None)).is_ok()
        && bus
            .write_all(&method_call(call, 2, Some((list, last))))
            .is_ok()
        && reply_to(&mut bus, 2) == Some(true)
}

fn connect_session() -> Option<UnixStream> {
    let address = std::env::var("DBUS_SESSION_BUS_ADDRESS").ok()?;
    let stream = address.split(';').find_map(connect)?;
    stream.set_read_timeout(Some(TIMEOUT)).ok()?;
    stream.set_write_timeout(Some(TIMEOUT)).ok()?;
    Some(stream)
}

/// Connects to one server address such as `unix:path=/run/user/1000/bus,guid=…`.
fn connect(address: &str) -> Option<UnixStream> {
    let keys = address.strip_prefix("unix:")?;
    keys.split(',')
        .find_map(|pair| match pair.split_once('=')? {
            ("path", path) => UnixStream::connect(unescape(path)?).ok(),
            ("abstract", name) => connect_abstract(&unescape(name)?),
            _ => None,
        })
}

#[cfg(target_os = "linux")]
fn connect_abstract(name: &str) -> Option<UnixStream> {
    use std::os::linux::net::SocketAddrExt;
    let address = std::os::unix::net::SocketAddr::from_abstract_name(name.as_bytes()).ok()?;
    UnixStream::connect_addr(&address).ok()
}

#[cfg(not(target_os = "linux"))]
fn connect_abstract(_name: &str) -> Option<UnixStream> {
    None
}

/// A D-Bus address value: bytes as they are, or `%XX`.
fn unescape(value: &str) -> Option<String> {
    let mut bytes = Vec::with_capacity(value.len());
    let mut rest = value.as_bytes();
    while let Some((&byte, tail)) = rest.split_first() {
        if byte == b'%' {
            let hex = std::str::from_utf8(tail.get(..2)?).ok()?;
            bytes.push(u8::from_str_radix(hex, 16).ok()?);
            rest = &tail[2..];
        } else {
            bytes.push(byte);
            rest = tail;
        }
    }
    String::from_utf8(bytes).ok()
}

/// SASL EXTERNAL: the bus checks the socket's credentials against the uid given.
fn authenticate(bus: &mut UnixStream) -> Option<()> {
    use std::os::unix::fs::MetadataExt;
    // The process's own uid: /proc/self belongs to it.
    let uid = std::fs::metadata("/proc/self").ok()?.uid().to_string();
    let hex: String = uid.bytes().map(|byte| format!("{byte:02x}")).collect();
    bus.write_all(format!("\0AUTH EXTERNAL {hex}\r\n").as_bytes())
        .ok()?;
    let mut line = Vec::new();
    let mut byte = [0];
    while !line.ends_with(b"\r\n") {
        bus.read_exact(&mut byte).ok()?;
        line.push(byte[0]);
        if line.len() > 512 {
            return None;
        }
    }
    if !line.starts_with(b"OK ") {
        return None;
    }
    bus.write_all(b"BEGIN\r\n").ok()
}

/// A little-endian message being written; alignment is counted from its start.
#[derive(Default)]
struct Writer(Vec<u8>);

impl Writer {
    fn align(&mut self, to: usize) {
        while self.0.len() % to != 0 {
            self.0.push(0);
        }
    }

    fn u32(&mut self, value: u32) {
        self.align(4);
        self.0.extend_from_slice(&value.to_le_bytes());
    }

    /// Writes a length to fill in later; returns where.
    fn length_slot(&mut self) -> usize {
        self.u32(0);
        self.0.len() - 4
    }

    fn fill_length(&mut self, slot: usize, from: usize) {
        let length = u32::try_from(self.0.len() - from).unwrap_or(u32::MAX);
        self.0[slot..slot + 4].copy_from_slice(&length.to_le_bytes());
    }

    fn string(&mut self, text: &str) {
        self.u32(u32::try_from(text.len()).unwrap_or(u32::MAX));
        self.0.extend_from_slice(text.as_bytes());
        self.0.push(0);
    }

    fn signature(&mut self, text: &str) {
        self.0.push(u8::try_from(text.len()).unwrap_or(u8::MAX));
        self.0.extend_from_slice(text.as_bytes());
        self.0.push(0);
    }

    /// One header field: a struct of its code and a variant.
    fn field(&mut self, code: u8, kind: &str, value: &str) {
        self.align(8);
        self.0.push(code);
        self.signature(kind);
        if kind == "g" {
            self.signature(value);
        } else {
            self.string(value);
        }
    }
}

fn method_call(call: &Call<'_>, serial: u32, body: Option<(&[String], &str)>) -> Vec<u8> {
    // The body first: its length goes in the header. It starts 8-aligned, as a body does.
    let mut payload = Writer::default();
    if let Some((list, last)) = body {
        let slot = payload.length_slot();
        let start = payload.0.len();
        for item in list {
            payload.string(item);
        }
        payload.fill_length(slot, start);
        payload.string(last);
    }

    let mut message = Writer(vec![b'l', METHOD_CALL, 0, 1]);
    message.u32(u32::try_from(payload.0.len()).unwrap_or(u32::MAX));
    message.u32(serial);
    let slot = message.length_slot();
    message.align(8);
    let start = message.0.len();
    message.field(PATH, "o", call.path);
    message.field(DESTINATION, "s", call.destination);
    message.field(INTERFACE, "s", call.interface);
    message.field(MEMBER, "s", call.member);
    if body.is_some() {
        message.field(SIGNATURE, "g", "ass");
    }
    message.fill_length(slot, start);
    message.align(8);
    message.0.extend_from_slice(&payload.0);
    message.0
}

/// Reads messages until the reply to `serial`: `Some(true)` for a method return, `Some(false)`
/// for an error, `None` if the bus closed, timed out or sent something unreadable.
fn reply_to(bus: &mut UnixStream, serial: u32) -> Option<bool> {
    loop {
        let mut fixed = [0u8; 16];
        bus.read_exact(&mut fixed).ok()?;
        let big_endian = match fixed[0] {
            b'l' => false,
            b'B' => true,
            _ => return None,
        };
        let body = usize::try_from(u32_at(&fixed, 4, big_endian)?).ok()?;
        let fields = usize::try_from(u32_at(&fixed, 12, big_endian)?).ok()?;
        let header = (16 + fields).next_multiple_of(8);
        if header + body > MAX_MESSAGE {
            return None;
        }
        let mut rest = vec![0; header - 16 + body];
        bus.read_exact(&mut rest).ok()?;
        let mut whole = fixed.to_vec();
        whole.extend_from_slice(&rest);
        let kind = fixed[1];
        if (kind == METHOD_RETURN || kind == ERROR)
            && reply_serial(&whole[..16 + fields], big_endian) == Some(serial)
        {
            return Some(kind == METHOD_RETURN);
        }
    }
}

/// The REPLY_SERIAL header field of a message's header (`header` is the fixed part and the
/// fields), if it has one.
fn reply_serial(header: &[u8], big_endian: bool) -> Option<u32> {
    let number = |at: usize| u32_at(header, at, big_endian);
    let mut at = 16;
    while at < header.len() {
        at = at.next_multiple_of(8);
        let code = *header.get(at)?;
        let kind_length = usize::from(*header.get(at + 1)?);
        let kind = header.get(at + 2..at + 2 + kind_length)?;
        at += 3 + kind_length;
        match kind {
            b"u" => {
                at = at.next_multiple_of(4);
                let value = number(at)?;
                if code == REPLY_SERIAL {
                    return Some(value);
                }
                at += 4;
            }
            b"s" | b"o" => {
                at = at.next_multiple_of(4);
                at += 4 + usize::try_from(number(at)?).ok()? + 1;
            }
            b"g" => at += 1 + usize::from(*header.get(at)?) + 1,
            _ => return None,
        }
    }
    None
}

/// The `u32` at `at` in `bytes`, in the message's byte order; `None` past the end.
fn u32_at(bytes: &[u8], at: usize, big_endian: bool) -> Option<u32> {
    let word: [u8; 4] = bytes.get(at..at.checked_add(4)?)?.try_into().ok()?;
    Some(if big_endian {
        u32::from_be_bytes(word)
    } else {
        u32::from_le_bytes(word)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn address_values_are_unescaped() {
        assert_eq!(unescape("/tmp/dbus-AbC").as_deref(), Some("/tmp/dbus-AbC"));
        assert_eq!(unescape("/tmp/a%20b%2c").as_deref(), Some("/tmp/a b,"));
        assert_eq!(unescape("/tmp/%2"), None);
        assert_eq!(unescape("/tmp/%zz"), None);
    }

    #[test]
    fn a_call_is_laid_out_as_the_specification_says() {
        let call = Call {
            destination: "a.B",
            path: "/a/B",
            interface: "a.I",
            member: "M",
        };
        let message = method_call(&call, 7, Some((&["x".to_owned(), "yz".to_owned()], "w")));
        // Fixed part: little endian, a method call, no flags, version 1, body length, serial.
        assert_eq!(&message[..4], b"l\x01\x00\x01");
        let body: Vec<u8> = [
            &[15, 0, 0, 0][..],           // the list's length in bytes
            &[1, 0, 0, 0, b'x', 0, 0, 0], // "x", padded to 4
            &[2, 0, 0, 0, b'y', b'z', 0], // "yz"
            &[0, 1, 0, 0, 0, b'w', 0],    // padding, then "w"
        ]
        .concat();
        assert_eq!(u32::from_le_bytes(message[4..8].try_into().unwrap()), 26);
        assert_eq!(u32::from_le_bytes(message[8..12].try_into().unwrap()), 7);
        assert!(message.ends_with(&body));
        // The header (fields padded to 8) is followed by the body at an 8-aligned offset.
        let fields = u32::from_le_bytes(message[12..16].try_into().unwrap()) as usize;
        assert_eq!(
            (16 + fields).next_multiple_of(8) + body.len(),
            message.len()
        );
        // Each field: code, signature, value — the path is first.
        assert_eq!(&message[16..20], &[PATH, 1, b'o', 0]);
        assert_eq!(&message[20..29], b"\x04\x00\x00\x00/a/B\x00");
    }

    #[test]
    fn the_reply_serial_is_found_among_other_fields() {
        // A method return as a bus sends it: REPLY_SERIAL, DESTINATION, SENDER.
        let mut header = Writer(vec![b'l', METHOD_RETURN, 0, 1]);
        header.u32(0);
        header.u32(9);
        let slot = header.length_slot();
        header.align(8);
        let start = header.0.len();
        header.align(8);
        header.0.extend_from_slice(&[REPLY_SERIAL, 1, b'u', 0]);
        header.u32(2);
        header.field(DESTINATION, "s", ":1.42");
        header.field(7, "s", "org.freedesktop.DBus");
        header.fill_length(slot, start);
        assert_eq!(reply_serial(&header.0, false), Some(2));
        // Cut short: no answer rather than a panic.
        assert_eq!(reply_serial(&header.0[..21], false), None);
    }
}
