//! Helpers that let browser tests read like a script: mount, click, wait for text.

use gloo_timers::future::TimeoutFuture;
use leptos::mount::mount_to;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, Node};

use packwright::ui::AppWithDatabase;

/// How long a test waits for the page to show what it expects.
const PATIENCE_MS: u32 = 5_000;
const POLL_MS: u32 = 20;

/// The app mounted into a `<section>` of its own; dropping it unmounts and removes it.
pub struct MountedApp {
    root: HtmlElement,
    /// The parent of the app's reactive owner. Dropping the mount handle alone leaves
    /// the router's window listeners behind while anything still holds the app's owner,
    /// and those would swallow the next test's clicks; cleaning this up removes them.
    owner: Owner,
    handle: Option<UnmountHandle<<AnyView as leptos::tachys::view::Render>::State>>,
}

thread_local! {
    static NEXT_DATABASE: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// A database name no other test in this run uses.
pub fn fresh_database_name() -> String {
    let serial = NEXT_DATABASE.with(|next| {
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

    /// Mounts the app on the named database, for tests that prepare it first.
    pub async fn mount_on(database: String) -> MountedApp {
        let document = document();
        let root: HtmlElement = document.create_element("section").unwrap().unchecked_into();
        document.body().unwrap().append_child(&root).unwrap();
        let owner = Owner::new();
        let handle = owner.with(|| {
            mount_to(root.clone(), move || {
                view! { <AppWithDatabase database=database.clone() /> }.into_any()
            })
        });
        TimeoutFuture::new(0).await;
        MountedApp {
            root,
            owner,
            handle: Some(handle),
        }
    }

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
                panic!("expected {selector} to contain {text:?}, found {found:?}");
            }
            TimeoutFuture::new(POLL_MS).await;
            waited += POLL_MS;
        }
    }

    pub fn text_of(&self, selector: &str) -> Option<String> {
        self.root
            .query_selector(selector)
            .ok()
            .flatten()
            .and_then(|element| element.text_content())
    }

    /// Types `text` into the input matching `selector`, as a person would.
    pub fn type_into(&self, selector: &str, text: &str) {
        let input: web_sys::HtmlInputElement = self
            .root
            .query_selector(selector)
            .unwrap()
            .unwrap_or_else(|| panic!("no input {selector}"))
            .unchecked_into();
        input.set_value(text);
        let event = web_sys::Event::new_with_event_init_dict("input", &{
            let init = web_sys::EventInit::new();
            init.set_bubbles(true);
            init
        })
        .unwrap();
        input.dispatch_event(&event).unwrap();
    }

    /// Clicks the button whose text is exactly `text`.
    pub async fn click_button(&self, text: &str) {
        self.click_element("button", text).await;
    }

    /// Clicks the link whose text is exactly `text`.
    pub async fn click_link(&self, text: &str) {
        self.click_element("a", text).await;
    }

    async fn click_element(&self, selector: &str, text: &str) {
        let candidates = self.root.query_selector_all(selector).unwrap();
        let element = (0..candidates.length())
            .filter_map(|index| candidates.item(index))
            .find(|node: &Node| {
                node.text_content()
                    .is_some_and(|content| content.trim() == text)
            })
            .unwrap_or_else(|| panic!("no {selector} named {text:?}"));
        element.unchecked_into::<HtmlElement>().click();
        TimeoutFuture::new(0).await;
    }
}

impl Drop for MountedApp {
    fn drop(&mut self) {
        self.handle.take();
        self.owner.cleanup();
        self.root.remove();
    }
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

pub fn current_path() -> String {
    web_sys::window().unwrap().location().pathname().unwrap()
}
