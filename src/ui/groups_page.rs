//! Account Groups: groups, their managed accounts and their integration packs.

use leptos::prelude::*;

use crate::domain::command::{
    AddAccountToGroup, AddPackToGroup, CreateGroup, DeleteGroup, RemoveAccountFromGroup,
    RemovePackFromGroup, RenameGroup,
};
use crate::domain::model::BoomiThing;
use crate::domain::{AccountId, Command, GroupId, PackId};
use crate::ui::session::Session;
use crate::ui::widgets::{
    page_count, use_command, use_current_name, use_filtered_pages, BoomiId, Chip, ConfirmButton,
    CreateByNameForm, EmptyState, FilterField, Notice, Page, Pager, RenameForm, PAGE_SIZE,
};

/// Account Groups: every group as a card (paged and filtered past 50), and the form that creates one.
#[component]
pub fn AccountGroupsPage() -> impl IntoView {
    let session = Session::expect();
    // Every group, in the order they were created, with its name lower-cased for the filter.
    let groups = Memo::new(move |_| {
        session.workspace().with(|ws| {
            ws.groups()
                .map(|group| (group.id, group.name.to_lowercase()))
                .collect::<Vec<_>>()
        })
    });
    let paged = move || groups.with(Vec::len) > PAGE_SIZE;
    // The filter and the pages are there only while the list is paged.
    let list = use_filtered_pages(groups, move |(_, name): &(GroupId, String), needle| {
        !paged() || name.contains(needle)
    });
    // A page of cards at a time: every card follows the workspace, and a thousand of them
    // made every save take a second.
    // (Unpaged, the list is one page: `shown` shows the first whatever page was left.)
    let shown = move || {
        list.shown(groups)
            .into_iter()
            .map(|(id, _)| id)
            .collect::<Vec<_>>()
    };
    // A group created here is the newest: shown on the last page.
    let created = Callback::new(move |()| {
        if paged() {
            list.set_filter(String::new());
            list.page
                .set(page_count(groups.with_untracked(Vec::len)) - 1);
        }
    });
    view! {
        <Page title="Account Groups" summary="Integration packs reach managed accounts as resources of the groups they belong to.">
            <CreateByNameForm
                title="Create an account group"
                field_id="group-name"
                button="Create group"
                nothing_yet=Memo::new(move |_| session.workspace().with(|ws| ws.groups().next().is_none()))
                command=|name| Command::CreateGroup(CreateGroup { name })
                created
            />
            <Show when=move || groups.with(Vec::is_empty)>
                <EmptyState title="No account groups yet">
                    <p>"Create a group, add managed accounts to it, then add released integration packs as its resources."</p>
                </EmptyState>
            </Show>
            <Show when=paged>
                <div class="inline-form list-filter">
                    <FilterField id="group-filter" label="Filter by name" placeholder="Type part of a name" list />
                    <span class="hint" aria-live="polite" data-testid="group-count">
                        {move || format!("{} of {} groups", list.count(), groups.with(Vec::len))}
                    </span>
                </div>
            </Show>
            <For each=shown key=|id| *id let:id>
                <GroupCard id=id />
            </For>
            <Show when=paged>
                <Pager page=list.page rows=Signal::derive(move || list.count()) label="Pages of account groups" />
            </Show>
        </Page>
    }
}

