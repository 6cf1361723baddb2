//! The things a workspace holds: components and their packages, packs and their releases,
//! account groups, managed accounts and installed instances. Plain data; the rules that
//! change it are in `decide` and `apply`.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::ids::{AccountId, ComponentId, GroupId, InstanceId, PackId, PackageId};
use crate::domain::time::PublisherZone;

mod boomi;
pub mod instance_table;
mod report;
pub use boomi::{boomi_ids, BoomiLink, BoomiThing};
pub use report::{Addressed, UpdateReport, Verdict, REPORT_TEXT_MAX};

/// The longest name of anything, in characters.
pub const NAME_MAX: usize = 100;
/// The longest package version label, in characters.
pub const VERSION_LABEL_MAX: usize = 40;
/// The longest pack description, in characters (domain.md).
pub const DESCRIPTION_MAX: usize = 500;
/// The longest notes (package or release), in characters.
pub const NOTES_MAX: usize = 4_000;
/// The longest installation or user guide, in characters.
pub const GUIDE_MAX: usize = 20_000;

/// What kind of component a package packages. Fixed when the component is created.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ComponentKind {
    Process,
    ApiService,
}

impl ComponentKind {
    pub fn label(self) -> &'static str {
        match self {
            ComponentKind::Process => "process",
            ComponentKind::ApiService => "API Service component",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Component {
    pub id: ComponentId,
    pub name: String,
    pub kind: ComponentKind,
    pub created_at: DateTime<Utc>,
    /// Its packages, oldest first.
    pub packages: Vec<PackageId>,
}

/// What sort of shared sub-component a package references.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum SharedComponentKind {
    Connection,
    Map,
    Profile,
    ProcessProperty,
    CrossReferenceTable,
    Other,
}

impl SharedComponentKind {
    pub const ALL: [SharedComponentKind; 6] = [
        SharedComponentKind::Connection,
        SharedComponentKind::Map,
        SharedComponentKind::Profile,
        SharedComponentKind::ProcessProperty,
        SharedComponentKind::CrossReferenceTable,
        SharedComponentKind::Other,
    ];

    pub fn label(self) -> &'static str {
        match self {
            SharedComponentKind::Connection => "connection",
            SharedComponentKind::Map => "map",
            SharedComponentKind::Profile => "profile",
            SharedComponentKind::ProcessProperty => "process property",
            SharedComponentKind::CrossReferenceTable => "cross-reference table",
            SharedComponentKind::Other => "other",
        }
    }
}

/// A shared sub-component a package references, with the fields a managed account may
/// override (its extensibility settings).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SharedComponent {
    pub name: String,
    pub kind: SharedComponentKind,
    pub extensible_fields: BTreeSet<String>,
}

/// One version of a component, immutable once created.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Package {
    pub id: PackageId,
    pub component: ComponentId,
    pub version: String,
    pub notes: String,
    pub shareable: bool,
    pub created_at: DateTime<Utc>,
    pub shared_components: Vec<SharedComponent>,
}

/// How many instances of a pack one managed account may install. Fixed at creation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum InstallationType {
    /// Single attachment: at most one instance per account.
    Single,
    /// Multiple attachments: several instances, each with an override name.
    Multi,
}

impl InstallationType {
    pub fn label(self) -> &'static str {
        match self {
            InstallationType::Single => "single attachment",
            InstallationType::Multi => "multiple attachments",
        }
    }
}

/// How the pack's members are deployed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum DeploymentModel {
    /// Packaged components (the current model).
    Packaged,
    /// Legacy: published processes and API Service components.
    Legacy,
}

impl DeploymentModel {
    pub fn label(self) -> &'static str {
        match self {
            DeploymentModel::Packaged => "packaged components",
            DeploymentModel::Legacy => "legacy deployment",
        }
    }
}

/// How to reach the publisher for help.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Contact {
    pub name: String,
    pub email: String,
    pub phone: String,
}

impl Contact {
    pub fn is_empty(&self) -> bool {
        self.name.trim().is_empty() && self.email.trim().is_empty() && self.phone.trim().is_empty()
    }
}

