//! Release day from the screen: paging 20,000 accounts, deep links that wait for the
//! workspace, time that only moves forward (zone changes, the shared clock), the managed
//! account's view of its releases, the install base list, big groups and the activity
//! search.

use chrono::{DateTime, Utc};
use gloo_timers::future::TimeoutFuture;
use wasm_bindgen_test::wasm_bindgen_test;

use packwright::domain::model::{InstallationType, ReleaseSchedule};
use packwright::domain::{
    AccountId, Change, Command, Event, GroupId, PackId, PublisherZone, Workspace,
};

use packwright::store::demo::{large_workspace_shaped, BigPack};

use crate::web_support::{database_holding, fresh_database_name, go_to, MountedApp, Story};
use packwright::domain::command::{
    AddAccountToGroup, CreateAccount, CreateGroup, SetPublisherTimeZone,
};

/// A database holding `count` accounts named `Account 00000`…, written as events directly
/// (the engine's duplicate-name check would make 20,000 creations slow in a debug build).
async fn database_with_accounts(count: u32) -> String {
    let at: DateTime<Utc> = "2026-11-25T10:00:00Z".parse().unwrap();
    let mut workspace = Workspace::default();
    let mut events = Vec::new();
    for index in 0..count {
        let event = Event {
            at,
            change: Change::AccountCreated {
                account: AccountId(workspace.next_id()),
                name: format!("Account {index:05}"),
            },
            by: None,
        };
        workspace.apply(&event);
        events.push(event);
    }
    database_holding(workspace, events).await
}

#[wasm_bindgen_test]
async fn the_accounts_pager_goes_through_20000_accounts_and_back() {
    let database = database_with_accounts(20_000).await;
    go_to("/accounts");
    let app = MountedApp::mount_on(database).await;
    app.wait_for_text("[data-testid=account-count]", "20000 of 20000 accounts")
        .await;
    let pager = app.scope_of(".pager").await;
    pager.wait_for_text("span", "Page 1 of 400").await;
    assert!(
        !pager.text().contains("on:click") && !pager.text().contains("pages()"),
        "the pager shows program text: {}",
        pager.text()
    );
    for page in 2..=400 {
        pager.click_button("Next").await;
        pager
            .wait_for_text("span", &format!("Page {page} of 400"))
            .await;
    }
    app.wait_for_text(
        "[data-testid=account-list] tbody tr:last-child",
        "Account 19999",
    )
    .await;
    assert!(pager.button("Next").has_attribute("disabled"));
    pager.click_button("Previous").await;
    pager.wait_for_text("span", "Page 399 of 400").await;
    app.wait_for_text(
        "[data-testid=account-list] tbody tr:first-child",
        "Account 19900",
    )
    .await;
    assert!(!pager.button("Previous").has_attribute("disabled"));
}

/// A pack installed in 5,001 accounts paints its page first and lists its instances in
/// the next task: the list still comes, complete, and filters.
#[wasm_bindgen_test]
async fn a_pack_with_thousands_of_instances_lists_them_after_its_page_is_shown() {
    let now = "2026-11-25T10:00:00Z".parse().unwrap();
    let large = large_workspace_shaped(5_001, 6, BigPack::InEvery, now).unwrap();
    let database = database_holding(large.workspace, large.events).await;
    go_to("/packs");
    let app = MountedApp::mount_on(database).await;
    app.click_link("Pack 0").await;
    app.wait_for_text("h1", "Pack 0").await;
    assert_eq!(app.count("[data-testid=install-base-chart]"), 1);
    app.wait_for_text("[data-testid=instance-count]", "5001 of 5001 instances")
        .await;
    assert!(!app.text().contains("Listing the installed instances"));
    app.type_into("#instance-account-filter", "account 05000");
    app.wait_for_text("[data-testid=instance-count]", "1 of 5001 instances")
        .await;
    app.wait_for_text("[data-testid=install-list] tbody", "Account 05000")
        .await;
}

#[wasm_bindgen_test]
async fn a_deep_link_shows_loading_until_the_workspace_is_open_never_not_found() {
    let mut story = Story::new();
    let account = AccountId(story.run(Command::CreateAccount(CreateAccount {
        name: "Alder Outfitters".into(),
    })));
    let database = story.stored().await;
    go_to(&format!("/accounts/{account}"));
    let app = MountedApp::mount_on(database).await;
    let mut saw_loading = false;
    for _ in 0..500 {
        let text = app.text();
        assert!(
            !text.contains("not found"),
            "the deep link said not found while opening: {text}"
        );
        saw_loading |= text.contains("Loading the workspace");
        if app.text_of("h1").is_some_and(|h1| h1 == "Alder Outfitters") {
            break;
        }
        TimeoutFuture::new(2).await;
    }
    app.wait_for_text("h1", "Alder Outfitters").await;
    assert!(saw_loading, "nothing said the workspace was loading");
}

