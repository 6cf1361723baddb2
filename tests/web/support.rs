//! Helpers that let browser tests read like a script: mount, type, click, wait for text.
//! Every query stays inside the test's own mounted app, or inside one card of it.

use std::ops::Deref;

use gloo_timers::future::TimeoutFuture;
use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use leptos::mount::mount_to;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{
    Element, EventInit, HtmlElement, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement,
};

use chrono::{DateTime, Utc};
use packwright::domain::command::{
    AddAccountToGroup, AddMember, AddPackToGroup, CreateAccount, CreateComponent, CreateGroup,
    CreatePack, CreatePackage, Install, ReleasePack, SetClock,
};
use packwright::domain::model::{
    ComponentKind, DeploymentModel, InstallationType, ReleaseSchedule, SharedComponent,
};
use packwright::domain::{
    decide, queries, AccountId, Clock, Command, ComponentId, Event, GroupId, PackId, Workspace,
};
use packwright::store::{Store, WorkspaceFile};
use packwright::ui::AppWithDatabase;

/// How long a test waits for the page to show what it expects.
const PATIENCE_MS: u32 = 5_000;
const POLL_MS: u32 = 20;

/// A part of the page that queries stay inside.
#[derive(Clone)]
pub struct Scope {
    root: Element,
}

/// The app mounted into a `<section>` of its own; dropping it unmounts and removes it.
/// A failing test never drops it (a panic aborts in wasm32): the app is then torn down
/// when the next test mounts one (see `LIVE`), so one failure takes no other test down.
pub struct MountedApp {
    scope: Scope,
    serial: u32,
}

type MountHandle = UnmountHandle<<AnyView as leptos::tachys::view::Render>::State>;

/// What a mounted app holds on to until it is torn down.
struct Mounted {
    root: Element,
    /// The parent of the app's reactive owner. Dropping the mount handle alone leaves
    /// the router's window listeners behind while anything still holds the app's owner,
    /// and those would swallow the next test's clicks; cleaning this up removes them, and
    /// with them the app's timers, tasks and tab channel.
    owner: Owner,
    handle: MountHandle,
}

impl Mounted {
    fn tear_down(self) {
        drop(self.handle);
        self.owner.cleanup();
        self.root.remove();
    }
}

thread_local! {
    static NEXT_SERIAL: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
    /// Every app mounted and not yet torn down, by serial.
    static LIVE: std::cell::RefCell<std::collections::BTreeMap<u32, Mounted>> =
        const { std::cell::RefCell::new(std::collections::BTreeMap::new()) };
    /// Set by the panic hook: the apps in `LIVE` belong to a test that failed and will
    /// never drop them.
    static ABANDONED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Marks the live apps as abandoned when a test panics. Tearing them down in the hook
/// itself could meet the reactive system mid-update; the next mount does it instead.
fn watch_for_failures() {
    static WATCHING: std::sync::Once = std::sync::Once::new();
    WATCHING.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            ABANDONED.with(|abandoned| abandoned.set(true));
            previous(info);
        }));
    });
}

/// Tears down the apps a failed test left mounted.
fn tear_down_abandoned() {
    if !ABANDONED.with(|abandoned| abandoned.replace(false)) {
        return;
    }
    let left: Vec<Mounted> = LIVE.with(|live| {
        std::mem::take(&mut *live.borrow_mut())
            .into_values()
            .collect()
    });
    for mounted in left {
        mounted.tear_down();
    }
}

/// A database name no other test in this run uses.
pub fn fresh_database_name() -> String {
    let serial = NEXT_SERIAL.with(|next| {
        let value = next.get();
        next.set(value + 1);
        value
    });
    format!("packwright-test-{}-{serial}", js_sys::Date::now() as u64)
}

impl MountedApp {
    pub async fn mount() -> MountedApp {
        MountedApp::mount_on(fresh_database_name()).await
    }

