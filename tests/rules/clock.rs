//! Capability 7: the clock. Scheduled releases apply between midnight and 1 AM in the
//! publisher's zone on their date, exactly once, even when the check comes late.

use packwright::domain::model::ReleaseStatus;
use packwright::domain::{tick, Change, Command, PublisherZone};

use crate::world::{utc, World};
use packwright::domain::command::SetPublisherTimeZone;

#[test]
fn nothing_applies_before_midnight_in_the_publishers_zone() {
    let mut world = World::new();
    let installed = world.pack_in_testing("Orders", "2026-12-01");
    // 22:59:59 UTC is 23:59:59 in Berlin on 2026-11-30.
    assert!(world.advance_to("2026-11-30T22:59:59Z").is_empty());
    assert_eq!(world.release_of(installed.instance), Some(1));
}

#[test]
fn the_release_applies_at_local_midnight_and_is_stamped_with_it() {
    let mut world = World::new();
    let installed = world.pack_in_testing("Orders", "2026-12-01");
    let applied = world.advance_to("2026-11-30T23:20:00Z");
    assert_eq!(applied.len(), 1);
    assert_eq!(applied[0].at, utc("2026-11-30T23:00:00Z"));
    assert_eq!(world.release_of(installed.instance), Some(2));
    let pack = world.workspace.pack(installed.pack).unwrap();
    assert_eq!(pack.current().unwrap().status, ReleaseStatus::Released);
    assert_eq!(
        pack.current().unwrap().applied_at,
        Some(utc("2026-11-30T23:00:00Z"))
    );
}

#[test]
fn a_late_check_catches_up_exactly_once_at_the_due_instant() {
    let mut world = World::new();
    world.pack_in_testing("Orders", "2026-12-01");
    let applied = world.advance_to("2026-12-09T15:00:00Z");
    assert_eq!(applied.len(), 1);
    assert_eq!(applied[0].at, utc("2026-11-30T23:00:00Z"));
    assert!(world.tick().is_empty(), "a second check applies nothing");
    assert!(world.advance_to("2026-12-10T00:00:00Z").is_empty());
}

#[test]
fn overdue_releases_of_several_packs_apply_oldest_first() {
    let mut world = World::new();
    let first = world.installed_pack("Orders");
    let second = world.installed_pack("Invoices");
    world.package(first.first, "1.1", true);
    world.package(second.first, "1.1", true);
    world.schedule(first.pack, "2026-12-05");
    world.schedule(second.pack, "2026-12-02");
    let applied = tick(&world.workspace, utc("2026-12-31T00:00:00Z"));
    let packs: Vec<_> = applied.iter().filter_map(|event| event.pack()).collect();
    assert_eq!(packs, vec![second.pack, first.pack]);
}

#[test]
fn early_appliers_stay_on_the_pending_release_and_the_rest_catch_up_on_the_date() {
    let mut world = World::new();
    let installed = world.installed_pack("Orders");
    let other = world.account_in("Waiting Ltd", installed.group);
    let waiting = world.install(other, installed.pack);
    world.package(installed.first, "1.1", true);
    world.schedule(installed.pack, "2026-12-01");
    world.apply_early(&installed);
    assert_eq!(world.release_of(installed.instance), Some(2));
    assert_eq!(world.release_of(waiting), Some(1));
    let applied = world.advance_to("2026-12-01T08:00:00Z");
    let Change::ScheduledReleaseApplied {
        instances_moved,
        accounts_moved,
        ..
    } = &applied[0].change
    else {
        panic!("expected the scheduled release to apply");
    };
    assert_eq!(
        (*instances_moved, *accounts_moved),
        (1, 1),
        "only the instance that waited moves"
    );
    assert_eq!(world.release_of(waiting), Some(2));
    assert_eq!(world.release_of(installed.instance), Some(2));
}

#[test]
fn changing_the_publishers_zone_keeps_the_date_and_moves_the_due_instant() {
    let mut world = World::new();
    let installed = world.pack_in_testing("Orders", "2026-12-01");
    world.ok(Command::SetPublisherTimeZone(SetPublisherTimeZone {
        time_zone: PublisherZone::parse("America/New_York").unwrap(),
    }));
    // Berlin's midnight has passed, New York's (05:00 UTC) has not.
    assert!(world.advance_to("2026-12-01T04:59:59Z").is_empty());
    let applied = world.advance_to("2026-12-01T05:00:00Z");
    assert_eq!(applied[0].at, utc("2026-12-01T05:00:00Z"));
    assert_eq!(
        world.workspace.pack(installed.pack).unwrap().pending_date(),
        None
    );
}

#[test]
fn a_zone_whose_midnight_is_skipped_applies_at_the_first_instant_of_the_day() {
    let mut world = World {
        workspace: Default::default(),
        events: Vec::new(),
        now: utc("2026-08-20T12:00:00Z"),
    };
    world.ok(Command::SetPublisherTimeZone(SetPublisherTimeZone {
        time_zone: PublisherZone::parse("America/Santiago").unwrap(),
    }));
    let installed = world.installed_pack("Orders");
    world.package(installed.first, "1.1", true);
    // Chile springs forward from 00:00 to 01:00 on 2026-09-06.
    world.schedule(installed.pack, "2026-09-06");
    let applied = world.advance_to("2026-09-06T12:00:00Z");
    assert_eq!(applied[0].at, utc("2026-09-06T04:00:00Z"));
}

#[test]
fn a_tick_with_nothing_pending_says_nothing() {
    let mut world = World::new();
    world.installed_pack("Orders");
    assert!(world.advance_to("2030-01-01T00:00:00Z").is_empty());
}
