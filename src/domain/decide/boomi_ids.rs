//! Deciding `Command::RecordBoomiIds`: what an import from Boomi remembers.

use std::collections::BTreeSet;

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
    // Every Boomi id the workspace and the batch hold, by kind, and the things the batch
    // names: each link is checked in logarithmic time (an import of 100,000 accounts
    // records hundreds of thousands of links in one command).
    let mut taken: BTreeSet<(usize, &str)> = workspace
        .boomi_ids
        .iter()
        .map(|(thing, id)| (thing.kind(), id.as_str()))
        .collect();
    let mut named: BTreeSet<BoomiThing> = BTreeSet::new();
    for link in &links {
        let id = link.boomi_id.as_str();
        if id.trim().is_empty() || id.trim() != id || id.chars().count() > BOOMI_ID_MAX {
            return Err(DomainError::InvalidBoomiId { id: id.to_owned() });
        }
        let subject = exists(workspace, link.thing)?;
        if !named.insert(link.thing)
            || workspace.boomi_id(link.thing).is_some()
            || !taken.insert((link.thing.kind(), id))
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
