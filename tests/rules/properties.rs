//! Random command sequences never break the engine's invariants.

use std::collections::BTreeMap;

use chrono::TimeDelta;
use proptest::prelude::*;

use packwright::domain::model::{
    ComponentKind, InstallationType, ReleaseSchedule, ReleaseStatus, SharedComponentKind, Verdict,
};
use packwright::domain::workspace::NameIndex;
use packwright::domain::{integrity, queries};
use packwright::domain::{Clock, Command, Event, PublisherZone, Workspace};

use crate::world::{shared, World};
use packwright::domain::command::{
    AddAccountToGroup, AddMember, AddPackToGroup, ApplyPendingUpdate, CancelPendingRelease,
    CreateAccount, CreateComponent, CreateGroup, CreatePack, CreatePackage, DeleteGroup,
    DeletePack, EditPack, Install, MarkProblemAddressed, ReleasePack, RemoveAccountFromGroup,
    RemoveMember, RemovePackFromGroup, RenameAccount, RenameGroup, ReportOnUpdate,
    ReschedulePendingRelease, SetClock, SetExtensionValues, SetPublisherTimeZone, Uninstall,
};
use packwright::domain::configuration::{self, FieldChange, FieldChoice, FieldKey};

/// One random step: which kind of command, and small numbers to pick its targets with.
#[derive(Clone, Debug)]
struct Step {
    kind: u8,
    a: u8,
    b: u8,
    flag: bool,
    days: u8,
    hours: u16,
}

fn steps() -> impl Strategy<Value = Vec<Step>> {
    let step = (
        0u8..53,
        any::<u8>(),
        any::<u8>(),
        any::<bool>(),
        0u8..20,
        0u16..48,
    )
        .prop_map(|(kind, a, b, flag, days, hours)| Step {
            kind,
            a,
            b,
            flag,
            days,
            hours,
        });
    proptest::collection::vec(step, 1..60)
}

fn pick<T: Copy>(items: &[T], index: u8) -> Option<T> {
    if items.is_empty() {
        None
    } else {
        Some(items[usize::from(index) % items.len()])
    }
}

