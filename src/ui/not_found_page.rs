//! The page for an address that matches no page of Packwright.

use leptos::prelude::*;

use crate::ui::widgets::{AppLink, EmptyState, Page};

/// Shown for an address that is no page of Packwright.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! {
        <Page title="Page not found" summary="There is no page at this address.">
            <EmptyState title="This link leads nowhere">
                <p>
                    "It may be mistyped, or the page may have moved. "
                    <AppLink to="/packs">"Go to Integration Packs"</AppLink>
                </p>
            </EmptyState>
        </Page>
    }
}
