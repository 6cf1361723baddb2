//! Deciding integration packs: creating, editing, deleting, and their members.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};

use crate::domain::command::{AddMember, CreatePack, DeletePack, EditPack, RemoveMember};
use crate::domain::decide::{recorded, Decision};
use crate::domain::error::DomainError;
use crate::domain::error::Subject;
use crate::domain::event::Change;
use crate::domain::ids::{AccountId, InstanceId, PackId};
use crate::domain::model::{ComponentKind, InstallationType, DESCRIPTION_MAX, GUIDE_MAX};
use crate::domain::queries;
use crate::domain::validate::{checked_contact, checked_shareable, checked_text, unique_name};
use crate::domain::workspace::{NameKind, Workspace};

/// `Command::CreatePack`.
pub(super) fn create_pack(
    workspace: &Workspace,
    CreatePack {
        name,
        description,
        installation_type,
        deployment_model,
    }: CreatePack,
    now: DateTime<Utc>,
) -> Decision {
    let name = unique_name(workspace, NameKind::Pack, &name, None)?;
    recorded(
        now,
        Change::PackCreated {
            pack: PackId(workspace.next_id()),
            name,
            description: checked_text(Subject::Description, description, DESCRIPTION_MAX)?,
            installation_type,
            deployment_model,
        },
    )
}

/// `Command::EditPack`.
pub(super) fn edit_pack(workspace: &Workspace, edit: EditPack, now: DateTime<Utc>) -> Decision {
    let pack = workspace.pack(edit.pack)?;
    let name = unique_name(workspace, NameKind::Pack, &edit.name, Some(pack.id.0))?;
    recorded(
        now,
        Change::PackEdited {
            pack: pack.id,
            old_name: pack.name.clone(),
            name,
            description: checked_text(Subject::Description, edit.description, DESCRIPTION_MAX)?,
            installation_guide: checked_text(
                Subject::InstallationGuide,
                edit.installation_guide,
                GUIDE_MAX,
            )?,
            user_guide: checked_text(Subject::UserGuide, edit.user_guide, GUIDE_MAX)?,
            contact: checked_contact(edit.contact)?,
        },
    )
}

/// `Command::DeletePack`.
pub(super) fn delete_pack(
    workspace: &Workspace,
    DeletePack { pack }: DeletePack,
    now: DateTime<Utc>,
) -> Decision {
    let pack = workspace.pack(pack)?;
    if !pack.instances.is_empty() {
        return Err(DomainError::PackStillInstalled {
            pack: pack.name.clone(),
            accounts: account_names(workspace, &pack.instances),
        });
    }
    recorded(
        now,
        Change::PackDeleted {
            pack: pack.id,
            name: pack.name.clone(),
        },
    )
}

/// `Command::AddMember`.
pub(super) fn add_member(
    workspace: &Workspace,
    AddMember {
        pack,
        component,
        package,
    }: AddMember,
    now: DateTime<Utc>,
) -> Decision {
    let pack = workspace.pack(pack)?;
    let component = workspace.component(component)?;
    if pack.members.contains_key(&component.id) {
        return Err(DomainError::AlreadyMember {
            component: component.name.clone(),
            pack: pack.name.clone(),
        });
    }
    if pack.installation_type == InstallationType::Multi
        && component.kind == ComponentKind::ApiService
    {
        return Err(DomainError::ApiServiceInMultiPack {
            component: component.name.clone(),
            pack: pack.name.clone(),
        });
    }
    let package = match package {
        Some(package) => checked_shareable(workspace, component.id, package)?,
        None => queries::newest_shareable(workspace, component.id).ok_or_else(|| {
            DomainError::NoShareablePackage {
                component: component.name.clone(),
            }
        })?,
    };
    recorded(
        now,
        Change::MemberAdded {
            pack: pack.id,
            pack_name: pack.name.clone(),
            component: component.id,
            component_name: component.name.clone(),
            package: package.id,
            version: package.version.clone(),
        },
    )
}

/// `Command::RemoveMember`.
pub(super) fn remove_member(
    workspace: &Workspace,
    RemoveMember { pack, component }: RemoveMember,
    now: DateTime<Utc>,
) -> Decision {
    let pack = workspace.pack(pack)?;
    let component = workspace.component(component)?;
    if !pack.members.contains_key(&component.id) {
        return Err(DomainError::NotMember {
            component: component.name.clone(),
            pack: pack.name.clone(),
        });
    }
    recorded(
        now,
        Change::MemberRemoved {
            pack: pack.id,
            pack_name: pack.name.clone(),
            component: component.id,
            component_name: component.name.clone(),
        },
    )
}

fn account_names(workspace: &Workspace, instances: &BTreeSet<InstanceId>) -> Vec<String> {
    let accounts: BTreeSet<AccountId> = instances
        .iter()
        .filter_map(|instance| workspace.instance(*instance).ok())
        .map(|instance| instance.account)
        .collect();
    accounts
        .into_iter()
        .filter_map(|account| workspace.account(account).ok())
        .map(|account| account.name.clone())
        .collect()
}
