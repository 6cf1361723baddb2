//! One integration pack: its members and their versions, guides and contact, release
//! history, install base, early appliers, and the way into the release wizard.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::domain::command::{AddMember, EditPack, RemoveMember};
use crate::domain::model::{BoomiThing, Contact, Pack, Release, DESCRIPTION_MAX, GUIDE_MAX};
use crate::domain::queries::{self, PackStatus};
use crate::domain::{Command, ComponentId, PackId, PackageId};
use crate::ui::chart::InstallBaseChart;
use crate::ui::install_list::InstallList;
use crate::ui::labels::{component_name, status_text, version_label};
use crate::ui::pending_release::PendingRelease;
use crate::ui::release_history::ReleaseHistory;
use crate::ui::session::Session;
use crate::ui::widgets::{
    use_command, AppLink, BoomiId, ConfirmButton, Notice, RoutedEntity, RoutedKind, TextArea,
    TextField, UseCommand,
};

/// The page of the pack the address names.
#[component]
pub fn PackPage() -> impl IntoView {
    view! { <RoutedEntity kind=RoutedKind::Pack found=|id| view! { <PackDetails id=PackId(id) /> }.into_any() /> }
}

/// Everything about one pack: members, pending release, install base, history, details and deleting it.
#[component]
fn PackDetails(
    /// The pack shown.
    id: PackId,
) -> impl IntoView {
    let session = Session::expect();
    let name = move || session.read_pack(id, |_, pack| pack.name.clone());
    // A memo, so that the pending-release panel (and the message in it) is rebuilt only
    // when a release starts or stops being pending, not on every change.
    let pending = Memo::new(move |_| {
        session.read_pack(id, |ws, pack| {
            matches!(queries::pack_status(ws, pack), PackStatus::Pending { .. })
        })
    });
    let offered = move || session.read_pack(id, queries::release_would_change);
    let summary = move || {
        session.read_pack(id, |ws, pack| {
            format!(
                "{} · {} · {} · {}",
                pack.installation_type.label(),
                pack.deployment_model.label(),
                status_text(queries::pack_status(ws, pack), ws.publisher().time_zone),
                crate::domain::event::plural(
                    pack.instances.len(),
                    "installed instance",
                    "installed instances"
                )
            )
        })
    };
    view! {
        <section class="page">
            <header class="page-header page-header-actions">
                <div>
                    <p class="breadcrumb"><AppLink to="/packs">"Integration Packs"</AppLink></p>
                    <h1>{name}</h1>
                    <p class="page-summary" data-testid="pack-summary">{summary}</p>
                    <BoomiId thing=BoomiThing::Pack(id) />
                </div>
                <Show when=offered>
                    <AppLink to=format!("/packs/{id}/release") class="button">"Release Integration Pack"</AppLink>
                </Show>
            </header>
            <Show when=move || pending.get()>
                <PendingRelease id=id />
            </Show>
            <Members id=id />
            <InstallBase id=id />
            <InstallList id=id />
            <ReleaseHistory id=id />
            <PackDetailsForm id=id />
            <DeletePack id=id />
        </section>
    }
}

/// One member of the pack as the components table shows it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct MemberRow {
    component: ComponentId,
    name: String,
    kind: &'static str,
    pinned: String,
    /// Its version in the current release, if it is in one.
    in_current: Option<String>,
    in_pending: Option<String>,
    latest: String,
    /// A newer shareable version than the current release's exists.
    behind: bool,
}

