//! Capabilities 9 and 10: managed accounts, what they see and do, and the queries the UI
//! needs.

use std::collections::BTreeSet;

use packwright::domain::model::InstallationType;
use packwright::domain::queries::{self, ActivityFilter, PackStatus};
use packwright::domain::{Command, DomainError, EventKind};

use crate::world::{date, utc, World};
use packwright::domain::command::{
    AddAccountToGroup, ApplyPendingUpdate, DeletePack, EditPack, Install, RenameAccount, Uninstall,
};

#[test]
fn an_account_is_created_and_renamed_with_a_unique_name() {
    let mut world = World::new();
    let account = world.account("Acme");
    world.account("Globex");
    world.ok(Command::RenameAccount(RenameAccount {
        account,
        name: "Acme Corp".into(),
    }));
    assert_eq!(world.workspace.account(account).unwrap().name, "Acme Corp");
    let error = world.refused(Command::RenameAccount(RenameAccount {
        account,
        name: "globex".into(),
    }));
    assert!(matches!(
        error,
        DomainError::DuplicateName {
            subject: packwright::domain::error::Subject::ManagedAccount,
            ..
        }
    ));
}

#[test]
fn an_account_sees_the_released_packs_of_all_its_groups() {
    let mut world = World::new();
    let (released, _, _) = world.pack_of_two("Orders");
    world.release_now(released);
    let (unreleased, _, _) = world.pack_of_two("Drafts");
    let (elsewhere, _, _) = world.pack_of_two("Elsewhere");
    world.release_now(elsewhere);
    let retail = world.group("Retail");
    let wholesale = world.group("Wholesale");
    let other = world.group("Other");
    world.offer(retail, released);
    world.offer(wholesale, unreleased);
    world.offer(other, elsewhere);
    let account = world.account_in("Acme", retail);
    world.ok(Command::AddAccountToGroup(AddAccountToGroup {
        group: wholesale,
        account,
    }));
    assert_eq!(world.visible(account), BTreeSet::from([released]));
}

#[test]
fn an_account_cannot_install_a_pack_it_cannot_see() {
    let mut world = World::new();
    let (pack, _, _) = world.pack_of_two("Orders");
    world.release_now(pack);
    let account = world.account("Acme");
    let error = world.refused(Command::Install(Install {
        account,
        pack,
        integration_pack_override_name: None,
    }));
    assert_eq!(
        error,
        DomainError::PackNotVisible {
            account: "Acme".into(),
            pack: "Orders".into()
        }
    );
}

#[test]
fn a_pack_that_was_never_released_cannot_be_installed() {
    let mut world = World::new();
    let (pack, _, _) = world.pack_of_two("Orders");
    let group = world.group("Retail");
    world.offer(group, pack);
    let account = world.account_in("Acme", group);
    let error = world.refused(Command::Install(Install {
        account,
        pack,
        integration_pack_override_name: None,
    }));
    assert!(matches!(error, DomainError::PackNotVisible { .. }));
}

#[test]
fn a_single_attachment_pack_installs_once_per_account_on_the_current_release() {
    let mut world = World::new();
    let installed = world.installed_pack("Orders");
    assert_eq!(world.release_of(installed.instance), Some(1));
    let error = world.refused(Command::Install(Install {
        account: installed.account,
        pack: installed.pack,
        integration_pack_override_name: None,
    }));
    assert_eq!(
        error,
        DomainError::AlreadyInstalled {
            account: "Orders Ltd".into(),
            pack: "Orders".into()
        }
    );
    let error = world.refused(Command::Install(Install {
        account: installed.account,
        pack: installed.pack,
        integration_pack_override_name: Some("Second".into()),
    }));
    assert!(matches!(error, DomainError::OverrideNameNotAllowed { .. }));
}

fn released_multi_pack(
    world: &mut World,
) -> (packwright::domain::PackId, packwright::domain::AccountId) {
    let (first, _) = world.packaged_process("Sync In");
    let (second, _) = world.packaged_process("Sync Out");
    let pack = world.pack("Stores", InstallationType::Multi);
    world.member(pack, first);
    world.member(pack, second);
    world.release_now(pack);
    let group = world.group("Retail");
    world.offer(group, pack);
    let account = world.account_in("Acme", group);
    (pack, account)
}

#[test]
fn a_multiple_attachments_pack_installs_several_times_with_unique_override_names() {
    let mut world = World::new();
    let (pack, account) = released_multi_pack(&mut world);
    let berlin = world.install_as(account, pack, "Berlin store");
    let paris = world.install_as(account, pack, "Paris store");
    assert_ne!(berlin, paris);
    assert_eq!(
        world
            .workspace
            .instance(paris)
            .unwrap()
            .integration_pack_override_name
            .as_deref(),
        Some("Paris store")
    );
    let error = world.refused(Command::Install(Install {
        account,
        pack,
        integration_pack_override_name: Some(" berlin STORE ".into()),
    }));
    assert_eq!(
        error,
        DomainError::DuplicateOverrideName {
            account: "Acme".into(),
            pack: "Stores".into(),
            name: "berlin STORE".into()
        }
    );
}

