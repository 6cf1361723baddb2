//! The clock's part of the rules: scheduled releases that came due.

use chrono::{DateTime, Utc};

use crate::domain::configuration::with_discarded_values;
use crate::domain::event::{Change, Event};
use crate::domain::queries;
use crate::domain::workspace::Workspace;

/// The events for every scheduled release whose due instant is at or before `now`, each
/// stamped at its due instant (never before the newest recorded event: time only moves
/// forward), oldest first. Applying them and ticking again returns
/// nothing, so each release is applied exactly once however late the check comes.
pub fn tick(workspace: &Workspace, now: DateTime<Utc>) -> Vec<Event> {
    let zone = workspace.publisher().time_zone;
    let mut due: Vec<Event> = workspace
        .packs()
        .filter_map(|pack| {
            let release = pack.pending_release?;
            let release_on_date = pack.pending_date()?;
            let due_at = zone.first_instant_of(release_on_date);
            if due_at > now {
                return None;
            }
            let moving = pack.instances.difference(&pack.early_instances);
            Some(Event {
                at: workspace
                    .newest_event_at()
                    .map_or(due_at, |newest| newest.max(due_at)),
                change: with_discarded_values(
                    workspace,
                    Change::ScheduledReleaseApplied {
                        pack: pack.id,
                        pack_name: pack.name.clone(),
                        release,
                        release_on_date,
                        instances_moved: pack.instances.len() - pack.early_instances.len(),
                        accounts_moved: queries::distinct_accounts(workspace, moving),
                        discarded_values: Vec::new(),
                    },
                ),
                by: None,
            })
        })
        .collect();
    due.sort_by_key(|event| event.at);
    due
}
