//! Capabilities 5 and 6: release validation, change impact, and releases.

use std::collections::BTreeMap;

use packwright::domain::model::{InstallationType, ReleaseSchedule, ReleaseStatus, NOTES_MAX};
use packwright::domain::release_check::{ReleaseWarning, VersionChange};
use packwright::domain::{check_release, queries, Command, DomainError};

use crate::world::{date, on, shared, World};
use packwright::domain::command::{
    CancelPendingRelease, ReleasePack, RemoveMember, ReschedulePendingRelease,
};

#[test]
fn an_empty_pack_cannot_be_released() {
    let mut world = World::new();
    let pack = world.pack("Orders", InstallationType::Single);
    let error = world.refused(Command::ReleasePack(ReleasePack {
        pack,
        versions: BTreeMap::new(),
        notes: String::new(),
        schedule: ReleaseSchedule::Immediately,
    }));
    assert_eq!(
        error,
        DomainError::EmptyPack {
            pack: "Orders".into()
        }
    );
}

#[test]
fn a_release_that_changes_nothing_is_refused_and_not_offered() {
    let mut world = World::new();
    let installed = world.installed_pack("Orders");
    let pack = world.workspace.pack(installed.pack).unwrap();
    assert!(!queries::release_would_change(&world.workspace, pack));
    let versions = world.default_versions(installed.pack);
    let error = world.refused(Command::ReleasePack(ReleasePack {
        pack: installed.pack,
        versions,
        notes: String::new(),
        schedule: ReleaseSchedule::Immediately,
    }));
    assert_eq!(
        error,
        DomainError::NothingToRelease {
            pack: "Orders".into()
        }
    );
}

#[test]
fn the_release_button_is_offered_when_only_a_rollback_is_possible() {
    let mut world = World::new();
    let (pack, first, _) = world.pack_of_two("Orders");
    world.package(first, "1.1", true);
    world.release_now(pack);
    let pack_now = world.workspace.pack(pack).unwrap();
    // The newest versions are released: only going back to 1.0 would change anything.
    assert_eq!(
        world.default_versions(pack),
        pack_now.current().unwrap().versions
    );
    assert!(queries::release_would_change(&world.workspace, pack_now));
    let mut versions = world.default_versions(pack);
    let oldest = *world
        .workspace
        .component(first)
        .unwrap()
        .packages
        .first()
        .unwrap();
    versions.insert(first, oldest);
    world.ok(Command::ReleasePack(ReleasePack {
        pack,
        versions,
        notes: "Back to 1.0".into(),
        schedule: ReleaseSchedule::Immediately,
    }));
    assert_eq!(world.workspace.pack(pack).unwrap().current_release, Some(2));
}

#[test]
fn the_release_button_is_offered_once_a_newer_shareable_version_exists() {
    let mut world = World::new();
    let installed = world.installed_pack("Orders");
    world.package(installed.first, "1.1", true);
    assert!(queries::release_would_change(
        &world.workspace,
        world.workspace.pack(installed.pack).unwrap()
    ));
}

#[test]
fn a_release_must_pick_one_version_for_every_member_and_nothing_else() {
    let mut world = World::new();
    let (pack, _, second) = world.pack_of_two("Orders");
    let (stranger, stranger_package) = world.packaged_process("Stranger");
    let mut versions = world.default_versions(pack);
    versions.remove(&second);
    versions.insert(stranger, stranger_package);
    let error = world.refused(Command::ReleasePack(ReleasePack {
        pack,
        versions,
        notes: String::new(),
        schedule: ReleaseSchedule::Immediately,
    }));
    assert_eq!(
        error,
        DomainError::VersionsDoNotMatchMembers {
            pack: "Orders".into(),
            missing: vec!["Orders Outbound".into()],
            extra: vec!["Stranger".into()],
        }
    );
}

#[test]
fn a_release_may_only_use_shareable_packages() {
    let mut world = World::new();
    let (pack, first, _) = world.pack_of_two("Orders");
    let private = world.package(first, "1.1-private", false);
    let mut versions = world.default_versions(pack);
    versions.insert(first, private);
    let error = world.refused(Command::ReleasePack(ReleasePack {
        pack,
        versions,
        notes: String::new(),
        schedule: ReleaseSchedule::Immediately,
    }));
    assert!(matches!(error, DomainError::PackageNotShareable { .. }));
}

