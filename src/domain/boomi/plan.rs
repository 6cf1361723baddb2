//! Planning an import from Boomi: the events that bring what `read_files` read into a
//! workspace, decided command by command against a copy of it, and the preview of what
//! they create, skip and assume.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use crate::domain::boomi::error::{BoomiError, Problem};
use crate::domain::boomi::read::{
    component_kind, BoomiData, BoomiPackage, BoomiScheduled, GroupLink, Origin,
};
use crate::domain::command::Command;
use crate::domain::decide::decide;
use crate::domain::error::DomainError;
use crate::domain::event::{plural, Event};
use crate::domain::ids::{AccountId, ComponentId, GroupId, InstanceId, PackId, PackageId};
use crate::domain::model::{
    BoomiLink, BoomiThing, ComponentKind, DeploymentModel, InstallationType, ReleaseSchedule,
};
use crate::domain::workspace::Workspace;

/// How many things of each kind.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ImportCounts {
    pub components: usize,
    pub packages: usize,
    pub packs: usize,
    pub current_releases: usize,
    pub scheduled_releases: usize,
    pub groups: usize,
    pub accounts: usize,
    pub group_accounts: usize,
    pub group_packs: usize,
    pub instances: usize,
}

impl ImportCounts {
    /// One line per kind with a count, as the preview lists them.
    pub fn lines(&self) -> Vec<String> {
        [
            (self.components, "component", "components"),
            (self.packages, "packaged component", "packaged components"),
            (self.packs, "integration pack", "integration packs"),
            (self.current_releases, "current release", "current releases"),
            (
                self.scheduled_releases,
                "scheduled release",
                "scheduled releases",
            ),
            (self.groups, "account group", "account groups"),
            (self.accounts, "managed account", "managed accounts"),
            (
                self.group_accounts,
                "account in a group",
                "accounts in groups",
            ),
            (
                self.group_packs,
                "pack shared with a group",
                "packs shared with groups",
            ),
            (self.instances, "installed instance", "installed instances"),
        ]
        .into_iter()
        .filter(|(count, ..)| *count > 0)
        .map(|(count, one, many)| plural(count, one, many))
        .collect()
    }

    pub fn is_empty(&self) -> bool {
        self.lines().is_empty()
    }
}

/// What the import will do, for the user to confirm.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportPreview {
    pub created: ImportCounts,
    /// Each pack the import creates, as it will stand: its current release, the release
    /// it schedules, or the members staged for its next release.
    pub packs: Vec<String>,
    /// Things whose Boomi id the workspace already has: left as they are.
    pub already_there: ImportCounts,
    /// What was left out, each with why.
    pub skipped: Vec<String>,
    /// What Boomi does not say and the import had to assume.
    pub assumptions: Vec<String>,
}

/// The events an import makes, and its preview.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportPlan {
    pub events: Vec<Event>,
    pub preview: ImportPreview,
}

/// The events that bring `data` into `workspace` at `now` (every command decided against
/// the workspace as the earlier ones left it), or the first thing refused, named by file
/// and field. The caller applies due releases first, as for any command.
pub fn plan_import(
    workspace: &Workspace,
    data: &BoomiData,
    now: DateTime<Utc>,
) -> Result<ImportPlan, BoomiError> {
    let mut plan = Planner::new(workspace, now);
    plan.components_and_packages(data)?;
    let scheduled = plan.packs(data)?;
    plan.accounts(data)?;
    plan.groups(data)?;
    plan.instances(data)?;
    plan.schedule(scheduled)?;
    plan.finish(data)
}

/// The workspace as the import builds it, and what it has done so far.
struct Planner {
    workspace: Workspace,
    now: DateTime<Utc>,
    events: Vec<Event>,
    links: Vec<BoomiLink>,
    preview: ImportPreview,
    components: BTreeMap<String, ComponentId>,
    packages: BTreeMap<String, PackageId>,
    packs: BTreeMap<String, PackId>,
    groups: BTreeMap<String, GroupId>,
    accounts: BTreeMap<String, AccountId>,
    instances: BTreeMap<String, InstanceId>,
    /// Things given another name than Boomi's, to keep names unique.
    renamed: Vec<String>,
    named_by_id: usize,
    /// Instances of multiple-attachments packs named here, for want of an override name.
    unnamed_instances: usize,
    /// The All Accounts group whose members were taken from the Account results.
    all_accounts_assumed: Option<String>,
    /// The packs this import creates, in order.
    created_packs: Vec<PackId>,
}

