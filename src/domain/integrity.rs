//! Whether a workspace from outside (an import, a stored snapshot) could have been built
//! by the engine: every reference resolves, every id is unique, every value is in range,
//! and the indexes agree with the records. Each problem is a sentence naming the record.

use std::collections::{BTreeMap, BTreeSet};

use crate::domain::event::{Change, Event};
use crate::domain::ids::{AccountId, ComponentId, InstanceId, PackId, PackageId};
use crate::domain::model::{
    BoomiThing, ComponentKind, InstallationType, Pack, ReleaseStatus, DESCRIPTION_MAX, GUIDE_MAX,
    NAME_MAX, NOTES_MAX, VERSION_LABEL_MAX,
};
use crate::domain::queries;
use crate::domain::workspace::Workspace;

mod boomi;
mod configuration;
mod event;
mod reports;
use boomi::{boomi_thing_exists, boomi_thing_number, check_boomi_ids, check_boomi_names};
pub use event::{check_event, replay_checked};
use reports::check_reports;

/// At most this many problems are listed; a file with more is broken beyond listing.
const PROBLEMS_SHOWN: usize = 20;

struct Problems(Vec<String>);

impl Problems {
    fn check(&mut self, holds: bool, problem: impl FnOnce() -> String) {
        if !holds && self.0.len() < PROBLEMS_SHOWN {
            self.0.push(problem());
        }
    }
}

fn length_ok(text: &str, max: usize) -> bool {
    text.chars().count() <= max
}

fn name_ok(name: &str) -> bool {
    !name.trim().is_empty() && name.trim() == name && length_ok(name, NAME_MAX)
}

/// Every problem found (up to twenty), or nothing when the workspace is sound.
pub fn check_integrity(ws: &Workspace) -> Vec<String> {
    let mut problems = Problems(Vec::new());
    check_ids(ws, &mut problems);
    check_components(ws, &mut problems);
    check_packs(ws, &mut problems);
    check_groups_and_accounts(ws, &mut problems);
    check_instances(ws, &mut problems);
    check_time(ws, &mut problems);
    check_boomi_ids(ws, &mut problems);
    check_boomi_names(ws, &mut problems);
    configuration::check_configuration(ws, &mut problems);
    problems.0
}

/// Time only moves forward: nothing in the workspace happened after its newest event, and
/// the zone changes are in the order they happened.
fn check_time(ws: &Workspace, problems: &mut Problems) {
    problems.check(
        ws.zone_changes
            .windows(2)
            .all(|pair| pair[0].at <= pair[1].at),
        || "The publisher's zone changes are not in the order they happened.".to_owned(),
    );
    let Some(newest) = ws.newest_event_at else {
        return;
    };
    let recorded =
        ws.components
            .values()
            .map(|component| component.created_at)
            .chain(ws.packages.values().map(|package| package.created_at))
            .chain(ws.packs.values().flat_map(|pack| {
                std::iter::once(pack.created_at).chain(pack.releases.iter().flat_map(|release| {
                    std::iter::once(release.created_at).chain(release.applied_at)
                }))
            }))
            .chain(ws.instances.values().map(|instance| instance.installed_at))
            .chain(ws.zone_changes.iter().map(|change| change.at));
    problems.check(recorded.into_iter().all(|at| at <= newest), || {
        format!(
            "Something in the workspace happened after its newest event ({}): its instants go backwards.",
            crate::domain::PublisherZone::utc().format_instant(newest)
        )
    });
}

fn check_ids(ws: &Workspace, problems: &mut Problems) {
    let mut seen = BTreeSet::new();
    let all_ids = ws
        .components
        .iter()
        .map(|(key, value)| ("component", key.0, value.id.0))
        .chain(
            ws.packages
                .iter()
                .map(|(key, value)| ("package", key.0, value.id.0)),
        )
        .chain(
            ws.packs
                .iter()
                .map(|(key, value)| ("pack", key.0, value.id.0)),
        )
        .chain(
            ws.groups
                .iter()
                .map(|(key, value)| ("account group", key.0, value.id.0)),
        )
        .chain(
            ws.accounts
                .iter()
                .map(|(key, value)| ("managed account", key.0, value.id.0)),
        )
        .chain(
            ws.instances
                .iter()
                .map(|(key, value)| ("instance", key.0, value.id.0)),
        );
    for (subject, key, id) in all_ids {
        problems.check(key == id, || {
            format!("The {subject} filed under id {key} says its id is {id}.")
        });
        problems.check(seen.insert(id), || {
            format!("Id {id} is used twice (again by a {subject}).")
        });
        problems.check(id < ws.next_id && id > 0, || {
            format!("The {subject} id {id} is out of range.")
        });
    }
}

