//! A small world for rulebook tests: a workspace, its events and a clock, with one-line
//! helpers for the things most scenarios need.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, NaiveDate, Utc};

use packwright::domain::command::{
    AddAccountToGroup, AddMember, AddPackToGroup, ApplyPendingUpdate, CreateAccount,
    CreateComponent, CreateGroup, CreatePack, CreatePackage, EditPack, Install, ReleasePack,
    SetPublisherTimeZone,
};
use packwright::domain::model::{
    ComponentKind, Contact, DeploymentModel, InstallationType, ReleaseSchedule, SharedComponent,
    SharedComponentKind,
};
use packwright::domain::queries;
use packwright::domain::{
    decide, tick, AccountId, Command, ComponentId, DomainError, Event, GroupId, InstanceId, PackId,
    PackageId, PublisherZone, Workspace,
};

pub fn utc(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap()
        .with_timezone(&Utc)
}

pub fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

pub fn on(text: &str) -> ReleaseSchedule {
    ReleaseSchedule::ReleaseOnSpecifiedDate {
        release_on_date: date(text),
    }
}

pub fn shared(name: &str, fields: &[&str]) -> SharedComponent {
    SharedComponent {
        name: name.to_owned(),
        kind: SharedComponentKind::Connection,
        extensible_fields: fields.iter().map(|field| field.to_string()).collect(),
    }
}

pub struct World {
    pub workspace: Workspace,
    pub events: Vec<Event>,
    pub now: DateTime<Utc>,
}

impl World {
    /// A publisher in Europe/Berlin on 2026-11-25 at 11:00 local time.
    pub fn new() -> World {
        let mut world = World {
            workspace: Workspace::default(),
            events: Vec::new(),
            now: utc("2026-11-25T10:00:00Z"),
        };
        world.ok(Command::SetPublisherTimeZone(SetPublisherTimeZone {
            time_zone: PublisherZone::parse("Europe/Berlin").unwrap(),
        }));
        world
    }

    /// Ticks, then decides and applies the command, as the app does.
    pub fn run(&mut self, command: Command) -> Result<Vec<Event>, DomainError> {
        self.tick();
        let events = decide(&self.workspace, command, self.now)?;
        self.record(&events);
        Ok(events)
    }

    pub fn ok(&mut self, command: Command) -> Vec<Event> {
        let description = format!("{command:?}");
        self.run(command)
            .unwrap_or_else(|error| panic!("{description} was refused: {error}"))
    }

    /// Runs a command that must be refused, and checks that nothing changed.
    pub fn refused(&mut self, command: Command) -> DomainError {
        self.tick();
        let before = self.workspace.clone();
        let error =
            decide(&self.workspace, command, self.now).expect_err("the command was accepted");
        assert_eq!(
            self.workspace, before,
            "a refused command changed the workspace"
        );
        error
    }

    pub fn tick(&mut self) -> Vec<Event> {
        let events = tick(&self.workspace, self.now);
        self.record(&events);
        events
    }

    pub fn advance_to(&mut self, instant: &str) -> Vec<Event> {
        self.now = utc(instant);
        self.tick()
    }

    fn record(&mut self, events: &[Event]) {
        for event in events {
            self.workspace.apply(event);
            self.events.push(event.clone());
        }
    }

    pub fn component(&mut self, name: &str, kind: ComponentKind) -> ComponentId {
        self.ok(Command::CreateComponent(CreateComponent {
            name: name.to_owned(),
            kind,
        }));
        self.workspace
            .components()
            .find(|component| component.name == name)
            .unwrap()
            .id
    }

    pub fn process(&mut self, name: &str) -> ComponentId {
        self.component(name, ComponentKind::Process)
    }

    pub fn package(&mut self, component: ComponentId, version: &str, shareable: bool) -> PackageId {
        self.package_with(component, version, shareable, Vec::new())
    }

    pub fn package_with(
        &mut self,
        component: ComponentId,
        version: &str,
        shareable: bool,
        shared_components: Vec<SharedComponent>,
    ) -> PackageId {
        self.ok(Command::CreatePackage(CreatePackage {
            component,
            version: version.to_owned(),
            notes: String::new(),
            shareable,
            shared_components,
        }));
        *self
            .workspace
            .component(component)
            .unwrap()
            .packages
            .last()
            .unwrap()
    }

    /// A process with one shareable version 1.0.
    pub fn packaged_process(&mut self, name: &str) -> (ComponentId, PackageId) {
        let component = self.process(name);
        let package = self.package(component, "1.0", true);
        (component, package)
    }

    pub fn pack(&mut self, name: &str, installation_type: InstallationType) -> PackId {
        self.ok(Command::CreatePack(CreatePack {
            name: name.to_owned(),
            description: format!("{name} for everyone"),
            installation_type,
            deployment_model: DeploymentModel::Packaged,
        }));
        self.workspace
            .packs()
            .find(|pack| pack.name == name)
            .unwrap()
            .id
    }

    pub fn member(&mut self, pack: PackId, component: ComponentId) {
        self.ok(Command::AddMember(AddMember {
            pack,
            component,
            package: None,
        }));
    }

    /// A single-attachment pack of two processes, each with a shareable 1.0, with guides.
    pub fn pack_of_two(&mut self, name: &str) -> (PackId, ComponentId, ComponentId) {
        let (first, _) = self.packaged_process(&format!("{name} Inbound"));
        let (second, _) = self.packaged_process(&format!("{name} Outbound"));
        let pack = self.pack(name, InstallationType::Single);
        self.member(pack, first);
        self.member(pack, second);
        self.documented(pack);
        (pack, first, second)
    }

