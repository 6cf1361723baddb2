//! Time only moves forward, the shared clock, zone changes that would make a date begun,
//! and history that keeps its zone (domain.md's decisions on time).

use chrono::TimeDelta;

use packwright::domain::integrity::{check_integrity, replay_checked};
use packwright::domain::model::{InstallationType, ReleaseSchedule, SharedComponentKind};
use packwright::domain::{decide, Change, Clock, Command, DomainError, PublisherZone};

use crate::world::{shared, utc, World};
use packwright::domain::command::{
    CreateGroup, Install, ReleasePack, SetClock, SetPublisherTimeZone,
};

#[test]
fn a_command_earlier_than_the_newest_event_is_refused_and_says_what_to_do() {
    let mut world = World::new();
    world.process("Orders In");
    world.now -= TimeDelta::minutes(1);
    let error = world.refused(Command::CreateGroup(CreateGroup {
        name: "Retail".into(),
    }));
    assert!(
        matches!(error, DomainError::EarlierThanNewestEvent { .. }),
        "{error:?}"
    );
    let sentence = error.to_string();
    assert!(sentence.contains("2026-11-25 10:00"), "{sentence}");
    assert!(sentence.contains("simulated clock"), "{sentence}");
}

#[test]
fn a_command_at_the_same_instant_as_the_newest_event_is_recorded() {
    let mut world = World::new();
    world.process("Orders In");
    world.ok(Command::CreateGroup(CreateGroup {
        name: "Retail".into(),
    }));
    assert_eq!(world.workspace.newest_event_at(), Some(world.now));
}

#[test]
fn the_simulated_clock_is_workspace_state_recorded_as_an_event() {
    let mut world = World::new();
    let at = utc("2026-12-01T08:00:00Z");
    world.now = at;
    world.ok(Command::SetClock(SetClock {
        clock: Clock::Simulated { at },
    }));
    assert_eq!(world.workspace.clock(), Clock::Simulated { at });
    assert!(world
        .sentences()
        .last()
        .unwrap()
        .starts_with("Simulated clock set to 2026-12-01 09:00 CET"));
}

#[test]
fn the_simulated_clock_cannot_go_earlier_than_the_newest_event() {
    let mut world = World::new();
    world.now = utc("2026-12-01T08:00:00Z");
    world.ok(Command::SetClock(SetClock {
        clock: Clock::Simulated { at: world.now },
    }));
    let earlier = utc("2026-11-30T08:00:00Z");
    let error = decide(
        &world.workspace,
        Command::SetClock(SetClock {
            clock: Clock::Simulated { at: earlier },
        }),
        earlier,
    )
    .unwrap_err();
    assert!(
        matches!(error, DomainError::ClockBeforeNewestEvent { .. }),
        "{error:?}"
    );
    assert!(error.to_string().contains("demo workspace"), "{error}");
}

#[test]
fn going_back_to_the_real_clock_is_refused_while_the_log_holds_later_events() {
    let mut world = World::new();
    world.now = utc("2027-01-01T00:00:00Z");
    world.ok(Command::SetClock(SetClock {
        clock: Clock::Simulated { at: world.now },
    }));
    let real_now = utc("2026-11-25T10:05:00Z");
    let error = decide(
        &world.workspace,
        Command::SetClock(SetClock { clock: Clock::Real }),
        real_now,
    )
    .unwrap_err();
    assert_eq!(
        error,
        DomainError::ClockBeforeNewestEvent {
            to: real_now,
            newest: world.now
        }
    );
}

#[test]
fn moving_the_clock_past_a_due_date_applies_the_release_at_its_due_instant_first() {
    let mut world = World::new();
    let installed = world.pack_in_testing("Orders", "2026-12-01");
    let later = utc("2026-12-03T12:00:00Z");
    let events = decide(
        &world.workspace,
        Command::SetClock(SetClock {
            clock: Clock::Simulated { at: later },
        }),
        later,
    )
    .unwrap();
    assert!(
        matches!(events[0].change, Change::ScheduledReleaseApplied { .. }),
        "{events:?}"
    );
    assert_eq!(events[0].at, utc("2026-11-30T23:00:00Z"));
    assert!(matches!(events[1].change, Change::ClockSet { .. }));
    assert_eq!(events[1].at, later);
    let _ = installed;
}

