//! Managed Accounts: the list (filtered and paged, fast with 20,000 accounts) and the
//! managed account's own view: the packs it can see, install, apply pending updates,
//! uninstall.

use leptos::prelude::*;

use crate::domain::command::{
    ApplyPendingUpdate, CreateAccount, Install, RenameAccount, Uninstall,
};
use crate::domain::model::{BoomiThing, InstallationType, Pack};
use crate::domain::queries;
use crate::domain::{AccountId, Command, InstanceId, PackId, PublisherZone};
use crate::ui::instance_settings::InstanceSettings;
use crate::ui::labels::contact_text;
use crate::ui::session::Session;
use crate::ui::update_report::UpdateReportForm;
use crate::ui::widgets::{
    use_command, use_current_name, use_filtered_pages, AppLink, BoomiId, ConfirmButton,
    CreateByNameForm, EmptyState, FilterField, Notice, Page, Pager, RenameForm, RoutedEntity,
    RoutedKind,
};

/// One account of the list, with its name lower-cased once for the filter.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct AccountRow {
    id: AccountId,
    lowercase_name: String,
    name: String,
    groups: usize,
    instances: usize,
}

/// One of an account's instances of a pack, as its row says it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct InstanceRow {
    instance: InstanceId,
    label: String,
    release: Option<u32>,
    pending: String,
    can_apply: bool,
    /// A release is pending: the account may report on it (once applied early).
    may_report: bool,
}

impl InstanceRow {
    fn new(view: &queries::InstanceView<'_>, zone: PublisherZone) -> InstanceRow {
        let pending = match view.pending {
            Some(pending) if pending.applied_early => format!(
                "Running release {} early (testing period until {} {zone})",
                pending.release, pending.release_on_date
            ),
            Some(pending) => format!(
                "Release {} applies anyway at {}",
                pending.release,
                zone.format_instant(pending.due)
            ),
            None => "\u{2014}".to_owned(),
        };
        InstanceRow {
            instance: view.instance.id,
            label: view
                .instance
                .integration_pack_override_name
                .clone()
                .unwrap_or_else(|| "Installed".to_owned()),
            release: view.release,
            pending,
            can_apply: view.pending.is_some_and(|pending| !pending.applied_early),
            may_report: view.pending.is_some(),
        }
    }
}

/// Managed Accounts: every account (paged and filtered), and the form that creates one.
#[component]
pub fn ManagedAccountsPage() -> impl IntoView {
    let session = Session::expect();
    // Lower-cased names, computed once per change of the workspace, so that a keystroke
    // in the filter only scans strings.
    let index = Memo::new(move |_| {
        session.workspace().with(|ws| {
            ws.accounts()
                .map(|account| AccountRow {
                    id: account.id,
                    lowercase_name: account.name.to_lowercase(),
                    name: account.name.clone(),
                    groups: account.groups.len(),
                    instances: account.instances.len(),
                })
                .collect::<Vec<_>>()
        })
    });
    let list = use_filtered_pages(index, |row: &AccountRow, needle| {
        row.lowercase_name.contains(needle)
    });
    // The list below is built again only when this changes: a teammate's change to one
    // account replaces that account's row, never the table.
    let no_accounts = Memo::new(move |_| index.with(Vec::is_empty));
    view! {
        <Page title="Managed Accounts" summary="The accounts you publish to, and what each of them has installed.">
            <CreateByNameForm
                title="Add a managed account"
                field_id="account-name"
                button="Add account"
                nothing_yet=no_accounts
                command=|name| Command::CreateAccount(CreateAccount { name })
            />
            {move || {
                if no_accounts.get() {
                    return view! {
                        <EmptyState title="No managed accounts yet">
                            <p>"Add a managed account above, or load the demo workspace from Settings to see a realistic install base."</p>
                        </EmptyState>
                    }
                        .into_any();
                }
                view! {
                    <section class="card">
                        <div class="inline-form">
                            <FilterField id="account-filter" label="Filter by name" placeholder="Type part of a name" list />
                            <span class="hint" aria-live="polite" data-testid="account-count">
                                {move || format!("{} of {} accounts", list.count(), index.with(Vec::len))}
                            </span>
                        </div>
                        <table class="table" data-testid="account-list">
                            <thead>
                                <tr>
                                    <th scope="col">"Account"</th>
                                    <th scope="col" class="number">"Groups"</th>
                                    <th scope="col" class="number">"Installed instances"</th>
                                </tr>
                            </thead>
                            <tbody>
                                // Keyed rows: a keystroke that leaves a row on the page leaves its DOM alone.
                                <For each=move || list.shown(index) key=|row| row.clone() let:row>
                                    <tr>
                                        <td><AppLink to=format!("/accounts/{}", row.id)>{row.name.clone()}</AppLink></td>
                                        <td class="number">{row.groups}</td>
                                        <td class="number">{row.instances}</td>
                                    </tr>
                                </For>
                            </tbody>
                        </table>
                        <Pager page=list.page rows=Signal::derive(move || list.count()) label="Pages of accounts" />
                    </section>
                }
                    .into_any()
            }}
        </Page>
    }
}

