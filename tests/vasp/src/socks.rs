//! A SOCKS5 proxy (RFC 1928: no authentication, CONNECT only), to test the wallet's proxy
//! setting for real. It relays to this machine only and keeps every destination it was asked
//! for, in order, for `GET /proxied`.

use std::io::{Read, Write};
use std::net::{Ipv4Addr, Ipv6Addr, Shutdown, TcpListener, TcpStream, ToSocketAddrs};
use std::sync::{Arc, Mutex};

/// The destinations asked for, as `host:port`.
pub type Seen = Arc<Mutex<Vec<String>>>;

const VERSION: u8 = 5;
const NO_AUTHENTICATION: u8 = 0;
const NO_ACCEPTABLE_METHOD: u8 = 0xff;
const CONNECT: u8 = 1;
const SUCCEEDED: u8 = 0;
const NOT_ALLOWED: u8 = 2;
const HOST_UNREACHABLE: u8 = 4;
const COMMAND_NOT_SUPPORTED: u8 = 7;
const ADDRESS_NOT_SUPPORTED: u8 = 8;

/// Serves clients on `listener` until the process ends.
pub fn serve(listener: TcpListener, seen: Seen) {
    for client in listener.incoming().flatten() {
        let seen = Arc::clone(&seen);
        std::thread::spawn(move || {
            let _ = session(client, &seen);
        });
    }
}

fn session(mut client: TcpStream, seen: &Seen) -> std::io::Result<()> {
    // Greeting: version, the methods the client offers.
    let [version, count] = read_array(&mut client)?;
    let mut methods = vec![0; usize::from(count)];
    client.read_exact(&mut methods)?;
    if version != VERSION || !methods.contains(&NO_AUTHENTICATION) {
        return client.write_all(&[VERSION, NO_ACCEPTABLE_METHOD]);
    }
    client.write_all(&[VERSION, NO_AUTHENTICATION])?;

    // Request: version, command, reserved, address type, address, port.
    let [_, command, _, kind] = read_array(&mut client)?;
    let host = match kind {
        1 => Ipv4Addr::from(read_array::<4>(&mut client)?).to_string(),
        3 => {
            let [length] = read_array(&mut client)?;
            let mut name = vec![0; usize::from(length)];
            client.read_exact(&mut name)?;
            String::from_utf8_lossy(&name).into_owned()
        }
        4 => format!("[{}]", Ipv6Addr::from(read_array::<16>(&mut client)?)),
        _ => return reply(&mut client, ADDRESS_NOT_SUPPORTED),
    };
    let port = u16::from_be_bytes(read_array(&mut client)?);
    if command != CONNECT {
        return reply(&mut client, COMMAND_NOT_SUPPORTED);
    }
    let destination = format!("{host}:{port}");
    seen.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .push(destination.clone());
    let Some(address) = destination
        .to_socket_addrs()
        .ok()
        .and_then(|mut addresses| addresses.next())
    else {
        return reply(&mut client, HOST_UNREACHABLE);
    };
    if !address.ip().is_loopback() {
        return reply(&mut client, NOT_ALLOWED);
    }
    let Ok(upstream) = TcpStream::connect(address) else {
        return reply(&mut client, HOST_UNREACHABLE);
    };
    reply(&mut client, SUCCEEDED)?;
    relay(client, upstream)
}

/// Replies with `status` and an unspecified bound address (clients do not use it).
fn reply(client: &mut TcpStream, status: u8) -> std::io::Result<()> {
    client.write_all(&[VERSION, status, 0, 1, 0, 0, 0, 0, 0, 0])
}

/// Copies both ways until each side has closed.
fn relay(client: TcpStream, upstream: TcpStream) -> std::io::Result<()> {
    let (mut client_in, mut upstream_out) = (client.try_clone()?, upstream.try_clone()?);
    let forward = std::thread::spawn(move || {
        let _ = std::io::copy(&mut client_in, &mut upstream_out);
        let _ = upstream_out.shutdown(Shutdown::Write);
    });
    let (mut upstream_in, mut client_out) = (upstream, client);
    let _ = std::io::copy(&mut upstream_in, &mut client_out);
    let _ = client_out.shutdown(Shutdown::Write);
    let _ = forward.join();
    Ok(())
}

fn read_array<const N: usize>(stream: &mut TcpStream) -> std::io::Result<[u8; N]> {
    let mut bytes = [0; N];
    stream.read_exact(&mut bytes)?;
    Ok(bytes)
}
