//! Events: what happened, with the instant it happened. The workspace is exactly the fold
//! of its events, and each renders as one sentence for the activity log.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::configuration::{DiscardedValue, FieldChange};
use crate::domain::ids::{AccountId, ComponentId, GroupId, InstanceId, PackId, PackageId};
use crate::domain::model::{
    BoomiLink, BoomiThing, ComponentKind, Contact, DeploymentModel, InstallationType, Package,
    SharedComponentKind, Verdict,
};
use crate::domain::time::{Clock, PublisherZone};

mod sentence;
pub use sentence::plural;

/// One thing that happened, stamped with its instant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub at: DateTime<Utc>,
    pub change: Change,
    /// Who made it: the team member's CouchDB user name (format 4). `None` for a change made
    /// in this browser alone, and for every event of a file of format 3 or older.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
}

/// What happened. Each variant carries the names its sentence needs, so the activity log
/// reads the same after a rename or a deletion.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE", rename_all_fields = "camelCase")]
pub enum Change {
    PublisherTimeZoneChanged {
        from: PublisherZone,
        to: PublisherZone,
    },
    PublisherContactChanged {
        contact: Contact,
    },
    /// The workspace's clock was set: simulated at an instant, or the real time again.
    ClockSet {
        clock: Clock,
    },
    ComponentCreated {
        component: ComponentId,
        name: String,
        kind: ComponentKind,
    },
    PackageCreated {
        component_name: String,
        package: Package,
    },
    PackCreated {
        pack: PackId,
        name: String,
        description: String,
        installation_type: InstallationType,
        deployment_model: DeploymentModel,
    },
    PackEdited {
        pack: PackId,
        old_name: String,
        name: String,
        description: String,
        installation_guide: String,
        user_guide: String,
        contact: Contact,
    },
    PackDeleted {
        pack: PackId,
        name: String,
    },
    MemberAdded {
        pack: PackId,
        pack_name: String,
        component: ComponentId,
        component_name: String,
        package: PackageId,
        version: String,
    },
    MemberRemoved {
        pack: PackId,
        pack_name: String,
        component: ComponentId,
        component_name: String,
    },
    /// An immediate release: every instance of the pack runs it from now on.
    PackReleased {
        pack: PackId,
        pack_name: String,
        release: u32,
        #[serde(with = "crate::domain::model::version_map")]
        versions: BTreeMap<ComponentId, PackageId>,
        notes: String,
        superseded: Option<u32>,
        instances_moved: usize,
        accounts_moved: usize,
        /// Extension values of fields that stop being extensible (format 7).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        discarded_values: Vec<DiscardedValue>,
    },
    /// A release on a date: its testing period starts now.
    ReleaseScheduled {
        pack: PackId,
        pack_name: String,
        release: u32,
        #[serde(with = "crate::domain::model::version_map")]
        versions: BTreeMap<ComponentId, PackageId>,
        notes: String,
        release_on_date: NaiveDate,
    },
    PendingReleaseRescheduled {
        pack: PackId,
        pack_name: String,
        release: u32,
        from: NaiveDate,
        to: NaiveDate,
    },
    PendingReleaseCancelled {
        pack: PackId,
        pack_name: String,
        release: u32,
        instances_returned: usize,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        discarded_values: Vec<DiscardedValue>,
    },
    /// The scheduled date came: stamped at its due instant.
    ScheduledReleaseApplied {
        pack: PackId,
        pack_name: String,
        release: u32,
        release_on_date: NaiveDate,
        instances_moved: usize,
        accounts_moved: usize,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        discarded_values: Vec<DiscardedValue>,
    },
    GroupCreated {
        group: GroupId,
        name: String,
    },
    GroupRenamed {
        group: GroupId,
        from: String,
        to: String,
    },
    GroupDeleted {
        group: GroupId,
        name: String,
    },
    AccountAddedToGroup {
        group: GroupId,
        group_name: String,
        account: AccountId,
        account_name: String,
    },
    AccountRemovedFromGroup {
        group: GroupId,
        group_name: String,
        account: AccountId,
        account_name: String,
    },
    PackAddedToGroup {
        group: GroupId,
        group_name: String,
        pack: PackId,
        pack_name: String,
    },
    PackRemovedFromGroup {
        group: GroupId,
        group_name: String,
        pack: PackId,
        pack_name: String,
    },
    AccountCreated {
        account: AccountId,
        name: String,
    },
    AccountRenamed {
        account: AccountId,
        from: String,
        to: String,
    },
    PackInstalled {
        instance: InstanceId,
        account: AccountId,
        account_name: String,
        pack: PackId,
        pack_name: String,
        integration_pack_override_name: Option<String>,
        release: u32,
    },
    PendingUpdateAppliedEarly {
        account: AccountId,
        account_name: String,
        pack: PackId,
        pack_name: String,
        release: u32,
        instances: Vec<InstanceId>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        discarded_values: Vec<DiscardedValue>,
    },
    PackUninstalled {
        instance: InstanceId,
        account: AccountId,
        account_name: String,
        pack: PackId,
        pack_name: String,
        integration_pack_override_name: Option<String>,
    },
    /// A managed account reported on a pending release one of its instances applied early.
    UpdateReported {
        pack: PackId,
        pack_name: String,
        release: u32,
        instance: InstanceId,
        account: AccountId,
        account_name: String,
        integration_pack_override_name: Option<String>,
        verdict: Verdict,
        text: String,
    },
    /// The publisher marked an instance's reported problem as addressed.
    ProblemAddressed {
        pack: PackId,
        pack_name: String,
        release: u32,
        instance: InstanceId,
        account: AccountId,
        account_name: String,
        integration_pack_override_name: Option<String>,
        by_release: Option<u32>,
    },
    /// A managed account changed the extension values of one shared component of an
    /// instance (format 7).
    ExtensionValuesChanged {
        pack: PackId,
        pack_name: String,
        instance: InstanceId,
        account: AccountId,
        account_name: String,
        integration_pack_override_name: Option<String>,
        kind: SharedComponentKind,
        component: String,
        changes: Vec<FieldChange>,
    },
    /// Things imported from a Boomi account, with the ids Boomi knows them by.
    BoomiIdsRecorded {
        links: Vec<BoomiLink>,
    },
}

