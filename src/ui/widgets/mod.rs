//! Small building blocks every page uses.

mod app_link;
mod confirm_button;
mod pager;
mod rename_form;
mod routed_entity;
mod use_command;

pub use app_link::{AppBase, AppLink};
pub use confirm_button::ConfirmButton;
pub use pager::{page_of, Pager, PAGE_SIZE};
pub use rename_form::RenameForm;
pub use routed_entity::{use_route_entity, RoutedEntity};
pub use use_command::{use_command, UseCommand, Work};

use leptos::prelude::*;

use crate::domain::Command;

/// The outcome of something a view does itself (a download): a confirmation, or the
/// sentence that says what went wrong. Work on the workspace goes through `use_command`.
pub type Outcome = RwSignal<Option<Result<String, String>>>;

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

/// The outcome of an action, next to it: a confirmation, or the sentence that says
/// what went wrong.
#[component]
pub fn Notice(
    /// `Ok(message)`, `Err(sentence)`, or nothing yet.
    #[prop(into)]
    outcome: Signal<Option<Result<String, String>>>,
) -> impl IntoView {
    move || {
        outcome.get().map(|result| match result {
            Ok(message) => {
                view! { <p class="notice notice-ok" role="status">{message}</p> }.into_any()
            }
            Err(sentence) => {
                view! { <p class="notice notice-error" role="alert">{sentence}</p> }.into_any()
            }
        })
    }
}

/// A folding "create" form that asks only for a name: groups and managed accounts.
/// It is open while there is nothing yet, folded once there is.
#[component]
pub fn CreateByNameForm(
    /// The summary line, e.g. "Create an account group".
    title: &'static str,
    /// The name field's element id.
    field_id: &'static str,
    /// The submit button's label.
    button: &'static str,
    /// Whether nothing of the kind exists yet: the form is open then.
    #[prop(into)]
    nothing_yet: Signal<bool>,
    /// The command that creates a thing with the typed name.
    command: fn(String) -> Command,
) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let form = use_command();
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let done = format!("Created {}.", name.get_untracked().trim());
        form.run_then(command(name.get_untracked()), done, move || {
            name.set(String::new())
        });
    };
    view! {
        <details class="card create" prop:open=move || nothing_yet.get()>
            <summary>{title}</summary>
            <form class="inline-form" on:submit=submit>
                <label for=field_id>"Name"</label>
                <input id=field_id maxlength="100" prop:value=move || name.get() on:input=move |event| name.set(event_target_value(&event)) />
                <button type="submit" class="button">{button}</button>
            </form>
            <Notice outcome=form.outcome() />
        </details>
    }
}

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

/// A labelled multi-line text field of a stacked form, bound to `value`.
#[component]
pub fn TextArea(
    /// The text area's element id.
    id: &'static str,
    /// The visible label.
    label: &'static str,
    /// What is typed.
    value: RwSignal<String>,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <textarea id=id rows="4" prop:value=move || value.get() on:input=move |event| value.set(event_target_value(&event))></textarea>
        </div>
    }
}
