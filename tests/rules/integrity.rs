//! A workspace from outside is checked before it is trusted.

use packwright::domain::integrity::{check_integrity, replay_checked};
use packwright::domain::{Change, Workspace};

use crate::world::World;

fn sound_world() -> World {
    let mut world = World::new();
    world.pack_in_testing("Orders", "2026-12-01");
    world
}

/// The first record of one of the workspace's maps, in its JSON.
fn first<'a>(json: &'a mut serde_json::Value, map: &str) -> &'a mut serde_json::Value {
    json[map]
        .as_object_mut()
        .unwrap()
        .values_mut()
        .next()
        .unwrap()
}

/// The workspace as JSON, changed by `edit`, read back.
fn tampered(world: &World, edit: impl FnOnce(&mut serde_json::Value)) -> Workspace {
    let mut json = serde_json::to_value(&world.workspace).unwrap();
    edit(&mut json);
    serde_json::from_value(json).unwrap()
}

#[test]
fn a_workspace_the_engine_built_has_no_problems() {
    assert_eq!(
        check_integrity(&sound_world().workspace),
        Vec::<String>::new()
    );
}

#[test]
fn an_instance_of_a_missing_account_is_a_problem() {
    let world = sound_world();
    let workspace = tampered(&world, |json| {
        // Instances are a table of rows: [id, account, pack, override name, installed at].
        json["instances"][0][1] = 9_999.into();
    });
    let problems = check_integrity(&workspace);
    assert!(
        problems.iter().any(|p| p.contains("belongs to no account")),
        "{problems:?}"
    );
}

#[test]
fn an_id_filed_under_another_key_is_a_problem() {
    let world = sound_world();
    let workspace = tampered(&world, |json| {
        let group = first(json, "groups");
        group["id"] = 1.into();
    });
    let problems = check_integrity(&workspace);
    assert!(
        problems.iter().any(|p| p.contains("says its id is 1")),
        "{problems:?}"
    );
    assert!(
        problems.iter().any(|p| p.contains("Id 1 is used twice")),
        "{problems:?}"
    );
}

#[test]
fn a_description_over_500_characters_is_a_problem() {
    let world = sound_world();
    let workspace = tampered(&world, |json| {
        let pack = first(json, "packs");
        pack["description"] = "x".repeat(501).into();
    });
    assert!(check_integrity(&workspace)
        .iter()
        .any(|p| p.contains("description is over 500")));
}

#[test]
fn two_pending_releases_are_a_problem() {
    let world = sound_world();
    let workspace = tampered(&world, |json| {
        let pack = first(json, "packs");
        pack["releases"][0]["status"] = "PENDING".into();
    });
    assert!(check_integrity(&workspace)
        .iter()
        .any(|p| p.contains("2 pending releases")));
}

#[test]
fn replaying_an_event_that_reuses_an_id_is_refused() {
    let world = sound_world();
    let mut events = world.events.clone();
    let duplicate = events
        .iter()
        .find(|e| matches!(e.change, Change::AccountCreated { .. }))
        .unwrap()
        .clone();
    events.push(duplicate);
    let error = replay_checked(&events).unwrap_err();
    assert!(error.contains("already taken"), "{error}");
}

#[test]
fn replaying_an_event_about_a_missing_pack_is_refused() {
    let world = sound_world();
    let mut events = world.events.clone();
    let mut stray = events
        .iter()
        .find(|e| matches!(e.change, Change::PackEdited { .. }))
        .unwrap()
        .clone();
    if let Change::PackEdited { pack, .. } = &mut stray.change {
        pack.0 = 4_242;
    }
    events.push(stray);
    assert!(replay_checked(&events)
        .unwrap_err()
        .contains("pack 4242, which does not exist"));
}

#[test]
fn an_account_or_a_pack_whose_list_of_instances_is_wrong_is_a_problem() {
    let world = sound_world();
    assert!(world.workspace.instances().count() > 0);
    let empty_account_list = tampered(&world, |json| {
        let account = json["accounts"]
            .as_object_mut()
            .unwrap()
            .values_mut()
            .find(|account| !account["instances"].as_array().unwrap().is_empty())
            .unwrap();
        account["instances"] = serde_json::json!([]);
    });
    let unknown_in_pack_list = tampered(&world, |json| {
        let pack = first(json, "packs");
        pack["instances"] = serde_json::json!([9_999]);
    });
    for workspace in [empty_account_list, unknown_in_pack_list] {
        let problems = check_integrity(&workspace);
        assert!(
            problems
                .iter()
                .any(|p| p.contains("'s list of instances does not match the instances")),
            "{problems:?}"
        );
    }
}

/// domain.md, "The testing period's reports": only an instance that runs the pending
/// release reports on it; a log saying otherwise is refused on import.
#[test]
fn replaying_a_report_from_an_instance_that_never_ran_the_release_is_refused() {
    use packwright::domain::command::{Command, ReportOnUpdate};
    use packwright::domain::model::Verdict;
    let mut world = World::new();
    let installed = world.pack_in_testing("Orders", "2026-12-01");
    world.apply_early(&installed);
    world.ok(Command::ReportOnUpdate(ReportOnUpdate {
        account: installed.account,
        instance: installed.instance,
        release: 2,
        verdict: Verdict::Problem,
        text: "Orders stop at 500".into(),
    }));
    assert!(replay_checked(&world.events).is_ok());
    // The same log without the early update: the instance never ran release 2.
    let events: Vec<_> = world
        .events
        .iter()
        .filter(|event| !matches!(event.change, Change::PendingUpdateAppliedEarly { .. }))
        .cloned()
        .collect();
    let error = replay_checked(&events).unwrap_err();
    assert!(
        error.contains("which does not run it as a pending release"),
        "{error}"
    );
    // A report kept on a release that had no testing period is a problem too.
    let broken = tampered(&world, |json| {
        first(json, "packs")["reports"][0]["release"] = 1.into();
    });
    assert!(check_integrity(&broken)
        .iter()
        .any(|problem| problem.contains("had no testing period")));
}
