//! Browser tests: the app mounted in headless Chromium, driven with real DOM events.
//!
//! Each test mounts into an element of its own and queries only inside it, so the tests
//! cannot see each other's DOM, and opens a database of its own.

#![cfg(target_arch = "wasm32")]

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

mod store {
    use chrono::DateTime;
    use wasm_bindgen_test::wasm_bindgen_test;

    use packwright::domain::{Clock, PublisherZone};
    use packwright::store::{ShellSettings, Store};

    use crate::web_support::{fresh_database_name, go_to, MountedApp};

    fn tokyo_on_a_simulated_clock() -> ShellSettings {
        ShellSettings {
            time_zone: PublisherZone::parse("Asia/Tokyo").unwrap(),
            clock: Clock::Simulated {
                at: DateTime::parse_from_rfc3339("2026-12-01T15:00:00Z")
                    .unwrap()
                    .to_utc(),
            },
        }
    }

    #[wasm_bindgen_test]
    async fn a_new_database_has_no_settings_and_keeps_what_is_saved() {
        let name = fresh_database_name();
        let store = Store::open(&name).await.unwrap();
        assert_eq!(store.load_shell_settings().await.unwrap(), None);
        store
            .save_shell_settings(&tokyo_on_a_simulated_clock())
            .await
            .unwrap();
        drop(store);

        let reopened = Store::open(&name).await.unwrap();
        assert_eq!(
            reopened.load_shell_settings().await.unwrap(),
            Some(tokyo_on_a_simulated_clock())
        );
    }

    #[wasm_bindgen_test]
    async fn the_footer_shows_the_saved_zone_and_marks_a_simulated_clock() {
        let name = fresh_database_name();
        let store = Store::open(&name).await.unwrap();
        store
            .save_shell_settings(&tokyo_on_a_simulated_clock())
            .await
            .unwrap();
        drop(store);

        go_to("/");
        let app = MountedApp::mount_on(name).await;
        app.wait_for_text("[data-testid=publisher-zone]", "Asia/Tokyo")
            .await;
        app.wait_for_text(
            "[data-testid=current-time]",
            "Simulated time: 2026-12-02 00:00 JST (Asia/Tokyo)",
        )
        .await;
        app.wait_for_text(".footer", "Simulated clock").await;
    }
}
