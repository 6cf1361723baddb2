//! The workspace file (export and import) and the demo workspace, natively.

#![cfg(not(target_arch = "wasm32"))]

use chrono::{DateTime, Utc};

use packwright::domain::integrity::check_integrity;
use packwright::domain::model::InstallationType;
use packwright::domain::queries::{self, PackStatus};
use packwright::domain::{PublisherZone, Workspace, FORMAT_VERSION};
use packwright::store::demo::demo_workspace;
use packwright::store::file::{ImportError, WorkspaceFile, MAX_FILE_BYTES};

fn now() -> DateTime<Utc> {
    "2026-11-25T10:00:00Z".parse().unwrap()
}

fn demo() -> WorkspaceFile {
    let (workspace, events) =
        demo_workspace(now(), PublisherZone::parse("Europe/Berlin").unwrap()).unwrap();
    WorkspaceFile::new(workspace, events)
}

/// The demo's export text, with `edit` applied to its JSON.
fn edited(edit: impl FnOnce(&mut serde_json::Value)) -> String {
    let mut json: serde_json::Value = serde_json::from_str(&demo().to_json()).unwrap();
    edit(&mut json);
    json.to_string()
}

#[test]
fn the_demo_workspace_is_realistic_and_sound() {
    let file = demo();
    let ws = &file.workspace;
    assert_eq!(check_integrity(ws), Vec::<String>::new());
    assert_eq!(ws.components().count(), 12);
    assert!(ws.packages().any(|package| !package.shareable));
    assert!(ws
        .packs()
        .any(|pack| pack.installation_type == InstallationType::Multi));
    assert!(ws
        .packs()
        .any(|pack| pack.installation_type == InstallationType::Single));
    assert_eq!(ws.groups().count(), 4);
    assert_eq!(ws.accounts().count(), 40);
    assert!(ws.instances().count() > 40);
    let pending = ws
        .packs()
        .find(|pack| matches!(queries::pack_status(ws, pack), PackStatus::Pending { .. }))
        .expect("a pack with a pending release");
    assert_eq!(queries::early_appliers(ws, pending).len(), 4);
    let release = pending.pending_release.unwrap();
    let testing = queries::testing_summary(ws, pending, release).unwrap();
    assert_eq!(
        (testing.works, testing.problems, testing.open_problems),
        (2, 1, 1),
        "a mix of reports, one open problem"
    );
    // The pending release adds the Refund Ledger's ledger id: two early appliers set it,
    // two have it to fill in.
    assert_eq!(queries::instances_needing_attention(ws, pending), 2);
    assert!(ws
        .instances()
        .filter(|instance| instance.pack == pending.id)
        .filter_map(|instance| ws.settings_of(instance.id))
        .any(|settings| !settings.values.is_empty()));
    let behind = ws
        .packs()
        .any(|pack| !queries::newer_versions(ws, pack).is_empty());
    assert!(behind, "a pack shows that newer versions are available");
}

#[test]
fn the_demo_workspace_is_deterministic() {
    assert_eq!(demo().to_json(), demo().to_json());
}

#[test]
fn export_import_export_gives_the_same_bytes() {
    let first = demo().to_json();
    let imported = WorkspaceFile::parse(&first).unwrap();
    assert_eq!(imported.to_json(), first);
}

#[test]
fn an_empty_workspace_round_trips() {
    let text = WorkspaceFile::new(Workspace::default(), Vec::new()).to_json();
    assert_eq!(WorkspaceFile::parse(&text).unwrap().to_json(), text);
}

#[test]
fn malformed_json_is_refused_with_where_it_broke() {
    let error = WorkspaceFile::parse("{\"format\": \"packwright-workspace\", ").unwrap_err();
    assert!(matches!(error, ImportError::NotJson { .. }), "{error:?}");
    assert!(error.to_string().contains("line 1"), "{error}");
}

#[test]
fn an_empty_file_is_refused() {
    assert_eq!(
        WorkspaceFile::parse("  \n").unwrap_err(),
        ImportError::Empty
    );
}

#[test]
fn json_that_is_not_a_workspace_is_refused() {
    assert_eq!(
        WorkspaceFile::parse("[1, 2, 3]").unwrap_err(),
        ImportError::NotAWorkspaceFile
    );
    assert_eq!(
        WorkspaceFile::parse("{\"name\": \"x\"}").unwrap_err(),
        ImportError::NotAWorkspaceFile
    );
}

