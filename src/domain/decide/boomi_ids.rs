//! Deciding `Command::RecordBoomiIds`: what an import from Boomi remembers.

use chrono::{DateTime, Utc};

use crate::domain::command::RecordBoomiIds;
use crate::domain::decide::{recorded, Decision};
use crate::domain::error::Subject;
use crate::domain::error::{DomainError, BOOMI_ID_MAX};
use crate::domain::event::Change;
use crate::domain::model::BoomiThing;
use crate::domain::workspace::Workspace;

/// `Command::RecordBoomiIds`: every thing exists, keeps no Boomi id yet, and no other
/// thing of its kind has the id.
pub(super) fn record_boomi_ids(
    workspace: &Workspace,
    RecordBoomiIds { links }: RecordBoomiIds,
    now: DateTime<Utc>,
) -> Decision {
    for (index, link) in links.iter().enumerate() {
        let id = link.boomi_id.as_str();
        if id.trim().is_empty() || id.trim() != id || id.chars().count() > BOOMI_ID_MAX {
            return Err(DomainError::InvalidBoomiId { id: id.to_owned() });
        }
        let subject = exists(workspace, link.thing)?;
        let earlier_in_batch = links[..index].iter().any(|earlier| {
            earlier.thing == link.thing
                || (earlier.thing.same_kind(link.thing) && earlier.boomi_id == link.boomi_id)
        });
        if earlier_in_batch
            || workspace.boomi_id(link.thing).is_some()
            || workspace.thing_with_boomi_id(link.thing, id).is_some()
        {
            return Err(DomainError::BoomiIdTaken {
                subject,
                id: id.to_owned(),
            });
        }
    }
    recorded(now, Change::BoomiIdsRecorded { links })
}

/// What `thing` is called, if the workspace has it.
fn exists(workspace: &Workspace, thing: BoomiThing) -> Result<Subject, DomainError> {
    Ok(match thing {
        BoomiThing::Component(id) => workspace.component(id).map(|_| Subject::Component)?,
        BoomiThing::Package(id) => workspace.package(id).map(|_| Subject::PackagedComponent)?,
        BoomiThing::Pack(id) => workspace.pack(id).map(|_| Subject::IntegrationPack)?,
        BoomiThing::Group(id) => workspace.group(id).map(|_| Subject::AccountGroup)?,
        BoomiThing::Account(id) => workspace.account(id).map(|_| Subject::ManagedAccount)?,
        BoomiThing::Instance(id) => workspace.instance(id).map(|_| Subject::InstalledInstance)?,
    })
}
