//! Capability 8: account groups, their accounts and their packs.

use packwright::domain::{Command, DomainError};

use crate::world::World;
use packwright::domain::command::{
    AddAccountToGroup, AddPackToGroup, CreateGroup, DeleteGroup, RemoveAccountFromGroup,
    RemovePackFromGroup, RenameGroup, Uninstall,
};

#[test]
fn a_group_is_created_renamed_and_deleted() {
    let mut world = World::new();
    let group = world.group("Retail");
    world.ok(Command::RenameGroup(RenameGroup {
        group,
        name: "Retail EU".into(),
    }));
    assert_eq!(world.workspace.group(group).unwrap().name, "Retail EU");
    world.ok(Command::DeleteGroup(DeleteGroup { group }));
    assert!(world.workspace.group(group).is_err());
}

#[test]
fn group_names_are_unique() {
    let mut world = World::new();
    world.group("Retail");
    let group = world.group("Wholesale");
    let error = world.refused(Command::RenameGroup(RenameGroup {
        group,
        name: "retail".into(),
    }));
    assert!(matches!(
        error,
        DomainError::DuplicateName {
            subject: packwright::domain::error::Subject::AccountGroup,
            ..
        }
    ));
    let error = world.refused(Command::CreateGroup(CreateGroup {
        name: "RETAIL".into(),
    }));
    assert!(matches!(error, DomainError::DuplicateName { .. }));
}

#[test]
fn accounts_are_added_and_removed_once() {
    let mut world = World::new();
    let group = world.group("Retail");
    let account = world.account_in("Acme", group);
    assert!(world
        .workspace
        .account(account)
        .unwrap()
        .groups
        .contains(&group));
    let error = world.refused(Command::AddAccountToGroup(AddAccountToGroup {
        group,
        account,
    }));
    assert_eq!(
        error,
        DomainError::AlreadyInGroup {
            account: "Acme".into(),
            group: "Retail".into()
        }
    );
    world.ok(Command::RemoveAccountFromGroup(RemoveAccountFromGroup {
        group,
        account,
    }));
    assert!(world.workspace.account(account).unwrap().groups.is_empty());
    let error = world.refused(Command::RemoveAccountFromGroup(RemoveAccountFromGroup {
        group,
        account,
    }));
    assert_eq!(
        error,
        DomainError::NotInGroup {
            account: "Acme".into(),
            group: "Retail".into()
        }
    );
}

#[test]
fn packs_are_added_and_removed_as_resources_once() {
    let mut world = World::new();
    let (pack, _, _) = world.pack_of_two("Orders");
    let group = world.group("Retail");
    world.offer(group, pack);
    let error = world.refused(Command::AddPackToGroup(AddPackToGroup { group, pack }));
    assert!(matches!(error, DomainError::PackAlreadyInGroup { .. }));
    world.ok(Command::RemovePackFromGroup(RemovePackFromGroup {
        group,
        pack,
    }));
    let error = world.refused(Command::RemovePackFromGroup(RemovePackFromGroup {
        group,
        pack,
    }));
    assert!(matches!(error, DomainError::PackNotInGroup { .. }));
}

#[test]
fn removing_a_pack_is_refused_while_accounts_reachable_only_through_the_group_have_it_installed() {
    let mut world = World::new();
    let installed = world.installed_pack("Orders");
    let error = world.refused(Command::RemovePackFromGroup(RemovePackFromGroup {
        group: installed.group,
        pack: installed.pack,
    }));
    assert_eq!(
        error,
        DomainError::WouldStrandInstalls {
            group: "Orders customers".into(),
            installs: vec!["Orders Ltd (Orders)".into()]
        }
    );
    assert!(error.to_string().contains("Orders Ltd (Orders)"));
}

#[test]
fn removing_a_pack_is_allowed_when_another_group_still_carries_it() {
    let mut world = World::new();
    let installed = world.installed_pack("Orders");
    let second = world.group("Backup");
    world.offer(second, installed.pack);
    world.ok(Command::AddAccountToGroup(AddAccountToGroup {
        group: second,
        account: installed.account,
    }));
    world.ok(Command::RemovePackFromGroup(RemovePackFromGroup {
        group: installed.group,
        pack: installed.pack,
    }));
    assert!(world.visible(installed.account).contains(&installed.pack));
}

#[test]
fn removing_an_account_that_would_lose_an_installed_pack_is_refused() {
    let mut world = World::new();
    let installed = world.installed_pack("Orders");
    let error = world.refused(Command::RemoveAccountFromGroup(RemoveAccountFromGroup {
        group: installed.group,
        account: installed.account,
    }));
    assert!(matches!(error, DomainError::WouldStrandInstalls { .. }));
}

#[test]
fn deleting_a_group_that_would_strand_installs_is_refused() {
    let mut world = World::new();
    let installed = world.installed_pack("Orders");
    let error = world.refused(Command::DeleteGroup(DeleteGroup {
        group: installed.group,
    }));
    assert!(matches!(error, DomainError::WouldStrandInstalls { .. }));
    world.ok(Command::Uninstall(Uninstall {
        account: installed.account,
        instance: installed.instance,
    }));
    world.ok(Command::DeleteGroup(DeleteGroup {
        group: installed.group,
    }));
    assert!(world
        .workspace
        .account(installed.account)
        .unwrap()
        .groups
        .is_empty());
}