#[wasm_bindgen_test]
async fn a_zone_change_that_would_make_a_pending_date_begun_is_previewed_and_refused() {
    let mut story = Story::new();
    // 22:30 UTC on 2030-03-04: in Tokyo it is already the 5th.
    story.simulate("2030-03-04T22:30:00Z");
    let orders = story.process("Orders In", Vec::new());
    let pack = story.pack("Order Sync", InstallationType::Single, &[orders]);
    story.release(pack);
    story.package(orders, "1.1");
    story.release_with(
        pack,
        "",
        ReleaseSchedule::ReleaseOnSpecifiedDate {
            release_on_date: "2030-03-05".parse().unwrap(),
        },
    );
    go_to("/settings");
    let app = MountedApp::mount_on(story.stored().await).await;
    app.wait_for_text("[data-testid=zone-now]", "UTC").await;
    app.wait_for_text("[data-testid=publisher-zone]", "UTC")
        .await;
    assert_eq!(
        app.value_of("#zone-input"),
        "UTC",
        "the field starts at the publisher's zone"
    );

    app.type_into("#zone-input", "Asia/Tokyo");
    app.wait_for_text(
        "[data-testid=zone-preview]",
        "Release 2 of Order Sync (2030-03-05): 2030-03-05 00:00 JST (Asia/Tokyo) · 2030-03-04 15:00 UTC",
    )
    .await;
    app.wait_for_text("[data-testid=zone-preview]", "has already begun there")
        .await;
    app.click_button("Save time zone").await;
    app.wait_for_text(
        ".notice-error",
        "In Asia/Tokyo the scheduled date 2030-03-05 of release 2 of Order Sync has already begun",
    )
    .await;
    app.wait_for_text(".notice-error", "reschedule it").await;
    assert!(app
        .text_of("[data-testid=zone-now]")
        .unwrap()
        .contains("UTC"));

    app.type_into("#zone-input", "America/New_York");
    app.wait_for_text(
        "[data-testid=zone-preview]",
        "2030-03-05 00:00 EST (America/New_York)",
    )
    .await;
    app.click_button("Save time zone").await;
    app.wait_for_text("[data-testid=zone-now]", "America/New_York")
        .await;
}

#[wasm_bindgen_test]
async fn the_simulated_clock_is_shared_by_every_tab_and_never_goes_back() {
    let database = fresh_database_name();
    go_to("/settings");
    let first = MountedApp::mount_on(database.clone()).await;
    let second = MountedApp::mount_on(database).await;
    first.wait_for_text("[data-testid=zone-now]", "UTC").await;
    second.wait_for_text("[data-testid=zone-now]", "UTC").await;

    // Years ahead of the real date, whatever it is: "Use real time" must be refused.
    let ahead = crate::web_support::real_year() + 5;
    let later = format!("{ahead}-01-01 10:00 UTC");
    first.type_into("#clock-input", &format!("{ahead}-01-01T10:00"));
    first.click_button("Set simulated time").await;
    first
        .wait_for_text(".notice-ok", &format!("Simulated time is now {later}"))
        .await;
    second
        .wait_for_text_within(
            "[data-testid=current-time]",
            &format!("Simulated time: {later}"),
            1_000,
        )
        .await;

    second.type_into("#clock-input", &format!("{}-06-01T10:00", ahead - 1));
    second.click_button("Set simulated time").await;
    second
        .wait_for_text(
            ".notice-error",
            &format!("The clock cannot go back to {}-06-01 10:00 UTC", ahead - 1),
        )
        .await;
    second.click_button("Use real time").await;
    second
        .wait_for_text(".notice-error", "The clock cannot go back to")
        .await;
    second
        .wait_for_text(
            "[data-testid=current-time]",
            &format!("Simulated time: {later}"),
        )
        .await;
    first
        .wait_for_text(
            "[data-testid=current-time]",
            &format!("Simulated time: {later}"),
        )
        .await;
}

