//! Questions the UI asks, answered from the workspace without changing it.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, NaiveDate, Utc};

use crate::domain::event::{Event, EventKind};
use crate::domain::ids::{AccountId, ComponentId, InstanceId, PackId, PackageId};
use crate::domain::model::{Instance, Pack, Package};
use crate::domain::time::PublisherZone;
use crate::domain::workspace::Workspace;

mod activity;
mod configuration;
mod history;
mod testing;
pub use activity::{
    accounts_named, activity, install_base_history, ActivityFilter, InstallBaseHistory,
};
pub use configuration::{
    instance_settings, instances_needing_attention, AttentionCounter, SettingsComponent,
    SettingsField,
};
pub use history::{release_history, HistoryRow, HistoryStatus};
pub use testing::{
    current_verdicts, is_open_problem, open_problems, reporting, testing_summary, ProblemRow,
    Reporting, TestingSummary,
};

/// The newest shareable package of a component.
pub fn newest_shareable(workspace: &Workspace, component: ComponentId) -> Option<&Package> {
    let component = workspace.component(component).ok()?;
    component
        .packages
        .iter()
        .rev()
        .filter_map(|package| workspace.package(*package).ok())
        .find(|package| package.shareable)
}

/// The shareable packages of a component, newest first: what a pack may use.
pub fn shareable_packages(workspace: &Workspace, component: ComponentId) -> Vec<&Package> {
    let Ok(component) = workspace.component(component) else {
        return Vec::new();
    };
    component
        .packages
        .iter()
        .rev()
        .filter_map(|package| workspace.package(*package).ok())
        .filter(|package| package.shareable)
        .collect()
}

/// How many different accounts the instances belong to.
pub fn distinct_accounts<'a>(
    workspace: &Workspace,
    instances: impl Iterator<Item = &'a InstanceId>,
) -> usize {
    instances
        .filter_map(|instance| workspace.instance(*instance).ok())
        .map(|instance| instance.account)
        .collect::<BTreeSet<AccountId>>()
        .len()
}

/// Where a pack stands with its releases.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PackStatus {
    NotReleased,
    Released {
        current: u32,
    },
    Pending {
        current: Option<u32>,
        pending: u32,
        release_on_date: NaiveDate,
        due: DateTime<Utc>,
    },
}

/// A pending release seen under a zone the publisher is choosing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PendingUnderZone {
    pub pack: PackId,
    pub pack_name: String,
    pub release: u32,
    pub release_on_date: NaiveDate,
    /// When it would come due in that zone.
    pub due: DateTime<Utc>,
    /// Its date would already have begun at `now`: the zone change is refused.
    pub already_begun: bool,
}

/// Every pending release with its due instant under `zone`, so that Settings can show a
/// zone change's effect before it is saved.
pub fn pending_under_zone(
    workspace: &Workspace,
    zone: PublisherZone,
    now: DateTime<Utc>,
) -> Vec<PendingUnderZone> {
    workspace
        .packs()
        .filter_map(|pack| {
            let release = pack.pending_release?;
            let release_on_date = pack.pending_date()?;
            let due = zone.first_instant_of(release_on_date);
            Some(PendingUnderZone {
                pack: pack.id,
                pack_name: pack.name.clone(),
                release,
                release_on_date,
                due,
                already_begun: due <= now,
            })
        })
        .collect()
}

pub fn pack_status(workspace: &Workspace, pack: &Pack) -> PackStatus {
    match (pack.pending_release, pack.pending_date()) {
        (Some(pending), Some(release_on_date)) => PackStatus::Pending {
            current: pack.current_release,
            pending,
            release_on_date,
            due: workspace
                .publisher()
                .time_zone
                .first_instant_of(release_on_date),
        },
        _ => match pack.current_release {
            Some(current) => PackStatus::Released { current },
            None => PackStatus::NotReleased,
        },
    }
}

/// A member with a shareable package newer than the release's version (capability 4).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewerVersion {
    pub component: ComponentId,
    pub newest: PackageId,
    pub in_current: PackageId,
    pub in_pending: Option<PackageId>,
    /// Newer than the pending release's version too (or nothing is pending).
    pub newer_than_pending: bool,
}

/// For each member of the current release, whether a newer shareable package exists.
pub fn newer_versions(workspace: &Workspace, pack: &Pack) -> Vec<NewerVersion> {
    let Some(current) = pack.current() else {
        return Vec::new();
    };
    let pending = pack.pending();
    current
        .versions
        .iter()
        .filter_map(|(component, in_current)| {
            let newest = newest_shareable(workspace, *component)?.id;
            if newest <= *in_current {
                return None;
            }
            let in_pending = pending.and_then(|release| release.versions.get(component).copied());
            Some(NewerVersion {
                component: *component,
                newest,
                in_current: *in_current,
                in_pending,
                newer_than_pending: in_pending.is_none_or(|pending| newest > pending),
            })
        })
        .collect()
}

