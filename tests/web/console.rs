//! The console's forms with bad input, multiple attachments, the wizard's refusals, and
//! names that look like markup.

use gloo_timers::future::TimeoutFuture;
use wasm_bindgen_test::wasm_bindgen_test;

use packwright::domain::model::{
    InstallationType, ReleaseSchedule, SharedComponent, SharedComponentKind,
};
use packwright::domain::{queries, AccountId, Command};

use crate::web_support::{go_to, MountedApp, Story};
use packwright::domain::command::{
    AddAccountToGroup, CreateAccount, CreateGroup, CreatePackage, ReleasePack,
};

/// How long a save started by a click takes at most to show, on a busy machine.
const SETTLE_MS: u32 = 1_500;

fn connection(fields: &[&str]) -> Vec<SharedComponent> {
    vec![SharedComponent {
        name: "Salesforce".into(),
        kind: SharedComponentKind::Connection,
        extensible_fields: fields.iter().map(|field| field.to_string()).collect(),
    }]
}

#[wasm_bindgen_test]
async fn a_multiple_attachments_pack_installs_twice_and_refuses_a_duplicate_name() {
    let mut story = Story::new();
    let (pack, _, _) = story.released_pack_of_two("Store Feeds", InstallationType::Multi);
    let group = story.group_offering("Retail", pack);
    let account = AccountId(story.run(Command::CreateAccount(CreateAccount {
        name: "Acme".into(),
    })));
    story.run(Command::AddAccountToGroup(AddAccountToGroup {
        group,
        account,
    }));
    go_to(&format!("/accounts/{account}"));
    let app = MountedApp::mount_on(story.stored().await).await;

    let card = app.card("Store Feeds").await;
    for store in ["Berlin", "Paris"] {
        card.type_into(&format!("#override-{pack}"), store);
        card.click_button("Install").await;
        card.wait_for_text("[data-testid=instances]", store).await;
    }
    card.type_into(&format!("#override-{pack}"), "berlin");
    card.click_button("Install").await;
    card.wait_for_text(
        ".notice-error",
        "Acme already has an instance of Store Feeds called \u{201c}berlin\u{201d}",
    )
    .await;
    assert_eq!(
        card.count("[data-testid=instances] tbody tr"),
        2,
        "the duplicate was not installed"
    );

    card.type_into(&format!("#override-{pack}"), "   ");
    card.click_button("Install").await;
    card.wait_for_text(".notice-error", "give this instance a name")
        .await;
    assert_eq!(card.count("[data-testid=instances] tbody tr"), 2);

    // Uninstalling asks first.
    card.click_button("Uninstall").await;
    card.click_button("Keep it").await;
    // Long enough for an uninstall wrongly started by "Keep it" to be saved and shown.
    TimeoutFuture::new(SETTLE_MS).await;
    assert_eq!(card.count("[data-testid=instances] tbody tr"), 2);
    assert!(
        !app.text().contains("Uninstalled."),
        "keeping it uninstalled nothing"
    );
    card.click_button("Uninstall").await;
    card.click_button("Yes, uninstall").await;
    card.wait_for_text(".notice-ok", "Uninstalled.").await;
    assert_eq!(card.count("[data-testid=instances] tbody tr"), 1);
}

#[wasm_bindgen_test]
async fn the_wizard_refuses_conflicting_extensibility_settings_and_names_the_components() {
    let mut story = Story::new();
    let orders = story.process("Orders In", connection(&["url", "user"]));
    let invoices = story.process("Invoices Out", connection(&["url"]));
    let pack = story.pack("Sales", InstallationType::Single, &[orders, invoices]);
    go_to(&format!("/packs/{pack}/release"));
    let app = MountedApp::mount_on(story.stored().await).await;

    app.wait_for_text(
        "[data-testid=blocking-errors]",
        "Salesforce differs in user",
    )
    .await;
    app.wait_for_text(
        "[data-testid=blocking-errors]",
        "Orders In (1.0) extends url, user",
    )
    .await;
    app.wait_for_text(
        "[data-testid=blocking-errors]",
        "Invoices Out (1.0) extends url",
    )
    .await;
    let next = app
        .all(".wizard-buttons button")
        .into_iter()
        .find(|button| {
            button
                .text_content()
                .is_some_and(|text| text.trim() == "Next")
        })
        .expect("the wizard has a Next button");
    assert!(
        next.has_attribute("disabled"),
        "the wizard does not go on with a blocking error"
    );
}