#[test]
fn conflicting_extensibility_settings_refuse_the_release_naming_component_processes_and_fields() {
    let mut world = World::new();
    let pack = world.sharing_salesforce(&["url", "user"], &["url"]);
    let versions = world.default_versions(pack);
    let error = world.refused(Command::ReleasePack(ReleasePack {
        pack,
        versions,
        notes: String::new(),
        schedule: ReleaseSchedule::Immediately,
    }));
    let DomainError::ConflictingExtensibility { conflicts, .. } = &error else {
        panic!("expected a conflict, got {error:?}");
    };
    assert_eq!(conflicts.len(), 1);
    assert_eq!(conflicts[0].shared_component, "Salesforce");
    assert_eq!(conflicts[0].fields, vec!["user".to_owned()]);
    let message = error.to_string();
    assert!(
        message.contains("Orders In (1.0)") && message.contains("Invoices Out (2.0)"),
        "{message}"
    );
}

#[test]
fn shared_components_with_the_same_extensibility_settings_release_fine() {
    let mut world = World::new();
    let pack = world.sharing_salesforce(&["url", "user"], &["user", "url"]);
    assert_eq!(world.release_now(pack), 1);
}

#[test]
fn a_pack_of_a_single_process_without_guides_or_contact_warns_but_may_be_released() {
    let mut world = World::new();
    let (component, _) = world.packaged_process("Orders In");
    let pack = world.pack("Orders", InstallationType::Single);
    world.member(pack, component);
    let versions = world.default_versions(pack);
    let check = check_release(
        &world.workspace,
        pack,
        &versions,
        ReleaseSchedule::Immediately,
        world.now,
    )
    .unwrap();
    assert!(check.can_release());
    assert_eq!(
        check.warnings,
        vec![
            ReleaseWarning::SingleProcess,
            ReleaseWarning::NoInstallationGuide,
            ReleaseWarning::NoUserGuide,
            ReleaseWarning::NoContact,
        ]
    );
    assert_eq!(world.release_now(pack), 1);
}

#[test]
fn the_impact_lists_components_added_removed_upgraded_and_rolled_back() {
    let mut world = World::new();
    let installed = world.installed_pack("Orders");
    let up = world.package(installed.first, "1.1", true);
    let second_old = world.workspace.pack(installed.pack).unwrap().members[&installed.second];
    world.package(installed.second, "1.1", true);
    world.release_now(installed.pack); // release 2: both at 1.1
    let (third, third_package) = world.packaged_process("Orders Audit");
    world.member(installed.pack, third);
    world.ok(Command::RemoveMember(RemoveMember {
        pack: installed.pack,
        component: installed.first,
    }));

    let mut versions = world.default_versions(installed.pack);
    versions.insert(installed.second, second_old); // back to 1.0
    let check = check_release(
        &world.workspace,
        installed.pack,
        &versions,
        ReleaseSchedule::Immediately,
        world.now,
    )
    .unwrap();
    let changes: Vec<VersionChange> = check
        .impact
        .components
        .iter()
        .map(|change| change.change)
        .collect();
    assert!(changes.contains(&VersionChange::Removed { from: up }));
    assert!(changes.contains(&VersionChange::Added { to: third_package }));
    assert!(changes
        .iter()
        .any(|change| matches!(change, VersionChange::RolledBack { to, .. } if *to == second_old)));
    assert_eq!(check.impact.instances_moving, 1);
    assert_eq!(check.impact.accounts_moving, 1);
}

#[test]
fn the_impact_shows_an_upgrade_and_changed_extensibility_settings() {
    let mut world = World::new();
    let orders = world.process("Orders In");
    let old = world.package_with(orders, "1.0", true, vec![shared("Salesforce", &["url"])]);
    let pack = world.pack("Sales", InstallationType::Single);
    world.member(pack, orders);
    world.release_now(pack);
    let new = world.package_with(
        orders,
        "1.1",
        true,
        vec![shared("Salesforce", &["url", "password"])],
    );
    let versions = world.default_versions(pack);
    let check = check_release(
        &world.workspace,
        pack,
        &versions,
        ReleaseSchedule::Immediately,
        world.now,
    )
    .unwrap();
    assert_eq!(
        check.impact.components[0].change,
        VersionChange::Upgraded { from: old, to: new }
    );
    assert_eq!(check.impact.extensibility.len(), 1);
    assert_eq!(
        check.impact.extensibility[0].fields_added,
        vec!["password".to_owned()]
    );
}

