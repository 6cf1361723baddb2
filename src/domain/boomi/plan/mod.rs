//! Planning an import from Boomi: the events that bring what `read_files` read into a
//! workspace, decided command by command against a copy of it, and the preview of what
//! they create, skip and assume.
//!
//! One step per file, in the order `plan_import` takes them: `catalogue`, `packs`,
//! `accounts` (with groups and instances), `preview`; `index` finds what an earlier import
//! brought by its Boomi id.

mod accounts;
mod catalogue;
mod extensions;
mod index;
mod packs;
mod preview;

use index::{BoomiIndex, Indexed};

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use crate::domain::boomi::error::{BoomiError, Problem};
use crate::domain::boomi::read::{component_kind, BoomiData, Origin};
use crate::domain::command::Command;
use crate::domain::decide::decide;
use crate::domain::error::DomainError;
use crate::domain::event::{plural, Event};
use crate::domain::ids::{ComponentId, PackId};
use crate::domain::model::BoomiLink;
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
    /// Extension values set on instances (`EnvironmentExtensions`).
    pub extension_values: usize,
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
            (self.extension_values, "extension value", "extension values"),
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
    plan.extension_values(data);
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
    /// What the workspace and this import hold, by Boomi id.
    index: BoomiIndex,
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
        Planner {
            workspace: workspace.clone(),
            now,
            events: Vec::new(),
            links: Vec::new(),
            preview: ImportPreview::default(),
            index: BoomiIndex::of(workspace),
            renamed: Vec::new(),
            named_by_id: 0,
            unnamed_instances: 0,
            all_accounts_assumed: None,
            created_packs: Vec::new(),
        }
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

    /// Records the Boomi id of what the import created (and Boomi's name for it, for a
    /// pack).
    fn link(&mut self, id: impl Indexed, boomi_id: &str, name: Option<&str>) {
        self.index.insert(boomi_id, id);
        self.links.push(BoomiLink {
            thing: id.thing(),
            boomi_id: boomi_id.to_owned(),
            name: name.map(str::to_owned),
        });
    }

    /// The component an earlier step created or found for `component_id`.
    fn component(&self, component_id: &str, origin: &Origin) -> Result<ComponentId, BoomiError> {
        self.index.get(component_id).ok_or_else(|| {
            origin.error(
                "componentId",
                Problem::Unknown {
                    what: "the component",
                    id: component_id.to_owned(),
                },
            )
        })
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
