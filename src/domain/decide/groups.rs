//! Deciding account groups: their accounts and the packs they carry.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};

use crate::domain::command::{
    AddAccountToGroup, AddPackToGroup, CreateGroup, DeleteGroup, RemoveAccountFromGroup,
    RemovePackFromGroup, RenameGroup,
};
use crate::domain::decide::{created_named, recorded, Decision};
use crate::domain::error::DomainError;
use crate::domain::event::Change;
use crate::domain::ids::{AccountId, GroupId, PackId};
use crate::domain::validate::unique_name;
use crate::domain::workspace::{NameKind, Workspace};

/// `Command::CreateGroup`.
pub(super) fn create_group(
    workspace: &Workspace,
    CreateGroup { name }: CreateGroup,
    now: DateTime<Utc>,
) -> Decision {
    created_named(workspace, NameKind::Group, &name, now, |id, name| {
        Change::GroupCreated {
            group: GroupId(id),
            name,
        }
    })
}

/// `Command::RenameGroup`.
pub(super) fn rename_group(
    workspace: &Workspace,
    RenameGroup { group, name }: RenameGroup,
    now: DateTime<Utc>,
) -> Decision {
    let group = workspace.group(group)?;
    let name = unique_name(workspace, NameKind::Group, &name, Some(group.id.0))?;
    recorded(
        now,
        Change::GroupRenamed {
            group: group.id,
            from: group.name.clone(),
            to: name,
        },
    )
}

/// `Command::DeleteGroup`.
pub(super) fn delete_group(
    workspace: &Workspace,
    DeleteGroup { group }: DeleteGroup,
    now: DateTime<Utc>,
) -> Decision {
    let group = workspace.group(group)?;
    refuse_stranding(workspace, group.id, &group.accounts, &group.packs)?;
    recorded(
        now,
        Change::GroupDeleted {
            group: group.id,
            name: group.name.clone(),
        },
    )
}

/// `Command::AddAccountToGroup`.
pub(super) fn add_account_to_group(
    workspace: &Workspace,
    AddAccountToGroup { group, account }: AddAccountToGroup,
    now: DateTime<Utc>,
) -> Decision {
    let group = workspace.group(group)?;
    let account = workspace.account(account)?;
    if group.accounts.contains(&account.id) {
        return Err(DomainError::AlreadyInGroup {
            account: account.name.clone(),
            group: group.name.clone(),
        });
    }
    recorded(
        now,
        Change::AccountAddedToGroup {
            group: group.id,
            group_name: group.name.clone(),
            account: account.id,
            account_name: account.name.clone(),
        },
    )
}

/// `Command::RemoveAccountFromGroup`.
pub(super) fn remove_account_from_group(
    workspace: &Workspace,
    RemoveAccountFromGroup { group, account }: RemoveAccountFromGroup,
    now: DateTime<Utc>,
) -> Decision {
    let group = workspace.group(group)?;
    let account = workspace.account(account)?;
    if !group.accounts.contains(&account.id) {
        return Err(DomainError::NotInGroup {
            account: account.name.clone(),
            group: group.name.clone(),
        });
    }
    refuse_stranding(
        workspace,
        group.id,
        &BTreeSet::from([account.id]),
        &group.packs,
    )?;
    recorded(
        now,
        Change::AccountRemovedFromGroup {
            group: group.id,
            group_name: group.name.clone(),
            account: account.id,
            account_name: account.name.clone(),
        },
    )
}

/// `Command::AddPackToGroup`.
pub(super) fn add_pack_to_group(
    workspace: &Workspace,
    AddPackToGroup { group, pack }: AddPackToGroup,
    now: DateTime<Utc>,
) -> Decision {
    let group = workspace.group(group)?;
    let pack = workspace.pack(pack)?;
    if group.packs.contains(&pack.id) {
        return Err(DomainError::PackAlreadyInGroup {
            pack: pack.name.clone(),
            group: group.name.clone(),
        });
    }
    recorded(
        now,
        Change::PackAddedToGroup {
            group: group.id,
            group_name: group.name.clone(),
            pack: pack.id,
            pack_name: pack.name.clone(),
        },
    )
}

/// `Command::RemovePackFromGroup`.
pub(super) fn remove_pack_from_group(
    workspace: &Workspace,
    RemovePackFromGroup { group, pack }: RemovePackFromGroup,
    now: DateTime<Utc>,
) -> Decision {
    let group = workspace.group(group)?;
    let pack = workspace.pack(pack)?;
    if !group.packs.contains(&pack.id) {
        return Err(DomainError::PackNotInGroup {
            pack: pack.name.clone(),
            group: group.name.clone(),
        });
    }
    refuse_stranding(
        workspace,
        group.id,
        &group.accounts,
        &BTreeSet::from([pack.id]),
    )?;
    recorded(
        now,
        Change::PackRemovedFromGroup {
            group: group.id,
            group_name: group.name.clone(),
            pack: pack.id,
            pack_name: pack.name.clone(),
        },
    )
}

/// Refuses to take `packs` away from `accounts` through `group` where an account has one
/// of them installed and no other group of its carries it (domain.md).
fn refuse_stranding(
    workspace: &Workspace,
    group: GroupId,
    accounts: &BTreeSet<AccountId>,
    packs: &BTreeSet<PackId>,
) -> Result<(), DomainError> {
    let mut installs = Vec::new();
    for account in accounts
        .iter()
        .filter_map(|account| workspace.account(*account).ok())
    {
        let mut stranded: BTreeSet<PackId> = BTreeSet::new();
        for instance in account
            .instances
            .iter()
            .filter_map(|id| workspace.instance(*id).ok())
        {
            if packs.contains(&instance.pack) && !stranded.contains(&instance.pack) {
                let other_group_carries = account
                    .groups
                    .iter()
                    .filter(|other| **other != group)
                    .filter_map(|other| workspace.group(*other).ok())
                    .any(|other| other.packs.contains(&instance.pack));
                if !other_group_carries {
                    stranded.insert(instance.pack);
                }
            }
        }
        for pack in stranded
            .iter()
            .filter_map(|pack| workspace.pack(*pack).ok())
        {
            installs.push(format!("{} ({})", account.name, pack.name));
        }
    }
    if installs.is_empty() {
        return Ok(());
    }
    Err(DomainError::WouldStrandInstalls {
        group: workspace.group(group)?.name.clone(),
        installs,
    })
}
