//! The frame around every page: the header with the six areas and the footer with the
//! publisher's zone and the current time.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::ui::app::ShellContext;

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
            <A href="/packs" attr:class="brand">
                <span class="brand-mark" aria-hidden="true">"P"</span>
                <span class="brand-name">"Packwright"</span>
            </A>
            <nav class="nav" aria-label="Main">
                <ul>
                    {AREAS
                        .iter()
                        .map(|area| {
                            view! {
                                <li>
                                    <A href=area.path>{area.title}</A>
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
    let shell = ShellContext::expect();
    let zone = move || shell.settings.get().time_zone;
    let simulated = move || shell.settings.get().clock.is_simulated();
    view! {
        <footer class="footer">
            <span data-testid="publisher-zone">"Publisher time zone: " <strong>{move || zone().name()}</strong></span>
            <span data-testid="current-time">
                {move || if simulated() { "Simulated time: " } else { "Current time: " }}
                <time>{move || zone().format_instant(shell.now())}</time>
            </span>
            <Show when=simulated>
                <span class="badge badge-warning">"Simulated clock"</span>
            </Show>
            {move || {
                shell
                    .storage_problem
                    .get()
                    .map(|problem| view! { <span class="footer-problem" role="alert">{problem}</span> })
            }}
        </footer>
    }
}
