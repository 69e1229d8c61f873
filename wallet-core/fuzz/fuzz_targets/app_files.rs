#![no_main]
//! Any bytes as the app's settings file and link queue, read the way the app reads them at
//! start (the shell's own modules, included as they are): never a panic, and a file that does
//! not parse is kept aside byte for byte, never lost.

// Only the readers are used here; the rest of each module is the app's.
#[allow(dead_code)]
#[path = "../../../src-tauri/src/damaged.rs"]
mod damaged;
#[allow(dead_code)]
#[path = "../../../src-tauri/src/language.rs"]
mod language;
#[allow(dead_code)]
#[path = "../../../src-tauri/src/link_queue.rs"]
mod link_queue;
#[allow(dead_code)]
#[path = "../../../src-tauri/src/settings.rs"]
mod settings;

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

/// A directory of this process's own, on a memory file system where there is one.
fn scratch() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let base = std::path::Path::new("/dev/shm");
        let base = if base.is_dir() { base.to_owned() } else { std::env::temp_dir() };
        let dir = base.join(format!("aopp-fuzz-files-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    })
}

fuzz_target!(|bytes: &[u8]| {
    let dir = scratch();
    for entry in std::fs::read_dir(dir).unwrap() {
        std::fs::remove_file(entry.unwrap().path()).unwrap();
    }
    std::fs::write(dir.join("settings.json"), bytes).unwrap();
    std::fs::write(dir.join("pending-links.json"), bytes).unwrap();

    let (_, damaged) = settings::SettingsFile::in_dir(dir).load(1);
    if let Some(damaged) = damaged {
        let kept = damaged.kept_as.expect("a file that does not parse is moved aside");
        assert_eq!(std::fs::read(kept).unwrap(), bytes, "kept byte for byte");
    }
    let (mut queue, damaged) = link_queue::LinkQueue::open(dir, 1);
    if let Some(damaged) = damaged {
        let kept = damaged.kept_as.expect("a file that does not parse is moved aside");
        assert_eq!(std::fs::read(kept).unwrap(), bytes, "kept byte for byte");
    }
    // A queue read from any file still takes a link, or refuses it with its own error.
    let _ = queue.push("aopp:?v=0");
});
