//! Making the app the system's handler for `aopp:` links, and, when the user asks for it in
//! Settings, for WalletConnect's `wc:` links.
//!
//! On Linux: a desktop entry with `MimeType=x-scheme-handler/aopp` (a second one for `wc:`) in
//! `$XDG_DATA_HOME/applications`, made the default with `xdg-mime`. The `Exec` path is left
//! unquoted when it needs no quoting, because Debian 12's `xdg-open` cannot parse a quoted path
//! when no desktop environment is running. Elsewhere the installer registers the scheme.

use std::path::PathBuf;

use serde::Serialize;

/// The MIME type of `aopp:` links.
pub const MIME_TYPE: &str = "x-scheme-handler/aopp";
/// The desktop entry this app writes.
pub const DESKTOP_FILE: &str = "aopp-wallet.desktop";

/// A link scheme the app can open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scheme {
    /// `aopp:`, registered at start when nobody else handles it.
    #[default]
    Aopp,
    /// WalletConnect's `wc:`, only when the user asks: its own desktop entry, so that the app
    /// is not even offered for `wc:` links before.
    Wc,
}

impl Scheme {
    /// Its MIME type.
    pub fn mime_type(self) -> &'static str {
        match self {
            Scheme::Aopp => MIME_TYPE,
            Scheme::Wc => "x-scheme-handler/wc",
        }
    }

    /// The desktop entry that registers it.
    pub fn desktop_file(self) -> &'static str {
        match self {
            Scheme::Aopp => DESKTOP_FILE,
            Scheme::Wc => "aopp-wallet-wc.desktop",
        }
    }

    fn name(self) -> &'static str {
        match self {
            Scheme::Aopp => "aopp:",
            Scheme::Wc => "wc:",
        }
    }
}
/// The launcher binary that hands a clicked link to the running app (`src/bin/aopp-wallet-open.rs`).
const LAUNCHER: &str = if cfg!(windows) {
    "aopp-wallet-open.exe"
} else {
    "aopp-wallet-open"
};

/// Who handles `aopp:` links now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HandlerStatus {
    /// Whether this platform's handler can be changed from the app.
    pub supported: bool,
    /// The desktop entry that handles `aopp:` now, if any.
    pub current: Option<String>,
    /// Whether that is this app.
    pub ours: bool,
}

/// Why registration did not happen.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RegistrationError {
    /// Another application handles the scheme; the user must agree to take it over.
    #[error("{0} links are handled by {1}")]
    OwnedByOther(&'static str, String),
    /// Writing the entry or running `xdg-mime` failed.
    #[error("registration failed: {0}")]
    Failed(String),
    /// The platform registers schemes at install time.
    #[error("this platform registers aopp: links when the app is installed")]
    Unsupported,
}

impl RegistrationError {
    /// A stable snake_case code for the UI.
    pub fn code(&self) -> &'static str {
        match self {
            RegistrationError::OwnedByOther(..) => "handler_owned_by_other",
            RegistrationError::Failed(_) => "registration_failed",
            RegistrationError::Unsupported => "registration_unsupported",
        }
    }
}

/// The current handler of `scheme`'s links.
pub fn status(scheme: Scheme) -> HandlerStatus {
    if !cfg!(target_os = "linux") {
        return HandlerStatus {
            supported: false,
            current: None,
            ours: false,
        };
    }
    let current = std::process::Command::new("xdg-mime")
        .args(["query", "default", scheme.mime_type()])
        .output()
        .ok()
        .map(|output| String::from_utf8_lossy(&output.stdout).trim().to_owned())
        .filter(|name| !name.is_empty());
    HandlerStatus {
        supported: true,
        ours: current.as_deref() == Some(scheme.desktop_file()),
        current,
    }
}

/// Makes this executable the handler of `scheme`. Refuses to replace another application's
/// registration unless `take_over` says the user agreed.
pub fn register(scheme: Scheme, take_over: bool) -> Result<HandlerStatus, RegistrationError> {
    if !cfg!(target_os = "linux") {
        return Err(RegistrationError::Unsupported);
    }
    let desktop_file = scheme.desktop_file();
    if let Some(other) = status(scheme)
        .current
        .filter(|current| current != desktop_file)
    {
        if !take_over {
            return Err(RegistrationError::OwnedByOther(scheme.name(), other));
        }
    }
    let failed = |error: std::io::Error| RegistrationError::Failed(error.to_string());
    let executable = match std::env::var_os("APPIMAGE") {
        Some(image) => PathBuf::from(image),
        None => handler_beside(&std::env::current_exe().map_err(failed)?),
    };
    let applications = data_home().join("applications");
    std::fs::create_dir_all(&applications).map_err(failed)?;
    let entry = desktop_entry(&executable, scheme);
    std::fs::write(applications.join(desktop_file), entry).map_err(failed)?;
    // Refreshes the MIME cache where the tool exists; xdg-mime works without it.
    let _ = std::process::Command::new("update-desktop-database")
        .arg(&applications)
        .status();
    let result = std::process::Command::new("xdg-mime")
        .args(["default", desktop_file, scheme.mime_type()])
        .status()
        .map_err(failed)?;
    if !result.success() {
        return Err(RegistrationError::Failed(format!(
            "xdg-mime exited with {result}"
        )));
    }
    Ok(status(scheme))
}

