//! What a browser's IndexedDB holds, read from the page and checked natively with the
//! engine's own rules: the log has no gap, the snapshot and the log rebuild the same
//! workspace, and `check_integrity` finds nothing.

use fantoccini::Client;
use serde_json::Value;

use packwright::domain::integrity::{check_integrity, replay_checked};
use packwright::domain::{Event, Workspace};
use packwright::store::records::{Head, Snapshot};

/// The stored records of the app's database.
pub struct Stored {
    pub head: Head,
    /// Every batch of the log, by revision, oldest first.
    pub batches: Vec<(u32, Vec<Event>)>,
    pub snapshot: Option<Snapshot>,
}

/// Reads the database `packwright` as it is, without creating it: `None` when the app
/// has not created it yet.
const READ_DATABASE: &str = "const done = arguments[arguments.length - 1];
const open = indexedDB.open('packwright');
open.onupgradeneeded = () => open.transaction.abort();
open.onerror = () => done(null);
open.onsuccess = () => {
  const db = open.result;
  const tx = db.transaction(['events', 'meta', 'snapshots']);
  const keys = tx.objectStore('events').getAllKeys();
  const values = tx.objectStore('events').getAll();
  const head = tx.objectStore('meta').get('head');
  const snapshot = tx.objectStore('snapshots').get('latest');
  // The app stores a snapshot as UTF-8 bytes (earlier builds: as text).
  const decoded = (value) => value instanceof Uint8Array ? new TextDecoder().decode(value) : (value || null);
  tx.oncomplete = () => {
    db.close();
    done({ keys: keys.result, values: values.result, head: head.result || null, snapshot: decoded(snapshot.result) });
  };
  tx.onerror = () => { db.close(); done({ error: String(tx.error) }); };
};";

impl Stored {
    pub async fn read(browser: &Client) -> Option<Stored> {
        let read = browser
            .execute_async(READ_DATABASE, vec![])
            .await
            .expect("the page answers");
        if read.is_null() {
            return None;
        }
        assert!(read.get("error").is_none(), "reading IndexedDB: {read}");
        let text = |value: &Value| value.as_str().map(str::to_owned);
        let head: Head = text(&read["head"])
            .map(|head| serde_json::from_str(&head).expect("the head record parses"))
            .unwrap_or_default();
        let snapshot = text(&read["snapshot"])
            .map(|snapshot| serde_json::from_str(&snapshot).expect("the snapshot parses"));
        let keys = read["keys"].as_array().expect("keys");
        let values = read["values"].as_array().expect("values");
        let batches = keys
            .iter()
            .zip(values)
            .map(|(key, value)| {
                let revision = key.as_u64().expect("a revision") as u32;
                let batch = serde_json::from_str(value.as_str().expect("a batch is text"))
                    .unwrap_or_else(|error| panic!("batch {revision} does not parse: {error}"));
                (revision, batch)
            })
            .collect();
        Some(Stored {
            head,
            batches,
            snapshot,
        })
    }

    pub fn events(&self) -> impl Iterator<Item = &Event> {
        self.batches.iter().flat_map(|(_, batch)| batch)
    }

    /// The workspace the log rebuilds, after checking that the store is whole: the
    /// revisions run without a gap from the history's start to the head, the log replays
    /// event by event under the engine's checks, the snapshot and the batches after it
    /// give the same workspace, and `check_integrity` accepts it.
    pub fn check(&self) -> Workspace {
        let revisions: Vec<u32> = self.batches.iter().map(|(revision, _)| *revision).collect();
        if self.head.revision > 0 {
            let expected: Vec<u32> =
                (self.head.base_revision.max(1)..=self.head.revision).collect();
            // An import of an empty workspace moves the head without writing a batch.
            assert!(
                revisions == expected
                    || (revisions.is_empty() && self.head.snapshot_revision == self.head.revision),
                "the log's revisions {:?}… do not run from {} to the head {}",
                revisions.iter().take(5).collect::<Vec<_>>(),
                self.head.base_revision,
                self.head.revision
            );
        } else {
            assert!(
                revisions.is_empty(),
                "batches without a head: {revisions:?}"
            );
        }
        let events: Vec<Event> = self.events().cloned().collect();
        let replayed = replay_checked(&events)
            .unwrap_or_else(|problem| panic!("the stored log does not replay: {problem}"));
        if let Some(snapshot) = &self.snapshot {
            assert_eq!(
                snapshot.revision, self.head.snapshot_revision,
                "the head says where the snapshot is"
            );
            let mut rebuilt = snapshot.workspace.clone();
            rebuilt.format_version = replayed.format_version;
            for (_, batch) in self
                .batches
                .iter()
                .filter(|(revision, _)| *revision > snapshot.revision)
            {
                for event in batch {
                    rebuilt.apply(event);
                }
            }
            assert!(
                rebuilt == replayed,
                "the snapshot (revision {}) and the batches after it differ from the whole log",
                snapshot.revision
            );
        }
        let problems = check_integrity(&replayed);
        assert!(problems.is_empty(), "check_integrity refuses: {problems:?}");
        replayed
    }
}