fn check_unique_names<'a>(
    subject: &str,
    names: impl Iterator<Item = &'a str>,
    problems: &mut Problems,
) {
    let mut seen = BTreeSet::new();
    for name in names {
        problems.check(name_ok(name), || {
            format!("The {subject} name \u{201c}{name}\u{201d} is empty, padded or too long.")
        });
        problems.check(seen.insert(name.to_lowercase()), || {
            format!("Two of the {subject}s are called \u{201c}{name}\u{201d}.")
        });
    }
}

fn check_components(ws: &Workspace, problems: &mut Problems) {
    check_unique_names(
        "component",
        ws.components.values().map(|c| c.name.as_str()),
        problems,
    );
    for component in ws.components.values() {
        let mut labels = BTreeSet::new();
        let mut previous = None;
        for package_id in &component.packages {
            let package = ws.packages.get(package_id);
            problems.check(package.is_some_and(|p| p.component == component.id), || {
                format!(
                    "{} lists package {package_id}, which is not one of its own.",
                    component.name
                )
            });
            problems.check(previous < Some(*package_id), || {
                format!("{}'s packages are out of order.", component.name)
            });
            previous = Some(*package_id);
            if let Some(package) = package {
                problems.check(labels.insert(package.version.to_lowercase()), || {
                    format!(
                        "{} has two packages labelled {}.",
                        component.name, package.version
                    )
                });
            }
        }
    }
    for package in ws.packages.values() {
        let listed = ws
            .components
            .get(&package.component)
            .is_some_and(|c| c.packages.contains(&package.id));
        problems.check(listed, || {
            format!(
                "Package {} belongs to no component that lists it.",
                package.id
            )
        });
        problems.check(
            !package.version.trim().is_empty() && length_ok(&package.version, VERSION_LABEL_MAX),
            || {
                format!(
                    "Package {} has an empty or too long version label.",
                    package.id
                )
            },
        );
        problems.check(length_ok(&package.notes, NOTES_MAX), || {
            format!("Package {}'s notes are too long.", package.id)
        });
        for shared in &package.shared_components {
            problems.check(name_ok(&shared.name), || {
                format!("Package {} names a shared component badly.", package.id)
            });
        }
    }
}

fn check_packs(ws: &Workspace, problems: &mut Problems) {
    // Grouped in one pass: comparing every pack (or account) with every instance would
    // take seconds with 20,000 accounts and 100,000 instances.
    let mut instances_by_pack: BTreeMap<PackId, BTreeSet<InstanceId>> = BTreeMap::new();
    for instance in ws.instances.values() {
        instances_by_pack
            .entry(instance.pack)
            .or_default()
            .insert(instance.id);
    }
    check_unique_names(
        "integration pack",
        ws.packs.values().map(|p| p.name.as_str()),
        problems,
    );
    for pack in ws.packs.values() {
        let name = &pack.name;
        problems.check(length_ok(&pack.description, DESCRIPTION_MAX), || {
            format!("{name}'s description is over {DESCRIPTION_MAX} characters.")
        });
        problems.check(
            length_ok(&pack.installation_guide, GUIDE_MAX)
                && length_ok(&pack.user_guide, GUIDE_MAX),
            || format!("{name}'s guides are too long."),
        );
        let versions_sound = |versions: &BTreeMap<_, _>| {
            versions.iter().all(|(component, package)| {
                ws.packages
                    .get(package)
                    .is_some_and(|p| p.component == *component && p.shareable)
                    && ws.components.get(component).is_some_and(|c| {
                        pack.installation_type == InstallationType::Single
                            || c.kind != ComponentKind::ApiService
                    })
            })
        };
        problems.check(versions_sound(&pack.members), || {
            format!("{name} has a member that is missing, not shareable or not allowed.")
        });
        let pending = check_releases(pack, &versions_sound, problems);
        problems.check(pending <= 1, || {
            format!("{name} has {pending} pending releases; at most one may be pending.")
        });
        problems.check(
            pack.pending()
                .is_none_or(|r| r.status == ReleaseStatus::Pending)
                && (pending == 0) == pack.pending_release.is_none(),
            || format!("{name}'s pending release does not match its releases."),
        );
        problems.check(
            pack.pending_release.is_none() || pack.pending_date().is_some(),
            || format!("{name}'s pending release has no date."),
        );
        problems.check(
            pack.current()
                .is_none_or(|r| r.status == ReleaseStatus::Released),
            || format!("{name}'s current release was never released."),
        );
        problems.check(
            pack.current_release.is_some()
                == pack
                    .releases
                    .iter()
                    .any(|r| r.status == ReleaseStatus::Released),
            || format!("{name}'s current release does not match its releases."),
        );
        let installed = instances_by_pack.remove(&pack.id).unwrap_or_default();
        problems.check(installed == pack.instances, || {
            format!("{name}'s list of instances does not match the instances.")
        });
        problems.check(pack.early_instances.is_subset(&pack.instances), || {
            format!("{name} lists early appliers that are not its instances.")
        });
        problems.check(
            pack.early_instances.is_empty() || pack.pending_release.is_some(),
            || format!("{name} has early appliers but nothing pending."),
        );
        check_reports(pack, problems);
    }
}

