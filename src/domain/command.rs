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

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    tag = "command",
    rename_all = "SCREAMING_SNAKE_CASE",
    rename_all_fields = "camelCase"
)]
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
