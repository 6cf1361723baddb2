//! The IndexedDB store: round trips, restarts, refused writes, migrations, several tabs,
//! export and import.

use std::collections::BTreeSet;

use chrono::{DateTime, TimeDelta, Utc};
use gloo_timers::future::TimeoutFuture;
use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use wasm_bindgen_test::wasm_bindgen_test;

use packwright::domain::integrity::check_integrity;
use packwright::domain::model::{
    ComponentKind, Contact, DeploymentModel, InstallationType, ReleaseSchedule,
};
use packwright::domain::rebase::{Intent, Queued};
use packwright::domain::{
    decide, tick, AccountId, Change, Clock, Command, Event, EventKind, PackId, PublisherZone,
    Workspace,
};
use packwright::store::demo::demo_workspace;
use packwright::store::mentions::{mentions_of, Mention};
use packwright::store::records::snapshot_json;
use packwright::store::team::TeamRecord;
use packwright::store::{CatchUp, Head, ImportError, Store, StoreError, WorkspaceFile};

use crate::web_support::{fresh_database_name, go_to, put_raw, Key, MountedApp};
use packwright::domain::command::{
    AddAccountToGroup, AddMember, AddPackToGroup, ApplyPendingUpdate, CancelPendingRelease,
    CreateAccount, CreateComponent, CreateGroup, CreatePack, CreatePackage, DeleteGroup,
    DeletePack, EditPack, Install, ReleasePack, RemoveAccountFromGroup, RemoveMember,
    RemovePackFromGroup, RenameAccount, RenameGroup, ReschedulePendingRelease, SetPublisherContact,
    SetPublisherTimeZone, Uninstall,
};

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).unwrap().to_utc()
}

/// A workspace built command by command, keeping each command's events as one batch.
pub(crate) struct Tour {
    pub(crate) workspace: Workspace,
    now: DateTime<Utc>,
    pub(crate) batches: Vec<Vec<Event>>,
}

impl Tour {
    fn run(&mut self, command: Command) -> u32 {
        let events = decide(&self.workspace, command, self.now).expect("tour command refused");
        self.keep(events);
        self.now += TimeDelta::minutes(5);
        self.workspace.next_id() - 1
    }

    fn keep(&mut self, events: Vec<Event>) {
        for event in &events {
            self.workspace.apply(event);
        }
        self.batches.push(events);
    }

    fn release(&mut self, pack: PackId, schedule: ReleaseSchedule) {
        let versions = packwright::domain::queries::default_candidate(
            &self.workspace,
            self.workspace.pack(pack).unwrap(),
        );
        self.run(Command::ReleasePack(ReleasePack {
            pack,
            versions,
            notes: "Notes".into(),
            schedule,
        }));
    }

    fn events(&self) -> Vec<Event> {
        self.batches.concat()
    }
}

/// Every kind of event the engine makes, in a plausible order.
pub(crate) fn tour() -> Tour {
    use packwright::domain::{AccountId, ComponentId, GroupId, InstanceId};
    let mut tour = Tour {
        workspace: Workspace::default(),
        now: at("2026-11-25T10:00:00Z"),
        batches: Vec::new(),
    };
    tour.run(Command::SetPublisherTimeZone(SetPublisherTimeZone {
        time_zone: PublisherZone::parse("Europe/Berlin").unwrap(),
    }));
    tour.run(Command::SetPublisherContact(SetPublisherContact {
        contact: Contact {
            name: "Desk".into(),
            email: "desk@example.com".into(),
            phone: String::new(),
        },
    }));
    let sync = ComponentId(tour.run(Command::CreateComponent(CreateComponent {
        name: "Sync".into(),
        kind: ComponentKind::Process,
    })));
    let package = |component, version: &str| {
        Command::CreatePackage(CreatePackage {
            component,
            version: version.into(),
            notes: String::new(),
            shareable: true,
            shared_components: Vec::new(),
        })
    };
    tour.run(package(sync, "1.0"));
    let audit = ComponentId(tour.run(Command::CreateComponent(CreateComponent {
        name: "Audit".into(),
        kind: ComponentKind::Process,
    })));
    tour.run(package(audit, "1.0"));
    let create_pack = |name: &str| {
        Command::CreatePack(CreatePack {
            name: name.into(),
            description: "A pack".into(),
            installation_type: InstallationType::Single,
            deployment_model: DeploymentModel::Packaged,
        })
    };
    let pack = PackId(tour.run(create_pack("Orders")));
    tour.run(Command::AddMember(AddMember {
        pack,
        component: sync,
        package: None,
    }));
    tour.run(Command::AddMember(AddMember {
        pack,
        component: audit,
        package: None,
    }));
    tour.run(Command::RemoveMember(RemoveMember {
        pack,
        component: audit,
    }));
    tour.run(Command::AddMember(AddMember {
        pack,
        component: audit,
        package: None,
    }));
    tour.run(Command::EditPack(EditPack {
        pack,
        name: "Order Sync".into(),
        description: "Orders".into(),
        installation_guide: "Guide".into(),
        user_guide: "Use".into(),
        contact: Contact::default(),
    }));
    tour.release(pack, ReleaseSchedule::Immediately);
    let group = GroupId(tour.run(Command::CreateGroup(CreateGroup {
        name: "Retail".into(),
    })));
    tour.run(Command::RenameGroup(RenameGroup {
        group,
        name: "Retail EU".into(),
    }));
    let account = AccountId(tour.run(Command::CreateAccount(CreateAccount {
        name: "Acme".into(),
    })));
    tour.run(Command::RenameAccount(RenameAccount {
        account,
        name: "Acme Corp".into(),
    }));
    tour.run(Command::AddAccountToGroup(AddAccountToGroup {
        group,
        account,
    }));
    tour.run(Command::AddPackToGroup(AddPackToGroup { group, pack }));
    let instance = InstanceId(tour.run(Command::Install(Install {
        account,
        pack,
        integration_pack_override_name: None,
    })));
    tour.run(package(sync, "1.1"));
    let on = |date: &str| ReleaseSchedule::ReleaseOnSpecifiedDate {
        release_on_date: date.parse().unwrap(),
    };
    tour.release(pack, on("2026-11-28"));
    tour.run(Command::ReschedulePendingRelease(
        ReschedulePendingRelease {
            pack,
            release_on_date: "2026-11-30".parse().unwrap(),
        },
    ));
    tour.run(Command::ApplyPendingUpdate(ApplyPendingUpdate {
        account,
        pack,
        instance: Some(instance),
    }));
    tour.run(Command::CancelPendingRelease(CancelPendingRelease { pack }));
    tour.release(pack, on("2026-11-27"));
    tour.now = at("2026-11-27T08:00:00Z");
    let due = tick(&tour.workspace, tour.now);
    tour.keep(due);
    tour.run(Command::Uninstall(Uninstall { account, instance }));
    tour.run(Command::RemovePackFromGroup(RemovePackFromGroup {
        group,
        pack,
    }));
    tour.run(Command::RemoveAccountFromGroup(RemoveAccountFromGroup {
        group,
        account,
    }));
    tour.run(Command::DeleteGroup(DeleteGroup { group }));
    let temporary = PackId(tour.run(create_pack("Temporary")));
    tour.run(Command::DeletePack(DeletePack { pack: temporary }));
    tour
}