/// Turns a step into a command against the world as it is now (`None` when the step
/// needs something the world does not have yet).
fn command_for(world: &World, step: &Step) -> Option<Command> {
    let ws = &world.workspace;
    let components: Vec<_> = ws.components().map(|c| c.id).collect();
    let packs: Vec<_> = ws.packs().map(|p| p.id).collect();
    let groups: Vec<_> = ws.groups().map(|g| g.id).collect();
    let accounts: Vec<_> = ws.accounts().map(|a| a.id).collect();
    let instances: Vec<_> = ws.instances().map(|i| i.id).collect();
    let today = ws.publisher().time_zone.date_at(world.now);
    // Kinds 20 and up repeat the commands that move the install base, so that random
    // sequences release, install and apply early often, not only create things.
    let kind = match step.kind {
        20..=23 => 1,
        24..=25 => 6,
        26..=27 => 7,
        28..=29 => 16,
        30..=31 => 17,
        32..=33 => 32,
        34..=35 => 34,
        36..=37 => 36,
        45 => 8,
        46..=47 => 42,
        48 => 44,
        49 => 17,
        kind => kind,
    };
    Some(match kind {
        0 => Command::CreateComponent(CreateComponent {
            name: format!("C{}", step.a % 8),
            kind: if step.flag {
                ComponentKind::Process
            } else {
                ComponentKind::ApiService
            },
        }),
        1 | 2 => Command::CreatePackage(CreatePackage {
            component: pick(&components, step.a)?,
            version: format!("{}.{}", step.b % 3, step.days % 4),
            notes: String::new(),
            shareable: step.flag || kind == 2,
            shared_components: vec![shared(
                "Shared",
                if step.b.is_multiple_of(7) {
                    &["url", "user"]
                } else {
                    &["url"]
                },
            )],
        }),
        3 => Command::CreatePack(CreatePack {
            name: format!("P{}", step.a % 5),
            description: String::new(),
            installation_type: if step.flag {
                InstallationType::Single
            } else {
                InstallationType::Multi
            },
            deployment_model: packwright::domain::model::DeploymentModel::Packaged,
        }),
        4 => Command::AddMember(AddMember {
            pack: pick(&packs, step.a)?,
            component: pick(&components, step.b)?,
            package: None,
        }),
        5 => Command::RemoveMember(RemoveMember {
            pack: pick(&packs, step.a)?,
            component: pick(&components, step.b)?,
        }),
        6 | 7 => {
            let pack = pick(&packs, step.a)?;
            let versions = queries::default_candidate(ws, ws.pack(pack).ok()?);
            let schedule = if kind == 6 {
                ReleaseSchedule::Immediately
            } else {
                ReleaseSchedule::ReleaseOnSpecifiedDate {
                    release_on_date: today + TimeDelta::days(i64::from(step.days) - 2),
                }
            };
            Command::ReleasePack(ReleasePack {
                pack,
                versions,
                notes: String::new(),
                schedule,
            })
        }
        8 => Command::CancelPendingRelease(CancelPendingRelease {
            pack: pick(&packs, step.a)?,
        }),
        9 => Command::ReschedulePendingRelease(ReschedulePendingRelease {
            pack: pick(&packs, step.a)?,
            release_on_date: today + TimeDelta::days(i64::from(step.days)),
        }),
        10 => Command::CreateGroup(CreateGroup {
            name: format!("G{}", step.a % 4),
        }),
        // Names that differ only in case and spaces are one name.
        11 => Command::CreateAccount(CreateAccount {
            name: if step.flag {
                format!(" a{} ", step.a % 12)
            } else {
                format!("A{}", step.a % 12)
            },
        }),
        38 => Command::RenameAccount(RenameAccount {
            account: pick(&accounts, step.a)?,
            name: format!("A{}", step.b % 12),
        }),
        39 => Command::RenameGroup(RenameGroup {
            group: pick(&groups, step.a)?,
            name: format!(" g{}", step.b % 4),
        }),
        40 => {
            let pack = ws.pack(pick(&packs, step.a)?).ok()?;
            Command::EditPack(EditPack {
                pack: pack.id,
                name: format!("P{}", step.b % 6),
                description: pack.description.clone(),
                installation_guide: pack.installation_guide.clone(),
                user_guide: pack.user_guide.clone(),
                contact: pack.contact.clone(),
            })
        }
        12 => Command::AddAccountToGroup(AddAccountToGroup {
            group: pick(&groups, step.a)?,
            account: pick(&accounts, step.b)?,
        }),
        13 => Command::AddPackToGroup(AddPackToGroup {
            group: pick(&groups, step.a)?,
            pack: pick(&packs, step.b)?,
        }),
        14 => Command::RemovePackFromGroup(RemovePackFromGroup {
            group: pick(&groups, step.a)?,
            pack: pick(&packs, step.b)?,
        }),
        15 => Command::RemoveAccountFromGroup(RemoveAccountFromGroup {
            group: pick(&groups, step.a)?,
            account: pick(&accounts, step.b)?,
        }),
        16 => Command::Install(Install {
            account: pick(&accounts, step.a)?,
            pack: pick(&packs, step.b)?,
            integration_pack_override_name: (!step.flag).then(|| format!("I{}", step.days % 3)),
        }),
        17 => {
            // Mostly an instance of a pack in its testing period: applying early is what
            // lets accounts report.
            let waiting: Vec<_> = instances
                .iter()
                .copied()
                .filter(|id| {
                    ws.instance(*id)
                        .and_then(|i| ws.pack(i.pack))
                        .is_ok_and(|pack| pack.pending_release.is_some())
                })
                .collect();
            let pool = if waiting.is_empty() || step.days.is_multiple_of(4) {
                &instances
            } else {
                &waiting
            };
            let instance = ws.instance(pick(pool, step.a)?).ok()?;
            Command::ApplyPendingUpdate(ApplyPendingUpdate {
                account: instance.account,
                pack: instance.pack,
                instance: step.flag.then_some(instance.id),
            })
        }
        32 => Command::SetPublisherTimeZone(SetPublisherTimeZone {
            time_zone: PublisherZone::parse(pick(&ZONES, step.a)?).ok()?,
        }),
        // The clock moves with `world.now`, backwards too (see the test).
        34 => Command::SetClock(SetClock {
            clock: Clock::Simulated { at: world.now },
        }),
        // A release that picks older shareable versions: a rollback where one was released.
        36 => {
            let pack = ws.pack(pick(&packs, step.a)?).ok()?;
            let versions = pack
                .members
                .keys()
                .map(|component| {
                    let choices = queries::shareable_packages(ws, *component);
                    let oldest_first: Vec<_> = choices.iter().rev().map(|p| p.id).collect();
                    pick(&oldest_first, step.b).map(|package| (*component, package))
                })
                .collect::<Option<BTreeMap<_, _>>>()?;
            Command::ReleasePack(ReleasePack {
                pack: pack.id,
                versions,
                notes: String::new(),
                schedule: ReleaseSchedule::Immediately,
            })
        }
        // An account's settings: a value, back to the default, or the default kept.
        50..=52 => {
            let instance = ws.instance(pick(&instances, step.a)?).ok()?;
            let choice = match step.days % 3 {
                0 => FieldChoice::Set(format!("v{}", step.b)),
                1 => FieldChoice::Clear,
                _ => FieldChoice::KeepDefault,
            };
            Command::SetExtensionValues(SetExtensionValues {
                account: instance.account,
                instance: instance.id,
                kind: SharedComponentKind::Connection,
                component: if step.b.is_multiple_of(5) {
                    " shared "
                } else {
                    "Shared"
                }
                .to_owned(),
                changes: vec![FieldChange {
                    field: if step.flag { "url" } else { "user" }.to_owned(),
                    choice,
                }],
            })
        }
        // A report from an early applier (or, refused, from any instance).
        42 | 43 => {
            let early: Vec<_> = ws
                .packs()
                .flat_map(|pack| pack.early_instances.iter().copied())
                .collect();
            let pool = if step.days.is_multiple_of(4) {
                &instances
            } else {
                &early
            };
            let instance = ws.instance(pick(pool, step.a)?).ok()?;
            let pack = ws.pack(instance.pack).ok()?;
            Command::ReportOnUpdate(ReportOnUpdate {
                account: instance.account,
                instance: instance.id,
                release: pack.pending_release.unwrap_or(1),
                verdict: if step.flag {
                    Verdict::Works
                } else {
                    Verdict::Problem
                },
                text: if step.days.is_multiple_of(5) {
                    String::new()
                } else {
                    format!("Report {}", step.b)
                },
            })
        }
        44 => {
            let pack = ws.pack(pick(&packs, step.a)?).ok()?;
            // Mostly a report on the pending release; now and then a frozen one (refused).
            let reported: Vec<_> = pack
                .reports
                .iter()
                .filter(|r| step.days.is_multiple_of(4) || Some(r.release) == pack.pending_release)
                .map(|r| (r.release, r.instance))
                .collect();
            let (release, instance) = pick(&reported, step.b)?;
            Command::MarkProblemAddressed(MarkProblemAddressed {
                pack: pack.id,
                release,
                instance,
                by_release: step.flag.then_some(1),
            })
        }
        18 => {
            let instance = ws.instance(pick(&instances, step.a)?).ok()?;
            Command::Uninstall(Uninstall {
                account: instance.account,
                instance: instance.id,
            })
        }
        _ => {
            if step.flag {
                Command::DeleteGroup(DeleteGroup {
                    group: pick(&groups, step.a)?,
                })
            } else {
                Command::DeletePack(DeletePack {
                    pack: pick(&packs, step.a)?,
                })
            }
        }
    })
}