    /// Mounts the app on the named database, for tests that prepare it first or reload.
    pub async fn mount_on(database: String) -> MountedApp {
        watch_for_failures();
        tear_down_abandoned();
        let document = document();
        let root: HtmlElement = document.create_element("section").unwrap().unchecked_into();
        document.body().unwrap().append_child(&root).unwrap();
        let owner = Owner::new();
        let handle = owner.with(|| {
            mount_to(root.clone(), move || {
                view! { <AppWithDatabase database=database.clone() /> }.into_any()
            })
        });
        let serial = NEXT_SERIAL.with(|next| {
            let value = next.get();
            next.set(value + 1);
            value
        });
        LIVE.with(|live| {
            live.borrow_mut().insert(
                serial,
                Mounted {
                    root: root.clone().into(),
                    owner,
                    handle,
                },
            )
        });
        TimeoutFuture::new(0).await;
        MountedApp {
            scope: Scope { root: root.into() },
            serial,
        }
    }
}

impl Deref for MountedApp {
    type Target = Scope;

    fn deref(&self) -> &Scope {
        &self.scope
    }
}

impl Drop for MountedApp {
    fn drop(&mut self) {
        if let Some(mounted) = LIVE.with(|live| live.borrow_mut().remove(&self.serial)) {
            mounted.tear_down();
        }
    }
}

impl Scope {
    /// Waits until the first element matching `selector` contains `text`.
    pub async fn wait_for_text(&self, selector: &str, text: &str) {
        self.wait_for_text_within(selector, text, PATIENCE_MS).await;
    }

    /// Waits at most `patience_ms` for the first element matching `selector` to contain `text`.
    pub async fn wait_for_text_within(&self, selector: &str, text: &str, patience_ms: u32) {
        let mut waited = 0;
        loop {
            let found = self.text_of(selector);
            if found.as_deref().is_some_and(|found| found.contains(text)) {
                return;
            }
            if waited >= patience_ms {
                panic!(
                    "expected {selector} to contain {text:?}, found {found:?}; around it: {:?}",
                    self.root.text_content()
                );
            }
            TimeoutFuture::new(POLL_MS).await;
            waited += POLL_MS;
        }
    }

    /// Waits until some element matching `selector` contains `text`, and returns it.
    pub async fn wait_for_any(&self, selector: &str, text: &str) -> Scope {
        let mut waited = 0;
        loop {
            if let Some(found) = self.all(selector).into_iter().find(|element| {
                element
                    .text_content()
                    .is_some_and(|content| content.contains(text))
            }) {
                return Scope { root: found };
            }
            if waited >= PATIENCE_MS {
                panic!(
                    "no {selector} contains {text:?}; the page says: {:?}",
                    self.root.text_content()
                );
            }
            TimeoutFuture::new(POLL_MS).await;
            waited += POLL_MS;
        }
    }

    /// The card (`.card`) whose heading is `title`.
    pub async fn card(&self, title: &str) -> Scope {
        let mut waited = 0;
        loop {
            let found = self.all(".card").into_iter().find(|card| {
                card.query_selector("h2")
                    .ok()
                    .flatten()
                    .and_then(|heading| heading.text_content())
                    .is_some_and(|heading| heading.trim() == title)
            });
            if let Some(card) = found {
                return Scope { root: card };
            }
            if waited >= PATIENCE_MS {
                panic!(
                    "no card titled {title:?}; the page says: {:?}",
                    self.root.text_content()
                );
            }
            TimeoutFuture::new(POLL_MS).await;
            waited += POLL_MS;
        }
    }

    /// The first element matching `selector`, waiting for it, as a scope of its own.
    pub async fn scope_of(&self, selector: &str) -> Scope {
        let mut waited = 0;
        loop {
            if let Some(root) = self.root.query_selector(selector).ok().flatten() {
                return Scope { root };
            }
            if waited >= PATIENCE_MS {
                panic!(
                    "nothing matches {selector}; the page says: {:?}",
                    self.root.text_content()
                );
            }
            TimeoutFuture::new(POLL_MS).await;
            waited += POLL_MS;
        }
    }

    /// The button whose text is exactly `text`, which must be there.
    pub fn button(&self, text: &str) -> Element {
        self.all("button")
            .into_iter()
            .find(|button| {
                button
                    .text_content()
                    .is_some_and(|content| content.trim() == text)
            })
            .unwrap_or_else(|| panic!("no button named {text:?}"))
    }