/// Saves every batch of the tour, one transaction each, as the app does.
pub(crate) async fn save_all(store: &Store, batches: &[Vec<Event>]) -> Head {
    let mut head = Head::default();
    for batch in batches {
        head = store.append(head.revision, batch, None).await.unwrap();
    }
    head
}

fn kinds(events: &[Event]) -> BTreeSet<String> {
    events
        .iter()
        .map(|event| {
            format!("{:?}", event.change)
                .split([' ', '{'])
                .next()
                .unwrap()
                .to_owned()
        })
        .collect()
}

#[wasm_bindgen_test]
async fn every_kind_of_event_round_trips_through_the_database() {
    let tour = tour();
    assert_eq!(
        kinds(&tour.events()).len(),
        26,
        "the tour makes every kind of event"
    );
    let store = Store::open(&fresh_database_name()).await.unwrap();
    let head = save_all(&store, &tour.batches).await;
    assert_eq!(head.revision as usize, tour.batches.len());
    let loaded = store.load().await.unwrap();
    assert_eq!(loaded.workspace, tour.workspace);
    assert_eq!(loaded.head, head);
    assert_eq!(store.all_events().await.unwrap(), tour.events());
}

/// A browser that finds its IndexedDB damaged deletes the database and opens a blank one
/// (Chromium does after a write a full disk cut short, `tests/full_disk.rs`): the app
/// cannot bring the workspace back, but it says so instead of showing an empty workspace
/// as if nothing had been there; a first visit says nothing.
#[wasm_bindgen_test]
async fn a_database_the_browser_discarded_is_said_not_shown_as_a_first_visit() {
    let mut story = crate::web_support::Story::new();
    story.run(Command::CreateGroup(CreateGroup {
        name: "Saved before the loss".into(),
    }));
    let name = story.stored().await;
    go_to("/groups");
    let app = MountedApp::mount_on(name.clone()).await;
    app.wait_for_text("main", "Saved before the loss").await;
    assert_eq!(app.count("[data-testid=background-problem]"), 0);
    drop(app);

    Database::delete_by_name(&name).unwrap().await.unwrap();
    let app = MountedApp::mount_on(name.clone()).await;
    app.wait_for_text(
        "[data-testid=background-problem]",
        "This browser no longer holds the workspace Packwright saved here",
    )
    .await;
    assert!(!app.text().contains("Saved before the loss"));
    // Saving again starts the remembered history anew: the next start says nothing.
    app.type_into("#group-name", "Started again");
    app.click_button("Create group").await;
    app.wait_for_any(".notice", "Created Started again.").await;
    drop(app);
    let app = MountedApp::mount_on(name).await;
    app.wait_for_text("main", "Started again").await;
    assert_eq!(app.count("[data-testid=background-problem]"), 0);

    let first_visit = MountedApp::mount().await;
    first_visit.wait_for_text("h1", "Account Groups").await;
    TimeoutFuture::new(50).await;
    assert_eq!(first_visit.count("[data-testid=background-problem]"), 0);
}

