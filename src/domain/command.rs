//! Commands: what a publisher or a managed account asks for. `decide` checks each against
//! the workspace and answers with events or a refusal.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::ids::{AccountId, ComponentId, GroupId, InstanceId, PackId, PackageId};
use crate::domain::model::{
    BoomiLink, ComponentKind, Contact, DeploymentModel, InstallationType, ReleaseSchedule,
    SharedComponent,
};
use crate::domain::time::{Clock, PublisherZone};

/// Serialised (team sync's queue) externally tagged, like `Change`: serde reads an
/// internally tagged enum by buffering it, which costs the wasm far more code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE", rename_all_fields = "camelCase")]
pub enum Command {
    SetPublisherTimeZone {
        time_zone: PublisherZone,
    },
    SetPublisherContact {
        contact: Contact,
    },
    /// Sets the workspace's clock. It is decided at the instant the new clock reads, so
    /// the caller passes `clock.now(real_now)` as `now`.
    SetClock {
        clock: Clock,
    },
    CreateComponent {
        name: String,
        kind: ComponentKind,
    },
    CreatePackage {
        component: ComponentId,
        version: String,
        notes: String,
        shareable: bool,
        shared_components: Vec<SharedComponent>,
    },
    CreatePack {
        name: String,
        description: String,
        installation_type: InstallationType,
        deployment_model: DeploymentModel,
    },
    EditPack {
        pack: PackId,
        name: String,
        description: String,
        installation_guide: String,
        user_guide: String,
        contact: Contact,
    },
    DeletePack {
        pack: PackId,
    },
    /// Adds a component; `package` picks an older shareable version, `None` the newest.
    AddMember {
        pack: PackId,
        component: ComponentId,
        package: Option<PackageId>,
    },
    RemoveMember {
        pack: PackId,
        component: ComponentId,
    },
    ReleasePack {
        pack: PackId,
        #[serde(with = "crate::domain::model::version_map")]
        versions: BTreeMap<ComponentId, PackageId>,
        notes: String,
        schedule: ReleaseSchedule,
    },
    ReschedulePendingRelease {
        pack: PackId,
        release_on_date: NaiveDate,
    },
    CancelPendingRelease {
        pack: PackId,
    },
    CreateGroup {
        name: String,
    },
    RenameGroup {
        group: GroupId,
        name: String,
    },
    DeleteGroup {
        group: GroupId,
    },
    AddAccountToGroup {
        group: GroupId,
        account: AccountId,
    },
    RemoveAccountFromGroup {
        group: GroupId,
        account: AccountId,
    },
    AddPackToGroup {
        group: GroupId,
        pack: PackId,
    },
    RemovePackFromGroup {
        group: GroupId,
        pack: PackId,
    },
    CreateAccount {
        name: String,
    },
    RenameAccount {
        account: AccountId,
        name: String,
    },
    Install {
        account: AccountId,
        pack: PackId,
        integration_pack_override_name: Option<String>,
    },
    /// Applies the pending update early to one instance, or to all of the account's
    /// instances of the pack when `instance` is `None`.
    ApplyPendingUpdate {
        account: AccountId,
        pack: PackId,
        instance: Option<InstanceId>,
    },
    Uninstall {
        account: AccountId,
        instance: InstanceId,
    },
    /// Remembers the ids Boomi knows imported things by (`domain::boomi`).
    RecordBoomiIds {
        links: Vec<BoomiLink>,
    },
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
            Command::SetPublisherTimeZone { .. }
            | Command::SetPublisherContact { .. }
            | Command::SetClock { .. }
            | Command::CreateComponent { .. }
            | Command::CreatePack { .. }
            | Command::CreateGroup { .. }
            | Command::CreateAccount { .. } => {}
            Command::CreatePackage { component: c, .. } => *c = component(*c),
            Command::EditPack { pack: p, .. }
            | Command::DeletePack { pack: p }
            | Command::ReschedulePendingRelease { pack: p, .. }
            | Command::CancelPendingRelease { pack: p } => *p = pack(*p),
            Command::AddMember {
                pack: p,
                component: c,
                package: v,
            } => {
                *p = pack(*p);
                *c = component(*c);
                *v = v.map(package);
            }
            Command::RemoveMember {
                pack: p,
                component: c,
            } => {
                *p = pack(*p);
                *c = component(*c);
            }
            Command::ReleasePack {
                pack: p, versions, ..
            } => {
                *p = pack(*p);
                *versions = versions
                    .iter()
                    .map(|(c, v)| (component(*c), package(*v)))
                    .collect();
            }
            Command::RenameGroup { group: g, .. } | Command::DeleteGroup { group: g } => {
                *g = group(*g)
            }
            Command::AddAccountToGroup {
                group: g,
                account: a,
            }
            | Command::RemoveAccountFromGroup {
                group: g,
                account: a,
            } => {
                *g = group(*g);
                *a = account(*a);
            }
            Command::AddPackToGroup { group: g, pack: p }
            | Command::RemovePackFromGroup { group: g, pack: p } => {
                *g = group(*g);
                *p = pack(*p);
            }
            Command::RenameAccount { account: a, .. } => *a = account(*a),
            Command::Install {
                account: a,
                pack: p,
                ..
            } => {
                *a = account(*a);
                *p = pack(*p);
            }
            Command::ApplyPendingUpdate {
                account: a,
                pack: p,
                instance: i,
            } => {
                *a = account(*a);
                *p = pack(*p);
                *i = i.map(instance);
            }
            Command::Uninstall {
                account: a,
                instance: i,
            } => {
                *a = account(*a);
                *i = instance(*i);
            }
            Command::RecordBoomiIds { links } => {
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
