//! `decide`: checks a command against the workspace and says what happens, as events.
//! Nothing here changes the workspace; `Workspace::apply` folds the events in.

use std::collections::BTreeSet;

use chrono::{DateTime, NaiveDate, Utc};

use crate::domain::command::Command;
use crate::domain::error::{DomainError, Subject};
use crate::domain::event::{Change, Event};
use crate::domain::ids::{AccountId, ComponentId, GroupId, InstanceId, PackId, PackageId};
use crate::domain::model::{
    ComponentKind, Contact, InstallationType, Pack, ReleaseSchedule, SharedComponent,
    SharedComponentKind, DESCRIPTION_MAX, GUIDE_MAX, NAME_MAX, NOTES_MAX, VERSION_LABEL_MAX,
};
use crate::domain::queries;
use crate::domain::release_check::check_release;
use crate::domain::schedule::tick;
use crate::domain::time::PublisherZone;
use crate::domain::workspace::Workspace;

/// What happens if `command` is carried out at `now`, or why it is refused.
///
/// Callers run `tick` first, so that releases that came due are applied before anything
/// else is decided.
pub fn decide(
    workspace: &Workspace,
    command: Command,
    now: DateTime<Utc>,
) -> Result<Vec<Event>, DomainError> {
    if let Some(newest) = workspace.newest_event_at().filter(|newest| now < *newest) {
        return Err(match command {
            Command::SetClock { .. } => DomainError::ClockBeforeNewestEvent { to: now, newest },
            _ => DomainError::EarlierThanNewestEvent { now, newest },
        });
    }
    let change = |change: Change| Ok(vec![Event { at: now, change }]);
    match command {
        Command::SetPublisherTimeZone { time_zone } => {
            refuse_zone_making_releases_due(workspace, time_zone, now)?;
            change(Change::PublisherTimeZoneChanged {
                from: workspace.publisher().time_zone,
                to: time_zone,
            })
        }
        Command::SetClock { clock } => {
            // Releases that come due by the new time are applied first, at their due
            // instants, so that nothing is recorded after the clock event but dated before.
            let mut events = tick(workspace, now);
            events.push(Event {
                at: now,
                change: Change::ClockSet { clock },
            });
            Ok(events)
        }
        Command::SetPublisherContact { contact } => change(Change::PublisherContactChanged {
            contact: checked_contact(contact)?,
        }),
        Command::CreateComponent { name, kind } => {
            let name = checked_name("component", &name)?;
            refuse_duplicate(
                "component",
                &name,
                workspace
                    .components()
                    .map(|component| component.name.as_str()),
            )?;
            change(Change::ComponentCreated {
                component: ComponentId(workspace.next_id()),
                name,
                kind,
            })
        }
        Command::CreatePackage {
            component,
            version,
            notes,
            shareable,
            shared_components,
        } => {
            let component = workspace.component(component)?;
            let version = checked_label("version label", &version, VERSION_LABEL_MAX)?;
            let labels_taken = component
                .packages
                .iter()
                .filter_map(|package| workspace.package(*package).ok())
                .any(|package| same_name(&package.version, &version));
            if labels_taken {
                return Err(DomainError::DuplicateVersionLabel {
                    component: component.name.clone(),
                    version,
                });
            }
            let notes = checked_text("package notes", notes, NOTES_MAX)?;
            let shared_components = checked_shared_components(&version, shared_components)?;
            change(Change::PackageCreated {
                component_name: component.name.clone(),
                package: crate::domain::model::Package {
                    id: PackageId(workspace.next_id()),
                    component: component.id,
                    version,
                    notes,
                    shareable,
                    created_at: now,
                    shared_components,
                },
            })
        }
        Command::CreatePack {
            name,
            description,
            installation_type,
            deployment_model,
        } => {
            let name = checked_name("integration pack", &name)?;
            refuse_duplicate(
                "integration pack",
                &name,
                workspace.packs().map(|pack| pack.name.as_str()),
            )?;
            change(Change::PackCreated {
                pack: PackId(workspace.next_id()),
                name,
                description: checked_text("description", description, DESCRIPTION_MAX)?,
                installation_type,
                deployment_model,
            })
        }
        Command::EditPack {
            pack,
            name,
            description,
            installation_guide,
            user_guide,
            contact,
        } => {
            let pack = workspace.pack(pack)?;
            let name = checked_name("integration pack", &name)?;
            refuse_duplicate(
                "integration pack",
                &name,
                workspace
                    .packs()
                    .filter(|other| other.id != pack.id)
                    .map(|other| other.name.as_str()),
            )?;
            change(Change::PackEdited {
                pack: pack.id,
                old_name: pack.name.clone(),
                name,
                description: checked_text("description", description, DESCRIPTION_MAX)?,
                installation_guide: checked_text(
                    "installation guide",
                    installation_guide,
                    GUIDE_MAX,
                )?,
                user_guide: checked_text("user guide", user_guide, GUIDE_MAX)?,
                contact: checked_contact(contact)?,
            })
        }
        Command::DeletePack { pack } => {
            let pack = workspace.pack(pack)?;
            if !pack.instances.is_empty() {
                return Err(DomainError::PackStillInstalled {
                    pack: pack.name.clone(),
                    accounts: account_names(workspace, &pack.instances),
                });
            }
            change(Change::PackDeleted {
                pack: pack.id,
                name: pack.name.clone(),
            })
        }
        Command::AddMember {
            pack,
            component,
            package,
        } => {
            let pack = workspace.pack(pack)?;
            let component = workspace.component(component)?;
            if pack.members.contains_key(&component.id) {
                return Err(DomainError::AlreadyMember {
                    component: component.name.clone(),
                    pack: pack.name.clone(),
                });
            }
            if pack.installation_type == InstallationType::Multi
                && component.kind == ComponentKind::ApiService
            {
                return Err(DomainError::ApiServiceInMultiPack {
                    component: component.name.clone(),
                    pack: pack.name.clone(),
                });
            }
            let package = match package {
                Some(package) => checked_shareable(workspace, component.id, package)?,
                None => queries::newest_shareable(workspace, component.id).ok_or_else(|| {
                    DomainError::NoShareablePackage {
                        component: component.name.clone(),
                    }
                })?,
            };
            change(Change::MemberAdded {
                pack: pack.id,
                pack_name: pack.name.clone(),
                component: component.id,
                component_name: component.name.clone(),
                package: package.id,
                version: package.version.clone(),
            })
        }
        Command::RemoveMember { pack, component } => {
            let pack = workspace.pack(pack)?;
            let component = workspace.component(component)?;
            if !pack.members.contains_key(&component.id) {
                return Err(DomainError::NotMember {
                    component: component.name.clone(),
                    pack: pack.name.clone(),
                });
            }
            change(Change::MemberRemoved {
                pack: pack.id,
                pack_name: pack.name.clone(),
                component: component.id,
                component_name: component.name.clone(),
            })
        }
        Command::ReleasePack {
            pack,
            versions,
            notes,
            schedule,
        } => {
            let check = check_release(workspace, pack, &versions, schedule, now)?;
            if let Some(error) = check.errors.into_iter().next() {
                return Err(error);
            }
            let pack = workspace.pack(pack)?;
            let notes = checked_text("release notes", notes, NOTES_MAX)?;
            let release = pack.next_release_number();
            match schedule {
                ReleaseSchedule::Immediately => change(Change::PackReleased {
                    pack: pack.id,
                    pack_name: pack.name.clone(),
                    release,
                    versions,
                    notes,
                    superseded: pack.pending_release,
                    instances_moved: pack.instances.len(),
                    accounts_moved: queries::distinct_accounts(workspace, pack.instances.iter()),
                }),
                ReleaseSchedule::ReleaseOnSpecifiedDate { release_on_date } => {
                    change(Change::ReleaseScheduled {
                        pack: pack.id,
                        pack_name: pack.name.clone(),
                        release,
                        versions,
                        notes,
                        release_on_date,
                    })
                }
            }
        }
        Command::ReschedulePendingRelease {
            pack,
            release_on_date,
        } => {
            let pack = workspace.pack(pack)?;
            let (release, scheduled) = pending_not_yet_due(workspace, pack, now)?;
            if scheduled == release_on_date {
                return Err(DomainError::SameDate {
                    date: release_on_date,
                });
            }
            refuse_date_not_in_future(workspace, release_on_date, now)?;
            change(Change::PendingReleaseRescheduled {
                pack: pack.id,
                pack_name: pack.name.clone(),
                release,
                from: scheduled,
                to: release_on_date,
            })
        }
        Command::CancelPendingRelease { pack } => {
            let pack = workspace.pack(pack)?;
            let (release, _) = pending_not_yet_due(workspace, pack, now)?;
            change(Change::PendingReleaseCancelled {
                pack: pack.id,
                pack_name: pack.name.clone(),
                release,
                instances_returned: pack.early_instances.len(),
            })
        }
        Command::CreateGroup { name } => {
            let name = checked_name("account group", &name)?;
            refuse_duplicate(
                "account group",
                &name,
                workspace.groups().map(|group| group.name.as_str()),
            )?;
            change(Change::GroupCreated {
                group: GroupId(workspace.next_id()),
                name,
            })
        }
        Command::RenameGroup { group, name } => {
            let group = workspace.group(group)?;
            let name = checked_name("account group", &name)?;
            refuse_duplicate(
                "account group",
                &name,
                workspace
                    .groups()
                    .filter(|other| other.id != group.id)
                    .map(|other| other.name.as_str()),
            )?;
            change(Change::GroupRenamed {
                group: group.id,
                from: group.name.clone(),
                to: name,
            })
        }
        Command::DeleteGroup { group } => {
            let group = workspace.group(group)?;
            refuse_stranding(workspace, group.id, &group.accounts, &group.packs)?;
            change(Change::GroupDeleted {
                group: group.id,
                name: group.name.clone(),
            })
        }
        Command::AddAccountToGroup { group, account } => {
            let group = workspace.group(group)?;
            let account = workspace.account(account)?;
            if group.accounts.contains(&account.id) {
                return Err(DomainError::AlreadyInGroup {
                    account: account.name.clone(),
                    group: group.name.clone(),
                });
            }
            change(Change::AccountAddedToGroup {
                group: group.id,
                group_name: group.name.clone(),
                account: account.id,
                account_name: account.name.clone(),
            })
        }
        Command::RemoveAccountFromGroup { group, account } => {
            let group = workspace.group(group)?;
            let account = workspace.account(account)?;
            if !group.accounts.contains(&account.id) {
                return Err(DomainError::NotInGroup {
                    account: account.name.clone(),
                    group: group.name.clone(),
                });
            }
            refuse_stranding(
                workspace,
                group.id,
                &BTreeSet::from([account.id]),
                &group.packs,
            )?;
            change(Change::AccountRemovedFromGroup {
                group: group.id,
                group_name: group.name.clone(),
                account: account.id,
                account_name: account.name.clone(),
            })
        }
        Command::AddPackToGroup { group, pack } => {
            let group = workspace.group(group)?;
            let pack = workspace.pack(pack)?;
            if group.packs.contains(&pack.id) {
                return Err(DomainError::PackAlreadyInGroup {
                    pack: pack.name.clone(),
                    group: group.name.clone(),
                });
            }
            change(Change::PackAddedToGroup {
                group: group.id,
                group_name: group.name.clone(),
                pack: pack.id,
                pack_name: pack.name.clone(),
            })
        }
        Command::RemovePackFromGroup { group, pack } => {
            let group = workspace.group(group)?;
            let pack = workspace.pack(pack)?;
            if !group.packs.contains(&pack.id) {
                return Err(DomainError::PackNotInGroup {
                    pack: pack.name.clone(),
                    group: group.name.clone(),
                });
            }
            refuse_stranding(
                workspace,
                group.id,
                &group.accounts,
                &BTreeSet::from([pack.id]),
            )?;
            change(Change::PackRemovedFromGroup {
                group: group.id,
                group_name: group.name.clone(),
                pack: pack.id,
                pack_name: pack.name.clone(),
            })
        }
        Command::CreateAccount { name } => {
            let name = checked_name("managed account", &name)?;
            refuse_duplicate(
                "managed account",
                &name,
                workspace.accounts().map(|account| account.name.as_str()),
            )?;
            change(Change::AccountCreated {
                account: AccountId(workspace.next_id()),
                name,
            })
        }
        Command::RenameAccount { account, name } => {
            let account = workspace.account(account)?;
            let name = checked_name("managed account", &name)?;
            refuse_duplicate(
                "managed account",
                &name,
                workspace
                    .accounts()
                    .filter(|other| other.id != account.id)
                    .map(|other| other.name.as_str()),
            )?;
            change(Change::AccountRenamed {
                account: account.id,
                from: account.name.clone(),
                to: name,
            })
        }
        Command::Install {
            account,
            pack,
            integration_pack_override_name,
        } => {
            let account = workspace.account(account)?;
            let pack = visible_pack(workspace, account.id, pack)?;
            let instances_here = || {
                account
                    .instances
                    .iter()
                    .filter_map(|instance| workspace.instance(*instance).ok())
                    .filter(|instance| instance.pack == pack.id)
            };
            let override_name = match (pack.installation_type, integration_pack_override_name) {
                (InstallationType::Single, Some(_)) => {
                    return Err(DomainError::OverrideNameNotAllowed {
                        pack: pack.name.clone(),
                    })
                }
                (InstallationType::Single, None) => {
                    if instances_here().next().is_some() {
                        return Err(DomainError::AlreadyInstalled {
                            account: account.name.clone(),
                            pack: pack.name.clone(),
                        });
                    }
                    None
                }
                (InstallationType::Multi, None) => {
                    return Err(DomainError::OverrideNameRequired {
                        pack: pack.name.clone(),
                    })
                }
                (InstallationType::Multi, Some(name)) => {
                    let name =
                        checked_name("instance name", &name).map_err(|error| match error {
                            DomainError::BlankName { .. } => DomainError::OverrideNameRequired {
                                pack: pack.name.clone(),
                            },
                            other => other,
                        })?;
                    let taken = instances_here().any(|instance| {
                        instance
                            .integration_pack_override_name
                            .as_deref()
                            .is_some_and(|existing| same_name(existing, &name))
                    });
                    if taken {
                        return Err(DomainError::DuplicateOverrideName {
                            account: account.name.clone(),
                            pack: pack.name.clone(),
                            name,
                        });
                    }
                    Some(name)
                }
            };
            change(Change::PackInstalled {
                instance: InstanceId(workspace.next_id()),
                account: account.id,
                account_name: account.name.clone(),
                pack: pack.id,
                pack_name: pack.name.clone(),
                integration_pack_override_name: override_name,
                release: pack.current_release.unwrap_or_default(),
            })
        }
        Command::ApplyPendingUpdate {
            account,
            pack,
            instance,
        } => {
            let account = workspace.account(account)?;
            let pack = visible_pack(workspace, account.id, pack)?;
            let release = pack
                .pending_release
                .ok_or_else(|| DomainError::NoPendingRelease {
                    pack: pack.name.clone(),
                })?;
            let instances: Vec<InstanceId> = match instance {
                Some(instance) => {
                    let instance = workspace.instance(instance)?;
                    if instance.account != account.id || instance.pack != pack.id {
                        return Err(DomainError::InstanceOfAnotherAccount {
                            account: account.name.clone(),
                        });
                    }
                    if pack.early_instances.contains(&instance.id) {
                        return Err(DomainError::AlreadyAppliedEarly {
                            account: account.name.clone(),
                            pack: pack.name.clone(),
                            release,
                        });
                    }
                    vec![instance.id]
                }
                None => account
                    .instances
                    .iter()
                    .filter(|id| pack.instances.contains(id) && !pack.early_instances.contains(id))
                    .copied()
                    .collect(),
            };
            if instances.is_empty() {
                return Err(DomainError::NothingToApply {
                    account: account.name.clone(),
                    pack: pack.name.clone(),
                });
            }
            change(Change::PendingUpdateAppliedEarly {
                account: account.id,
                account_name: account.name.clone(),
                pack: pack.id,
                pack_name: pack.name.clone(),
                release,
                instances,
            })
        }
        Command::Uninstall { account, instance } => {
            let account = workspace.account(account)?;
            let instance = workspace.instance(instance)?;
            if instance.account != account.id {
                return Err(DomainError::InstanceOfAnotherAccount {
                    account: account.name.clone(),
                });
            }
            let pack = visible_pack(workspace, account.id, instance.pack)?;
            change(Change::PackUninstalled {
                instance: instance.id,
                account: account.id,
                account_name: account.name.clone(),
                pack: pack.id,
                pack_name: pack.name.clone(),
                integration_pack_override_name: instance.integration_pack_override_name.clone(),
            })
        }
    }
}