#[wasm_bindgen_test]
async fn a_reopened_database_restores_the_snapshot_and_the_batches_after_it() {
    let tour = tour();
    let name = fresh_database_name();
    let store = Store::open(&name).await.unwrap();
    let (first, rest) = tour.batches.split_at(tour.batches.len() / 2);
    let mut head = save_all(&store, first).await;
    let halfway = Workspace::replay(&first.concat());
    store
        .save_snapshot(head.revision, snapshot_json(head.revision, &halfway))
        .await
        .unwrap();
    for batch in rest {
        head = store.append(head.revision, batch, None).await.unwrap();
    }
    drop(store);

    let reopened = Store::open(&name).await.unwrap();
    let loaded = reopened.load().await.unwrap();
    assert_eq!(loaded.head.snapshot_revision, first.len() as u32);
    assert_eq!(loaded.workspace, tour.workspace);
}

#[wasm_bindgen_test]
async fn a_refused_write_leaves_no_trace() {
    let tour = tour();
    let store = Store::open(&fresh_database_name()).await.unwrap();
    let head = save_all(&store, &tour.batches[..3]).await;
    let stale = Head {
        revision: head.revision - 1,
        ..head
    };
    assert_eq!(
        store.append(stale.revision, &tour.batches[3], None).await,
        Err(StoreError::Conflict)
    );
    let loaded = store.load().await.unwrap();
    assert_eq!(loaded.head, head);
    assert_eq!(
        store.all_events().await.unwrap(),
        tour.batches[..3].concat()
    );
}

#[wasm_bindgen_test]
async fn two_handles_on_one_database_see_each_others_changes_and_refuse_a_stale_write() {
    let tour = tour();
    let name = fresh_database_name();
    let first = Store::open(&name).await.unwrap();
    let second = Store::open(&name).await.unwrap();
    let head = first.append(0, &tour.batches[0], None).await.unwrap();
    assert_eq!(
        second.append(0, &tour.batches[1], None).await,
        Err(StoreError::Conflict)
    );
    match second.catch_up(Head::default()).await.unwrap() {
        CatchUp::Events {
            events,
            head: caught_up,
        } => {
            assert_eq!(events, tour.batches[0]);
            assert_eq!(caught_up, head);
        }
        CatchUp::Reload => panic!("expected the events to catch up with"),
    }
    first.reset().await.unwrap();
    assert_eq!(
        second.catch_up(head).await.unwrap(),
        CatchUp::Reload,
        "a reset replaces the history"
    );
}

/// Start-up decodes nothing for a blank database (in the split build, a first visit never
/// fetches the decoders): what it restores is exactly what `load` would, and a database
/// holding anything at all is not blank.
#[wasm_bindgen_test]
async fn a_blank_database_is_restored_without_decoding_and_only_a_blank_one() {
    let store = Store::open(&fresh_database_name()).await.unwrap();
    let blank = store.load_if_blank().await.unwrap();
    assert_eq!(blank, Some(store.load().await.unwrap()));

    save_all(&store, &tour().batches[..1]).await;
    assert_eq!(store.load_if_blank().await.unwrap(), None, "a batch");

    let shared = Store::open(&fresh_database_name()).await.unwrap();
    let record = TeamRecord::new("http://127.0.0.1:5984", "team", "alice", 0);
    shared.save_team(Some(&record)).await.unwrap();
    assert_eq!(shared.load_if_blank().await.unwrap(), None, "a team record");

    let legacy = Store::open(&write_format_1_fixture().await).await.unwrap();
    assert_eq!(
        legacy.load_if_blank().await.unwrap(),
        None,
        "format 1's records"
    );
    legacy.load().await.unwrap();
    assert_eq!(
        legacy.load_if_blank().await.unwrap(),
        None,
        "its snapshot and batches, once its clock is adopted"
    );
}

/// `tests/fixtures/indexeddb-format-1.json` holds the records the format-1 build wrote:
/// a snapshot of a format-1 workspace, its event batch and the clock beside them. The
/// clock is adopted into the workspace as it is opened, before anything is decided: its
/// release scheduled for 2026-11-29 (Berlin) stays pending under the clock of 2026-11-21,
/// whatever today's date.
#[wasm_bindgen_test]
async fn a_database_written_by_the_format_1_build_opens_with_its_history_and_its_clock() {
    let name = write_format_1_fixture().await;

    let store = Store::open(&name).await.unwrap();
    let loaded = store.load().await.unwrap();
    let export = WorkspaceFile::parse(include_str!("../fixtures/export-format-1.json")).unwrap();
    let clock = Clock::Simulated {
        at: at("2026-11-21T08:00:00Z"),
    };
    let mut expected = export.workspace.clone();
    let adoption = packwright::store::legacy::clock_adoption(&export.workspace, clock);
    assert_eq!(
        adoption
            .iter()
            .map(|event| event.kind())
            .collect::<Vec<_>>(),
        [EventKind::Settings],
        "only the clock: nothing came due by 2026-11-21"
    );
    for event in &adoption {
        expected.apply(event);
    }
    assert_eq!(loaded.workspace, expected);
    assert_eq!(loaded.workspace.clock(), clock);
    assert_eq!(
        tick(
            &loaded.workspace,
            loaded.workspace.clock().now(at("2030-01-01T00:00:00Z"))
        ),
        [],
        "whatever the real time, the workspace's own clock decides what is due"
    );
    assert_eq!(loaded.head.revision, 2, "the clock is one saved change");
    drop(store);

    let again = Store::open(&name).await.unwrap().load().await.unwrap();
    assert_eq!(again, loaded, "the clock is adopted once");
}

