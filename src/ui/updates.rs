//! The service worker that makes Packwright work offline (`scripts/service-worker.js`),
//! and the notice that a new version is ready.
//!
//! A new deployment installs in the background while the open page keeps running the
//! version it started with. The page then offers a reload; only when the user takes it
//! does the new version take over (and every open tab is told), so no page ever runs a
//! mix of two versions' files.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    RegistrationOptions, ServiceWorker, ServiceWorkerContainer, ServiceWorkerRegistration,
    ServiceWorkerState, ServiceWorkerUpdateViaCache,
};

/// How often an open page asks the host whether there is a newer version; browsers only
/// check on their own when a page is loaded, and a console may stay open for days.
const UPDATE_CHECK_MS: u32 = 60 * 60 * 1000;
/// The first checks of a visit, once the page has settled.
const FIRST_CHECKS_MS: [u32; 2] = [5 * 1000, 30 * 1000];

/// A local signal: a `ServiceWorker` stays on the thread that made it.
pub type UpdateSignal = RwSignal<UpdateState, LocalStorage>;

#[derive(Clone, PartialEq)]
pub enum UpdateState {
    Current,
    /// A newer version is installed and waits for this page to let it take over.
    Ready(ServiceWorker),
    /// The user took the new version; the page reloads when it is in charge.
    Reloading,
    /// Another tab took the new version; this page still runs the old one.
    TakenElsewhere,
}

/// Registers the service worker (release builds only: in `trunk serve` it would keep
/// serving an old build) and follows its updates.
pub fn watch() -> UpdateSignal {
    let state = RwSignal::new_local(UpdateState::Current);
    if cfg!(debug_assertions) {
        return state;
    }
    let Some(container) = service_workers() else {
        return state;
    };
    // No controller: this is the first visit, and the new worker taking over is not an
    // update anybody needs to hear about.
    let had_controller = container.controller().is_some();
    let on_controller_change = Closure::<dyn FnMut()>::new(move || {
        if !had_controller {
            return;
        }
        if state.get_untracked() == UpdateState::Reloading {
            reload();
        } else {
            state.set(UpdateState::TakenElsewhere);
        }
    });
    container.set_oncontrollerchange(Some(on_controller_change.as_ref().unchecked_ref()));
    on_controller_change.forget();
    // In an idle moment: registering (and the worker's download of every file that
    // follows) is nothing the first page needs, and start-up's tasks are kept short.
    leptos::prelude::request_idle_callback(move || {
        wasm_bindgen_futures::spawn_local(register(container.clone()));
        wasm_bindgen_futures::spawn_local(follow_updates(container.clone(), state));
    });
    state
}

async fn register(container: ServiceWorkerContainer) {
    // Relative to <base>: the folder Packwright is served from, which becomes the scope.
    // Update checks never use the HTTP cache: static hosts commonly let browsers keep
    // files for minutes (GitHub Pages: 10), which would hide a new deployment.
    let options = RegistrationOptions::new();
    options.set_update_via_cache(ServiceWorkerUpdateViaCache::None);
    let registered = JsFuture::from(container.register_with_options("sw.js", &options)).await;
    if registered.is_err() {
        // Offline work is lost, the app is not: it runs as a plain page.
        web_sys::console::warn_1(&"Packwright: the service worker was not registered".into());
    }
}

