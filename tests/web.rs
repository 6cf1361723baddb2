//! Browser tests: the app mounted in headless Chromium, driven with real DOM events.
//!
//! Each test mounts into an element of its own and queries only inside it, so the tests
//! cannot see each other's DOM, and opens a database of its own.

#![cfg(target_arch = "wasm32")]

#[path = "web/support.rs"]
mod web_support;

use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

use packwright::ui::AREAS;
use web_support::{go_to, MountedApp};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn the_app_mounts_with_its_name_and_the_publisher_zone() {
    go_to("/");
    let app = MountedApp::mount().await;
    app.wait_for_text(".brand", "Packwright").await;
    app.wait_for_text("[data-testid=publisher-zone]", "Publisher time zone")
        .await;
    app.wait_for_text("[data-testid=current-time]", "Current time")
        .await;
}

#[wasm_bindgen_test]
async fn every_area_has_its_own_route_with_its_heading() {
    for area in AREAS.iter() {
        go_to(area.path);
        let app = MountedApp::mount().await;
        app.wait_for_text("h1", area.title).await;
    }
}

#[wasm_bindgen_test]
async fn clicking_the_navigation_opens_each_area() {
    go_to("/");
    let app = MountedApp::mount().await;
    app.wait_for_text("h1", "Integration Packs").await;
    for area in AREAS.iter() {
        app.click_link(area.title).await;
        app.wait_for_text("h1", area.title).await;
        assert_eq!(web_support::current_path(), area.path);
    }
}

#[wasm_bindgen_test]
async fn every_area_but_settings_shows_an_empty_state() {
    for area in AREAS.iter().filter(|area| area.path != "/settings") {
        go_to(area.path);
        let app = MountedApp::mount().await;
        app.wait_for_text("[data-testid=empty-state]", "yet").await;
    }
}

#[wasm_bindgen_test]
async fn an_unknown_address_shows_not_found_with_a_way_back() {
    go_to("/no/such/page");
    let app = MountedApp::mount().await;
    app.wait_for_text("h1", "Page not found").await;
    app.click_link("Go to Integration Packs").await;
    app.wait_for_text("h1", "Integration Packs").await;
    assert_eq!(web_support::current_path(), "/packs");
}

#[path = "web/store.rs"]
mod store;

#[path = "web/damage.rs"]
mod damage;

#[path = "web/journey.rs"]
mod journey;

#[path = "web/console.rs"]
mod console;

#[path = "web/release_day.rs"]
mod release_day;

#[path = "web/boomi.rs"]
mod boomi;

#[path = "support/boomi_fixtures.rs"]
mod boomi_fixtures;

#[wasm_bindgen_test]
fn the_team_sync_line_reads_right_for_every_state_and_count() {
    use packwright::ui::TeamStatus;
    let connected = |waiting| TeamStatus::Connected {
        user: "alice".into(),
        database: "acme".into(),
        waiting,
    };
    let signed_out = |waiting| TeamStatus::SignedOut {
        user: "alice".into(),
        waiting,
    };
    let cases = [
        (connected(0), "Team sync: connected to acme as alice."),
        (connected(1), "Team sync: connected to acme as alice, sending 1 change."),
        (connected(7), "Team sync: connected to acme as alice, sending 7 changes."),
        (
            TeamStatus::Offline { waiting: 0 },
            "Team sync: offline. Nothing waits to be sent; changes made now are saved here and sent when the server answers.",
        ),
        (
            TeamStatus::Offline { waiting: 1 },
            "Team sync: offline, 1 change waiting. It is saved here and sent when the server answers.",
        ),
        (
            TeamStatus::Offline { waiting: 2 },
            "Team sync: offline, 2 changes waiting. They are saved here and sent when the server answers.",
        ),
        (
            signed_out(0),
            "Team sync: alice is signed out. Sign in again in Settings.",
        ),
        (
            signed_out(1),
            "Team sync: alice is signed out, 1 change waiting. Sign in again in Settings to send it.",
        ),
        (
            signed_out(3),
            "Team sync: alice is signed out, 3 changes waiting. Sign in again in Settings to send them.",
        ),
        (
            TeamStatus::Off,
            "Not shared: this workspace is in this browser only.",
        ),
    ];
    for (status, sentence) in cases {
        assert_eq!(status.sentence(), sentence, "{status:?}");
    }
}
