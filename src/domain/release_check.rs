//! Release validation and change impact: what the wizard shows before the publisher
//! confirms, and what `decide` enforces (domain.md, "Validation before release").

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};

use crate::domain::error::{DomainError, ExtensibilityConflict};
use crate::domain::ids::{ComponentId, InstanceId, PackId, PackageId};
use crate::domain::model::{ComponentKind, Pack, ReleaseSchedule, SharedComponentKind};
use crate::domain::queries;
use crate::domain::validate::{checked_shareable, refuse_date_not_in_future};
use crate::domain::workspace::Workspace;

/// Everything known about a candidate release before it is made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReleaseCheck {
    /// Refusals: the release cannot be made while any is left.
    pub errors: Vec<DomainError>,
    /// Advice: the release may be made anyway.
    pub warnings: Vec<ReleaseWarning>,
    pub impact: ReleaseImpact,
}

impl ReleaseCheck {
    pub fn can_release(&self) -> bool {
        self.errors.is_empty()
    }

    /// Whether the wizard may go on from `step`: no refusal is left that this step or an
    /// earlier one is where to fix it.
    pub fn can_leave(&self, step: ReleaseStep) -> bool {
        self.errors.iter().all(|error| error.release_step() > step)
    }

    /// The refusals that are fixed at `step` or before it.
    pub fn errors_up_to(&self, step: ReleaseStep) -> impl Iterator<Item = &DomainError> {
        self.errors
            .iter()
            .filter(move |error| error.release_step() <= step)
    }
}

/// The steps of a release, in the order the wizard takes them (Boomi's two, versions and
/// schedule, with the checks and the notes between).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ReleaseStep {
    Versions,
    Checks,
    Notes,
    Schedule,
}

impl ReleaseStep {
    pub const ALL: [ReleaseStep; 4] = [
        ReleaseStep::Versions,
        ReleaseStep::Checks,
        ReleaseStep::Notes,
        ReleaseStep::Schedule,
    ];

    pub fn title(self) -> &'static str {
        match self {
            ReleaseStep::Versions => "Versions",
            ReleaseStep::Checks => "Checks and impact",
            ReleaseStep::Notes => "Notes and regression tests",
            ReleaseStep::Schedule => "Schedule",
        }
    }

    /// Its number as the wizard shows it, from 1.
    pub fn number(self) -> usize {
        self as usize + 1
    }

    pub fn next(self) -> Option<ReleaseStep> {
        ReleaseStep::ALL.get(self as usize + 1).copied()
    }

    pub fn previous(self) -> Option<ReleaseStep> {
        (self as usize)
            .checked_sub(1)
            .map(|index| ReleaseStep::ALL[index])
    }
}

impl DomainError {
    /// The step of a release where what this refusal is about is chosen: the schedule for
    /// a pending release or a date, the versions for everything else.
    pub fn release_step(&self) -> ReleaseStep {
        match self {
            DomainError::PendingReleaseExists { .. } | DomainError::DateNotInFuture { .. } => {
                ReleaseStep::Schedule
            }
            _ => ReleaseStep::Versions,
        }
    }
}

/// What the publisher confirms before releasing (rule 11: assess the impact, regression
/// test, give guides).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChecklistItem {
    ImpactAssessed,
    RegressionTested,
    GuidesDescribeRelease,
}

impl ChecklistItem {
    pub const ALL: [ChecklistItem; 3] = [
        ChecklistItem::ImpactAssessed,
        ChecklistItem::RegressionTested,
        ChecklistItem::GuidesDescribeRelease,
    ];