#[wasm_bindgen_test]
async fn a_managed_account_sees_its_releases_notes_versions_and_when_the_pending_one_applies() {
    let mut story = Story::new();
    story.simulate("2030-03-04T10:00:00Z");
    story.run(Command::SetPublisherTimeZone(SetPublisherTimeZone {
        time_zone: PublisherZone::parse("Europe/Berlin").unwrap(),
    }));
    let orders = story.process("Orders In", Vec::new());
    let invoices = story.process("Invoices Out", Vec::new());
    let pack = story.pack("Order Sync", InstallationType::Single, &[orders, invoices]);
    story.release_with(
        pack,
        "First release for everyone.",
        ReleaseSchedule::Immediately,
    );
    let group = story.group_offering("Retail", pack);
    let account = story.installed_account("Alder Outfitters", group, pack);
    story.package(orders, "1.1");
    story.release_with(
        pack,
        "Faster order sync.",
        ReleaseSchedule::ReleaseOnSpecifiedDate {
            release_on_date: "2030-03-10".parse().unwrap(),
        },
    );
    go_to(&format!("/accounts/{account}"));
    let app = MountedApp::mount_on(story.stored().await).await;
    let current = app.scope_of("[data-testid=current-release]").await;
    current
        .wait_for_text("h3", "Current release: Release 1")
        .await;
    current
        .wait_for_text("p", "First release for everyone.")
        .await;
    current.wait_for_text("ul", "Orders In 1.0").await;
    current.wait_for_text("ul", "Invoices Out 1.0").await;
    let pending = app.scope_of("[data-testid=pending-notes]").await;
    pending
        .wait_for_text("h3", "Pending release: Release 2")
        .await;
    pending.wait_for_text(".prose", "Faster order sync.").await;
    pending.wait_for_text("ul", "Orders In: 1.0 → 1.1").await;
    assert!(
        !pending.text().contains("Invoices Out"),
        "unchanged components are not listed"
    );
    pending
        .wait_for_text(
            "p",
            "2030-03-10 00:00 CET (Europe/Berlin) (2030-03-09 23:00 UTC)",
        )
        .await;
    app.wait_for_text("[data-testid=instances]", "Apply Pending Updates")
        .await;
}

#[wasm_bindgen_test]
async fn the_pack_page_lists_its_install_base_filtered_paged_and_exported() {
    let mut story = Story::new();
    let (pack, _, _) = story.released_pack_of_two("Order Sync", InstallationType::Single);
    let group = story.group_offering("Retail", pack);
    for index in 0..120 {
        story.installed_account(&format!("Store {index:03}"), group, pack);
    }
    go_to(&format!("/packs/{pack}"));
    let app = MountedApp::mount_on(story.stored().await).await;
    app.wait_for_text("[data-testid=instance-count]", "120 of 120 instances")
        .await;
    let list = app.scope_of("[data-testid=install-list]").await;
    list.wait_for_text("tbody tr:first-child", "Store 000")
        .await;
    assert_eq!(list.count("tbody tr"), 50);
    let pager = app
        .scope_of("nav[aria-label='Pages of installed instances']")
        .await;
    pager.click_button("Next").await;
    pager.click_button("Next").await;
    pager.wait_for_text("span", "Page 3 of 3").await;
    list.wait_for_text("tbody tr:last-child", "Store 119").await;

    app.type_into("#instance-account-filter", "store 11");
    app.wait_for_text("[data-testid=instance-count]", "10 of 120 instances")
        .await;
    list.wait_for_text("tbody tr:first-child", "Store 110")
        .await;
    list.wait_for_text("tbody tr:first-child", "Release 1")
        .await;
    app.select("#instance-release-filter", "Release 1").await;
    app.wait_for_text("[data-testid=instance-count]", "10 of 120 instances")
        .await;
    app.click_button("Export CSV").await;
    app.wait_for_text(".notice-ok", "Exported Order Sync install base.csv.")
        .await;
}

#[wasm_bindgen_test]
async fn every_account_of_a_big_group_can_be_found_and_removed() {
    let mut story = Story::new();
    let group = GroupId(story.run(Command::CreateGroup(CreateGroup {
        name: "Everyone".into(),
    })));
    for index in 0..150 {
        let account = AccountId(story.run(Command::CreateAccount(CreateAccount {
            name: format!("Member {index:03}"),
        })));
        story.run(Command::AddAccountToGroup(AddAccountToGroup {
            group,
            account,
        }));
    }
    go_to("/groups");
    let app = MountedApp::mount_on(story.stored().await).await;
    let card = app.card("Everyone").await;
    card.wait_for_any("h3", "Managed accounts (150)").await;
    card.type_into(&format!("#find-member-{group}"), "member 149");
    card.wait_for_text("[data-testid=group-members]", "Member 149")
        .await;
    assert_eq!(card.count("[data-testid=group-members] li"), 1);
    card.click("button[aria-label='Remove Member 149 from the group']")
        .await;
    card.wait_for_any("h3", "Managed accounts (149)").await;
    card.wait_for_text(".notice-ok", "Removed the account from the group.")
        .await;
}

