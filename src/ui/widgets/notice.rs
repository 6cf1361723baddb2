//! The outcome of an action, next to it.

use leptos::prelude::*;

use super::outcome::Refusal;

/// The outcome of an action, next to it: a confirmation, or the sentence that says
/// what went wrong.
#[component]
pub fn Notice(
    /// `Ok(message)`, `Err(sentence)`, or nothing yet.
    #[prop(into)]
    outcome: Signal<Option<Result<String, Refusal>>>,
) -> impl IntoView {
    // Said from a borrow: cloning the refusal would clone a whole `SessionError`.
    move || {
        let (class, role, sentence) = outcome.with(|outcome| match outcome.as_ref()? {
            Ok(message) => Some(("notice notice-ok", "status", message.clone())),
            Err(refusal) => Some(("notice notice-error", "alert", refusal.to_string())),
        })?;
        Some(view! { <p class=class role=role>{sentence}</p> })
    }
}