    /// What the input matching `selector` holds.
    pub fn value_of(&self, selector: &str) -> String {
        self.root
            .query_selector(selector)
            .ok()
            .flatten()
            .unwrap_or_else(|| panic!("nothing matches {selector}"))
            .unchecked_into::<web_sys::HtmlInputElement>()
            .value()
    }

    pub fn text_of(&self, selector: &str) -> Option<String> {
        self.root
            .query_selector(selector)
            .ok()
            .flatten()
            .and_then(|element| element.text_content())
    }

    pub fn text(&self) -> String {
        self.root.text_content().unwrap_or_default()
    }

    pub fn count(&self, selector: &str) -> u32 {
        self.root
            .query_selector_all(selector)
            .map(|found| found.length())
            .unwrap_or(0)
    }

    pub fn all(&self, selector: &str) -> Vec<Element> {
        let found = self.root.query_selector_all(selector).unwrap();
        (0..found.length())
            .filter_map(|index| found.item(index))
            .filter_map(|node| node.dyn_into::<Element>().ok())
            .collect()
    }

    fn one(&self, selector: &str) -> Element {
        self.root
            .query_selector(selector)
            .unwrap()
            .unwrap_or_else(|| panic!("nothing matches {selector}"))
    }

    /// Types `text` into the input or text area matching `selector`, as a person would.
    pub fn type_into(&self, selector: &str, text: &str) {
        let element = self.one(selector);
        if let Some(input) = element.dyn_ref::<HtmlInputElement>() {
            input.set_value(text);
        } else if let Some(area) = element.dyn_ref::<HtmlTextAreaElement>() {
            area.set_value(text);
        } else {
            panic!("{selector} is not a text field");
        }
        dispatch(&element, "input");
    }

    /// Chooses `files` (name and text) in the file input inside the label whose text
    /// starts with `label`, as a person picking them in the browser's dialog would.
    pub async fn pick_files(&self, label: &str, files: &[(&str, &str)]) {
        let label = self
            .all("label")
            .into_iter()
            .find(|element| {
                element
                    .text_content()
                    .is_some_and(|text| text.trim().starts_with(label))
            })
            .unwrap_or_else(|| panic!("no label {label:?}"));
        let input = label
            .query_selector("input[type=file]")
            .unwrap()
            .unwrap_or_else(|| panic!("the label {label:?} holds no file input"));
        let names = js_sys::Array::new();
        let texts = js_sys::Array::new();
        for (name, text) in files {
            names.push(&(*name).into());
            texts.push(&(*text).into());
        }
        // `DataTransfer` is how a page may set an input's files; web-sys would need two
        // more features in the app's build for this one test helper.
        let pick = js_sys::Function::new_with_args(
            "input, names, texts",
            "const picked = new DataTransfer();\n\
             names.forEach((name, index) => picked.items.add(new File([texts[index]], name, { type: 'application/json' })));\n\
             input.files = picked.files;\n\
             input.dispatchEvent(new Event('change', { bubbles: true }));",
        );
        pick.call3(&wasm_bindgen::JsValue::NULL, &input, &names, &texts)
            .unwrap();
        TimeoutFuture::new(0).await;
    }

    /// Picks the option labelled `label` in the select matching `selector`, and lets the
    /// page react to it.
    pub async fn select(&self, selector: &str, label: &str) {
        let select: HtmlSelectElement = self.one(selector).unchecked_into();
        let options = select.options();
        let value = (0..options.length())
            .filter_map(|index| options.item(index))
            .find(|option| {
                option
                    .text_content()
                    .is_some_and(|text| text.trim() == label)
            })
            .and_then(|option| option.get_attribute("value"))
            .unwrap_or_else(|| panic!("{selector} has no option {label:?}"));
        select.set_value(&value);
        dispatch(&select, "change");
        TimeoutFuture::new(0).await;
    }