    pub fn label(self) -> &'static str {
        match self {
            ChecklistItem::ImpactAssessed => "I assessed the impact on the current install base.",
            ChecklistItem::RegressionTested => {
                "I ran the regression tests against the chosen versions."
            }
            ChecklistItem::GuidesDescribeRelease => {
                "The installation and user guides describe this release."
            }
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReleaseWarning {
    /// Rule 10: integration packs are not for sharing single processes.
    SingleProcess,
    NoInstallationGuide,
    NoUserGuide,
    NoContact,
    /// The pending release has problems reported in its testing period that are still open.
    OpenProblems {
        pending: u32,
        count: usize,
    },
}

impl ReleaseWarning {
    pub fn sentence(self) -> String {
        let fixed = match self {
            ReleaseWarning::SingleProcess => {
                "This pack holds a single process. Share single processes through the process library instead of an integration pack."
            }
            ReleaseWarning::NoInstallationGuide => {
                "The pack has no installation guide: managed accounts will not know the prerequisites."
            }
            ReleaseWarning::NoUserGuide => "The pack has no user guide.",
            ReleaseWarning::NoContact => {
                "The pack has no contact details: users will not know whom to ask for support."
            }
            ReleaseWarning::OpenProblems { pending, count } => {
                return format!(
                    "Pending release {pending} has {} reported in its testing period: check that this release addresses {}.",
                    crate::domain::event::plural(count, "open problem", "open problems"),
                    if count == 1 { "it" } else { "them" }
                )
            }
        };
        fixed.to_owned()
    }
}

/// What the candidate changes against the current release, and who moves.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReleaseImpact {
    pub components: Vec<ComponentChange>,
    pub extensibility: Vec<ExtensibilityChange>,
    /// Instances that will run the new release (now, or on its date).
    pub instances_moving: usize,
    pub accounts_moving: usize,
    /// Instances now in the testing period of a pending release.
    pub instances_in_testing: Vec<InstanceId>,
    /// Each extensible field: instances that gain it, lose their value, keep it.
    pub configuration: Vec<crate::domain::configuration::FieldImpact>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ComponentChange {
    pub component: ComponentId,
    pub name: String,
    pub change: VersionChange,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VersionChange {
    Added {
        to: PackageId,
    },
    Removed {
        from: PackageId,
    },
    Upgraded {
        from: PackageId,
        to: PackageId,
    },
    /// Back to an older version: a rollback.
    RolledBack {
        from: PackageId,
        to: PackageId,
    },
    Unchanged {
        at: PackageId,
    },
}

/// A shared component whose extensible fields differ from the current release.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExtensibilityChange {
    pub shared_component: String,
    pub fields_added: Vec<String>,
    pub fields_removed: Vec<String>,
}

/// Checks a candidate release of `pack` with `versions` and `schedule` at `now`.
/// Fails only when the pack does not exist; everything else is in the answer.
pub fn check_release(
    workspace: &Workspace,
    pack: PackId,
    versions: &BTreeMap<ComponentId, PackageId>,
    schedule: ReleaseSchedule,
    now: DateTime<Utc>,
) -> Result<ReleaseCheck, DomainError> {
    let pack = workspace.pack(pack)?;
    let mut errors = Vec::new();

    if pack.members.is_empty() {
        errors.push(DomainError::EmptyPack {
            pack: pack.name.clone(),
        });
    }
    let component_name = |id: &ComponentId| {
        workspace
            .component(*id)
            .map(|component| component.name.clone())
            .unwrap_or_else(|_| format!("component {id}"))
    };
    let missing: Vec<String> = pack
        .members
        .keys()
        .filter(|id| !versions.contains_key(id))
        .map(component_name)
        .collect();
    let extra: Vec<String> = versions
        .keys()
        .filter(|id| !pack.members.contains_key(id))
        .map(component_name)
        .collect();
    if !missing.is_empty() || !extra.is_empty() {
        errors.push(DomainError::VersionsDoNotMatchMembers {
            pack: pack.name.clone(),
            missing,
            extra,
        });
    }
    for (component, package) in versions {
        if let Err(error) = checked_shareable(workspace, *component, *package) {
            errors.push(error);
        }
    }
    if !pack.members.is_empty()
        && pack
            .current()
            .is_some_and(|current| &current.versions == versions)
    {
        errors.push(DomainError::NothingToRelease {
            pack: pack.name.clone(),
        });
    }
    let conflicts = extensibility_conflicts(workspace, versions);
    if !conflicts.is_empty() {
        errors.push(DomainError::ConflictingExtensibility {
            pack: pack.name.clone(),
            conflicts,
        });
    }
    if let ReleaseSchedule::ReleaseOnSpecifiedDate { release_on_date } = schedule {
        if let (Some(release), Some(date)) = (pack.pending_release, pack.pending_date()) {
            errors.push(DomainError::PendingReleaseExists {
                pack: pack.name.clone(),
                release,
                date,
            });
        }
        if let Err(error) = refuse_date_not_in_future(workspace, release_on_date, now) {
            errors.push(error);
        }
    }

    Ok(ReleaseCheck {
        errors,
        warnings: warnings(workspace, pack, versions),
        impact: impact(workspace, pack, versions),
    })
}

fn warnings(
    workspace: &Workspace,
    pack: &Pack,
    versions: &BTreeMap<ComponentId, PackageId>,
) -> Vec<ReleaseWarning> {
    let mut warnings = Vec::new();
    let single_process = versions.len() == 1
        && versions.keys().all(|id| {
            workspace
                .component(*id)
                .is_ok_and(|component| component.kind == ComponentKind::Process)
        });
    if single_process {
        warnings.push(ReleaseWarning::SingleProcess);
    }
    if pack.installation_guide.trim().is_empty() {
        warnings.push(ReleaseWarning::NoInstallationGuide);
    }
    if pack.user_guide.trim().is_empty() {
        warnings.push(ReleaseWarning::NoUserGuide);
    }
    if pack.contact.is_empty() && workspace.publisher().contact.is_empty() {
        warnings.push(ReleaseWarning::NoContact);
    }
    let open = crate::domain::queries::open_problems(pack);
    if let (Some(pending), true) = (pack.pending_release, open > 0) {
        warnings.push(ReleaseWarning::OpenProblems {
            pending,
            count: open,
        });
    }
    warnings
}

fn impact(
    workspace: &Workspace,
    pack: &Pack,
    versions: &BTreeMap<ComponentId, PackageId>,
) -> ReleaseImpact {
    let empty = BTreeMap::new();
    let current = pack
        .current()
        .map(|release| &release.versions)
        .unwrap_or(&empty);
    let involved: BTreeSet<ComponentId> = current.keys().chain(versions.keys()).copied().collect();
    let components = involved
        .into_iter()
        .filter_map(|component| {
            let change = match (current.get(&component), versions.get(&component)) {
                (None, Some(to)) => VersionChange::Added { to: *to },
                (Some(from), None) => VersionChange::Removed { from: *from },
                (Some(from), Some(to)) if from == to => VersionChange::Unchanged { at: *to },
                // Package ids grow with creation, so a smaller id is an older version.
                (Some(from), Some(to)) if to > from => VersionChange::Upgraded {
                    from: *from,
                    to: *to,
                },
                (Some(from), Some(to)) => VersionChange::RolledBack {
                    from: *from,
                    to: *to,
                },
                (None, None) => return None,
            };
            Some(ComponentChange {
                component,
                name: workspace
                    .component(component)
                    .map(|c| c.name.clone())
                    .unwrap_or_default(),
                change,
            })
        })
        .collect();

    ReleaseImpact {
        components,
        extensibility: extensibility_changes(workspace, current, versions),
        instances_moving: pack.instances.len(),
        accounts_moving: queries::distinct_accounts(workspace, pack.instances.iter()),
        instances_in_testing: pack.early_instances.iter().copied().collect(),
        configuration: crate::domain::configuration::configuration_impact(
            workspace, pack, versions,
        ),
    }
}

/// The members that reference one shared component, each with the fields it extends.
type Users = Vec<(String, BTreeSet<String>)>;

/// Each shared component with the extensible fields each member's package gives it, keyed
/// by its name as first written. Components are the same when their kinds match and their
/// names do regardless of case and surrounding spaces (domain.md, "Shared components").
fn shared_fields(
    workspace: &Workspace,
    versions: &BTreeMap<ComponentId, PackageId>,
) -> BTreeMap<String, Vec<(String, BTreeSet<String>)>> {
    // (kind, name compared) → (name as first written, users)
    let mut shared: BTreeMap<(SharedComponentKind, String), (String, Users)> = BTreeMap::new();
    for package in versions
        .values()
        .filter_map(|package| workspace.package(*package).ok())
    {
        let component = workspace
            .component(package.component)
            .map(|c| c.name.as_str())
            .unwrap_or_default();
        for reference in &package.shared_components {
            let key = (reference.kind, reference.name.trim().to_lowercase());
            shared
                .entry(key)
                .or_insert_with(|| (reference.name.trim().to_owned(), Vec::new()))
                .1
                .push((
                    format!("{component} ({})", package.version),
                    reference.extensible_fields.clone(),
                ));
        }
    }
    let mut by_name: BTreeMap<String, Vec<(String, BTreeSet<String>)>> = BTreeMap::new();
    for ((kind, _), (name, users)) in shared {
        // Two kinds sharing one name are two components: the kind tells them apart.
        let label = if by_name.contains_key(&name) {
            format!("{name} ({})", kind.label())
        } else {
            name
        };
        by_name.insert(label, users);
    }
    by_name
}

fn extensibility_conflicts(
    workspace: &Workspace,
    versions: &BTreeMap<ComponentId, PackageId>,
) -> Vec<ExtensibilityConflict> {
    shared_fields(workspace, versions)
        .into_iter()
        .filter_map(|(shared_component, users)| {
            let union: BTreeSet<&String> = users.iter().flat_map(|(_, fields)| fields).collect();
            let differing: Vec<String> = union
                .into_iter()
                .filter(|field| !users.iter().all(|(_, fields)| fields.contains(*field)))
                .cloned()
                .collect();
            if differing.is_empty() {
                return None;
            }
            Some(ExtensibilityConflict {
                shared_component,
                processes: users
                    .into_iter()
                    .map(|(user, fields)| (user, fields.into_iter().collect()))
                    .collect(),
                fields: differing,
            })
        })
        .collect()
}

fn extensibility_changes(
    workspace: &Workspace,
    current: &BTreeMap<ComponentId, PackageId>,
    candidate: &BTreeMap<ComponentId, PackageId>,
) -> Vec<ExtensibilityChange> {
    // With conflicting settings there is no single "before" or "after": take the union.
    let settle = |users: Vec<(String, BTreeSet<String>)>| -> BTreeSet<String> {
        users.into_iter().flat_map(|(_, fields)| fields).collect()
    };
    let before: BTreeMap<String, BTreeSet<String>> = shared_fields(workspace, current)
        .into_iter()
        .map(|(name, users)| (name, settle(users)))
        .collect();
    let after: BTreeMap<String, BTreeSet<String>> = shared_fields(workspace, candidate)
        .into_iter()
        .map(|(name, users)| (name, settle(users)))
        .collect();
    let names: BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    let nothing = BTreeSet::new();
    names
        .into_iter()
        .filter_map(|name| {
            let old = before.get(name).unwrap_or(&nothing);
            let new = after.get(name).unwrap_or(&nothing);
            let fields_added: Vec<String> = new.difference(old).cloned().collect();
            let fields_removed: Vec<String> = old.difference(new).cloned().collect();
            if fields_added.is_empty() && fields_removed.is_empty() {
                return None;
            }
            Some(ExtensibilityChange {
                shared_component: name.clone(),
                fields_added,
                fields_removed,
            })
        })
        .collect()
}