impl Planner {
    fn new(workspace: &Workspace, now: DateTime<Utc>) -> Planner {
        let mut planner = Planner {
            workspace: workspace.clone(),
            now,
            events: Vec::new(),
            links: Vec::new(),
            preview: ImportPreview::default(),
            components: BTreeMap::new(),
            packages: BTreeMap::new(),
            packs: BTreeMap::new(),
            groups: BTreeMap::new(),
            accounts: BTreeMap::new(),
            instances: BTreeMap::new(),
            renamed: Vec::new(),
            named_by_id: 0,
            unnamed_instances: 0,
            all_accounts_assumed: None,
            created_packs: Vec::new(),
        };
        for (thing, boomi_id) in &workspace.boomi_ids {
            let boomi_id = boomi_id.clone();
            match *thing {
                BoomiThing::Component(id) => planner.components.insert(boomi_id, id).map(drop),
                BoomiThing::Package(id) => planner.packages.insert(boomi_id, id).map(drop),
                BoomiThing::Pack(id) => planner.packs.insert(boomi_id, id).map(drop),
                BoomiThing::Group(id) => planner.groups.insert(boomi_id, id).map(drop),
                BoomiThing::Account(id) => planner.accounts.insert(boomi_id, id).map(drop),
                BoomiThing::Instance(id) => planner.instances.insert(boomi_id, id).map(drop),
            };
        }
        planner
    }

    /// Decides `command` against the workspace so far and folds its events in.
    fn run(&mut self, command: Command) -> Result<(), DomainError> {
        let events = decide(&self.workspace, command, self.now)?;
        for event in &events {
            self.workspace.apply(event);
        }
        self.events.extend(events);
        Ok(())
    }

    /// The id of the thing the last create command made.
    fn created(&self) -> u32 {
        self.workspace.next_id() - 1
    }

    fn link(&mut self, thing: BoomiThing, boomi_id: &str) {
        self.links.push(BoomiLink {
            thing,
            boomi_id: boomi_id.to_owned(),
            name: None,
        });
    }

    /// Runs a create command under Boomi's name, or, when another thing of its kind has
    /// that name already, under the name followed by its Boomi id.
    fn create_named(
        &mut self,
        name: &str,
        boomi_id: &str,
        origin: &Origin,
        field: &str,
        make: impl Fn(String) -> Command,
    ) -> Result<(), BoomiError> {
        match self.run(make(name.to_owned())) {
            Err(DomainError::DuplicateName { subject, .. }) => {
                let renamed = format!("{} ({boomi_id})", name.trim());
                self.run(make(renamed.clone()))
                    .map_err(origin.refused(field))?;
                self.renamed.push(format!(
                    "{} \u{201c}{}\u{201d} is named \u{201c}{renamed}\u{201d}: the workspace already has {} of that name.",
                    capitalized(subject.noun()),
                    name.trim(),
                    crate::domain::error::with_article(subject.noun()),
                ));
                Ok(())
            }
            other => other.map_err(origin.refused(field)),
        }
    }

