//! The publisher's journey through the console, with real DOM events, from an empty
//! workspace to a scheduled release applied at midnight in the publisher's zone.

use wasm_bindgen_test::wasm_bindgen_test;

use crate::web_support::{fresh_database_name, go_to, MountedApp, Scope};

async fn open_area(app: &MountedApp, title: &str) {
    app.click_link(title).await;
    app.wait_for_text("h1", title).await;
}

async fn create_component(app: &MountedApp, name: &str, api_service: bool) {
    app.type_into("#component-name", name);
    if api_service {
        app.click("input[name=component-kind]:not(:checked)").await;
    }
    app.click_button("Create component").await;
    app.wait_for_text(".notice", &format!("Created {name}."))
        .await;
}

async fn add_package(app: &MountedApp, component: &str, version: &str) {
    let card = app.card(component).await;
    card.click_button("Add package version").await;
    card.type_into(
        "[data-testid=add-package] input[placeholder='e.g. 1.2']",
        version,
    );
    card.click_button("Create package").await;
    card.wait_for_text(".notice", &format!("Packaged version {version}."))
        .await;
}

async fn create_pack(app: &MountedApp, name: &str, multiple: bool) {
    app.type_into("#pack-name", name);
    app.type_into(
        "#pack-description",
        &format!("{name} keeps orders in step."),
    );
    if multiple {
        app.click("input[name=installation-type]:not(:checked)")
            .await;
    }
    app.click_button("Create pack").await;
    app.wait_for_text(".notice", &format!("Created {name}."))
        .await;
}

async fn add_member(app: &MountedApp, component: &str) {
    app.select("#member-component", component).await;
    app.click_button("Add to pack").await;
    app.wait_for_text("[data-testid=members]", component).await;
}

/// Walks the wizard with the preselected versions; `date` schedules instead of releasing
/// immediately.
async fn release(app: &MountedApp, date: Option<&str>) {
    app.click_link("Release Integration Pack").await;
    app.wait_for_text("h1", "Release Integration Pack").await;
    app.click_button("Next").await;
    app.wait_for_text("h2", "2. Checks and impact").await;
    app.click_button("Next").await;
    app.wait_for_text("h2", "3. Release notes").await;
    app.type_into("#release-notes", "Tested against the sandbox.");
    for index in 0..3 {
        app.click(&format!("#checklist-{index}")).await;
    }
    app.click_button("Next").await;
    app.wait_for_text("h2", "4. When should it reach").await;
    if let Some(date) = date {
        app.click("#release-when-date").await;
        app.type_into("#release-date", date);
        app.wait_for_text("[data-testid=release-window]", "between midnight and 1 AM")
            .await;
    }
    app.click_button("Release Integration Pack").await;
    app.wait_for_text("h1", "Order Sync").await;
}

async fn set_simulated_time(app: &MountedApp, local: &str) {
    open_area(app, "Settings").await;
    app.type_into("#clock-input", local);
    app.click_button("Set simulated time").await;
    app.wait_for_text("[data-testid=clock-now]", &local.replace('T', " "))
        .await;
}

async fn account_view(app: &MountedApp, account: &str) -> Scope {
    open_area(app, "Managed Accounts").await;
    app.click_link(account).await;
    app.wait_for_text("h1", account).await;
    app.card("Order Sync").await
}

