//! Persistence: the workspace file format (export and import), the demo workspace, and,
//! in the browser, IndexedDB. `db` is the only module that touches IndexedDB.
//!
//! The database is opened by name, so every browser test can use a database of its own.

#[cfg(target_arch = "wasm32")]
pub mod couch;
#[cfg(target_arch = "wasm32")]
mod db;
pub mod demo;
pub mod file;
pub mod legacy;
pub mod mentions;
pub mod records;
pub mod salvage;
#[cfg(target_arch = "wasm32")]
pub mod tabs;
pub mod team;

#[cfg(target_arch = "wasm32")]
pub use db::{CatchUp, Loaded, Store, SCHEMA_VERSION, SNAPSHOT_EVERY};
pub use file::{ImportError, WorkspaceFile};
pub use records::Head;

use std::fmt;

/// The database the app uses; tests open others.
pub const DEFAULT_DATABASE: &str = "packwright";

/// Why the browser's storage refused. Each variant reads as a sentence for the UI.
#[derive(Clone, Debug, PartialEq)]
pub enum StoreError {
    /// The browser offers no IndexedDB (some private modes) or refused to open it.
    Unavailable(String),
    /// The browser has no room left for this site.
    QuotaExceeded,
    /// Another tab saved a change since this one last looked.
    Conflict,
    /// A newer Packwright wrote this database; this one only reads it.
    ReadOnly,
    /// A newer Packwright, opened in another tab, is upgrading the database: this tab
    /// let go of it.
    Superseded,
    /// A read or write failed inside IndexedDB.
    Failed(String),
    /// The browser's storage engine stopped working and closed the database (what a full
    /// disk does once a write fails or a file cannot grow); it opens again once it can.
    Broken(String),
    /// A stored record could not be read back.
    Corrupt(String),
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::Unavailable(detail) => write!(
                f,
                "This browser will not let Packwright store data ({detail}). Private windows often block storage: open Packwright in a normal window."
            ),
            StoreError::QuotaExceeded => write!(
                f,
                "The browser has no storage left for Packwright, so your change was not saved. Free some space on this computer (or clear other sites' data), then try again; Settings can export the workspace to keep a copy."
            ),
            StoreError::Conflict => write!(
                f,
                "This workspace was changed in another tab or window, so your change was not saved. Look again at what is there now, and repeat your change if it still makes sense."
            ),
            StoreError::ReadOnly => write!(
                f,
                "This workspace was saved by a newer version of Packwright, so this version only shows it and changes nothing. Reload the page to get the newer version."
            ),
            StoreError::Superseded => write!(
                f,
                "A newer version of Packwright was opened in another tab and is updating this workspace, so this tab stopped using it and saves nothing more. Reload the page to continue with the newer version."
            ),
            StoreError::Failed(detail) => write!(
                f,
                "The browser could not save or read your data ({detail}). Nothing was changed; try again."
            ),
            // The browser's own words ("The database connection is closing") help no one here.
            StoreError::Broken(_) => write!(
                f,
                "The browser's storage stopped working, most often because the disk is full, so your change was not saved. Free some space on this computer, then try again; Settings can export the workspace to keep a copy."
            ),
            StoreError::Corrupt(detail) => write!(
                f,
                "Stored data could not be read ({detail}). Nothing can be changed until this is repaired: in Settings, export what can still be read, then reset the workspace or import a saved file."
            ),
        }
    }
}

impl std::error::Error for StoreError {}
