//! Events: what happened, with the instant it happened. The workspace is exactly the fold
//! of its events, and each renders as one sentence for the activity log.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::ids::{AccountId, ComponentId, GroupId, InstanceId, PackId, PackageId};
use crate::domain::model::{
    BoomiLink, BoomiThing, ComponentKind, Contact, DeploymentModel, InstallationType, Package,
};
use crate::domain::time::{Clock, PublisherZone};

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
    },
    /// The scheduled date came: stamped at its due instant.
    ScheduledReleaseApplied {
        pack: PackId,
        pack_name: String,
        release: u32,
        release_on_date: NaiveDate,
        instances_moved: usize,
        accounts_moved: usize,
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
    },
    PackUninstalled {
        instance: InstanceId,
        account: AccountId,
        account_name: String,
        pack: PackId,
        pack_name: String,
        integration_pack_override_name: Option<String>,
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

impl Event {
    /// Who made it; `shared` says whether the workspace is shared with a team now.
    pub fn author(&self, shared: bool) -> Author<'_> {
        match (&self.by, shared) {
            (Some(name), _) => Author::Member(name),
            (None, false) => Author::ThisBrowser,
            (None, true) => Author::BeforeSharing,
        }
    }

    pub fn kind(&self) -> EventKind {
        match &self.change {
            Change::PublisherTimeZoneChanged { .. }
            | Change::PublisherContactChanged { .. }
            | Change::ClockSet { .. }
            | Change::BoomiIdsRecorded { .. } => EventKind::Settings,
            Change::ComponentCreated { .. } | Change::PackageCreated { .. } => EventKind::Component,
            Change::PackCreated { .. }
            | Change::PackEdited { .. }
            | Change::PackDeleted { .. }
            | Change::MemberAdded { .. }
            | Change::MemberRemoved { .. } => EventKind::Pack,
            Change::PackReleased { .. }
            | Change::ReleaseScheduled { .. }
            | Change::PendingReleaseRescheduled { .. }
            | Change::PendingReleaseCancelled { .. }
            | Change::ScheduledReleaseApplied { .. } => EventKind::Release,
            Change::GroupCreated { .. }
            | Change::GroupRenamed { .. }
            | Change::GroupDeleted { .. }
            | Change::AccountAddedToGroup { .. }
            | Change::AccountRemovedFromGroup { .. }
            | Change::PackAddedToGroup { .. }
            | Change::PackRemovedFromGroup { .. } => EventKind::Group,
            Change::AccountCreated { .. } | Change::AccountRenamed { .. } => EventKind::Account,
            Change::PackInstalled { .. }
            | Change::PendingUpdateAppliedEarly { .. }
            | Change::PackUninstalled { .. } => EventKind::Install,
        }
    }

    /// The pack this event is about, if any.
    pub fn pack(&self) -> Option<PackId> {
        match &self.change {
            Change::PackCreated { pack, .. }
            | Change::PackEdited { pack, .. }
            | Change::PackDeleted { pack, .. }
            | Change::MemberAdded { pack, .. }
            | Change::MemberRemoved { pack, .. }
            | Change::PackReleased { pack, .. }
            | Change::ReleaseScheduled { pack, .. }
            | Change::PendingReleaseRescheduled { pack, .. }
            | Change::PendingReleaseCancelled { pack, .. }
            | Change::ScheduledReleaseApplied { pack, .. }
            | Change::PackAddedToGroup { pack, .. }
            | Change::PackRemovedFromGroup { pack, .. }
            | Change::PackInstalled { pack, .. }
            | Change::PendingUpdateAppliedEarly { pack, .. }
            | Change::PackUninstalled { pack, .. } => Some(*pack),
            _ => None,
        }
    }

    /// The managed account this event is about, if any.
    pub fn account(&self) -> Option<AccountId> {
        match &self.change {
            Change::AccountCreated { account, .. }
            | Change::AccountRenamed { account, .. }
            | Change::AccountAddedToGroup { account, .. }
            | Change::AccountRemovedFromGroup { account, .. }
            | Change::PackInstalled { account, .. }
            | Change::PendingUpdateAppliedEarly { account, .. }
            | Change::PackUninstalled { account, .. } => Some(*account),
            _ => None,
        }
    }

    /// The event as one sentence; dates are read in the publisher's `zone`.
    pub fn sentence(&self, zone: PublisherZone) -> String {
        match &self.change {
            Change::PublisherTimeZoneChanged { from, to } => format!(
                "Publisher time zone changed from {from} to {to}; scheduled releases now apply at midnight {to}"
            ),
            Change::PublisherContactChanged { contact } => {
                if contact.is_empty() {
                    "Publisher contact details cleared".to_owned()
                } else {
                    format!("Publisher contact details set to {}", describe_contact(contact))
                }
            }
            Change::ClockSet { clock: Clock::Real } => {
                "The clock follows the real time again".to_owned()
            }
            Change::ClockSet { clock: Clock::Simulated { at } } => {
                format!("Simulated clock set to {}", zone.format_instant(*at))
            }
            Change::ComponentCreated { name, kind, .. } => {
                format!("Component {name} created ({})", kind.label())
            }
            Change::PackageCreated { component_name, package } => format!(
                "Version {} of {component_name} packaged ({})",
                package.version,
                if package.shareable { "shareable" } else { "not shareable" }
            ),
            Change::PackCreated { name, installation_type, .. } => {
                format!("Integration pack {name} created ({})", installation_type.label())
            }
            Change::PackEdited { old_name, name, .. } => {
                if old_name == name {
                    format!("Integration pack {name} edited")
                } else {
                    format!("Integration pack {old_name} renamed to {name}")
                }
            }
            Change::PackDeleted { name, .. } => format!("Integration pack {name} deleted"),
            Change::MemberAdded { pack_name, component_name, version, .. } => {
                format!("{component_name} (version {version}) added to {pack_name}")
            }
            Change::MemberRemoved { pack_name, component_name, .. } => {
                format!("{component_name} removed from {pack_name}")
            }
            Change::PackReleased { pack_name, release, superseded, instances_moved, accounts_moved, .. } => {
                let mut sentence = format!(
                    "Release {release} of {pack_name} released immediately — applied to {}",
                    count_instances(*instances_moved, *accounts_moved)
                );
                if let Some(superseded) = superseded {
                    sentence.push_str(&format!("; pending release {superseded} superseded"));
                }
                sentence
            }
            Change::ReleaseScheduled { pack_name, release, release_on_date, .. } => format!(
                "Release {release} of {pack_name} scheduled for {release_on_date} ({zone}) — testing period started"
            ),
            Change::PendingReleaseRescheduled { pack_name, release, from, to, .. } => format!(
                "Release {release} of {pack_name} rescheduled from {from} to {to} ({zone})"
            ),
            Change::PendingReleaseCancelled { pack_name, release, instances_returned, .. } => {
                let mut sentence = format!("Pending release {release} of {pack_name} cancelled");
                if *instances_returned > 0 {
                    sentence.push_str(&format!(
                        "; {} returned to the current release",
                        plural(*instances_returned, "instance", "instances")
                    ));
                }
                sentence
            }
            Change::ScheduledReleaseApplied { pack_name, release, release_on_date, instances_moved, accounts_moved, .. } => format!(
                "Release {release} of {pack_name} applied on its scheduled date {release_on_date} ({zone}) to {}",
                count_instances(*instances_moved, *accounts_moved)
            ),
            Change::GroupCreated { name, .. } => format!("Account group {name} created"),
            Change::GroupRenamed { from, to, .. } => format!("Account group {from} renamed to {to}"),
            Change::GroupDeleted { name, .. } => format!("Account group {name} deleted"),
            Change::AccountAddedToGroup { group_name, account_name, .. } => {
                format!("{account_name} added to account group {group_name}")
            }
            Change::AccountRemovedFromGroup { group_name, account_name, .. } => {
                format!("{account_name} removed from account group {group_name}")
            }
            Change::PackAddedToGroup { group_name, pack_name, .. } => {
                format!("{pack_name} made available to account group {group_name}")
            }
            Change::PackRemovedFromGroup { group_name, pack_name, .. } => {
                format!("{pack_name} withdrawn from account group {group_name}")
            }
            Change::AccountCreated { name, .. } => format!("Managed account {name} created"),
            Change::AccountRenamed { from, to, .. } => format!("Managed account {from} renamed to {to}"),
            Change::PackInstalled { account_name, pack_name, integration_pack_override_name, release, .. } => {
                match integration_pack_override_name {
                    Some(name) => format!("{account_name} installed {pack_name} as {name} (release {release})"),
                    None => format!("{account_name} installed {pack_name} (release {release})"),
                }
            }
            Change::PendingUpdateAppliedEarly { account_name, pack_name, release, instances, .. } => format!(
                "{account_name} applied pending release {release} of {pack_name} early to {}",
                plural(instances.len(), "instance", "instances")
            ),
            Change::PackUninstalled { account_name, pack_name, integration_pack_override_name, .. } => {
                match integration_pack_override_name {
                    Some(name) => format!("{account_name} uninstalled {pack_name} ({name})"),
                    None => format!("{account_name} uninstalled {pack_name}"),
                }
            }
            Change::BoomiIdsRecorded { links } => {
                format!("Imported from Boomi: {}", count_boomi_links(links))
            }
        }
    }
}

/// `5 components, 3 integration packs and 1 managed account`, in `BoomiThing::NOUNS` order.
fn count_boomi_links(links: &[BoomiLink]) -> String {
    let mut counts = [0; 6];
    for link in links {
        counts[link.thing.kind()] += 1;
    }
    let parts: Vec<String> = counts
        .iter()
        .zip(BoomiThing::NOUNS)
        .filter(|(count, _)| **count > 0)
        .map(|(count, (one, many))| plural(*count, one, many))
        .collect();
    match parts.split_last() {
        None => "nothing".to_owned(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

fn describe_contact(contact: &Contact) -> String {
    [&contact.name, &contact.email, &contact.phone]
        .into_iter()
        .map(|part| part.trim())
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}

fn count_instances(instances: usize, accounts: usize) -> String {
    format!(
        "{} in {}",
        plural(instances, "instance", "instances"),
        plural(accounts, "account", "accounts")
    )
}

/// `1 instance`, `3 instances`, with thousands separated: `10,000 instances`.
pub fn plural(count: usize, one: &str, many: &str) -> String {
    let digits = count.to_string();
    let mut grouped = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    format!("{grouped} {}", if count == 1 { one } else { many })
}