#[test]
fn a_newer_format_version_is_refused() {
    let text = edited(|json| json["formatVersion"] = (FORMAT_VERSION + 1).into());
    let error = WorkspaceFile::parse(&text).unwrap_err();
    assert_eq!(
        error,
        ImportError::NewerFormat {
            version: FORMAT_VERSION + 1
        }
    );
    assert!(error.to_string().contains("newer Packwright"));
}

#[test]
fn a_wrong_format_version_is_refused() {
    let text = edited(|json| json["formatVersion"] = 0.into());
    assert_eq!(
        WorkspaceFile::parse(&text).unwrap_err(),
        ImportError::UnsupportedFormat { version: 0 }
    );
}

#[test]
fn a_reference_to_something_that_does_not_exist_is_refused() {
    let text = edited(|json| {
        let group = json["workspace"]["groups"]
            .as_object_mut()
            .unwrap()
            .values_mut()
            .next()
            .unwrap();
        group["packs"] = serde_json::json!([99_999]);
    });
    let error = WorkspaceFile::parse(&text).unwrap_err();
    assert!(
        matches!(&error, ImportError::Inconsistent { problems } if problems.iter().any(|p| p.contains("99999"))),
        "{error:?}"
    );
}

#[test]
fn duplicate_ids_are_refused() {
    let text = edited(|json| {
        let accounts = json["workspace"]["accounts"].as_object_mut().unwrap();
        let first_id = accounts.values().next().unwrap()["id"].clone();
        accounts.values_mut().nth(1).unwrap()["id"] = first_id;
    });
    let error = WorkspaceFile::parse(&text).unwrap_err();
    assert!(
        matches!(&error, ImportError::Inconsistent { problems } if problems.iter().any(|p| p.contains("used twice"))),
        "{error:?}"
    );
}

#[test]
fn values_out_of_range_are_refused() {
    let text = edited(|json| {
        let pack = json["workspace"]["packs"]
            .as_object_mut()
            .unwrap()
            .values_mut()
            .next()
            .unwrap();
        pack["description"] = "d".repeat(600).into();
    });
    assert!(matches!(
        WorkspaceFile::parse(&text).unwrap_err(),
        ImportError::Inconsistent { .. }
    ));
    let text = edited(|json| json["workspace"]["nextId"] = (-1).into());
    assert!(matches!(
        WorkspaceFile::parse(&text).unwrap_err(),
        ImportError::Malformed { .. }
    ));
}

#[test]
fn an_activity_log_that_disagrees_with_the_workspace_is_refused() {
    let text = edited(|json| {
        json["events"].as_array_mut().unwrap().pop();
    });
    assert!(matches!(
        WorkspaceFile::parse(&text).unwrap_err(),
        ImportError::EventsDisagree { .. }
    ));
}

#[test]
fn fifty_megabytes_of_junk_are_refused_quickly_and_clearly() {
    let junk: String = "\u{1}garbage\u{7f}".repeat(50 * 1024 * 1024 / 9);
    let error = WorkspaceFile::parse(&junk).unwrap_err();
    assert!(matches!(error, ImportError::NotJson { .. }), "{error:?}");
}

#[test]
fn a_file_over_the_size_limit_is_refused_before_it_is_read() {
    let huge = " ".repeat(MAX_FILE_BYTES + 1);
    assert!(matches!(
        WorkspaceFile::parse(&huge).unwrap_err(),
        ImportError::TooLarge { .. }
    ));
}

/// `tests/fixtures/export-format-1.json` is the demo workspace as the last format-1 build
/// exported it (before the shared clock and the derived time fields).
#[test]
fn a_file_of_format_1_still_imports_and_is_written_back_as_the_current_format() {
    let text = include_str!("fixtures/export-format-1.json");
    assert!(text.contains("\"formatVersion\":1"));
    let file = WorkspaceFile::parse(text).unwrap();
    assert_eq!(file.format_version, FORMAT_VERSION);
    assert_eq!(file.workspace, Workspace::replay(&file.events));
    assert_eq!(
        file.workspace.newest_event_at(),
        file.events.iter().map(|event| event.at).max()
    );
    assert_eq!(file.workspace.publisher().time_zone.name(), "Europe/Berlin");
    let again = WorkspaceFile::parse(&file.to_json()).unwrap();
    assert_eq!(again, file);
}