/// A database holding `tests/fixtures/indexeddb-format-1.json`'s records; its name.
async fn write_format_1_fixture() -> String {
    let fixture: serde_json::Value =
        serde_json::from_str(include_str!("../fixtures/indexeddb-format-1.json")).unwrap();
    let record =
        |store: &str, key: &str| fixture["stores"][store][key].as_str().unwrap().to_owned();
    let name = fresh_database_name();
    write_foreign_database(
        &name,
        2,
        &[
            (
                "meta",
                &[
                    ("head", record("meta", "head")),
                    ("clock", record("meta", "clock")),
                ],
            ),
            ("snapshots", &[("latest", record("snapshots", "latest"))]),
            ("events", &[]),
        ],
    )
    .await;
    put_event_batch(&name, 1, record("events", "1")).await;
    name
}

/// Puts one event batch, keyed by its revision number as the store keys them.
pub async fn put_event_batch(name: &str, revision: u32, batch: String) {
    put_raw(name, "events", Key::Revision(revision), batch).await;
}

/// Writes a database as an older or newer Packwright would have: `version`, with the
/// listed stores and records (all values JSON strings).
async fn write_foreign_database(name: &str, version: u32, stores: &[(&str, &[(&str, String)])]) {
    let store_names: Vec<String> = stores
        .iter()
        .map(|(store, _)| (*store).to_owned())
        .collect();
    let creating = store_names.clone();
    let database = Database::open(name)
        .with_version(version)
        .with_on_upgrade_needed(move |_, database| {
            for store in &creating {
                database.create_object_store(store).build()?;
            }
            Ok(())
        })
        .await
        .unwrap();
    let transaction = database
        .transaction(store_names)
        .with_mode(TransactionMode::Readwrite)
        .build()
        .unwrap();
    for (store, records) in stores {
        let object_store = transaction.object_store(store).unwrap();
        for (key, value) in records.iter() {
            object_store
                .put(value.clone())
                .with_key(*key)
                .primitive()
                .unwrap()
                .await
                .unwrap();
        }
    }
    transaction.commit().await.unwrap();
    database.close();
}

#[wasm_bindgen_test]
async fn a_schema_1_database_from_the_committed_fixture_opens_without_loss() {
    let fixture: serde_json::Value =
        serde_json::from_str(include_str!("../fixtures/schema-v1.json")).unwrap();
    assert_eq!(fixture["version"], 1);
    let settings = fixture["stores"]["meta"]["settings"]
        .as_str()
        .unwrap()
        .to_owned();
    let name = fresh_database_name();
    write_foreign_database(&name, 1, &[("meta", &[("settings", settings)])]).await;

    let store = Store::open(&name).await.unwrap();
    let loaded = store.load().await.unwrap();
    assert_eq!(loaded.workspace.publisher().time_zone.name(), "Asia/Tokyo");
    assert_eq!(
        loaded.workspace.clock(),
        Clock::Simulated {
            at: at("2026-12-01T15:00:00Z")
        },
        "the zone was set by the database's own clock, whatever today's date"
    );
    assert!(!store.is_read_only());
    drop(store);

    let again = Store::open(&name).await.unwrap().load().await.unwrap();
    assert_eq!(again, loaded, "the migration runs once");
}

#[wasm_bindgen_test]
async fn a_database_from_a_newer_packwright_opens_read_only_and_is_never_written() {
    let tour = tour();
    let name = fresh_database_name();
    let head = Head {
        revision: 1,
        snapshot_revision: 1,
        base_revision: 1,
    };
    let snapshot = snapshot_json(1, &tour.workspace);
    let head_json = serde_json::to_string(&head).unwrap();
    write_foreign_database(
        &name,
        7,
        &[
            ("meta", &[("head", head_json)]),
            ("snapshots", &[("latest", snapshot)]),
            ("events", &[]),
        ],
    )
    .await;

    let store = Store::open(&name).await.unwrap();
    assert!(store.is_read_only());
    assert_eq!(
        store.load().await.unwrap().workspace,
        tour.workspace,
        "it is still shown"
    );
    assert_eq!(
        store.append(1, &tour.batches[0], None).await,
        Err(StoreError::ReadOnly)
    );
    assert_eq!(store.reset().await, Err(StoreError::ReadOnly));
    assert!(StoreError::ReadOnly
        .to_string()
        .contains("newer version of Packwright"));
    drop(store);

    let raw = Database::open(&name).await.unwrap();
    assert_eq!(raw.version(), 7.0, "the newer schema was not touched");
}

