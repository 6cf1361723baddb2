//! Deciding the publisher's settings: time zone, contact and the shared clock.

use chrono::{DateTime, Utc};

use crate::domain::command::{SetClock, SetPublisherContact, SetPublisherTimeZone};
use crate::domain::decide::{recorded, Decision};
use crate::domain::error::DomainError;
use crate::domain::event::{Change, Event};
use crate::domain::schedule::tick;
use crate::domain::time::PublisherZone;
use crate::domain::validate::checked_contact;
use crate::domain::workspace::Workspace;

/// `Command::SetPublisherTimeZone`.
pub(super) fn set_publisher_time_zone(
    workspace: &Workspace,
    SetPublisherTimeZone { time_zone }: SetPublisherTimeZone,
    now: DateTime<Utc>,
) -> Decision {
    refuse_zone_making_releases_due(workspace, time_zone, now)?;
    recorded(
        now,
        Change::PublisherTimeZoneChanged {
            from: workspace.publisher().time_zone,
            to: time_zone,
        },
    )
}

/// `Command::SetClock`.
pub(super) fn set_clock(
    workspace: &Workspace,
    SetClock { clock }: SetClock,
    now: DateTime<Utc>,
) -> Decision {
    // Releases that come due by the new time are applied first, at their due
    // instants, so that nothing is recorded after the clock event but dated before.
    let mut events = tick(workspace, now);
    events.push(Event {
        at: now,
        change: Change::ClockSet { clock },
        by: None,
    });
    Ok(events)
}

/// `Command::SetPublisherContact`.
pub(super) fn set_publisher_contact(
    SetPublisherContact { contact }: SetPublisherContact,
    now: DateTime<Utc>,
) -> Decision {
    recorded(
        now,
        Change::PublisherContactChanged {
            contact: checked_contact(contact)?,
        },
    )
}

/// domain.md, "Changing the publisher's time zone": refused while a pending release's date
/// would already have begun in the new zone.
fn refuse_zone_making_releases_due(
    workspace: &Workspace,
    zone: PublisherZone,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    for pack in workspace.packs() {
        if let (Some(release), Some(release_on_date)) = (pack.pending_release, pack.pending_date())
        {
            if zone.first_instant_of(release_on_date) <= now {
                return Err(DomainError::ZoneChangeWouldMakeReleaseDue {
                    zone,
                    pack: pack.name.clone(),
                    release,
                    release_on_date,
                });
            }
        }
    }
    Ok(())
}