/// Zones whose offsets are far apart, so that zone changes move due instants a lot.
const ZONES: [&str; 6] = [
    "Europe/Berlin",
    "Asia/Tokyo",
    "America/Los_Angeles",
    "Pacific/Kiritimati",
    "Pacific/Pago_Pago",
    "UTC",
];

/// Time only moves forward: the log's instants never decrease, and no release was applied
/// before it was made.
fn check_time(ws: &Workspace, events: &[Event]) {
    assert!(
        events.windows(2).all(|pair| pair[0].at <= pair[1].at),
        "the log goes back in time"
    );
    assert_eq!(ws.newest_event_at(), events.last().map(|event| event.at));
    for pack in ws.packs() {
        for release in &pack.releases {
            if let Some(applied) = release.applied_at {
                assert!(
                    applied >= release.created_at,
                    "release {} of {} applied before it was made",
                    release.number,
                    pack.name
                );
            }
        }
    }
}

/// The invariants of issue 3, spelled out, and everything `check_integrity` checks.
fn check_invariants(ws: &Workspace) {
    assert_eq!(integrity::check_integrity(ws), Vec::<String>::new());
    // The name index, kept by `apply` since the first lookup, is what a scan finds.
    if let Some(index) = ws.name_index() {
        assert_eq!(index, NameIndex::scan(ws));
    }
    for pack in ws.packs() {
        let pending = pack
            .releases
            .iter()
            .filter(|r| r.status == ReleaseStatus::Pending)
            .count();
        assert!(pending <= 1, "{}: {pending} pending releases", pack.name);
        let numbers: Vec<u32> = pack.releases.iter().map(|r| r.number).collect();
        assert!(
            numbers.windows(2).all(|pair| pair[0] < pair[1]),
            "release numbers strictly increase"
        );
        if pack.installation_type == InstallationType::Single {
            let mut per_account: BTreeMap<_, usize> = BTreeMap::new();
            for instance in ws.instances().filter(|i| i.pack == pack.id) {
                *per_account.entry(instance.account).or_default() += 1;
            }
            assert!(
                per_account.values().all(|count| *count == 1),
                "single attachment installed twice"
            );
        }
    }
    for instance in ws.instances() {
        let pack = ws.pack(instance.pack).unwrap();
        let release = queries::instance_release(ws, instance).expect("an instance runs a release");
        let status = pack.release(release).unwrap().status;
        let early = pack.early_instances.contains(&instance.id);
        assert!(
            status == ReleaseStatus::Released || (early && status == ReleaseStatus::Pending),
            "instance {} runs release {release} ({status:?})",
            instance.id
        );
        assert!(
            queries::can_see(ws, instance.account, instance.pack),
            "instance on an account that cannot see its pack"
        );
    }
}