#[wasm_bindgen_test]
async fn the_activity_log_finds_an_account_by_part_of_its_name() {
    let mut story = Story::new();
    for name in ["Alder Outfitters", "Bluefin Grocers", "Cedar & Sons"] {
        story.run(Command::CreateAccount(CreateAccount { name: name.into() }));
    }
    let pack = {
        let orders = story.process("Orders In", Vec::new());
        story.pack("Order Sync", InstallationType::Single, &[orders])
    };
    let _: PackId = pack;
    go_to("/activity");
    let app = MountedApp::mount_on(story.stored().await).await;
    app.wait_for_text(
        "[data-testid=activity]",
        "Managed account Bluefin Grocers created",
    )
    .await;
    app.type_into("#activity-account", "fin gro");
    app.wait_for_text("[data-testid=activity] li:first-child", "Bluefin Grocers")
        .await;
    assert_eq!(app.count("[data-testid=activity] li"), 1);
    assert!(!app
        .text_of("[data-testid=activity]")
        .unwrap()
        .contains("Order Sync"));
}

#[wasm_bindgen_test]
async fn a_rollback_only_release_is_offered_and_labelled_in_the_wizard() {
    let mut story = Story::new();
    let orders = story.process("Orders In", Vec::new());
    story.package(orders, "1.1");
    let pack = story.pack("Order Sync", InstallationType::Single, &[orders]);
    // Release 1 runs the newest version: only going back to 1.0 would change anything.
    story.release(pack);
    go_to(&format!("/packs/{pack}"));
    let app = MountedApp::mount_on(story.stored().await).await;
    app.wait_for_text("[data-testid=pack-summary]", "Release 1")
        .await;
    app.click_link("Release Integration Pack").await;
    app.wait_for_text("h1", "Release Integration Pack").await;
    app.select(&format!("#version-{orders}"), "1.0").await;
    app.wait_for_text("[data-testid=wizard-versions]", "Rollback")
        .await;
    app.click_button("Next").await;
    app.wait_for_text("h2", "2. Checks and impact").await;
}

#[wasm_bindgen_test]
async fn load_demo_asks_first_when_the_workspace_holds_even_one_thing() {
    let mut story = Story::new();
    story.run(Command::CreateAccount(CreateAccount {
        name: "Only One".into(),
    }));
    go_to("/accounts");
    let app = MountedApp::mount_on(story.stored().await).await;
    app.wait_for_text("[data-testid=account-count]", "1 of 1 accounts")
        .await;
    app.click_link("Settings").await;
    app.click_button("Load demo workspace").await;
    app.wait_for_text("[role=alertdialog]", "replaces everything")
        .await;
    app.click_button("Cancel").await;
    // Long enough for a demo wrongly loaded by Cancel to be saved and shown.
    TimeoutFuture::new(1_500).await;
    assert!(!app.text().contains("Loaded the demo workspace"));
    app.click_link("Managed Accounts").await;
    app.wait_for_text("[data-testid=account-count]", "1 of 1 accounts")
        .await;
}

#[wasm_bindgen_test]
async fn history_that_cannot_be_read_is_said_in_the_status_banner() {
    let mut story = Story::new();
    story.run(Command::CreateAccount(CreateAccount {
        name: "Alder Outfitters".into(),
    }));
    let database = story.stored().await;
    // The import stored its events as batch 1 and a snapshot of the same revision: start-up
    // needs only the snapshot, the activity log reads the batch.
    crate::store::put_event_batch(&database, 1, "not json".to_owned()).await;
    go_to("/activity");
    let app = MountedApp::mount_on(database).await;
    app.wait_for_text(
        "[data-testid=background-problem]",
        "The activity log could not be read.",
    )
    .await;
    app.wait_for_text(
        "[data-testid=background-problem]",
        "Stored data could not be read",
    )
    .await;
    app.wait_for_any("p.notice-error", "Stored data could not be read")
        .await;
    app.click_button("Dismiss").await;
    assert_eq!(app.count("[data-testid=background-problem]"), 0);
    // The page reads the log again as the workspace opens, and each read fails the same
    // way: what was dismissed is not shown again.
    TimeoutFuture::new(300).await;
    assert_eq!(app.count("[data-testid=background-problem]"), 0);
}

#[wasm_bindgen_test]
async fn the_activity_log_reads_history_a_page_at_a_time_from_the_newest() {
    // 2,500 events: an import stores them in three batches of up to 1,000.
    let database = database_with_accounts(2_500).await;
    go_to("/activity");
    let app = MountedApp::mount_on(database).await;
    app.wait_for_text(
        "[data-testid=activity] li:first-child",
        "Managed account Account 02499 created",
    )
    .await;
    assert_eq!(app.count("[data-testid=activity] li"), 50);
    app.click_button("Show more (50 shown)").await;
    app.wait_for_text("[data-testid=activity] li:nth-child(100)", "Account 02400")
        .await;
    // A filter that keeps only the oldest batch's events still finds them.
    app.type_into("#activity-account", "account 00007");
    app.wait_for_text(
        "[data-testid=activity] li:first-child",
        "Managed account Account 00007 created",
    )
    .await;
    assert_eq!(app.count("[data-testid=activity] li"), 1);
}