#[wasm_bindgen_test]
async fn the_release_button_is_offered_only_when_a_release_would_change_something() {
    let mut story = Story::new();
    let orders = story.process("Orders In", Vec::new());
    let pack = story.pack("Sales", InstallationType::Single, &[orders]);
    story.release(pack);
    go_to(&format!("/packs/{pack}"));
    let database = story.stored().await;
    let app = MountedApp::mount_on(database.clone()).await;
    app.wait_for_text("[data-testid=pack-summary]", "Release 1")
        .await;
    assert!(
        !app.text().contains("Release Integration Pack"),
        "nothing would change, so no Release button"
    );
    drop(app);

    go_to("/components");
    let app = MountedApp::mount_on(database).await;
    let card = app.card("Orders In").await;
    card.click_button("Add package version").await;
    card.type_into(
        "[data-testid=add-package] input[placeholder='e.g. 1.2']",
        "1.1",
    );
    card.click_button("Create package").await;
    card.wait_for_text(".notice", "Packaged version 1.1.").await;
    app.click_link("Integration Packs").await;
    app.wait_for_text("[data-testid=pack-list]", "Newer versions available (1)")
        .await;
    app.click_link("Sales").await;
    app.wait_for_text(".page-header", "Release Integration Pack")
        .await;
}

/// A form filled in wrongly: where it is, what is typed, and what must be said.
struct BadInput<'a> {
    area: &'a str,
    button: &'a str,
    fields: Vec<(&'a str, &'a str)>,
    message: &'a str,
    /// What would be on the page had anything been created.
    created: &'a str,
}

#[wasm_bindgen_test]
async fn bad_input_in_every_form_gives_an_inline_message_and_changes_nothing() {
    go_to("/components");
    let app = MountedApp::mount().await;
    let description_too_long = "x".repeat(501);
    let cases = [
        BadInput {
            area: "Packaged Components",
            button: "Create component",
            fields: vec![("#component-name", "   ")],
            message: "The component needs a name",
            created: "[data-testid=component-card]",
        },
        BadInput {
            area: "Integration Packs",
            button: "Create pack",
            fields: vec![
                ("#pack-name", "Orders"),
                ("#pack-description", &description_too_long),
            ],
            message: "it may have at most 500",
            created: "[data-testid=pack-list]",
        },
        BadInput {
            area: "Account Groups",
            button: "Create group",
            fields: vec![("#group-name", "")],
            message: "The account group needs a name",
            created: "[data-testid=group-card]",
        },
        BadInput {
            area: "Managed Accounts",
            button: "Add account",
            fields: vec![("#account-name", " ")],
            message: "The managed account needs a name",
            created: "[data-testid=account-list]",
        },
    ];
    for BadInput {
        area,
        button,
        fields,
        message,
        created,
    } in cases
    {
        app.click_link(area).await;
        app.wait_for_text("h1", area).await;
        for (selector, value) in &fields {
            app.type_into(selector, value);
        }
        app.click_button(button).await;
        app.wait_for_text(".notice-error", message).await;
        assert_eq!(app.count(created), 0, "{area}: nothing was created");
    }

    app.click_link("Settings").await;
    app.type_into("#zone-input", "Mars/Olympus_Mons");
    app.click_button("Save time zone").await;
    app.wait_for_text(".notice-error", "not a time zone Packwright knows")
        .await;
    app.wait_for_text("[data-testid=publisher-zone]", "UTC")
        .await;
    let contact = app.card("Publisher contact").await;
    contact.type_into("#contact-email", "support at example");
    contact.click_button("Save contact").await;
    contact
        .wait_for_text(".notice-error", "is not an e-mail address")
        .await;

    let clock = app.card("Clock").await;
    clock.type_into("#clock-input", "not a time");
    clock.click_button("Set simulated time").await;
    clock
        .wait_for_text(".notice-error", "Enter a date and a time")
        .await;
    assert!(!app.text().contains("Simulated clock"));
}

