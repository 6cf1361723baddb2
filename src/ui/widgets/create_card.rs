//! The folding "create" card every list page opens with.

use leptos::prelude::*;

use super::notice::Notice;
use super::outcome::Outcome;

/// A card that folds its create form under `title`: open while there is nothing yet,
/// folded once there is, with the form's outcome below it. Once the form has something to
/// say, the card stays open: creating the first thing must not hide "Created X.".
#[component]
pub fn CreateCard(
    /// The summary line, e.g. "Create an integration pack".
    title: &'static str,
    /// Whether nothing of the kind exists yet: the card is open then.
    #[prop(into)]
    nothing_yet: Signal<bool>,
    /// The form's outcome (`UseCommand::outcome`).
    outcome: Outcome,
    /// The form.
    children: Children,
) -> impl IntoView {
    view! {
        <details class="card create" prop:open=move || nothing_yet.get() || outcome.with(Option::is_some)>
            <summary>{title}</summary>
            {children()}
            <Notice outcome=outcome />
        </details>
    }
}
