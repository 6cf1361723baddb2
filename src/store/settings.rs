//! The stored shape of the shell's settings: the publisher's zone and the clock.

use serde::{Deserialize, Serialize};

use crate::domain::{Clock, PublisherZone};
use crate::store::StoreError;

/// What the app shell needs before anything else: whose time zone, and which clock.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ShellSettings {
    pub time_zone: PublisherZone,
    pub clock: Clock,
}

impl ShellSettings {
    pub fn to_json(&self) -> String {
        // A struct of a zone name and a tagged enum always serialises.
        serde_json::to_string(self).unwrap_or_default()
    }

    pub fn from_json(json: &str) -> Result<ShellSettings, StoreError> {
        serde_json::from_str(json).map_err(|error| StoreError::Corrupt(error.to_string()))
    }
}