/// A database the previous build wrote (schema 3: the snapshot as text, of format 4 with
/// its instances as a map) opens, upgraded and writable; what this build stores after it
/// (a snapshot as bytes, of format 5) reads back the same.
#[wasm_bindgen_test]
async fn a_schema_3_database_with_a_text_snapshot_of_format_4_opens_and_is_carried_on() {
    let fixture = include_str!("../fixtures/export-format-4.json");
    let file: serde_json::Value = serde_json::from_str(fixture).unwrap();
    assert_eq!(file["workspace"]["formatVersion"], 4);
    let snapshot = serde_json::json!({ "revision": 1, "workspace": file["workspace"] }).to_string();
    let head = Head {
        revision: 1,
        snapshot_revision: 1,
        base_revision: 1,
    };
    let name = fresh_database_name();
    write_foreign_database(
        &name,
        3,
        &[
            ("meta", &[("head", serde_json::to_string(&head).unwrap())]),
            ("snapshots", &[("latest", snapshot)]),
            ("events", &[]),
            ("mentions", &[]),
        ],
    )
    .await;

    let expected = WorkspaceFile::parse(fixture).unwrap().workspace;
    let store = Store::open(&name).await.unwrap();
    assert!(!store.is_read_only());
    let loaded = store.load().await.unwrap();
    assert_eq!(loaded.workspace, expected);
    assert_eq!(loaded.workspace.instances().count(), 72);

    let mut workspace = loaded.workspace;
    let event = Event {
        at: workspace.newest_event_at().unwrap() + TimeDelta::minutes(1),
        change: Change::AccountCreated {
            account: AccountId(workspace.next_id()),
            name: "Carried On".into(),
        },
        by: None,
    };
    let head = store
        .append(1, std::slice::from_ref(&event), None)
        .await
        .unwrap();
    workspace.apply(&event);
    store
        .save_snapshot(head.revision, snapshot_json(head.revision, &workspace))
        .await
        .unwrap();
    drop(store);

    let reopened = Store::open(&name).await.unwrap();
    let again = reopened.load().await.unwrap();
    assert_eq!(
        again.head.snapshot_revision, 2,
        "the new snapshot was stored"
    );
    assert_eq!(again.workspace, workspace);
    drop(reopened);
    let raw = Database::open(&name).await.unwrap();
    assert_eq!(raw.version(), f64::from(packwright::store::SCHEMA_VERSION));
}

/// A database the previous build wrote (schema 4: the snapshot as UTF-8 bytes, of format 5,
/// with no reports) opens, upgraded and writable, and takes a report on its pending release.
#[wasm_bindgen_test]
async fn a_schema_4_database_with_a_bytes_snapshot_of_format_5_opens_and_takes_a_report() {
    use packwright::domain::command::ReportOnUpdate;
    use packwright::domain::model::Verdict;
    let fixture = include_str!("../fixtures/export-format-5.json");
    let file: serde_json::Value = serde_json::from_str(fixture).unwrap();
    assert_eq!(file["workspace"]["formatVersion"], 5);
    let snapshot = serde_json::json!({ "revision": 1, "workspace": file["workspace"] }).to_string();
    let head = Head {
        revision: 1,
        snapshot_revision: 1,
        base_revision: 1,
    };
    let name = fresh_database_name();
    write_foreign_database(
        &name,
        4,
        &[
            ("meta", &[("head", serde_json::to_string(&head).unwrap())]),
            ("snapshots", &[]),
            ("events", &[]),
            ("mentions", &[]),
        ],
    )
    .await;
    // Schema 4 stored the snapshot as bytes.
    let raw = Database::open(&name).with_version(4u32).await.unwrap();
    let transaction = raw
        .transaction("snapshots")
        .with_mode(TransactionMode::Readwrite)
        .build()
        .unwrap();
    let bytes: wasm_bindgen::JsValue = js_sys::Uint8Array::from(snapshot.as_bytes()).into();
    transaction
        .object_store("snapshots")
        .unwrap()
        .put(bytes)
        .with_key("latest")
        .primitive()
        .unwrap()
        .await
        .unwrap();
    transaction.commit().await.unwrap();
    raw.close();

    let expected = WorkspaceFile::parse(fixture).unwrap().workspace;
    let store = Store::open(&name).await.unwrap();
    assert!(!store.is_read_only());
    let loaded = store.load().await.unwrap();
    assert_eq!(loaded.workspace, expected);
    let mut workspace = loaded.workspace;
    let pack = workspace
        .packs()
        .find(|pack| !pack.early_instances.is_empty())
        .expect("the fixture's pending release has an early applier");
    let instance = workspace
        .instance(*pack.early_instances.iter().next().unwrap())
        .unwrap();
    let events = decide(
        &workspace,
        Command::ReportOnUpdate(ReportOnUpdate {
            account: instance.account,
            instance: instance.id,
            release: pack.pending_release.unwrap(),
            verdict: Verdict::Problem,
            text: "Carried on".into(),
        }),
        workspace.newest_event_at().unwrap() + TimeDelta::minutes(1),
    )
    .unwrap();
    let head = store.append(1, &events, None).await.unwrap();
    for event in &events {
        workspace.apply(event);
    }
    store
        .save_snapshot(head.revision, snapshot_json(head.revision, &workspace))
        .await
        .unwrap();
    drop(store);

    let again = Store::open(&name).await.unwrap().load().await.unwrap();
    assert_eq!(again.workspace, workspace);
    assert!(again.workspace.packs().any(|pack| pack.reports.len() == 1));
    let raw = Database::open(&name).await.unwrap();
    assert_eq!(raw.version(), f64::from(packwright::store::SCHEMA_VERSION));
}

fn demo_file() -> WorkspaceFile {
    let (workspace, events) = demo_workspace(
        at("2026-11-25T10:00:00Z"),
        PublisherZone::parse("Europe/Berlin").unwrap(),
    )
    .unwrap();
    WorkspaceFile::new(workspace, events)
}

