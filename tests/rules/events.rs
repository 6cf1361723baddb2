//! Events read as sentences and survive a round trip through JSON.

use packwright::domain::{Event, Workspace, FORMAT_VERSION};

use crate::world::World;

#[test]
fn a_scheduled_release_reads_as_a_sentence_with_its_date_and_zone() {
    let mut world = World::new();
    world.pack_in_testing("Order Sync", "2026-12-01");
    assert_eq!(
        world.sentences().last().unwrap(),
        "Release 2 of Order Sync scheduled for 2026-12-01 (Europe/Berlin) — testing period started"
    );
}

#[test]
fn every_step_of_a_journey_leaves_a_sentence() {
    let mut world = World::new();
    world.installed_pack("Order Sync");
    let sentences = world.sentences();
    for expected in [
        "Publisher time zone changed from UTC to Europe/Berlin; scheduled releases now apply at midnight Europe/Berlin",
        "Component Order Sync Inbound created (process)",
        "Version 1.0 of Order Sync Inbound packaged (shareable)",
        "Integration pack Order Sync created (single attachment)",
        "Order Sync Inbound (version 1.0) added to Order Sync",
        "Release 1 of Order Sync released immediately — applied to 0 instances in 0 accounts",
        "Order Sync made available to account group Order Sync customers",
        "Order Sync Ltd added to account group Order Sync customers",
        "Order Sync Ltd installed Order Sync (release 1)",
    ] {
        assert!(sentences.iter().any(|sentence| sentence == expected), "missing {expected:?} in {sentences:#?}");
    }
}

#[test]
fn large_counts_are_written_with_thousands_separators() {
    assert_eq!(
        packwright::domain::event::plural(10_000, "instance", "instances"),
        "10,000 instances"
    );
    assert_eq!(
        packwright::domain::event::plural(1, "instance", "instances"),
        "1 instance"
    );
    assert_eq!(
        packwright::domain::event::plural(999, "account", "accounts"),
        "999 accounts"
    );
}

#[test]
fn events_and_the_workspace_survive_a_json_round_trip() {
    let mut world = World::new();
    world.installed_pack("Order Sync");
    let json = serde_json::to_string(&world.events).unwrap();
    let events: Vec<Event> = serde_json::from_str(&json).unwrap();
    assert_eq!(events, world.events);
    let state = serde_json::to_string(&world.workspace).unwrap();
    let workspace: Workspace = serde_json::from_str(&state).unwrap();
    assert_eq!(workspace, world.workspace);
    assert_eq!(workspace.format_version, FORMAT_VERSION);
}

#[test]
fn exported_names_follow_the_boomi_api() {
    let mut world = World::new();
    world.pack_in_testing("Order Sync", "2026-12-01");
    let json = serde_json::to_string(&world.workspace).unwrap();
    for name in [
        "\"installationType\":\"SINGLE\"",
        "\"releaseSchedule\":\"RELEASE_ON_SPECIFIED_DATE\"",
        "\"releaseOnDate\":\"2026-12-01\"",
        "\"status\":\"PENDING\"",
        "\"releaseSchedule\":\"IMMEDIATELY\"",
    ] {
        assert!(json.contains(name), "{name} missing from {json}");
    }
}

#[test]
fn replaying_the_events_rebuilds_the_same_workspace() {
    let mut world = World::new();
    world.installed_pack("Order Sync");
    assert_eq!(Workspace::replay(&world.events), world.workspace);
}
