//! The root component: opens the workspace and routes to the areas.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, Lazy, LazyRoute};
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
                        <Route path=path!("/components") view={Lazy::<ComponentsRoute>::new()} />
                        <Route path=path!("/packs") view=IntegrationPacksPage />
                        <Route path=path!("/packs/:id") view={Lazy::<PackRoute>::new()} />
                        <Route path=path!("/packs/:id/release") view={Lazy::<ReleaseRoute>::new()} />
                        <Route path=path!("/groups") view={Lazy::<GroupsRoute>::new()} />
                        <Route path=path!("/accounts") view={Lazy::<AccountsRoute>::new()} />
                        <Route path=path!("/accounts/:id") view={Lazy::<AccountRoute>::new()} />
                        <Route path=path!("/activity") view={Lazy::<ActivityRoute>::new()} />
                        <Route path=path!("/settings") view={Lazy::<SettingsRoute>::new()} />
                    </Routes>
                </main>
                <Footer />
            </div>
        </Router>
    }
}

/// A page whose code arrives when it is first opened. The release build (`--features split`,
/// which Trunk asks for in index.html) links with relocations kept, and
/// scripts/split-wasm.mjs cuts each such page out of the wasm into a module of its own:
/// the first visit fetches only the shell and the landing page. Any other build (the
/// browser tests') keeps every page in one module; the page then opens after a microtask.
macro_rules! lazy_page {
    ($route:ident, $page:ident) => {
        struct $route;

        #[cfg(feature = "split")]
        #[leptos_router::lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(_this: Self) -> AnyView {
                view! { <$page /> }.into_any()
            }
        }

        #[cfg(not(feature = "split"))]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            async fn view(_this: Self) -> AnyView {
                view! { <$page /> }.into_any()
            }
        }
    };
}

lazy_page!(ComponentsRoute, PackagedComponentsPage);
lazy_page!(PackRoute, PackPage);
lazy_page!(ReleaseRoute, ReleaseWizardPage);
lazy_page!(GroupsRoute, AccountGroupsPage);
lazy_page!(AccountsRoute, ManagedAccountsPage);
lazy_page!(AccountRoute, AccountPage);
lazy_page!(ActivityRoute, ActivityPage);
lazy_page!(SettingsRoute, SettingsPage);

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