    pub fn documented(&mut self, pack: PackId) {
        let current = self.workspace.pack(pack).unwrap().clone();
        self.ok(Command::EditPack(EditPack {
            pack,
            name: current.name,
            description: current.description,
            installation_guide: "Install the connector first.".to_owned(),
            user_guide: "Run the process daily.".to_owned(),
            contact: Contact {
                name: "Support".to_owned(),
                email: "support@example.com".to_owned(),
                phone: String::new(),
            },
        }));
    }

    pub fn default_versions(&self, pack: PackId) -> BTreeMap<ComponentId, PackageId> {
        queries::default_candidate(&self.workspace, self.workspace.pack(pack).unwrap())
    }

    pub fn release_now(&mut self, pack: PackId) -> u32 {
        let versions = self.default_versions(pack);
        self.ok(Command::ReleasePack(ReleasePack {
            pack,
            versions,
            notes: String::new(),
            schedule: ReleaseSchedule::Immediately,
        }));
        self.workspace.pack(pack).unwrap().current_release.unwrap()
    }

    pub fn schedule(&mut self, pack: PackId, day: &str) -> u32 {
        let versions = self.default_versions(pack);
        self.ok(Command::ReleasePack(ReleasePack {
            pack,
            versions,
            notes: String::new(),
            schedule: on(day),
        }));
        self.workspace.pack(pack).unwrap().pending_release.unwrap()
    }

    pub fn group(&mut self, name: &str) -> GroupId {
        self.ok(Command::CreateGroup(CreateGroup {
            name: name.to_owned(),
        }));
        self.workspace
            .groups()
            .find(|group| group.name == name)
            .unwrap()
            .id
    }

    pub fn account(&mut self, name: &str) -> AccountId {
        self.ok(Command::CreateAccount(CreateAccount {
            name: name.to_owned(),
        }));
        self.workspace
            .accounts()
            .find(|account| account.name == name)
            .unwrap()
            .id
    }

    pub fn account_in(&mut self, name: &str, group: GroupId) -> AccountId {
        let account = self.account(name);
        self.ok(Command::AddAccountToGroup(AddAccountToGroup {
            group,
            account,
        }));
        account
    }

    pub fn offer(&mut self, group: GroupId, pack: PackId) {
        self.ok(Command::AddPackToGroup(AddPackToGroup { group, pack }));
    }

    pub fn install(&mut self, account: AccountId, pack: PackId) -> InstanceId {
        self.install_named(account, pack, None)
    }

    pub fn install_as(&mut self, account: AccountId, pack: PackId, name: &str) -> InstanceId {
        self.install_named(account, pack, Some(name.to_owned()))
    }

    fn install_named(
        &mut self,
        account: AccountId,
        pack: PackId,
        name: Option<String>,
    ) -> InstanceId {
        let events = self.ok(Command::Install(Install {
            account,
            pack,
            integration_pack_override_name: name,
        }));
        match &events[0].change {
            packwright::domain::Change::PackInstalled { instance, .. } => *instance,
            other => panic!("expected an install, got {other:?}"),
        }
    }

    /// The installed account applies the pending release early to all its instances.
    pub fn apply_early(&mut self, installed: &Installed) {
        self.ok(Command::ApplyPendingUpdate(ApplyPendingUpdate {
            account: installed.account,
            pack: installed.pack,
            instance: None,
        }));
    }

    /// A pack "Sales" of two processes that share the Salesforce connection, each package
    /// extending the fields given.
    pub fn sharing_salesforce(
        &mut self,
        orders_fields: &[&str],
        invoices_fields: &[&str],
    ) -> PackId {
        let orders = self.process("Orders In");
        self.package_with(
            orders,
            "1.0",
            true,
            vec![shared("Salesforce", orders_fields)],
        );
        let invoices = self.process("Invoices Out");
        self.package_with(
            invoices,
            "2.0",
            true,
            vec![shared("Salesforce", invoices_fields)],
        );
        let pack = self.pack("Sales", InstallationType::Single);
        self.member(pack, orders);
        self.member(pack, invoices);
        pack
    }

    /// The release an instance runs.
    pub fn release_of(&self, instance: InstanceId) -> Option<u32> {
        queries::instance_release(&self.workspace, self.workspace.instance(instance).unwrap())
    }

    /// A released pack of two processes offered to a group with one account that installed it.
    pub fn installed_pack(&mut self, name: &str) -> Installed {
        let (pack, first, second) = self.pack_of_two(name);
        self.release_now(pack);
        let group = self.group(&format!("{name} customers"));
        self.offer(group, pack);
        let account = self.account_in(&format!("{name} Ltd"), group);
        let instance = self.install(account, pack);
        Installed {
            pack,
            first,
            second,
            group,
            account,
            instance,
        }
    }

    /// `installed_pack`, then version 1.1 of its first process and release 2 scheduled
    /// for `day`: a pack in its testing period.
    pub fn pack_in_testing(&mut self, name: &str, day: &str) -> Installed {
        let installed = self.installed_pack(name);
        self.package(installed.first, "1.1", true);
        self.schedule(installed.pack, day);
        installed
    }

    pub fn sentences(&self) -> Vec<String> {
        let zone = self.workspace.publisher().time_zone;
        self.events
            .iter()
            .map(|event| event.sentence(zone))
            .collect()
    }

    pub fn visible(&self, account: AccountId) -> BTreeSet<PackId> {
        queries::visible_packs(&self.workspace, account)
    }
}

pub struct Installed {
    pub pack: PackId,
    pub first: ComponentId,
    pub second: ComponentId,
    pub group: GroupId,
    pub account: AccountId,
    pub instance: InstanceId,
}
