//! One thing in a list of chips, with its remove button.

use leptos::prelude::*;

/// A chip: the thing's name, an optional badge, and "×" to remove it. Goes inside a
/// `<ul class="chips">`.
#[component]
pub fn Chip(
    /// What the chip names.
    name: String,
    /// A short note beside the name ("not released"), if any.
    #[prop(default = None)]
    badge: Option<&'static str>,
    /// What the remove button does, for assistive technology: "Remove Acme from the group".
    remove_label: String,
    /// Removing it.
    on_remove: Callback<()>,
) -> impl IntoView {
    view! {
        <li>
            {name}
            {badge.map(|badge| view! { <span class="badge">{badge}</span> })}
            <button type="button" class="chip-remove" aria-label=remove_label on:click=move |_| on_remove.run(())>"×"</button>
        </li>
    }
}