    /// Clicks the element matching `selector` (a checkbox, a radio button…), waiting for it
    /// to appear.
    pub async fn click(&self, selector: &str) {
        let mut waited = 0;
        let element = loop {
            match self.root.query_selector(selector).ok().flatten() {
                Some(element) => break element,
                None if waited >= PATIENCE_MS => panic!("nothing matches {selector}"),
                None => {
                    TimeoutFuture::new(POLL_MS).await;
                    waited += POLL_MS;
                }
            }
        };
        element.unchecked_into::<HtmlElement>().click();
        TimeoutFuture::new(0).await;
    }

    /// Clicks the button whose text is exactly `text`, waiting for it to appear.
    pub async fn click_button(&self, text: &str) {
        self.click_named("button", text).await;
    }

    /// Clicks the link whose text is exactly `text`, waiting for it to appear.
    pub async fn click_link(&self, text: &str) {
        self.click_named("a", text).await;
    }

    async fn click_named(&self, selector: &str, text: &str) {
        let mut waited = 0;
        let element = loop {
            let found = self.all(selector).into_iter().find(|element| {
                element
                    .text_content()
                    .is_some_and(|content| content.trim() == text)
            });
            match found {
                Some(element) => break element,
                None if waited >= PATIENCE_MS => panic!(
                    "no {selector} named {text:?} in: {:?}",
                    self.root.text_content()
                ),
                None => {
                    TimeoutFuture::new(POLL_MS).await;
                    waited += POLL_MS;
                }
            }
        };
        element.unchecked_into::<HtmlElement>().click();
        TimeoutFuture::new(0).await;
    }
}

fn dispatch(element: &Element, kind: &str) {
    let init = EventInit::new();
    init.set_bubbles(true);
    let event = web_sys::Event::new_with_event_init_dict(kind, &init).unwrap();
    element.dispatch_event(&event).unwrap();
}

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// Points the browser at `path` before the app mounts, as a typed address would.
pub fn go_to(path: &str) {
    web_sys::window()
        .unwrap()
        .history()
        .unwrap()
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(path))
        .unwrap();
}

/// The browser's year today, for dates a test needs ahead of the real one.
pub fn real_year() -> u32 {
    js_sys::Date::new_0().get_utc_full_year()
}

pub fn current_path() -> String {
    web_sys::window().unwrap().location().pathname().unwrap()
}

/// Builds a workspace through the engine and stores it, so a test starts mid-story.
pub struct Story {
    pub workspace: Workspace,
    pub events: Vec<Event>,
    /// When the next command happens.
    pub now: DateTime<Utc>,
}

impl Story {
    pub fn new() -> Story {
        Story {
            workspace: Workspace::default(),
            events: Vec::new(),
            now: "2026-11-25T10:00:00Z".parse().unwrap(),
        }
    }

    pub fn run(&mut self, command: Command) -> u32 {
        let events = decide(&self.workspace, command, self.now).expect("story command refused");
        for event in &events {
            self.workspace.apply(event);
        }
        self.events.extend(events);
        self.workspace.next_id() - 1
    }

    pub fn process(&mut self, name: &str, shared: Vec<SharedComponent>) -> ComponentId {
        let component = ComponentId(self.run(Command::CreateComponent(CreateComponent {
            name: name.into(),
            kind: ComponentKind::Process,
        })));
        self.run(Command::CreatePackage(CreatePackage {
            component,
            version: "1.0".into(),
            notes: String::new(),
            shareable: true,
            shared_components: shared,
        }));
        component
    }

    pub fn pack(
        &mut self,
        name: &str,
        installation_type: InstallationType,
        members: &[ComponentId],
    ) -> PackId {
        let pack = PackId(self.run(Command::CreatePack(CreatePack {
            name: name.into(),
            description: String::new(),
            installation_type,
            deployment_model: DeploymentModel::Packaged,
        })));
        for component in members {
            self.run(Command::AddMember(AddMember {
                pack,
                component: *component,
                package: None,
            }));
        }
        pack
    }

    pub fn release(&mut self, pack: PackId) {
        self.release_with(pack, "", ReleaseSchedule::Immediately);
    }