#[test]
fn a_multiple_attachments_install_needs_an_override_name() {
    let mut world = World::new();
    let (pack, account) = released_multi_pack(&mut world);
    for name in [None, Some("  ".to_owned())] {
        let error = world.refused(Command::Install(Install {
            account,
            pack,
            integration_pack_override_name: name,
        }));
        assert_eq!(
            error,
            DomainError::OverrideNameRequired {
                pack: "Stores".into()
            }
        );
    }
}

#[test]
fn the_pending_update_is_applied_early_to_one_instance() {
    let mut world = World::new();
    let (pack, account) = released_multi_pack(&mut world);
    let berlin = world.install_as(account, pack, "Berlin");
    let paris = world.install_as(account, pack, "Paris");
    let component = *world
        .workspace
        .pack(pack)
        .unwrap()
        .members
        .keys()
        .next()
        .unwrap();
    world.package(component, "1.1", true);
    world.schedule(pack, "2026-12-01");
    world.ok(Command::ApplyPendingUpdate(ApplyPendingUpdate {
        account,
        pack,
        instance: Some(berlin),
    }));
    assert_eq!(world.release_of(berlin), Some(2));
    assert_eq!(world.release_of(paris), Some(1));
    let error = world.refused(Command::ApplyPendingUpdate(ApplyPendingUpdate {
        account,
        pack,
        instance: Some(berlin),
    }));
    assert!(matches!(
        error,
        DomainError::AlreadyAppliedEarly { release: 2, .. }
    ));
    world.ok(Command::ApplyPendingUpdate(ApplyPendingUpdate {
        account,
        pack,
        instance: None,
    }));
    assert_eq!(world.release_of(paris), Some(2));
    let error = world.refused(Command::ApplyPendingUpdate(ApplyPendingUpdate {
        account,
        pack,
        instance: None,
    }));
    assert!(matches!(error, DomainError::NothingToApply { .. }));
}

#[test]
fn applying_early_needs_a_pending_release() {
    let mut world = World::new();
    let installed = world.installed_pack("Orders");
    let error = world.refused(Command::ApplyPendingUpdate(ApplyPendingUpdate {
        account: installed.account,
        pack: installed.pack,
        instance: None,
    }));
    assert_eq!(
        error,
        DomainError::NoPendingRelease {
            pack: "Orders".into()
        }
    );
}

#[test]
fn an_account_cannot_act_on_another_accounts_instance() {
    let mut world = World::new();
    let installed = world.installed_pack("Orders");
    let other = world.account_in("Other Ltd", installed.group);
    world.package(installed.first, "1.1", true);
    world.schedule(installed.pack, "2026-12-01");
    let error = world.refused(Command::ApplyPendingUpdate(ApplyPendingUpdate {
        account: other,
        pack: installed.pack,
        instance: Some(installed.instance),
    }));
    assert_eq!(
        error,
        DomainError::InstanceOfAnotherAccount {
            account: "Other Ltd".into()
        }
    );
    let error = world.refused(Command::Uninstall(Uninstall {
        account: other,
        instance: installed.instance,
    }));
    assert_eq!(
        error,
        DomainError::InstanceOfAnotherAccount {
            account: "Other Ltd".into()
        }
    );
}

#[test]
fn uninstalling_removes_the_instance_everywhere() {
    let mut world = World::new();
    let installed = world.installed_pack("Orders");
    world.ok(Command::Uninstall(Uninstall {
        account: installed.account,
        instance: installed.instance,
    }));
    assert!(world.workspace.instance(installed.instance).is_err());
    assert!(world
        .workspace
        .pack(installed.pack)
        .unwrap()
        .instances
        .is_empty());
    assert!(world
        .workspace
        .account(installed.account)
        .unwrap()
        .instances
        .is_empty());
    world.ok(Command::DeletePack(DeletePack {
        pack: installed.pack,
    }));
}

#[test]
fn the_pack_status_tells_not_released_released_and_pending_with_its_due_instant() {
    let mut world = World::new();
    let (pack, first, _) = world.pack_of_two("Orders");
    let status =
        |world: &World| queries::pack_status(&world.workspace, world.workspace.pack(pack).unwrap());
    assert_eq!(status(&world), PackStatus::NotReleased);
    world.release_now(pack);
    assert_eq!(status(&world), PackStatus::Released { current: 1 });
    world.package(first, "1.1", true);
    world.schedule(pack, "2026-12-01");
    assert_eq!(
        status(&world),
        PackStatus::Pending {
            current: Some(1),
            pending: 2,
            release_on_date: date("2026-12-01"),
            due: utc("2026-11-30T23:00:00Z"),
        }
    );
}

#[test]
fn the_install_base_counts_instances_per_release_and_names_early_appliers() {
    let mut world = World::new();
    let installed = world.installed_pack("Orders");
    let second = world.account_in("Second Ltd", installed.group);
    world.install(second, installed.pack);
    world.package(installed.first, "1.1", true);
    world.schedule(installed.pack, "2026-12-01");
    world.apply_early(&installed);
    let pack = world.workspace.pack(installed.pack).unwrap();
    assert_eq!(
        queries::install_base(pack).into_iter().collect::<Vec<_>>(),
        vec![(1, 1), (2, 1)]
    );
    let early: Vec<_> = queries::early_appliers(&world.workspace, pack)
        .iter()
        .map(|i| i.id)
        .collect();
    assert_eq!(early, vec![installed.instance]);
}

