//! A pack's release history as the pack page's table reads it: each release with the
//! zone its times are said in (history keeps its zone).

use chrono::{DateTime, Utc};

use crate::domain::ids::{ComponentId, PackageId};
use crate::domain::model::{Pack, ReleaseSchedule, ReleaseStatus};
use crate::domain::time::PublisherZone;
use crate::domain::workspace::Workspace;

/// Where a release stands, as the history says it: a released one is the current release
/// or an earlier one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HistoryStatus {
    Pending,
    Current,
    Released,
    Superseded,
    Cancelled,
}

/// One release of the history.
#[derive(Clone, Debug, PartialEq)]
pub struct HistoryRow {
    pub number: u32,
    pub status: HistoryStatus,
    pub schedule: ReleaseSchedule,
    /// The zone its schedule is said in: today's for a pending release, else the zone in
    /// force when it was applied (or made).
    pub schedule_zone: PublisherZone,
    /// When it was made, in the zone in force then.
    pub made: (DateTime<Utc>, PublisherZone),
    /// When it was applied, in the zone in force then.
    pub applied: Option<(DateTime<Utc>, PublisherZone)>,
    pub versions: Vec<(ComponentId, PackageId)>,
    pub notes: String,
}

/// The pack's releases, newest first.
pub fn release_history(workspace: &Workspace, pack: &Pack) -> Vec<HistoryRow> {
    let zone = workspace.publisher().time_zone;
    pack.releases
        .iter()
        .rev()
        .map(|release| {
            let status = match release.status {
                ReleaseStatus::Pending => HistoryStatus::Pending,
                ReleaseStatus::Released if pack.current_release == Some(release.number) => {
                    HistoryStatus::Current
                }
                ReleaseStatus::Released => HistoryStatus::Released,
                ReleaseStatus::Superseded => HistoryStatus::Superseded,
                ReleaseStatus::Cancelled => HistoryStatus::Cancelled,
            };
            let decided_zone = workspace.zone_at(release.applied_at.unwrap_or(release.created_at));
            HistoryRow {
                number: release.number,
                status,
                schedule: release.schedule,
                schedule_zone: if release.status == ReleaseStatus::Pending {
                    zone
                } else {
                    decided_zone
                },
                made: (release.created_at, workspace.zone_at(release.created_at)),
                applied: release.applied_at.map(|at| (at, workspace.zone_at(at))),
                versions: release.versions.iter().map(|(c, p)| (*c, *p)).collect(),
                notes: release.notes.clone(),
            }
        })
        .collect()
}
