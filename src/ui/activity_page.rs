//! Activity: every event as a sentence, newest first, filtered by pack, account and kind.

use leptos::prelude::*;

use crate::domain::queries::{self, ActivityFilter};
use crate::domain::{AccountId, EventKind, PackId};
use crate::ui::session::Session;
use crate::ui::widgets::{EmptyState, Page};

/// Events shown before "Show more".
const SHOWN_AT_FIRST: usize = 50;

#[component]
pub fn ActivityPage() -> impl IntoView {
    let session = Session::expect();
    let events = LocalResource::new(move || {
        let _saved = session.revision();
        async move { session.events().await }
    });
    let pack = RwSignal::new(None::<PackId>);
    let account = RwSignal::new(None::<AccountId>);
    let kind = RwSignal::new(None::<EventKind>);
    let shown = RwSignal::new(SHOWN_AT_FIRST);
    let packs = move || {
        session.workspace.with(|ws| {
            ws.packs()
                .map(|pack| (pack.id.0, pack.name.clone()))
                .collect::<Vec<_>>()
        })
    };
    let accounts = move || {
        session.workspace.with(|ws| {
            ws.accounts()
                .take(1_000)
                .map(|account| (account.id.0, account.name.clone()))
                .collect::<Vec<_>>()
        })
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
                <select id="activity-account" on:change=move |event| account.set(event_target_value(&event).parse().ok().map(AccountId))>
                    <option value="">"All accounts"</option>
                    {move || accounts().into_iter().map(|(id, name)| view! { <option value=id.to_string()>{name}</option> }).collect_view()}
                </select>
                <label for="activity-kind">"Kind"</label>
                <select id="activity-kind" on:change=move |event| kind.set(event_target_value(&event).parse::<usize>().ok().and_then(|index| EventKind::ALL.get(index).copied()))>
                    <option value="">"Everything"</option>
                    {EventKind::ALL.iter().enumerate().map(|(index, kind)| view! { <option value=index.to_string()>{kind.label()}</option> }).collect_view()}
                </select>
            </form>
            {move || {
                let Some(loaded) = events.get() else { return view! { <p class="hint">"Loading the activity log…"</p> }.into_any() };
                let events = match loaded {
                    Ok(events) => events,
                    Err(sentence) => return view! { <p class="notice notice-error" role="alert">{sentence}</p> }.into_any(),
                };
                let zone = session.zone();
                let filter = ActivityFilter { pack: pack.get(), account: account.get(), kind: kind.get() };
                let matching: Vec<_> = queries::activity(&events, filter).collect();
                if matching.is_empty() {
                    return view! {
                        <EmptyState title="Nothing has happened yet">
                            <p>"Every change — a package, a release, an install — is recorded here as a sentence with its time. Change the filters, or start from Packaged Components."</p>
                        </EmptyState>
                    }
                        .into_any();
                }
                let total = matching.len();
                view! {
                    <ol class="activity card" data-testid="activity">
                        {matching.into_iter().take(shown.get()).map(|event| view! {
                            <li>
                                <time>{zone.format_instant(event.at)}</time>
                                <span class="badge">{event.kind().label()}</span>
                                <span class="sentence">{event.sentence(zone)}</span>
                            </li>
                        }).collect_view()}
                    </ol>
                    {(total > shown.get()).then(|| view! {
                        <button type="button" class="button button-quiet" on:click=move |_| shown.update(|shown| *shown += SHOWN_AT_FIRST)>
                            {format!("Show more ({} of {total} shown)", shown.get())}
                        </button>
                    })}
                }
                    .into_any()
            }}
        </Page>
    }
}
