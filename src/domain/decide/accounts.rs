//! Deciding managed accounts.

use chrono::{DateTime, Utc};

use crate::domain::command::{CreateAccount, RenameAccount};
use crate::domain::decide::{created_named, recorded, Decision};
use crate::domain::event::Change;
use crate::domain::ids::AccountId;
use crate::domain::validate::unique_name;
use crate::domain::workspace::{NameKind, Workspace};

/// `Command::CreateAccount`.
pub(super) fn create_account(
    workspace: &Workspace,
    CreateAccount { name }: CreateAccount,
    now: DateTime<Utc>,
) -> Decision {
    created_named(workspace, NameKind::Account, &name, now, |id, name| {
        Change::AccountCreated {
            account: AccountId(id),
            name,
        }
    })
}

/// `Command::RenameAccount`.
pub(super) fn rename_account(
    workspace: &Workspace,
    RenameAccount { account, name }: RenameAccount,
    now: DateTime<Utc>,
) -> Decision {
    let account = workspace.account(account)?;
    let name = unique_name(workspace, NameKind::Account, &name, Some(account.id.0))?;
    recorded(
        now,
        Change::AccountRenamed {
            account: account.id,
            from: account.name.clone(),
            to: name,
        },
    )
}
