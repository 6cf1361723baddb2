//! Renaming a group or an account: the form that opens under its Rename button.

use leptos::prelude::*;

use super::use_command::UseCommand;
use crate::domain::{Command, Workspace};
use crate::ui::session::Session;

/// The name of the thing `name_of` finds in the workspace now ("" once it is gone), kept
/// up to date.
pub fn use_current_name<Id: Copy + Send + Sync + 'static>(
    id: Id,
    name_of: fn(&Workspace, Id) -> Option<&str>,
) -> Signal<String> {
    let session = Session::expect();
    Signal::derive(move || {
        session
            .workspace()
            .with(|ws| name_of(ws, id).map(str::to_owned).unwrap_or_default())
    })
}

/// The name being typed while a rename is open; `None` while it is closed. The Rename
/// button opens it with the current name.
pub type Renaming = RwSignal<Option<String>>;

/// "New name", Save and Cancel, shown while `renaming` is open. Saving runs the command
/// `rename` makes of the typed name through `form`, and closes on success.
#[component]
pub fn RenameForm(
    /// The name field's element id.
    field_id: String,
    /// The open rename, if any.
    renaming: Renaming,
    /// The command that gives the thing the typed name.
    rename: Callback<String, Command>,
    /// What the notice says when it is saved: "Renamed the group."
    done: &'static str,
    /// The form the command runs through (its notice shows the outcome).
    form: UseCommand,
    /// Extra CSS classes for the form.
    #[prop(default = "inline-form")]
    class: &'static str,
) -> impl IntoView {
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let name = renaming.get_untracked().unwrap_or_default();
        form.run_then(rename.run(name), done, move || renaming.set(None));
    };
    move || {
        let field_id = field_id.clone();
        renaming.get().map(|current| {
            view! {
                <form class=class on:submit=submit>
                    <label for=field_id.clone()>"New name"</label>
                    <input id=field_id prop:value=current on:input=move |event| renaming.set(Some(event_target_value(&event))) />
                    <button type="submit" class="button">"Save name"</button>
                    <button type="button" class="button button-quiet" on:click=move |_| renaming.set(None)>"Cancel"</button>
                </form>
            }
        })
    }
}