/// The managed account's own view of Packwright.
#[component]
pub fn AccountPage() -> impl IntoView {
    view! {
        <RoutedEntity
            kind=RoutedKind::Account
            found=|id| view! { <AccountView id=AccountId(id) /> }.into_any()
        />
    }
}

/// One managed account as it sees Packwright: the packs shared with it, its instances, and renaming it.
#[component]
fn AccountView(
    /// The account shown.
    id: AccountId,
) -> impl IntoView {
    let session = Session::expect();
    let form = use_command();
    let renaming = RwSignal::new(None::<String>);
    let name = use_current_name(id, |ws, id| {
        ws.account(id).ok().map(|account| account.name.as_str())
    });
    let visible = move || {
        session.workspace().with(|ws| {
            queries::visible_packs(ws, id)
                .into_iter()
                .collect::<Vec<_>>()
        })
    };
    view! {
        <section class="page">
            <header class="page-header page-header-actions">
                <div>
                    <p class="breadcrumb"><AppLink to="/accounts">"Managed Accounts"</AppLink></p>
                    <h1>{name}</h1>
                    <p class="page-summary">"What this managed account sees: the integration packs its account groups carry, and its installed instances."</p>
                    <BoomiId thing=BoomiThing::Account(id) />
                </div>
                <button type="button" class="button button-quiet" on:click=move |_| renaming.set(Some(name.get()))>"Rename"</button>
            </header>
            <RenameForm
                field_id="account-rename".to_owned()
                renaming
                rename=Callback::new(move |name| Command::RenameAccount(RenameAccount { account: id, name }))
                done="Renamed the account."
                form
                class="inline-form card"
            />
            <Notice outcome=form.outcome() />
            <Show when=move || visible().is_empty()>
                <EmptyState title="No integration packs available to this account">
                    <p>"Add the account to an account group that carries a released integration pack."</p>
                </EmptyState>
            </Show>
            <For each=visible key=|pack| *pack let:pack>
                <AvailablePack account=id pack=pack />
            </For>
        </section>
    }
}