/// The testing period's counts the pack page shows equal a count made from the log: each
/// instance's latest report on the pending release, closed by an "addressed" mark.
fn check_report_counts(ws: &Workspace, events: &[Event]) {
    use packwright::domain::Change;
    for pack in ws.packs() {
        let Some(pending) = pack.pending_release else {
            continue;
        };
        // instance -> (verdict, open)
        let mut current: BTreeMap<_, (Verdict, bool)> = BTreeMap::new();
        for event in events {
            match &event.change {
                Change::UpdateReported {
                    pack: p,
                    release,
                    instance,
                    verdict,
                    ..
                } if *p == pack.id && *release == pending => {
                    current.insert(*instance, (*verdict, *verdict == Verdict::Problem));
                }
                Change::ProblemAddressed {
                    pack: p,
                    release,
                    instance,
                    ..
                } if *p == pack.id && *release == pending => {
                    current.get_mut(instance).expect("addressed a report").1 = false;
                }
                _ => {}
            }
        }
        let count = |wanted: Verdict| current.values().filter(|(v, _)| *v == wanted).count();
        let summary = queries::testing_summary(ws, pack, pending).expect("a pending release");
        assert_eq!(summary.works, count(Verdict::Works));
        assert_eq!(summary.problems, count(Verdict::Problem));
        let open = current.values().filter(|(_, open)| *open).count();
        assert_eq!(summary.open_problems, open);
        assert_eq!(queries::open_problems(pack), open);
        assert_eq!(summary.early_instances, pack.early_instances.len());
    }
}

