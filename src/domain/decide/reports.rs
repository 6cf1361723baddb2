//! Deciding the testing period's reports (domain.md, "The testing period's reports"): a
//! managed account reports on the pending release an instance applied early; the publisher
//! marks a problem as addressed.

use chrono::{DateTime, Utc};

use crate::domain::command::{MarkProblemAddressed, ReportOnUpdate};
use crate::domain::decide::{account_and_instance, recorded, Decision};
use crate::domain::error::{DomainError, Subject};
use crate::domain::event::Change;
use crate::domain::model::{Pack, Verdict, REPORT_TEXT_MAX};
use crate::domain::queries;
use crate::domain::validate::checked_text;
use crate::domain::workspace::Workspace;

/// `Command::ReportOnUpdate`.
pub(super) fn report_on_update(
    workspace: &Workspace,
    ReportOnUpdate {
        account,
        instance,
        release,
        verdict,
        text,
    }: ReportOnUpdate,
    now: DateTime<Utc>,
) -> Decision {
    let (account, instance) = account_and_instance(workspace, account, instance)?;
    let pack = workspace.pack(instance.pack)?;
    refuse_unless_pending(pack, release)?;
    if !pack.early_instances.contains(&instance.id) {
        return Err(DomainError::NotRunningPendingRelease {
            account: account.name.clone(),
            pack: pack.name.clone(),
            release,
        });
    }
    let text = checked_text(Subject::ReportText, text.trim().to_owned(), REPORT_TEXT_MAX)?;
    if verdict == Verdict::Problem && text.is_empty() {
        return Err(DomainError::ProblemTextRequired);
    }
    recorded(
        now,
        Change::UpdateReported {
            pack: pack.id,
            pack_name: pack.name.clone(),
            release,
            instance: instance.id,
            account: account.id,
            account_name: account.name.clone(),
            integration_pack_override_name: instance.integration_pack_override_name.clone(),
            verdict,
            text,
        },
    )
}

/// `Command::MarkProblemAddressed`.
pub(super) fn mark_problem_addressed(
    workspace: &Workspace,
    MarkProblemAddressed {
        pack,
        release,
        instance,
        by_release,
    }: MarkProblemAddressed,
    now: DateTime<Utc>,
) -> Decision {
    let pack = workspace.pack(pack)?;
    refuse_unless_pending(pack, release)?;
    let current = pack
        .reports
        .iter()
        .rev()
        .find(|report| report.release == release && report.instance == instance);
    let Some(report) = current.filter(|report| queries::is_open_problem(pack, report)) else {
        let account = workspace
            .instance(instance)
            .and_then(|instance| workspace.account(instance.account))
            .map(|account| account.name.clone())
            .unwrap_or_else(|_| format!("Instance {instance}"));
        return Err(DomainError::NoOpenProblem {
            account,
            pack: pack.name.clone(),
            release,
        });
    };
    if let Some(by_release) = by_release {
        if by_release == release || pack.release(by_release).is_none() {
            return Err(DomainError::NotAnAddressingRelease {
                pack: pack.name.clone(),
                release: by_release,
            });
        }
    }
    let account = workspace.account(report.account)?;
    recorded(
        now,
        Change::ProblemAddressed {
            pack: pack.id,
            pack_name: pack.name.clone(),
            release,
            instance,
            account: account.id,
            account_name: account.name.clone(),
            integration_pack_override_name: report.integration_pack_override_name.clone(),
            by_release,
        },
    )
}

/// Reports are made, and problems marked, only while the release is pending: after that
/// they are frozen.
fn refuse_unless_pending(pack: &Pack, release: u32) -> Result<(), DomainError> {
    if pack.pending_release == Some(release) {
        return Ok(());
    }
    Err(match pack.release(release) {
        Some(_) => DomainError::ReleaseNotPending {
            pack: pack.name.clone(),
            release,
        },
        None => DomainError::NoPendingRelease {
            pack: pack.name.clone(),
        },
    })
}