/// One pack as the managed account sees it, with its instances and what it can do.
#[component]
fn AvailablePack(
    /// The account looking.
    account: AccountId,
    /// The pack shown.
    pack: PackId,
) -> impl IntoView {
    let session = Session::expect();
    let form = use_command();
    let override_name = RwSignal::new(String::new());
    // The instance whose report form is open, with its name on a multiple-attachments pack.
    let reporting = RwSignal::new(None::<(InstanceId, String)>);
    // The instance whose settings are open, the same way.
    let configuring = RwSignal::new(None::<(InstanceId, String)>);
    // Each reads what it needs from the workspace, never a copy of the whole pack (its
    // instances and install history can be large).
    let multi = move || {
        session.read_pack(pack, |_, pack| {
            pack.installation_type == InstallationType::Multi
        })
    };
    // Each row as shown; the table is built again only when there come to be instances
    // or none, and a teammate's change replaces only the rows whose text it changes.
    let instances = Memo::new(move |_| {
        session.workspace().with(|ws| {
            let zone = ws.publisher().time_zone;
            queries::account_instances(ws, account)
                .into_iter()
                .filter(|view| view.pack.id == pack)
                .map(|view| InstanceRow::new(&view, zone))
                .collect::<Vec<_>>()
        })
    });
    let no_instances = Memo::new(move |_| instances.with(Vec::is_empty));
    let install = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let name = multi().then(|| override_name.get_untracked());
        form.run_then(
            Command::Install(Install {
                account,
                pack,
                integration_pack_override_name: name,
            }),
            "Installed.",
            move || override_name.set(String::new()),
        );
    };
    let apply = move |instance: Option<InstanceId>| {
        form.run(
            Command::ApplyPendingUpdate(ApplyPendingUpdate {
                account,
                pack,
                instance,
            }),
            "Applied the pending update.",
        );
    };
    let field =
        move |read: fn(&Pack) -> String| move || session.read_pack(pack, |_, pack| read(pack));
    let installable = move || multi() || no_instances.get();
    let contact_text = move || session.workspace().with(|ws| contact_text(ws, pack));
    let pending_waiting =
        move || instances.with(|rows| rows.iter().filter(|row| row.can_apply).count());
    let installation_guide = field(|pack| pack.installation_guide.clone());
    let user_guide = field(|pack| pack.user_guide.clone());
    view! {
        <section class="card" data-testid="available-pack">
            <header class="card-header">
                <h2>{field(|pack| pack.name.clone())}</h2>
                <span class="badge">{field(|pack| pack.installation_type.label().to_owned())}</span>
            </header>
            <p>{field(|pack| pack.description.clone())}</p>
            <details>
                <summary>"Installation guide"</summary>
                <p class="prose">{move || guide(installation_guide())}</p>
            </details>
            <details>
                <summary>"User guide"</summary>
                <p class="prose">{move || guide(user_guide())}</p>
            </details>
            <p class="hint">"Publisher contact: " {contact_text}</p>
            <ReleaseNotes pack=pack />
            <Show when=installable>
                <form class="inline-form" on:submit=install data-testid="install-form">
                    <Show when=multi>
                        <label for=format!("override-{pack}")>"Name of this instance"</label>
                        <input id=format!("override-{pack}") maxlength="100" placeholder="e.g. Berlin store" prop:value=move || override_name.get() on:input=move |event| override_name.set(event_target_value(&event)) />
                    </Show>
                    <button type="submit" class="button">"Install"</button>
                </form>
            </Show>
            {move || {
                (!no_instances.get()).then(|| view! {
                    <table class="table" data-testid="instances">
                        <thead><tr><th scope="col">"Instance"</th><th scope="col">"Release"</th><th scope="col">"Pending update"</th><th scope="col"><span class="visually-hidden">"Actions"</span></th></tr></thead>
                        <tbody>
                            <For each=move || instances.get() key=|row| row.clone() let:row>
                                {
                                    let instance = row.instance;
                                    let uninstall_label = format!("Uninstall {}", row.label);
                                    // What the instance is called: the pack, and its own name on a
                                    // multiple-attachments pack.
                                    let pack_name = field(|pack| pack.name.clone())();
                                    let called = if multi() { format!("{pack_name}: {}", row.label) } else { pack_name };
                                    let report_label = format!("Report on this update: {called}");
                                    let settings_label = format!("Settings of {called}");
                                    let reported = called.clone();
                                    view! {
                                        <tr>
                                            <td>{row.label} <BoomiId thing=BoomiThing::Instance(instance) /></td>
                                            <td>{row.release.map(|release| format!("Release {release}")).unwrap_or_default()}</td>
                                            <td>{row.pending}</td>
                                            <td class="actions">
                                                {row.can_apply.then(|| view! { <button type="button" class="button" on:click=move |_| apply(Some(instance))>"Apply Pending Updates"</button> })}
                                                <button type="button" class="button button-quiet" aria-label=settings_label on:click=move |_| configuring.set(Some((instance, called.clone())))>"Settings"</button>
                                                {row.may_report.then(|| view! { <button type="button" class="button button-quiet" aria-label=report_label on:click=move |_| reporting.set(Some((instance, reported.clone())))>"Report on this update"</button> })}
                                                <ConfirmButton
                                                    label="Uninstall"
                                                    accessible_name=uninstall_label
                                                    dialog="Uninstall this instance"
                                                    question="Uninstall it? Its configuration in this account is lost."
                                                    confirm="Yes, uninstall"
                                                    inline=true
                                                    on_confirm=Callback::new(move |()| form.run(Command::Uninstall(Uninstall { account, instance }), "Uninstalled."))
                                                />
                                            </td>
                                        </tr>
                                    }
                                }
                            </For>
                        </tbody>
                    </table>
                })
            }}
            {move || configuring.get().map(|(instance, called)| view! {
                <InstanceSettings account instance called close=Callback::new(move |()| configuring.set(None)) />
            })}
            {move || reporting.get().map(|(instance, called)| view! {
                <UpdateReportForm account pack instance called close=Callback::new(move |()| reporting.set(None)) />
            })}
            <Show when=move || { multi() && pending_waiting() > 1 }>
                <button type="button" class="button" on:click=move |_| apply(None)>"Apply Pending Updates to all instances"</button>
            </Show>
            <Notice outcome=form.outcome() />
        </section>
    }
}

