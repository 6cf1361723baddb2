//! The release engine's speed goals, measured natively (`cargo bench --bench engine`).
//!
//! Each figure is the median of repeated runs, timed with `std::time::Instant` around
//! the engine calls only; building the workspace is not timed.

use std::collections::BTreeMap;
use std::hint::black_box;
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeDelta, Utc};

use packwright::domain::boomi::{plan_import, read_files};
use packwright::domain::command::{
    AddAccountToGroup, AddMember, AddPackToGroup, CreateAccount, CreateComponent, CreateGroup,
    CreatePack, CreatePackage, Install, ReleasePack, SetPublisherTimeZone,
};
use packwright::domain::integrity::check_integrity;
use packwright::domain::model::{
    ComponentKind, DeploymentModel, InstallationType, ReleaseSchedule,
};
use packwright::domain::queries;
use packwright::domain::{
    decide, tick, AccountId, Command, ComponentId, GroupId, PackId, PackageId, PublisherZone,
    Workspace,
};

#[path = "support/boomi_account.rs"]
mod boomi_account;

use boomi_account::boomi_account;

struct Bench {
    workspace: Workspace,
    now: DateTime<Utc>,
}

impl Bench {
    fn new() -> Bench {
        let mut bench = Bench {
            workspace: Workspace::default(),
            now: "2026-11-25T10:00:00Z".parse().unwrap(),
        };
        bench.run(Command::SetPublisherTimeZone(SetPublisherTimeZone {
            time_zone: PublisherZone::parse("Europe/Berlin").unwrap(),
        }));
        bench
    }

    fn run(&mut self, command: Command) {
        let events = decide(&self.workspace, command, self.now).expect("bench command refused");
        for event in &events {
            self.workspace.apply(event);
        }
    }

    fn last_id(&self) -> u32 {
        self.workspace.next_id() - 1
    }

    fn component_with_versions(
        &mut self,
        name: &str,
        versions: usize,
    ) -> (ComponentId, Vec<PackageId>) {
        self.run(Command::CreateComponent(CreateComponent {
            name: name.into(),
            kind: ComponentKind::Process,
        }));
        let component = ComponentId(self.last_id());
        let packages = (0..versions)
            .map(|version| {
                self.run(Command::CreatePackage(CreatePackage {
                    component,
                    version: format!("1.{version}"),
                    notes: String::new(),
                    shareable: true,
                    shared_components: Vec::new(),
                }));
                PackageId(self.last_id())
            })
            .collect();
        (component, packages)
    }

    fn released_pack(
        &mut self,
        name: &str,
        installation_type: InstallationType,
    ) -> (PackId, ComponentId, Vec<PackageId>) {
        let (component, packages) = self.component_with_versions(&format!("{name} process"), 2);
        let (second, _) = self.component_with_versions(&format!("{name} second process"), 1);
        self.run(Command::CreatePack(CreatePack {
            name: name.into(),
            description: String::new(),
            installation_type,
            deployment_model: DeploymentModel::Packaged,
        }));
        let pack = PackId(self.last_id());
        self.run(Command::AddMember(AddMember {
            pack,
            component,
            package: Some(packages[0]),
        }));
        self.run(Command::AddMember(AddMember {
            pack,
            component: second,
            package: None,
        }));
        let versions = self.workspace.pack(pack).unwrap().members.clone();
        self.run(Command::ReleasePack(ReleasePack {
            pack,
            versions,
            notes: String::new(),
            schedule: ReleaseSchedule::Immediately,
        }));
        (pack, component, packages)
    }

    fn group(&mut self, name: &str) -> GroupId {
        self.run(Command::CreateGroup(CreateGroup { name: name.into() }));
        GroupId(self.last_id())
    }

