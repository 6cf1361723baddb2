//! Deciding releases: immediate or scheduled, rescheduling and cancelling.

use chrono::{DateTime, NaiveDate, Utc};

use crate::domain::command::{CancelPendingRelease, ReleasePack, ReschedulePendingRelease};
use crate::domain::configuration::with_discarded_values;
use crate::domain::decide::{recorded, Decision};
use crate::domain::error::DomainError;
use crate::domain::error::Subject;
use crate::domain::event::Change;
use crate::domain::model::{Pack, ReleaseSchedule, NOTES_MAX};
use crate::domain::release_check::check_release;
use crate::domain::validate::{checked_text, refuse_date_not_in_future};
use crate::domain::workspace::Workspace;

/// `Command::ReleasePack`.
pub(super) fn release_pack(
    workspace: &Workspace,
    ReleasePack {
        pack,
        versions,
        notes,
        schedule,
    }: ReleasePack,
    now: DateTime<Utc>,
) -> Decision {
    let check = check_release(workspace, pack, &versions, schedule, now)?;
    if let Some(error) = check.errors.into_iter().next() {
        return Err(error);
    }
    // The check counted who moves already: a second count costs as much again.
    let accounts_moved = check.impact.accounts_moving;
    let pack = workspace.pack(pack)?;
    let notes = checked_text(Subject::ReleaseNotes, notes, NOTES_MAX)?;
    let release = pack.next_release_number();
    match schedule {
        ReleaseSchedule::Immediately => recorded(
            now,
            with_discarded_values(
                workspace,
                Change::PackReleased {
                    pack: pack.id,
                    pack_name: pack.name.clone(),
                    release,
                    versions,
                    notes,
                    superseded: pack.pending_release,
                    instances_moved: pack.instances.len(),
                    accounts_moved,
                    discarded_values: Vec::new(),
                },
            ),
        ),
        ReleaseSchedule::ReleaseOnSpecifiedDate { release_on_date } => recorded(
            now,
            Change::ReleaseScheduled {
                pack: pack.id,
                pack_name: pack.name.clone(),
                release,
                versions,
                notes,
                release_on_date,
            },
        ),
    }
}

/// `Command::ReschedulePendingRelease`.
pub(super) fn reschedule_pending_release(
    workspace: &Workspace,
    ReschedulePendingRelease {
        pack,
        release_on_date,
    }: ReschedulePendingRelease,
    now: DateTime<Utc>,
) -> Decision {
    let pack = workspace.pack(pack)?;
    let (release, scheduled) = pending_not_yet_due(workspace, pack, now)?;
    if scheduled == release_on_date {
        return Err(DomainError::SameDate {
            date: release_on_date,
        });
    }
    refuse_date_not_in_future(workspace, release_on_date, now)?;
    recorded(
        now,
        Change::PendingReleaseRescheduled {
            pack: pack.id,
            pack_name: pack.name.clone(),
            release,
            from: scheduled,
            to: release_on_date,
        },
    )
}

/// `Command::CancelPendingRelease`.
pub(super) fn cancel_pending_release(
    workspace: &Workspace,
    CancelPendingRelease { pack }: CancelPendingRelease,
    now: DateTime<Utc>,
) -> Decision {
    let pack = workspace.pack(pack)?;
    let (release, _) = pending_not_yet_due(workspace, pack, now)?;
    recorded(
        now,
        with_discarded_values(
            workspace,
            Change::PendingReleaseCancelled {
                pack: pack.id,
                pack_name: pack.name.clone(),
                release,
                instances_returned: pack.early_instances.len(),
                discarded_values: Vec::new(),
            },
        ),
    )
}

/// The pending release's number and date, while its due instant is still ahead.
fn pending_not_yet_due(
    workspace: &Workspace,
    pack: &Pack,
    now: DateTime<Utc>,
) -> Result<(u32, NaiveDate), DomainError> {
    let (Some(release), Some(date)) = (pack.pending_release, pack.pending_date()) else {
        return Err(DomainError::NoPendingRelease {
            pack: pack.name.clone(),
        });
    };
    let zone = workspace.publisher().time_zone;
    let due = zone.first_instant_of(date);
    if due <= now {
        return Err(DomainError::PendingAlreadyDue {
            pack: pack.name.clone(),
            release,
            due,
            zone,
        });
    }
    Ok((release, date))
}
