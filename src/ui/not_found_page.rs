//! The page for an address that matches no page of Packwright.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::ui::widgets::{EmptyState, Page};

/// Shown for an address that is no page of Packwright.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! {
        <Page title="Page not found" summary="There is no page at this address.">
            <EmptyState title="This link leads nowhere">
                <p>
                    "It may be mistyped, or the page may have moved. "
                    <A href="/packs">"Go to Integration Packs"</A>
                </p>
            </EmptyState>
        </Page>
    }
}
