//! The demo's pending release in its testing period: four accounts apply it early and
//! report on it, accounts set their extension values, two early appliers fill in the field
//! the release adds.

use super::*;
use crate::domain::command::{ReportOnUpdate, SetExtensionValues};
use crate::domain::configuration::{FieldChange, FieldChoice};
use crate::domain::model::Verdict;
use crate::domain::InstanceId;

/// The demo's `invoices` pack, pending in its testing period, tried by the first four of
/// `accounts` that have it.
pub(super) fn try_the_pending_release(
    b: &mut Builder,
    accounts: &[AccountId],
    invoices: PackId,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    let with_invoices = |b: &Builder| -> Vec<AccountId> {
        accounts
            .iter()
            .copied()
            .filter(|account| instance_of(b, *account, invoices).is_some())
            .collect()
    };
    // Four accounts try it early: one says it works, one found a problem (open), one
    // found a problem and later says it works, one says nothing yet.
    let early: Vec<AccountId> = with_invoices(b).into_iter().take(4).collect();
    if early.len() < 4 {
        return Err(DomainError::NothingToApply {
            account: "four demo accounts".to_owned(),
            pack: "NetSuite Invoice Bridge".to_owned(),
        });
    }
    b.now = now - TimeDelta::days(1);
    for account in &early {
        b.run(Command::ApplyPendingUpdate(ApplyPendingUpdate {
            account: *account,
            pack: invoices,
            instance: None,
        }))?;
    }
    // Accounts on the current release set their NetSuite account; two early appliers filled
    // in the new ledger id, the other two have not yet.
    let on_current: Vec<AccountId> = with_invoices(b)
        .into_iter()
        .filter(|account| !early.contains(account))
        .take(3)
        .collect();
    for (index, account) in on_current.into_iter().enumerate() {
        let value = format!("TSTDRV{}", 1_204_000 + index);
        set_value(
            b,
            account,
            invoices,
            ("NetSuite Connection", "account"),
            &value,
        )?;
    }
    for account in [early[0], early[2]] {
        set_value(
            b,
            account,
            invoices,
            ("Refund Ledger", "ledger id"),
            "LEDGER-REFUNDS-01",
        )?;
    }
    report(b, &early, invoices)
}

/// The early appliers' reports.
fn report(b: &mut Builder, early: &[AccountId], invoices: PackId) -> Result<(), DomainError> {
    let pending = b
        .workspace
        .pack(invoices)?
        .pending_release
        .unwrap_or_default();
    let reports = [
        (early[0], Verdict::Works, ""),
        (early[1], Verdict::Problem, "Credit memos in EUR post with the USD exchange rate of the invoice date, not the memo date."),
        (early[2], Verdict::Problem, "Invoice export stops at 500 invoices per run."),
        (early[2], Verdict::Works, "The 500-invoice limit was our saved search, not the pack: all invoices export now."),
    ];
    for (account, verdict, text) in reports {
        let Some(instance) = instance_of(b, account, invoices) else {
            continue;
        };
        b.run(Command::ReportOnUpdate(ReportOnUpdate {
            account,
            instance,
            release: pending,
            verdict,
            text: text.to_owned(),
        }))?;
    }
    Ok(())
}

/// `account`'s instance of `pack`, if it installed it.
fn instance_of(b: &Builder, account: AccountId, pack: PackId) -> Option<InstanceId> {
    b.workspace
        .account(account)
        .ok()?
        .instances
        .iter()
        .copied()
        .find(|id| b.workspace.instance(*id).is_ok_and(|i| i.pack == pack))
}

/// `account` sets `field` of connection `component` on its instance of `pack`.
fn set_value(
    b: &mut Builder,
    account: AccountId,
    pack: PackId,
    (component, field): (&str, &str),
    value: &str,
) -> Result<u32, DomainError> {
    let instance = instance_of(b, account, pack).ok_or(DomainError::NothingToChange)?;
    b.run(Command::SetExtensionValues(SetExtensionValues {
        account,
        instance,
        kind: SharedComponentKind::Connection,
        component: component.to_owned(),
        changes: vec![FieldChange {
            field: field.to_owned(),
            choice: FieldChoice::Set(value.to_owned()),
        }],
    }))
}
