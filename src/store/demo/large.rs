//! The benchmarks' publisher: many accounts and packs, all made at one instant.

use super::*;
use crate::domain::command::{
    AddAccountToGroup, AddMember, AddPackToGroup, ApplyPendingUpdate, CreateAccount,
    CreateComponent, CreateGroup, CreatePack, Install, ReleasePack, ReportOnUpdate,
    SetExtensionValues,
};
use crate::domain::configuration::{FieldChange, FieldChoice};
use crate::domain::model::Verdict;
use crate::domain::InstanceId;

/// What the benchmarks load: a big publisher, all of it made at one instant.
pub struct LargeWorkspace {
    pub workspace: Workspace,
    pub events: Vec<Event>,
    pub now: DateTime<Utc>,
    /// The pack installed in half (or all) of the accounts, and its component's two versions.
    pub big_pack: PackId,
    pub big_component: ComponentId,
    pub big_versions: [PackageId; 2],
}

/// Where the first ("big") pack of a large workspace is installed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BigPack {
    /// In half of the accounts: the browser's speed goals are set for this shape.
    InHalf,
    /// In every account: the engine's ladder releases to as many instances as accounts.
    InEvery,
}

/// `accounts` accounts in one group that carries `packs` released single-attachment packs;
/// each account has 5 of them installed, and the first pack is in half of the accounts
/// (20,000 and 50 make the 100,000 instances the speed goals are set for).
pub fn large_workspace(
    accounts: u32,
    packs: u32,
    now: DateTime<Utc>,
) -> Result<LargeWorkspace, DomainError> {
    large_workspace_shaped(accounts, packs, BigPack::InHalf, now)
}

/// [`large_workspace`] with the first pack installed where `big` says.
pub fn large_workspace_shaped(
    accounts: u32,
    packs: u32,
    big: BigPack,
    now: DateTime<Utc>,
) -> Result<LargeWorkspace, DomainError> {
    const INSTANCES_PER_ACCOUNT: u32 = 5;
    let packs = packs.max(INSTANCES_PER_ACCOUNT + 1);
    let mut b = Builder {
        workspace: Workspace::default(),
        events: Vec::new(),
        now,
        step: TimeDelta::zero(),
    };
    let group = GroupId(b.run(Command::CreateGroup(CreateGroup {
        name: "Everyone".into(),
    }))?);
    let mut pack_ids = Vec::new();
    let mut first = None;
    for index in 0..packs {
        let (pack, component, versions) = released_pack(&mut b, group, index)?;
        first.get_or_insert((pack, component, versions));
        pack_ids.push(pack);
    }
    let spread = (packs - INSTANCES_PER_ACCOUNT) as usize;
    for index in 0..accounts {
        let account = AccountId(b.run(Command::CreateAccount(CreateAccount {
            name: format!("Account {index:05}"),
        }))?);
        b.run(Command::AddAccountToGroup(AddAccountToGroup {
            group,
            account,
        }))?;
        let offset = index as usize % spread;
        let others = &pack_ids[1 + offset..];
        let has_big = match big {
            BigPack::InHalf => index < accounts / 2,
            BigPack::InEvery => true,
        };
        let chosen: Vec<PackId> = if has_big {
            std::iter::once(pack_ids[0])
                .chain(others.iter().copied().take(4))
                .collect()
        } else {
            others.iter().copied().take(5).collect()
        };
        for pack in chosen {
            b.run(Command::Install(Install {
                account,
                pack,
                integration_pack_override_name: None,
            }))?;
        }
    }
    let (big_pack, big_component, big_versions) = first.expect("at least six packs");
    Ok(LargeWorkspace {
        workspace: b.workspace,
        events: b.events,
        now,
        big_pack,
        big_component,
        big_versions,
    })
}

