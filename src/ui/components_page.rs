//! Packaged Components: components with their package versions; create a component; add
//! a package version.

use std::collections::BTreeSet;

use leptos::prelude::*;

use crate::domain::command::{CreateComponent, CreatePackage};
use crate::domain::model::{BoomiThing, ComponentKind, SharedComponent, SharedComponentKind};
use crate::domain::{Command, ComponentId};
use crate::ui::session::Session;
use crate::ui::widgets::{
    use_command, BoomiId, ChoiceRadios, CreateCard, EmptyState, Notice, Page,
};

/// Packaged Components: every component with its packaged versions, and the forms that create them.
#[component]
pub fn PackagedComponentsPage() -> impl IntoView {
    let session = Session::expect();
    let components = move || {
        session.workspace().with(|ws| {
            ws.components()
                .map(|component| component.id)
                .collect::<Vec<_>>()
        })
    };
    view! {
        <Page
            title="Packaged Components"
            summary="Processes and API Service components, each with the package versions you have built."
        >
            <CreateComponentForm />
            <Show when=move || components().is_empty()>
                <EmptyState title="No packaged components yet">
                    <p>
                        "Create a component above, then package a version of it. Mark a package "
                        <em>"shareable"</em>
                        " when you create it so that integration packs can use it; that choice is final."
                    </p>
                </EmptyState>
            </Show>
            // Keyed, so that a card keeps its open form and its message while others change.
            <For each=components key=|id| *id let:id>
                <ComponentCard id=id />
            </For>
        </Page>
    }
}

/// Creates a component (a process or an API Service component) by name.
#[component]
fn CreateComponentForm() -> impl IntoView {
    let session = Session::expect();
    let name = RwSignal::new(String::new());
    let kind = RwSignal::new(ComponentKind::Process);
    // Open while there is nothing yet (the workspace may still be loading), folded once there is.
    let nothing_yet = Memo::new(move |_| {
        session
            .workspace()
            .with(|ws| ws.components().next().is_none())
    });
    let form = use_command();
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let command = Command::CreateComponent(CreateComponent {
            name: name.get_untracked(),
            kind: kind.get_untracked(),
        });
        let created = format!("Created {}.", name.get_untracked().trim());
        form.run_then(command, created, move || name.set(String::new()));
    };
    view! {
        <CreateCard title="Create a component" nothing_yet outcome=form.outcome()>
            <form class="inline-form" on:submit=submit data-testid="create-component">
                <label for="component-name">"Name"</label>
                <input
                    id="component-name"
                    maxlength="100"
                    prop:value=move || name.get()
                    on:input=move |event| name.set(event_target_value(&event))
                />
                <ChoiceRadios name="component-kind" legend="Kind" value=kind />
                <button type="submit" class="button">"Create component"</button>
            </form>
        </CreateCard>
    }
}

