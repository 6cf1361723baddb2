//! The workspace: everything a publisher has, as the fold of its events. `apply` is the
//! only place that changes it.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::error::DomainError;
use crate::domain::event::{Change, Event};
use crate::domain::ids::{AccountId, ComponentId, GroupId, InstanceId, PackId, PackageId};
use crate::domain::model::{
    Account, Component, Group, Instance, Pack, Package, Publisher, Release, ReleaseSchedule,
    ReleaseStatus,
};
use crate::domain::time::{Clock, PublisherZone};

/// The version of the serialised workspace and events this build writes.
/// Version 2 added the shared clock (`CLOCK_SET` events) and the derived time fields;
/// files and databases of version 1 still load.
pub const FORMAT_VERSION: u32 = 2;

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
            subject: "component",
            id: id.0,
        })
    }

    pub fn package(&self, id: PackageId) -> Result<&Package, DomainError> {
        self.packages.get(&id).ok_or(DomainError::NotFound {
            subject: "package",
            id: id.0,
        })
    }

    pub fn pack(&self, id: PackId) -> Result<&Pack, DomainError> {
        self.packs.get(&id).ok_or(DomainError::NotFound {
            subject: "integration pack",
            id: id.0,
        })
    }

    pub fn group(&self, id: GroupId) -> Result<&Group, DomainError> {
        self.groups.get(&id).ok_or(DomainError::NotFound {
            subject: "account group",
            id: id.0,
        })
    }

    pub fn account(&self, id: AccountId) -> Result<&Account, DomainError> {
        self.accounts.get(&id).ok_or(DomainError::NotFound {
            subject: "managed account",
            id: id.0,
        })
    }

    pub fn instance(&self, id: InstanceId) -> Result<&Instance, DomainError> {
        self.instances.get(&id).ok_or(DomainError::NotFound {
            subject: "installed instance",
            id: id.0,
        })
    }

    /// The id the next created thing gets: after a create command, `next_id() - 1` is its id.
    pub fn next_id(&self) -> u32 {
        self.next_id
    }

    /// Folds one event in. Events come from `decide` or `tick` (or a validated import),
    /// so they fit the workspace; one that names something missing changes nothing.
    pub fn apply(&mut self, event: &Event) {
        let at = event.at;
        self.newest_event_at = Some(self.newest_event_at.map_or(at, |newest| newest.max(at)));
        match &event.change {
            Change::PublisherTimeZoneChanged { from, to } => {
                self.publisher.time_zone = *to;
                self.zone_changes.push(ZoneChange {
                    at,
                    from: *from,
                    to: *to,
                });
            }
            Change::ClockSet { clock } => self.clock = *clock,
            Change::PublisherContactChanged { contact } => self.publisher.contact = contact.clone(),
            Change::ComponentCreated {
                component,
                name,
                kind,
            } => {
                self.claim_id(component.0);
                self.components.insert(
                    *component,
                    Component {
                        id: *component,
                        name: name.clone(),
                        kind: *kind,
                        created_at: at,
                        packages: Vec::new(),
                    },
                );
            }
            Change::PackageCreated { package, .. } => {
                self.claim_id(package.id.0);
                if let Some(component) = self.components.get_mut(&package.component) {
                    component.packages.push(package.id);
                }
                self.packages.insert(package.id, package.clone());
            }
            Change::PackCreated {
                pack,
                name,
                description,
                installation_type,
                deployment_model,
            } => {
                self.claim_id(pack.0);
                self.packs.insert(
                    *pack,
                    Pack {
                        id: *pack,
                        name: name.clone(),
                        description: description.clone(),
                        installation_type: *installation_type,
                        deployment_model: *deployment_model,
                        members: BTreeMap::new(),
                        installation_guide: String::new(),
                        user_guide: String::new(),
                        contact: Default::default(),
                        created_at: at,
                        releases: Vec::new(),
                        current_release: None,
                        pending_release: None,
                        instances: BTreeSet::new(),
                        early_instances: BTreeSet::new(),
                    },
                );
            }
            Change::PackEdited {
                pack,
                name,
                description,
                installation_guide,
                user_guide,
                contact,
                ..
            } => {
                if let Some(pack) = self.packs.get_mut(pack) {
                    pack.name = name.clone();
                    pack.description = description.clone();
                    pack.installation_guide = installation_guide.clone();
                    pack.user_guide = user_guide.clone();
                    pack.contact = contact.clone();
                }
            }
            Change::PackDeleted { pack, .. } => {
                self.packs.remove(pack);
                for group in self.groups.values_mut() {
                    group.packs.remove(pack);
                }
            }
            Change::MemberAdded {
                pack,
                component,
                package,
                ..
            } => {
                if let Some(pack) = self.packs.get_mut(pack) {
                    pack.members.insert(*component, *package);
                }
            }
            Change::MemberRemoved {
                pack, component, ..
            } => {
                if let Some(pack) = self.packs.get_mut(pack) {
                    pack.members.remove(component);
                }
            }
            Change::PackReleased {
                pack,
                release,
                versions,
                notes,
                superseded,
                ..
            } => {
                if let Some(pack) = self.packs.get_mut(pack) {
                    if let Some(superseded) = superseded.and_then(|number| pack.release_mut(number))
                    {
                        superseded.status = ReleaseStatus::Superseded;
                    }
                    pack.releases.push(Release {
                        number: *release,
                        versions: versions.clone(),
                        notes: notes.clone(),
                        schedule: ReleaseSchedule::Immediately,
                        status: ReleaseStatus::Released,
                        created_at: at,
                        applied_at: Some(at),
                    });
                    pack.members = versions.clone();
                    pack.current_release = Some(*release);
                    pack.pending_release = None;
                    pack.early_instances.clear();
                }
            }
            Change::ReleaseScheduled {
                pack,
                release,
                versions,
                notes,
                release_on_date,
                ..
            } => {
                if let Some(pack) = self.packs.get_mut(pack) {
                    pack.releases.push(Release {
                        number: *release,
                        versions: versions.clone(),
                        notes: notes.clone(),
                        schedule: ReleaseSchedule::ReleaseOnSpecifiedDate {
                            release_on_date: *release_on_date,
                        },
                        status: ReleaseStatus::Pending,
                        created_at: at,
                        applied_at: None,
                    });
                    pack.members = versions.clone();
                    pack.pending_release = Some(*release);
                }
            }
            Change::PendingReleaseRescheduled {
                pack, release, to, ..
            } => {
                if let Some(release) = self
                    .packs
                    .get_mut(pack)
                    .and_then(|pack| pack.release_mut(*release))
                {
                    release.schedule = ReleaseSchedule::ReleaseOnSpecifiedDate {
                        release_on_date: *to,
                    };
                }
            }
            Change::PendingReleaseCancelled { pack, release, .. } => {
                if let Some(pack) = self.packs.get_mut(pack) {
                    if let Some(release) = pack.release_mut(*release) {
                        release.status = ReleaseStatus::Cancelled;
                    }
                    pack.pending_release = None;
                    pack.early_instances.clear();
                }
            }
            Change::ScheduledReleaseApplied { pack, release, .. } => {
                if let Some(pack) = self.packs.get_mut(pack) {
                    if let Some(applied) = pack.release_mut(*release) {
                        applied.status = ReleaseStatus::Released;
                        applied.applied_at = Some(at);
                    }
                    pack.current_release = Some(*release);
                    pack.pending_release = None;
                    pack.early_instances.clear();
                }
            }
            Change::GroupCreated { group, name } => {
                self.claim_id(group.0);
                self.groups.insert(
                    *group,
                    Group {
                        id: *group,
                        name: name.clone(),
                        accounts: BTreeSet::new(),
                        packs: BTreeSet::new(),
                    },
                );
            }
            Change::GroupRenamed { group, to, .. } => {
                if let Some(group) = self.groups.get_mut(group) {
                    group.name = to.clone();
                }
            }
            Change::GroupDeleted { group, .. } => {
                if let Some(removed) = self.groups.remove(group) {
                    for account in removed.accounts {
                        if let Some(account) = self.accounts.get_mut(&account) {
                            account.groups.remove(group);
                        }
                    }
                }
            }
            Change::AccountAddedToGroup { group, account, .. } => {
                if let (Some(group_entry), Some(account_entry)) =
                    (self.groups.get_mut(group), self.accounts.get_mut(account))
                {
                    group_entry.accounts.insert(*account);
                    account_entry.groups.insert(*group);
                }
            }
            Change::AccountRemovedFromGroup { group, account, .. } => {
                if let Some(group) = self.groups.get_mut(group) {
                    group.accounts.remove(account);
                }
                if let Some(account) = self.accounts.get_mut(account) {
                    account.groups.remove(group);
                }
            }
            Change::PackAddedToGroup { group, pack, .. } => {
                if let Some(group) = self.groups.get_mut(group) {
                    group.packs.insert(*pack);
                }
            }
            Change::PackRemovedFromGroup { group, pack, .. } => {
                if let Some(group) = self.groups.get_mut(group) {
                    group.packs.remove(pack);
                }
            }
            Change::AccountCreated { account, name } => {
                self.claim_id(account.0);
                self.accounts.insert(
                    *account,
                    Account {
                        id: *account,
                        name: name.clone(),
                        groups: BTreeSet::new(),
                        instances: BTreeSet::new(),
                    },
                );
            }
            Change::AccountRenamed { account, to, .. } => {
                if let Some(account) = self.accounts.get_mut(account) {
                    account.name = to.clone();
                }
            }
            Change::PackInstalled {
                instance,
                account,
                pack,
                integration_pack_override_name,
                ..
            } => {
                self.claim_id(instance.0);
                if let (Some(pack_entry), Some(account_entry)) =
                    (self.packs.get_mut(pack), self.accounts.get_mut(account))
                {
                    pack_entry.instances.insert(*instance);
                    account_entry.instances.insert(*instance);
                    self.instances.insert(
                        *instance,
                        Instance {
                            id: *instance,
                            account: *account,
                            pack: *pack,
                            integration_pack_override_name: integration_pack_override_name.clone(),
                            installed_at: at,
                        },
                    );
                }
            }
            Change::PendingUpdateAppliedEarly {
                pack, instances, ..
            } => {
                if let Some(pack) = self.packs.get_mut(pack) {
                    pack.early_instances.extend(instances.iter().copied());
                }
            }
            Change::PackUninstalled {
                instance,
                account,
                pack,
                ..
            } => {
                self.instances.remove(instance);
                if let Some(pack) = self.packs.get_mut(pack) {
                    pack.instances.remove(instance);
                    pack.early_instances.remove(instance);
                }
                if let Some(account) = self.accounts.get_mut(account) {
                    account.instances.remove(instance);
                }
            }
        }
    }

    fn claim_id(&mut self, id: u32) {
        self.next_id = self.next_id.max(id.saturating_add(1));
    }
}
