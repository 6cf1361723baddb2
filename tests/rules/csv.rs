//! CSV exports: RFC 4180 quoting, one header row, history in the zone it happened in.

use packwright::domain::csv::{activity_csv, install_base_csv};
use packwright::domain::queries::{self, ActivityFilter};
use packwright::domain::{Command, PublisherZone};

use crate::world::{utc, World};
use packwright::domain::command::{RenameAccount, SetPublisherTimeZone};

/// Splits RFC 4180 text into records of fields, the way a spreadsheet reads it.
fn parse(text: &str) -> Vec<Vec<String>> {
    let text = text
        .strip_prefix('\u{feff}')
        .expect("a byte order mark for UTF-8");
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut field)),
            (false, '\r') => {
                assert_eq!(chars.next(), Some('\n'), "records end with CRLF");
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            (false, c) => field.push(c),
        }
    }
    assert!(
        field.is_empty() && record.is_empty(),
        "the last record ends with CRLF"
    );
    records
}

#[test]
fn the_install_base_exports_one_row_per_instance_with_awkward_names_quoted() {
    let mut world = World::new();
    let installed = world.installed_pack("Orders");
    world.ok(Command::RenameAccount(RenameAccount {
        account: installed.account,
        name: "Smith, \"Jones\" & Co".into(),
    }));
    let pack = world.workspace.pack(installed.pack).unwrap();
    let rows = queries::install_rows(&world.workspace, pack);
    let records = parse(&install_base_csv(&world.workspace, &rows));
    assert_eq!(
        records[0],
        [
            "Account",
            "Instance name",
            "Release",
            "Applied early",
            "Installed",
            "Installed (UTC)",
            "Configuration"
        ]
    );
    assert_eq!(records.len(), 2);
    assert_eq!(records[1][0], "Smith, \"Jones\" & Co");
    assert_eq!(records[1][2], "1");
    assert_eq!(records[1][3], "no");
    assert_eq!(records[1][4], "2026-11-25 11:00 CET (Europe/Berlin)");
    assert_eq!(records[1][5], "2026-11-25 10:00 UTC");
    assert_eq!(records[1][6], "complete");
}

#[test]
fn the_activity_export_keeps_each_events_zone_and_the_filter() {
    let mut world = World::new();
    world.process("Orders In");
    world.now = utc("2026-11-26T10:00:00Z");
    world.ok(Command::SetPublisherTimeZone(SetPublisherTimeZone {
        time_zone: PublisherZone::parse("Asia/Tokyo").unwrap(),
    }));
    world.process("Line\nbreak");
    world.events.last_mut().unwrap().by = Some("alice".into());
    let all = queries::activity(&world.events, ActivityFilter::default());
    let records = parse(&activity_csv(&world.workspace, all, false));
    assert_eq!(
        records[0],
        ["Time", "Time (UTC)", "Kind", "What happened", "By"]
    );
    assert_eq!(records[1][4], "alice");
    assert_eq!(records[2][4], "this browser");
    // Shared now, a change made alone before says so: whose browser made it is unknown.
    let all = queries::activity(&world.events, ActivityFilter::default());
    let shared = parse(&activity_csv(&world.workspace, all, true));
    assert_eq!(
        (shared[1][4].as_str(), shared[2][4].as_str()),
        ("alice", "before team sync")
    );
    assert_eq!(records.len(), 1 + world.events.len());
    // Newest first; the newest in Tokyo's time, the component before in Berlin's.
    assert!(records[1][0].ends_with("(Asia/Tokyo)"), "{:?}", records[1]);
    assert!(records[1][3].contains("Line\nbreak"));
    let orders = records.iter().find(|r| r[3].contains("Orders In")).unwrap();
    assert_eq!(orders[0], "2026-11-25 11:00 CET (Europe/Berlin)");
}

#[test]
fn the_testing_periods_problems_export_with_their_status_and_quoted_text() {
    use packwright::domain::command::{MarkProblemAddressed, ReportOnUpdate};
    use packwright::domain::csv::problems_csv;
    use packwright::domain::model::Verdict;
    let mut world = World::new();
    let installed = world.pack_in_testing("Orders", "2026-12-01");
    world.apply_early(&installed);
    world.ok(Command::ReportOnUpdate(ReportOnUpdate {
        account: installed.account,
        instance: installed.instance,
        release: 2,
        verdict: Verdict::Problem,
        text: "Stops at 500, \"sometimes\"\nthen hangs".into(),
    }));
    let pack = world.workspace.pack(installed.pack).unwrap();
    let rows = queries::testing_summary(&world.workspace, pack, 2)
        .unwrap()
        .problem_rows;
    let records = parse(&problems_csv(&world.workspace, &rows));
    assert_eq!(
        records[0][..4],
        ["Account", "Instance name", "Problem", "Status"]
    );
    assert_eq!(records[1][0], "Orders Ltd");
    assert_eq!(records[1][2], "Stops at 500, \"sometimes\"\nthen hangs");
    assert_eq!(records[1][3], "open");
    assert!(records[1][4].contains("CET"), "{}", records[1][4]);
    world.ok(Command::MarkProblemAddressed(MarkProblemAddressed {
        pack: installed.pack,
        release: 2,
        instance: installed.instance,
        by_release: Some(1),
    }));
    let pack = world.workspace.pack(installed.pack).unwrap();
    let rows = queries::testing_summary(&world.workspace, pack, 2)
        .unwrap()
        .problem_rows;
    let records = parse(&problems_csv(&world.workspace, &rows));
    assert_eq!(records[1][3], "addressed by release 1");
}
