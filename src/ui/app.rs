//! The root component: opens the workspace and routes to the areas.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
use wasm_bindgen::JsCast;

use crate::store::DEFAULT_DATABASE;
use crate::ui::accounts_page::{AccountPage, ManagedAccountsPage};
use crate::ui::activity_page::ActivityPage;
use crate::ui::browser;
use crate::ui::components_page::PackagedComponentsPage;
use crate::ui::groups_page::AccountGroupsPage;
use crate::ui::not_found_page::NotFoundPage;
use crate::ui::pack_page::PackPage;
use crate::ui::packs_page::IntegrationPacksPage;
use crate::ui::release_wizard::ReleaseWizardPage;
use crate::ui::session::Session;
use crate::ui::settings::SettingsPage;
use crate::ui::shell::{Footer, Header, StatusBanner};
use crate::ui::updates::{self, UpdateNotice};
use crate::ui::widgets::AppBase;

/// Packwright, using the browser's default database, with the service worker that keeps
/// it working offline.
#[component]
pub fn App() -> impl IntoView {
    let update = updates::watch();
    view! {
        <AppWithDatabase database=DEFAULT_DATABASE.to_owned() />
        <UpdateNotice update />
    }
}

/// Packwright on the named IndexedDB database; tests give each run a database of its own.
#[component]
pub fn AppWithDatabase(
    /// The IndexedDB database name.
    database: String,
) -> impl IntoView {
    Session::start(database);
    let base = browser::router_base();
    provide_context(AppBase(base.as_str().into()));
    view! {
        <Router base=base>
            <div class="app">
                <a class="skip-link" href="#main" on:click=skip_to_content>"Skip to content"</a>
                <Header />
                <StatusBanner />
                <main id="main" class="content" tabindex="-1">
                    <Routes fallback=NotFoundPage>
                        <Route path=path!("/") view=IntegrationPacksPage />
                        <Route path=path!("/components") view=PackagedComponentsPage />
                        <Route path=path!("/packs") view=IntegrationPacksPage />
                        <Route path=path!("/packs/:id") view=PackPage />
                        <Route path=path!("/packs/:id/release") view=ReleaseWizardPage />
                        <Route path=path!("/groups") view=AccountGroupsPage />
                        <Route path=path!("/accounts") view=ManagedAccountsPage />
                        <Route path=path!("/accounts/:id") view=AccountPage />
                        <Route path=path!("/activity") view=ActivityPage />
                        <Route path=path!("/settings") view=SettingsPage />
                    </Routes>
                </main>
                <Footer />
            </div>
        </Router>
    }
}

/// Moves focus to the page's main content. `#main` alone would resolve against `<base>`
/// and leave the page when the app is served from a folder.
fn skip_to_content(event: leptos::ev::MouseEvent) {
    event.prevent_default();
    let main = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.get_element_by_id("main"));
    if let Some(main) = main.and_then(|main| main.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = main.focus();
    }
}