    /// Releases the newest shareable versions with `notes`, immediately or on a date.
    pub fn release_with(&mut self, pack: PackId, notes: &str, schedule: ReleaseSchedule) {
        let versions =
            queries::default_candidate(&self.workspace, self.workspace.pack(pack).unwrap());
        self.run(Command::ReleasePack(ReleasePack {
            pack,
            versions,
            notes: notes.into(),
            schedule,
        }));
    }

    /// A new shareable version of `component`.
    pub fn package(&mut self, component: ComponentId, version: &str) {
        self.run(Command::CreatePackage(CreatePackage {
            component,
            version: version.into(),
            notes: String::new(),
            shareable: true,
            shared_components: Vec::new(),
        }));
    }

    /// A released pack of two processes, "… In" and "… Out", with their components.
    pub fn released_pack_of_two(
        &mut self,
        name: &str,
        installation_type: InstallationType,
    ) -> (PackId, ComponentId, ComponentId) {
        let first = self.process(&format!("{name} In"), Vec::new());
        let second = self.process(&format!("{name} Out"), Vec::new());
        let pack = self.pack(name, installation_type, &[first, second]);
        self.release(pack);
        (pack, first, second)
    }

    /// An account group that carries `pack`.
    pub fn group_offering(&mut self, name: &str, pack: PackId) -> GroupId {
        let group = GroupId(self.run(Command::CreateGroup(CreateGroup { name: name.into() })));
        self.run(Command::AddPackToGroup(AddPackToGroup { group, pack }));
        group
    }

    /// The workspace's simulated clock, set to `at`; later commands happen then.
    pub fn simulate(&mut self, at: &str) {
        self.now = at.parse().unwrap();
        self.run(Command::SetClock(SetClock {
            clock: Clock::Simulated { at: self.now },
        }));
    }

    /// A managed account in `group`, with the pack installed (`name` for multiple
    /// attachments).
    pub fn installed_account(&mut self, name: &str, group: GroupId, pack: PackId) -> AccountId {
        let account =
            AccountId(self.run(Command::CreateAccount(CreateAccount { name: name.into() })));
        self.run(Command::AddAccountToGroup(AddAccountToGroup {
            group,
            account,
        }));
        self.run(Command::Install(Install {
            account,
            pack,
            integration_pack_override_name: None,
        }));
        account
    }

    pub async fn stored(self) -> String {
        database_holding(self.workspace, self.events).await
    }
}

/// A fresh database that holds `workspace` and its `events`, as an import leaves it.
pub async fn database_holding(workspace: Workspace, events: Vec<Event>) -> String {
    let name = fresh_database_name();
    let store = Store::open(&name).await.unwrap();
    store
        .import(&WorkspaceFile::new(workspace, events))
        .await
        .unwrap();
    name
}

/// A key of the app's object stores: revisions for batches, names for the rest.
pub enum Key {
    Revision(u32),
    Name(String),
}

/// Writes `value` under `key` in the object store `store`, as a damaged disk might.
pub async fn put_raw(name: &str, store: &str, key: Key, value: String) {
    let database = Database::open(name).await.unwrap();
    let transaction = database
        .transaction(store)
        .with_mode(TransactionMode::Readwrite)
        .build()
        .unwrap();
    let object_store = transaction.object_store(store).unwrap();
    match key {
        Key::Revision(revision) => {
            object_store
                .put(value)
                .with_key(revision)
                .primitive()
                .unwrap()
                .await
                .unwrap();
        }
        Key::Name(key) => {
            object_store
                .put(value)
                .with_key(key)
                .primitive()
                .unwrap()
                .await
                .unwrap();
        }
    }
    transaction.commit().await.unwrap();
    database.close();
}

pub async fn delete_raw(name: &str, store: &str, key: String) {
    let database = Database::open(name).await.unwrap();
    let transaction = database
        .transaction(store)
        .with_mode(TransactionMode::Readwrite)
        .build()
        .unwrap();
    transaction
        .object_store(store)
        .unwrap()
        .delete(key)
        .primitive()
        .unwrap()
        .await
        .unwrap();
    transaction.commit().await.unwrap();
    database.close();
}
