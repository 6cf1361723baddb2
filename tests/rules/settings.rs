//! Capability 1: publisher settings.

use packwright::domain::model::Contact;
use packwright::domain::{Command, DomainError, PublisherZone};

use crate::world::World;
use packwright::domain::command::{SetPublisherContact, SetPublisherTimeZone};

#[test]
fn the_publisher_picks_any_iana_zone() {
    let mut world = World::new();
    world.ok(Command::SetPublisherTimeZone(SetPublisherTimeZone {
        time_zone: PublisherZone::parse("America/Santiago").unwrap(),
    }));
    assert_eq!(
        world.workspace.publisher().time_zone.name(),
        "America/Santiago"
    );
}

#[test]
fn the_publisher_sets_contact_details() {
    let mut world = World::new();
    let contact = Contact {
        name: " Ada ".into(),
        email: "ada@example.com".into(),
        phone: "+49 30 1234".into(),
    };
    world.ok(Command::SetPublisherContact(SetPublisherContact {
        contact,
    }));
    let saved = &world.workspace.publisher().contact;
    assert_eq!(saved.name, "Ada", "names are trimmed");
    assert_eq!(saved.email, "ada@example.com");
}

#[test]
fn a_contact_email_without_an_at_sign_is_refused() {
    let mut world = World::new();
    let contact = Contact {
        name: "Ada".into(),
        email: "ada.example.com".into(),
        phone: String::new(),
    };
    let error = world.refused(Command::SetPublisherContact(SetPublisherContact {
        contact,
    }));
    assert_eq!(
        error,
        DomainError::InvalidEmail {
            email: "ada.example.com".into()
        }
    );
    assert!(error.to_string().contains("ada.example.com"));
}
