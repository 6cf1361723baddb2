//! `decide`: checks a command against the workspace and says what happens, as events.
//! Nothing here changes the workspace; `Workspace::apply` folds the events in. One file
//! per capability; the validators they share are in `domain::validate`.

mod accounts;
mod boomi_ids;
mod components;
mod extension_values;
mod groups;
mod installs;
mod packs;
mod releases;
mod reports;
mod settings;

use chrono::{DateTime, Utc};

use crate::domain::command::Command;
use crate::domain::error::DomainError;
use crate::domain::event::{Change, Event};
use crate::domain::validate::unique_name;
use crate::domain::workspace::{NameKind, Workspace};

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
            Command::SetClock(_) => DomainError::ClockBeforeNewestEvent { to: now, newest },
            _ => DomainError::EarlierThanNewestEvent { now, newest },
        });
    }
    match command {
        Command::SetPublisherTimeZone(command) => {
            settings::set_publisher_time_zone(workspace, command, now)
        }
        Command::SetClock(command) => settings::set_clock(workspace, command, now),
        Command::SetPublisherContact(command) => settings::set_publisher_contact(command, now),
        Command::CreateComponent(command) => components::create_component(workspace, command, now),
        Command::CreatePackage(command) => components::create_package(workspace, command, now),
        Command::CreatePack(command) => packs::create_pack(workspace, command, now),
        Command::EditPack(command) => packs::edit_pack(workspace, command, now),
        Command::DeletePack(command) => packs::delete_pack(workspace, command, now),
        Command::AddMember(command) => packs::add_member(workspace, command, now),
        Command::RemoveMember(command) => packs::remove_member(workspace, command, now),
        Command::ReleasePack(command) => releases::release_pack(workspace, command, now),
        Command::ReschedulePendingRelease(command) => {
            releases::reschedule_pending_release(workspace, command, now)
        }
        Command::CancelPendingRelease(command) => {
            releases::cancel_pending_release(workspace, command, now)
        }
        Command::CreateGroup(command) => groups::create_group(workspace, command, now),
        Command::RenameGroup(command) => groups::rename_group(workspace, command, now),
        Command::DeleteGroup(command) => groups::delete_group(workspace, command, now),
        Command::AddAccountToGroup(command) => {
            groups::add_account_to_group(workspace, command, now)
        }
        Command::RemoveAccountFromGroup(command) => {
            groups::remove_account_from_group(workspace, command, now)
        }
        Command::AddPackToGroup(command) => groups::add_pack_to_group(workspace, command, now),
        Command::RemovePackFromGroup(command) => {
            groups::remove_pack_from_group(workspace, command, now)
        }
        Command::CreateAccount(command) => accounts::create_account(workspace, command, now),
        Command::RenameAccount(command) => accounts::rename_account(workspace, command, now),
        Command::Install(command) => installs::install(workspace, command, now),
        Command::ApplyPendingUpdate(command) => {
            installs::apply_pending_update(workspace, command, now)
        }
        Command::Uninstall(command) => installs::uninstall(workspace, command, now),
        Command::ReportOnUpdate(command) => reports::report_on_update(workspace, command, now),
        Command::MarkProblemAddressed(command) => {
            reports::mark_problem_addressed(workspace, command, now)
        }
        Command::SetExtensionValues(command) => {
            extension_values::set_extension_values(workspace, command, now)
        }
        Command::RecordBoomiIds(command) => boomi_ids::record_boomi_ids(workspace, command, now),
    }
}

/// What deciding a command comes to: the events it makes, or why it is refused.
pub(super) type Decision = Result<Vec<Event>, DomainError>;

/// The creation of a thing whose name must be unique among its kind: `change` is given
/// the next id of the shared sequence and the checked name.
fn created_named(
    workspace: &Workspace,
    kind: NameKind,
    raw_name: &str,
    now: DateTime<Utc>,
    change: impl FnOnce(u32, String) -> Change,
) -> Decision {
    let name = unique_name(workspace, kind, raw_name, None)?;
    recorded(now, change(workspace.next_id(), name))
}

/// The account and one of its own instances, as a managed account's command names them.
fn account_and_instance(
    workspace: &Workspace,
    account: crate::domain::AccountId,
    instance: crate::domain::InstanceId,
) -> Result<
    (
        &crate::domain::model::Account,
        &crate::domain::model::Instance,
    ),
    DomainError,
> {
    let account = workspace.account(account)?;
    let instance = workspace.instance(instance)?;
    if instance.account != account.id {
        return Err(DomainError::InstanceOfAnotherAccount {
            account: account.name.clone(),
        });
    }
    Ok((account, instance))
}

/// The one event most commands decide: `change`, at `now`.
fn recorded(now: DateTime<Utc>, change: Change) -> Decision {
    Ok(vec![Event {
        at: now,
        change,
        by: None,
    }])
}