/// `tests/fixtures/export-format-2.json` is the demo workspace (with a simulated clock set)
/// as the last format-2 build exported it, before Boomi ids.
#[test]
fn a_file_of_format_2_still_imports_and_is_written_back_as_the_current_format() {
    let text = include_str!("fixtures/export-format-2.json");
    assert!(text.contains("\"formatVersion\":2"));
    let file = WorkspaceFile::parse(text).unwrap();
    assert_eq!(file.format_version, FORMAT_VERSION);
    assert_eq!(file.workspace, Workspace::replay(&file.events));
    assert!(file.workspace.clock().is_simulated());
    assert_eq!(file.workspace.packs().count(), 4);
    let again = WorkspaceFile::parse(&file.to_json()).unwrap();
    assert_eq!(again, file);
}

/// `tests/fixtures/export-format-3.json` is the demo workspace with the Boomi fixtures
/// imported, as the last format-3 build exported it, before events named who made them.
#[test]
fn a_file_of_format_3_still_imports_with_nobody_named_and_is_written_back_as_the_current_format() {
    let text = include_str!("fixtures/export-format-3.json");
    assert!(text.contains("\"formatVersion\":3"));
    let file = WorkspaceFile::parse(text).unwrap();
    assert_eq!(file.format_version, FORMAT_VERSION);
    assert!(file.events.iter().all(|event| event.by.is_none()));
    assert_eq!(file.workspace, Workspace::replay(&file.events));
    assert!(file.workspace.packs().any(|pack| file
        .workspace
        .boomi_id(packwright::domain::model::BoomiThing::Pack(pack.id))
        .is_some()));
    let mut events = file.events.clone();
    events.last_mut().unwrap().by = Some("alice".into());
    let written = WorkspaceFile::new(file.workspace.clone(), events).to_json();
    assert!(written.contains(&format!("\"formatVersion\":{FORMAT_VERSION}")));
    assert!(written.contains("\"by\":\"alice\""));
    let again = WorkspaceFile::parse(&written).unwrap();
    assert_eq!(again.events.last().unwrap().by.as_deref(), Some("alice"));
}

/// `tests/fixtures/export-format-4.json` is the format-3 fixture as the last format-4 build
/// wrote it back (five events made by "alice"), with the instances as a map of objects.
#[test]
fn a_file_of_format_4_still_imports_and_is_written_back_with_its_instances_as_a_table() {
    let text = include_str!("fixtures/export-format-4.json");
    assert!(text.contains("\"formatVersion\":4"));
    assert!(text.contains("\"instances\":{\"77\":{\"id\":77,"));
    let file = WorkspaceFile::parse(text).unwrap();
    assert_eq!(file.format_version, FORMAT_VERSION);
    assert_eq!(file.workspace, Workspace::replay(&file.events));
    assert_eq!(file.workspace.instances().count(), 72);
    let written = file.to_json();
    assert!(written.contains(&format!("\"formatVersion\":{FORMAT_VERSION}")));
    assert!(
        written.contains("\"instances\":[[77,37,31,\"Main Street\",1790309760000]"),
        "one row per instance, the instant in milliseconds"
    );
    assert!(written.len() < text.len());
    assert_eq!(WorkspaceFile::parse(&written).unwrap(), file);
}

/// `tests/fixtures/export-format-5.json` is the format-4 fixture as the last format-5 build
/// wrote it back (instances as a table, no reports): it still imports, with no reports, and
/// is written back as the current format.
#[test]
fn a_file_of_format_5_still_imports_with_no_reports_and_is_written_back_as_the_current_format() {
    let text = include_str!("fixtures/export-format-5.json");
    assert!(text.contains("\"formatVersion\":5"));
    assert!(!text.contains("\"reports\""));
    let file = WorkspaceFile::parse(text).unwrap();
    assert_eq!(file.format_version, FORMAT_VERSION);
    assert_eq!(file.workspace, Workspace::replay(&file.events));
    assert!(file.workspace.packs().all(|pack| pack.reports.is_empty()));
    let pending = file
        .workspace
        .packs()
        .find(|pack| pack.pending_release.is_some())
        .expect("the fixture has a pending release");
    assert_eq!(queries::open_problems(pending), 0);
    let written = file.to_json();
    assert!(written.contains(&format!("\"formatVersion\":{FORMAT_VERSION}")));
    assert_eq!(WorkspaceFile::parse(&written).unwrap(), file);
}