#[wasm_bindgen_test]
async fn a_name_that_looks_like_markup_is_shown_as_text() {
    go_to("/components");
    let app = MountedApp::mount().await;
    let name = "<img src=x onerror=alert(1)>";
    app.type_into("#component-name", name);
    app.click_button("Create component").await;
    let card = app.card(name).await;
    assert_eq!(card.text_of("h2").unwrap(), name);
    assert_eq!(app.count("img"), 0, "no element was made from the name");
}

#[wasm_bindgen_test]
async fn a_pending_release_is_rescheduled_and_cancelled_from_the_pack_page() {
    let mut story = Story::new();
    let orders = story.process("Orders In", Vec::new());
    let pack = story.pack("Sales", InstallationType::Single, &[orders]);
    story.release(pack);
    story.run(Command::CreatePackage(CreatePackage {
        component: orders,
        version: "1.1".into(),
        notes: String::new(),
        shareable: true,
        shared_components: Vec::new(),
    }));
    let versions =
        queries::default_candidate(&story.workspace, story.workspace.pack(pack).unwrap());
    // Under a simulated clock, so that the dates stay ahead of it on any real day.
    story.simulate("2030-03-04T10:00:00Z");
    let release_on_date = "2030-04-15".parse().unwrap();
    story.run(Command::ReleasePack(ReleasePack {
        pack,
        versions,
        notes: "Faster".into(),
        schedule: ReleaseSchedule::ReleaseOnSpecifiedDate { release_on_date },
    }));
    go_to(&format!("/packs/{pack}"));
    let app = MountedApp::mount_on(story.stored().await).await;

    let pending = app.card("Pending release").await;
    pending
        .wait_for_text("p", "Release 2 is pending for 2030-04-15 (UTC)")
        .await;
    pending.type_into("#reschedule-date", "2030-05-01");
    pending.click_button("Reschedule").await;
    pending
        .wait_for_text(".notice-ok", "Rescheduled to 2030-05-01.")
        .await;
    pending
        .wait_for_text("p", "Release 2 is pending for 2030-05-01 (UTC)")
        .await;

    pending.click_button("Cancel pending release").await;
    pending.click_button("Keep it").await;
    // Long enough for a cancellation wrongly started by "Keep it" to be saved and shown.
    TimeoutFuture::new(SETTLE_MS).await;
    assert!(
        app.text().contains("Release 2 is pending"),
        "keeping it keeps it"
    );
    assert!(
        !app.text().contains("was cancelled"),
        "nothing was cancelled"
    );
    pending.click_button("Cancel pending release").await;
    pending.click_button("Cancel the release").await;
    app.wait_for_text("[data-testid=release-history]", "Cancelled")
        .await;
    assert!(!app.text().contains("Release 2 is pending"));
}

#[wasm_bindgen_test]
async fn accounts_and_groups_are_renamed_from_their_rename_forms() {
    let mut story = Story::new();
    let account = AccountId(story.run(Command::CreateAccount(CreateAccount {
        name: "Alder".into(),
    })));
    story.run(Command::CreateAccount(CreateAccount {
        name: "Bluefin".into(),
    }));
    story.run(Command::CreateGroup(CreateGroup {
        name: "Retail".into(),
    }));
    go_to(&format!("/accounts/{account}"));
    let app = MountedApp::mount_on(story.stored().await).await;
    app.wait_for_text("h1", "Alder").await;
    app.click_button("Rename").await;
    app.type_into("#account-rename", "Bluefin");
    app.click_button("Save name").await;
    app.wait_for_text(".notice-error", "There is already a managed account called")
        .await;
    app.type_into("#account-rename", "Alder Outfitters");
    app.click_button("Save name").await;
    app.wait_for_text("h1", "Alder Outfitters").await;
    app.wait_for_text(".notice-ok", "Renamed the account.")
        .await;
    assert_eq!(
        app.count("#account-rename"),
        0,
        "the form closes once saved"
    );

    app.click_link("Account Groups").await;
    let card = app.card("Retail").await;
    card.click_button("Rename").await;
    card.type_into("input[id^=rename-]", "Retail stores");
    card.click_button("Save name").await;
    app.card("Retail stores")
        .await
        .wait_for_text(".notice-ok", "Renamed the group.")
        .await;
}

