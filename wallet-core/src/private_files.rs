//! Every file the wallet writes is its user's alone: directories `0700`, files `0600`, whatever
//! the process's umask. The journal holds the messages VASPs sent (names, street addresses) and
//! the callbacks of undelivered proofs; another local account must not read either.
//!
//! The modes are set when a file is created (not after, so there is no moment when it is
//! readable by others) and tightened on files and directories that already exist.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::Path;

/// The mode of the wallet's directories.
#[cfg(unix)]
pub const DIR_MODE: u32 = 0o700;
/// The mode of the wallet's files.
#[cfg(unix)]
pub const FILE_MODE: u32 = 0o600;

/// Creates `dir` and its missing parents, and makes `dir` itself private (also if it existed
/// with wider modes).
pub fn create_dir(dir: &Path) -> io::Result<()> {
    std::fs::create_dir_all(dir)?;
    set_mode(dir, DirOrFile::Dir)
}

/// Makes an existing file private; a missing file is not an error.
pub fn tighten(path: &Path) -> io::Result<()> {
    match set_mode(path, DirOrFile::File) {
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(()),
        other => other,
    }
}

/// Opens `path` for appending and reading, creating it private if it does not exist.
pub fn open_or_create(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true).append(true).create(true);
    private(&mut options);
    let file = options.open(path)?;
    tighten(path)?;
    Ok(file)
}

/// Creates `path`, which must not exist yet (never follows or replaces what is there).
pub fn create_new(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    private(&mut options);
    options.open(path)
}

/// Replaces `path` with `bytes` atomically: a private temporary file beside it, synced, renamed
/// over it. A crash leaves the old file or the new one, never half of either.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    if let Some(dir) = path.parent() {
        create_dir(dir)?;
    }
    let temporary = path.with_extension("tmp");
    // A temporary file left by a crash may have another owner's modes: start afresh.
    match std::fs::remove_file(&temporary) {
        Err(error) if error.kind() != io::ErrorKind::NotFound => return Err(error),
        _ => {}
    }
    let mut file = create_new(&temporary)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    std::fs::rename(&temporary, path)
}

enum DirOrFile {
    Dir,
    File,
}

#[cfg(unix)]
fn private(options: &mut OpenOptions) {
    use std::os::unix::fs::OpenOptionsExt;
    options.mode(FILE_MODE);
}

#[cfg(not(unix))]
fn private(_options: &mut OpenOptions) {}

#[cfg(unix)]
fn set_mode(path: &Path, kind: DirOrFile) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let mode = match kind {
        DirOrFile::Dir => DIR_MODE,
        DirOrFile::File => FILE_MODE,
    };
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
}

/// Elsewhere the user's profile directory is private already.
#[cfg(not(unix))]
fn set_mode(path: &Path, _kind: DirOrFile) -> io::Result<()> {
    std::fs::metadata(path).map(drop)
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    fn scratch(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("aopp-private-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn a_wide_directory_is_tightened_and_written_files_are_private() {
        let dir = scratch("modes");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        create_dir(&dir).unwrap();
        assert_eq!(mode(&dir), 0o700);
        let file = dir.join("settings.json");
        write_atomically(&file, b"{}").unwrap();
        assert_eq!(mode(&file), 0o600);
        assert_eq!(std::fs::read(&file).unwrap(), b"{}");
        let exported = dir.join("export.csv");
        drop(create_new(&exported).unwrap());
        assert_eq!(mode(&exported), 0o600);
        assert_eq!(
            create_new(&exported).unwrap_err().kind(),
            io::ErrorKind::AlreadyExists
        );
    }
}