#[wasm_bindgen_test]
async fn the_demo_workspace_loads_and_keeps_the_engines_invariants() {
    let store = Store::open(&fresh_database_name()).await.unwrap();
    let demo = demo_file();
    store.import(&demo).await.unwrap();
    let loaded = store.load().await.unwrap();
    assert_eq!(check_integrity(&loaded.workspace), Vec::<String>::new());
    assert_eq!(loaded.workspace, demo.workspace);
    assert_eq!(loaded.workspace.accounts().count(), 40);
}

#[wasm_bindgen_test]
async fn export_then_import_then_export_gives_the_same_bytes() {
    let first = Store::open(&fresh_database_name()).await.unwrap();
    first.import(&demo_file()).await.unwrap();
    let exported = first.export().await.unwrap();
    let second = Store::open(&fresh_database_name()).await.unwrap();
    second
        .import(&WorkspaceFile::parse(&exported).unwrap())
        .await
        .unwrap();
    assert_eq!(second.export().await.unwrap(), exported);
}

#[wasm_bindgen_test]
async fn every_bad_import_is_refused_and_the_database_is_unchanged() {
    let store = Store::open(&fresh_database_name()).await.unwrap();
    store.import(&demo_file()).await.unwrap();
    let before = store.export().await.unwrap();
    let mut broken: serde_json::Value = serde_json::from_str(&before).unwrap();
    broken["workspace"]["packs"]
        .as_object_mut()
        .unwrap()
        .values_mut()
        .next()
        .unwrap()["description"] = "x".repeat(501).into();
    let mut newer: serde_json::Value = serde_json::from_str(&before).unwrap();
    newer["formatVersion"] = 99.into();
    let junk = "\u{0}\u{1}not json at all".repeat(1_000_000);
    let bad_files = [
        ("malformed JSON", "{\"format\": ".to_owned()),
        ("not a workspace", "{\"hello\": \"world\"}".to_owned()),
        ("a newer format", newer.to_string()),
        ("a value out of range", broken.to_string()),
        ("16 MB of junk", junk),
    ];
    for (what, text) in bad_files {
        let error: ImportError = WorkspaceFile::parse(&text).expect_err(what);
        assert!(
            !error.to_string().is_empty(),
            "{what}: the refusal has a sentence"
        );
        assert_eq!(
            store.export().await.unwrap(),
            before,
            "{what} changed the database"
        );
    }
}

#[wasm_bindgen_test]
async fn a_change_saved_in_one_tab_shows_in_the_other_within_a_second() {
    let name = fresh_database_name();
    go_to("/settings");
    let first = MountedApp::mount_on(name.clone()).await;
    let second = MountedApp::mount_on(name).await;
    first.wait_for_text("[data-testid=zone-now]", "UTC").await;
    second
        .wait_for_text("[data-testid=publisher-zone]", "UTC")
        .await;
    first.type_into("#zone-input", "America/Chicago");
    first.click_button("Save time zone").await;
    first
        .wait_for_text(".notice", "Publisher time zone set to America/Chicago")
        .await;
    second
        .wait_for_text_within("[data-testid=publisher-zone]", "America/Chicago", 1_000)
        .await;
}

/// The app itself on the format-1 records: the clock kept beside the workspace becomes the
/// workspace's shared clock once, and the old record is gone.
#[wasm_bindgen_test]
async fn the_app_adopts_the_clock_a_format_1_database_kept_beside_its_workspace() {
    let name = write_format_1_fixture().await;

    go_to("/activity");
    let app = MountedApp::mount_on(name.clone()).await;
    app.wait_for_text(
        "[data-testid=current-time]",
        "Simulated time: 2026-11-21 09:00 CET (Europe/Berlin)",
    )
    .await;
    app.wait_for_text(
        "[data-testid=activity] li:first-child",
        "Simulated clock set to 2026-11-21 09:00 CET (Europe/Berlin)",
    )
    .await;
    drop(app);

    let store = Store::open(&name).await.unwrap();
    let loaded = store.load().await.unwrap();
    assert_eq!(
        loaded.workspace.clock(),
        Clock::Simulated {
            at: at("2026-11-21T08:00:00Z")
        }
    );
}

/// Every pack, account and kind the tour mentions, each looked up in the history index
/// and compared with what its batches say (`mentions_of`, the index's own rule).
#[wasm_bindgen_test]
async fn the_history_index_finds_the_batches_that_mention_a_pack_an_account_or_a_kind() {
    let tour = tour();
    let store = Store::open(&fresh_database_name()).await.unwrap();
    let head = save_all(&store, &tour.batches).await;
    let every: BTreeSet<Mention> = tour.batches.iter().flat_map(mentions_of).collect();
    assert_eq!(
        every.len(),
        10,
        "two packs, an account and every kind: {every:?}"
    );
    for mention in &every {
        let expected: Vec<u32> = (1..=head.revision)
            .rev()
            .filter(|revision| mentions_of(&tour.batches[*revision as usize - 1]).contains(mention))
            .collect();
        let found = store
            .revisions_mentioning(&[*mention], head.revision + 1)
            .await
            .unwrap();
        assert_eq!(found, expected, "{mention:?}");
        let read = store.batches_at(&found).await.unwrap();
        assert!(read
            .iter()
            .all(|batch| mentions_of(batch).contains(mention)));
    }
    // Only below `before`, and the union of several, newest first.
    let all_kinds: Vec<Mention> = every
        .iter()
        .copied()
        .filter(|m| matches!(m, Mention::Kind(_)))
        .collect();
    let below_three = store.revisions_mentioning(&all_kinds, 3).await.unwrap();
    assert_eq!(below_three, [2, 1]);

    // An import re-indexes its batches; a reset empties the index.
    let imported = store.import(&demo_file()).await.unwrap();
    let settings = store
        .revisions_mentioning(&[Mention::Kind(EventKind::Settings)], imported.revision + 1)
        .await
        .unwrap();
    assert_eq!(settings, [imported.base_revision]);
    store.reset().await.unwrap();
    assert_eq!(
        store
            .revisions_mentioning(&every.iter().copied().collect::<Vec<_>>(), u32::MAX)
            .await
            .unwrap(),
        Vec::<u32>::new()
    );
}

