//! The frame around every page: the header with the six areas and the footer with the
//! publisher's zone and the current time.

use leptos::prelude::*;

use crate::ui::session::{Session, SessionStatus};
use crate::ui::team_sync::{TeamNotices, TeamStatusLine};
use crate::ui::widgets::AppLink;

/// One area of the console: where it lives and what the navigation calls it.
pub struct Area {
    pub path: &'static str,
    pub title: &'static str,
}

/// The six areas, in the order the navigation shows them.
pub const AREAS: [Area; 6] = [
    Area {
        path: "/components",
        title: "Packaged Components",
    },
    Area {
        path: "/packs",
        title: "Integration Packs",
    },
    Area {
        path: "/groups",
        title: "Account Groups",
    },
    Area {
        path: "/accounts",
        title: "Managed Accounts",
    },
    Area {
        path: "/activity",
        title: "Activity",
    },
    Area {
        path: "/settings",
        title: "Settings",
    },
];

/// The product name and the navigation.
#[component]
pub fn Header() -> impl IntoView {
    view! {
        <header class="topbar">
            <AppLink to="/packs" class="brand">
                <span class="brand-mark" aria-hidden="true">"P"</span>
                <span class="brand-name">"Packwright"</span>
            </AppLink>
            <nav class="nav" aria-label="Main">
                <ul>
                    {AREAS
                        .iter()
                        .map(|area| {
                            view! {
                                <li>
                                    <AppLink to=area.path>{area.title}</AppLink>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </nav>
        </header>
    }
}

/// The publisher's time zone and the current time, marked when the clock is simulated.
#[component]
pub fn Footer() -> impl IntoView {
    let session = Session::expect();
    let simulated = move || session.clock().is_simulated();
    view! {
        <footer class="footer">
            <span data-testid="publisher-zone">
                "Publisher time zone: " <strong>{move || session.zone().name()}</strong>
            </span>
            <span data-testid="current-time">
                {move || if simulated() { "Simulated time: " } else { "Current time: " }}
                <time>{move || session.zone().format_instant(session.now())}</time>
            </span>
            <Show when=simulated>
                <span class="badge badge-warning">"Simulated clock"</span>
            </Show>
            <TeamStatusLine />
        </footer>
    }
}

/// Says, above every page, when the workspace cannot be used normally, and what went
/// wrong in background work (the scheduler, catching up with other tabs, history).
#[component]
pub fn StatusBanner() -> impl IntoView {
    let session = Session::expect();
    let background = move || {
        session.background_problem().map(|problem| {
            view! {
                <div class="banner banner-danger" role="alert" data-testid="background-problem">
                    <span>{problem}</span>
                    <button type="button" class="button button-quiet" on:click=move |_| session.dismiss_background_problem()>"Dismiss"</button>
                </div>
            }
        })
    };
    let status = move || {
        let (class, message) = match session.status().get() {
            SessionStatus::Opening | SessionStatus::Ready => return None,
            SessionStatus::Blocked => (
                "banner banner-warning",
                "Packwright is waiting for another tab with an older version to close. Close or reload the other Packwright tabs.".to_owned(),
            ),
            SessionStatus::ReadOnly => (
                "banner banner-warning",
                "This workspace was saved by a newer version of Packwright: it is shown read-only. Reload the page to get the newer version.".to_owned(),
            ),
            SessionStatus::Unavailable(error) | SessionStatus::Damaged(error) => {
                ("banner banner-danger", error.to_string())
            }
        };
        Some(view! { <div class=class role="alert" data-testid="status-banner">{message}</div> })
    };
    view! { {status} {background} <TeamNotices /> }
}
