//! Deciding what managed accounts do: install, apply a pending update early, uninstall.

use chrono::{DateTime, Utc};

use crate::domain::command::{ApplyPendingUpdate, Install, Uninstall};
use crate::domain::configuration::with_discarded_values;
use crate::domain::decide::{account_and_instance, recorded, Decision};
use crate::domain::error::DomainError;
use crate::domain::error::Subject;
use crate::domain::event::Change;
use crate::domain::ids::{AccountId, InstanceId, PackId};
use crate::domain::model::{InstallationType, Pack};
use crate::domain::queries;
use crate::domain::validate::{checked_name, same_name};
use crate::domain::workspace::Workspace;

/// `Command::Install`.
pub(super) fn install(
    workspace: &Workspace,
    Install {
        account,
        pack,
        integration_pack_override_name,
    }: Install,
    now: DateTime<Utc>,
) -> Decision {
    let account = workspace.account(account)?;
    let pack = visible_pack(workspace, account.id, pack)?;
    let instances_here = || {
        account
            .instances
            .iter()
            .filter_map(|instance| workspace.instance(*instance).ok())
            .filter(|instance| instance.pack == pack.id)
    };
    let override_name = match (pack.installation_type, integration_pack_override_name) {
        (InstallationType::Single, Some(_)) => {
            return Err(DomainError::OverrideNameNotAllowed {
                pack: pack.name.clone(),
            })
        }
        (InstallationType::Single, None) => {
            if instances_here().next().is_some() {
                return Err(DomainError::AlreadyInstalled {
                    account: account.name.clone(),
                    pack: pack.name.clone(),
                });
            }
            None
        }
        (InstallationType::Multi, None) => {
            return Err(DomainError::OverrideNameRequired {
                pack: pack.name.clone(),
            })
        }
        (InstallationType::Multi, Some(name)) => {
            let name = checked_name(Subject::InstanceName, &name).map_err(|error| match error {
                DomainError::BlankName { .. } => DomainError::OverrideNameRequired {
                    pack: pack.name.clone(),
                },
                other => other,
            })?;
            let taken = instances_here().any(|instance| {
                instance
                    .integration_pack_override_name
                    .as_deref()
                    .is_some_and(|existing| same_name(existing, &name))
            });
            if taken {
                return Err(DomainError::DuplicateOverrideName {
                    account: account.name.clone(),
                    pack: pack.name.clone(),
                    name,
                });
            }
            Some(name)
        }
    };
    recorded(
        now,
        Change::PackInstalled {
            instance: InstanceId(workspace.next_id()),
            account: account.id,
            account_name: account.name.clone(),
            pack: pack.id,
            pack_name: pack.name.clone(),
            integration_pack_override_name: override_name,
            release: pack.current_release.unwrap_or_default(),
        },
    )
}

/// `Command::ApplyPendingUpdate`.
pub(super) fn apply_pending_update(
    workspace: &Workspace,
    ApplyPendingUpdate {
        account,
        pack,
        instance,
    }: ApplyPendingUpdate,
    now: DateTime<Utc>,
) -> Decision {
    let account = workspace.account(account)?;
    let pack = visible_pack(workspace, account.id, pack)?;
    let release = pack
        .pending_release
        .ok_or_else(|| DomainError::NoPendingRelease {
            pack: pack.name.clone(),
        })?;
    let instances: Vec<InstanceId> = match instance {
        Some(instance) => {
            let instance = workspace.instance(instance)?;
            if instance.account != account.id || instance.pack != pack.id {
                return Err(DomainError::InstanceOfAnotherAccount {
                    account: account.name.clone(),
                });
            }
            if pack.early_instances.contains(&instance.id) {
                return Err(DomainError::AlreadyAppliedEarly {
                    account: account.name.clone(),
                    pack: pack.name.clone(),
                    release,
                });
            }
            vec![instance.id]
        }
        None => account
            .instances
            .iter()
            .filter(|id| pack.instances.contains(id) && !pack.early_instances.contains(id))
            .copied()
            .collect(),
    };
    if instances.is_empty() {
        return Err(DomainError::NothingToApply {
            account: account.name.clone(),
            pack: pack.name.clone(),
        });
    }
    recorded(
        now,
        with_discarded_values(
            workspace,
            Change::PendingUpdateAppliedEarly {
                account: account.id,
                account_name: account.name.clone(),
                pack: pack.id,
                pack_name: pack.name.clone(),
                release,
                instances,
                discarded_values: Vec::new(),
            },
        ),
    )
}

/// `Command::Uninstall`.
pub(super) fn uninstall(
    workspace: &Workspace,
    Uninstall { account, instance }: Uninstall,
    now: DateTime<Utc>,
) -> Decision {
    let (account, instance) = account_and_instance(workspace, account, instance)?;
    let pack = visible_pack(workspace, account.id, instance.pack)?;
    recorded(
        now,
        Change::PackUninstalled {
            instance: instance.id,
            account: account.id,
            account_name: account.name.clone(),
            pack: pack.id,
            pack_name: pack.name.clone(),
            integration_pack_override_name: instance.integration_pack_override_name.clone(),
        },
    )
}

/// The pack, if the account may see it: released, and carried by one of its groups.
fn visible_pack(
    workspace: &Workspace,
    account: AccountId,
    pack: PackId,
) -> Result<&Pack, DomainError> {
    let pack_entry = workspace.pack(pack)?;
    if !queries::can_see(workspace, account, pack) {
        return Err(DomainError::PackNotVisible {
            account: workspace.account(account)?.name.clone(),
            pack: pack_entry.name.clone(),
        });
    }
    Ok(pack_entry)
}
