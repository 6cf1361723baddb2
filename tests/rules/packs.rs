//! Capabilities 3 and 4: integration packs, their members, and newer versions.

use packwright::domain::model::{
    ComponentKind, Contact, DeploymentModel, InstallationType, DESCRIPTION_MAX,
};
use packwright::domain::queries;
use packwright::domain::{Command, DomainError};

use crate::world::World;
use packwright::domain::command::{AddMember, CreatePack, DeletePack, EditPack, RemoveMember};

fn create(name: &str, description: &str, installation_type: InstallationType) -> Command {
    Command::CreatePack(CreatePack {
        name: name.into(),
        description: description.into(),
        installation_type,
        deployment_model: DeploymentModel::Packaged,
    })
}

#[test]
fn a_pack_is_created_with_its_installation_type_and_deployment_model() {
    let mut world = World::new();
    world.ok(Command::CreatePack(CreatePack {
        name: "Order Sync".into(),
        description: "Keeps orders in step".into(),
        installation_type: InstallationType::Multi,
        deployment_model: DeploymentModel::Legacy,
    }));
    let pack = world.workspace.packs().next().unwrap();
    assert_eq!(pack.installation_type, InstallationType::Multi);
    assert_eq!(pack.deployment_model, DeploymentModel::Legacy);
    assert_eq!(pack.current_release, None);
}

#[test]
fn pack_names_are_unique() {
    let mut world = World::new();
    world.pack("Order Sync", InstallationType::Single);
    let error = world.refused(create("ORDER SYNC", "", InstallationType::Multi));
    assert!(
        error
            .to_string()
            .starts_with("There is already an integration pack called"),
        "{error}"
    );
    assert_eq!(
        error,
        DomainError::DuplicateName {
            subject: packwright::domain::error::Subject::IntegrationPack,
            name: "ORDER SYNC".into()
        }
    );
}

#[test]
fn a_description_of_500_characters_is_accepted_and_501_refused() {
    let mut world = World::new();
    world.ok(create(
        "Exactly",
        &"é".repeat(DESCRIPTION_MAX),
        InstallationType::Single,
    ));
    let error = world.refused(create(
        "Too long",
        &"é".repeat(DESCRIPTION_MAX + 1),
        InstallationType::Single,
    ));
    assert_eq!(
        error,
        DomainError::TooLong {
            subject: packwright::domain::error::Subject::Description,
            length: 501,
            max: 500
        }
    );
}

#[test]
fn editing_changes_name_description_guides_and_contact() {
    let mut world = World::new();
    let pack = world.pack("Order Sync", InstallationType::Single);
    world.ok(Command::EditPack(EditPack {
        pack,
        name: "Order Sync Pro".into(),
        description: "Better".into(),
        installation_guide: "Step 1".into(),
        user_guide: "Use it".into(),
        contact: Contact {
            name: "Desk".into(),
            email: "desk@example.com".into(),
            phone: String::new(),
        },
    }));
    let edited = world.workspace.pack(pack).unwrap();
    assert_eq!(edited.name, "Order Sync Pro");
    assert_eq!(edited.installation_guide, "Step 1");
    assert_eq!(edited.contact.name, "Desk");
}

/// `EditPack` has no installation type to change; what remains to check is that a
/// workspace from outside whose pack changed its type after installs is refused.
#[test]
fn a_workspace_whose_pack_changed_its_installation_type_after_installs_is_refused() {
    let mut world = World::new();
    let pack = world.pack("Stores", InstallationType::Multi);
    let (first, _) = world.packaged_process("Stock Feed");
    world.member(pack, first);
    let (second, _) = world.packaged_process("Price Feed");
    world.member(pack, second);
    world.release_now(pack);
    let group = world.group("Retail");
    world.offer(group, pack);
    let account = world.account_in("Alder", group);
    world.install_as(account, pack, "Berlin");
    world.install_as(account, pack, "Munich");
    assert!(packwright::domain::integrity::check_integrity(&world.workspace).is_empty());

    let json = serde_json::to_string(&world.workspace).unwrap();
    assert_eq!(json.matches("\"installationType\":\"MULTI\"").count(), 1);
    let tampered: packwright::domain::Workspace = serde_json::from_str(&json.replace(
        "\"installationType\":\"MULTI\"",
        "\"installationType\":\"SINGLE\"",
    ))
    .unwrap();
    let problems = packwright::domain::integrity::check_integrity(&tampered);
    assert!(
        problems
            .iter()
            .any(|problem| problem.contains("unexpected override name")),
        "{problems:?}"
    );
}

