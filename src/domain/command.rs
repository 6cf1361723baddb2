//! Commands: what a publisher or a managed account asks for. `decide` checks each against
//! the workspace and answers with events or a refusal.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::configuration::FieldChange;
use crate::domain::ids::{AccountId, ComponentId, GroupId, InstanceId, PackId, PackageId};
use crate::domain::model::{
    BoomiLink, ComponentKind, Contact, DeploymentModel, InstallationType, ReleaseSchedule,
    SharedComponent, SharedComponentKind, Verdict,
};
use crate::domain::time::{Clock, PublisherZone};

/// Serialised (team sync's queue) externally tagged, like `Change`: serde reads an
/// internally tagged enum by buffering it, which costs the wasm far more code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Command {
    SetPublisherTimeZone(SetPublisherTimeZone),
    SetPublisherContact(SetPublisherContact),
    /// Sets the workspace's clock. It is decided at the instant the new clock reads, so
    /// the caller passes `clock.now(real_now)` as `now`.
    SetClock(SetClock),
    CreateComponent(CreateComponent),
    CreatePackage(CreatePackage),
    CreatePack(CreatePack),
    EditPack(EditPack),
    DeletePack(DeletePack),
    /// Adds a component; `package` picks an older shareable version, `None` the newest.
    AddMember(AddMember),
    RemoveMember(RemoveMember),
    ReleasePack(ReleasePack),
    ReschedulePendingRelease(ReschedulePendingRelease),
    CancelPendingRelease(CancelPendingRelease),
    CreateGroup(CreateGroup),
    RenameGroup(RenameGroup),
    DeleteGroup(DeleteGroup),
    AddAccountToGroup(AddAccountToGroup),
    RemoveAccountFromGroup(RemoveAccountFromGroup),
    AddPackToGroup(AddPackToGroup),
    RemovePackFromGroup(RemovePackFromGroup),
    CreateAccount(CreateAccount),
    RenameAccount(RenameAccount),
    Install(Install),
    /// Applies the pending update early to one instance, or to all of the account's
    /// instances of the pack when `instance` is `None`.
    ApplyPendingUpdate(ApplyPendingUpdate),
    Uninstall(Uninstall),
    /// A managed account reports on the pending release one of its instances applied early.
    ReportOnUpdate(ReportOnUpdate),
    /// The publisher marks an instance's reported problem as addressed.
    MarkProblemAddressed(MarkProblemAddressed),
    /// A managed account changes the extension values of one shared component of an instance.
    SetExtensionValues(SetExtensionValues),
    /// Remembers the ids Boomi knows imported things by (`domain::boomi`).
    RecordBoomiIds(RecordBoomiIds),
}

/// `Command::SetPublisherTimeZone`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SetPublisherTimeZone {
    pub time_zone: PublisherZone,
}

/// `Command::SetPublisherContact`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SetPublisherContact {
    pub contact: Contact,
}

/// Sets the workspace's clock. It is decided at the instant the new clock reads, so
/// the caller passes `clock.now(real_now)` as `now`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SetClock {
    pub clock: Clock,
}

/// `Command::CreateComponent`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateComponent {
    pub name: String,
    pub kind: ComponentKind,
}

/// `Command::CreatePackage`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreatePackage {
    pub component: ComponentId,
    pub version: String,
    pub notes: String,
    pub shareable: bool,
    pub shared_components: Vec<SharedComponent>,
}

/// `Command::CreatePack`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreatePack {
    pub name: String,
    pub description: String,
    pub installation_type: InstallationType,
    pub deployment_model: DeploymentModel,
}

/// `Command::EditPack`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EditPack {
    pub pack: PackId,
    pub name: String,
    pub description: String,
    pub installation_guide: String,
    pub user_guide: String,
    pub contact: Contact,
}

/// `Command::DeletePack`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeletePack {
    pub pack: PackId,
}

/// Adds a component; `package` picks an older shareable version, `None` the newest.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AddMember {
    pub pack: PackId,
    pub component: ComponentId,
    pub package: Option<PackageId>,
}

/// `Command::RemoveMember`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RemoveMember {
    pub pack: PackId,
    pub component: ComponentId,
}

/// `Command::ReleasePack`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReleasePack {
    pub pack: PackId,
    #[serde(with = "crate::domain::model::version_map")]
    pub versions: BTreeMap<ComponentId, PackageId>,
    pub notes: String,
    pub schedule: ReleaseSchedule,
}

