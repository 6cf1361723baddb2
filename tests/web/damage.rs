//! Damaged stored records, each kind corrupted in place: the app says which record, never
//! panics, exports what can still be read, and a reset (or an import) repairs it. A
//! history index out of step with the log is found and built again.

use wasm_bindgen_test::wasm_bindgen_test;

use packwright::domain::PackId;
use packwright::store::mentions::{mentions_of, Mention};
use packwright::store::records::snapshot_json;
use packwright::store::{Head, Store};

use crate::store::{save_all, tour};
use crate::web_support::{delete_raw, fresh_database_name, go_to, put_raw, Key, MountedApp};

/// A database holding the tour, one batch per command, with a snapshot halfway: the
/// batches after it are what start-up replays.
async fn toured_database() -> (String, Head) {
    let tour = tour();
    let name = fresh_database_name();
    let store = Store::open(&name).await.unwrap();
    let half = tour.batches.len() / 2;
    let head = save_all(&store, &tour.batches[..half]).await;
    let halfway = packwright::domain::Workspace::replay(&tour.batches[..half].concat());
    store
        .save_snapshot(head.revision, snapshot_json(head.revision, &halfway))
        .await
        .unwrap();
    let mut head = head;
    for batch in &tour.batches[half..] {
        head = store.append(head.revision, batch, None).await.unwrap();
    }
    drop(store);
    (name, head)
}

/// Each record kind damaged in place: what the banner must name, and how many events the
/// export of what can still be read keeps.
#[wasm_bindgen_test]
async fn each_damaged_record_is_named_and_export_then_reset_is_the_way_out() {
    let tour = tour();
    let total: usize = tour.batches.iter().map(Vec::len).sum();
    let last = tour.batches.len() as u32;
    let before_last: usize = tour.batches[..tour.batches.len() - 1]
        .iter()
        .map(Vec::len)
        .sum();
    let cases: [(&str, &str, usize); 3] = [
        (
            "a truncated batch",
            "the change saved as revision",
            before_last,
        ),
        (
            "a snapshot that does not parse",
            "the saved snapshot of the workspace",
            total,
        ),
        (
            "a head past the log",
            "the head says the history runs",
            total,
        ),
    ];
    for (what, named, salvaged) in cases {
        let (name, head) = toured_database().await;
        match what {
            "a truncated batch" => {
                let text = serde_json::to_string(&tour.batches[last as usize - 1]).unwrap();
                put_raw(
                    &name,
                    "events",
                    Key::Revision(last),
                    text[..text.len() / 2].to_owned(),
                )
                .await;
            }
            "a snapshot that does not parse" => {
                put_raw(
                    &name,
                    "snapshots",
                    Key::Name("latest".into()),
                    "{\"revision\": 3, \"workspace\": {".to_owned(),
                )
                .await;
            }
            _ => {
                let past = Head {
                    revision: head.revision + 5,
                    ..head
                };
                put_raw(
                    &name,
                    "meta",
                    Key::Name("head".into()),
                    serde_json::to_string(&past).unwrap(),
                )
                .await;
            }
        }
        go_to("/settings");
        let app = MountedApp::mount_on(name.clone()).await;
        app.wait_for_text(
            "[data-testid=status-banner]",
            "Stored data could not be read",
        )
        .await;
        app.wait_for_text("[data-testid=status-banner]", named)
            .await;
        assert!(
            app.text_of("[data-testid=status-banner]")
                .unwrap()
                .contains("export what can still be read"),
            "{what}: the way out is said"
        );

        // Nothing can be changed meanwhile, and saying so is a sentence.
        app.type_into("#zone-input", "Europe/Berlin");
        app.click_button("Save time zone").await;
        app.wait_for_text(".notice-error", "Stored data could not be read")
            .await;

        // What can still be read is exported: the longest readable run of the log.
        let store = Store::open(&name).await.unwrap();
        let salvage = store.salvage().await.unwrap();
        drop(store);
        assert_eq!(
            salvage.file.events.len(),
            salvaged,
            "{what}: events salvaged"
        );
        app.click_button("Export workspace").await;
        app.wait_for_any(".notice", "Exported the workspace as")
            .await;

        // A reset repairs it, and the next change saves.
        app.click_button("Reset workspace").await;
        app.click_button("Erase everything").await;
        app.wait_for_any(".notice", "The workspace is empty.").await;
        assert_eq!(
            app.count("[data-testid=status-banner]"),
            0,
            "{what}: repaired"
        );
        app.type_into("#zone-input", "Europe/Berlin");
        app.click_button("Save time zone").await;
        app.wait_for_text("[data-testid=publisher-zone]", "Europe/Berlin")
            .await;
        drop(app);
    }
}

/// The history index out of step with the log, both ways: keys of the newest batch
/// missing (found at start-up), and a key pointing at a batch that does not mention its
/// pack (found by a filtered read). Each time it is built again and the banner says so.
#[wasm_bindgen_test]
async fn a_history_index_out_of_step_is_built_again_and_said() {
    let tour = tour();
    let (name, head) = toured_database().await;
    for mention in mentions_of(tour.batches.last().unwrap()) {
        delete_raw(&name, "mentions", mention.key(head.revision)).await;
    }
    go_to("/activity");
    let app = MountedApp::mount_on(name.clone()).await;
    app.wait_for_text("[data-testid=background-problem]", "history index")
        .await;
    drop(app);
    let store = Store::open(&name).await.unwrap();
    for mention in mentions_of(tour.batches.last().unwrap()) {
        assert!(
            store
                .revisions_mentioning(&[mention], u32::MAX)
                .await
                .unwrap()
                .contains(&head.revision),
            "{mention:?} is indexed again"
        );
    }
    drop(store);

    // A stray key: the first batch (the zone) said to mention the pack "Order Sync".
    let pack = tour
        .workspace
        .packs()
        .find(|pack| pack.name == "Order Sync")
        .map(|pack| pack.id)
        .unwrap_or(PackId(0));
    put_raw(
        &name,
        "mentions",
        Key::Name(Mention::Pack(pack).key(1)),
        String::new(),
    )
    .await;
    go_to("/activity");
    let app = MountedApp::mount_on(name.clone()).await;
    app.wait_for_text("[data-testid=activity] li", "").await;
    app.select("#activity-pack", "Order Sync").await;
    app.wait_for_text("[data-testid=background-problem]", "history index")
        .await;
    // Its oldest sentence is its creation, under its first name.
    app.wait_for_text(
        "[data-testid=activity] li:last-child",
        "Integration pack Orders created",
    )
    .await;
    assert!(
        !app.text_of("[data-testid=activity]")
            .unwrap()
            .contains("time zone"),
        "the zone's change is not among the pack's"
    );
}