/// A database of schema 2 (the format-1 fixture's) has no history index: opening it
/// builds one from its batches, once.
#[wasm_bindgen_test]
async fn a_schema_2_database_gets_its_history_index_when_opened() {
    let name = write_format_1_fixture().await;
    let store = Store::open(&name).await.unwrap();
    let events = store.all_events().await.unwrap();
    let pack = events.iter().find_map(Event::pack).unwrap();
    assert_eq!(
        store
            .revisions_mentioning(&[Mention::Pack(pack)], 2)
            .await
            .unwrap(),
        [1]
    );
    drop(store);
    let again = Store::open(&name).await.unwrap();
    assert_eq!(
        again
            .revisions_mentioning(&[Mention::Pack(pack)], 2)
            .await
            .unwrap(),
        [1]
    );
}

fn replayed(batches: &[Vec<Event>]) -> Workspace {
    Workspace::replay(batches.iter().flatten())
}

fn queued(batch: &[Event]) -> Queued {
    Queued {
        intent: Intent::Tick,
        at: batch[0].at,
        events: batch.to_vec(),
    }
}

#[wasm_bindgen_test]
async fn a_shared_workspace_keeps_its_queue_and_the_teams_workspace_across_restarts_and_rewrites() {
    let tour = tour();
    let batches = &tour.batches;
    let name = fresh_database_name();
    let store = Store::open(&name).await.unwrap();
    // Three batches are in the team's log; two more are saved here and queued.
    let mut head = save_all(&store, &batches[..3]).await;
    let mut record = TeamRecord::new("http://127.0.0.1:5984/", "team", "alice", 3);
    store.save_team(Some(&record)).await.unwrap();
    for batch in &batches[3..5] {
        let change = queued(batch);
        head = store
            .append(head.revision, batch, Some((&record.header(), &change)))
            .await
            .unwrap();
        record.queue.push(change);
    }
    let loaded = Store::open(&name).await.unwrap().load().await.unwrap();
    assert_eq!(loaded.queued.len(), 2, "the queue is read as stored");
    let loaded = loaded.with_queue().unwrap();
    assert_eq!(loaded.team.as_ref(), Some(&record));
    assert_eq!(loaded.team_workspace, Some(replayed(&batches[..3])));
    assert_eq!(loaded.workspace, replayed(&batches[..5]));

    // A teammate saved revision 4 first: it is taken, and the queue decided again on top
    // (here: the second queued change alone is left).
    let mut rebased = TeamRecord::new("http://127.0.0.1:5984", "team", "alice", 4);
    rebased.queue.push(queued(&batches[4]));
    let team_workspace = replayed(&batches[..4]);
    let stale = Head {
        revision: head.revision - 1,
        ..head
    };
    assert_eq!(
        store
            .rewrite_after(
                stale,
                3,
                &batches[3..5],
                Some((4, &team_workspace)),
                &rebased
            )
            .await,
        Err(StoreError::Conflict),
        "a rewrite based on an old head is refused"
    );
    let head = store
        .rewrite_after(
            head,
            3,
            &batches[3..5],
            Some((4, &team_workspace)),
            &rebased,
        )
        .await
        .unwrap();
    assert_eq!(head.revision, 5);
    let loaded = store.load().await.unwrap().with_queue().unwrap();
    assert_eq!(loaded.team.as_ref(), Some(&rebased));
    assert_eq!(loaded.team_workspace.as_ref(), Some(&team_workspace));
    assert_eq!(loaded.workspace, replayed(&batches[..5]));

    // The team's log takes the last one: nothing is queued any more.
    let confirmed = TeamRecord::new("http://127.0.0.1:5984", "team", "alice", 5);
    store.confirm_pushed(&confirmed, 5).await.unwrap();
    let loaded = Store::open(&name).await.unwrap().load().await.unwrap();
    assert!(loaded.queued.is_empty(), "nothing is queued");
    assert_eq!(loaded.team.as_ref(), Some(&confirmed));
    assert_eq!(loaded.team_workspace, Some(replayed(&batches[..5])));

    // Disconnecting forgets the record; the workspace stays.
    store.save_team(None).await.unwrap();
    let loaded = store.load().await.unwrap();
    assert_eq!(loaded.team, None);
    assert_eq!(loaded.workspace, replayed(&batches[..5]));
}

