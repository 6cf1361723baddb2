//! Capability 2: components and packaged components.

use packwright::domain::model::{ComponentKind, NAME_MAX};
use packwright::domain::{Command, DomainError};

use crate::world::{shared, World};
use packwright::domain::command::{CreateComponent, CreatePackage};

#[test]
fn a_component_is_a_process_or_an_api_service() {
    let mut world = World::new();
    let process = world.component("Order Sync", ComponentKind::Process);
    let api = world.component("Order API", ComponentKind::ApiService);
    assert_eq!(
        world.workspace.component(process).unwrap().kind,
        ComponentKind::Process
    );
    assert_eq!(
        world.workspace.component(api).unwrap().kind,
        ComponentKind::ApiService
    );
}

#[test]
fn a_component_needs_a_name() {
    let mut world = World::new();
    let error = world.refused(Command::CreateComponent(CreateComponent {
        name: "   ".into(),
        kind: ComponentKind::Process,
    }));
    assert_eq!(
        error,
        DomainError::BlankName {
            subject: packwright::domain::error::Subject::Component
        }
    );
}

#[test]
fn a_component_name_longer_than_the_limit_is_refused() {
    let mut world = World::new();
    let error = world.refused(Command::CreateComponent(CreateComponent {
        name: "x".repeat(NAME_MAX + 1),
        kind: ComponentKind::Process,
    }));
    assert!(matches!(error, DomainError::TooLong { length, .. } if length == NAME_MAX + 1));
}

#[test]
fn two_components_cannot_share_a_name_whatever_the_case() {
    let mut world = World::new();
    world.process("Order Sync");
    let error = world.refused(Command::CreateComponent(CreateComponent {
        name: "order sync".into(),
        kind: ComponentKind::Process,
    }));
    assert_eq!(
        error,
        DomainError::DuplicateName {
            subject: packwright::domain::error::Subject::Component,
            name: "order sync".into()
        }
    );
}

#[test]
fn a_package_records_its_version_notes_shareability_and_shared_components() {
    let mut world = World::new();
    let component = world.process("Order Sync");
    world.ok(Command::CreatePackage(CreatePackage {
        component,
        version: "1.0".into(),
        notes: "First cut".into(),
        shareable: true,
        shared_components: vec![shared("Salesforce", &["url", "user"])],
    }));
    let package = world.workspace.packages().next().unwrap();
    assert_eq!(package.version, "1.0");
    assert_eq!(package.notes, "First cut");
    assert!(package.shareable);
    assert_eq!(package.shared_components[0].extensible_fields.len(), 2);
    assert_eq!(package.created_at, world.now);
}

#[test]
fn version_labels_are_unique_per_component() {
    let mut world = World::new();
    let first = world.process("Order Sync");
    let second = world.process("Invoice Sync");
    world.package(first, "1.0", true);
    world.package(second, "1.0", true);
    let error = world.refused(Command::CreatePackage(CreatePackage {
        component: first,
        version: "1.0".into(),
        notes: String::new(),
        shareable: false,
        shared_components: Vec::new(),
    }));
    assert_eq!(
        error,
        DomainError::DuplicateVersionLabel {
            component: "Order Sync".into(),
            version: "1.0".into()
        }
    );
}

#[test]
fn a_package_needs_a_version_label() {
    let mut world = World::new();
    let component = world.process("Order Sync");
    let error = world.refused(Command::CreatePackage(CreatePackage {
        component,
        version: " ".into(),
        notes: String::new(),
        shareable: true,
        shared_components: Vec::new(),
    }));
    assert_eq!(
        error,
        DomainError::BlankName {
            subject: packwright::domain::error::Subject::VersionLabel
        }
    );
}

#[test]
fn a_package_lists_each_shared_component_once() {
    let mut world = World::new();
    let component = world.process("Order Sync");
    let error = world.refused(Command::CreatePackage(CreatePackage {
        component,
        version: "1.0".into(),
        notes: String::new(),
        shareable: true,
        shared_components: vec![shared("Salesforce", &["url"]), shared("salesforce", &[])],
    }));
    assert!(matches!(
        error,
        DomainError::DuplicateSharedComponent { .. }
    ));
}

#[test]
fn a_package_of_a_missing_component_is_refused() {
    let mut world = World::new();
    let error = world.refused(Command::CreatePackage(CreatePackage {
        component: packwright::domain::ComponentId(999),
        version: "1.0".into(),
        notes: String::new(),
        shareable: true,
        shared_components: Vec::new(),
    }));
    assert_eq!(
        error,
        DomainError::NotFound {
            subject: packwright::domain::error::Subject::Component,
            id: 999
        }
    );
}

#[test]
fn packages_are_kept_oldest_first_and_never_change() {
    let mut world = World::new();
    let component = world.process("Order Sync");
    let first = world.package(component, "1.0", false);
    let snapshot = world.workspace.package(first).unwrap().clone();
    let second = world.package(component, "1.1", true);
    assert_eq!(
        world.workspace.component(component).unwrap().packages,
        vec![first, second]
    );
    assert_eq!(world.workspace.package(first).unwrap(), &snapshot);
}
