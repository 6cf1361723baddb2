//! `decide`: checks a command against the workspace and says what happens, as events.
//! Nothing here changes the workspace; `Workspace::apply` folds the events in. One file
//! per capability; the validators they share are in `domain::validate`.

mod accounts;
mod boomi_ids;
mod components;
mod groups;
mod installs;
mod packs;
mod releases;
mod settings;

use chrono::{DateTime, Utc};

use crate::domain::command::Command;
use crate::domain::error::DomainError;
use crate::domain::event::{Change, Event};
use crate::domain::workspace::Workspace;

/// What happens if `command` is carried out at `now`, or why it is refused.
///
/// Callers run `tick` first, so that releases that came due are applied before anything
/// else is decided. Nothing is ever recorded before the newest recorded event (domain.md,
/// "Time only moves forward").
pub fn decide(
    workspace: &Workspace,
    command: Command,
    now: DateTime<Utc>,
) -> Result<Vec<Event>, DomainError> {
    if let Some(newest) = workspace.newest_event_at().filter(|newest| now < *newest) {
        return Err(match command {
            Command::SetClock { .. } => DomainError::ClockBeforeNewestEvent { to: now, newest },
            _ => DomainError::EarlierThanNewestEvent { now, newest },
        });
    }
    match command {
        Command::SetPublisherTimeZone { time_zone } => {
            settings::set_publisher_time_zone(workspace, time_zone, now)
        }
        Command::SetClock { clock } => settings::set_clock(workspace, clock, now),
        Command::SetPublisherContact { contact } => settings::set_publisher_contact(contact, now),
        Command::CreateComponent { name, kind } => {
            components::create_component(workspace, name, kind, now)
        }
        Command::CreatePackage {
            component,
            version,
            notes,
            shareable,
            shared_components,
        } => components::create_package(
            workspace,
            component,
            version,
            notes,
            shareable,
            shared_components,
            now,
        ),
        Command::CreatePack {
            name,
            description,
            installation_type,
            deployment_model,
        } => packs::create_pack(
            workspace,
            name,
            description,
            installation_type,
            deployment_model,
            now,
        ),
        Command::EditPack {
            pack,
            name,
            description,
            installation_guide,
            user_guide,
            contact,
        } => packs::edit_pack(
            workspace,
            pack,
            name,
            description,
            installation_guide,
            user_guide,
            contact,
            now,
        ),
        Command::DeletePack { pack } => packs::delete_pack(workspace, pack, now),
        Command::AddMember {
            pack,
            component,
            package,
        } => packs::add_member(workspace, pack, component, package, now),
        Command::RemoveMember { pack, component } => {
            packs::remove_member(workspace, pack, component, now)
        }
        Command::ReleasePack {
            pack,
            versions,
            notes,
            schedule,
        } => releases::release_pack(workspace, pack, versions, notes, schedule, now),
        Command::ReschedulePendingRelease {
            pack,
            release_on_date,
        } => releases::reschedule_pending_release(workspace, pack, release_on_date, now),
        Command::CancelPendingRelease { pack } => {
            releases::cancel_pending_release(workspace, pack, now)
        }
        Command::CreateGroup { name } => groups::create_group(workspace, name, now),
        Command::RenameGroup { group, name } => groups::rename_group(workspace, group, name, now),
        Command::DeleteGroup { group } => groups::delete_group(workspace, group, now),
        Command::AddAccountToGroup { group, account } => {
            groups::add_account_to_group(workspace, group, account, now)
        }
        Command::RemoveAccountFromGroup { group, account } => {
            groups::remove_account_from_group(workspace, group, account, now)
        }
        Command::AddPackToGroup { group, pack } => {
            groups::add_pack_to_group(workspace, group, pack, now)
        }
        Command::RemovePackFromGroup { group, pack } => {
            groups::remove_pack_from_group(workspace, group, pack, now)
        }
        Command::CreateAccount { name } => accounts::create_account(workspace, name, now),
        Command::RenameAccount { account, name } => {
            accounts::rename_account(workspace, account, name, now)
        }
        Command::Install {
            account,
            pack,
            integration_pack_override_name,
        } => installs::install(
            workspace,
            account,
            pack,
            integration_pack_override_name,
            now,
        ),
        Command::ApplyPendingUpdate {
            account,
            pack,
            instance,
        } => installs::apply_pending_update(workspace, account, pack, instance, now),
        Command::Uninstall { account, instance } => {
            installs::uninstall(workspace, account, instance, now)
        }
        Command::RecordBoomiIds { links } => boomi_ids::record_boomi_ids(workspace, links, now),
    }
}

/// The one event most commands decide: `change`, at `now`.
fn recorded(now: DateTime<Utc>, change: Change) -> Result<Vec<Event>, DomainError> {
    Ok(vec![Event {
        at: now,
        change,
        by: None,
    }])
}
