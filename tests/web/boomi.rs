//! Import from Boomi and the requests sent back, driven by clicking: Settings' preview of
//! the fixtures in `tests/fixtures/boomi/`, the import, the Boomi ids on the pages, and
//! the pending release as Platform API requests.

use wasm_bindgen_test::wasm_bindgen_test;

use crate::web_support::{go_to, MountedApp};

use crate::boomi_fixtures::fixtures;
use packwright::domain::command::SetClock;

async fn open_area(app: &MountedApp, title: &str) {
    app.click_link(title).await;
    app.wait_for_text("h1", title).await;
}

#[wasm_bindgen_test]
async fn a_boomi_account_is_previewed_imported_and_its_pending_release_sent_back() {
    go_to("/");
    let app = MountedApp::mount().await;
    open_area(&app, "Settings").await;
    // The fixtures' release is scheduled for 2026-12-15: the clock stands before it.
    app.type_into("#clock-input", "2026-11-26T12:00");
    app.click_button("Set simulated time").await;
    app.wait_for_text("[data-testid=clock-now]", "2026-11-26 12:00")
        .await;

    let import = app.card("Import from Boomi").await;
    // A malformed file is refused with its name and field, and nothing is written.
    let broken = fixtures()[1]
        .1
        .replacen("\"packageVersion\": \"1.0\",", "", 1);
    import
        .pick_files(
            "Choose Boomi files",
            &[("PackagedComponent-queryMore.json", &broken)],
        )
        .await;
    import
        .wait_for_text(
            "[data-testid=boomi-refused]",
            "PackagedComponent-queryMore.json, field result[0].packageVersion: this field is missing.",
        )
        .await;
    assert_eq!(import.count("[data-testid=boomi-preview]"), 0);
    // A folder's other files are left out; one with no response in it says so.
    import
        .pick_files(
            "Choose a folder of them",
            &[("README.txt", "Saved from Boomi.")],
        )
        .await;
    import
        .wait_for_text(".notice", "None of those files is a .json file")
        .await;

    import.pick_files("Choose Boomi files", &fixtures()).await;
    import
        .wait_for_text("[data-testid=boomi-created]", "3 integration packs")
        .await;
    let created = import.text_of("[data-testid=boomi-created]").unwrap();
    for expected in [
        "5 components",
        "8 packaged components",
        "2 current releases",
        "1 scheduled release",
        "4 managed accounts",
        "5 installed instances",
    ] {
        assert!(created.contains(expected), "{expected} not in {created}");
    }
    let packs = import.text_of("[data-testid=boomi-packs]").unwrap();
    assert!(
        packs.contains("Order Management (single attachment): release 1 with Order Sync 1.1"),
        "{packs}"
    );
    let skipped = import.text_of("[data-testid=boomi-skipped]").unwrap();
    assert!(skipped.contains("of type certificate"), "{skipped}");
    assert!(skipped.contains("deleted in Boomi"), "{skipped}");
    let assumed = import.text_of("[data-testid=boomi-assumed]").unwrap();
    assert!(
        assumed.contains("runs its pack's current release"),
        "{assumed}"
    );
    import.click_button("Import from Boomi").await;
    import
        .wait_for_text(".notice", "Imported from Boomi: 5 components")
        .await;
    assert_eq!(import.count("[data-testid=boomi-preview]"), 0);

    // The same files again: nothing new, and nothing to confirm.
    import.pick_files("Choose Boomi files", &fixtures()).await;
    import
        .wait_for_text("[data-testid=boomi-preview]", "Nothing new")
        .await;
    let already = import.text_of("[data-testid=boomi-already]").unwrap();
    assert!(already.contains("3 integration packs"), "{already}");
    assert!(import.button("Import from Boomi").has_attribute("disabled"));
    import.click_button("Discard").await;

    open_area(&app, "Integration Packs").await;
    app.click_link("Order Management").await;
    app.wait_for_text("h1", "Order Management").await;
    app.wait_for_text(".boomi-id", "d7c16f5d-0001-417e-a149-3c55436f0001")
        .await;
    let pending = app.card("Pending release").await;
    pending.wait_for_text("p", "pending for 2026-12-15").await;
    assert_eq!(
        pending
            .button("Boomi requests")
            .get_attribute("aria-expanded")
            .as_deref(),
        Some("false")
    );
    pending.click_button("Boomi requests").await;
    assert_eq!(
        pending
            .button("Boomi requests")
            .get_attribute("aria-expanded")
            .as_deref(),
        Some("true")
    );
    let requests = pending.scope_of("[data-testid=boomi-requests]").await;
    requests
        .wait_for_text("li", "POST /ReleaseIntegrationPack")
        .await;
    let body = requests.text_of("pre").unwrap();
    assert!(body.contains("\"releaseOnDate\": \"2026-12-15\""), "{body}");
    assert!(
        body.contains("\"releaseSchedule\": \"RELEASE_ON_SPECIFIED_DATE\""),
        "{body}"
    );
    assert!(requests.text().contains("Release notes are not sent"));
    requests.click_button("Download curl script").await;
    requests
        .wait_for_text(".notice", "Saved boomi-requests-order-management.sh.")
        .await;

    // A managed account shows its Boomi id too, and the renamed twin its own.
    open_area(&app, "Managed Accounts").await;
    app.click_link("Acme Corp (hooli-M4N5O6)").await;
    app.wait_for_text(".boomi-id", "hooli-M4N5O6").await;
    app.wait_for_text(
        "[data-testid=instances]",
        "Boomi id SW50ZWdyYXRpb25QYWNrSW5zdGFuY2UwNw",
    )
    .await;
}