/// How many members have a shareable version newer than what is planned for them: the
/// pending release's version when one is pending, else the current release's. The packs
/// page shows this as "newer versions available".
pub fn newer_versions_to_release(workspace: &Workspace, pack: &Pack) -> usize {
    newer_versions(workspace, pack)
        .iter()
        .filter(|newer| newer.newer_than_pending)
        .count()
}

/// The versions the release wizard starts from: the newest shareable package of every
/// member (rule 2).
pub fn default_candidate(workspace: &Workspace, pack: &Pack) -> BTreeMap<ComponentId, PackageId> {
    pack.members
        .iter()
        .map(|(component, pinned)| {
            let newest =
                newest_shareable(workspace, *component).map_or(*pinned, |package| package.id);
            (*component, newest)
        })
        .collect()
}

/// Whether "Release Integration Pack" is offered: some release of shareable versions
/// would change what the install base runs, a rollback to an older version included
/// (domain.md, "Rollback").
pub fn release_would_change(workspace: &Workspace, pack: &Pack) -> bool {
    if pack.members.is_empty() {
        return false;
    }
    let Some(current) = pack.current() else {
        return true;
    };
    if !current.versions.keys().eq(pack.members.keys()) {
        return true;
    }
    pack.members.keys().any(|component| {
        shareable_packages(workspace, *component)
            .iter()
            .any(|package| current.versions.get(component) != Some(&package.id))
    })
}

/// The packs an account may see: released packs its groups carry (rule 9).
pub fn visible_packs(workspace: &Workspace, account: AccountId) -> BTreeSet<PackId> {
    let Ok(account) = workspace.account(account) else {
        return BTreeSet::new();
    };
    account
        .groups
        .iter()
        .filter_map(|group| workspace.group(*group).ok())
        .flat_map(|group| group.packs.iter().copied())
        .filter(|pack| {
            workspace
                .pack(*pack)
                .is_ok_and(|pack| pack.current_release.is_some())
        })
        .collect()
}

pub fn can_see(workspace: &Workspace, account: AccountId, pack: PackId) -> bool {
    let released = workspace
        .pack(pack)
        .is_ok_and(|pack| pack.current_release.is_some());
    released
        && workspace.account(account).is_ok_and(|account| {
            account
                .groups
                .iter()
                .filter_map(|group| workspace.group(*group).ok())
                .any(|group| group.packs.contains(&pack))
        })
}

/// The release an instance runs: the pending one if it applied it early, else the current.
pub fn instance_release(workspace: &Workspace, instance: &Instance) -> Option<u32> {
    let pack = workspace.pack(instance.pack).ok()?;
    if pack.early_instances.contains(&instance.id) {
        pack.pending_release
    } else {
        pack.current_release
    }
}

/// One installed instance of a pack, as the pack's install-base list shows it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct InstallRow {
    pub instance: InstanceId,
    pub account: AccountId,
    pub account_name: String,
    pub override_name: Option<String>,
    pub release: Option<u32>,
    pub applied_early: bool,
    pub installed_at: DateTime<Utc>,
    /// Fields new since the instance's previous release, neither set nor kept.
    pub needs_attention: usize,
}

/// Every instance of the pack, ordered by account name, then override name.
pub fn install_rows(workspace: &Workspace, pack: &Pack) -> Vec<InstallRow> {
    let mut attention = AttentionCounter::new(workspace, pack);
    let mut rows: Vec<InstallRow> = pack
        .instances
        .iter()
        .filter_map(|id| workspace.instance(*id).ok())
        .map(|instance| {
            let release = instance_release(workspace, instance);
            InstallRow {
                instance: instance.id,
                account: instance.account,
                account_name: workspace
                    .account(instance.account)
                    .map(|account| account.name.clone())
                    .unwrap_or_default(),
                override_name: instance.integration_pack_override_name.clone(),
                release,
                applied_early: pack.early_instances.contains(&instance.id),
                installed_at: instance.installed_at,
                needs_attention: attention.count(instance.id, release),
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        (&a.account_name, &a.override_name, a.instance).cmp(&(
            &b.account_name,
            &b.override_name,
            b.instance,
        ))
    });
    rows
}

/// How many instances run each release of the pack.
pub fn install_base(pack: &Pack) -> BTreeMap<u32, usize> {
    let mut base = BTreeMap::new();
    let early = pack.early_instances.len();
    if let Some(current) = pack.current_release {
        let on_current = pack.instances.len() - early;
        if on_current > 0 {
            base.insert(current, on_current);
        }
    }
    if let (Some(pending), true) = (pack.pending_release, early > 0) {
        base.insert(pending, early);
    }
    base
}

/// The instances that applied the pending release early.
pub fn early_appliers<'a>(workspace: &'a Workspace, pack: &Pack) -> Vec<&'a Instance> {
    pack.early_instances
        .iter()
        .filter_map(|id| workspace.instance(*id).ok())
        .collect()
}