/// Puts the big pack in a testing period: release 2 (a version 1.2 whose connection has a
/// `token` to fill in) scheduled 30 days ahead, applied early by the first `reports` of its
/// instances, each of which reports on it (one in ten a problem, the rest "works"); every
/// other one of them sets its token, the rest need attention. What the testing period's
/// and the configuration filter's speed goals are set for.
pub fn with_testing_period(
    large: LargeWorkspace,
    reports: usize,
) -> Result<LargeWorkspace, DomainError> {
    let LargeWorkspace {
        workspace,
        events,
        now,
        big_pack,
        big_component,
        big_versions,
    } = large;
    let mut b = Builder {
        workspace,
        events,
        now,
        step: TimeDelta::zero(),
    };
    let release_on_date = b.workspace.publisher().time_zone.date_at(now) + TimeDelta::days(30);
    let with_token = PackageId(b.package(
        big_component,
        "1.2",
        vec![SharedComponent {
            name: "Store API".into(),
            kind: SharedComponentKind::Connection,
            extensible_fields: ["token".to_owned()].into(),
        }],
    )?);
    b.run(Command::ReleasePack(ReleasePack {
        pack: big_pack,
        versions: BTreeMap::from([(big_component, with_token)]),
        notes: "Tries the next version.".into(),
        schedule: ReleaseSchedule::ReleaseOnSpecifiedDate { release_on_date },
    }))?;
    let pack = b.workspace.pack(big_pack)?;
    let release = pack.pending_release.unwrap_or_default();
    let trying: Vec<(AccountId, InstanceId)> = pack
        .instances
        .iter()
        .take(reports)
        .filter_map(|id| b.workspace.instance(*id).ok())
        .map(|instance| (instance.account, instance.id))
        .collect();
    for (index, (account, instance)) in trying.into_iter().enumerate() {
        try_early(&mut b, big_pack, release, index, (account, instance))?;
    }
    Ok(LargeWorkspace {
        workspace: b.workspace,
        events: b.events,
        now,
        big_pack,
        big_component,
        big_versions,
    })
}

/// The `index`th early applier: applies the pending release, sets its token (every other
/// one), reports (one in ten a problem).
fn try_early(
    b: &mut Builder,
    pack: PackId,
    release: u32,
    index: usize,
    (account, instance): (AccountId, InstanceId),
) -> Result<(), DomainError> {
    b.run(Command::ApplyPendingUpdate(ApplyPendingUpdate {
        account,
        pack,
        instance: Some(instance),
    }))?;
    if index.is_multiple_of(2) {
        b.run(Command::SetExtensionValues(SetExtensionValues {
            account,
            instance,
            kind: SharedComponentKind::Connection,
            component: "Store API".into(),
            changes: vec![FieldChange {
                field: "token".into(),
                choice: FieldChoice::Set(format!("token-{index}")),
            }],
        }))?;
    }
    let problem = index.is_multiple_of(10);
    b.run(Command::ReportOnUpdate(ReportOnUpdate {
        account,
        instance,
        release,
        verdict: if problem {
            Verdict::Problem
        } else {
            Verdict::Works
        },
        text: if problem {
            format!("Problem {index}: totals differ after the update.")
        } else {
            String::new()
        },
    }))?;
    Ok(())
}

/// Pack `index`, with one process of versions 1.0 and 1.1, released with 1.0 and shared
/// with `group`.
fn released_pack(
    b: &mut Builder,
    group: GroupId,
    index: u32,
) -> Result<(PackId, ComponentId, [PackageId; 2]), DomainError> {
    let component = ComponentId(b.run(Command::CreateComponent(CreateComponent {
        name: format!("Process {index}"),
        kind: ComponentKind::Process,
    }))?);
    let mut versions = [PackageId(0); 2];
    for (slot, label) in ["1.0", "1.1"].into_iter().enumerate() {
        versions[slot] = PackageId(b.package(component, label, Vec::new())?);
    }
    let pack = PackId(b.run(Command::CreatePack(CreatePack {
        name: format!("Pack {index}"),
        description: String::new(),
        installation_type: InstallationType::Single,
        deployment_model: DeploymentModel::Packaged,
    }))?);
    b.run(Command::AddMember(AddMember {
        pack,
        component,
        package: Some(versions[0]),
    }))?;
    b.run(Command::ReleasePack(ReleasePack {
        pack,
        versions: BTreeMap::from([(component, versions[0])]),
        notes: String::new(),
        schedule: ReleaseSchedule::Immediately,
    }))?;
    b.run(Command::AddPackToGroup(AddPackToGroup { group, pack }))?;
    Ok((pack, component, versions))
}