/// Every group card follows the workspace: more than a page of them is paged and filtered
/// like the other long lists, and a group created here is shown.
#[wasm_bindgen_test]
async fn a_long_list_of_groups_is_paged_and_filtered_and_a_new_group_is_shown() {
    let mut story = Story::new();
    for index in 0..60 {
        story.run(Command::CreateGroup(CreateGroup {
            name: format!("Region {index:02}"),
        }));
    }
    go_to("/groups");
    let app = MountedApp::mount_on(story.stored().await).await;
    app.wait_for_text("[data-testid=group-count]", "60 of 60 groups")
        .await;
    assert_eq!(app.count("[data-testid=group-card]"), 50);
    assert!(app.text().contains("Page 1 of 2"));

    app.type_into("#group-filter", "region 5");
    app.wait_for_text("[data-testid=group-count]", "10 of 60 groups")
        .await;
    assert_eq!(app.count("[data-testid=group-card]"), 10);
    assert!(app.text().contains("Region 59") && !app.text().contains("Region 49"));

    app.type_into("#group-name", "Harbour");
    app.click_button("Create group").await;
    app.wait_for_text("[data-testid=group-count]", "61 of 61 groups")
        .await;
    app.card("Harbour").await;
    assert_eq!(app.value_of("#group-filter"), "", "the filter is cleared");
    assert!(app.text().contains("Page 2 of 2"));
}

#[wasm_bindgen_test]
async fn a_pack_created_with_the_legacy_deployment_says_so_on_its_page() {
    go_to("/packs");
    let app = MountedApp::mount().await;
    app.wait_for_text("h1", "Integration Packs").await;
    // (The form is drawn a moment after the heading.)
    app.wait_for_text("form", "Create pack").await;
    app.type_into("#pack-name", "Old Orders");
    app.click("input[name=deployment-model]:not(:checked)")
        .await;
    app.click_button("Create pack").await;
    app.wait_for_text(".notice", "Created Old Orders.").await;
    app.click_link("Old Orders").await;
    app.wait_for_text("h1", "Old Orders").await;
    app.wait_for_text(
        "[data-testid=pack-summary]",
        "single attachment · legacy deployment",
    )
    .await;
}

#[wasm_bindgen_test]
async fn a_text_over_its_limit_is_counted_in_red_and_refused_with_a_sentence() {
    go_to("/packs");
    let app = MountedApp::mount().await;
    app.wait_for_text("h1", "Integration Packs").await;
    // (The form is drawn a moment after the heading.)
    app.wait_for_text("form", "Create pack").await;
    app.type_into("#pack-name", "Order Sync");
    app.type_into("#pack-description", &"x".repeat(501));
    app.wait_for_text(".counter", "501 / 500 characters").await;
    assert_eq!(app.count(".counter.counter-over"), 1);
    app.click_button("Create pack").await;
    app.wait_for_text(
        ".notice-error",
        "The description is 501 characters long; it may have at most 500.",
    )
    .await;
    app.type_into("#pack-description", "Keeps orders in step.");
    app.wait_for_text(".counter", "21 / 500 characters").await;
    assert_eq!(app.count(".counter.counter-over"), 0);
}

#[wasm_bindgen_test]
async fn the_first_thing_created_keeps_its_create_card_open_with_what_it_says() {
    go_to("/groups");
    let database = crate::web_support::fresh_database_name();
    let app = MountedApp::mount_on(database.clone()).await;
    app.wait_for_text("h1", "Account Groups").await;
    app.type_into("#group-name", "First of all");
    app.click_button("Create group").await;
    app.card("First of all").await;
    // Something exists now, which folds the card for a later visit; this one still shows
    // the outcome.
    let card = app.all("details.create").remove(0);
    assert!(card.has_attribute("open"), "the create card folded shut");
    assert!(card
        .text_content()
        .unwrap_or_default()
        .contains("Created First of all."));
    drop(app);
    go_to("/groups");
    let later = MountedApp::mount_on(database).await;
    later.card("First of all").await;
    assert!(!later.all("details.create").remove(0).has_attribute("open"));
}
