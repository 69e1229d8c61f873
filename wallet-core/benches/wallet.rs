//! Criterion benchmarks for every step of a proof. Targets (issue #2, this 2-core machine):
//! sign + self-verify ≤ 0.25 ms per format; mnemonic → verified proof ≤ 1.5 ms; parse ≤ 10 µs.
//! Signing any message (issue #10): sign + self-verify per scheme ≤ 0.25 ms, verify ≤ 0.1 ms;
//! finding a typed address among 1 000 indexes of both chains ≤ 200 ms.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use wallet_core::sign::{sign, sign_message, verify, SignatureScheme};
use wallet_core::{
    prove, AddressFormat, AoppRequest, MasterKey, Mnemonic, Network, SignOptions, TravelAddress,
};

/// The network of the benchmark's addresses.
const NET: Network = Network::Mainnet;

const PHRASE: &str =
    "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";
const MESSAGE: &str = "I confirm that this Bitcoin (BTC) address is controlled by Jennifer Cox, Poststrasse 22, Zug, Switzerland. Unique Identifier: 2238833c7ff51f53";
const LINK: &str = "aopp:?v=0&msg=I+confirm+that+this+Bitcoin+%28BTC%29+address+is+controlled+by+Jennifer+Cox%2C+Poststrasse+22%2C+Zug%2C+Switzerland.+Unique+Identifier%3A+2238833c7ff51f53&asset=btc&format=any&callback=https%3A%2F%2Fvasp.example%2Fproofs%2F2238833c7ff51f53";

const FORMATS: [AddressFormat; 5] = [
    AddressFormat::P2pkh,
    AddressFormat::P2shP2wpkh,
    AddressFormat::P2wpkh,
    AddressFormat::P2tr,
    AddressFormat::Standard,
];

fn benches(c: &mut Criterion) {
    c.bench_function("parse", |b| {
        b.iter(|| AoppRequest::parse(black_box(LINK)).unwrap())
    });

    let mnemonic = Mnemonic::parse(PHRASE).unwrap();
    c.bench_function("mnemonic_to_seed", |b| {
        b.iter(|| black_box(&mnemonic).to_seed(""))
    });

    let master = MasterKey::from_seed(&mnemonic.to_seed(""), Network::Mainnet);
    for format in FORMATS {
        c.bench_function(&format!("derive/{format}"), |b| {
            b.iter(|| master.derive(black_box(format), black_box(7)).unwrap())
        });
        let key = master.derive(format, 7).unwrap();
        let address = key.address.to_string();
        let signature = sign(&key, MESSAGE, SignOptions::default()).unwrap();
        c.bench_function(&format!("sign/{format}"), |b| {
            b.iter(|| sign(&key, black_box(MESSAGE), SignOptions::default()).unwrap())
        });
        c.bench_function(&format!("verify/{format}"), |b| {
            b.iter(|| {
                verify(
                    format.asset(),
                    NET,
                    &address,
                    black_box(MESSAGE),
                    &signature,
                )
                .unwrap()
            })
        });
        c.bench_function(&format!("sign_and_self_verify/{format}"), |b| {
            b.iter(|| {
                let signature = sign(&key, black_box(MESSAGE), SignOptions::default()).unwrap();
                verify(format.asset(), NET, &address, MESSAGE, &signature).unwrap()
            })
        });
    }

    // ECDSA signatures are ground until R is low (as Core and the AOPP vectors do): one message
    // may take one attempt for a key and five for another, so each iteration signs the next of
    // 64 messages, and the figure is the mean a user meets.
    let messages: Vec<String> = (0..64)
        .map(|n| format!("{MESSAGE} Reference {n:04}."))
        .collect();
    for format in FORMATS {
        let key = master.derive(format, 7).unwrap();
        let address = key.address.to_string();
        for scheme in SignatureScheme::for_format(format) {
            let mut next = messages.iter().cycle();
            c.bench_function(
                &format!("sign_message_and_self_verify/{format}/{scheme}"),
                |b| {
                    b.iter(|| {
                        let message = black_box(next.next().unwrap());
                        let signature = sign_message(&key, scheme, message).unwrap();
                        verify(format.asset(), NET, &address, message, &signature).unwrap()
                    })
                },
            );
        }
    }
    {
        let mut group = c.benchmark_group("find_address");
        group.sample_size(10);
        // The worst case: the last index of the change chain, after all of the receive chain.
        for format in [
            AddressFormat::P2wpkh,
            AddressFormat::P2tr,
            AddressFormat::Standard,
        ] {
            let last = master
                .derive_on(format, wallet_core::keys::Chain::Change, 999)
                .unwrap()
                .address
                .to_string();
            group.bench_function(format!("last_of_1000_on_both_chains/{format}"), |b| {
                b.iter(|| {
                    master
                        .find_address(black_box(&last), 1000)
                        .unwrap()
                        .unwrap()
                })
            });
        }
        group.finish();
    }

    let request = AoppRequest::parse(LINK).unwrap();
    for format in [AddressFormat::P2wpkh, AddressFormat::P2tr] {
        c.bench_function(&format!("mnemonic_to_verified_proof/{format}"), |b| {
            b.iter(|| {
                let master = MasterKey::from_seed(&mnemonic.to_seed(""), Network::Mainnet);
                prove(&master, &request, 7, format, SignOptions::default()).unwrap()
            })
        });
    }

    // A 1920x1080 "screenshot": mid-grey desktop, a white page, the exchange's QR code on it.
    let mut screen = image::GrayImage::from_pixel(1920, 1080, image::Luma([90]));
    image::imageops::overlay(
        &mut screen,
        &image::GrayImage::from_pixel(900, 800, image::Luma([255])),
        500,
        140,
    );
    let code = qrcode::QrCode::new(LINK.as_bytes())
        .expect("the link fits a QR code")
        .render::<image::Luma<u8>>()
        .module_dimensions(5, 5)
        .build();
    image::imageops::overlay(&mut screen, &code, 700, 300);
    let screen = image::DynamicImage::ImageLuma8(screen);
    assert_eq!(
        wallet_core::scan::scan(&screen).len(),
        1,
        "the benchmark image must hold the code"
    );
    let mut group = c.benchmark_group("scan");
    group.sample_size(20);
    group.bench_function("screenshot_1920x1080", |b| {
        b.iter(|| wallet_core::scan::scan(black_box(&screen)))
    });
    // A camera frame as the app sends it (960x540 grey) with no code in view — a lit gradient
    // with sensor noise — the common case while the user aims, and the slowest: every pass runs.
    let mut noise = 0x2545_f491_u32;
    let frame = image::DynamicImage::ImageLuma8(image::GrayImage::from_fn(960, 540, |x, y| {
        noise ^= noise << 13;
        noise ^= noise >> 17;
        noise ^= noise << 5;
        image::Luma([(40 + (x + y) / 10 + noise % 24) as u8])
    }));
    group.bench_function("camera_frame_960x540_empty", |b| {
        b.iter(|| wallet_core::scan::scan(black_box(&frame)))
    });
    group.finish();

    c.bench_function("travel/encode", |b| {
        b.iter(|| TravelAddress::encode(black_box("beneficiary.com/x/12345?t=i")).unwrap())
    });
    c.bench_function("travel/decode", |b| {
        b.iter(|| {
            TravelAddress::decode(black_box("ta2W2HPKfHxgSgrzY178knqXHg1H3jfeQrwQ9JrKBs9wv"))
                .unwrap()
        })
    });
}

criterion_group!(wallet, benches);
criterion_main!(wallet);
