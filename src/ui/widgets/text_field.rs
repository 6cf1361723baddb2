//! A labelled one-line field of a stacked form.

use leptos::prelude::*;

/// A labelled one-line text field of a stacked form, bound to `value`.
#[component]
pub fn TextField(
    /// The input's element id.
    id: &'static str,
    /// The visible label.
    label: &'static str,
    /// What is typed.
    value: RwSignal<String>,
    /// The input type: `text`, `tel`…
    #[prop(default = "text")]
    kind: &'static str,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <input id=id type=kind prop:value=move || value.get() on:input=move |event| value.set(event_target_value(&event)) />
        </div>
    }
}