#[test]
fn the_impact_names_the_instances_in_the_testing_period() {
    let mut world = World::new();
    let installed = world.pack_in_testing("Orders", "2026-12-01");
    world.apply_early(&installed);
    world.package(installed.first, "1.2", true);
    let versions = world.default_versions(installed.pack);
    let check = check_release(
        &world.workspace,
        installed.pack,
        &versions,
        ReleaseSchedule::Immediately,
        world.now,
    )
    .unwrap();
    assert_eq!(check.impact.instances_in_testing, vec![installed.instance]);
}

#[test]
fn an_immediate_release_applies_at_once_to_every_installed_account() {
    let mut world = World::new();
    let installed = world.installed_pack("Orders");
    let other = world.account_in("Second Ltd", installed.group);
    let second_instance = world.install(other, installed.pack);
    world.package(installed.first, "1.1", true);
    let events = world.ok(Command::ReleasePack(ReleasePack {
        pack: installed.pack,
        versions: world.default_versions(installed.pack),
        notes: "Faster sync".into(),
        schedule: ReleaseSchedule::Immediately,
    }));
    assert_eq!(world.release_of(installed.instance), Some(2));
    assert_eq!(world.release_of(second_instance), Some(2));
    let pack = world.workspace.pack(installed.pack).unwrap();
    assert_eq!(pack.current().unwrap().notes, "Faster sync");
    assert_eq!(pack.current().unwrap().applied_at, Some(world.now));
    assert!(events[0]
        .sentence(world.workspace.publisher().time_zone)
        .contains("2 instances in 2 accounts"));
}

#[test]
fn a_scheduled_release_starts_a_testing_period_and_leaves_instances_on_the_current_release() {
    let mut world = World::new();
    let installed = world.installed_pack("Orders");
    world.package(installed.first, "1.1", true);
    let pending = world.schedule(installed.pack, "2026-12-01");
    assert_eq!(pending, 2);
    let pack = world.workspace.pack(installed.pack).unwrap();
    assert_eq!(pack.current_release, Some(1));
    assert_eq!(pack.pending().unwrap().status, ReleaseStatus::Pending);
    assert_eq!(world.release_of(installed.instance), Some(1));
}

#[test]
fn a_scheduled_date_must_be_after_today_in_the_publishers_zone() {
    let mut world = World::new();
    // 23:30 UTC on 2026-11-25 is already 2026-11-26 in Berlin.
    world.now = crate::world::utc("2026-11-25T23:30:00Z");
    let (pack, _, _) = world.pack_of_two("Orders");
    let versions = world.default_versions(pack);
    let error = world.refused(Command::ReleasePack(ReleasePack {
        pack,
        versions,
        notes: String::new(),
        schedule: on("2026-11-26"),
    }));
    assert!(
        matches!(error, DomainError::DateNotInFuture { today, .. } if today == date("2026-11-26"))
    );
    assert_eq!(world.schedule(pack, "2026-11-27"), 1);
}

#[test]
fn only_one_update_can_be_pending_at_a_time() {
    let mut world = World::new();
    let installed = world.pack_in_testing("Orders", "2026-12-01");
    world.package(installed.first, "1.2", true);
    let versions = world.default_versions(installed.pack);
    let error = world.refused(Command::ReleasePack(ReleasePack {
        pack: installed.pack,
        versions,
        notes: String::new(),
        schedule: on("2026-12-05"),
    }));
    assert_eq!(
        error,
        DomainError::PendingReleaseExists {
            pack: "Orders".into(),
            release: 2,
            date: date("2026-12-01")
        }
    );
    assert!(error.to_string().contains("release immediately instead"));
}