/// A database holding the fixtures imported at 2026-11-26 12:00 UTC, under a simulated
/// clock at that instant.
async fn imported_database() -> String {
    use packwright::domain::boomi::{plan_import, read_files, BoomiFile};
    use packwright::domain::{decide, Clock, Command, Workspace};

    let now = "2026-11-26T12:00:00Z".parse().unwrap();
    let files: Vec<BoomiFile> = fixtures()
        .into_iter()
        .map(|(name, text)| BoomiFile {
            name: name.to_owned(),
            text: text.to_owned(),
        })
        .collect();
    let mut workspace = Workspace::default();
    let mut events = decide(
        &workspace,
        Command::SetClock(SetClock {
            clock: Clock::Simulated { at: now },
        }),
        now,
    )
    .unwrap();
    for event in &events {
        workspace.apply(event);
    }
    let plan = plan_import(&workspace, &read_files(&files).unwrap(), now).unwrap();
    for event in plan.events {
        workspace.apply(&event);
        events.push(event);
    }
    crate::web_support::database_holding(workspace, events).await
}

#[wasm_bindgen_test]
async fn the_release_wizard_shows_the_boomi_requests_of_the_release_being_planned() {
    go_to("/");
    let app = MountedApp::mount_on(imported_database().await).await;
    open_area(&app, "Integration Packs").await;
    app.click_link("Invoicing").await;
    app.wait_for_text("h1", "Invoicing").await;
    app.click_link("Release Integration Pack").await;
    app.wait_for_text("h1", "Release Integration Pack").await;
    // Only the last step offers the requests: before it the schedule is not chosen.
    assert!(!app.text().contains("Boomi requests"));
    app.click_button("Next").await;
    app.wait_for_text("h2", "2. Checks and impact").await;
    app.click_button("Next").await;
    app.wait_for_text("h2", "3. Release notes").await;
    for index in 0..3 {
        app.click(&format!("#checklist-{index}")).await;
    }
    app.click_button("Next").await;
    app.wait_for_text("h2", "4. When should it reach").await;
    app.click_button("Boomi requests").await;
    let requests = app.scope_of("[data-testid=boomi-requests]").await;
    requests
        .wait_for_text("li", "POST /ReleaseIntegrationPack")
        .await;
    assert!(requests
        .text_of("pre")
        .unwrap()
        .contains("\"releaseSchedule\": \"IMMEDIATELY\""));

    // On a date: the request carries it, with the zone it is scheduled in.
    app.click("#release-when-date").await;
    requests.wait_for_any("p", "Pick the date first").await;
    app.type_into("#release-date", "2026-12-20");
    requests
        .wait_for_text("pre", "\"releaseOnDate\": \"2026-12-20\"")
        .await;
    assert!(requests.text().contains("Packwright schedules it in UTC"));
    requests.click_button("Download requests (JSON)").await;
    requests
        .wait_for_text(".notice", "Saved boomi-requests-invoicing.json.")
        .await;
}