    fn components_and_packages(&mut self, data: &BoomiData) -> Result<(), BoomiError> {
        let mut unmodelled: BTreeMap<String, usize> = BTreeMap::new();
        let mut deleted = 0;
        let mut live: Vec<&BoomiPackage> = Vec::new();
        for package in &data.packages {
            if component_kind(&package.component_type).is_none() {
                *unmodelled
                    .entry(package.component_type.to_ascii_lowercase())
                    .or_default() += 1;
            } else if package.deleted {
                deleted += 1;
            } else {
                live.push(package);
            }
        }
        // Oldest first, so that "the newest shareable version" is Boomi's newest.
        live.sort_by_key(|package| package.created);
        let names = component_names(data);
        for package in live {
            if self.packages.contains_key(&package.package_id) {
                self.preview.already_there.packages += 1;
                continue;
            }
            let component = match self.components.get(&package.component_id) {
                Some(component) => *component,
                None => {
                    let kind =
                        component_kind(&package.component_type).unwrap_or(ComponentKind::Process);
                    let name = match names.get(package.component_id.as_str()) {
                        Some(name) => (*name).to_owned(),
                        None => {
                            self.named_by_id += 1;
                            package.component_id.clone()
                        }
                    };
                    self.create_named(
                        &name,
                        &package.component_id,
                        &package.origin,
                        "componentId",
                        |name| Command::CreateComponent { name, kind },
                    )?;
                    let id = ComponentId(self.created());
                    self.components.insert(package.component_id.clone(), id);
                    self.link(BoomiThing::Component(id), &package.component_id);
                    self.preview.created.components += 1;
                    id
                }
            };
            self.run(Command::CreatePackage {
                component,
                version: package.version.clone(),
                notes: package.notes.clone(),
                shareable: package.shareable,
                shared_components: Vec::new(),
            })
            .map_err(package.origin.refused("packageVersion"))?;
            let id = PackageId(self.created());
            self.packages.insert(package.package_id.clone(), id);
            self.link(BoomiThing::Package(id), &package.package_id);
            self.preview.created.packages += 1;
        }
        for (component_type, count) in unmodelled {
            self.preview.skipped.push(format!(
                "{} of type {component_type}: Packwright models processes and API Service components (webservice) only.",
                plural(count, "packaged component", "packaged components")
            ));
        }
        if deleted > 0 {
            self.preview.skipped.push(format!(
                "{}: deleted in Boomi.",
                plural(deleted, "packaged component", "packaged components")
            ));
        }
        Ok(())
    }

    /// The package of `component` labelled `version`.
    fn package_of(
        &self,
        component: ComponentId,
        version: &str,
        origin: &Origin,
        field: &str,
    ) -> Result<PackageId, BoomiError> {
        let found = self
            .workspace
            .component(component)
            .ok()
            .and_then(|component| {
                component.packages.iter().copied().find(|package| {
                    self.workspace
                        .package(*package)
                        .is_ok_and(|package| package.version == version)
                })
            });
        found.ok_or_else(|| {
            origin.error(
                field,
                Problem::Unknown {
                    what: "packaged component version",
                    id: version.to_owned(),
                },
            )
        })
    }