#[test]
fn an_immediate_release_during_testing_supersedes_the_pending_one_for_everybody() {
    let mut world = World::new();
    let installed = world.installed_pack("Orders");
    let late = world.account_in("Late Ltd", installed.group);
    let late_instance = world.install(late, installed.pack);
    world.package(installed.first, "1.1", true);
    world.schedule(installed.pack, "2026-12-01");
    world.apply_early(&installed);
    assert_eq!(world.release_of(installed.instance), Some(2));

    world.package(installed.first, "1.2", true);
    let fix = world.release_now(installed.pack);
    assert_eq!(fix, 3);
    assert_eq!(
        world.release_of(installed.instance),
        Some(3),
        "early appliers move too"
    );
    assert_eq!(world.release_of(late_instance), Some(3));
    let pack = world.workspace.pack(installed.pack).unwrap();
    assert_eq!(pack.release(2).unwrap().status, ReleaseStatus::Superseded);
    assert_eq!(pack.pending_release, None);

    world.advance_to("2026-12-02T00:00:00Z");
    assert_eq!(
        world
            .workspace
            .pack(installed.pack)
            .unwrap()
            .current_release,
        Some(3),
        "a superseded release never applies"
    );
}

#[test]
fn a_pending_release_can_be_rescheduled_to_another_future_date() {
    let mut world = World::new();
    let installed = world.pack_in_testing("Orders", "2026-12-01");
    world.ok(Command::ReschedulePendingRelease(
        ReschedulePendingRelease {
            pack: installed.pack,
            release_on_date: date("2026-12-10"),
        },
    ));
    assert_eq!(
        world.workspace.pack(installed.pack).unwrap().pending_date(),
        Some(date("2026-12-10"))
    );
    let error = world.refused(Command::ReschedulePendingRelease(
        ReschedulePendingRelease {
            pack: installed.pack,
            release_on_date: date("2026-11-20"),
        },
    ));
    assert!(matches!(error, DomainError::DateNotInFuture { .. }));
    let error = world.refused(Command::ReschedulePendingRelease(
        ReschedulePendingRelease {
            pack: installed.pack,
            release_on_date: date("2026-12-10"),
        },
    ));
    assert_eq!(
        error,
        DomainError::SameDate {
            date: date("2026-12-10")
        }
    );
}

#[test]
fn rescheduling_or_cancelling_without_a_pending_release_is_refused() {
    let mut world = World::new();
    let installed = world.installed_pack("Orders");
    let error = world.refused(Command::CancelPendingRelease(CancelPendingRelease {
        pack: installed.pack,
    }));
    assert_eq!(
        error,
        DomainError::NoPendingRelease {
            pack: "Orders".into()
        }
    );
    let error = world.refused(Command::ReschedulePendingRelease(
        ReschedulePendingRelease {
            pack: installed.pack,
            release_on_date: date("2026-12-10"),
        },
    ));
    assert_eq!(
        error,
        DomainError::NoPendingRelease {
            pack: "Orders".into()
        }
    );
}

#[test]
fn cancelling_a_pending_release_returns_early_appliers_to_the_current_release() {
    let mut world = World::new();
    let installed = world.pack_in_testing("Orders", "2026-12-01");
    world.apply_early(&installed);
    let events = world.ok(Command::CancelPendingRelease(CancelPendingRelease {
        pack: installed.pack,
    }));
    assert_eq!(world.release_of(installed.instance), Some(1));
    let pack = world.workspace.pack(installed.pack).unwrap();
    assert_eq!(pack.release(2).unwrap().status, ReleaseStatus::Cancelled);
    assert!(events[0]
        .sentence(world.workspace.publisher().time_zone)
        .contains("1 instance returned"));
}

#[test]
fn a_pending_release_that_came_due_can_no_longer_be_cancelled() {
    let mut world = World::new();
    let installed = world.pack_in_testing("Orders", "2026-12-01");
    // Decide without ticking: the due instant has passed but the tick has not run yet.
    world.now = crate::world::utc("2026-12-01T00:30:00Z");
    let error = packwright::domain::decide(
        &world.workspace,
        Command::CancelPendingRelease(CancelPendingRelease {
            pack: installed.pack,
        }),
        world.now,
    )
    .unwrap_err();
    assert!(matches!(
        error,
        DomainError::PendingAlreadyDue { release: 2, .. }
    ));
}

