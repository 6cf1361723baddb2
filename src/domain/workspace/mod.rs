//! The workspace: everything a publisher has, as the fold of its events. `apply` is the
//! only place that changes it (`apply.rs`, one method per area).

mod apply;
mod names;

pub use names::{NameIndex, NameKind};

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::configuration::InstanceSettings;
use crate::domain::error::DomainError;
use crate::domain::error::Subject;
use crate::domain::event::Event;
use crate::domain::ids::{AccountId, ComponentId, GroupId, InstanceId, PackId, PackageId};
use crate::domain::model::{
    Account, BoomiThing, Component, Group, Instance, Pack, Package, Publisher,
};
use crate::domain::time::{Clock, PublisherZone};

/// The version of the serialised workspace and events this build writes.
/// Version 2 added the shared clock (`CLOCK_SET` events) and the derived time fields;
/// version 3 the Boomi ids (`BOOMI_IDS_RECORDED` events); version 4 who made each event
/// (`Event::by`, team sync); version 5 writes the instances as a table
/// (`model::instance_table`); version 6 the testing period's reports (`UPDATE_REPORTED`,
/// `PROBLEM_ADDRESSED` events, `Pack::reports`); version 7 the instances' extension values
/// (`EXTENSION_VALUES_CHANGED` events, values a release discards in its event,
/// `Workspace::configuration`). Files and databases of versions 1 to 6 still load.
pub const FORMAT_VERSION: u32 = 7;

/// The oldest format whose stored workspace (a snapshot) has every field the log derives;
/// an older snapshot is rebuilt from the log instead.
pub const OLDEST_COMPLETE_SNAPSHOT_FORMAT: u32 = 2;

/// The oldest format this build still reads.
pub const OLDEST_FORMAT_VERSION: u32 = 1;

/// A change of the publisher's zone, kept so that history is shown in the zone that was
/// in force when it happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ZoneChange {
    pub at: DateTime<Utc>,
    pub from: PublisherZone,
    pub to: PublisherZone,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Workspace {
    pub format_version: u32,
    pub(crate) publisher: Publisher,
    pub(crate) components: BTreeMap<ComponentId, Component>,
    pub(crate) packages: BTreeMap<PackageId, Package>,
    pub(crate) packs: BTreeMap<PackId, Pack>,
    pub(crate) groups: BTreeMap<GroupId, Group>,
    pub(crate) accounts: BTreeMap<AccountId, Account>,
    #[serde(with = "crate::domain::model::instance_table")]
    pub(crate) instances: BTreeMap<InstanceId, Instance>,
    /// The next id to hand out; ids of every kind share one sequence.
    pub(crate) next_id: u32,
    /// Where "now" comes from; every tab of the workspace shares it.
    #[serde(default)]
    pub(crate) clock: Clock,
    /// The instant of the newest recorded event: nothing may be recorded before it.
    #[serde(default)]
    pub(crate) newest_event_at: Option<DateTime<Utc>>,
    /// Every change of the publisher's zone, oldest first.
    #[serde(default)]
    pub(crate) zone_changes: Vec<ZoneChange>,
    /// The id Boomi knows each imported thing by (`domain::boomi`).
    #[serde(
        default,
        skip_serializing_if = "BTreeMap::is_empty",
        with = "crate::domain::model::boomi_ids"
    )]
    pub(crate) boomi_ids: BTreeMap<BoomiThing, String>,
    /// The name Boomi has for each pack imported from it.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub(crate) boomi_names: BTreeMap<PackId, String>,
    /// Each instance's extension values (format 7), for instances that have any, or fields
    /// new since the release they ran before (`domain::configuration`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub(crate) configuration: BTreeMap<InstanceId, InstanceSettings>,
    /// Every name, folded, for the uniqueness rules (derived: never stored).
    #[serde(skip)]
    pub(crate) names: names::Names,
}

impl Default for Workspace {
    fn default() -> Self {
        Workspace {
            format_version: FORMAT_VERSION,
            publisher: Publisher::default(),
            components: BTreeMap::new(),
            packages: BTreeMap::new(),
            packs: BTreeMap::new(),
            groups: BTreeMap::new(),
            accounts: BTreeMap::new(),
            instances: BTreeMap::new(),
            next_id: 1,
            clock: Clock::Real,
            newest_event_at: None,
            zone_changes: Vec::new(),
            boomi_ids: BTreeMap::new(),
            boomi_names: BTreeMap::new(),
            configuration: BTreeMap::new(),
            names: names::Names::default(),
        }
    }
}

