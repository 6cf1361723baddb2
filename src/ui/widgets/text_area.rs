//! A labelled multi-line field of a stacked form, with its length limit and counter.

use leptos::prelude::*;

/// A labelled multi-line text field of a stacked form, bound to `value`. With a `limit`,
/// a counter under it says how many characters are used, and turns red past the limit
/// (the engine refuses the text then, with a sentence).
#[component]
pub fn TextArea(
    /// The text area's element id.
    #[prop(into)]
    id: String,
    /// The visible label.
    label: &'static str,
    /// What is typed.
    value: RwSignal<String>,
    /// How many lines it shows.
    #[prop(default = 4)]
    rows: u32,
    /// The most characters the engine accepts.
    #[prop(optional)]
    limit: Option<usize>,
) -> impl IntoView {
    let counter = limit.map(|limit| {
        let length = move || value.with(|text| text.chars().count());
        // Named outside `view!`: a `>` inside an attribute's closure would end the tag there.
        let over = move || length() > limit;
        view! {
            <span class="counter" class:counter-over=over aria-live="polite">
                {move || format!("{} / {limit} characters", length())}
            </span>
        }
    });
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <textarea id=id rows=rows prop:value=move || value.get() on:input=move |event| value.set(event_target_value(&event))></textarea>
            {counter}
        </div>
    }
}
