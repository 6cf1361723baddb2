//! The testing period's reports (domain.md, "The testing period's reports"): each
//! instance's current verdict on a release, the counts the pack page shows, and the
//! problems themselves.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};

use crate::domain::ids::{AccountId, InstanceId};
use crate::domain::model::{Addressed, Pack, ReleaseStatus, UpdateReport, Verdict};
use crate::domain::workspace::Workspace;

/// Every instance's current verdict on `release`: its latest report, by instance.
pub fn current_verdicts(pack: &Pack, release: u32) -> BTreeMap<InstanceId, &UpdateReport> {
    let mut current = BTreeMap::new();
    for report in pack
        .reports
        .iter()
        .filter(|report| report.release == release)
    {
        current.insert(report.instance, report);
    }
    current
}

/// Whether a report is an open problem on `pack`'s pending release: the instance's current
/// verdict is a problem the publisher has not marked as addressed. Once the release is no
/// longer pending its reports are frozen and nothing is open.
pub fn is_open_problem(pack: &Pack, report: &UpdateReport) -> bool {
    pack.pending_release == Some(report.release)
        && report.verdict == Verdict::Problem
        && report.addressed.is_none()
}

/// How many open problems `pack`'s pending release has.
pub fn open_problems(pack: &Pack) -> usize {
    match pack.pending_release {
        Some(release) => current_verdicts(pack, release)
            .values()
            .filter(|report| is_open_problem(pack, report))
            .count(),
        None => 0,
    }
}

/// A reported problem as the pack page lists it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ProblemRow {
    pub instance: InstanceId,
    pub account: AccountId,
    pub account_name: String,
    pub override_name: Option<String>,
    pub text: String,
    pub at: DateTime<Utc>,
    /// Open: the current verdict on the pending release, not marked as addressed.
    pub open: bool,
    pub addressed: Option<Addressed>,
    /// The instance was uninstalled since; its report stays.
    pub uninstalled: bool,
}

/// What a release's testing period brought: who applied it early (while it is pending) and
/// what they reported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TestingSummary {
    pub release: u32,
    pub status: ReleaseStatus,
    /// The pack's installed instances.
    pub installed_instances: usize,
    /// Installed instances that run the release early (only while it is pending).
    pub early_instances: usize,
    pub early_accounts: usize,
    /// Instances whose current verdict is "works" / a problem (addressed or not).
    pub works: usize,
    pub problems: usize,
    pub open_problems: usize,
    /// Every instance whose current verdict is a problem, newest first.
    pub problem_rows: Vec<ProblemRow>,
}

/// The testing period of release `release` of `pack`, or `None` when the pack has no such
/// release or it never had a testing period (an immediate release).
pub fn testing_summary(workspace: &Workspace, pack: &Pack, release: u32) -> Option<TestingSummary> {
    let status = pack.release(release)?.status;
    if status != ReleaseStatus::Pending && !pack.reports.iter().any(|r| r.release == release) {
        return None;
    }
    let pending = status == ReleaseStatus::Pending;
    let accounts_of = |instances: &mut dyn Iterator<Item = &InstanceId>| {
        instances
            .filter_map(|id| workspace.instance(*id).ok())
            .map(|instance| instance.account)
            .collect::<BTreeSet<_>>()
            .len()
    };
    let verdicts = current_verdicts(pack, release);
    let mut problem_rows: Vec<ProblemRow> = verdicts
        .values()
        .filter(|report| report.verdict == Verdict::Problem)
        .map(|report| ProblemRow {
            instance: report.instance,
            account: report.account,
            account_name: workspace
                .account(report.account)
                .map(|account| account.name.clone())
                .unwrap_or_default(),
            override_name: report.integration_pack_override_name.clone(),
            text: report.text.clone(),
            at: report.at,
            open: is_open_problem(pack, report),
            addressed: report.addressed.clone(),
            uninstalled: !pack.instances.contains(&report.instance),
        })
        .collect();
    problem_rows.sort_by(|a, b| b.at.cmp(&a.at).then(b.instance.cmp(&a.instance)));
    Some(TestingSummary {
        release,
        status,
        installed_instances: pack.instances.len(),
        early_instances: if pending {
            pack.early_instances.len()
        } else {
            0
        },
        early_accounts: if pending {
            accounts_of(&mut pack.early_instances.iter())
        } else {
            0
        },
        works: verdicts
            .values()
            .filter(|report| report.verdict == Verdict::Works)
            .count(),
        problems: problem_rows.len(),
        open_problems: problem_rows.iter().filter(|row| row.open).count(),
        problem_rows,
    })
}

/// Where an instance stands with reporting on its pack's pending release.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reporting<'a> {
    /// Nothing is pending: there is nothing to report on.
    NothingPending,
    /// A release is pending but the instance has not applied it early.
    NotApplied { release: u32 },
    /// The instance runs the pending release; its current verdict, if it reported.
    MayReport {
        release: u32,
        current: Option<&'a UpdateReport>,
    },
}

/// Whether `instance` may report on its pack's pending release, and its current verdict.
pub fn reporting<'a>(pack: &'a Pack, instance: InstanceId) -> Reporting<'a> {
    let Some(release) = pack.pending_release else {
        return Reporting::NothingPending;
    };
    if !pack.early_instances.contains(&instance) {
        return Reporting::NotApplied { release };
    }
    let current = pack
        .reports
        .iter()
        .rev()
        .find(|report| report.release == release && report.instance == instance);
    Reporting::MayReport { release, current }
}