#[test]
fn release_numbers_strictly_increase_and_are_never_reused() {
    let mut world = World::new();
    let installed = world.pack_in_testing("Orders", "2026-12-01");
    world.ok(Command::CancelPendingRelease(CancelPendingRelease {
        pack: installed.pack,
    }));
    let next = world.release_now(installed.pack);
    assert_eq!(next, 3, "the cancelled release keeps number 2");
    let numbers: Vec<u32> = world
        .workspace
        .pack(installed.pack)
        .unwrap()
        .releases
        .iter()
        .map(|r| r.number)
        .collect();
    assert_eq!(numbers, vec![1, 2, 3]);
}

#[test]
fn release_notes_longer_than_the_limit_are_refused() {
    let mut world = World::new();
    let (pack, _, _) = world.pack_of_two("Orders");
    let versions = world.default_versions(pack);
    let error = world.refused(Command::ReleasePack(ReleasePack {
        pack,
        versions,
        notes: "n".repeat(NOTES_MAX + 1),
        schedule: ReleaseSchedule::Immediately,
    }));
    assert!(matches!(
        error,
        DomainError::TooLong {
            subject: packwright::domain::error::Subject::ReleaseNotes,
            ..
        }
    ));
}

#[test]
fn a_rollback_release_moves_a_component_back_to_an_older_version() {
    let mut world = World::new();
    let installed = world.installed_pack("Orders");
    let old = world.workspace.pack(installed.pack).unwrap().members[&installed.first];
    world.package(installed.first, "1.1", true);
    world.release_now(installed.pack);
    let mut versions = world.default_versions(installed.pack);
    versions.insert(installed.first, old);
    world.ok(Command::ReleasePack(ReleasePack {
        pack: installed.pack,
        versions,
        notes: "Roll back".into(),
        schedule: ReleaseSchedule::Immediately,
    }));
    let pack = world.workspace.pack(installed.pack).unwrap();
    assert_eq!(pack.current().unwrap().versions[&installed.first], old);
    assert_eq!(pack.current_release, Some(3));
}

/// The wizard's steps: a refusal is fixed at the step where what it is about is chosen, so
/// a pending release or a date in the past does not hold up the versions and checks, and
/// anything else does; the steps go in order.
#[test]
fn a_refusal_belongs_to_the_step_where_it_is_fixed() {
    use packwright::domain::release_check::ReleaseStep;
    let mut world = World::new();
    let (pack, first, _) = world.pack_of_two("Orders");
    world.documented(pack);
    world.release_now(pack);
    world.package(first, "1.1", true);
    world.schedule(pack, "2026-12-01");
    world.package(first, "1.2", true);
    let versions = world.default_versions(pack);
    // A second date while one is pending: only the schedule step is held up.
    let check = check_release(
        &world.workspace,
        pack,
        &versions,
        on("2026-12-02"),
        world.now,
    )
    .unwrap();
    assert!(matches!(
        check.errors.as_slice(),
        [DomainError::PendingReleaseExists { .. }]
    ));
    assert!(check.can_leave(ReleaseStep::Versions));
    assert!(check.can_leave(ReleaseStep::Checks));
    assert!(!check.can_leave(ReleaseStep::Schedule));
    assert_eq!(check.errors_up_to(ReleaseStep::Checks).count(), 0);
    // Nothing to release: the versions step is held up.
    let current = world
        .workspace
        .pack(pack)
        .unwrap()
        .current()
        .unwrap()
        .versions
        .clone();
    let nothing = check_release(
        &world.workspace,
        pack,
        &current,
        ReleaseSchedule::Immediately,
        world.now,
    )
    .unwrap();
    assert!(!nothing.can_leave(ReleaseStep::Versions));
    assert_eq!(
        nothing.errors_up_to(ReleaseStep::Checks).count(),
        nothing.errors.len()
    );
    assert_eq!(
        ReleaseStep::ALL.map(|step| (step.number(), step.next(), step.previous())),
        [
            (1, Some(ReleaseStep::Checks), None),
            (2, Some(ReleaseStep::Notes), Some(ReleaseStep::Versions)),
            (3, Some(ReleaseStep::Schedule), Some(ReleaseStep::Checks)),
            (4, None, Some(ReleaseStep::Notes)),
        ]
    );
}