/// The pack's members with the version each is staged at, newer versions, and removing one.
#[component]
fn Members(
    /// The pack whose members are shown.
    id: PackId,
) -> impl IntoView {
    let session = Session::expect();
    let form = use_command();
    let rows = Memo::new(move |_| {
        session.read_pack(id, |ws, pack| {
            let current = pack.current();
            let pending = pack.pending();
            pack.members
                .iter()
                .map(|(component, pinned)| {
                    let in_release = |release: Option<&Release>| {
                        release.and_then(|release| release.versions.get(component).copied())
                    };
                    let newest = queries::newest_shareable(ws, *component);
                    let in_current = in_release(current);
                    MemberRow {
                        component: *component,
                        name: component_name(ws, *component),
                        kind: ws
                            .component(*component)
                            .map(|c| c.kind.label())
                            .unwrap_or_default(),
                        pinned: version_label(ws, *pinned),
                        in_current: in_current.map(|package| version_label(ws, package)),
                        in_pending: in_release(pending).map(|package| version_label(ws, package)),
                        latest: newest
                            .map(|package| package.version.clone())
                            .unwrap_or_default(),
                        behind: in_current
                            .zip(newest)
                            .is_some_and(|(released, newest)| newest.id != released),
                    }
                })
                .collect::<Vec<_>>()
        })
    });
    // The table is built again only when this changes; a teammate's change to one member
    // replaces that member's row alone (keyed by what it shows).
    let no_members = Memo::new(move |_| rows.with(Vec::is_empty));
    view! {
        <section class="card" aria-labelledby="members-heading">
            <h2 id="members-heading">"Components"</h2>
            {move || {
                if no_members.get() {
                    return view! { <p class="hint">"No components yet: add shareable packaged components below."</p> }.into_any();
                }
                view! {
                    <table class="table" data-testid="members">
                        <thead>
                            <tr>
                                <th scope="col">"Component"</th>
                                <th scope="col">"Kind"</th>
                                <th scope="col">"In the pack"</th>
                                <th scope="col">"Current release"</th>
                                <th scope="col">"Pending release"</th>
                                <th scope="col">"Latest shareable"</th>
                                <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                            </tr>
                        </thead>
                        <tbody>
                            <For each=move || rows.get() key=|row| row.clone() let:row>
                                {
                                    let MemberRow { component, name, kind, pinned, in_current, in_pending, latest, behind } = row;
                                    let current = in_current.unwrap_or_else(|| "—".to_owned());
                                    let pending = in_pending.unwrap_or_else(|| "—".to_owned());
                                    let label = format!("Remove {name}");
                                    view! {
                                        <tr>
                                            <td>{name}</td>
                                            <td>{kind}</td>
                                            <td>{pinned}</td>
                                            <td>{current}</td>
                                            <td>{pending}</td>
                                            <td>{latest}{behind.then(|| view! { " " <span class="badge badge-warning">"newer"</span> })}</td>
                                            <td>
                                                <button type="button" class="button button-quiet" aria-label=label on:click=move |_| {
                                                    form.run(Command::RemoveMember(RemoveMember { pack: id, component }), "Removed from the pack.");
                                                }>"Remove"</button>
                                            </td>
                                        </tr>
                                    }
                                }
                            </For>
                        </tbody>
                    </table>
                }
                    .into_any()
            }}
            <AddMemberForm id=id form=form />
            <Notice outcome=form.outcome() />
        </section>
    }
}

/// Adds a component to the pack at one of its shareable versions.
#[component]
fn AddMemberForm(
    /// The pack the member joins.
    id: PackId,
    /// The members card's form, whose outcome the card shows.
    form: UseCommand,
) -> impl IntoView {
    let session = Session::expect();
    let chosen_component = RwSignal::new(None::<ComponentId>);
    let chosen_package = RwSignal::new(None::<PackageId>);
    let candidates = move || {
        session.workspace().with(|ws| {
            let members = ws
                .pack(id)
                .map(|pack| pack.members.clone())
                .unwrap_or_default();
            ws.components()
                .filter(|component| !members.contains_key(&component.id))
                .map(|component| (component.id, component.name.clone()))
                .collect::<Vec<_>>()
        })
    };
    let versions = move || {
        let Some(component) = chosen_component.get() else {
            return Vec::new();
        };
        session.workspace().with(|ws| {
            queries::shareable_packages(ws, component)
                .into_iter()
                .map(|package| (package.id, package.version.clone()))
                .collect::<Vec<_>>()
        })
    };
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let Some(component) = chosen_component.get_untracked() else {
            return form.refuse("Pick a component to add.".to_owned());
        };
        let command = Command::AddMember(AddMember {
            pack: id,
            component,
            package: chosen_package.get_untracked(),
        });
        form.run_then(command, "Added to the pack.", move || {
            chosen_component.set(None);
            chosen_package.set(None);
        });
    };
    view! {
        <form class="inline-form" on:submit=submit data-testid="add-member">
            <label for="member-component">"Add component"</label>
            <select id="member-component" on:change=move |event| {
                chosen_component.set(event_target_value(&event).parse::<u32>().ok().map(ComponentId));
                chosen_package.set(None);
            }>
                <option value="" selected=move || chosen_component.get().is_none()>"Choose a component…"</option>
                {move || candidates().into_iter().map(|(component, name)| view! { <option value=component.0.to_string() selected=move || chosen_component.get() == Some(component)>{name}</option> }).collect_view()}
            </select>
            <label for="member-version">"Version"</label>
            <select id="member-version" on:change=move |event| chosen_package.set(event_target_value(&event).parse::<u32>().ok().map(PackageId))>
                <option value="" selected=move || chosen_package.get().is_none()>"Newest shareable"</option>
                {move || versions().into_iter().map(|(package, label)| view! { <option value=package.0.to_string()>{label}</option> }).collect_view()}
            </select>
            <button type="submit" class="button">"Add to pack"</button>
        </form>
    }
}

