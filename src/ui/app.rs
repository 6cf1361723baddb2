//! The root component: loads the shell settings, keeps the time, and routes to the areas.

use chrono::{DateTime, Utc};
use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::domain::{Clock, PublisherZone};
use crate::store::{ShellSettings, Store, DEFAULT_DATABASE};
use crate::ui::browser;
use crate::ui::pages::{
    AccountGroupsPage, ActivityPage, IntegrationPacksPage, ManagedAccountsPage, NotFoundPage,
    PackagedComponentsPage, SettingsPage,
};
use crate::ui::shell::{Footer, Header};

/// How often the footer's clock moves on. Minutes are all it shows.
const CLOCK_REFRESH_MS: u32 = 15_000;

/// What every page may read: the publisher's settings and the current time.
#[derive(Clone, Copy)]
pub struct ShellContext {
    pub settings: ReadSignal<ShellSettings>,
    real_now: ReadSignal<DateTime<Utc>>,
    /// Why the settings could not be loaded, if they could not.
    pub storage_problem: ReadSignal<Option<String>>,
}

impl ShellContext {
    pub fn expect() -> ShellContext {
        expect_context::<ShellContext>()
    }

    /// The current instant by the workspace's clock, real or simulated.
    pub fn now(self) -> DateTime<Utc> {
        self.settings.get().clock.now(self.real_now.get())
    }
}

/// Packwright, using the browser's default database.
#[component]
pub fn App() -> impl IntoView {
    view! { <AppWithDatabase database=DEFAULT_DATABASE.to_owned() /> }
}

/// Packwright on the named IndexedDB database; tests give each run a database of its own.
#[component]
pub fn AppWithDatabase(
    /// The IndexedDB database name.
    database: String,
) -> impl IntoView {
    let (settings, set_settings) = signal(ShellSettings {
        time_zone: browser::browser_zone().unwrap_or(PublisherZone::UTC),
        clock: Clock::Real,
    });
    let (real_now, set_real_now) = signal(browser::real_now());
    let (storage_problem, set_storage_problem) = signal(None::<String>);
    provide_context(ShellContext {
        settings,
        real_now,
        storage_problem,
    });

    spawn_local(async move {
        let loaded = match Store::open(&database).await {
            Ok(store) => store.load_shell_settings().await,
            Err(error) => Err(error),
        };
        match loaded {
            Ok(Some(saved)) => set_settings.set(saved),
            Ok(None) => {}
            Err(error) => set_storage_problem.set(Some(error.to_string())),
        }
    });
    spawn_local(async move {
        // `try_set` hands the value back once the app is unmounted: that ends the loop.
        loop {
            TimeoutFuture::new(CLOCK_REFRESH_MS).await;
            if set_real_now.try_set(browser::real_now()).is_some() {
                break;
            }
        }
    });

    view! {
        <Router base=browser::router_base()>
            <div class="app">
                <a class="skip-link" href="#main">"Skip to content"</a>
                <Header />
                <main id="main" class="content" tabindex="-1">
                    <Routes fallback=NotFoundPage>
                        <Route path=path!("/") view=IntegrationPacksPage />
                        <Route path=path!("/components") view=PackagedComponentsPage />
                        <Route path=path!("/packs") view=IntegrationPacksPage />
                        <Route path=path!("/groups") view=AccountGroupsPage />
                        <Route path=path!("/accounts") view=ManagedAccountsPage />
                        <Route path=path!("/activity") view=ActivityPage />
                        <Route path=path!("/settings") view=SettingsPage />
                    </Routes>
                </main>
                <Footer />
            </div>
        </Router>
    }
}