#[test]
fn renaming_a_pack_to_another_packs_name_is_refused() {
    let mut world = World::new();
    world.pack("Order Sync", InstallationType::Single);
    let pack = world.pack("Invoice Sync", InstallationType::Single);
    let error = world.refused(Command::EditPack(EditPack {
        pack,
        name: "Order Sync".into(),
        description: String::new(),
        installation_guide: String::new(),
        user_guide: String::new(),
        contact: Contact::default(),
    }));
    assert!(matches!(error, DomainError::DuplicateName { .. }));
}

#[test]
fn a_pack_that_is_installed_nowhere_can_be_deleted_and_leaves_its_groups() {
    let mut world = World::new();
    let (pack, _, _) = world.pack_of_two("Order Sync");
    let group = world.group("Retail");
    world.offer(group, pack);
    world.ok(Command::DeletePack(DeletePack { pack }));
    assert!(world.workspace.pack(pack).is_err());
    assert!(world.workspace.group(group).unwrap().packs.is_empty());
}

#[test]
fn deleting_an_installed_pack_is_refused_naming_the_accounts() {
    let mut world = World::new();
    let installed = world.installed_pack("Order Sync");
    let error = world.refused(Command::DeletePack(DeletePack {
        pack: installed.pack,
    }));
    assert_eq!(
        error,
        DomainError::PackStillInstalled {
            pack: "Order Sync".into(),
            accounts: vec!["Order Sync Ltd".into()]
        }
    );
    assert!(error.to_string().contains("Order Sync Ltd"));
}

#[test]
fn only_shareable_packages_can_be_added() {
    let mut world = World::new();
    let component = world.process("Order Sync");
    let private = world.package(component, "1.0", false);
    let pack = world.pack("Orders", InstallationType::Single);
    let error = world.refused(Command::AddMember(AddMember {
        pack,
        component,
        package: Some(private),
    }));
    assert_eq!(
        error,
        DomainError::PackageNotShareable {
            component: "Order Sync".into(),
            version: "1.0".into()
        }
    );
}

#[test]
fn a_component_with_no_shareable_package_cannot_be_added() {
    let mut world = World::new();
    let component = world.process("Order Sync");
    world.package(component, "1.0", false);
    let pack = world.pack("Orders", InstallationType::Single);
    let error = world.refused(Command::AddMember(AddMember {
        pack,
        component,
        package: None,
    }));
    assert_eq!(
        error,
        DomainError::NoShareablePackage {
            component: "Order Sync".into()
        }
    );
}

#[test]
fn the_newest_shareable_version_is_added_by_default() {
    let mut world = World::new();
    let component = world.process("Order Sync");
    world.package(component, "1.0", true);
    let newest_shareable = world.package(component, "1.1", true);
    world.package(component, "1.2-draft", false);
    let pack = world.pack("Orders", InstallationType::Single);
    world.member(pack, component);
    assert_eq!(
        world.workspace.pack(pack).unwrap().members[&component],
        newest_shareable
    );
}

#[test]
fn an_older_shareable_version_may_be_chosen() {
    let mut world = World::new();
    let component = world.process("Order Sync");
    let older = world.package(component, "1.0", true);
    world.package(component, "1.1", true);
    let pack = world.pack("Orders", InstallationType::Single);
    world.ok(Command::AddMember(AddMember {
        pack,
        component,
        package: Some(older),
    }));
    assert_eq!(
        world.workspace.pack(pack).unwrap().members[&component],
        older
    );
}

#[test]
fn a_package_of_another_component_is_refused() {
    let mut world = World::new();
    let (_, other_package) = world.packaged_process("Invoice Sync");
    let component = world.process("Order Sync");
    world.package(component, "2.0", true);
    let pack = world.pack("Orders", InstallationType::Single);
    let error = world.refused(Command::AddMember(AddMember {
        pack,
        component,
        package: Some(other_package),
    }));
    assert!(matches!(
        error,
        DomainError::PackageOfAnotherComponent { .. }
    ));
}