#[test]
fn a_zone_change_that_would_make_a_pending_date_begun_is_refused_with_the_release_named() {
    let mut world = World::new();
    let installed = world.pack_in_testing("Orders", "2026-11-26");
    // 2026-11-25 23:30 in Berlin: in Tokyo it is already 07:30 on the 26th.
    world.now = utc("2026-11-25T22:30:00Z");
    let error = world.refused(Command::SetPublisherTimeZone(SetPublisherTimeZone {
        time_zone: PublisherZone::parse("Asia/Tokyo").unwrap(),
    }));
    let sentence = error.to_string();
    assert!(
        matches!(error, DomainError::ZoneChangeWouldMakeReleaseDue { .. }),
        "{error:?}"
    );
    assert!(sentence.contains("Orders"), "{sentence}");
    assert!(sentence.contains("release 2"), "{sentence}");
    assert!(sentence.contains("2026-11-26"), "{sentence}");
    assert!(sentence.contains("reschedule"), "{sentence}");
    // A zone where the date has not begun is fine.
    world.ok(Command::SetPublisherTimeZone(SetPublisherTimeZone {
        time_zone: PublisherZone::parse("America/New_York").unwrap(),
    }));
    assert!(world
        .workspace
        .pack(installed.pack)
        .unwrap()
        .pending_release
        .is_some());
}

#[test]
fn history_keeps_the_zone_in_force_when_it_happened() {
    let mut world = World::new();
    let installed = world.pack_in_testing("Orders", "2026-12-01");
    let berlin = PublisherZone::parse("Europe/Berlin").unwrap();
    let tokyo = PublisherZone::parse("Asia/Tokyo").unwrap();
    let scheduled_at = world.now;
    world.now = utc("2026-11-26T09:00:00Z");
    world.ok(Command::SetPublisherTimeZone(SetPublisherTimeZone {
        time_zone: tokyo,
    }));
    assert_eq!(world.workspace.zone_at(scheduled_at), berlin);
    assert_eq!(world.workspace.zone_at(world.now), tokyo);
    let release = world
        .workspace
        .pack(installed.pack)
        .unwrap()
        .pending()
        .unwrap()
        .created_at;
    assert_eq!(world.workspace.zone_at(release), berlin);
    // Before any zone change: the zone the workspace started with.
    assert_eq!(
        world.workspace.zone_at(utc("2020-01-01T00:00:00Z")),
        PublisherZone::utc()
    );
}

#[test]
fn a_log_whose_instants_go_backwards_is_refused_on_import() {
    let mut world = World::new();
    world.process("Orders In");
    world.now += TimeDelta::hours(1);
    world.process("Invoices Out");
    let mut events = world.events.clone();
    let last = events.len() - 1;
    events[last].at = utc("2026-11-24T00:00:00Z");
    let problem = replay_checked(&events).unwrap_err();
    assert!(problem.contains("time only moves forward"), "{problem}");
}

#[test]
fn a_release_recorded_as_applied_before_it_was_made_fails_the_integrity_check() {
    let mut world = World::new();
    let installed = world.installed_pack("Orders");
    let mut workspace = world.workspace.clone();
    let json = serde_json::to_string(&workspace).unwrap();
    let created = workspace.pack(installed.pack).unwrap().releases[0].created_at;
    let applied_early =
        (created - TimeDelta::days(1)).to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let created_text = created.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    assert!(
        json.contains(&format!("\"appliedAt\":\"{created_text}\"")),
        "{json}"
    );
    let tampered = json.replacen(
        &format!("\"appliedAt\":\"{created_text}\""),
        &format!("\"appliedAt\":\"{applied_early}\""),
        1,
    );
    workspace = serde_json::from_str(&tampered).unwrap();
    let problems = check_integrity(&workspace);
    assert!(
        problems
            .iter()
            .any(|problem| problem.contains("applied before it was made")),
        "{problems:?}"
    );
}

