//! What an event says: its author and the activity log's sentence for it, in the publisher's
//! zone at the event's instant.

use super::*;
use crate::domain::configuration::FieldChoice;

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
            | Change::ScheduledReleaseApplied { .. }
            | Change::ProblemAddressed { .. } => EventKind::Release,
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
            | Change::PackUninstalled { .. }
            | Change::UpdateReported { .. }
            | Change::ExtensionValuesChanged { .. } => EventKind::Install,
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
            | Change::PackUninstalled { pack, .. }
            | Change::UpdateReported { pack, .. }
            | Change::ProblemAddressed { pack, .. }
            | Change::ExtensionValuesChanged { pack, .. } => Some(*pack),
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
            | Change::PackUninstalled { account, .. }
            | Change::UpdateReported { account, .. }
            | Change::ProblemAddressed { account, .. }
            | Change::ExtensionValuesChanged { account, .. } => Some(*account),
            _ => None,
        }
    }

    /// The event as one sentence; dates are read in the publisher's `zone`.
    pub fn sentence(&self, zone: PublisherZone) -> String {
        let mut sentence = self.main_sentence(zone);
        let discarded = match &self.change {
            Change::PackReleased {
                discarded_values, ..
            }
            | Change::ScheduledReleaseApplied {
                discarded_values, ..
            }
            | Change::PendingUpdateAppliedEarly {
                discarded_values, ..
            }
            | Change::PendingReleaseCancelled {
                discarded_values, ..
            } => discarded_values,
            _ => return sentence,
        };
        if !discarded.is_empty() {
            let mut fields: Vec<String> = discarded
                .iter()
                .map(|value| format!("{} {}", value.component, value.field))
                .collect();
            fields.sort();
            fields.dedup();
            sentence.push_str(&format!(
                "; {} discarded, no longer extensible: {}",
                plural(discarded.len(), "extension value", "extension values"),
                fields.join(", ")
            ));
        }
        sentence
    }

    fn main_sentence(&self, zone: PublisherZone) -> String {
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
            Change::UpdateReported { account_name, pack_name, release, integration_pack_override_name, verdict, text, .. } => {
                let on = on_instance(integration_pack_override_name);
                match verdict {
                    Verdict::Works => format!(
                        "{account_name} reported that pending release {release} of {pack_name} works{on}"
                    ),
                    Verdict::Problem => format!(
                        "{account_name} reported a problem with pending release {release} of {pack_name}{on}: {text}"
                    ),
                }
            }
            Change::ProblemAddressed { account_name, pack_name, release, integration_pack_override_name, by_release, .. } => {
                let mut sentence = format!(
                    "Problem {account_name} reported with pending release {release} of {pack_name}{} marked as addressed",
                    on_instance(integration_pack_override_name)
                );
                if let Some(by_release) = by_release {
                    sentence.push_str(&format!(" by release {by_release}"));
                }
                sentence
            }
            Change::ExtensionValuesChanged { account_name, pack_name, integration_pack_override_name, kind, component, changes, .. } => {
                let said: Vec<String> = changes
                    .iter()
                    .map(|change| match change.choice {
                        FieldChoice::Set(_) => format!("{} set", change.field),
                        FieldChoice::SetEncrypted => format!("{} set (encrypted in Boomi)", change.field),
                        FieldChoice::Clear => format!("{} back to the packaged default", change.field),
                        FieldChoice::KeepDefault => format!("{} kept at the packaged default", change.field),
                    })
                    .collect();
                format!(
                    "{account_name} changed the extension values of {} {component} on {pack_name}{}: {}",
                    kind.label(),
                    on_instance(integration_pack_override_name),
                    said.join("; ")
                )
            }
            Change::BoomiIdsRecorded { links } => {
                format!("Imported from Boomi: {}", count_boomi_links(links))
            }
        }
    }
}

/// `5 components, 3 integration packs and 1 managed account`, in `BoomiThing::NOUNS` order.
pub(super) fn count_boomi_links(links: &[BoomiLink]) -> String {
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

/// ` (on Main Street)` for an instance of a multiple-attachments pack, nothing otherwise.
fn on_instance(override_name: &Option<String>) -> String {
    override_name
        .as_ref()
        .map(|name| format!(" (on {name})"))
        .unwrap_or_default()
}

pub(super) fn describe_contact(contact: &Contact) -> String {
    [&contact.name, &contact.email, &contact.phone]
        .into_iter()
        .map(|part| part.trim())
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}

pub(super) fn count_instances(instances: usize, accounts: usize) -> String {
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