    /// Creates the packs with their current release and members; returns the scheduled
    /// releases to make once the install base is there.
    fn packs<'d>(
        &mut self,
        data: &'d BoomiData,
    ) -> Result<Vec<(PackId, &'d BoomiScheduled)>, BoomiError> {
        let mut to_schedule = Vec::new();
        for pack in &data.packs {
            if self.packs.contains_key(&pack.id) {
                self.preview.already_there.packs += 1;
                continue;
            }
            self.create_named(&pack.name, &pack.id, &pack.origin, "name", |name| {
                Command::CreatePack {
                    name,
                    description: pack.description.clone(),
                    installation_type: pack.installation_type,
                    deployment_model: DeploymentModel::Packaged,
                }
            })?;
            let id = PackId(self.created());
            self.packs.insert(pack.id.clone(), id);
            self.links.push(BoomiLink {
                thing: BoomiThing::Pack(id),
                boomi_id: pack.id.clone(),
                name: Some(pack.name.clone()),
            });
            self.preview.created.packs += 1;
            self.created_packs.push(id);

            let mut current = BTreeMap::new();
            let mut target = BTreeMap::new();
            for member in &pack.members {
                if let Some(component_type) =
                    unmodelled_type(data, &member.component_id, member.component_type.as_deref())
                {
                    self.preview.skipped.push(format!(
                        "{} in {}: component type {component_type} is not modelled.",
                        member
                            .component_name
                            .as_deref()
                            .unwrap_or(&member.component_id),
                        pack.name
                    ));
                    continue;
                }
                let component = *self.components.get(&member.component_id).ok_or_else(|| {
                    member.origin.error(
                        "componentId",
                        Problem::Unknown {
                            what: "the component",
                            id: member.component_id.clone(),
                        },
                    )
                })?;
                if let Some(version) = &member.current {
                    current.insert(
                        component,
                        self.package_of(component, version, &member.origin, "currentVersion")?,
                    );
                }
                let next = match (&member.pending, &member.current, &member.latest) {
                    (Some(version), ..) => Some((version, "pendingVersion")),
                    (None, Some(version), _) => Some((version, "currentVersion")),
                    (None, None, Some(version)) => Some((version, "latestVersion")),
                    (None, None, None) => None,
                };
                if let (false, Some((version, field))) = (member.deleted, next) {
                    target.insert(
                        component,
                        self.package_of(component, version, &member.origin, field)?,
                    );
                }
            }
            let scheduled = data
                .scheduled
                .iter()
                .find(|scheduled| scheduled.pack_id == pack.id);
            if let Some(scheduled) = scheduled {
                target.clear();
                for (origin, component_id, version) in &scheduled.versions {
                    if unmodelled_type(data, component_id, None).is_some() {
                        continue;
                    }
                    let component = *self.components.get(component_id).ok_or_else(|| {
                        origin.error(
                            "componentId",
                            Problem::Unknown {
                                what: "the component",
                                id: component_id.clone(),
                            },
                        )
                    })?;
                    target.insert(
                        component,
                        self.package_of(component, version, origin, "version")?,
                    );
                }
            }
            let origin = &pack.origin;
            if !current.is_empty() {
                self.set_members(id, &current, origin)?;
                self.run(Command::ReleasePack {
                    pack: id,
                    versions: current,
                    notes: "Imported from Boomi: the release current there when imported."
                        .to_owned(),
                    schedule: ReleaseSchedule::Immediately,
                })
                .map_err(origin.refused("PublisherPackagedComponents"))?;
                self.preview.created.current_releases += 1;
            }
            self.set_members(id, &target, origin)?;
            if let Some(scheduled) = scheduled {
                to_schedule.push((id, scheduled));
            }
        }
        Ok(to_schedule)
    }

    /// Makes the pack's members exactly `wanted`.
    fn set_members(
        &mut self,
        pack: PackId,
        wanted: &BTreeMap<ComponentId, PackageId>,
        origin: &Origin,
    ) -> Result<(), BoomiError> {
        let members = self
            .workspace
            .pack(pack)
            .map(|pack| pack.members.clone())
            .unwrap_or_default();
        let field = "PublisherPackagedComponents";
        for (component, package) in &members {
            if wanted.get(component) != Some(package) {
                self.run(Command::RemoveMember {
                    pack,
                    component: *component,
                })
                .map_err(origin.refused(field))?;
            }
        }
        for (component, package) in wanted {
            if members.get(component) != Some(package) {
                self.run(Command::AddMember {
                    pack,
                    component: *component,
                    package: Some(*package),
                })
                .map_err(origin.refused(field))?;
            }
        }
        Ok(())
    }

    fn accounts(&mut self, data: &BoomiData) -> Result<(), BoomiError> {
        let mut deleted = 0;
        for account in &data.accounts {
            if account.deleted {
                deleted += 1;
                continue;
            }
            if self.accounts.contains_key(&account.id) {
                self.preview.already_there.accounts += 1;
                continue;
            }
            self.create_named(
                &account.name,
                &account.id,
                &account.origin,
                "name",
                |name| Command::CreateAccount { name },
            )?;
            let id = AccountId(self.created());
            self.accounts.insert(account.id.clone(), id);
            self.link(BoomiThing::Account(id), &account.id);
            self.preview.created.accounts += 1;
        }
        if deleted > 0 {
            self.preview.skipped.push(format!(
                "{}: deleted in Boomi.",
                plural(deleted, "account", "accounts")
            ));
        }
        Ok(())
    }

    fn groups(&mut self, data: &BoomiData) -> Result<(), BoomiError> {
        for group in &data.groups {
            if self.groups.contains_key(&group.id) {
                self.preview.already_there.groups += 1;
                continue;
            }
            self.create_named(&group.name, &group.id, &group.origin, "name", |name| {
                Command::CreateGroup { name }
            })?;
            let id = GroupId(self.created());
            self.groups.insert(group.id.clone(), id);
            self.link(BoomiThing::Group(id), &group.id);
            self.preview.created.groups += 1;
        }
        // A link may be in the files twice (an AccountGroup's `Resources` and the
        // AccountGroupIntegrationPack query both list a group's packs): it counts once.
        let mut seen = std::collections::BTreeSet::new();
        let all_accounts_links = self.all_accounts_members(data);
        for link in data.group_accounts.iter().chain(&all_accounts_links) {
            if !seen.insert(("account", &link.group_id, &link.other_id)) {
                continue;
            }
            let (Some(group), Some(account)) = (
                self.groups.get(&link.group_id).copied(),
                self.accounts.get(&link.other_id).copied(),
            ) else {
                let skipped = self.skipped_link("Account", link, "Account");
                self.preview.skipped.push(skipped);
                continue;
            };
            let already = self
                .workspace
                .group(group)
                .is_ok_and(|group| group.accounts.contains(&account));
            if already {
                self.preview.already_there.group_accounts += 1;
                continue;
            }
            self.run(Command::AddAccountToGroup { group, account })
                .map_err(link.origin.refused("accountId"))?;
            self.preview.created.group_accounts += 1;
        }
        for link in &data.group_packs {
            if !seen.insert(("pack", &link.group_id, &link.other_id)) {
                continue;
            }
            let (Some(group), Some(pack)) = (
                self.groups.get(&link.group_id).copied(),
                self.packs.get(&link.other_id).copied(),
            ) else {
                let skipped =
                    self.skipped_link("Integration pack", link, "PublisherIntegrationPack");
                self.preview.skipped.push(skipped);
                continue;
            };
            let already = self
                .workspace
                .group(group)
                .is_ok_and(|group| group.packs.contains(&pack));
            if already {
                self.preview.already_there.group_packs += 1;
                continue;
            }
            self.run(Command::AddPackToGroup { group, pack })
                .map_err(link.origin.refused("integrationPackId"))?;
            self.preview.created.group_packs += 1;
        }
        Ok(())
    }

    /// Boomi's All Accounts group holds every account, and `AccountGroupAccount` may not
    /// list its members: when no result names one, they are the Account results' managed
    /// accounts (not deleted), as links of its own, and the preview says it assumed so.
    fn all_accounts_members(&mut self, data: &BoomiData) -> Vec<GroupLink> {
        let Some(group) = data
            .groups
            .iter()
            .find(|group| group.name.trim().eq_ignore_ascii_case("All Accounts"))
        else {
            return Vec::new();
        };
        if data
            .group_accounts
            .iter()
            .any(|link| link.group_id == group.id)
        {
            return Vec::new();
        }
        self.all_accounts_assumed = Some(group.name.clone());
        data.accounts
            .iter()
            .filter(|account| !account.deleted)
            .map(|account| GroupLink {
                origin: account.origin.clone(),
                group_id: group.id.clone(),
                other_id: account.id.clone(),
            })
            .collect()
    }

    /// Why a link between a group and `what` was skipped: the group, or else the other
    /// end, is in none of the files.
    fn skipped_link(&self, what: &str, link: &GroupLink, other_type: &str) -> String {
        let group = self
            .groups
            .get(&link.group_id)
            .and_then(|group| self.workspace.group(*group).ok());
        match group {
            Some(group) => format!(
                "{what} {} in account group {}: it is not among the {other_type} results (or was deleted in Boomi).",
                link.other_id, group.name
            ),
            None => format!(
                "{what} {} in account group {}: the account group is not among the AccountGroup results.",
                link.other_id, link.group_id
            ),
        }
    }

    /// The account an instance response was queried for: the one whose Boomi id its file
    /// name contains (the longest, when one id contains another).
    fn account_of_file(&self, file: &str) -> Result<AccountId, BoomiError> {
        let mut found: Vec<&String> = self
            .accounts
            .keys()
            .filter(|boomi_id| file.contains(boomi_id.as_str()))
            .collect();
        let all = found.clone();
        found.retain(|id| {
            !all.iter()
                .any(|other| other.len() > id.len() && other.contains(id.as_str()))
        });
        let error = |problem| BoomiError {
            file: file.to_owned(),
            field: String::new(),
            problem,
        };
        match found.as_slice() {
            [one] => Ok(self.accounts[one.as_str()]),
            [] => Err(error(Problem::NoAccountInFileName)),
            several => Err(error(Problem::SeveralAccountsInFileName {
                accounts: several.iter().map(|id| (*id).clone()).collect(),
            })),
        }
    }

    fn instances(&mut self, data: &BoomiData) -> Result<(), BoomiError> {
        for (file, instances) in &data.instances {
            let deleted = data
                .accounts
                .iter()
                .find(|account| account.deleted && file.contains(account.id.as_str()));
            let account = match (self.account_of_file(file), deleted) {
                (Ok(account), _) => account,
                (Err(_), Some(deleted)) => {
                    self.preview.skipped.push(format!(
                        "{} in {file}: they are of account {} ({}), deleted in Boomi.",
                        plural(instances.len(), "instance", "instances"),
                        deleted.name,
                        deleted.id
                    ));
                    continue;
                }
                // Nothing in the file says whose instances they are: the rest can still be
                // imported, and the preview says how to bring these in.
                (Err(unknown), None) => {
                    self.preview.skipped.push(format!(
                        "{} in {file}: {}",
                        plural(instances.len(), "instance", "instances"),
                        unknown.problem
                    ));
                    continue;
                }
            };
            for instance in instances {
                if self.instances.contains_key(&instance.id) {
                    self.preview.already_there.instances += 1;
                    continue;
                }
                let Some(pack) = self.packs.get(&instance.pack_id).copied() else {
                    self.preview.skipped.push(format!(
                        "Instance {} in {file}: it is of integration pack {}, which is not among the PublisherIntegrationPack results (another publisher's pack?).",
                        instance.id, instance.pack_id
                    ));
                    continue;
                };
                let Ok(pack_now) = self.workspace.pack(pack) else {
                    continue;
                };
                if pack_now.current_release.is_none() {
                    self.preview.skipped.push(format!(
                        "Instance {} in {file}: {} has no current release (no component has a currentVersion in Boomi), so nothing can be installed from it here.",
                        instance.id, pack_now.name
                    ));
                    continue;
                }
                let single = pack_now.installation_type == InstallationType::Single;
                let override_name = match (single, &instance.override_name) {
                    (true, _) => None,
                    (false, Some(name)) => Some(name.clone()),
                    // The API leaves the override name optional; Packwright tells a
                    // multiple-attachments pack's instances apart by it.
                    (false, None) => {
                        self.unnamed_instances += 1;
                        Some(derived_instance_name(&instance.id))
                    }
                };
                let installed = self.run(Command::Install {
                    account,
                    pack,
                    integration_pack_override_name: override_name,
                });
                match installed {
                    Ok(()) => {
                        let id = InstanceId(self.created());
                        self.instances.insert(instance.id.clone(), id);
                        self.link(BoomiThing::Instance(id), &instance.id);
                        self.preview.created.instances += 1;
                    }
                    // The account cannot have this instance in Packwright's terms (the pack
                    // has no release, is not shared with the account's groups, …): the
                    // engine's sentence says why.
                    Err(refusal) => self
                        .preview
                        .skipped
                        .push(format!("Instance {} in {file}: {refusal}", instance.id)),
                }
            }
        }
        Ok(())
    }

    fn schedule(&mut self, scheduled: Vec<(PackId, &BoomiScheduled)>) -> Result<(), BoomiError> {
        for (pack, release) in scheduled {
            let versions = self
                .workspace
                .pack(pack)
                .map(|pack| pack.members.clone())
                .unwrap_or_default();
            let outcome = self.run(Command::ReleasePack {
                pack,
                versions,
                notes: "Imported from Boomi: the release scheduled there when imported.".to_owned(),
                schedule: ReleaseSchedule::ReleaseOnSpecifiedDate {
                    release_on_date: release.release_on_date,
                },
            });
            match outcome {
                Ok(()) => self.preview.created.scheduled_releases += 1,
                Err(DomainError::DateNotInFuture { date, .. }) => self.preview.skipped.push(format!(
                    "The release scheduled for {date} in {}: that date has begun in the publisher's time zone, so Boomi has applied it or is applying it; import again once its currentVersion shows it.",
                    release.origin.file
                )),
                Err(refusal) => return Err(release.origin.error("", Problem::Refused(Box::new(refusal)))),
            }
        }
        Ok(())
    }

    /// One line per created pack, from the workspace the import built: `Order Management
    /// (single attachment): release 1 with Order Sync 1.1, …; release 2 scheduled for …`.
    fn pack_lines(&self) -> Vec<String> {
        let ws = &self.workspace;
        let list = |versions: &BTreeMap<ComponentId, PackageId>| {
            versions
                .iter()
                .map(|(component, package)| {
                    let name = ws.component(*component).map_or("?", |c| c.name.as_str());
                    let version = ws.package(*package).map_or("?", |p| p.version.as_str());
                    format!("{name} {version}")
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        self.created_packs
            .iter()
            .filter_map(|id| ws.pack(*id).ok())
            .map(|pack| {
                let mut line = format!("{} ({})", pack.name, pack.installation_type.label());
                match pack.current() {
                    Some(release) => line.push_str(&format!(
                        ": release {} with {}",
                        release.number,
                        list(&release.versions)
                    )),
                    None => line.push_str(": not released yet"),
                }
                if let (Some(pending), Some(date)) = (pack.pending(), pack.pending_date()) {
                    line.push_str(&format!(
                        "; release {} scheduled for {date} with {}",
                        pending.number,
                        list(&pending.versions)
                    ));
                } else if pack
                    .current()
                    .is_none_or(|current| current.versions != pack.members)
                {
                    line.push_str(&format!(
                        "; next release staged with {}",
                        list(&pack.members)
                    ));
                }
                line
            })
            .collect()
    }

    fn finish(mut self, data: &BoomiData) -> Result<ImportPlan, BoomiError> {
        self.preview.packs = self.pack_lines();
        if !self.links.is_empty() {
            let links = std::mem::take(&mut self.links);
            self.run(Command::RecordBoomiIds { links })
                .map_err(|error| BoomiError {
                    file: String::new(),
                    field: String::new(),
                    problem: Problem::Refused(Box::new(error)),
                })?;
        }
        self.preview.skipped.extend(data.unanswered.iter().cloned());
        if data.other_releases > 0 {
            self.preview.skipped.push(format!(
                "{} not scheduled (done, under way or failed): what Boomi released shows in each pack's currentVersion.",
                plural(data.other_releases, "release request", "release requests")
            ));
        }
        let mut assumptions = vec![
            "Each installed instance runs its pack's current release: Boomi does not say which release an instance runs.".to_owned(),
            "Everything is recorded as created, installed and released at the import's time: Boomi does not give the history.".to_owned(),
            "The current release in Boomi becomes release 1 here (Boomi does not number releases), with every pack's later releases numbered from it.".to_owned(),
            "Packs use packaged components (Boomi's API does not say when a pack uses the legacy deployment).".to_owned(),
            "No account applied a scheduled release early: Boomi does not say.".to_owned(),
            "Packages list no shared components with extensibility settings (a PackagedComponent does not carry them), so the extensibility check has nothing to compare.".to_owned(),
        ];
        if self.unnamed_instances > 0 {
            assumptions.push(format!(
                "{} of multiple-attachments packs came without integrationPackOverrideName: each is named \u{201c}Instance\u{201d} and its Boomi id.",
                plural(self.unnamed_instances, "instance", "instances")
            ));
        }
        if let Some(group) = &self.all_accounts_assumed {
            assumptions.push(format!(
                "No AccountGroupAccount result lists the members of {group}: every managed account among the Account results is taken as a member, as Boomi's All Accounts group holds them all."
            ));
        }
        if self.named_by_id > 0 {
            assumptions.push(format!(
                "{} named by Boomi id: a PackagedComponent does not carry its component's name, and no pack in the files lists them.",
                plural(self.named_by_id, "component is", "components are")
            ));
        }
        assumptions.append(&mut self.renamed);
        self.preview.assumptions = assumptions;
        Ok(ImportPlan {
            events: self.events,
            preview: self.preview,
        })
    }
}

/// The override name given to an instance of a multiple-attachments pack that Boomi sent
/// without one: "Instance" and its Boomi id, within the name limit.
fn derived_instance_name(boomi_id: &str) -> String {
    format!("Instance {boomi_id}")
        .chars()
        .take(crate::domain::model::NAME_MAX)
        .collect()
}

/// The type of `component_id` when Packwright does not model it: as stated beside the
/// reference, else as its packages say.
fn unmodelled_type(data: &BoomiData, component_id: &str, stated: Option<&str>) -> Option<String> {
    let component_type = stated.map(str::to_owned).or_else(|| {
        data.packages
            .iter()
            .find(|package| package.component_id == component_id)
            .map(|package| package.component_type.clone())
    })?;
    component_kind(&component_type)
        .is_none()
        .then_some(component_type)
}

/// Each component's name as the packs list it.
fn component_names(data: &BoomiData) -> BTreeMap<&str, &str> {
    let mut names = BTreeMap::new();
    for member in data.packs.iter().flat_map(|pack| &pack.members) {
        if let Some(name) = &member.component_name {
            names
                .entry(member.component_id.as_str())
                .or_insert(name.as_str());
        }
    }
    names
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
