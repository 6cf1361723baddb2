//! Whether one event may be applied to a workspace: what a log read from storage or a file
//! is checked by, event by event, before it is replayed.

use super::*;
use crate::domain::configuration::{self, FieldKey};

/// Replays `events` from an empty workspace, refusing an event that creates something
/// whose id is taken or refers to something that does not exist at that point.
pub fn replay_checked(events: &[Event]) -> Result<Workspace, String> {
    let mut ws = Workspace::default();
    for (index, event) in events.iter().enumerate() {
        if let Err(problem) = check_event(&ws, event) {
            return Err(format!(
                "Event {} ({}): {problem}",
                index + 1,
                crate::domain::PublisherZone::utc().format_instant(event.at)
            ));
        }
        ws.apply(event);
    }
    Ok(ws)
}

/// Whether the engine could have recorded `event` on `ws`: never before the newest event,
/// creating only fresh ids, referring only to what exists.
pub fn check_event(ws: &Workspace, event: &Event) -> Result<(), String> {
    if let Some(newest) = ws.newest_event_at {
        if event.at < newest {
            return Err(format!(
                "it is recorded before the event ahead of it ({}), and time only moves forward",
                crate::domain::PublisherZone::utc().format_instant(newest)
            ));
        }
    }
    let fresh = |id: u32| {
        if id >= ws.next_id {
            Ok(())
        } else {
            Err(format!("it creates id {id}, which is already taken"))
        }
    };
    let exists = |found: bool, what: &str, id: u32| {
        if found {
            Ok(())
        } else {
            Err(format!("it refers to {what} {id}, which does not exist"))
        }
    };
    match &event.change {
        Change::ComponentCreated { component, .. } => fresh(component.0),
        Change::PackageCreated { package, .. } => {
            fresh(package.id.0)?;
            exists(
                ws.components.contains_key(&package.component),
                "component",
                package.component.0,
            )
        }
        Change::PackCreated { pack, .. } => fresh(pack.0),
        Change::GroupCreated { group, .. } => fresh(group.0),
        Change::AccountCreated { account, .. } => fresh(account.0),
        Change::PackInstalled {
            instance,
            account,
            pack,
            ..
        } => {
            fresh(instance.0)?;
            exists(ws.accounts.contains_key(account), "account", account.0)?;
            exists(ws.packs.contains_key(pack), "pack", pack.0)
        }
        Change::MemberAdded {
            pack,
            component,
            package,
            ..
        } => {
            exists(ws.packs.contains_key(pack), "pack", pack.0)?;
            exists(
                ws.components.contains_key(component),
                "component",
                component.0,
            )?;
            exists(ws.packages.contains_key(package), "package", package.0)
        }
        Change::GroupRenamed { group, .. } | Change::GroupDeleted { group, .. } => {
            exists(ws.groups.contains_key(group), "account group", group.0)
        }
        Change::AccountAddedToGroup { group, account, .. }
        | Change::AccountRemovedFromGroup { group, account, .. } => {
            exists(ws.groups.contains_key(group), "account group", group.0)?;
            exists(ws.accounts.contains_key(account), "account", account.0)
        }
        Change::PackAddedToGroup { group, pack, .. }
        | Change::PackRemovedFromGroup { group, pack, .. } => {
            exists(ws.groups.contains_key(group), "account group", group.0)?;
            exists(ws.packs.contains_key(pack), "pack", pack.0)
        }
        Change::AccountRenamed { account, .. } => {
            exists(ws.accounts.contains_key(account), "account", account.0)
        }
        Change::PendingUpdateAppliedEarly {
            pack, instances, ..
        } => {
            exists(ws.packs.contains_key(pack), "pack", pack.0)?;
            for instance in instances {
                exists(
                    ws.instances.get(instance).is_some_and(|i| i.pack == *pack),
                    "instance",
                    instance.0,
                )?;
            }
            Ok(())
        }
        Change::PackUninstalled { instance, .. } => {
            exists(ws.instances.contains_key(instance), "instance", instance.0)
        }
        Change::UpdateReported {
            pack,
            release,
            instance,
            account,
            ..
        } => {
            exists(ws.packs.contains_key(pack), "pack", pack.0)?;
            exists(
                ws.instances
                    .get(instance)
                    .is_some_and(|i| i.pack == *pack && i.account == *account),
                "instance",
                instance.0,
            )?;
            let runs_it = ws.packs.get(pack).is_some_and(|p| {
                p.pending_release == Some(*release) && p.early_instances.contains(instance)
            });
            if runs_it {
                Ok(())
            } else {
                Err(format!(
                    "it reports on release {release} from instance {instance}, which does not run it as a pending release"
                ))
            }
        }
        Change::ExtensionValuesChanged {
            pack,
            instance,
            account,
            kind,
            component,
            changes,
            ..
        } => {
            exists(
                ws.instances
                    .get(instance)
                    .is_some_and(|i| i.pack == *pack && i.account == *account),
                "instance",
                instance.0,
            )?;
            let fields = configuration::instance_fields(ws, *instance);
            match changes
                .iter()
                .find(|change| !fields.contains_key(&FieldKey::new(*kind, component, &change.field)))
            {
                Some(change) => Err(format!(
                    "it sets {component} {} on instance {instance}, a field its release does not make extensible",
                    change.field
                )),
                None => Ok(()),
            }
        }
        Change::ProblemAddressed {
            pack,
            release,
            instance,
            ..
        } => {
            exists(ws.packs.contains_key(pack), "pack", pack.0)?;
            let open = ws.packs.get(pack).is_some_and(|p| {
                p.reports
                    .iter()
                    .rev()
                    .find(|r| r.release == *release && r.instance == *instance)
                    .is_some_and(|r| crate::domain::queries::is_open_problem(p, r))
            });
            if open {
                Ok(())
            } else {
                Err(format!(
                    "it marks a problem of instance {instance} with release {release} as addressed, but none is open"
                ))
            }
        }
        Change::PackEdited { pack, .. }
        | Change::PackDeleted { pack, .. }
        | Change::MemberRemoved { pack, .. }
        | Change::PackReleased { pack, .. }
        | Change::ReleaseScheduled { pack, .. }
        | Change::PendingReleaseRescheduled { pack, .. }
        | Change::PendingReleaseCancelled { pack, .. }
        | Change::ScheduledReleaseApplied { pack, .. } => {
            exists(ws.packs.contains_key(pack), "pack", pack.0)
        }
        Change::BoomiIdsRecorded { links } => links.iter().try_for_each(|link| {
            exists(
                boomi_thing_exists(ws, link.thing),
                link.thing.nouns().0,
                boomi_thing_number(link.thing),
            )
        }),
        Change::PublisherTimeZoneChanged { .. }
        | Change::PublisherContactChanged { .. }
        | Change::ClockSet { .. } => Ok(()),
    }
}
