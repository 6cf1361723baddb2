//! The few things the UI asks the browser directly: the real time, the browser's zone and
//! the path the app is served under.

use chrono::{DateTime, Utc};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, Url};

use crate::domain::PublisherZone;

/// The real time according to the browser.
pub fn real_now() -> DateTime<Utc> {
    let millis = js_sys::Date::now() as i64;
    DateTime::from_timestamp_millis(millis).unwrap_or_default()
}

/// The zone the browser runs in, when it names one Packwright knows.
pub fn browser_zone() -> Option<PublisherZone> {
    let format = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new());
    let options = format.resolved_options();
    let name = js_sys::Reflect::get(&options, &JsValue::from_str("timeZone")).ok()?;
    PublisherZone::parse(&name.as_string()?).ok()
}

/// The revision this browser's database had reached when last seen, kept in
/// `localStorage`, beside IndexedDB and not in it: a browser that finds its IndexedDB
/// damaged (Chromium does after a write the full disk cut short) deletes the database and
/// starts a blank one, and only something kept elsewhere can tell that from a first visit.
pub fn remembered_revision(database: &str) -> Option<u32> {
    let storage = web_sys::window()?.local_storage().ok()??;
    storage
        .get_item(&revision_key(database))
        .ok()??
        .parse()
        .ok()
}

/// Keeps `revision` as this browser's database's (see `remembered_revision`). A browser
/// that refuses (no room, storage turned off) leaves the last one kept.
pub fn remember_revision(database: &str, revision: u32) {
    if let Some(Ok(Some(storage))) = web_sys::window().map(|window| window.local_storage()) {
        let _ = storage.set_item(&revision_key(database), &revision.to_string());
    }
}

fn revision_key(database: &str) -> String {
    format!("packwright-revision:{database}")
}

/// The path the app is served under, from the `<base href>` index.html's first script
/// writes (`/` for a host's root, `/tools/packwright/` for a sub-path), without its final
/// slash. Pages without one (the browser tests' runner) route from the root.
pub fn router_base() -> String {
    let href = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.query_selector("base[href]").ok().flatten())
        .and_then(|base| base.get_attribute("href"))
        .unwrap_or_default();
    href.trim_end_matches('/').to_owned()
}

/// Makes the browser download `text` as a file called `name` of `media_type`.
pub fn download(name: &str, media_type: &str, text: &str) -> Result<(), String> {
    let failed = |_: JsValue| "The browser refused to save the file.".to_owned();
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = BlobPropertyBag::new();
    options.set_type(media_type);
    let blob = Blob::new_with_str_sequence_and_options(&parts, &options).map_err(failed)?;
    let url = Url::create_object_url_with_blob(&blob).map_err(failed)?;
    let document = web_sys::window()
        .and_then(|window| window.document())
        .ok_or("No document to download from.")?;
    let link: HtmlAnchorElement = document
        .create_element("a")
        .map_err(failed)?
        .unchecked_into();
    link.set_href(&url);
    link.set_download(name);
    link.click();
    Url::revoke_object_url(&url).map_err(failed)
}