#[test]
fn an_override_name_over_the_limit_is_refused_as_too_long() {
    let mut world = World::new();
    let (pack, _, _) = world.pack_of_two("Stores");
    world
        .workspace
        .pack(pack)
        .map(|pack| assert_eq!(pack.installation_type, InstallationType::Single))
        .unwrap();
    let multi = world.pack("Branches", InstallationType::Multi);
    let (process, _) = world.packaged_process("Branch Sync");
    world.member(multi, process);
    let (second, _) = world.packaged_process("Branch Report");
    world.member(multi, second);
    world.release_now(multi);
    let group = world.group("Branch customers");
    world.offer(group, multi);
    let account = world.account_in("Branch Ltd", group);
    let error = world.refused(Command::Install(Install {
        account,
        pack: multi,
        integration_pack_override_name: Some("x".repeat(101)),
    }));
    assert!(
        matches!(error, DomainError::TooLong { length: 101, .. }),
        "{error:?}"
    );
    assert!(error.to_string().contains("instance name"), "{error}");
    let blank = world.refused(Command::Install(Install {
        account,
        pack: multi,
        integration_pack_override_name: Some("  ".into()),
    }));
    assert!(matches!(blank, DomainError::OverrideNameRequired { .. }));
}

#[test]
fn shared_components_match_by_kind_and_name_ignoring_case_and_spaces_across_a_pack() {
    let mut world = World::new();
    let orders = world.process("Orders In");
    world.package_with(orders, "1.0", true, vec![shared("Salesforce", &["url"])]);
    let invoices = world.process("Invoices Out");
    world.package_with(
        invoices,
        "2.0",
        true,
        vec![shared(" salesforce ", &["url", "user"])],
    );
    let pack = world.pack("Sales", InstallationType::Single);
    world.member(pack, orders);
    world.member(pack, invoices);
    let error = world.refused(Command::ReleasePack(ReleasePack {
        pack,
        versions: world.default_versions(pack),
        notes: String::new(),
        schedule: ReleaseSchedule::Immediately,
    }));
    let DomainError::ConflictingExtensibility { conflicts, .. } = &error else {
        panic!("expected a conflict, got {error:?}");
    };
    assert_eq!(conflicts.len(), 1, "{conflicts:?}");
    assert_eq!(conflicts[0].fields, vec!["user".to_owned()]);
}

#[test]
fn shared_components_of_different_kinds_with_one_name_are_different_components() {
    let mut world = World::new();
    let orders = world.process("Orders In");
    let mut profile = shared("Salesforce", &[]);
    profile.kind = SharedComponentKind::Profile;
    // Inside one package: a connection and a profile may share a name.
    world.package_with(
        orders,
        "1.0",
        true,
        vec![shared("Salesforce", &["url"]), profile.clone()],
    );
    let invoices = world.process("Invoices Out");
    world.package_with(invoices, "2.0", true, vec![shared("SALESFORCE", &["url"])]);
    let pack = world.pack("Sales", InstallationType::Single);
    world.member(pack, orders);
    world.member(pack, invoices);
    // The profile has no extensible fields and the connections agree: no conflict.
    world.release_now(pack);
}

#[test]
fn a_workspace_with_something_after_its_newest_event_fails_the_integrity_check() {
    let mut world = World::new();
    world.installed_pack("Orders");
    assert!(check_integrity(&world.workspace).is_empty());
    let json = serde_json::to_string(&world.workspace).unwrap();
    let newest = world.workspace.newest_event_at().unwrap();
    let newest_text = newest.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let field = format!("\"newestEventAt\":\"{newest_text}\"");
    assert!(json.contains(&field), "{json}");
    let earlier = (newest - TimeDelta::days(1)).to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let tampered: packwright::domain::Workspace =
        serde_json::from_str(&json.replace(&field, &format!("\"newestEventAt\":\"{earlier}\"")))
            .unwrap();
    let problems = check_integrity(&tampered);
    assert!(
        problems
            .iter()
            .any(|problem| problem.contains("instants go backwards")),
        "{problems:?}"
    );
}

/// A release whose date came while something else was being recorded (a command decided
/// without ticking first) is stamped at the newest event, never before it.
#[test]
fn a_release_that_came_due_before_the_newest_event_is_recorded_at_it_not_before() {
    let mut world = World::new();
    world.pack_in_testing("Orders", "2026-12-01");
    world.now = utc("2026-12-02T09:00:00Z");
    let late = decide(
        &world.workspace,
        Command::CreateGroup(CreateGroup {
            name: "Late".into(),
        }),
        world.now,
    )
    .unwrap();
    for event in &late {
        world.workspace.apply(event);
        world.events.push(event.clone());
    }
    let applied = world.tick();
    assert_eq!(applied.len(), 1);
    assert_eq!(
        applied[0].at, world.now,
        "not at the due instant, which lies before"
    );
    assert!(replay_checked(&world.events).is_ok());
}
