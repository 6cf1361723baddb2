//! Activity: every event as a sentence, newest first, filtered by pack, account and kind,
//! and exported as CSV. Each event shows its time in the zone in force when it happened.

use std::collections::BTreeSet;

use leptos::prelude::*;

use crate::domain::queries::{self, ActivityFilter};
use crate::domain::{AccountId, Event, EventKind, PackId};
use crate::store::mentions::Mention;
use crate::ui::session::Session;
use crate::ui::team::TeamStatus;
use crate::ui::widgets::{use_command, EmptyState, Notice, Page, Work};

/// Events shown before "Show more".
const SHOWN_AT_FIRST: usize = 50;
/// Up to this many accounts matching the typed name, the history index finds their
/// events; more match a part common to many names, whose events are everywhere in the log.
const INDEXED_ACCOUNTS: usize = 200;

/// Activity: the log newest first, filtered by pack, account and kind, with who made each change and a CSV export.
#[component]
pub fn ActivityPage() -> impl IntoView {
    let session = Session::expect();
    let pack = RwSignal::new(None::<PackId>);
    let account_search = RwSignal::new(String::new());
    let kind = RwSignal::new(None::<EventKind>);
    let shown = RwSignal::new(SHOWN_AT_FIRST);
    let packs = move || {
        session.workspace().with(|ws| {
            ws.packs()
                .map(|pack| (pack.id.0, pack.name.clone()))
                .collect::<Vec<_>>()
        })
    };
    // The accounts whose name holds what is typed; `None` while nothing is typed.
    let accounts = Memo::new(move |_| {
        let part = account_search.get();
        (!part.trim().is_empty()).then(|| {
            session
                .workspace()
                .with(|ws| queries::accounts_named(ws, &part))
        })
    });
    let passes =
        move |event: &Event, filter: ActivityFilter, accounts: &Option<BTreeSet<AccountId>>| {
            filter.matches(event)
                && accounts.as_ref().is_none_or(|accounts| {
                    event
                        .account()
                        .is_some_and(|account| accounts.contains(&account))
                })
        };
    let filter = move || ActivityFilter {
        pack: pack.get(),
        account: None,
        kind: kind.get(),
    };
    // The first `shown` events that pass the filters, newest first, read from the newest
    // end of the log; again after every save and every change of the filters.
    let events = LocalResource::new(move || {
        let _saved = session.revision();
        let (filter, accounts, limit) = (filter(), accounts.get(), shown.get());
        let within = index_lookup(filter, accounts.as_ref());
        async move {
            session
                .recent_events(limit, move |event| passes(event, filter, &accounts), within)
                .await
        }
    });
    let form = use_command();
    let export = move |_| {
        let (filter, accounts) = (filter(), accounts.get_untracked());
        let file_name = "Packwright activity.csv".to_owned();
        let done = format!("Exported {file_name}.");
        let keep = Box::new(move |event: &Event| passes(event, filter, &accounts));
        form.perform(Work::ExportActivity { file_name, keep }, done);
    };
    view! {
        <Page title="Activity" summary="Everything that happened in this workspace, newest first.">
            <form class="inline-form card" aria-label="Filter the activity" on:submit=|event| event.prevent_default()>
                <label for="activity-pack">"Pack"</label>
                <select id="activity-pack" on:change=move |event| pack.set(event_target_value(&event).parse().ok().map(PackId))>
                    <option value="">"All packs"</option>
                    {move || packs().into_iter().map(|(id, name)| view! { <option value=id.to_string()>{name}</option> }).collect_view()}
                </select>
                <label for="activity-account">"Account"</label>
                <input id="activity-account" type="search" placeholder="Part of an account's name" prop:value=move || account_search.get() on:input=move |event| account_search.set(event_target_value(&event)) />
                <label for="activity-kind">"Kind"</label>
                <select id="activity-kind" on:change=move |event| kind.set(event_target_value(&event).parse::<usize>().ok().and_then(|index| EventKind::ALL.get(index).copied()))>
                    <option value="">"Everything"</option>
                    {EventKind::ALL.iter().enumerate().map(|(index, kind)| view! { <option value=index.to_string()>{kind.label()}</option> }).collect_view()}
                </select>
                <button type="button" class="button button-quiet" on:click=export>"Export CSV"</button>
            </form>
            <Notice outcome=form.outcome() />
            {move || {
                let Some(loaded) = events.get() else { return view! { <p class="hint">"Loading the activity log…"</p> }.into_any() };
                let (matching, more) = match loaded {
                    Ok(page) => page,
                    Err(error) => return view! { <p class="notice notice-error" role="alert">{error.to_string()}</p> }.into_any(),
                };
                if matching.is_empty() {
                    return view! {
                        <EmptyState title="Nothing has happened yet">
                            <p>"Every change — a package, a release, an install — is recorded here as a sentence with its time. Change the filters, or start from Packaged Components."</p>
                        </EmptyState>
                    }
                        .into_any();
                }
                let count = matching.len();
                let shared = session.team_status().with(TeamStatus::is_shared);
                view! {
                    <ol class="activity card" data-testid="activity">
                        {session.workspace().with(|ws| matching.into_iter().map(|event| {
                            // History keeps its zone: the zone in force when it happened.
                            let zone = ws.zone_at(event.at);
                            view! {
                                <li>
                                    <time>{zone.format_instant(event.at)}</time>
                                    <span class="badge">{event.kind().label()}</span>
                                    <span class="sentence">{event.sentence(zone)}</span>
                                    <span class="author">{event.author(shared).phrase()}</span>
                                </li>
                            }
                        }).collect_view())}
                    </ol>
                    {more.then(|| view! {
                        <button type="button" class="button button-quiet" on:click=move |_| shown.update(|shown| *shown += SHOWN_AT_FIRST)>
                            {format!("Show more ({count} shown)")}
                        </button>
                    })}
                }
                    .into_any()
            }}
        </Page>
    }
}

/// What the history index should look up for these filters: the matching accounts when
/// they are few, else the pack, else the kind; `None` reads the log from its newest end.
fn index_lookup(
    filter: ActivityFilter,
    accounts: Option<&BTreeSet<AccountId>>,
) -> Option<Vec<Mention>> {
    match (accounts, filter.pack, filter.kind) {
        (Some(accounts), ..) if accounts.len() <= INDEXED_ACCOUNTS => {
            Some(accounts.iter().copied().map(Mention::Account).collect())
        }
        (_, Some(pack), _) => Some(vec![Mention::Pack(pack)]),
        (_, None, Some(kind)) => Some(vec![Mention::Kind(kind)]),
        _ => None,
    }
}