/// One component with its packages, newest first, and the form for a new version.
#[component]
fn ComponentCard(
    /// The component shown.
    id: ComponentId,
) -> impl IntoView {
    let session = Session::expect();
    let component = session
        .workspace()
        .with_untracked(|ws| ws.component(id).cloned().ok());
    let name = component
        .as_ref()
        .map(|component| component.name.clone())
        .unwrap_or_default();
    let kind = component
        .map(|component| component.kind.label())
        .unwrap_or_default();
    let packages = Memo::new(move |_| {
        session.workspace().with(|ws| {
            ws.component(id)
                .map(|component| {
                    component
                        .packages
                        .iter()
                        .rev()
                        .filter_map(|package| ws.package(*package).ok().cloned())
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    // The table is built again only when this changes, and a package never changes once
    // created: a teammate's change elsewhere leaves every row as it is.
    let no_packages = Memo::new(move |_| packages.with(Vec::is_empty));
    view! {
        <section class="card" data-testid="component-card">
            <header class="card-header">
                <h2>{name}</h2>
                <span class="badge">{kind}</span>
                <BoomiId thing=BoomiThing::Component(id) />
            </header>
            {move || {
                if no_packages.get() {
                    view! { <p class="hint">"No package versions yet."</p> }.into_any()
                } else {
                    view! {
                        <table class="table">
                            <thead>
                                <tr>
                                    <th scope="col">"Version"</th>
                                    <th scope="col">"Shareable"</th>
                                    <th scope="col">"Shared components (extensible fields)"</th>
                                    <th scope="col">"Notes"</th>
                                </tr>
                            </thead>
                            <tbody>
                                <For each=move || packages.get() key=|package| package.id let:package>
                                    {
                                        let shared = package
                                            .shared_components
                                            .iter()
                                            .map(|shared| {
                                                let fields: Vec<&str> = shared.extensible_fields.iter().map(String::as_str).collect();
                                                format!("{} ({})", shared.name, if fields.is_empty() { "none".to_owned() } else { fields.join(", ") })
                                            })
                                            .collect::<Vec<_>>()
                                            .join("; ");
                                        view! {
                                            <tr>
                                                <td>{package.version} <BoomiId thing=BoomiThing::Package(package.id) /></td>
                                                <td>
                                                    {if package.shareable {
                                                        view! { <span class="badge badge-ok" title="Fixed when the package was created">"Shareable"</span> }.into_any()
                                                    } else {
                                                        view! { <span class="badge" title="Fixed when the package was created">"Not shareable"</span> }.into_any()
                                                    }}
                                                </td>
                                                <td>{shared}</td>
                                                <td>{package.notes}</td>
                                            </tr>
                                        }
                                    }
                                </For>
                            </tbody>
                        </table>
                    }
                        .into_any()
                }
            }}
            <AddPackageForm component=id />
        </section>
    }
}

/// One row of the shared-components editor.
#[derive(Clone, Debug, Default, PartialEq)]
struct SharedRow {
    name: String,
    kind: Option<SharedComponentKind>,
    fields: String,
}

/// Packages a new version of a component: its label, notes, whether it may be shared, and its shared components.
#[component]
fn AddPackageForm(
    /// The component the version belongs to.
    component: ComponentId,
) -> impl IntoView {
    let _session = Session::expect();
    let open = RwSignal::new(false);
    let version = RwSignal::new(String::new());
    let notes = RwSignal::new(String::new());
    let shareable = RwSignal::new(true);
    let rows = RwSignal::new(Vec::<SharedRow>::new());
    let form = use_command();
    let form_id = format!("package-{component}");
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let shared_components = rows
            .get_untracked()
            .into_iter()
            .filter(|row| !row.name.trim().is_empty() || !row.fields.trim().is_empty())
            .map(|row| SharedComponent {
                name: row.name,
                kind: row.kind.unwrap_or(SharedComponentKind::Connection),
                extensible_fields: row
                    .fields
                    .split(',')
                    .map(|field| field.trim().to_owned())
                    .filter(|field| !field.is_empty())
                    .collect::<BTreeSet<_>>(),
            })
            .collect();
        let command = Command::CreatePackage(CreatePackage {
            component,
            version: version.get_untracked(),
            notes: notes.get_untracked(),
            shareable: shareable.get_untracked(),
            shared_components,
        });
        let done = format!("Packaged version {}.", version.get_untracked().trim());
        form.run_then(command, done, move || {
            version.set(String::new());
            notes.set(String::new());
            rows.set(Vec::new());
            open.set(false);
        });
    };
    let version_id = format!("{form_id}-version");
    let notes_id = format!("{form_id}-notes");
    let shareable_id = format!("{form_id}-shareable");
    view! {
        <Show
            when=move || open.get()
            fallback=move || {
                view! {
                    <button type="button" class="button button-quiet" on:click=move |_| open.set(true)>"Add package version"</button>
                }
            }
        >
            <form class="stacked-form" on:submit=submit data-testid="add-package">
                <div class="field">
                    <label for=version_id.clone()>"Version label"</label>
                    <input id=version_id.clone() maxlength="40" placeholder="e.g. 1.2" prop:value=move || version.get() on:input=move |event| version.set(event_target_value(&event)) />
                </div>
                <div class="field">
                    <label for=notes_id.clone()>"Notes"</label>
                    <textarea id=notes_id.clone() rows="2" prop:value=move || notes.get() on:input=move |event| notes.set(event_target_value(&event))></textarea>
                </div>
                <div class="field field-check">
                    <input id=shareable_id.clone() type="checkbox" prop:checked=move || shareable.get() on:change=move |event| shareable.set(event_target_checked(&event)) />
                    <label for=shareable_id.clone()>"Shareable — integration packs may use this version. This cannot be changed later."</label>
                </div>
                <fieldset class="field">
                    <legend>"Shared components it references"</legend>
                    {move || {
                        rows.get()
                            .into_iter()
                            .enumerate()
                            .map(|(index, row)| {
                                view! {
                                    <div class="shared-row">
                                        <input aria-label="Shared component name" placeholder="Name, e.g. Salesforce Connection" prop:value=row.name.clone() on:change=move |event| rows.update(|rows| rows[index].name = event_target_value(&event)) />
                                        <select aria-label="Kind" on:change=move |event| {
                                            let chosen = SharedComponentKind::ALL.get(event_target_value(&event).parse::<usize>().unwrap_or(0)).copied();
                                            rows.update(|rows| rows[index].kind = chosen);
                                        }>
                                            {SharedComponentKind::ALL
                                                .iter()
                                                .enumerate()
                                                .map(|(position, kind)| view! { <option value=position.to_string() selected=row.kind == Some(*kind)>{kind.label()}</option> })
                                                .collect_view()}
                                        </select>
                                        <input aria-label="Extensible fields" placeholder="Extensible fields, comma separated" prop:value=row.fields.clone() on:change=move |event| rows.update(|rows| rows[index].fields = event_target_value(&event)) />
                                        <button type="button" class="button button-quiet" on:click=move |_| rows.update(|rows| { rows.remove(index); })>"Remove"</button>
                                    </div>
                                }
                            })
                            .collect_view()
                    }}
                    <button type="button" class="button button-quiet" on:click=move |_| rows.update(|rows| rows.push(SharedRow::default()))>"Add shared component"</button>
                </fieldset>
                <div class="button-row">
                    <button type="submit" class="button">"Create package"</button>
                    <button type="button" class="button button-quiet" on:click=move |_| open.set(false)>"Cancel"</button>
                </div>
            </form>
        </Show>
        <Notice outcome=form.outcome() />
    }
}
