//! Activity: every event as a sentence, newest first, filtered by pack, account and kind,
//! and exported as CSV. Each event shows its time in the zone in force when it happened.

use std::collections::BTreeSet;

use leptos::prelude::*;

use crate::domain::queries::{self, ActivityFilter};
use crate::domain::{AccountId, Event, EventKind, PackId, Workspace};
use crate::store::mentions::Mention;
use crate::ui::session::{Session, SessionError};
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
    let (listed, phase) = use_activity_rows(events);
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
            {move || match phase.get() {
                Phase::Loading => view! { <p class="hint">"Loading the activity log…"</p> }.into_any(),
                Phase::Failed(error) => view! { <p class="notice notice-error" role="alert">{error}</p> }.into_any(),
                Phase::Empty => view! {
                    <EmptyState title="Nothing has happened yet">
                        <p>"Every change — a package, a release, an install — is recorded here as a sentence with its time. Change the filters, or start from Packaged Components."</p>
                    </EmptyState>
                }
                    .into_any(),
                Phase::Listed { more } => view! {
                    <ol class="activity card" data-testid="activity">
                        <For each=move || listed.with(|listed| listed.rows.clone()) key=|row| row.clone() let:row>
                            <li>
                                <time>{row.time}</time>
                                <span class="badge">{row.kind}</span>
                                <span class="sentence">{row.sentence}</span>
                                <span class="author">{row.author}</span>
                            </li>
                        </For>
                    </ol>
                    {more.then(|| view! {
                        <button type="button" class="button button-quiet" on:click=move |_| shown.update(|shown| *shown += SHOWN_AT_FIRST)>
                            {move || format!("Show more ({} shown)", listed.with(|listed| listed.rows.len()))}
                        </button>
                    })}
                }
                    .into_any(),
            }}
        </Page>
    }
}

/// The events as their rows say them, and what the page shows. The list is built again
/// only when the phase changes; a new event adds its row and leaves the others' elements
/// as they are.
fn use_activity_rows(
    events: LocalResource<Result<(Vec<Event>, bool), SessionError>>,
) -> (Memo<Listed>, Memo<Phase>) {
    let session = Session::expect();
    let listed = Memo::new(move |_| {
        let shared = session.team_status().with(TeamStatus::is_shared);
        match events.get() {
            None => Listed::default(),
            Some(Err(error)) => Listed {
                failed: Some(error.to_string()),
                ..Listed::default()
            },
            Some(Ok((matching, more))) => Listed {
                loaded: true,
                failed: None,
                rows: session
                    .workspace()
                    .with(|ws| activity_rows(ws, &matching, shared)),
                more,
            },
        }
    });
    let phase = Memo::new(move |_| {
        listed.with(|listed| match (&listed.failed, listed.loaded) {
            (Some(error), _) => Phase::Failed(error.clone()),
            (None, false) => Phase::Loading,
            (None, true) if listed.rows.is_empty() => Phase::Empty,
            (None, true) => Phase::Listed { more: listed.more },
        })
    });
    (listed, phase)
}

/// The activity log as loaded for the filters: its rows, or why it could not be read.
#[derive(Clone, Debug, Default, PartialEq)]
struct Listed {
    loaded: bool,
    failed: Option<String>,
    rows: Vec<ActivityRow>,
    more: bool,
}

/// What the page shows; the list's elements are built again only when this changes.
#[derive(Clone, Debug, PartialEq)]
enum Phase {
    Loading,
    Failed(String),
    Empty,
    Listed { more: bool },
}

/// One event as its row says it. `repeat` tells apart events that read the same to the
/// second (a key must be unique).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct ActivityRow {
    time: String,
    kind: &'static str,
    sentence: String,
    author: String,
    repeat: usize,
}

/// The rows of `events`, each in the zone in force when it happened (history keeps its
/// zone).
fn activity_rows(ws: &Workspace, events: &[Event], shared: bool) -> Vec<ActivityRow> {
    let mut seen: std::collections::HashMap<(String, String), usize> = Default::default();
    events
        .iter()
        .map(|event| {
            let zone = ws.zone_at(event.at);
            let time = zone.format_instant(event.at);
            let sentence = event.sentence(zone);
            let repeat = seen.entry((time.clone(), sentence.clone())).or_default();
            *repeat += 1;
            ActivityRow {
                time,
                kind: event.kind().label(),
                sentence,
                author: event.author(shared).phrase(),
                repeat: *repeat,
            }
        })
        .collect()
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