#[test]
fn a_component_is_added_to_a_pack_once() {
    let mut world = World::new();
    let (component, _) = world.packaged_process("Order Sync");
    let pack = world.pack("Orders", InstallationType::Single);
    world.member(pack, component);
    let error = world.refused(Command::AddMember(AddMember {
        pack,
        component,
        package: None,
    }));
    assert_eq!(
        error,
        DomainError::AlreadyMember {
            component: "Order Sync".into(),
            pack: "Orders".into()
        }
    );
}

#[test]
fn a_multiple_attachments_pack_refuses_api_service_components() {
    let mut world = World::new();
    let api = world.component("Order API", ComponentKind::ApiService);
    world.package(api, "1.0", true);
    let pack = world.pack("Orders", InstallationType::Multi);
    let error = world.refused(Command::AddMember(AddMember {
        pack,
        component: api,
        package: None,
    }));
    assert_eq!(
        error,
        DomainError::ApiServiceInMultiPack {
            component: "Order API".into(),
            pack: "Orders".into()
        }
    );
}

#[test]
fn a_single_attachment_pack_accepts_api_service_components() {
    let mut world = World::new();
    let api = world.component("Order API", ComponentKind::ApiService);
    world.package(api, "1.0", true);
    let pack = world.pack("Orders", InstallationType::Single);
    world.member(pack, api);
    assert!(world
        .workspace
        .pack(pack)
        .unwrap()
        .members
        .contains_key(&api));
}

#[test]
fn a_member_can_be_removed_and_removing_a_non_member_is_refused() {
    let mut world = World::new();
    let (pack, first, _) = world.pack_of_two("Orders");
    world.ok(Command::RemoveMember(RemoveMember {
        pack,
        component: first,
    }));
    assert!(!world
        .workspace
        .pack(pack)
        .unwrap()
        .members
        .contains_key(&first));
    let error = world.refused(Command::RemoveMember(RemoveMember {
        pack,
        component: first,
    }));
    assert!(matches!(error, DomainError::NotMember { .. }));
}

#[test]
fn newer_shareable_versions_are_flagged_against_the_current_release() {
    let mut world = World::new();
    let installed = world.installed_pack("Orders");
    assert!(queries::newer_versions(
        &world.workspace,
        world.workspace.pack(installed.pack).unwrap()
    )
    .is_empty());

    world.package(installed.first, "1.1-draft", false);
    let pack = world.workspace.pack(installed.pack).unwrap();
    assert!(
        queries::newer_versions(&world.workspace, pack).is_empty(),
        "non-shareable packages do not count"
    );

    let newer = world.package(installed.first, "1.1", true);
    let pack = world.workspace.pack(installed.pack).unwrap();
    let flagged = queries::newer_versions(&world.workspace, pack);
    assert_eq!(flagged.len(), 1);
    assert_eq!(flagged[0].component, installed.first);
    assert_eq!(flagged[0].newest, newer);
    assert!(flagged[0].newer_than_pending);
}

#[test]
fn a_pending_release_with_the_newest_version_is_not_flagged_as_behind() {
    let mut world = World::new();
    let installed = world.pack_in_testing("Orders", "2026-12-01");
    let pack = world.workspace.pack(installed.pack).unwrap();
    let flagged = queries::newer_versions(&world.workspace, pack);
    assert_eq!(flagged.len(), 1, "still newer than the current release");
    assert!(
        !flagged[0].newer_than_pending,
        "but the pending release has it"
    );
    assert_eq!(
        queries::newer_versions_to_release(&world.workspace, pack),
        0,
        "the packs page counts nothing newer than the pending release"
    );
    world.package(installed.first, "1.2", true);
    let pack = world.workspace.pack(installed.pack).unwrap();
    assert_eq!(
        queries::newer_versions_to_release(&world.workspace, pack),
        1
    );
}

#[test]
fn nothing_is_re_released_automatically_when_a_newer_version_appears() {
    let mut world = World::new();
    let installed = world.installed_pack("Orders");
    world.package(installed.first, "1.1", true);
    world.advance_to("2027-06-01T00:00:00Z");
    let pack = world.workspace.pack(installed.pack).unwrap();
    assert_eq!(pack.current_release, Some(1));
    assert_eq!(pack.releases.len(), 1);
}