/// What the managed account is told about a pack's releases: the current one's number,
/// notes and versions, and the pending one's notes, changes and due instant.
#[component]
fn ReleaseNotes(
    /// The pack whose releases are told about.
    pack: PackId,
) -> impl IntoView {
    let session = Session::expect();
    let current = move || session.read_pack(pack, queries::current_summary);
    let pending = move || session.read_pack(pack, queries::pending_summary);
    let notes = |notes: String| {
        if notes.trim().is_empty() {
            "No release notes.".to_owned()
        } else {
            notes
        }
    };
    view! {
        {move || current().map(|release| view! {
            <div class="release-notes" data-testid="current-release">
                <h3>{format!("Current release: Release {}", release.number)}</h3>
                <p class="prose">{notes(release.notes)}</p>
                <ul class="versions">
                    {release.versions.into_iter().map(|(component, version)| view! { <li>{format!("{component} {version}")}</li> }).collect_view()}
                </ul>
            </div>
        })}
        {move || pending().map(|release| {
            let zone = session.zone();
            let due = format!(
                "Applies to every instance that has not applied it at {} ({}).",
                zone.format_instant(release.due),
                crate::domain::PublisherZone::utc().format_instant(release.due)
            );
            view! {
                <div class="release-notes card-highlight" data-testid="pending-notes">
                    <h3>{format!("Pending release: Release {} (testing period until {} {zone})", release.number, release.release_on_date)}</h3>
                    <p>{due}</p>
                    <p class="prose">{notes(release.notes)}</p>
                    <ul class="versions">
                        {release.changes.into_iter().map(|change| {
                            let text = match (change.from, change.to) {
                                (Some(from), Some(to)) => format!("{}: {from} → {to}", change.component),
                                (None, Some(to)) => format!("{}: added at {to}", change.component),
                                (Some(from), None) => format!("{}: {from}, removed", change.component),
                                (None, None) => change.component,
                            };
                            view! { <li>{text}</li> }
                        }).collect_view()}
                    </ul>
                </div>
            }
        })}
    }
}

/// A guide as the managed account reads it, or a line saying there is none.
fn guide(text: String) -> String {
    if text.trim().is_empty() {
        "The publisher has not written one.".to_owned()
    } else {
        text
    }
}
