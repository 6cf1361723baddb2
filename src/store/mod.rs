//! Persistence in the browser's IndexedDB. The only module that touches IndexedDB.
//!
//! The database is opened by name, so every browser test can use a database of its own.

mod settings;

pub use settings::ShellSettings;

use std::fmt;

use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;

/// The database the app uses; tests open others.
pub const DEFAULT_DATABASE: &str = "packwright";

/// The schema version this build writes.
const SCHEMA_VERSION: u32 = 1;

/// Small records keyed by name: settings and, later, the snapshot's bookkeeping.
const META_STORE: &str = "meta";
const SETTINGS_KEY: &str = "settings";

/// Why the browser's storage refused.
#[derive(Clone, Debug, PartialEq)]
pub enum StoreError {
    /// The browser offers no IndexedDB (some private modes) or refused to open it.
    Unavailable(String),
    /// A read or write failed inside IndexedDB.
    Failed(String),
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
            StoreError::Failed(detail) => write!(
                f,
                "The browser could not save or read your data ({detail}). Nothing was changed; try again."
            ),
            StoreError::Corrupt(detail) => write!(
                f,
                "Stored data could not be read ({detail}). Export what you can from Settings before changing anything."
            ),
        }
    }
}

impl std::error::Error for StoreError {}

impl From<indexed_db_futures::error::Error> for StoreError {
    fn from(error: indexed_db_futures::error::Error) -> Self {
        StoreError::Failed(error.to_string())
    }
}

impl From<indexed_db_futures::error::OpenDbError> for StoreError {
    fn from(error: indexed_db_futures::error::OpenDbError) -> Self {
        StoreError::Unavailable(error.to_string())
    }
}

/// An open Packwright database.
#[derive(Debug)]
pub struct Store {
    database: Database,
}

impl Store {
    /// Opens (creating or upgrading) the database called `name`.
    pub async fn open(name: &str) -> Result<Store, StoreError> {
        let database = Database::open(name)
            .with_version(SCHEMA_VERSION)
            .with_on_upgrade_needed(|event, database| {
                if event.old_version() < 1.0 {
                    database.create_object_store(META_STORE).build()?;
                }
                Ok(())
            })
            .await?;
        Ok(Store { database })
    }

    /// The shell settings saved last, or `None` in a new workspace.
    pub async fn load_shell_settings(&self) -> Result<Option<ShellSettings>, StoreError> {
        let transaction = self.database.transaction(META_STORE).build()?;
        let meta = transaction.object_store(META_STORE)?;
        let stored: Option<String> = meta.get(SETTINGS_KEY).primitive()?.await?;
        stored
            .map(|json| ShellSettings::from_json(&json))
            .transpose()
    }

    /// Saves the shell settings in one transaction.
    pub async fn save_shell_settings(&self, settings: &ShellSettings) -> Result<(), StoreError> {
        let transaction = self
            .database
            .transaction(META_STORE)
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let meta = transaction.object_store(META_STORE)?;
        meta.put(settings.to_json())
            .with_key(SETTINGS_KEY)
            .primitive()?
            .await?;
        transaction.commit().await?;
        Ok(())
    }
}
