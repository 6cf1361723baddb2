//! The search field over a filtered list: typing filters it and goes back to its first
//! page.

use leptos::prelude::*;

use super::use_filtered_pages::UseFilteredPagesReturn;

/// A labelled search field that sets a list's filter.
#[component]
pub fn FilterField(
    /// The input's id (its label points at it).
    #[prop(into)]
    id: String,
    /// The label: "Filter by name".
    label: &'static str,
    /// The placeholder: "Type part of a name".
    placeholder: &'static str,
    /// The list it filters.
    list: UseFilteredPagesReturn,
) -> impl IntoView {
    view! {
        <label for=id.clone()>{label}</label>
        <input id=id type="search" placeholder=placeholder prop:value=move || list.filter.get() on:input=move |event| list.set_filter(event_target_value(&event)) />
    }
}
