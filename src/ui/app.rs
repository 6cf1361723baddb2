//! The root component: opens the workspace and routes to the areas.

use leptos::prelude::*;
use leptos::task::spawn_local;
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
use crate::ui::session::{self, Session};
use crate::ui::settings::SettingsPage;
use crate::ui::shell::{Footer, Header, StatusBanner};
use crate::ui::start_up::StartUp;
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
    preload_once_settled();
    StartUp::begin();
    let base = browser::router_base();
    provide_context(AppBase(base.as_str().into()));
    view! {
        <Router base=base>
            <div class="app">
                <a class="skip-link" href="#main" on:click=skip_to_content>"Skip to content"</a>
                <Header />
                <Show when=StartUp::drawn(StartUp::BANNER_AND_FOOTER)>
                    <StatusBanner />
                </Show>
                <main id="main" class="content" tabindex="-1">
                    <Show when=StartUp::drawn(StartUp::PAGE)>
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
                    </Show>
                </main>
                <Show when=StartUp::drawn(StartUp::BANNER_AND_FOOTER)>
                    <Footer />
                </Show>
            </div>
        </Router>
    }
}

/// The pages whose code arrives when one of them is first opened: every page but the
/// landing page. The release build (`--features split`, which Trunk asks for in
/// index.html) links with relocations kept, and scripts/split-wasm.mjs cuts
/// `lazy_page_view` with all it alone needs out of the wasm into one module (one module
/// for all of them: eight modules of their own shared their code in some sixty small
/// chunks, and loading a page took 50-120 ms on loopback). Any other build (the browser
/// tests') keeps everything in one module; a page then opens after a microtask.
#[derive(Clone, Copy)]
enum LazyPage {
    Components,
    Pack,
    Release,
    Groups,
    Accounts,
    Account,
    Activity,
    Settings,
}

#[cfg_attr(feature = "split", leptos::lazy)]
async fn lazy_page_view(page: LazyPage) -> AnyView {
    crate::ui::zone_table::provide();
    match page {
        LazyPage::Components => view! { <PackagedComponentsPage /> }.into_any(),
        LazyPage::Pack => view! { <PackPage /> }.into_any(),
        LazyPage::Release => view! { <ReleaseWizardPage /> }.into_any(),
        LazyPage::Groups => view! { <AccountGroupsPage /> }.into_any(),
        LazyPage::Accounts => view! { <ManagedAccountsPage /> }.into_any(),
        LazyPage::Account => view! { <AccountPage /> }.into_any(),
        LazyPage::Activity => view! { <ActivityPage /> }.into_any(),
        LazyPage::Settings => view! { <SettingsPage /> }.into_any(),
    }
}

/// Fetches the pages' module (split build only).
async fn preload_pages() {
    #[cfg(feature = "split")]
    __preload_lazy_page_view().await;
}

/// The route of one lazy page.
macro_rules! lazy_route {
    ($route:ident, $page:ident) => {
        struct $route;

        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            async fn view(_this: Self) -> AnyView {
                lazy_page_view(LazyPage::$page).await
            }

            async fn preload() {
                preload_pages().await;
            }
        }
    };
}

lazy_route!(ComponentsRoute, Components);
lazy_route!(PackRoute, Pack);
lazy_route!(ReleaseRoute, Release);
lazy_route!(GroupsRoute, Groups);
lazy_route!(AccountsRoute, Accounts);
lazy_route!(AccountRoute, Account);
lazy_route!(ActivityRoute, Activity);
lazy_route!(SettingsRoute, Settings);

/// How long after start-up the other modules wait before they are fetched.
const PRELOAD_AFTER: std::time::Duration = std::time::Duration::from_secs(2);

/// Once the first page has settled (a while after start-up, in an idle moment), fetches the
/// code of stored history, of the rules and of the other pages, so that the first command
/// or the first click on another page does not wait for it (what is needed before is
/// fetched when needed). On a first visit, fetched at once, those 560 KB competed with the
/// first page on a phone: their download and compiling blocked its main thread for
/// 300–500 ms. A page an earlier visit's service worker serves fetches them at once, and
/// a stored workspace has them fetched as it opens (`Session::open`).
fn preload_once_settled() {
    if has_been_here_before() {
        spawn_local(preload_the_rest());
        return;
    }
    set_timeout(
        || request_idle_callback(|| spawn_local(preload_the_rest())),
        PRELOAD_AFTER,
    );
}

/// Whether a service worker of an earlier visit serves this page: then the modules come
/// from its cache, and fetching them at once costs the first page little.
fn has_been_here_before() -> bool {
    updates::service_workers().is_some_and(|workers| workers.controller().is_some())
}

/// Fetches the other modules (in any build but the split one there is nothing to fetch);
/// what is fetched already is not fetched again. One group of modules per idle moment:
/// starting every fetch and compile at once kept a phone's main thread busy for some 300 ms
/// in one go, long enough to delay a tap.
pub(in crate::ui) async fn preload_the_rest() {
    session::open::preload_stored_history().await;
    idle_moment().await;
    session::change::preload_rules().await;
    idle_moment().await;
    preload_pages().await;
}

/// Resolves in the browser's next idle period.
async fn idle_moment() {
    let idle = js_sys::Promise::new(&mut |resolve, _reject| {
        request_idle_callback(move || {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        });
    });
    let _ = wasm_bindgen_futures::JsFuture::from(idle).await;
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