/// Checks each release of `pack` (numbered in order, sound versions, notes within their
/// limit, applied after it was made); returns how many are pending.
fn check_releases(
    pack: &Pack,
    versions_sound: &dyn Fn(&BTreeMap<ComponentId, PackageId>) -> bool,
    problems: &mut Problems,
) -> usize {
    let name = &pack.name;
    let mut pending = 0;
    for (index, release) in pack.releases.iter().enumerate() {
        problems.check(release.number as usize == index + 1, || {
            format!("{name}'s releases are not numbered 1, 2, 3…")
        });
        problems.check(versions_sound(&release.versions), || {
            format!(
                "Release {} of {name} uses a package it may not.",
                release.number
            )
        });
        problems.check(length_ok(&release.notes, NOTES_MAX), || {
            format!(
                "Release {} of {name} has notes that are too long.",
                release.number
            )
        });
        problems.check(
            release
                .applied_at
                .is_none_or(|applied| applied >= release.created_at),
            || {
                format!(
                    "Release {} of {name} is recorded as applied before it was made.",
                    release.number
                )
            },
        );
        if release.status == ReleaseStatus::Pending {
            pending += 1;
        }
    }
    pending
}

fn check_groups_and_accounts(ws: &Workspace, problems: &mut Problems) {
    check_unique_names(
        "account group",
        ws.groups.values().map(|g| g.name.as_str()),
        problems,
    );
    check_unique_names(
        "managed account",
        ws.accounts.values().map(|a| a.name.as_str()),
        problems,
    );
    for group in ws.groups.values() {
        for account in &group.accounts {
            problems.check(
                ws.accounts
                    .get(account)
                    .is_some_and(|a| a.groups.contains(&group.id)),
                || {
                    format!(
                        "Account group {} lists account {account}, which does not list it back.",
                        group.name
                    )
                },
            );
        }
        for pack in &group.packs {
            problems.check(ws.packs.contains_key(pack), || {
                format!(
                    "Account group {} carries a pack ({pack}) that does not exist.",
                    group.name
                )
            });
        }
    }
    let mut instances_by_account: BTreeMap<AccountId, BTreeSet<InstanceId>> = BTreeMap::new();
    for instance in ws.instances.values() {
        instances_by_account
            .entry(instance.account)
            .or_default()
            .insert(instance.id);
    }
    for account in ws.accounts.values() {
        for group in &account.groups {
            problems.check(
                ws.groups
                    .get(group)
                    .is_some_and(|g| g.accounts.contains(&account.id)),
                || {
                    format!(
                        "{} is in group {group}, which does not list it.",
                        account.name
                    )
                },
            );
        }
        let own = instances_by_account.remove(&account.id).unwrap_or_default();
        problems.check(own == account.instances, || {
            format!(
                "{}'s list of instances does not match the instances.",
                account.name
            )
        });
    }
}

fn check_instances(ws: &Workspace, problems: &mut Problems) {
    let mut names: BTreeMap<_, BTreeSet<Option<String>>> = BTreeMap::new();
    for instance in ws.instances.values() {
        let Some(pack) = ws.packs.get(&instance.pack) else {
            problems.check(false, || {
                format!("Instance {} is of a pack that does not exist.", instance.id)
            });
            continue;
        };
        problems.check(ws.accounts.contains_key(&instance.account), || {
            format!("Instance {} belongs to no account.", instance.id)
        });
        problems.check(
            queries::can_see(ws, instance.account, instance.pack),
            || {
                format!(
                    "Instance {} of {} is installed in an account that cannot see the pack.",
                    instance.id, pack.name
                )
            },
        );
        let override_name = instance.integration_pack_override_name.as_ref();
        let name_fits = match pack.installation_type {
            InstallationType::Single => override_name.is_none(),
            InstallationType::Multi => override_name.is_some_and(|name| name_ok(name)),
        };
        problems.check(name_fits, || {
            format!(
                "Instance {} of {} has a missing or unexpected override name.",
                instance.id, pack.name
            )
        });
        let unique = names
            .entry((instance.account, instance.pack))
            .or_default()
            .insert(override_name.map(|name| name.to_lowercase()));
        problems.check(unique, || {
            format!(
                "{} is installed twice under the same name in account {}.",
                pack.name, instance.account
            )
        });
    }
}