/// Each instance's fields that need attention, counted from the log alone: the fields its
/// last move made new, less those its account set or kept at the default after that move.
fn check_attention_counts(ws: &Workspace, events: &[Event]) {
    use packwright::domain::{Change, InstanceId, PackId};
    use std::collections::{BTreeMap as Map, BTreeSet as Set};
    let mut running: Map<InstanceId, (PackId, u32)> = Map::new();
    let mut early: Map<PackId, Set<InstanceId>> = Map::new();
    let mut current: Map<PackId, u32> = Map::new();
    let mut moved: Map<InstanceId, (u32, u32)> = Map::new();
    let mut chosen: Map<InstanceId, Map<FieldKey, bool>> = Map::new();
    // Moves an instance to release `to`: what was new or chosen before no longer counts.
    let move_to = |instance: InstanceId,
                   to: u32,
                   running: &mut Map<InstanceId, (PackId, u32)>,
                   moved: &mut Map<InstanceId, (u32, u32)>,
                   chosen: &mut Map<InstanceId, Map<FieldKey, bool>>| {
        if let Some((_, from)) = running.get_mut(&instance) {
            if *from != to {
                moved.insert(instance, (*from, to));
                chosen.remove(&instance);
                *from = to;
            }
        }
    };
    for event in events {
        match &event.change {
            Change::PackInstalled {
                instance,
                pack,
                release,
                ..
            } => {
                running.insert(*instance, (*pack, *release));
            }
            Change::PackUninstalled { instance, .. } => {
                running.remove(instance);
            }
            Change::PackReleased { pack, release, .. } => {
                let all: Vec<_> = running
                    .iter()
                    .filter(|(_, (p, _))| p == pack)
                    .map(|(i, _)| *i)
                    .collect();
                for instance in all {
                    move_to(instance, *release, &mut running, &mut moved, &mut chosen);
                }
                current.insert(*pack, *release);
                early.remove(pack);
            }
            Change::ScheduledReleaseApplied { pack, release, .. } => {
                let tried = early.remove(pack).unwrap_or_default();
                let all: Vec<_> = running
                    .iter()
                    .filter(|(i, (p, _))| p == pack && !tried.contains(i))
                    .map(|(i, _)| *i)
                    .collect();
                for instance in all {
                    move_to(instance, *release, &mut running, &mut moved, &mut chosen);
                }
                current.insert(*pack, *release);
            }
            Change::PendingUpdateAppliedEarly {
                pack,
                release,
                instances,
                ..
            } => {
                for instance in instances {
                    move_to(*instance, *release, &mut running, &mut moved, &mut chosen);
                    early.entry(*pack).or_default().insert(*instance);
                }
            }
            Change::PendingReleaseCancelled { pack, .. } => {
                for instance in early.remove(pack).unwrap_or_default() {
                    move_to(
                        instance,
                        current[pack],
                        &mut running,
                        &mut moved,
                        &mut chosen,
                    );
                }
            }
            Change::ExtensionValuesChanged {
                instance,
                kind,
                component,
                changes,
                ..
            } => {
                for change in changes {
                    let key = FieldKey::new(*kind, component, &change.field);
                    let resolved = !matches!(change.choice, FieldChoice::Clear);
                    chosen.entry(*instance).or_default().insert(key, resolved);
                }
            }
            _ => {}
        }
    }
    for pack in ws.packs() {
        let needing = pack
            .instances
            .iter()
            .filter(|instance| {
                let Some((from, to)) = moved.get(instance) else {
                    return false;
                };
                let new = configuration::fields_not_in(
                    &configuration::release_fields(ws, pack, *to),
                    &configuration::release_fields(ws, pack, *from),
                );
                let chosen = chosen.get(instance);
                new.iter()
                    .any(|key| !chosen.and_then(|c| c.get(key)).copied().unwrap_or(false))
            })
            .count();
        assert_eq!(
            queries::instances_needing_attention(ws, pack),
            needing,
            "{}",
            pack.name
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn random_command_sequences_keep_every_invariant(steps in steps()) {
        let mut world = World::new();
        // Start from a live install base: two released packs, each installed in a group,
        // one of them in its testing period (so that accounts apply early and report).
        let orders = world.installed_pack("Orders");
        world.pack_in_testing("Invoices", "2027-01-15");
        // Orders' release 2 makes a field extensible: accounts have settings to fill in.
        world.package_with(orders.first, "1.1", true, vec![shared("Shared", &["url"])]);
        world.release_now(orders.pack);
        for step in &steps {
            world.now += TimeDelta::hours(i64::from(step.hours));
            if (34..=35).contains(&step.kind) {
                // A clock move, forwards or (refused while the log is later) backwards.
                world.now -= TimeDelta::hours(i64::from(step.days) * 6);
            }
            if let Some(command) = command_for(&world, step) {
                let _ = world.run(command);
            } else {
                world.tick();
            }
            check_invariants(&world.workspace);
            check_report_counts(&world.workspace, &world.events);
            check_attention_counts(&world.workspace, &world.events);
            check_time(&world.workspace, &world.events);
            prop_assert_eq!(&Workspace::replay(&world.events), &world.workspace);
        }
        prop_assert_eq!(&Workspace::replay(&world.events), &world.workspace);
        prop_assert_eq!(&integrity::replay_checked(&world.events).unwrap(), &world.workspace);
        let events: Vec<Event> = serde_json::from_str(&serde_json::to_string(&world.events).unwrap()).unwrap();
        prop_assert_eq!(&events, &world.events);
        let state: Workspace = serde_json::from_str(&serde_json::to_string(&world.workspace).unwrap()).unwrap();
        prop_assert_eq!(&state, &world.workspace);
    }
}
