//! The testing period's reports (domain.md, "The testing period's reports").

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::NOTES_MAX;
use crate::domain::event::Change;
use crate::domain::ids::{AccountId, InstanceId};

/// What a managed account found when it tried the pending update early.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Verdict {
    Works,
    Problem,
}

/// The longest report text, in characters: the domain's text limit, as for notes.
pub const REPORT_TEXT_MAX: usize = NOTES_MAX;

/// One report on a pending release, by a managed account about one of its instances that
/// runs it (domain.md, "The testing period's reports").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdateReport {
    pub release: u32,
    pub instance: InstanceId,
    pub account: AccountId,
    /// The instance's override name when it reported: the instance may be uninstalled since.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub integration_pack_override_name: Option<String>,
    pub verdict: Verdict,
    pub text: String,
    pub at: DateTime<Utc>,
    /// For a problem: the publisher marked it as addressed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub addressed: Option<Addressed>,
}

impl UpdateReport {
    /// The report an `UPDATE_REPORTED` change records, made at `at`.
    pub(crate) fn reported(change: &Change, at: DateTime<Utc>) -> Option<UpdateReport> {
        let Change::UpdateReported {
            release,
            instance,
            account,
            integration_pack_override_name,
            verdict,
            text,
            ..
        } = change
        else {
            return None;
        };
        Some(UpdateReport {
            release: *release,
            instance: *instance,
            account: *account,
            integration_pack_override_name: integration_pack_override_name.clone(),
            verdict: *verdict,
            text: text.clone(),
            at,
            addressed: None,
        })
    }
}

/// The publisher's mark that a reported problem is addressed.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Addressed {
    pub at: DateTime<Utc>,
    /// The release that addresses it, when the publisher named one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by_release: Option<u32>,
}

impl super::Pack {
    /// Marks `instance`'s current report on `release` as addressed.
    pub(crate) fn mark_addressed(
        &mut self,
        release: u32,
        instance: InstanceId,
        at: DateTime<Utc>,
        by_release: Option<u32>,
    ) {
        let current = self
            .reports
            .iter_mut()
            .rev()
            .find(|report| report.release == release && report.instance == instance);
        if let Some(report) = current {
            report.addressed = Some(Addressed { at, by_release });
        }
    }
}