/// `Command::ReschedulePendingRelease`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReschedulePendingRelease {
    pub pack: PackId,
    pub release_on_date: NaiveDate,
}

/// `Command::CancelPendingRelease`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CancelPendingRelease {
    pub pack: PackId,
}

/// `Command::CreateGroup`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateGroup {
    pub name: String,
}

/// `Command::RenameGroup`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RenameGroup {
    pub group: GroupId,
    pub name: String,
}

/// `Command::DeleteGroup`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeleteGroup {
    pub group: GroupId,
}

/// `Command::AddAccountToGroup`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AddAccountToGroup {
    pub group: GroupId,
    pub account: AccountId,
}

/// `Command::RemoveAccountFromGroup`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RemoveAccountFromGroup {
    pub group: GroupId,
    pub account: AccountId,
}

/// `Command::AddPackToGroup`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AddPackToGroup {
    pub group: GroupId,
    pub pack: PackId,
}

/// `Command::RemovePackFromGroup`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RemovePackFromGroup {
    pub group: GroupId,
    pub pack: PackId,
}

/// `Command::CreateAccount`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateAccount {
    pub name: String,
}

/// `Command::RenameAccount`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RenameAccount {
    pub account: AccountId,
    pub name: String,
}

/// `Command::Install`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Install {
    pub account: AccountId,
    pub pack: PackId,
    pub integration_pack_override_name: Option<String>,
}

/// Applies the pending update early to one instance, or to all of the account's
/// instances of the pack when `instance` is `None`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApplyPendingUpdate {
    pub account: AccountId,
    pub pack: PackId,
    pub instance: Option<InstanceId>,
}

/// `Command::Uninstall`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Uninstall {
    pub account: AccountId,
    pub instance: InstanceId,
}

/// A managed account reports on pending release `release` of the instance's pack: the
/// release is named so that a report never lands on another release than the one tried.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReportOnUpdate {
    pub account: AccountId,
    pub instance: InstanceId,
    pub release: u32,
    pub verdict: Verdict,
    pub text: String,
}

/// The publisher marks `instance`'s open problem with pending release `release` of `pack`
/// as addressed, optionally naming the release of the pack that addresses it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MarkProblemAddressed {
    pub pack: PackId,
    pub release: u32,
    pub instance: InstanceId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by_release: Option<u32>,
}

/// A managed account's saved settings form: the fields of one shared component (matched by
/// kind and name) of the release `instance` runs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SetExtensionValues {
    pub account: AccountId,
    pub instance: InstanceId,
    pub kind: SharedComponentKind,
    pub component: String,
    pub changes: Vec<FieldChange>,
}

/// Remembers the ids Boomi knows imported things by (`domain::boomi`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RecordBoomiIds {
    pub links: Vec<BoomiLink>,
}

