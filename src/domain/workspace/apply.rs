//! `Workspace::apply`: folding one event into the workspace, one method per area.

use chrono::{DateTime, Utc};

use std::collections::BTreeSet;

use crate::domain::configuration;
use crate::domain::event::{Change, Event, EventKind};
use crate::domain::model::{
    Account, BoomiThing, Component, Group, InstallBasePoint, Instance, Pack, Release,
    ReleaseSchedule, ReleaseStatus, UpdateReport,
};
use crate::domain::workspace::{Workspace, ZoneChange};

impl Workspace {
    /// A workspace read from storage, a file or the team's snapshot in an older format
    /// whose every field the current format has: it is of the current format from now on.
    pub fn mark_current_format(&mut self) {
        self.format_version = crate::domain::workspace::FORMAT_VERSION;
    }

    /// Format 1 kept neither the time fields nor the packs' install-base history; a
    /// workspace read from it takes them from the replay of its own events.
    pub fn take_derived_fields_from(&mut self, replayed: &Workspace) {
        self.newest_event_at = replayed.newest_event_at;
        self.zone_changes = replayed.zone_changes.clone();
        for (id, pack) in &mut self.packs {
            if let Some(replayed) = replayed.packs.get(id) {
                pack.install_history = replayed.install_history.clone();
            }
        }
    }

    /// After a change that moved instances of a pack, its install base now, as the chart's
    /// next point (a point at the same instant as the last replaces it).
    fn record_install_base(&mut self, at: DateTime<Utc>, change: &Change) {
        let pack = match change {
            Change::PackInstalled { pack, .. }
            | Change::PackUninstalled { pack, .. }
            | Change::PendingUpdateAppliedEarly { pack, .. }
            | Change::PackReleased { pack, .. }
            | Change::ScheduledReleaseApplied { pack, .. }
            | Change::PendingReleaseCancelled { pack, .. } => *pack,
            _ => return,
        };
        let Some(pack) = self.packs.get_mut(&pack) else {
            return;
        };
        let counts = crate::domain::queries::install_base(pack);
        match pack.install_history.last_mut() {
            Some(last) if last.at == at => last.counts = counts,
            _ => pack.install_history.push(InstallBasePoint { at, counts }),
        }
    }

    /// Folds one event in. Events come from `decide` or `tick` (or a validated import),
    /// so they fit the workspace; one that names something missing changes nothing.
    pub fn apply(&mut self, event: &Event) {
        let at = event.at;
        self.newest_event_at = Some(self.newest_event_at.map_or(at, |newest| newest.max(at)));
        let named = self.name_before(&event.change);
        // Before the change: a release's move reads which release each instance leaves.
        self.apply_configuration(&event.change);
        // Each area's `apply_*` folds in the kinds of change that are its own.
        match event.kind() {
            EventKind::Settings => self.apply_settings(at, &event.change),
            EventKind::Component | EventKind::Pack => self.apply_catalogue(at, &event.change),
            EventKind::Release => self.apply_releases(at, &event.change),
            EventKind::Group | EventKind::Account => self.apply_accounts(&event.change),
            EventKind::Install => self.apply_installs(at, &event.change),
        }
        self.keep_name(named);
        self.forget_boomi_id_of_removed(&event.change);
        self.record_install_base(at, &event.change);
    }

    /// A deleted pack or group, or an uninstalled instance, keeps no Boomi id.
    fn forget_boomi_id_of_removed(&mut self, change: &Change) {
        let removed = match change {
            Change::PackDeleted { pack, .. } => BoomiThing::Pack(*pack),
            Change::GroupDeleted { group, .. } => BoomiThing::Group(*group),
            Change::PackUninstalled { instance, .. } => BoomiThing::Instance(*instance),
            _ => return,
        };
        self.boomi_ids.remove(&removed);
        if let BoomiThing::Pack(pack) = removed {
            self.boomi_names.remove(&pack);
        }
    }

    /// The publisher's zone, contact, the shared clock and the Boomi ids of things.
    fn apply_settings(&mut self, at: DateTime<Utc>, change: &Change) {
        match change {
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
            Change::BoomiIdsRecorded { links } => {
                for link in links {
                    self.boomi_ids.insert(link.thing, link.boomi_id.clone());
                    if let (BoomiThing::Pack(pack), Some(name)) = (link.thing, &link.name) {
                        self.boomi_names.insert(pack, name.clone());
                    }
                }
            }
            // The other kinds are folded in by the other `apply_*`.
            _ => {}
        }
    }

    /// Components, packages and packs.
    fn apply_catalogue(&mut self, at: DateTime<Utc>, change: &Change) {
        match change {
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
                let mut created = Pack::new(*pack, name.clone(), at);
                created.description = description.clone();
                created.installation_type = *installation_type;
                created.deployment_model = *deployment_model;
                self.packs.insert(*pack, created);
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
            // A pack's members are its catalogue too.
            _ => self.apply_members(change),
        }
    }

    /// A pack's members, staged for its next release.
    fn apply_members(&mut self, change: &Change) {
        match change {
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
            // The other kinds are folded in by the other `apply_*`.
            _ => {}
        }
    }

    /// New releases: immediate or scheduled.
    fn apply_releases(&mut self, at: DateTime<Utc>, change: &Change) {
        match change {
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
            // The rest of a release's life: moved, cancelled, applied.
            _ => self.apply_pending(at, change),
        }
    }

    /// What becomes of a pending release: moved, cancelled, or applied on its date.
    fn apply_pending(&mut self, at: DateTime<Utc>, change: &Change) {
        match change {
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
            Change::ProblemAddressed {
                pack,
                release,
                instance,
                by_release,
                ..
            } => {
                if let Some(pack) = self.packs.get_mut(pack) {
                    pack.mark_addressed(*release, *instance, at, *by_release);
                }
            }
            // The other kinds are folded in by the other `apply_*`.
            _ => {}
        }
    }

    /// Account groups and managed accounts.
    fn apply_accounts(&mut self, change: &Change) {
        match change {
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
            // The other kinds are folded in by the other `apply_*`.
            _ => {}
        }
    }

    /// Installed instances: installs, early updates, uninstalls.
    fn apply_installs(&mut self, at: DateTime<Utc>, change: &Change) {
        match change {
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
            Change::UpdateReported { pack, .. } => {
                if let (Some(pack), Some(report)) =
                    (self.packs.get_mut(pack), UpdateReport::reported(change, at))
                {
                    pack.reports.push(report);
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
            // The other kinds are folded in by the other `apply_*`.
            _ => {}
        }
    }

    /// Extension values: changed by their account, carried over (or discarded) when a change
    /// moves instances to another release, forgotten with an uninstalled instance.
    fn apply_configuration(&mut self, change: &Change) {
        let changed = match change {
            Change::ExtensionValuesChanged {
                instance,
                kind,
                component,
                changes,
                ..
            } => {
                let settings = self.configuration.get(instance);
                vec![(
                    *instance,
                    configuration::changed(settings, *kind, component, changes),
                )]
            }
            Change::PackUninstalled { instance, .. } => vec![(*instance, None)],
            _ => configuration::settings_after_move(self, change),
        };
        for (instance, settings) in changed {
            match settings {
                Some(settings) => self.configuration.insert(instance, settings),
                None => self.configuration.remove(&instance),
            };
        }
    }

    fn claim_id(&mut self, id: u32) {
        self.next_id = self.next_id.max(id.saturating_add(1));
    }
}