/// One group: its name (renamed in place), its accounts and packs, and deleting it.
#[component]
fn GroupCard(
    /// The group shown.
    id: GroupId,
) -> impl IntoView {
    let session = Session::expect();
    let form = use_command();
    let renaming = RwSignal::new(None::<String>);
    let name = use_current_name(id, |ws, id| {
        ws.group(id).ok().map(|group| group.name.as_str())
    });
    // Every member, by name; found by part of a name and paged, however many there are.
    let members = Memo::new(move |_| {
        session.workspace().with(|ws| {
            let mut members = ws
                .group(id)
                .map(|group| {
                    group
                        .accounts
                        .iter()
                        .filter_map(|account| ws.account(*account).ok())
                        .map(|account| (account.id, account.name.clone()))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default();
            members.sort_by(|a, b| a.1.cmp(&b.1));
            members
        })
    });
    let found = use_filtered_pages(members, |(_, name): &(AccountId, String), part| {
        part.is_empty() || name.to_lowercase().contains(part)
    });
    // Named outside `view!`: a `>` inside an attribute's closure would end the tag there.
    let more_than_a_page = move || found.count() > PAGE_SIZE;
    let packs = Memo::new(move |_| {
        session.workspace().with(|ws| {
            ws.group(id)
                .map(|group| {
                    group
                        .packs
                        .iter()
                        .filter_map(|pack| ws.pack(*pack).ok())
                        .map(|pack| (pack.id, pack.name.clone(), pack.current_release.is_none()))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    // The chips are built again only when these change: a teammate's change to one pack
    // or member replaces that chip alone (keyed by what it shows).
    let no_packs = Memo::new(move |_| packs.with(Vec::is_empty));
    let no_members = Memo::new(move |_| members.with(Vec::is_empty));
    let pack_choices = move || {
        session.workspace().with(|ws| {
            let group = ws.group(id).ok();
            ws.packs()
                .filter(|pack| group.is_none_or(|group| !group.packs.contains(&pack.id)))
                .map(|pack| (pack.id.0, pack.name.clone()))
                .collect::<Vec<_>>()
        })
    };
    view! {
        <section class="card" data-testid="group-card">
            <header class="card-header">
                <h2>{name}</h2>
                <BoomiId thing=BoomiThing::Group(id) />
                <div class="button-row">
                    <button type="button" class="button button-quiet" on:click=move |_| renaming.set(Some(name.get()))>"Rename"</button>
                    <ConfirmButton
                        label="Delete"
                        dialog="Delete the group"
                        question="Delete this group? Its accounts stay; they lose the packs it carries."
                        confirm="Delete it"
                        on_confirm=Callback::new(move |()| form.run(Command::DeleteGroup(DeleteGroup { group: id }), "Deleted the group."))
                    />
                </div>
            </header>
            <RenameForm
                field_id=format!("rename-{id}")
                renaming
                rename=Callback::new(move |name| Command::RenameGroup(RenameGroup { group: id, name }))
                done="Renamed the group."
                form
            />
            <div class="two-columns">
                <div>
                    <h3>"Integration packs"</h3>
                    {move || {
                        if no_packs.get() { return view! { <p class="hint">"No packs yet."</p> }.into_any(); }
                        view! {
                            <ul class="chips">
                                <For each=move || packs.get() key=|row| row.clone() let((pack, name, unreleased))>
                                    <Chip
                                        remove_label=format!("Remove {name} from the group")
                                        name
                                        badge=unreleased.then_some("not released")
                                        on_remove=Callback::new(move |()| form.run(Command::RemovePackFromGroup(RemovePackFromGroup { group: id, pack }), "Removed the pack from the group."))
                                    />
                                </For>
                            </ul>
                        }.into_any()
                    }}
                    <AddSelect label="Add integration pack" id=format!("add-pack-{id}") choices=Signal::derive(pack_choices) on_add=Callback::new(move |pack: u32| {
                        form.run(Command::AddPackToGroup(AddPackToGroup { group: id, pack: PackId(pack) }), "Added the pack to the group.");
                    }) />
                </div>
                <div>
                    <h3>{move || format!("Managed accounts ({})", members.with(Vec::len))}</h3>
                    {move || if no_members.get() {
                        view! { <p class="hint">"No accounts yet."</p> }.into_any()
                    } else {
                        view! {
                            <div class="inline-form">
                                <FilterField id=format!("find-member-{id}") label="Find in this group" placeholder="Part of a name" list=found />
                            </div>
                            <ul class="chips" data-testid="group-members">
                                <For each=move || found.shown(members) key=|row| row.clone() let((account, name))>
                                    <Chip
                                        remove_label=format!("Remove {name} from the group")
                                        name
                                        on_remove=Callback::new(move |()| form.run(Command::RemoveAccountFromGroup(RemoveAccountFromGroup { group: id, account }), "Removed the account from the group."))
                                    />
                                </For>
                            </ul>
                            <Show when=more_than_a_page>
                                <Pager page=found.page rows=Signal::derive(move || found.count()) label="Pages of the group's accounts" />
                            </Show>
                        }.into_any()
                    }}
                    <AddAccountSearch group=id on_add=Callback::new(move |account: AccountId| {
                        form.run(Command::AddAccountToGroup(AddAccountToGroup { group: id, account }), "Added the account to the group.");
                    }) />
                </div>
            </div>
            <Notice outcome=form.outcome() />
        </section>
    }
}

/// A labelled select of things to add, with its Add button.
#[component]
fn AddSelect(
    /// What the select is for.
    label: &'static str,
    /// The select's element id.
    id: String,
    /// The things that may be added: id and name.
    choices: Signal<Vec<(u32, String)>>,
    /// Called with the chosen id.
    on_add: Callback<u32>,
) -> impl IntoView {
    let chosen = RwSignal::new(None::<u32>);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if let Some(choice) = chosen.get_untracked() {
            on_add.run(choice);
            chosen.set(None);
        }
    };
    view! {
        <form class="inline-form" on:submit=submit>
            <label for=id.clone()>{label}</label>
            <select id=id on:change=move |event| chosen.set(event_target_value(&event).parse().ok())>
                <option value="" selected=move || chosen.get().is_none()>"Choose…"</option>
                {move || choices.get().into_iter().map(|(value, name)| view! { <option value=value.to_string()>{name}</option> }).collect_view()}
            </select>
            <button type="submit" class="button" disabled=move || chosen.get().is_none()>"Add"</button>
        </form>
    }
}

/// Most accounts the search offers at once.
const SEARCH_RESULTS: usize = 8;

/// Finds managed accounts not yet in the group by part of their name, and adds one.
/// A select would not do with 20,000 accounts.
#[component]
fn AddAccountSearch(
    /// The group the accounts would join.
    group: GroupId,
    /// Called with the chosen account.
    on_add: Callback<AccountId>,
) -> impl IntoView {
    let session = Session::expect();
    let typed = RwSignal::new(String::new());
    let matches = move || {
        let needle = typed.get().trim().to_lowercase();
        if needle.is_empty() {
            return Vec::new();
        }
        session.workspace().with(|ws| {
            let members = ws
                .group(group)
                .map(|group| group.accounts.clone())
                .unwrap_or_default();
            ws.accounts()
                .filter(|account| {
                    !members.contains(&account.id) && account.name.to_lowercase().contains(&needle)
                })
                .take(SEARCH_RESULTS)
                .map(|account| (account.id, account.name.clone()))
                .collect::<Vec<_>>()
        })
    };
    let field_id = format!("add-account-{group}");
    view! {
        <div class="inline-form">
            <label for=field_id.clone()>"Add managed account"</label>
            <input id=field_id type="search" placeholder="Type part of a name" prop:value=move || typed.get() on:input=move |event| typed.set(event_target_value(&event)) />
        </div>
        <ul class="search-results">
            {move || matches().into_iter().map(|(account, name)| {
                let label = format!("Add {name}");
                view! {
                    <li>
                        <span>{name}</span>
                        <button type="button" class="button button-quiet" aria-label=label on:click=move |_| {
                            on_add.run(account);
                            typed.set(String::new());
                        }>"Add"</button>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}
