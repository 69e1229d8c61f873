//! `aopp:` links waiting for the user, in arrival order, kept across restarts.
//!
//! A link is only text here: it is parsed when shown and signed only after the user approves.

use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::storage::write_atomically;

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
    /// Opens the queue saved in `data_dir`, empty if there is none.
    pub fn open(data_dir: &Path) -> LinkQueue {
        let path = data_dir.join("pending-links.json");
        let state = std::fs::read(&path)
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default();
        LinkQueue { path, state }
    }

    /// Adds `link` at the end, unless the very same link is already waiting. Returns whether it
    /// was added.
    pub fn push(&mut self, link: &str) -> std::io::Result<bool> {
        if self.state.links.iter().any(|queued| queued.link == link) {
            return Ok(false);
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
        let mut queue = LinkQueue::open(&dir);
        assert!(queue.push("aopp:?a").unwrap());
        assert!(queue.push("aopp:?b").unwrap());
        let reopened = LinkQueue::open(&dir);
        let links: Vec<_> = reopened.links().iter().map(|q| q.link.as_str()).collect();
        assert_eq!(links, ["aopp:?a", "aopp:?b"]);
    }

    #[test]
    fn the_same_waiting_link_is_kept_once() {
        let dir = scratch("dedupe");
        let mut queue = LinkQueue::open(&dir);
        assert!(queue.push("aopp:?a").unwrap());
        assert!(!queue.push("aopp:?a").unwrap());
        assert_eq!(queue.links().len(), 1);
    }

    #[test]
    fn removing_keeps_the_rest_and_ids_are_not_reused() {
        let dir = scratch("remove");
        let mut queue = LinkQueue::open(&dir);
        queue.push("aopp:?a").unwrap();
        queue.push("aopp:?b").unwrap();
        let first = queue.links()[0].id;
        assert!(queue.remove(first).unwrap());
        assert!(!queue.remove(first).unwrap());
        queue.push("aopp:?c").unwrap();
        let ids: Vec<_> = LinkQueue::open(&dir).links().iter().map(|q| q.id).collect();
        assert_eq!(ids, [2, 3]);
    }
}
