//! Small building blocks every page uses.

use leptos::prelude::*;

/// A page of the console: its heading, a line saying what it is for, and its content.
#[component]
pub fn Page(
    /// The page heading.
    title: &'static str,
    /// One sentence under the heading.
    summary: &'static str,
    children: Children,
) -> impl IntoView {
    view! {
        <section class="page">
            <header class="page-header">
                <h1>{title}</h1>
                <p class="page-summary">{summary}</p>
            </header>
            {children()}
        </section>
    }
}

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
