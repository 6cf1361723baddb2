//! A managed account's settings for one instance (domain.md, "Extension values"): per
//! shared component of the release it runs, each extensible field with its value or the
//! packaged default, saved one component at a time; fields new since the release it ran
//! before are marked until set or kept at the packaged default.

use leptos::prelude::*;

use crate::domain::command::SetExtensionValues;
use crate::domain::configuration::{FieldChange, FieldChoice, VALUE_MAX};
use crate::domain::model::SharedComponentKind;
use crate::domain::queries::{self, SettingsField};
use crate::domain::{AccountId, Command, InstanceId};
use crate::ui::session::Session;
use crate::ui::widgets::{use_command, Notice};

/// The settings of `instance` of `pack`; `close` hides them.
#[component]
pub fn InstanceSettings(
    /// The account whose instance it is.
    account: AccountId,
    /// The instance.
    instance: InstanceId,
    /// What the instance is called: its pack, and its own name on a multiple-attachments pack.
    called: String,
    /// Hides the settings.
    close: Callback<()>,
) -> impl IntoView {
    let session = Session::expect();
    let components = Memo::new(move |_| {
        session
            .workspace()
            .with(|ws| queries::instance_settings(ws, instance))
    });
    // Built again only when there come to be fields or none: a saved change keeps its form.
    let no_fields = Memo::new(move |_| components.with(Vec::is_empty));
    let heading = format!("Settings of {called}");
    let group_label = heading.clone();
    view! {
        <div class="card-highlight report-form" role="group" aria-label=group_label data-testid="instance-settings">
            <h3>{heading}</h3>
            {move || if no_fields.get() {
                view! { <p class="hint">"This release has no extensible fields: nothing to configure."</p> }.into_any()
            } else {
                view! {
                    // Keyed by the component alone: a saved change keeps its form (and notice).
                    <For each=move || components.with(|components| components.iter().map(|c| (c.kind, c.name.clone())).collect::<Vec<_>>()) key=|component| component.clone() let:component>
                        <ComponentSettings account instance kind=component.0 name=component.1 />
                    </For>
                }.into_any()
            }}
            <button type="button" class="button button-quiet" on:click=move |_| close.run(())>"Close the settings"</button>
        </div>
    }
}

/// One shared component's fields, saved as one change.
#[component]
fn ComponentSettings(
    /// The account whose instance it is.
    account: AccountId,
    /// The instance.
    instance: InstanceId,
    /// The component's kind.
    kind: SharedComponentKind,
    /// The component's name, as the release says it.
    name: String,
) -> impl IntoView {
    let session = Session::expect();
    let form = use_command();
    let component_name = name.clone();
    // The fields as saved, following every change.
    let saved = Memo::new(move |_| {
        session.workspace().with(|ws| {
            queries::instance_settings(ws, instance)
                .into_iter()
                .find(|component| component.kind == kind && component.name == component_name)
                .map(|component| component.fields)
                .unwrap_or_default()
        })
    });
    // What is typed, one field each, starting from the saved values.
    let typed: Vec<(String, RwSignal<String>)> = saved.with_untracked(|fields| {
        fields
            .iter()
            .map(|field| {
                (
                    field.field.clone(),
                    RwSignal::new(field.value.clone().unwrap_or_default()),
                )
            })
            .collect()
    });
    let saved_field = move |field: &str| -> Option<SettingsField> {
        saved.with(|fields| fields.iter().find(|saved| saved.field == field).cloned())
    };
    let typed_for_save = typed.clone();
    let save_name = name.clone();
    let save = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let changes = saved.with_untracked(|saved| changes_typed(&typed_for_save, saved));
        form.run(
            set_values(account, instance, kind, &save_name, changes),
            format!("Saved the settings of {save_name}."),
        );
    };
    let keep_name = name.clone();
    let keep_default = Callback::new(move |field: String| {
        form.run(
            set_values(
                account,
                instance,
                kind,
                &keep_name,
                vec![FieldChange {
                    field: field.clone(),
                    choice: FieldChoice::KeepDefault,
                }],
            ),
            format!("Kept the packaged default of {field}."),
        );
    });
    let legend = format!("{} {name}", capitalized(kind.label()));
    view! {
        <form class="stacked-form" on:submit=save aria-label=format!("Settings of {name}")>
            <fieldset class="field">
                <legend>{legend}</legend>
                {typed.into_iter().enumerate().map(|(index, (field, value))| {
                    let id = format!("setting-{instance}-{kind:?}-{}-{index}", slug(&name));
                    let new_in = {
                        let field = field.clone();
                        move || saved_field(&field).and_then(|saved| saved.new_in)
                    };
                    let placeholder = {
                        let field = field.clone();
                        move || match saved_field(&field) {
                            Some(saved) if saved.encrypted_set => "Set in Boomi (encrypted, not shown)",
                            Some(saved) if saved.kept_default => "Packaged default (kept)",
                            _ => "Packaged default",
                        }
                    };
                    let keep_field = field.clone();
                    view! {
                        <div class="field">
                            <label for=id.clone()>{field.clone()}</label>
                            {let new_in = new_in.clone(); move || new_in().map(|release| view! { <span class="badge badge-new">{format!("New in release {release}")}</span> })}
                            <input id=id maxlength=VALUE_MAX.to_string() placeholder=placeholder prop:value=move || value.get() on:input=move |event| value.set(event_target_value(&event)) />
                            {move || new_in().map(|_| {
                                let keep_field = keep_field.clone();
                                view! { <button type="button" class="button button-quiet" on:click=move |_| keep_default.run(keep_field.clone())>"Keep the packaged default"</button> }
                            })}
                        </div>
                    }
                }).collect_view()}
            </fieldset>
            <div class="form-actions">
                <button type="submit" class="button" disabled=move || form.pending()>{format!("Save {name}")}</button>
            </div>
            <Notice outcome=form.outcome() />
        </form>
    }
}

/// What the typed values change: a new value set, an emptied one cleared.
fn changes_typed(
    typed: &[(String, RwSignal<String>)],
    saved: &[SettingsField],
) -> Vec<FieldChange> {
    typed
        .iter()
        .filter_map(|(field, value)| {
            let typed = value.get_untracked();
            let was = saved
                .iter()
                .find(|saved| saved.field == *field)
                .and_then(|saved| saved.value.as_ref());
            let choice = match (typed.is_empty(), was) {
                (false, Some(was)) if *was == typed => return None,
                (false, _) => FieldChoice::Set(typed),
                (true, Some(_)) => FieldChoice::Clear,
                (true, None) => return None,
            };
            Some(FieldChange {
                field: field.clone(),
                choice,
            })
        })
        .collect()
}

fn set_values(
    account: AccountId,
    instance: InstanceId,
    kind: SharedComponentKind,
    component: &str,
    changes: Vec<FieldChange>,
) -> Command {
    Command::SetExtensionValues(SetExtensionValues {
        account,
        instance,
        kind,
        component: component.to_owned(),
        changes,
    })
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A name as an element id part: `Refund Ledger` → `refund-ledger`.
fn slug(name: &str) -> String {
    name.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_ascii_lowercase)
        .collect::<Vec<_>>()
        .join("-")
}