/// A release as a managed account reads it: its number, notes and component versions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReleaseSummary {
    pub number: u32,
    pub notes: String,
    /// `(component, version)`, by component name.
    pub versions: Vec<(String, String)>,
}

/// One component's move from the current release to the pending one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VersionChange {
    pub component: String,
    /// `None`: the component is new in the pending release.
    pub from: Option<String>,
    /// `None`: the pending release drops the component.
    pub to: Option<String>,
}

/// The pending release as a managed account reads it, with when it applies anyway.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PendingSummary {
    pub number: u32,
    pub notes: String,
    pub changes: Vec<VersionChange>,
    pub release_on_date: NaiveDate,
    pub due: DateTime<Utc>,
}

fn labelled_versions(
    workspace: &Workspace,
    versions: &BTreeMap<ComponentId, PackageId>,
) -> BTreeMap<String, String> {
    versions
        .iter()
        .map(|(component, package)| {
            let name = workspace
                .component(*component)
                .map(|c| c.name.clone())
                .unwrap_or_else(|_| format!("Component {component}"));
            let version = workspace
                .package(*package)
                .map(|p| p.version.clone())
                .unwrap_or_else(|_| "?".to_owned());
            (name, version)
        })
        .collect()
}

/// The current release of a pack, for its managed accounts.
pub fn current_summary(workspace: &Workspace, pack: &Pack) -> Option<ReleaseSummary> {
    let current = pack.current()?;
    Some(ReleaseSummary {
        number: current.number,
        notes: current.notes.clone(),
        versions: labelled_versions(workspace, &current.versions)
            .into_iter()
            .collect(),
    })
}

/// The pending release of a pack, for its managed accounts: what it changes and when it
/// applies to everyone who did not apply it early.
pub fn pending_summary(workspace: &Workspace, pack: &Pack) -> Option<PendingSummary> {
    let pending = pack.pending()?;
    let release_on_date = pack.pending_date()?;
    let before = pack
        .current()
        .map(|current| labelled_versions(workspace, &current.versions))
        .unwrap_or_default();
    let after = labelled_versions(workspace, &pending.versions);
    let names: BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    let changes = names
        .into_iter()
        .filter(|name| before.get(*name) != after.get(*name))
        .map(|name| VersionChange {
            component: name.clone(),
            from: before.get(name).cloned(),
            to: after.get(name).cloned(),
        })
        .collect();
    Some(PendingSummary {
        number: pending.number,
        notes: pending.notes.clone(),
        changes,
        release_on_date,
        due: workspace
            .publisher()
            .time_zone
            .first_instant_of(release_on_date),
    })
}

/// An installed instance as its account sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InstanceView<'a> {
    pub instance: &'a Instance,
    pub pack: &'a Pack,
    pub release: Option<u32>,
    pub pending: Option<PendingUpdate>,
}

/// A pending update an instance may apply early, and when it applies anyway.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PendingUpdate {
    pub release: u32,
    pub release_on_date: NaiveDate,
    pub due: DateTime<Utc>,
    pub applied_early: bool,
}

/// An account's instances with their release and what is pending for them.
pub fn account_instances(workspace: &Workspace, account: AccountId) -> Vec<InstanceView<'_>> {
    let Ok(account) = workspace.account(account) else {
        return Vec::new();
    };
    let zone = workspace.publisher().time_zone;
    account
        .instances
        .iter()
        .filter_map(|id| workspace.instance(*id).ok())
        .filter_map(|instance| {
            let pack = workspace.pack(instance.pack).ok()?;
            let pending = match (pack.pending_release, pack.pending_date()) {
                (Some(release), Some(release_on_date)) => Some(PendingUpdate {
                    release,
                    release_on_date,
                    due: zone.first_instant_of(release_on_date),
                    applied_early: pack.early_instances.contains(&instance.id),
                }),
                _ => None,
            };
            Some(InstanceView {
                instance,
                pack,
                release: instance_release(workspace, instance),
                pending,
            })
        })
        .collect()
}
