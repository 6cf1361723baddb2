//! The outcome of an action, next to it.

use leptos::prelude::*;

use crate::ui::widgets::Refusal;

/// The outcome of an action, next to it: a confirmation, or the sentence that says
/// what went wrong.
#[component]
pub fn Notice(
    /// `Ok(message)`, `Err(sentence)`, or nothing yet.
    #[prop(into)]
    outcome: Signal<Option<Result<String, Refusal>>>,
) -> impl IntoView {
    move || {
        outcome.get().map(|result| match result {
            Ok(message) => {
                view! { <p class="notice notice-ok" role="status">{message}</p> }.into_any()
            }
            Err(refusal) => {
                view! { <p class="notice notice-error" role="alert">{refusal.to_string()}</p> }
                    .into_any()
            }
        })
    }
}