/// Follows the registration's new versions once a version is active. Not after
/// `register` resolves: that waits behind any update the browser has queued, which can
/// take until the next page load.
async fn follow_updates(container: ServiceWorkerContainer, state: UpdateSignal) {
    let Ok(ready) = container.ready() else {
        return;
    };
    let Ok(registration) = JsFuture::from(ready)
        .await
        .map(ServiceWorkerRegistration::from)
    else {
        return;
    };
    // The browser looks for a new version as soon as the page loads, so by now one may be
    // installed already, or still installing (its `updatefound` came before this listener).
    if let Some(installing) = registration.installing() {
        follow(installing, state);
    } else if let Some(waiting) = registration.waiting() {
        if container.controller().is_some() {
            state.set(UpdateState::Ready(waiting));
        }
    }
    let on_update_found = {
        let registration = registration.clone();
        Closure::<dyn FnMut()>::new(move || {
            if let Some(installing) = registration.installing() {
                follow(installing, state);
            }
        })
    };
    registration.set_onupdatefound(Some(on_update_found.as_ref().unchecked_ref()));
    on_update_found.forget();
    // Browsers look for a new version on their own when a page loads, but not always
    // (Chromium defers it while another tab uses the worker, and a check made while its own
    // is pending can come back empty): ask a few seconds into each visit, again half a
    // minute in, then every hour. A failed check (offline, say) waits for the next one.
    for delay in FIRST_CHECKS_MS {
        let registration = registration.clone();
        gloo_timers::callback::Timeout::new(delay, move || look_for_update(&registration)).forget();
    }
    gloo_timers::callback::Interval::new(UPDATE_CHECK_MS, move || {
        look_for_update(&registration);
    })
    .forget();
}

/// Asks the host for a newer `sw.js`. Offline, that fails; awaiting it keeps the failure
/// out of the console.
fn look_for_update(registration: &ServiceWorkerRegistration) {
    let Ok(update) = registration.update() else {
        return;
    };
    wasm_bindgen_futures::spawn_local(async move {
        let _ = JsFuture::from(update).await;
    });
}

/// The page's service workers, where the browser offers them: not on plain HTTP outside
/// localhost, nor in some private windows (the app then runs as a plain page).
pub(in crate::ui) fn service_workers() -> Option<ServiceWorkerContainer> {
    let navigator = web_sys::window()?.navigator();
    let container = js_sys::Reflect::get(&navigator, &"serviceWorker".into()).ok()?;
    (!container.is_undefined()).then(|| container.unchecked_into())
}

/// A newly found version: ready once installed, unless this is the first visit.
fn follow(worker: ServiceWorker, state: UpdateSignal) {
    let watched = worker.clone();
    let on_state_change = Closure::<dyn FnMut()>::new(move || {
        let has_controller =
            service_workers().is_some_and(|workers| workers.controller().is_some());
        if watched.state() == ServiceWorkerState::Installed && has_controller {
            state.set(UpdateState::Ready(watched.clone()));
        }
    });
    worker.set_onstatechange(Some(on_state_change.as_ref().unchecked_ref()));
    on_state_change.forget();
}

fn reload() {
    if let Some(window) = web_sys::window() {
        let _ = window.location().reload();
    }
}

/// "A new version is ready — reload", at the foot of the window.
#[component]
pub fn UpdateNotice(
    /// Where the new version stands.
    update: UpdateSignal,
) -> impl IntoView {
    let take_update = move |_| {
        if let UpdateState::Ready(waiting) = update.get_untracked() {
            update.set(UpdateState::Reloading);
            let message = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&message, &"type".into(), &"SKIP_WAITING".into());
            if waiting.post_message(&message).is_err() {
                reload();
            }
        }
    };
    move || match update.get() {
        UpdateState::Current => None,
        UpdateState::Ready(_) | UpdateState::Reloading => Some(
            view! {
                <div class="update-notice" role="status" data-testid="update-notice">
                    <span>"A new version of Packwright is ready."</span>
                    <button
                        type="button"
                        on:click=take_update
                        disabled=move || update.get() == UpdateState::Reloading
                    >
                        "Reload"
                    </button>
                </div>
            }
            .into_any(),
        ),
        UpdateState::TakenElsewhere => Some(
            view! {
                <div class="update-notice" role="status" data-testid="update-notice">
                    <span>"Packwright was updated in another tab."</span>
                    <button type="button" on:click=move |_| reload()>
                        "Reload this tab"
                    </button>
                </div>
            }
            .into_any(),
        ),
    }
}