#[wasm_bindgen_test]
async fn the_publisher_journey_from_components_to_a_scheduled_release_applied_at_midnight() {
    let database = fresh_database_name();
    go_to("/settings");
    let app = MountedApp::mount_on(database.clone()).await;
    // The clock first, so that nothing is recorded at the real time: later, the clock
    // could not be set back to 2030 once the real date has passed it. 09:00 UTC is 10:00
    // in Berlin.
    set_simulated_time(&app, "2030-03-04T09:00").await;
    app.type_into("#zone-input", "Europe/Berlin");
    app.click_button("Save time zone").await;
    app.wait_for_text("[data-testid=publisher-zone]", "Europe/Berlin")
        .await;
    app.wait_for_text("[data-testid=clock-now]", "2030-03-04 10:00")
        .await;

    open_area(&app, "Packaged Components").await;
    create_component(&app, "Order Import", false).await;
    create_component(&app, "Order Export", false).await;
    add_package(&app, "Order Import", "1.0").await;
    add_package(&app, "Order Export", "1.0").await;

    open_area(&app, "Integration Packs").await;
    create_pack(&app, "Order Sync", false).await;
    app.click_link("Order Sync").await;
    app.wait_for_text("h1", "Order Sync").await;
    add_member(&app, "Order Import").await;
    add_member(&app, "Order Export").await;
    release(&app, None).await;
    app.wait_for_text("[data-testid=pack-summary]", "Release 1")
        .await;

    open_area(&app, "Managed Accounts").await;
    for account in ["Acme", "Globex"] {
        app.type_into("#account-name", account);
        app.click_button("Add account").await;
        app.wait_for_text(".notice", &format!("Created {account}."))
            .await;
    }
    open_area(&app, "Account Groups").await;
    app.type_into("#group-name", "Retail");
    app.click_button("Create group").await;
    let group = app.card("Retail").await;
    group.select("select[id^=add-pack]", "Order Sync").await;
    group.click_button("Add").await;
    group.wait_for_text(".chips", "Order Sync").await;
    for account in ["Acme", "Globex"] {
        group.type_into("input[id^=add-account]", &account[..3].to_lowercase());
        group
            .click(&format!("button[aria-label='Add {account}']"))
            .await;
        group.wait_for_any(".chips", account).await;
    }

    for account in ["Acme", "Globex"] {
        let pack = account_view(&app, account).await;
        pack.click_button("Install").await;
        pack.wait_for_text("[data-testid=instances]", "Release 1")
            .await;
    }

    open_area(&app, "Packaged Components").await;
    add_package(&app, "Order Import", "1.1").await;
    open_area(&app, "Integration Packs").await;
    app.click_link("Order Sync").await;
    release(&app, Some("2030-03-07")).await;
    app.wait_for_text(
        "[data-testid=pending-release]",
        "Release 2 is pending for 2030-03-07 (Europe/Berlin)",
    )
    .await;
    app.wait_for_text(
        "[data-testid=pending-release]",
        "2030-03-07 00:00 CET (Europe/Berlin)",
    )
    .await;

    let acme = account_view(&app, "Acme").await;
    acme.wait_for_text(
        "[data-testid=instances]",
        "Release 2 applies anyway at 2030-03-07 00:00 CET",
    )
    .await;
    acme.click_button("Apply Pending Updates").await;
    acme.wait_for_text("[data-testid=instances]", "Release 2")
        .await;
    acme.wait_for_text("[data-testid=instances]", "Running release 2 early")
        .await;
    let globex = account_view(&app, "Globex").await;
    globex
        .wait_for_text("[data-testid=instances]", "Release 1")
        .await;

    // 23:59 on the 6th in Berlin: not yet. 00:30 on the 7th: applied.
    set_simulated_time(&app, "2030-03-06T23:59").await;
    account_view(&app, "Globex")
        .await
        .wait_for_text("[data-testid=instances]", "Release 1")
        .await;
    set_simulated_time(&app, "2030-03-07T00:30").await;
    for account in ["Acme", "Globex"] {
        let pack = account_view(&app, account).await;
        pack.wait_for_text("[data-testid=instances] td:nth-child(2)", "Release 2")
            .await;
    }
    open_area(&app, "Activity").await;
    app.wait_for_text(
        "[data-testid=activity]",
        "Release 2 of Order Sync applied on its scheduled date 2030-03-07 (Europe/Berlin) to 1 instance in 1 account",
    )
    .await;
    // Recorded at its due instant, not when the clock was moved past it.
    app.wait_for_text(
        "[data-testid=activity] li:nth-child(2)",
        "2030-03-07 00:00 CET (Europe/Berlin)Releases",
    )
    .await;
    app.wait_for_text(
        "[data-testid=activity] li:first-child",
        "Simulated clock set to 2030-03-07 00:30 CET (Europe/Berlin)",
    )
    .await;
    drop(app);

    // Reload: everything is still there.
    go_to("/packs");
    let reloaded = MountedApp::mount_on(database).await;
    reloaded
        .wait_for_text("[data-testid=pack-list]", "Release 2")
        .await;
    reloaded
        .wait_for_text("[data-testid=publisher-zone]", "Europe/Berlin")
        .await;
    for account in ["Acme", "Globex"] {
        account_view(&reloaded, account)
            .await
            .wait_for_text("[data-testid=instances] td:nth-child(2)", "Release 2")
            .await;
    }
}