    fn account(&mut self, name: &str) -> AccountId {
        self.run(Command::CreateAccount(CreateAccount { name: name.into() }));
        AccountId(self.last_id())
    }
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn report(what: &str, samples: Vec<Duration>, goal: Duration) {
    let runs = samples.len();
    let median = median(samples);
    let verdict = if median < goal { "meets" } else { "MISSES" };
    println!("{what}: median {median:?} over {runs} runs ({verdict} the goal of {goal:?})");
}

/// An immediate release of `pack`, alternating the member between two versions so that
/// every release changes something. Returns the time to decide and apply it.
fn time_release(
    bench: &mut Bench,
    pack: PackId,
    component: ComponentId,
    packages: &[PackageId],
    round: usize,
) -> Duration {
    let mut versions: BTreeMap<ComponentId, PackageId> =
        bench.workspace.pack(pack).unwrap().members.clone();
    versions.insert(component, packages[(round + 1) % 2]);
    let command = Command::ReleasePack(ReleasePack {
        pack,
        versions,
        notes: String::new(),
        schedule: ReleaseSchedule::Immediately,
    });
    let started = Instant::now();
    let events = decide(&bench.workspace, command, bench.now).unwrap();
    for event in &events {
        bench.workspace.apply(event);
    }
    let elapsed = started.elapsed();
    black_box(events);
    elapsed
}

fn large_install_base() {
    const ACCOUNTS: usize = 20_000;
    const INSTANCES_PER_ACCOUNT: usize = 5;
    let mut bench = Bench::new();
    let (big, component, packages) = bench.released_pack("Store Sync", InstallationType::Multi);
    let (small, small_component, small_packages) =
        bench.released_pack("Small Pack", InstallationType::Single);
    let group = bench.group("Everyone");
    bench.run(Command::AddPackToGroup(AddPackToGroup { group, pack: big }));
    bench.run(Command::AddPackToGroup(AddPackToGroup {
        group,
        pack: small,
    }));
    let building = Instant::now();
    for index in 0..ACCOUNTS {
        let account = bench.account(&format!("Account {index:05}"));
        bench.run(Command::AddAccountToGroup(AddAccountToGroup {
            group,
            account,
        }));
        for store in 0..INSTANCES_PER_ACCOUNT {
            bench.run(Command::Install(Install {
                account,
                pack: big,
                integration_pack_override_name: Some(format!("Store {store}")),
            }));
        }
        if index < 10 {
            bench.run(Command::Install(Install {
                account,
                pack: small,
                integration_pack_override_name: None,
            }));
        }
    }
    println!(
        "built {} accounts and {} instances in {:?} (not timed below)",
        ACCOUNTS,
        bench.workspace.instances().count(),
        building.elapsed()
    );

    // What an import of this workspace's file (or an import from Boomi into it) checks.
    let samples = (0..5)
        .map(|_| {
            let started = Instant::now();
            let problems = check_integrity(black_box(&bench.workspace));
            assert!(problems.is_empty(), "{problems:?}");
            started.elapsed()
        })
        .collect();
    report(
        "check_integrity of 20,000 accounts and 100,000 instances",
        samples,
        Duration::from_millis(500),
    );

    let samples = (0..21)
        .map(|round| time_release(&mut bench, big, component, &packages, round))
        .collect();
    report(
        "immediate release of a pack with 100,000 instances in 20,000 accounts (decide + apply)",
        samples,
        Duration::from_millis(50),
    );
    let samples = (0..21)
        .map(|round| time_release(&mut bench, small, small_component, &small_packages, round))
        .collect();
    report(
        "immediate release of a pack with 10 instances in the same workspace",
        samples,
        Duration::from_millis(1),
    );
}

fn thousand_packs_nothing_due() {
    let mut bench = Bench::new();
    for index in 0..1_000 {
        let (pack, component, packages) =
            bench.released_pack(&format!("Pack {index:04}"), InstallationType::Single);
        if index % 2 == 0 {
            let mut versions = bench.workspace.pack(pack).unwrap().members.clone();
            versions.insert(component, packages[1]);
            let release_on_date = "2027-01-15".parse().unwrap();
            bench.run(Command::ReleasePack(ReleasePack {
                pack,
                versions,
                notes: String::new(),
                schedule: ReleaseSchedule::ReleaseOnSpecifiedDate { release_on_date },
            }));
        }
    }
    let samples = (0..101)
        .map(|round| {
            let now = bench.now + TimeDelta::minutes(round);
            let started = Instant::now();
            let due = tick(black_box(&bench.workspace), now);
            let elapsed = started.elapsed();
            assert!(due.is_empty());
            elapsed
        })
        .collect();
    report(
        "tick with 1,000 packs (500 pending) and nothing due",
        samples,
        Duration::from_millis(1),
    );
}

fn hundred_groups() {
    let mut bench = Bench::new();
    let account = bench.account("Member of everything");
    for index in 0..100 {
        let (pack, _, _) =
            bench.released_pack(&format!("Pack {index:03}"), InstallationType::Single);
        let group = bench.group(&format!("Group {index:03}"));
        bench.run(Command::AddAccountToGroup(AddAccountToGroup {
            group,
            account,
        }));
        bench.run(Command::AddPackToGroup(AddPackToGroup { group, pack }));
    }
    let samples = (0..101)
        .map(|_| {
            let started = Instant::now();
            let visible = queries::visible_packs(black_box(&bench.workspace), account);
            let elapsed = started.elapsed();
            assert_eq!(visible.len(), 100);
            elapsed
        })
        .collect();
    report(
        "the packs an account in 100 groups may see",
        samples,
        Duration::from_millis(1),
    );
}

fn main() {
    // `cargo test` runs benches with --bench absent; only measure when asked to.
    if !std::env::args().any(|argument| argument == "--bench") {
        return;
    }
    large_install_base();
    thousand_packs_nothing_due();
    hundred_groups();
    boomi_import();
    configuration_impact();
}

/// A release's impact on configuration (domain.md, "Extension values") for a pack of
/// 100,000 instances, 20,000 of them with a value: the next version drops one field and
/// adds another. The wizard computes it on every change of its choices.
fn configuration_impact() {
    use packwright::domain::command::SetExtensionValues;
    use packwright::domain::configuration::{FieldChange, FieldChoice};
    use packwright::domain::model::{SharedComponent, SharedComponentKind};
    let connection = |fields: &[&str]| SharedComponent {
        name: "Store API".into(),
        kind: SharedComponentKind::Connection,
        extensible_fields: fields.iter().map(|field| field.to_string()).collect(),
    };
    let mut bench = Bench::new();
    bench.run(Command::CreateComponent(CreateComponent {
        name: "Store Sync".into(),
        kind: ComponentKind::Process,
    }));
    let component = ComponentId(bench.last_id());
    let package = |bench: &mut Bench, version: &str, fields: &[&str]| {
        bench.run(Command::CreatePackage(CreatePackage {
            component,
            version: version.into(),
            notes: String::new(),
            shareable: true,
            shared_components: vec![connection(fields)],
        }));
        PackageId(bench.last_id())
    };
    package(&mut bench, "1.0", &["url", "user"]);
    bench.run(Command::CreatePack(CreatePack {
        name: "Stores".into(),
        description: String::new(),
        installation_type: InstallationType::Multi,
        deployment_model: DeploymentModel::Packaged,
    }));
    let pack = PackId(bench.last_id());
    bench.run(Command::AddMember(AddMember {
        pack,
        component,
        package: None,
    }));
    let versions =
        queries::default_candidate(&bench.workspace, bench.workspace.pack(pack).unwrap());
    bench.run(Command::ReleasePack(ReleasePack {
        pack,
        versions,
        notes: String::new(),
        schedule: ReleaseSchedule::Immediately,
    }));
    let group = bench.group("Everyone");
    bench.run(Command::AddPackToGroup(AddPackToGroup { group, pack }));
    for index in 0..20_000 {
        let account = bench.account(&format!("Account {index:05}"));
        bench.run(Command::AddAccountToGroup(AddAccountToGroup {
            group,
            account,
        }));
        for store in 0..5 {
            bench.run(Command::Install(Install {
                account,
                pack,
                integration_pack_override_name: Some(format!("Store {store}")),
            }));
            if store == 0 {
                let instance = packwright::domain::InstanceId(bench.last_id());
                bench.run(Command::SetExtensionValues(SetExtensionValues {
                    account,
                    instance,
                    kind: SharedComponentKind::Connection,
                    component: "Store API".into(),
                    changes: vec![FieldChange {
                        field: if index % 2 == 0 { "url" } else { "user" }.into(),
                        choice: FieldChoice::Set(format!("value {index}")),
                    }],
                }));
            }
        }
    }
    let next = package(&mut bench, "1.1", &["url", "token"]);
    let candidate = BTreeMap::from([(component, next)]);
    let samples: Vec<Duration> = (0..11)
        .map(|_| {
            let started = Instant::now();
            let check = packwright::domain::check_release(
                black_box(&bench.workspace),
                pack,
                &candidate,
                ReleaseSchedule::Immediately,
                bench.now,
            )
            .unwrap();
            let elapsed = started.elapsed();
            assert_eq!(check.impact.configuration.len(), 3);
            elapsed
        })
        .collect();
    let worst = *samples.iter().max().unwrap();
    let best = *samples.iter().min().unwrap();
    println!("  (configuration impact runs: fastest {best:?}, slowest {worst:?})");
    report(
        "A release's check with its configuration impact, 100,000 instances, 20,000 values",
        samples,
        Duration::from_millis(50),
    );
}

/// Reading and planning an import of that account (what the preview does, and again at
/// confirm time), into an empty workspace and again into the imported one.
fn boomi_import() {
    let files = boomi_account(500);
    let now: DateTime<Utc> = "2026-11-25T10:00:00Z".parse().unwrap();
    let mut samples = Vec::new();
    let mut imported = Workspace::default();
    for _ in 0..7 {
        let started = Instant::now();
        let data = read_files(black_box(&files)).expect("bench files refused");
        let plan = plan_import(&Workspace::default(), &data, now).expect("bench import refused");
        samples.push(started.elapsed());
        if imported.next_id() == 1 {
            assert_eq!(plan.preview.created.instances, 1_000);
            for event in &plan.events {
                imported.apply(event);
            }
        }
    }
    report(
        "Import from Boomi, 30 packs, 500 accounts, 1,000 instances (read + plan)",
        samples,
        Duration::from_millis(500),
    );
    let data = read_files(&files).unwrap();
    let samples = (0..7)
        .map(|_| {
            let started = Instant::now();
            let plan = plan_import(black_box(&imported), &data, now).unwrap();
            assert!(plan.events.is_empty());
            started.elapsed()
        })
        .collect();
    report(
        "The same import again, into the imported workspace (nothing new)",
        samples,
        Duration::from_millis(500),
    );
}