/// When a release reaches the install base.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "releaseSchedule", rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ReleaseSchedule {
    Immediately,
    #[serde(rename_all = "camelCase")]
    ReleaseOnSpecifiedDate {
        release_on_date: NaiveDate,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ReleaseStatus {
    /// Scheduled; in its testing period.
    Pending,
    /// Reached the install base (the newest such release is the current one).
    Released,
    /// Replaced by an immediate release during its testing period; never applied.
    Superseded,
    /// Withdrawn by the publisher before its date.
    Cancelled,
}

/// Stored as `ReleaseRecord`: the schedule's fields sit beside the others, as in Boomi's
/// `ReleaseIntegrationPack`, without `#[serde(flatten)]` (which buffers every release
/// through serde's generic content and costs the wasm tens of kilobytes).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "ReleaseRecord", into = "ReleaseRecord")]
pub struct Release {
    pub number: u32,
    /// The exact package version of every member.
    pub versions: BTreeMap<ComponentId, PackageId>,
    pub notes: String,
    pub schedule: ReleaseSchedule,
    pub status: ReleaseStatus,
    pub created_at: DateTime<Utc>,
    /// When it reached the install base, for a released one.
    pub applied_at: Option<DateTime<Utc>>,
}

/// `releaseSchedule` of a stored release.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
enum ScheduleKind {
    Immediately,
    ReleaseOnSpecifiedDate,
}

/// A release as stored and exported.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ReleaseRecord {
    number: u32,
    #[serde(with = "crate::domain::model::version_map")]
    versions: BTreeMap<ComponentId, PackageId>,
    notes: String,
    release_schedule: ScheduleKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    release_on_date: Option<NaiveDate>,
    status: ReleaseStatus,
    created_at: DateTime<Utc>,
    applied_at: Option<DateTime<Utc>>,
}

impl From<Release> for ReleaseRecord {
    fn from(release: Release) -> ReleaseRecord {
        let (release_schedule, release_on_date) = match release.schedule {
            ReleaseSchedule::Immediately => (ScheduleKind::Immediately, None),
            ReleaseSchedule::ReleaseOnSpecifiedDate { release_on_date } => {
                (ScheduleKind::ReleaseOnSpecifiedDate, Some(release_on_date))
            }
        };
        ReleaseRecord {
            number: release.number,
            versions: release.versions,
            notes: release.notes,
            release_schedule,
            release_on_date,
            status: release.status,
            created_at: release.created_at,
            applied_at: release.applied_at,
        }
    }
}

impl TryFrom<ReleaseRecord> for Release {
    type Error = &'static str;

    fn try_from(record: ReleaseRecord) -> Result<Release, Self::Error> {
        let schedule = match (record.release_schedule, record.release_on_date) {
            (ScheduleKind::Immediately, _) => ReleaseSchedule::Immediately,
            (ScheduleKind::ReleaseOnSpecifiedDate, Some(release_on_date)) => {
                ReleaseSchedule::ReleaseOnSpecifiedDate { release_on_date }
            }
            (ScheduleKind::ReleaseOnSpecifiedDate, None) => {
                return Err("a release on a specified date has no releaseOnDate")
            }
        };
        Ok(Release {
            number: record.number,
            versions: record.versions,
            notes: record.notes,
            schedule,
            status: record.status,
            created_at: record.created_at,
            applied_at: record.applied_at,
        })
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Pack {
    pub id: PackId,
    pub name: String,
    pub description: String,
    pub installation_type: InstallationType,
    pub deployment_model: DeploymentModel,
    /// Member components, each pinned to a package version.
    #[serde(with = "crate::domain::model::version_map")]
    pub members: BTreeMap<ComponentId, PackageId>,
    pub installation_guide: String,
    pub user_guide: String,
    pub contact: Contact,
    pub created_at: DateTime<Utc>,
    /// Every release ever made, oldest first; release N is at index N - 1.
    pub releases: Vec<Release>,
    pub current_release: Option<u32>,
    pub pending_release: Option<u32>,
    /// Every installed instance of this pack.
    pub instances: BTreeSet<InstanceId>,
    /// The instances that applied the pending release early.
    pub early_instances: BTreeSet<InstanceId>,
    /// How many instances ran each release after every change that moved them (the
    /// install-base chart), one point per instant: kept as events are applied, so that no
    /// page recounts the log.
    #[serde(default)]
    pub install_history: Vec<InstallBasePoint>,
    /// Every report managed accounts made on this pack's pending releases, oldest first
    /// (format 6); an instance's latest report on a release is its current verdict.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reports: Vec<UpdateReport>,
}

/// The install base at one instant: instances per release.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstallBasePoint {
    pub at: DateTime<Utc>,
    pub counts: BTreeMap<u32, usize>,
}

impl Pack {
    /// A new pack: no members, releases or instances yet; single-attachment, packaged.
    pub fn new(id: PackId, name: String, created_at: DateTime<Utc>) -> Pack {
        Pack {
            id,
            name,
            description: String::new(),
            installation_type: InstallationType::Single,
            deployment_model: DeploymentModel::Packaged,
            members: BTreeMap::new(),
            installation_guide: String::new(),
            user_guide: String::new(),
            contact: Contact::default(),
            created_at,
            releases: Vec::new(),
            current_release: None,
            pending_release: None,
            instances: BTreeSet::new(),
            early_instances: BTreeSet::new(),
            install_history: Vec::new(),
            reports: Vec::new(),
        }
    }