/// How many instances run each release, now and over time (the chart), and the list of instances.
#[component]
fn InstallBase(
    /// The pack whose install base is shown.
    id: PackId,
) -> impl IntoView {
    let session = Session::expect();
    // Kept by the workspace as events are applied: no page recounts the log.
    let history = move || {
        session.read_pack(id, |_, pack| {
            pack.install_history
                .iter()
                .map(|point| (point.at, point.counts.clone()))
                .collect()
        })
    };
    // The first few by name; thousands of names would hold the page back, and the install
    // list (its "Applied early" column) has them all.
    let early = move || {
        session.read_pack(id, |ws, pack| {
            let named = queries::early_appliers(ws, pack)
                .into_iter()
                .take(EARLY_APPLIERS_NAMED)
                .map(|instance| {
                    let account = ws
                        .account(instance.account)
                        .map(|a| a.name.clone())
                        .unwrap_or_default();
                    match &instance.integration_pack_override_name {
                        Some(name) => format!("{account} ({name})"),
                        None => account,
                    }
                })
                .collect::<Vec<_>>();
            (named, pack.early_instances.len())
        })
    };
    view! {
        <section class="card" aria-labelledby="base-heading">
            <h2 id="base-heading">"Install base"</h2>
            <InstallBaseChart history=Signal::derive(history) zone=Signal::derive(move || session.zone()) />
            {move || {
                let (early, count) = early();
                let more = count.saturating_sub(early.len());
                (!early.is_empty()).then(|| view! {
                    <div data-testid="early-appliers">
                        <h3>"Applied the pending release early"</h3>
                        <ul>{early.into_iter().map(|name| view! { <li>{name}</li> }).collect_view()}</ul>
                        {(more > 0).then(|| view! {
                            <p class="hint">{format!("…and {} more: the installed instances below say which (\u{201c}Applied early\u{201d}).", crate::domain::event::plural(more, "instance", "instances"))}</p>
                        })}
                    </div>
                })
            }}
        </section>
    }
}

/// How many early appliers the install base names; the rest are counted.
const EARLY_APPLIERS_NAMED: usize = 20;

/// The pack's name, description, guides and contact, edited together.
#[component]
fn PackDetailsForm(
    /// The pack edited.
    id: PackId,
) -> impl IntoView {
    let session = Session::expect();
    // The form starts from the saved values and keeps what is typed until it is saved.
    // Each field is read alone: a copy of the pack would copy its instances and reports.
    let field = |read: fn(&Pack) -> &String| {
        RwSignal::new(session.workspace().with_untracked(|ws| {
            ws.pack(id)
                .map(|pack| read(pack).clone())
                .unwrap_or_default()
        }))
    };
    let name = field(|pack| &pack.name);
    let description = field(|pack| &pack.description);
    let installation_guide = field(|pack| &pack.installation_guide);
    let user_guide = field(|pack| &pack.user_guide);
    let contact_name = field(|pack| &pack.contact.name);
    let contact_email = field(|pack| &pack.contact.email);
    let contact_phone = field(|pack| &pack.contact.phone);
    let form = use_command();
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let command = Command::EditPack(EditPack {
            pack: id,
            name: name.get_untracked(),
            description: description.get_untracked(),
            installation_guide: installation_guide.get_untracked(),
            user_guide: user_guide.get_untracked(),
            contact: Contact {
                name: contact_name.get_untracked(),
                email: contact_email.get_untracked(),
                phone: contact_phone.get_untracked(),
            },
        });
        form.run(command, "Saved the pack's details.");
    };
    view! {
        <section class="card" aria-labelledby="details-heading">
            <h2 id="details-heading">"Details, guides and contact"</h2>
            <p class="hint">"Managed accounts see the description, both guides and the contact details when they install the pack."</p>
            <form class="stacked-form" on:submit=submit data-testid="pack-details">
                <TextField id="details-name" label="Name" value=name />
                <TextArea id="details-description" label="Description" value=description rows=2 limit=DESCRIPTION_MAX />
                <TextArea id="details-installation-guide" label="Installation guide" value=installation_guide limit=GUIDE_MAX />
                <TextArea id="details-user-guide" label="User guide" value=user_guide limit=GUIDE_MAX />
                <fieldset class="field">
                    <legend>"Contact for this pack"</legend>
                    <TextField id="details-contact-name" label="Name" value=contact_name />
                    <TextField id="details-contact-email" label="E-mail" value=contact_email />
                    <TextField id="details-contact-phone" label="Phone" value=contact_phone />
                </fieldset>
                <div class="button-row"><button type="submit" class="button">"Save details"</button></div>
            </form>
            <Notice outcome=form.outcome() />
        </section>
    }
}

/// Deletes the pack, after asking; refused while accounts have it installed.
#[component]
fn DeletePack(
    /// The pack deleted.
    id: PackId,
) -> impl IntoView {
    let _session = Session::expect();
    let form = use_command();
    let navigate = use_navigate();
    let delete = Callback::new(move |()| {
        let navigate = navigate.clone();
        form.run_then(
            Command::DeletePack(crate::domain::command::DeletePack { pack: id }),
            "Deleted the pack.",
            move || navigate("/packs", Default::default()),
        );
    });
    view! {
        <section class="card" aria-labelledby="delete-heading">
            <h2 id="delete-heading">"Delete this pack"</h2>
            <p class="hint">"A pack can be deleted only while no managed account has it installed."</p>
            <ConfirmButton
                label="Delete pack"
                class="button button-danger"
                dialog="Delete the pack"
                question="Delete this pack and its release history? This cannot be undone."
                confirm="Delete it"
                on_confirm=delete
            />
            <Notice outcome=form.outcome() />
        </section>
    }
}
