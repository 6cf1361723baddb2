//! What a page or a list shows while it has nothing yet.

use leptos::prelude::*;

/// What a page shows while it has nothing: what would be here and what to do first.
#[component]
pub fn EmptyState(
    /// What is missing, as a short headline.
    title: &'static str,
    /// What to do next.
    children: Children,
) -> impl IntoView {
    view! {
        <div class="empty-state" data-testid="empty-state">
            <div class="empty-state-icon" aria-hidden="true"></div>
            <h2>{title}</h2>
            <div class="empty-state-text">{children()}</div>
        </div>
    }
}
