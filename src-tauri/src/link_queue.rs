//! `aopp:` links waiting for the user, in arrival order, kept across restarts.
//!
//! A link is only text here: it is parsed when shown and signed only after the user approves.

use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use wallet_core::private_files::write_atomically;

use crate::damaged::{read_json, DamagedFile};

/// The most links that wait at once. A request is answered in a minute; a flood of links (a
/// page that opens hundreds) must not make every arrival rewrite and sync a huge file.
pub const MAX_LINKS: usize = 20;

/// The longest link kept, in bytes: a 1024-character message percent-encoded three times over,
/// with the callback, fits with room to spare.
pub const MAX_LINK_BYTES: usize = 16 * 1024;

/// Why a link was not queued.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum QueueError {
    /// [`MAX_LINKS`] links are already waiting.
    #[error("{MAX_LINKS} requests are already waiting; this one was not added")]
    Full,
    /// The link is longer than any AOPP link can be.
    #[error("the link is {len} bytes, longer than any AOPP request")]
    TooLong {
        /// Its length.
        len: usize,
    },
    /// The queue file could not be written.
    #[error("the waiting requests could not be saved: {0}")]
    Io(#[from] std::io::Error),
}

impl QueueError {
    /// A stable snake_case code for the UI.
    pub fn code(&self) -> &'static str {
        match self {
            QueueError::Full => "queue_full",
            QueueError::TooLong { .. } => "link_too_long",
            QueueError::Io(_) => "queue_io",
        }
    }
}

/// A link as it arrived.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueuedLink {
    /// Unique within this queue.
    pub id: u64,
    /// The link, exactly as received.
    pub link: String,
    /// Seconds since the Unix epoch when it arrived.
    pub received_at: u64,
}

#[derive(Default, Serialize, Deserialize)]
struct QueueFile {
    next_id: u64,
    links: Vec<QueuedLink>,
}

/// The queue and its file (`pending-links.json` in the data directory).
pub struct LinkQueue {
    path: PathBuf,
    state: QueueFile,
}

impl LinkQueue {
    /// Opens the queue saved in `data_dir`: empty if there is none, and also if its file cannot
    /// be read, which is then kept aside and reported.
    pub fn open(data_dir: &Path, now: i64) -> (LinkQueue, Option<DamagedFile>) {
        let path = data_dir.join("pending-links.json");
        let (state, damaged) = read_json(&path, "pending_links", now);
        (LinkQueue { path, state }, damaged)
    }

    /// Adds `link` at the end, unless the very same link is already waiting. Returns whether it
    /// was added; refuses it when [`MAX_LINKS`] are waiting.
    pub fn push(&mut self, link: &str) -> Result<bool, QueueError> {
        if self.state.links.iter().any(|queued| queued.link == link) {
            return Ok(false);
        }
        if link.len() > MAX_LINK_BYTES {
            return Err(QueueError::TooLong { len: link.len() });
        }
        if self.state.links.len() >= MAX_LINKS {
            return Err(QueueError::Full);
        }
        let received_at = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |elapsed| elapsed.as_secs());
        self.state.next_id += 1;
        self.state.links.push(QueuedLink {
            id: self.state.next_id,
            link: link.to_owned(),
            received_at,
        });
        self.save()?;
        Ok(true)
    }

    /// Removes the link `id`; returns whether it was there.
    pub fn remove(&mut self, id: u64) -> std::io::Result<bool> {
        let before = self.state.links.len();
        self.state.links.retain(|queued| queued.id != id);
        if self.state.links.len() == before {
            return Ok(false);
        }
        self.save()?;
        Ok(true)
    }

    /// The waiting links, oldest first.
    pub fn links(&self) -> &[QueuedLink] {
        &self.state.links
    }

    fn save(&self) -> std::io::Result<()> {
        let bytes = serde_json::to_vec_pretty(&self.state).map_err(std::io::Error::other)?;
        write_atomically(&self.path, &bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("aopp-queue-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn links_keep_arrival_order_and_survive_reopening() {
        let dir = scratch("order");
        let (mut queue, _) = LinkQueue::open(&dir, 0);
        assert!(queue.push("aopp:?a").unwrap());
        assert!(queue.push("aopp:?b").unwrap());
        let (reopened, _) = LinkQueue::open(&dir, 0);
        let links: Vec<_> = reopened.links().iter().map(|q| q.link.as_str()).collect();
        assert_eq!(links, ["aopp:?a", "aopp:?b"]);
    }

    #[test]
    fn the_same_waiting_link_is_kept_once() {
        let dir = scratch("dedupe");
        let (mut queue, _) = LinkQueue::open(&dir, 0);
        assert!(queue.push("aopp:?a").unwrap());
        assert!(!queue.push("aopp:?a").unwrap());
        assert_eq!(queue.links().len(), 1);
    }

    #[test]
    fn removing_keeps_the_rest_and_ids_are_not_reused() {
        let dir = scratch("remove");
        let (mut queue, _) = LinkQueue::open(&dir, 0);
        queue.push("aopp:?a").unwrap();
        queue.push("aopp:?b").unwrap();
        let first = queue.links()[0].id;
        assert!(queue.remove(first).unwrap());
        assert!(!queue.remove(first).unwrap());
        queue.push("aopp:?c").unwrap();
        let ids: Vec<_> = LinkQueue::open(&dir, 0)
            .0
            .links()
            .iter()
            .map(|q| q.id)
            .collect();
        assert_eq!(ids, [2, 3]);
    }

    #[test]
    fn past_the_cap_the_newest_link_is_refused_and_the_rest_kept() {
        let dir = scratch("cap");
        let (mut queue, _) = LinkQueue::open(&dir, 0);
        for n in 0..MAX_LINKS {
            assert!(queue.push(&format!("aopp:?n={n}")).unwrap());
        }
        let refused = queue.push("aopp:?n=newest").unwrap_err();
        assert_eq!(refused.code(), "queue_full");
        assert_eq!(LinkQueue::open(&dir, 0).0.links().len(), MAX_LINKS);
        assert_eq!(
            queue
                .push(&format!("aopp:?{}", "m".repeat(MAX_LINK_BYTES)))
                .unwrap_err()
                .code(),
            "link_too_long"
        );
        // Once one is answered, there is room again.
        let first = queue.links()[0].id;
        queue.remove(first).unwrap();
        assert!(queue.push("aopp:?n=newest").unwrap());
    }

    #[test]
    fn a_damaged_queue_file_is_kept_aside_and_reported() {
        let dir = scratch("damaged");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("pending-links.json"), b"{\"links\": [").unwrap();
        let (queue, damaged) = LinkQueue::open(&dir, 5);
        assert!(queue.links().is_empty());
        let damaged = damaged.expect("reported");
        assert_eq!(damaged.kind, "pending_links");
        assert!(dir.join("pending-links.json.damaged-5").exists());
    }
}