/// `tests/fixtures/export-format-6.json` is the demo as the last format-6 build exported it
/// (reports, no extension values): it still imports, every instance at the packaged
/// defaults with nothing new, and is written back as the current format.
#[test]
fn a_file_of_format_6_still_imports_with_no_extension_values() {
    let text = include_str!("fixtures/export-format-6.json");
    assert!(text.contains("\"formatVersion\":6"));
    let file = WorkspaceFile::parse(text).unwrap();
    assert_eq!(file.workspace, Workspace::replay(&file.events));
    assert!(file
        .workspace
        .instances()
        .all(|instance| file.workspace.settings_of(instance.id).is_none()));
    assert!(file.workspace.packs().any(|pack| !pack.reports.is_empty()));
    let written = file.to_json();
    assert!(written.contains(&format!("\"formatVersion\":{FORMAT_VERSION}")));
    assert_eq!(WorkspaceFile::parse(&written).unwrap(), file);
}

/// The table writes an instant as milliseconds only when that loses nothing.
#[test]
fn an_instant_finer_than_a_millisecond_survives_the_instance_table() {
    let file = WorkspaceFile::parse(include_str!("fixtures/export-format-4.json")).unwrap();
    let mut json = serde_json::to_value(&file.workspace).unwrap();
    json["instances"][0][4] = "2026-09-25T04:16:00.123456789Z".into();
    let finer: Workspace = serde_json::from_value(json).unwrap();
    let instance = finer.instances().next().unwrap();
    assert_eq!(instance.installed_at.timestamp_subsec_nanos(), 123_456_789);
    let text = serde_json::to_string(&finer).unwrap();
    assert!(
        text.contains("\"2026-09-25T04:16:00.123456789Z\""),
        "written as text"
    );
    assert_eq!(serde_json::from_str::<Workspace>(&text).unwrap(), finer);
}

#[test]
fn a_file_whose_log_goes_back_in_time_is_refused() {
    let text = edited(|json| {
        let events = json["events"].as_array_mut().unwrap();
        let last = events.len() - 1;
        events[last]["at"] = "2020-01-01T00:00:00Z".into();
    });
    let error = WorkspaceFile::parse(&text).unwrap_err();
    assert!(
        matches!(error, ImportError::EventsDisagree { .. }),
        "{error:?}"
    );
    assert!(
        error.to_string().contains("time only moves forward"),
        "{error}"
    );
}

/// A format-1 database kept its simulated clock beside the workspace. Adopting it decides
/// the clock at the record's own time: what came due by then is applied, and nothing that
/// only the real calendar has reached (the fixture's release is due on 2026-11-29 in
/// Berlin).
#[test]
fn adopting_a_format_1_clock_applies_only_what_came_due_by_that_clock() {
    use packwright::domain::{tick, Change, Clock};
    use packwright::store::legacy::clock_adoption;

    let file = WorkspaceFile::parse(include_str!("fixtures/export-format-1.json")).unwrap();
    let simulated = |at: &str| Clock::Simulated {
        at: at.parse().unwrap(),
    };
    let adopt = |clock: Clock| {
        let events = clock_adoption(&file.workspace, clock);
        let mut workspace = file.workspace.clone();
        for event in &events {
            workspace.apply(event);
        }
        (events, workspace)
    };

    let (events, workspace) = adopt(simulated("2026-11-21T08:00:00Z"));
    assert!(matches!(
        events.as_slice(),
        [event] if event.change == Change::ClockSet { clock: simulated("2026-11-21T08:00:00Z") }
    ));
    let far_future: DateTime<Utc> = "2031-06-01T00:00:00Z".parse().unwrap();
    assert_eq!(tick(&workspace, workspace.clock().now(far_future)), []);
    assert_eq!(check_integrity(&workspace), Vec::<String>::new());

    let (events, workspace) = adopt(simulated("2026-12-01T08:00:00Z"));
    assert!(
        matches!(
            events.first().map(|event| &event.change),
            Some(Change::ScheduledReleaseApplied { .. })
        ),
        "a clock past the date applies the release first: {events:?}"
    );
    assert_eq!(
        events[0].at,
        "2026-11-28T23:00:00Z".parse::<DateTime<Utc>>().unwrap(),
        "at its due instant, midnight in Berlin"
    );
    assert_eq!(workspace.clock(), simulated("2026-12-01T08:00:00Z"));

    // A clock earlier than the newest event moves up to it; a real clock adds nothing.
    let (events, _) = adopt(simulated("2026-01-01T00:00:00Z"));
    assert_eq!(events[0].at, file.workspace.newest_event_at().unwrap());
    assert_eq!(clock_adoption(&file.workspace, Clock::Real), []);
}
