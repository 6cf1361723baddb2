//! The records of IndexedDB that are the store's own (`Head`, `Snapshot`, `SettingsV1`),
//! as JSON strings. The workspace and its events are stored as the domain serialises them,
//! the same encoding as the export file: one boundary, versioned by `FORMAT_VERSION`, with
//! older formats read through `legacy`. Separate record types for every domain type would
//! double the serde code in the wasm for no change in what is stored.

use serde::{Deserialize, Serialize};

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
