//! Files of the app's that could not be read when it started.
//!
//! A damaged settings file must not quietly become the defaults: a Tor proxy would vanish and
//! proofs would go out directly. So the file is kept aside (renamed, never deleted), the app
//! starts from the defaults, and the user is told which file it was and asked before anything
//! is delivered.

use std::path::Path;

use serde::de::DeserializeOwned;
use serde::Serialize;

/// A file that could not be read, and where it was kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DamagedFile {
    /// What the file holds: `settings` or `pending_links`.
    pub kind: &'static str,
    /// Its path.
    pub path: String,
    /// Where the damaged file now is, if it could be moved aside.
    pub kept_as: Option<String>,
    /// What was wrong with it.
    pub reason: String,
}

/// Reads the JSON file at `path`: the default when there is none, or the default and what
/// went wrong when it cannot be read or parsed (then it is renamed `NAME.damaged-SECONDS`).
pub fn read_json<T: DeserializeOwned + Default>(
    path: &Path,
    kind: &'static str,
    now: i64,
) -> (T, Option<DamagedFile>) {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return (T::default(), None),
        Err(error) => {
            let damaged = DamagedFile {
                kind,
                path: path.display().to_string(),
                kept_as: None,
                reason: error.to_string(),
            };
            return (T::default(), Some(damaged));
        }
    };
    match serde_json::from_slice(&bytes) {
        Ok(value) => (value, None),
        Err(error) => {
            let mut aside = path.as_os_str().to_owned();
            aside.push(format!(".damaged-{now}"));
            let kept_as = std::fs::rename(path, &aside).ok().map(|()| {
                // Private like every file of the app's, whatever modes it had (best effort: it
                // is kept either way).
                let _ = wallet_core::private_files::tighten(Path::new(&aside));
                Path::new(&aside).display().to_string()
            });
            let damaged = DamagedFile {
                kind,
                path: path.display().to_string(),
                kept_as,
                reason: error.to_string(),
            };
            (T::default(), Some(damaged))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_that_does_not_parse_is_kept_aside_and_reported() {
        let dir = std::env::temp_dir().join(format!("aopp-damaged-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("settings.json");
        assert_eq!(
            read_json::<Vec<u8>>(&path, "settings", 7),
            (Vec::new(), None)
        );

        std::fs::write(&path, b"{\"socks5_proxy\": \"socks5://127.0.0.1:9050\"").unwrap();
        let (value, damaged) = read_json::<Vec<u8>>(&path, "settings", 7);
        assert!(value.is_empty());
        let damaged = damaged.expect("reported");
        let aside = dir.join("settings.json.damaged-7");
        assert_eq!(damaged.kept_as, Some(aside.display().to_string()));
        assert!(
            !path.exists(),
            "moved, so that saving anew cannot overwrite it"
        );
        assert_eq!(
            std::fs::read(&aside).unwrap(),
            b"{\"socks5_proxy\": \"socks5://127.0.0.1:9050\"",
            "kept byte for byte"
        );
    }
}
