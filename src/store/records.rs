//! The records of IndexedDB that are the store's own (`Head`, `Snapshot`, `SettingsV1`),
//! as JSON strings. The workspace and its events are stored as the domain serialises them,
//! the same encoding as the export file: one boundary, versioned by `FORMAT_VERSION`, with
//! older formats read through `legacy`. Separate record types for every domain type would
//! double the serde code in the wasm for no change in what is stored.

use serde::{Deserialize, Serialize};

/// A snapshot is written after this many saved commands, so start-up replays at most
/// this many batches on top of it.
pub const SNAPSHOT_EVERY: u32 = 50;

use crate::domain::{Event, PublisherZone, Workspace};

/// Where the stored history stands. `revision` counts saved commands; the workspace at
/// `snapshot_revision` is stored whole, and the event batches after it rebuild the rest.
/// `base_revision` is where the current history starts: an import or a reset replaces
/// everything before it, so a tab that is behind it must reload instead of catching up.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Head {
    pub revision: u32,
    pub snapshot_revision: u32,
    pub base_revision: u32,
}

impl Head {
    /// Why the batches found after the start of a load cannot rebuild the workspace this
    /// head describes, if they cannot: `after` is the revision of the snapshot the load
    /// starts from (`None`: it replays the whole history), `revisions` those of the
    /// batches read after it, in order. They must run without a gap to the head, and none
    /// may lie past it (a batch is written in the same transaction as the head that
    /// counts it: anything else is damage, and deciding on it would write over history).
    pub fn gap_in(&self, after: Option<u32>, revisions: &[u32]) -> Option<String> {
        let first = match after {
            Some(snapshot) => snapshot + 1,
            None => self.base_revision.max(1),
        };
        let expected = first..=self.revision;
        if revisions.iter().copied().eq(expected.clone()) {
            return None;
        }
        Some(format!(
            "the head says the history runs from revision {first} to {}, but the log holds {} batches, from {:?} to {:?}",
            self.revision,
            revisions.len(),
            revisions.first(),
            revisions.last()
        ))
    }
}

/// The whole workspace as of `revision`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Snapshot {
    pub revision: u32,
    pub workspace: Workspace,
}

/// The stored text of the snapshot of `workspace` at `revision`, written from a borrow so
/// that saving a snapshot never copies the workspace.
pub fn snapshot_json(revision: u32, workspace: &Workspace) -> String {
    #[derive(Serialize)]
    struct SnapshotRef<'a> {
        revision: u32,
        workspace: &'a Workspace,
    }
    to_json(&SnapshotRef {
        revision,
        workspace,
    })
}

/// The events one saved command produced.
pub type EventBatch = Vec<Event>;

/// The only record of schema version 1: the shell's settings, zone and clock together.
/// Version 2 moved the zone into the workspace and keeps the clock alone.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SettingsV1 {
    pub time_zone: PublisherZone,
    /// In format 1's encoding, moved as it is to the clock record (`legacy::clock_record`
    /// reads it).
    pub clock: serde_json::Value,
}

pub fn to_json<T: Serialize>(value: &T) -> String {
    // Every stored shape is plain data with string map keys: serialising cannot fail.
    serde_json::to_string(value).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::Head;

    fn head(revision: u32, snapshot_revision: u32, base_revision: u32) -> Head {
        Head {
            revision,
            snapshot_revision,
            base_revision,
        }
    }

    #[test]
    fn a_log_that_runs_to_the_head_has_no_gap() {
        assert_eq!(head(0, 0, 0).gap_in(None, &[]), None, "a blank database");
        assert_eq!(head(3, 0, 0).gap_in(None, &[1, 2, 3]), None);
        assert_eq!(head(7, 5, 5).gap_in(Some(5), &[6, 7]), None);
        assert_eq!(
            head(5, 5, 5).gap_in(Some(5), &[]),
            None,
            "an import of nothing"
        );
        assert_eq!(head(9, 9, 4).gap_in(None, &[4, 5, 6, 7, 8, 9]), None);
    }

    #[test]
    fn a_head_past_the_log_a_missing_batch_or_one_past_the_head_is_a_gap() {
        let past = head(3, 0, 0).gap_in(None, &[1, 2]).unwrap();
        assert!(past.contains("runs from revision 1 to 3"), "{past}");
        assert!(
            head(3, 0, 0).gap_in(None, &[1, 3]).is_some(),
            "a batch missing"
        );
        assert!(
            head(3, 0, 0)
                .gap_in(None, &[])
                .unwrap()
                .contains("0 batches"),
            "no batch"
        );
        let beyond = head(2, 2, 1).gap_in(Some(2), &[3]).unwrap();
        assert!(beyond.contains("from Some(3)"), "{beyond}");
        assert!(head(2, 0, 0).gap_in(None, &[1, 2, 3]).is_some());
    }
}
