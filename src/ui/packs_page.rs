//! Integration Packs: every pack with its status, install count and newer-version flag,
//! and the form that creates one.

use leptos::prelude::*;

use crate::domain::command::CreatePack;
use crate::domain::model::{DeploymentModel, InstallationType, DESCRIPTION_MAX};
use crate::domain::queries::{self};
use crate::domain::{Command, PackId};
use crate::ui::labels::status_text;
use crate::ui::session::Session;
use crate::ui::start_up::StartUp;
use crate::ui::widgets::{
    use_command, AppLink, ChoiceRadios, CreateCard, EmptyState, Page, TextArea,
};

/// Integration Packs: every pack with its release status, and the form that creates one.
#[component]
pub fn IntegrationPacksPage() -> impl IntoView {
    let session = Session::expect();
    let rows = Memo::new(move |_| {
        session.workspace().with(|ws| {
            let zone = ws.publisher().time_zone;
            ws.packs()
                .map(|pack| {
                    let status = status_text(queries::pack_status(ws, pack), zone);
                    let newer = queries::newer_versions_to_release(ws, pack);
                    (
                        pack.id,
                        pack.name.clone(),
                        pack.installation_type,
                        status,
                        pack.instances.len(),
                        newer,
                    )
                })
                .collect::<Vec<_>>()
        })
    });
    // The table is built again only when this changes; a teammate's change to one pack
    // replaces that pack's row alone (keyed by what it shows).
    let no_packs = Memo::new(move |_| rows.with(Vec::is_empty));
    // At start-up, the form and the list are each drawn in a task of their own (`StartUp`).
    let form_drawn = StartUp::drawn(StartUp::LANDING_FORM);
    let list_drawn = StartUp::drawn(StartUp::LANDING_LIST);
    view! {
        <Page
            title="Integration Packs"
            summary="Bundles of packaged components that you release, version after version, to your managed accounts."
        >
            <Show when=form_drawn>
                <CreatePackForm />
            </Show>
            {move || {
                if !list_drawn() {
                    return ().into_any();
                }
                if no_packs.get() {
                    return view! {
                        <EmptyState title="No integration packs yet">
                            <p>
                                "Create a pack above, choose whether an account may install it once or several times, "
                                "and add shareable packaged components to it. Then release it immediately or on a date."
                            </p>
                        </EmptyState>
                    }
                        .into_any();
                }
                view! {
                    <table class="table card" data-testid="pack-list">
                        <thead>
                            <tr>
                                <th scope="col">"Pack"</th>
                                <th scope="col">"Installation"</th>
                                <th scope="col">"Status"</th>
                                <th scope="col" class="number">"Installed instances"</th>
                                <th scope="col">"Components"</th>
                            </tr>
                        </thead>
                        <tbody>
                            // Rows as `AnyView`: the keyed list's code is then the one every
                            // list of `AnyView` rows shares (it cost the first visit 6 KB
                            // when monomorphized for this row alone).
                            <For each=move || rows.get() key=|row| row.clone() let:row>
                                {pack_row(row)}
                            </For>
                        </tbody>
                    </table>
                }
                    .into_any()
            }}
        </Page>
    }
}

/// Creates a pack: its name, description, installation type and deployment model.
#[component]
fn CreatePackForm() -> impl IntoView {
    let session = Session::expect();
    let name = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let installation_type = RwSignal::new(InstallationType::Single);
    let deployment_model = RwSignal::new(DeploymentModel::Packaged);
    // Open while there is nothing yet (the workspace may still be loading), folded once there is.
    let nothing_yet =
        Memo::new(move |_| session.workspace().with(|ws| ws.packs().next().is_none()));
    let form = use_command();
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let command = Command::CreatePack(CreatePack {
            name: name.get_untracked(),
            description: description.get_untracked(),
            installation_type: installation_type.get_untracked(),
            deployment_model: deployment_model.get_untracked(),
        });
        let done = format!("Created {}.", name.get_untracked().trim());
        form.run_then(command, done, move || {
            name.set(String::new());
            description.set(String::new());
        });
    };
    view! {
        <CreateCard title="Create an integration pack" nothing_yet outcome=form.outcome()>
            <form class="stacked-form" on:submit=submit data-testid="create-pack">
                <div class="field">
                    <label for="pack-name">"Name"</label>
                    <input id="pack-name" maxlength="100" prop:value=move || name.get() on:input=move |event| name.set(event_target_value(&event)) />
                </div>
                <TextArea id="pack-description" label="Description" value=description rows=2 limit=DESCRIPTION_MAX />
                <ChoiceRadios name="installation-type" legend="Installation type (cannot be changed later)" value=installation_type />
                <ChoiceRadios name="deployment-model" legend="Deployment model" value=deployment_model />
                <div class="button-row">
                    <button type="submit" class="button">"Create pack"</button>
                </div>
            </form>
        </CreateCard>
    }
}

/// One pack's row in the list: what `rows` holds of it.
type PackRow = (PackId, String, InstallationType, String, usize, usize);

fn pack_row((id, name, installation_type, status, installs, newer): PackRow) -> AnyView {
    view! {
        <tr>
            <td><AppLink to=format!("/packs/{id}")>{name}</AppLink></td>
            <td>{installation_type.label()}</td>
            <td>{status}</td>
            <td class="number">{installs}</td>
            <td>
                {(newer > 0).then(|| view! {
                    <span class="badge badge-warning" title="Newer shareable package versions exist than the current release uses">
                        {format!("Newer versions available ({newer})")}
                    </span>
                })}
            </td>
        </tr>
    }
    .into_any()
}