/// Refuses a scheduled date that is not after today in the publisher's zone.
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

pub(crate) fn refuse_date_not_in_future(
    workspace: &Workspace,
    date: NaiveDate,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    let zone = workspace.publisher().time_zone;
    let today = zone.date_at(now);
    if date <= today {
        return Err(DomainError::DateNotInFuture { date, today, zone });
    }
    Ok(())
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

/// The pack, if the account may see it: released, and carried by one of its groups.
fn visible_pack(
    workspace: &Workspace,
    account: AccountId,
    pack: PackId,
) -> Result<&Pack, DomainError> {
    let pack_entry = workspace.pack(pack)?;
    if !queries::can_see(workspace, account, pack) {
        return Err(DomainError::PackNotVisible {
            account: workspace.account(account)?.name.clone(),
            pack: pack_entry.name.clone(),
        });
    }
    Ok(pack_entry)
}

/// Refuses to take `packs` away from `accounts` through `group` where an account has one
/// of them installed and no other group of its carries it (domain.md).
fn refuse_stranding(
    workspace: &Workspace,
    group: GroupId,
    accounts: &BTreeSet<AccountId>,
    packs: &BTreeSet<PackId>,
) -> Result<(), DomainError> {
    let mut installs = Vec::new();
    for account in accounts
        .iter()
        .filter_map(|account| workspace.account(*account).ok())
    {
        let mut stranded: BTreeSet<PackId> = BTreeSet::new();
        for instance in account
            .instances
            .iter()
            .filter_map(|id| workspace.instance(*id).ok())
        {
            if packs.contains(&instance.pack) && !stranded.contains(&instance.pack) {
                let other_group_carries = account
                    .groups
                    .iter()
                    .filter(|other| **other != group)
                    .filter_map(|other| workspace.group(*other).ok())
                    .any(|other| other.packs.contains(&instance.pack));
                if !other_group_carries {
                    stranded.insert(instance.pack);
                }
            }
        }
        for pack in stranded
            .iter()
            .filter_map(|pack| workspace.pack(*pack).ok())
        {
            installs.push(format!("{} ({})", account.name, pack.name));
        }
    }
    if installs.is_empty() {
        return Ok(());
    }
    Err(DomainError::WouldStrandInstalls {
        group: workspace.group(group)?.name.clone(),
        installs,
    })
}

pub(crate) fn checked_shareable(
    workspace: &Workspace,
    component: ComponentId,
    package: PackageId,
) -> Result<&crate::domain::model::Package, DomainError> {
    let component = workspace.component(component)?;
    let package = workspace.package(package)?;
    if package.component != component.id {
        return Err(DomainError::PackageOfAnotherComponent {
            component: component.name.clone(),
            version: package.version.clone(),
        });
    }
    if !package.shareable {
        return Err(DomainError::PackageNotShareable {
            component: component.name.clone(),
            version: package.version.clone(),
        });
    }
    Ok(package)
}

fn checked_shared_components(
    version: &str,
    shared_components: Vec<SharedComponent>,
) -> Result<Vec<SharedComponent>, DomainError> {
    let mut seen: Vec<(SharedComponentKind, String)> = Vec::new();
    let mut checked = Vec::with_capacity(shared_components.len());
    for shared in shared_components {
        let name = checked_name("shared component", &shared.name)?;
        if seen
            .iter()
            .any(|(kind, existing)| *kind == shared.kind && same_name(existing, &name))
        {
            return Err(DomainError::DuplicateSharedComponent {
                version: version.to_owned(),
                shared_component: name,
            });
        }
        let mut extensible_fields = BTreeSet::new();
        for field in &shared.extensible_fields {
            extensible_fields.insert(checked_name("extensible field", field)?);
        }
        seen.push((shared.kind, name.clone()));
        checked.push(SharedComponent {
            name,
            kind: shared.kind,
            extensible_fields,
        });
    }
    Ok(checked)
}

fn checked_contact(contact: Contact) -> Result<Contact, DomainError> {
    let email = contact.email.trim().to_owned();
    let valid_email = email.is_empty()
        || (email.len() <= NAME_MAX
            && !email.contains(char::is_whitespace)
            && email.split_once('@').is_some_and(|(local, domain)| {
                !local.is_empty() && domain.contains('.') && !domain.starts_with('.')
            }));
    if !valid_email {
        return Err(DomainError::InvalidEmail { email });
    }
    Ok(Contact {
        name: checked_text_line("contact name", &contact.name, NAME_MAX)?,
        email,
        phone: checked_text_line("phone number", &contact.phone, NAME_MAX)?,
    })
}

/// A trimmed, non-empty name of at most `NAME_MAX` characters.
fn checked_name(subject: Subject, raw: &str) -> Result<String, DomainError> {
    checked_label(subject, raw, NAME_MAX)
}

/// A trimmed, non-empty line of at most `max` characters.
fn checked_label(subject: Subject, raw: &str, max: usize) -> Result<String, DomainError> {
    let label = raw.trim();
    if label.is_empty() {
        return Err(DomainError::BlankName { subject });
    }
    checked_text_line(subject, label, max)
}

/// One trimmed line of at most `max` characters (it may be empty).
fn checked_text_line(subject: Subject, raw: &str, max: usize) -> Result<String, DomainError> {
    checked_text(subject, raw.trim().to_owned(), max)
}

fn checked_text(subject: Subject, text: String, max: usize) -> Result<String, DomainError> {
    let length = text.chars().count();
    if length > max {
        return Err(DomainError::TooLong {
            subject,
            length,
            max,
        });
    }
    Ok(text)
}

fn refuse_duplicate<'a>(
    subject: Subject,
    name: &str,
    existing: impl IntoIterator<Item = &'a str>,
) -> Result<(), DomainError> {
    if existing.into_iter().any(|other| same_name(other, name)) {
        return Err(DomainError::DuplicateName {
            subject,
            name: name.to_owned(),
        });
    }
    Ok(())
}

/// Names are unique regardless of case and surrounding spaces. Creating the 20,000th
/// account compares its name with every other, so ASCII names (nearly all) are compared
/// without allocating, and names of different lengths at once.
pub(crate) fn same_name(a: &str, b: &str) -> bool {
    let (a, b) = (a.trim(), b.trim());
    if a.is_ascii() && b.is_ascii() {
        return a.eq_ignore_ascii_case(b);
    }
    a.to_lowercase() == b.to_lowercase()
}

fn account_names(workspace: &Workspace, instances: &BTreeSet<InstanceId>) -> Vec<String> {
    let accounts: BTreeSet<AccountId> = instances
        .iter()
        .filter_map(|instance| workspace.instance(*instance).ok())
        .map(|instance| instance.account)
        .collect();
    accounts
        .into_iter()
        .filter_map(|account| workspace.account(account).ok())
        .map(|account| account.name.clone())
        .collect()
}