/// What a clicked link should run: the light launcher beside the app when it was installed (see
/// `src/bin/aopp-wallet-open.rs`), else the app itself.
fn handler_beside(app: &std::path::Path) -> PathBuf {
    let launcher = app.with_file_name(LAUNCHER);
    if launcher.is_file() {
        launcher
    } else {
        app.to_path_buf()
    }
}

/// The desktop entry's words in the languages of the screens, as `Key[locale]=…` lines (the
/// name, AOPP Wallet, is the same in every language). German covers `de_CH` too: these words
/// have no ß. The packages' entry (`aopp-wallet.desktop.hbs`) carries the same lines.
pub const DESKTOP_ENTRY_WORDS: &str = "\
GenericName=Address ownership proofs
GenericName[de]=Adressnachweise
GenericName[fr]=Preuves de propriété d’adresse
GenericName[it]=Prove di possesso degli indirizzi
Comment=Prove address ownership to exchanges
Comment[de]=Gegenüber Börsen nachweisen, dass Ihnen eine Adresse gehört
Comment[fr]=Prouver aux plateformes d’échange qu’une adresse vous appartient
Comment[it]=Dimostrare alle piattaforme di scambio che un indirizzo è Suo
";

/// The desktop entry for `executable`, opening `scheme`'s links.
pub fn desktop_entry(executable: &std::path::Path, scheme: Scheme) -> String {
    format!(
        "[Desktop Entry]\nType=Application\nName=AOPP Wallet\n{DESKTOP_ENTRY_WORDS}\
         Exec={} %u\nTerminal=false\nMimeType={};\nCategories=Office;Finance;\nNoDisplay=true\n",
        exec_path(&executable.to_string_lossy()),
        scheme.mime_type()
    )
}

/// The path as the `Exec` key needs it: bare when nothing in it is reserved, quoted otherwise.
fn exec_path(path: &str) -> String {
    let safe = path.chars().all(|c| {
        c.is_ascii_alphanumeric() || matches!(c, '/' | '.' | '_' | '-' | '+' | ',' | '@' | ':')
    });
    if safe {
        return path.to_owned();
    }
    let escaped: String = path
        .chars()
        .flat_map(|c| match c {
            '"' | '`' | '$' | '\\' => vec!['\\', '\\', c],
            _ => vec![c],
        })
        .collect();
    format!("\"{escaped}\"")
}

fn data_home() -> PathBuf {
    std::env::var_os("XDG_DATA_HOME")
        .filter(|dir| !dir.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".local/share")))
        .unwrap_or_else(|| PathBuf::from(".local/share"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_paths_are_left_unquoted_for_debian_xdg_open() {
        let entry = desktop_entry(std::path::Path::new("/usr/bin/aopp-wallet"), Scheme::Aopp);
        assert!(
            entry.contains("\nExec=/usr/bin/aopp-wallet %u\n"),
            "{entry}"
        );
        assert!(entry.contains("\nMimeType=x-scheme-handler/aopp;\n"));
    }

    #[test]
    fn the_entry_speaks_every_language_of_the_screens_as_the_packages_entry_does() {
        let entry = desktop_entry(std::path::Path::new("/usr/bin/aopp-wallet"), Scheme::Aopp);
        let packaged = include_str!("../aopp-wallet.desktop.hbs");
        for language in ["de", "fr", "it"] {
            for key in ["GenericName", "Comment"] {
                let line = DESKTOP_ENTRY_WORDS
                    .lines()
                    .find(|line| line.starts_with(&format!("{key}[{language}]=")))
                    .unwrap_or_else(|| panic!("{key}[{language}]"));
                assert!(entry.contains(&format!("\n{line}\n")), "{entry}");
                assert!(
                    packaged.contains(&format!("\n{line}\n")),
                    "{line} in the package"
                );
            }
        }
        assert!(!DESKTOP_ENTRY_WORDS.contains('ß'), "de serves de_CH too");
        // One line a key and locale, as the specification asks.
        let keys: Vec<&str> = entry
            .lines()
            .filter_map(|line| line.split_once('='))
            .map(|(key, _)| key)
            .collect();
        let mut unique = keys.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), keys.len(), "{entry}");
    }

    #[test]
    fn desktop_file_validate_accepts_the_entry() {
        let dir = std::env::temp_dir().join(format!("entry-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("aopp-wallet-handler.desktop");
        let entry = desktop_entry(std::path::Path::new("/usr/bin/aopp-wallet"), Scheme::Aopp);
        std::fs::write(&path, entry).unwrap();
        // desktop-file-utils, from the test command's packages.
        let checked = std::process::Command::new("desktop-file-validate")
            .arg(&path)
            .output()
            .expect("desktop-file-validate (desktop-file-utils) runs");
        std::fs::remove_dir_all(&dir).unwrap();
        let said = String::from_utf8_lossy(&checked.stdout).into_owned()
            + &String::from_utf8_lossy(&checked.stderr);
        assert!(checked.status.success() && said.trim().is_empty(), "{said}");
    }

    #[test]
    fn paths_with_spaces_are_quoted() {
        assert_eq!(exec_path("/opt/My Apps/aopp"), "\"/opt/My Apps/aopp\"");
        assert_eq!(exec_path("/opt/a$b"), "\"/opt/a\\\\$b\"");
    }
}
