//! domain.md, "The testing period's reports": one scenario per decision.

use packwright::domain::command::{
    CancelPendingRelease, Command, MarkProblemAddressed, ReleasePack, ReportOnUpdate, Uninstall,
};
use packwright::domain::model::{ReleaseSchedule, ReleaseStatus, Verdict, REPORT_TEXT_MAX};
use packwright::domain::queries::{self, Reporting};
use packwright::domain::release_check::ReleaseWarning;
use packwright::domain::{check_release, DomainError, InstanceId};

use crate::world::{Installed, World};

fn report(installed: &Installed, verdict: Verdict, text: &str) -> Command {
    report_on(installed, installed.instance, verdict, text)
}

fn report_on(installed: &Installed, instance: InstanceId, verdict: Verdict, text: &str) -> Command {
    Command::ReportOnUpdate(ReportOnUpdate {
        account: installed.account,
        instance,
        release: 2,
        verdict,
        text: text.to_owned(),
    })
}

fn addressed(installed: &Installed, by_release: Option<u32>) -> Command {
    Command::MarkProblemAddressed(MarkProblemAddressed {
        pack: installed.pack,
        release: 2,
        instance: installed.instance,
        by_release,
    })
}

/// A pack in its testing period whose one account applied release 2 early.
fn applied_early(world: &mut World) -> Installed {
    let installed = world.pack_in_testing("Orders", "2026-12-01");
    world.apply_early(&installed);
    installed
}

fn summary(world: &World, installed: &Installed) -> queries::TestingSummary {
    let pack = world.workspace.pack(installed.pack).unwrap();
    queries::testing_summary(&world.workspace, pack, 2).unwrap()
}

#[test]
fn an_instance_that_applied_the_pending_release_early_reports_on_it() {
    let mut world = World::new();
    let installed = applied_early(&mut world);
    world.ok(report(&installed, Verdict::Works, ""));
    let testing = summary(&world, &installed);
    assert_eq!((testing.early_instances, testing.early_accounts), (1, 1));
    assert_eq!(
        (testing.works, testing.problems, testing.open_problems),
        (1, 0, 0)
    );
    assert_eq!(
        world.sentences().last().unwrap(),
        "Orders Ltd reported that pending release 2 of Orders works"
    );
}

#[test]
fn an_instance_that_has_not_applied_the_pending_release_cannot_report_on_it() {
    let mut world = World::new();
    let installed = world.pack_in_testing("Orders", "2026-12-01");
    let error = world.refused(report(&installed, Verdict::Works, ""));
    assert!(matches!(
        error,
        DomainError::NotRunningPendingRelease { release: 2, .. }
    ));
    assert!(error
        .to_string()
        .contains("apply the pending update to it first"));
    let pack = world.workspace.pack(installed.pack).unwrap();
    assert_eq!(
        queries::reporting(pack, installed.instance),
        Reporting::NotApplied { release: 2 }
    );
}

#[test]
fn a_problem_needs_a_text_within_the_domain_limit() {
    let mut world = World::new();
    let installed = applied_early(&mut world);
    assert_eq!(
        world.refused(report(&installed, Verdict::Problem, "   ")),
        DomainError::ProblemTextRequired
    );
    let long = "x".repeat(REPORT_TEXT_MAX + 1);
    assert!(matches!(
        world.refused(report(&installed, Verdict::Problem, &long)),
        DomainError::TooLong {
            max: REPORT_TEXT_MAX,
            ..
        }
    ));
    world.ok(report(
        &installed,
        Verdict::Problem,
        &"x".repeat(REPORT_TEXT_MAX),
    ));
}

#[test]
fn the_latest_report_is_the_current_verdict_and_every_report_stays_in_the_log() {
    let mut world = World::new();
    let installed = applied_early(&mut world);
    world.ok(report(&installed, Verdict::Works, "fine"));
    world.ok(report(&installed, Verdict::Problem, "Orders stop at 500"));
    let testing = summary(&world, &installed);
    assert_eq!(
        (testing.works, testing.problems, testing.open_problems),
        (0, 1, 1)
    );
    assert_eq!(testing.problem_rows[0].text, "Orders stop at 500");
    let reports = world
        .sentences()
        .into_iter()
        .filter(|sentence| sentence.starts_with("Orders Ltd reported"))
        .count();
    assert_eq!(reports, 2);
}

#[test]
fn a_later_works_report_from_the_same_instance_closes_its_problem() {
    let mut world = World::new();
    let installed = applied_early(&mut world);
    world.ok(report(&installed, Verdict::Problem, "Orders stop at 500"));
    world.ok(report(
        &installed,
        Verdict::Works,
        "Our saved search, not the pack",
    ));
    let testing = summary(&world, &installed);
    assert_eq!((testing.works, testing.open_problems), (1, 0));
}