    pub fn release(&self, number: u32) -> Option<&Release> {
        let index = usize::try_from(number).ok()?.checked_sub(1)?;
        self.releases.get(index)
    }

    pub fn current(&self) -> Option<&Release> {
        self.current_release.and_then(|number| self.release(number))
    }

    pub fn pending(&self) -> Option<&Release> {
        self.pending_release.and_then(|number| self.release(number))
    }

    /// The date the pending release is scheduled for.
    pub fn pending_date(&self) -> Option<NaiveDate> {
        match self.pending()?.schedule {
            ReleaseSchedule::ReleaseOnSpecifiedDate { release_on_date } => Some(release_on_date),
            ReleaseSchedule::Immediately => None,
        }
    }

    pub fn next_release_number(&self) -> u32 {
        u32::try_from(self.releases.len()).unwrap_or(u32::MAX - 1) + 1
    }

    pub(crate) fn release_mut(&mut self, number: u32) -> Option<&mut Release> {
        let index = usize::try_from(number).ok()?.checked_sub(1)?;
        self.releases.get_mut(index)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Group {
    pub id: GroupId,
    pub name: String,
    pub accounts: BTreeSet<AccountId>,
    /// Integration packs this group carries as resources.
    pub packs: BTreeSet<PackId>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Account {
    pub id: AccountId,
    pub name: String,
    pub groups: BTreeSet<GroupId>,
    pub instances: BTreeSet<InstanceId>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Instance {
    pub id: InstanceId,
    pub account: AccountId,
    pub pack: PackId,
    /// Tells multiple-attachment instances apart; `None` on single-attachment packs.
    pub integration_pack_override_name: Option<String>,
    pub installed_at: DateTime<Utc>,
}

/// The publisher's own settings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Publisher {
    pub time_zone: PublisherZone,
    pub contact: Contact,
}

impl Default for Publisher {
    fn default() -> Self {
        Publisher {
            time_zone: PublisherZone::utc(),
            contact: Contact::default(),
        }
    }
}

/// Serde for "one package version per component" maps, written as a list of
/// `{"componentId": 1, "packageId": 2}`: JSON object keys are strings, and a map with
/// numeric keys does not survive the buffering that `#[serde(flatten)]` does.
pub mod version_map {
    use std::collections::BTreeMap;

    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use crate::domain::ids::{ComponentId, PackageId};

    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Pin {
        component_id: ComponentId,
        package_id: PackageId,
    }

    pub fn serialize<S: Serializer>(
        map: &BTreeMap<ComponentId, PackageId>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(map.iter().map(|(component, package)| Pin {
            component_id: *component,
            package_id: *package,
        }))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<BTreeMap<ComponentId, PackageId>, D::Error> {
        let pins = Vec::<Pin>::deserialize(deserializer)?;
        Ok(pins
            .into_iter()
            .map(|pin| (pin.component_id, pin.package_id))
            .collect())
    }
}