impl Workspace {
    /// The workspace the events describe, from an empty one.
    pub fn replay<'a>(events: impl IntoIterator<Item = &'a Event>) -> Workspace {
        let mut workspace = Workspace::default();
        for event in events {
            workspace.apply(event);
        }
        workspace
    }

    pub fn publisher(&self) -> &Publisher {
        &self.publisher
    }

    /// Where "now" comes from: the real time or the shared simulated clock.
    pub fn clock(&self) -> Clock {
        self.clock
    }

    /// The instant of the newest recorded event, if anything was recorded.
    pub fn newest_event_at(&self) -> Option<DateTime<Utc>> {
        self.newest_event_at
    }

    /// The publisher's zone in force at `instant` (domain.md, "History keeps its zone"):
    /// the zone set by the last change at or before it.
    pub fn zone_at(&self, instant: DateTime<Utc>) -> PublisherZone {
        let later = self
            .zone_changes
            .partition_point(|change| change.at <= instant);
        match later.checked_sub(1) {
            Some(index) => self.zone_changes[index].to,
            None => self
                .zone_changes
                .first()
                .map_or(self.publisher.time_zone, |first| first.from),
        }
    }

    pub fn components(&self) -> impl Iterator<Item = &Component> {
        self.components.values()
    }

    pub fn packages(&self) -> impl Iterator<Item = &Package> {
        self.packages.values()
    }

    pub fn packs(&self) -> impl Iterator<Item = &Pack> {
        self.packs.values()
    }

    pub fn groups(&self) -> impl Iterator<Item = &Group> {
        self.groups.values()
    }

    pub fn accounts(&self) -> impl Iterator<Item = &Account> {
        self.accounts.values()
    }

    pub fn instances(&self) -> impl Iterator<Item = &Instance> {
        self.instances.values()
    }

    pub fn component(&self, id: ComponentId) -> Result<&Component, DomainError> {
        self.components.get(&id).ok_or(DomainError::NotFound {
            subject: Subject::Component,
            id: id.0,
        })
    }

    pub fn package(&self, id: PackageId) -> Result<&Package, DomainError> {
        self.packages.get(&id).ok_or(DomainError::NotFound {
            subject: Subject::PackagedComponent,
            id: id.0,
        })
    }

    pub fn pack(&self, id: PackId) -> Result<&Pack, DomainError> {
        self.packs.get(&id).ok_or(DomainError::NotFound {
            subject: Subject::IntegrationPack,
            id: id.0,
        })
    }

    pub fn group(&self, id: GroupId) -> Result<&Group, DomainError> {
        self.groups.get(&id).ok_or(DomainError::NotFound {
            subject: Subject::AccountGroup,
            id: id.0,
        })
    }

    pub fn account(&self, id: AccountId) -> Result<&Account, DomainError> {
        self.accounts.get(&id).ok_or(DomainError::NotFound {
            subject: Subject::ManagedAccount,
            id: id.0,
        })
    }

    pub fn instance(&self, id: InstanceId) -> Result<&Instance, DomainError> {
        self.instances.get(&id).ok_or(DomainError::NotFound {
            subject: Subject::InstalledInstance,
            id: id.0,
        })
    }

    /// The id Boomi knows `thing` by, for what was imported from Boomi.
    pub fn boomi_id(&self, thing: BoomiThing) -> Option<&str> {
        self.boomi_ids.get(&thing).map(String::as_str)
    }

    /// The name Boomi has for `pack`, when it was imported from Boomi.
    pub fn boomi_name(&self, pack: PackId) -> Option<&str> {
        self.boomi_names.get(&pack).map(String::as_str)
    }

    /// The thing of `kind`'s sort that Boomi knows by `boomi_id`.
    pub fn thing_with_boomi_id(&self, kind: BoomiThing, boomi_id: &str) -> Option<BoomiThing> {
        self.boomi_ids
            .iter()
            .find(|(thing, id)| thing.same_kind(kind) && id.as_str() == boomi_id)
            .map(|(thing, _)| *thing)
    }

    /// `instance`'s extension values, if it has any (or fields new since its last move).
    pub fn settings_of(&self, instance: InstanceId) -> Option<&InstanceSettings> {
        self.configuration.get(&instance)
    }

    /// The id the next created thing gets: after a create command, `next_id() - 1` is its id.
    pub fn next_id(&self) -> u32 {
        self.next_id
    }
}