#[test]
fn the_publisher_marks_a_problem_addressed_optionally_naming_a_release() {
    let mut world = World::new();
    let installed = applied_early(&mut world);
    world.ok(report(&installed, Verdict::Problem, "Orders stop at 500"));
    assert!(matches!(
        world.refused(addressed(&installed, Some(2))),
        DomainError::NotAnAddressingRelease { release: 2, .. }
    ));
    assert!(matches!(
        world.refused(addressed(&installed, Some(9))),
        DomainError::NotAnAddressingRelease { release: 9, .. }
    ));
    world.ok(addressed(&installed, Some(1)));
    let testing = summary(&world, &installed);
    assert_eq!((testing.problems, testing.open_problems), (1, 0));
    assert_eq!(
        testing.problem_rows[0]
            .addressed
            .as_ref()
            .unwrap()
            .by_release,
        Some(1)
    );
    assert_eq!(
        world.sentences().last().unwrap(),
        "Problem Orders Ltd reported with pending release 2 of Orders marked as addressed by release 1"
    );
    // Nothing is open any more: a second mark is refused.
    assert!(matches!(
        world.refused(addressed(&installed, None)),
        DomainError::NoOpenProblem { .. }
    ));
    // A new problem report opens it again.
    world.ok(report(&installed, Verdict::Problem, "Still stops at 500"));
    assert_eq!(summary(&world, &installed).open_problems, 1);
}

#[test]
fn a_works_verdict_cannot_be_marked_as_addressed() {
    let mut world = World::new();
    let installed = applied_early(&mut world);
    world.ok(report(&installed, Verdict::Works, ""));
    assert!(matches!(
        world.refused(addressed(&installed, None)),
        DomainError::NoOpenProblem { .. }
    ));
}

#[test]
fn reports_freeze_when_an_immediate_release_supersedes_the_pending_one() {
    let mut world = World::new();
    let installed = applied_early(&mut world);
    world.ok(report(&installed, Verdict::Problem, "Orders stop at 500"));
    world.package(installed.first, "1.2", true);
    let versions = world.default_versions(installed.pack);
    world.ok(Command::ReleasePack(ReleasePack {
        pack: installed.pack,
        versions,
        notes: "Fix".into(),
        schedule: ReleaseSchedule::Immediately,
    }));
    let testing = summary(&world, &installed);
    assert_eq!(testing.status, ReleaseStatus::Superseded);
    assert_eq!(
        (testing.problems, testing.open_problems),
        (1, 0),
        "kept, not open"
    );
    assert!(!testing.problem_rows[0].open);
    assert!(matches!(
        world.refused(report(&installed, Verdict::Works, "")),
        DomainError::ReleaseNotPending { release: 2, .. }
    ));
    assert!(matches!(
        world.refused(addressed(&installed, None)),
        DomainError::ReleaseNotPending { .. }
    ));
}

#[test]
fn reports_freeze_when_the_pending_release_is_cancelled() {
    let mut world = World::new();
    let installed = applied_early(&mut world);
    world.ok(report(&installed, Verdict::Problem, "Orders stop at 500"));
    world.ok(Command::CancelPendingRelease(CancelPendingRelease {
        pack: installed.pack,
    }));
    let testing = summary(&world, &installed);
    assert_eq!(testing.status, ReleaseStatus::Cancelled);
    assert_eq!((testing.problems, testing.open_problems), (1, 0));
    let pack = world.workspace.pack(installed.pack).unwrap();
    assert_eq!(
        queries::reporting(pack, installed.instance),
        Reporting::NothingPending
    );
}

#[test]
fn open_problems_never_stop_the_scheduled_date() {
    let mut world = World::new();
    let installed = applied_early(&mut world);
    world.ok(report(&installed, Verdict::Problem, "Orders stop at 500"));
    // 2026-12-01 00:00 in Berlin.
    let applied = world.advance_to("2026-11-30T23:10:00Z");
    assert_eq!(applied.len(), 1, "the release applied on its date");
    let testing = summary(&world, &installed);
    assert_eq!(testing.status, ReleaseStatus::Released);
    assert_eq!(
        (testing.problems, testing.open_problems),
        (1, 0),
        "frozen once applied"
    );
}

#[test]
fn open_problems_are_warned_about_in_the_release_check() {
    let mut world = World::new();
    let installed = applied_early(&mut world);
    world.ok(report(&installed, Verdict::Problem, "Orders stop at 500"));
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
    let warning = ReleaseWarning::OpenProblems {
        pending: 2,
        count: 1,
    };
    assert!(check.warnings.contains(&warning));
    assert!(check.can_release(), "a warning, never a refusal");
    assert_eq!(
        warning.sentence(),
        "Pending release 2 has 1 open problem reported in its testing period: check that this release addresses it."
    );
}

#[test]
fn an_uninstalled_instance_keeps_its_reports_and_no_longer_counts_as_an_early_applier() {
    let mut world = World::new();
    let installed = applied_early(&mut world);
    world.ok(report(&installed, Verdict::Problem, "Orders stop at 500"));
    world.ok(Command::Uninstall(Uninstall {
        account: installed.account,
        instance: installed.instance,
    }));
    let testing = summary(&world, &installed);
    assert_eq!(testing.early_instances, 0);
    assert_eq!(testing.problems, 1);
    assert!(testing.problem_rows[0].uninstalled);
    assert!(world
        .sentences()
        .iter()
        .any(|sentence| sentence.contains("reported a problem")));
}

#[test]
fn another_accounts_instance_cannot_be_reported_on() {
    let mut world = World::new();
    let installed = applied_early(&mut world);
    let other = world.account_in("Acme", installed.group);
    let theirs = world.install(other, installed.pack);
    let error = world.refused(report_on(&installed, theirs, Verdict::Works, ""));
    assert!(matches!(
        error,
        DomainError::InstanceOfAnotherAccount { .. }
    ));
}
