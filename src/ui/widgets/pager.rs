//! Previous and Next under a long list, with where the list stands.

use leptos::prelude::*;

/// Rows shown per page of every paged list.
pub const PAGE_SIZE: usize = 50;

/// How many pages `rows` rows make (at least one, so that "Page 1 of 1" reads right).
pub fn page_count(rows: usize) -> usize {
    rows.div_ceil(PAGE_SIZE).max(1)
}

/// "Previous", "Page N of M" and "Next" for a list of `rows` rows, moving `page` (from 0).
#[component]
pub fn Pager(
    /// The page shown, from 0.
    page: RwSignal<usize>,
    /// How many rows the list has.
    #[prop(into)]
    rows: Signal<usize>,
    /// What the pages are of, for assistive technology: "Pages of accounts".
    label: &'static str,
) -> impl IntoView {
    let pages = move || page_count(rows.get());
    // Named outside `view!`: a `>` inside an attribute's closure would end the tag there.
    let at_first = move || page.get() == 0;
    let at_last = move || page.get() + 1 >= pages();
    view! {
        <nav class="pager" aria-label=label>
            <button type="button" class="button button-quiet" disabled=at_first on:click=move |_| page.update(|page| *page = page.saturating_sub(1))>"Previous"</button>
            <span aria-live="polite">{move || format!("Page {} of {}", page.get() + 1, pages())}</span>
            <button type="button" class="button button-quiet" disabled=at_last on:click=move |_| page.update(|page| *page += 1)>"Next"</button>
        </nav>
    }
}