impl Command {
    /// The same command with every id it names passed through `map` (ids of every kind
    /// share one sequence, so one map serves them all). A rebase uses it when a change
    /// decided again created its things under other ids.
    pub fn with_ids_mapped(&self, map: &dyn Fn(u32) -> u32) -> Command {
        use crate::domain::model::BoomiThing;
        let component = |id: ComponentId| ComponentId(map(id.0));
        let package = |id: PackageId| PackageId(map(id.0));
        let pack = |id: PackId| PackId(map(id.0));
        let group = |id: GroupId| GroupId(map(id.0));
        let account = |id: AccountId| AccountId(map(id.0));
        let instance = |id: InstanceId| InstanceId(map(id.0));
        let mut command = self.clone();
        match &mut command {
            Command::SetPublisherTimeZone(SetPublisherTimeZone { .. })
            | Command::SetPublisherContact(SetPublisherContact { .. })
            | Command::SetClock(SetClock { .. })
            | Command::CreateComponent(CreateComponent { .. })
            | Command::CreatePack(CreatePack { .. })
            | Command::CreateGroup(CreateGroup { .. })
            | Command::CreateAccount(CreateAccount { .. }) => {}
            Command::CreatePackage(CreatePackage { component: c, .. }) => *c = component(*c),
            Command::EditPack(EditPack { pack: p, .. })
            | Command::DeletePack(DeletePack { pack: p })
            | Command::ReschedulePendingRelease(ReschedulePendingRelease { pack: p, .. })
            | Command::CancelPendingRelease(CancelPendingRelease { pack: p }) => *p = pack(*p),
            Command::AddMember(AddMember {
                pack: p,
                component: c,
                package: v,
            }) => {
                *p = pack(*p);
                *c = component(*c);
                *v = v.map(package);
            }
            Command::RemoveMember(RemoveMember {
                pack: p,
                component: c,
            }) => {
                *p = pack(*p);
                *c = component(*c);
            }
            Command::ReleasePack(ReleasePack {
                pack: p, versions, ..
            }) => {
                *p = pack(*p);
                *versions = versions
                    .iter()
                    .map(|(c, v)| (component(*c), package(*v)))
                    .collect();
            }
            Command::RenameGroup(RenameGroup { group: g, .. })
            | Command::DeleteGroup(DeleteGroup { group: g }) => *g = group(*g),
            Command::AddAccountToGroup(AddAccountToGroup {
                group: g,
                account: a,
            })
            | Command::RemoveAccountFromGroup(RemoveAccountFromGroup {
                group: g,
                account: a,
            }) => {
                *g = group(*g);
                *a = account(*a);
            }
            Command::AddPackToGroup(AddPackToGroup { group: g, pack: p })
            | Command::RemovePackFromGroup(RemovePackFromGroup { group: g, pack: p }) => {
                *g = group(*g);
                *p = pack(*p);
            }
            Command::RenameAccount(RenameAccount { account: a, .. }) => *a = account(*a),
            Command::Install(Install {
                account: a,
                pack: p,
                ..
            }) => {
                *a = account(*a);
                *p = pack(*p);
            }
            Command::ApplyPendingUpdate(ApplyPendingUpdate {
                account: a,
                pack: p,
                instance: i,
            }) => {
                *a = account(*a);
                *p = pack(*p);
                *i = i.map(instance);
            }
            Command::Uninstall(Uninstall {
                account: a,
                instance: i,
            }) => {
                *a = account(*a);
                *i = instance(*i);
            }
            Command::ReportOnUpdate(ReportOnUpdate {
                account: a,
                instance: i,
                ..
            })
            | Command::SetExtensionValues(SetExtensionValues {
                account: a,
                instance: i,
                ..
            }) => {
                *a = account(*a);
                *i = instance(*i);
            }
            Command::MarkProblemAddressed(MarkProblemAddressed {
                pack: p,
                instance: i,
                ..
            }) => {
                *p = pack(*p);
                *i = instance(*i);
            }
            Command::RecordBoomiIds(RecordBoomiIds { links }) => {
                for link in links {
                    link.thing = match link.thing {
                        BoomiThing::Component(id) => BoomiThing::Component(component(id)),
                        BoomiThing::Package(id) => BoomiThing::Package(package(id)),
                        BoomiThing::Pack(id) => BoomiThing::Pack(pack(id)),
                        BoomiThing::Group(id) => BoomiThing::Group(group(id)),
                        BoomiThing::Account(id) => BoomiThing::Account(account(id)),
                        BoomiThing::Instance(id) => BoomiThing::Instance(instance(id)),
                    };
                }
            }
        }
        command
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A queued change is stored with its command (team sync's queue): the payload structs
    /// keep the JSON the struct variants wrote, so a queue saved before still loads.
    #[test]
    fn a_command_reads_and_writes_the_json_of_the_struct_variants_it_replaced() {
        let stored = r#"{"EDIT_PACK":{"pack":7,"name":"Orders","description":"","installationGuide":"Run it","userGuide":"","contact":{"name":"","email":"","phone":""}}}"#;
        let command: Command = serde_json::from_str(stored).unwrap();
        let Command::EditPack(edit) = &command else {
            panic!("{command:?}");
        };
        assert_eq!(edit.pack, PackId(7));
        assert_eq!(edit.installation_guide, "Run it");
        assert_eq!(serde_json::to_string(&command).unwrap(), stored);

        let stored = r#"{"RELEASE_PACK":{"pack":7,"versions":[{"componentId":3,"packageId":4}],"notes":"n","schedule":{"releaseSchedule":"IMMEDIATELY"}}}"#;
        let command: Command = serde_json::from_str(stored).unwrap();
        assert_eq!(serde_json::to_string(&command).unwrap(), stored);
        let Command::ReleasePack(release) = command else {
            panic!("not a release");
        };
        assert_eq!(release.versions.get(&ComponentId(3)), Some(&PackageId(4)));
    }
}
