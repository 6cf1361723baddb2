//! The frame of every page: its heading, what it is for, its content.

use leptos::prelude::*;

/// A page of the console: its heading, a line saying what it is for, and its content.
#[component]
pub fn Page(
    /// The page heading.
    title: &'static str,
    /// One sentence under the heading.
    summary: &'static str,
    /// The page's content.
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
