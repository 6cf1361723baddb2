//! Creating a thing that needs only a name: account groups and managed accounts.

use leptos::prelude::*;

use super::create_card::CreateCard;
use super::use_command::use_command;
use crate::domain::Command;

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
    /// Called once the thing is created (a paged list turns to the page that shows it).
    #[prop(optional)]
    created: Option<Callback<()>>,
) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let form = use_command();
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let done = format!("Created {}.", name.get_untracked().trim());
        form.run_then(command(name.get_untracked()), done, move || {
            name.set(String::new());
            if let Some(created) = created {
                created.run(());
            }
        });
    };
    view! {
        <CreateCard title nothing_yet outcome=form.outcome()>
            <form class="inline-form" on:submit=submit>
                <label for=field_id>"Name"</label>
                <input id=field_id maxlength="100" prop:value=move || name.get() on:input=move |event| name.set(event_target_value(&event)) />
                <button type="submit" class="button">{button}</button>
            </form>
        </CreateCard>
    }
}