#[wasm_bindgen_test]
async fn a_new_member_adopts_the_teams_snapshot_and_the_batches_after_it() {
    let tour = tour();
    let batches = &tour.batches;
    let store = Store::open(&fresh_database_name()).await.unwrap();
    save_all(&store, &batches[..2]).await;
    // The team's snapshot is at revision 3; its log goes on to revision 6.
    let mut workspace = replayed(&batches[..6]);
    let record = TeamRecord::new("http://127.0.0.1:5984", "team", "bob", 6);
    let head = store
        .adopt(&workspace, 4, &batches[3..6], &record)
        .await
        .unwrap();
    assert_eq!((head.revision, head.base_revision), (6, 4));
    let loaded = store.load().await.unwrap();
    workspace.format_version = loaded.workspace.format_version;
    assert_eq!(loaded.workspace, workspace);
    assert_eq!(loaded.team.as_ref(), Some(&record));
    assert_eq!(
        store.events_between(1, 6).await.unwrap(),
        batches[3..6].concat(),
        "history starts where the team's snapshot left off"
    );

    // The team's earlier history, fetched afterwards, goes before it.
    assert_eq!(
        store.prepend_history(3, 1, &batches[..3]).await,
        Err(StoreError::Conflict),
        "refused when the history no longer starts where it did"
    );
    let head = store.prepend_history(4, 1, &batches[..3]).await.unwrap();
    assert_eq!((head.revision, head.base_revision), (6, 1));
    assert_eq!(
        store.events_between(1, 6).await.unwrap(),
        batches[..6].concat()
    );
    let loaded = store.load().await.unwrap();
    assert_eq!(loaded.workspace, workspace, "the workspace is as it was");
    assert_eq!(loaded.head, head);
}

/// This build is the old tab: a newer Packwright opened in another tab upgrades the
/// database without waiting, and this tab says to reload and saves nothing more.
#[wasm_bindgen_test]
async fn a_newer_packwright_in_another_tab_takes_the_database_and_this_tab_says_to_reload() {
    let name = fresh_database_name();
    go_to("/packs");
    let app = MountedApp::mount_on(name.clone()).await;
    // Shown once the workspace is open (before, what is missing is not known).
    app.wait_for_text("[data-testid=empty-state]", "yet").await;

    // (The browser may report "blocked" for a moment: this tab closes its connection from
    // the versionchange event's task. It must not wait for a person.)
    let opening = Database::open(&name)
        .with_version(packwright::store::SCHEMA_VERSION + 1)
        .with_on_upgrade_needed(|_, _| Ok(()));
    let newer = match futures::future::select(
        Box::pin(async move { opening.await }),
        TimeoutFuture::new(5_000),
    )
    .await
    {
        futures::future::Either::Left((opened, _)) => opened.unwrap(),
        futures::future::Either::Right(_) => panic!("the newer build waited for this tab"),
    };
    app.wait_for_text(
        "[data-testid=status-banner]",
        "A newer version of Packwright was opened in another tab",
    )
    .await;
    app.click_link("Settings").await;
    app.type_into("#zone-input", "Europe/Berlin");
    app.click_button("Save time zone").await;
    app.wait_for_text(".notice-error", "Reload the page to continue")
        .await;
    newer.close();
}

/// This build is the new tab: an older Packwright's tab (schema 2, which never lets go)
/// holds the database; this tab says to close it, and opens the workspace once it goes.
#[wasm_bindgen_test]
async fn an_older_tab_holds_up_the_upgrade_until_it_closes_and_then_the_workspace_opens() {
    let name = write_format_1_fixture().await;
    let older = Database::open(&name).await.unwrap();
    assert_eq!(older.version(), 2.0);
    go_to("/activity");
    let app = MountedApp::mount_on(name.clone()).await;
    app.wait_for_text(
        "[data-testid=status-banner]",
        "Close or reload the other Packwright tabs",
    )
    .await;
    TimeoutFuture::new(300).await;
    assert!(
        app.text()
            .contains("Close or reload the other Packwright tabs"),
        "still waiting"
    );
    older.close();
    app.wait_for_text(
        "[data-testid=current-time]",
        "Simulated time: 2026-11-21 09:00 CET (Europe/Berlin)",
    )
    .await;
    assert_eq!(app.count("[data-testid=status-banner]"), 0);
}

/// A change given while the workspace is still opening waits for it: it is decided on the
/// stored workspace, never on the empty one shown meanwhile (whose ids the stored history
/// already uses: a group created so took id 1 again, and the log no longer replayed).
#[wasm_bindgen_test]
async fn a_change_given_while_the_workspace_opens_is_decided_on_what_was_stored() {
    let mut story = crate::web_support::Story::new();
    story.run(Command::CreateGroup(CreateGroup {
        name: "Stored before".into(),
    }));
    let name = story.stored().await;
    go_to("/groups");
    let app = MountedApp::mount_on(name.clone()).await;
    // At once, before the database has answered.
    app.type_into("#group-name", "Given while opening");
    app.click_button("Create group").await;
    app.wait_for_any(".notice", "Created Given while opening.")
        .await;
    drop(app);

    let store = Store::open(&name).await.unwrap();
    let events = store.all_events().await.unwrap();
    let workspace = packwright::domain::integrity::replay_checked(&events)
        .unwrap_or_else(|problem| panic!("the log does not replay: {problem}"));
    let mut names: Vec<&str> = workspace
        .groups()
        .map(|group| group.name.as_str())
        .collect();
    names.sort();
    assert_eq!(names, ["Given while opening", "Stored before"]);
}