#[test]
fn an_account_sees_its_instances_with_their_release_and_the_pending_update() {
    let mut world = World::new();
    let installed = world.pack_in_testing("Orders", "2026-12-01");
    let views = queries::account_instances(&world.workspace, installed.account);
    assert_eq!(views.len(), 1);
    assert_eq!(views[0].release, Some(1));
    let pending = views[0].pending.unwrap();
    assert_eq!((pending.release, pending.applied_early), (2, false));
    assert_eq!(pending.due, utc("2026-11-30T23:00:00Z"));
}

#[test]
fn the_activity_log_filters_by_pack_account_and_kind_newest_first() {
    let mut world = World::new();
    let orders = world.installed_pack("Orders");
    world.now += chrono::TimeDelta::hours(1);
    let invoices = world.installed_pack("Invoices");
    world.now += chrono::TimeDelta::hours(1);
    world.ok(Command::EditPack(EditPack {
        pack: orders.pack,
        name: "Orders".into(),
        description: "Edited last".into(),
        installation_guide: String::new(),
        user_guide: String::new(),
        contact: Default::default(),
    }));
    let by_pack: Vec<_> = queries::activity(
        &world.events,
        ActivityFilter {
            pack: Some(orders.pack),
            ..Default::default()
        },
    )
    .collect();
    assert!(!by_pack.is_empty());
    assert!(by_pack
        .iter()
        .all(|event| event.pack() == Some(orders.pack)));
    // At distinct instants, so that an oldest-first order would fail here.
    assert!(by_pack.first().unwrap().at > by_pack.last().unwrap().at);
    assert!(by_pack.windows(2).all(|pair| pair[0].at >= pair[1].at));
    assert!(matches!(
        by_pack[0].change,
        packwright::domain::Change::PackEdited { .. }
    ));
    assert!(std::ptr::eq(
        by_pack[0],
        world
            .events
            .iter()
            .rev()
            .find(|e| e.pack() == Some(orders.pack))
            .unwrap()
    ));

    let installs: Vec<_> = queries::activity(
        &world.events,
        ActivityFilter {
            account: Some(invoices.account),
            kind: Some(EventKind::Install),
            ..Default::default()
        },
    )
    .collect();
    assert_eq!(installs.len(), 1);
    assert!(installs[0]
        .sentence(world.workspace.publisher().time_zone)
        .starts_with("Invoices Ltd installed Invoices"));
}

#[test]
fn the_install_base_history_follows_installs_early_appliers_and_releases() {
    let mut world = World::new();
    let installed = world.installed_pack("Orders");
    let second = world.account_in("Second Ltd", installed.group);
    world.install(second, installed.pack);
    world.package(installed.first, "1.1", true);
    world.schedule(installed.pack, "2026-12-01");
    world.apply_early(&installed);
    world.advance_to("2026-12-01T06:00:00Z");
    let history = queries::install_base_history(&world.events, installed.pack);
    let counts: Vec<Vec<(u32, usize)>> = history
        .iter()
        .map(|(_, counts)| counts.clone().into_iter().collect())
        .collect();
    assert_eq!(
        counts,
        vec![
            vec![],               // release 1, nobody yet
            vec![(1, 1)],         // first install
            vec![(1, 2)],         // second install
            vec![(1, 1), (2, 1)], // one applied release 2 early
            vec![(2, 2)],         // the scheduled date came
        ]
    );
    assert_eq!(history.last().unwrap().0, utc("2026-11-30T23:00:00Z"));
}

/// The chart reads the history the workspace keeps as events are applied; it must say
/// what recounting the log says, one point per instant.
#[test]
fn the_workspace_keeps_the_install_base_history_the_log_gives() {
    let mut world = World::new();
    let installed = world.installed_pack("Orders");
    world.now += chrono::TimeDelta::minutes(5);
    let second = world.account_in("Second Ltd", installed.group);
    world.install(second, installed.pack);
    world.package(installed.first, "1.1", true);
    world.now += chrono::TimeDelta::minutes(5);
    world.schedule(installed.pack, "2026-12-01");
    world.apply_early(&installed);
    world.advance_to("2026-12-01T06:00:00Z");
    let mut from_log: Vec<(
        chrono::DateTime<chrono::Utc>,
        std::collections::BTreeMap<u32, usize>,
    )> = Vec::new();
    for (at, counts) in queries::install_base_history(&world.events, installed.pack) {
        match from_log.last_mut() {
            Some(last) if last.0 == at => last.1 = counts,
            _ => from_log.push((at, counts)),
        }
    }
    let kept: Vec<_> = world
        .workspace
        .pack(installed.pack)
        .unwrap()
        .install_history
        .iter()
        .map(|point| (point.at, point.counts.clone()))
        .collect();
    assert_eq!(kept, from_log);
    assert_eq!(kept.len(), 4, "{kept:?}");
}
