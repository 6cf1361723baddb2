//! What the activity log asks: which events a filter keeps, accounts by part of their
//! name, and a pack's install base over time.

use super::*;

/// Which events the activity log shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ActivityFilter {
    pub pack: Option<PackId>,
    pub account: Option<AccountId>,
    pub kind: Option<EventKind>,
}

impl ActivityFilter {
    pub fn matches(&self, event: &Event) -> bool {
        self.pack.is_none_or(|pack| event.pack() == Some(pack))
            && self
                .account
                .is_none_or(|account| event.account() == Some(account))
            && self.kind.is_none_or(|kind| event.kind() == kind)
    }
}

/// The accounts whose name contains `part`, case ignored: the activity log's account
/// search, fast with 20,000 accounts.
pub fn accounts_named(workspace: &Workspace, part: &str) -> BTreeSet<AccountId> {
    let part = part.trim().to_lowercase();
    workspace
        .accounts()
        .filter(|account| account.name.to_lowercase().contains(&part))
        .map(|account| account.id)
        .collect()
}

/// The events that pass the filter, newest first.
pub fn activity(events: &[Event], filter: ActivityFilter) -> impl Iterator<Item = &Event> {
    events
        .iter()
        .rev()
        .filter(move |event| filter.matches(event))
}

/// After each change, the instances on each release: the data of the install-base chart.
pub type InstallBaseHistory = Vec<(DateTime<Utc>, BTreeMap<u32, usize>)>;

/// How many instances ran each release of a pack after each event that moved them, oldest
/// first. Built from the events alone.
pub fn install_base_history(events: &[Event], pack: PackId) -> InstallBaseHistory {
    use crate::domain::event::Change;
    let mut running: BTreeMap<InstanceId, u32> = BTreeMap::new();
    let mut current = 0;
    let mut pending = None;
    let mut history = Vec::new();
    for event in events.iter().filter(|event| event.pack() == Some(pack)) {
        let moved = match &event.change {
            Change::PackInstalled {
                instance, release, ..
            } => {
                running.insert(*instance, *release);
                true
            }
            Change::PackUninstalled { instance, .. } => running.remove(instance).is_some(),
            Change::PackReleased { release, .. }
            | Change::ScheduledReleaseApplied { release, .. } => {
                current = *release;
                pending = None;
                running.values_mut().for_each(|on| *on = current);
                true
            }
            Change::ReleaseScheduled { release, .. } => {
                pending = Some(*release);
                false
            }
            Change::PendingUpdateAppliedEarly {
                instances, release, ..
            } => {
                for instance in instances {
                    running.insert(*instance, *release);
                }
                true
            }
            Change::PendingReleaseCancelled { .. } => {
                let cancelled = pending.take();
                running
                    .values_mut()
                    .filter(|on| Some(**on) == cancelled)
                    .for_each(|on| *on = current);
                true
            }
            _ => false,
        };
        if moved {
            let mut counts = BTreeMap::new();
            for release in running.values() {
                *counts.entry(*release).or_default() += 1;
            }
            history.push((event.at, counts));
        }
    }
    history
}