/// The kinds the activity log filters by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum EventKind {
    Settings,
    Component,
    Pack,
    Release,
    Group,
    Account,
    Install,
}

impl EventKind {
    pub const ALL: [EventKind; 7] = [
        EventKind::Settings,
        EventKind::Component,
        EventKind::Pack,
        EventKind::Release,
        EventKind::Group,
        EventKind::Account,
        EventKind::Install,
    ];

    pub fn label(self) -> &'static str {
        match self {
            EventKind::Settings => "Settings",
            EventKind::Component => "Components and packages",
            EventKind::Pack => "Integration packs",
            EventKind::Release => "Releases",
            EventKind::Group => "Account groups",
            EventKind::Account => "Managed accounts",
            EventKind::Install => "Installs and updates",
        }
    }
}

/// Who made a change, as the activity log names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Author<'a> {
    /// A team member: their CouchDB user name.
    Member(&'a str),
    /// This browser, working alone (the workspace is not shared).
    ThisBrowser,
    /// A browser working alone before the workspace was shared: which one is not recorded.
    BeforeSharing,
}

impl Author<'_> {
    /// The name alone (the activity CSV's "By" column).
    pub fn name(self) -> String {
        match self {
            Author::Member(name) => name.to_owned(),
            Author::ThisBrowser => "this browser".to_owned(),
            Author::BeforeSharing => "before team sync".to_owned(),
        }
    }

    /// What follows the sentence in the activity log.
    pub fn phrase(self) -> String {
        match self {
            Author::BeforeSharing => "made before team sync".to_owned(),
            other => format!("by {}", other.name()),
        }
    }
}
