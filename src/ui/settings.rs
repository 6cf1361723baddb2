//! Settings: the publisher's time zone, the clock, and the workspace's data (export,
//! import, demo, reset).

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, TimeZone};
use leptos::prelude::*;
use web_sys::HtmlInputElement;

use crate::domain::command::{SetPublisherContact, SetPublisherTimeZone};
use crate::domain::model::Contact;
use crate::domain::queries;
use crate::domain::{Clock, Command, PublisherZone};
use crate::ui::boomi::BoomiImportSection;
use crate::ui::browser;
use crate::ui::session::Session;
use crate::ui::team_sync::TeamSyncSection;
use crate::ui::widgets::{use_command, ConfirmButton, Notice, Page, TextField, Work};

/// Settings: the time zone, the clock, the workspace's data, team sync and the import from Boomi.
#[component]
pub fn SettingsPage() -> impl IntoView {
    view! {
        <Page title="Settings" summary="Your publisher time zone, the clock, your workspace's data, team sync, and import from Boomi.">
            <TimeZoneSection />
            <ContactSection />
            <ClockSection />
            <DataSection />
            <TeamSyncSection />
            <BoomiImportSection />
        </Page>
    }
}

/// The publisher's time zone, with the pending releases whose due instant a new zone moves.
#[component]
fn TimeZoneSection() -> impl IntoView {
    let session = Session::expect();
    // The field starts at the publisher's zone, once the workspace has loaded and
    // whenever it is saved (here or in another tab).
    let saved = Memo::new(move |_| session.zone());
    let typed = RwSignal::new(String::new());
    Effect::new(move |_| typed.set(saved.get().name().to_owned()));
    let form = use_command();
    let save = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let zone = match PublisherZone::parse(&typed.get_untracked()) {
            Ok(zone) => zone,
            Err(error) => return form.refuse(error.to_string()),
        };
        form.run(
            Command::SetPublisherTimeZone(SetPublisherTimeZone { time_zone: zone }),
            format!("Publisher time zone set to {zone}."),
        );
    };
    // What the pending releases would do under the zone being typed, before it is saved.
    let preview = move || {
        let zone = PublisherZone::parse(&typed.get()).ok()?;
        if zone == saved.get() {
            return None;
        }
        let now = session.now();
        let pending = session
            .workspace()
            .with(|ws| queries::pending_under_zone(ws, zone, now));
        (!pending.is_empty()).then(|| view! {
            <div class="card-inset" data-testid="zone-preview">
                <p>{format!("Pending releases would come due in {zone} at:")}</p>
                <ul>
                    {pending.into_iter().map(|release| {
                        let text = format!(
                            "Release {} of {} ({}): {} · {}",
                            release.release,
                            release.pack_name,
                            release.release_on_date,
                            zone.format_instant(release.due),
                            PublisherZone::utc().format_instant(release.due),
                        );
                        let class = if release.already_begun { "preview-refused" } else { "" };
                        view! {
                            <li class=class>
                                {text}
                                {release.already_begun.then_some(" — this date has already begun there: release or reschedule it first")}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </div>
        })
    };
    view! {
        <section class="card" aria-labelledby="zone-heading">
            <h2 id="zone-heading">"Publisher time zone"</h2>
            <p>
                "Currently " <strong data-testid="zone-now">{move || session.zone().name()}</strong>
                ". Releases scheduled for a date apply between midnight and 1 AM in this zone; changing it keeps their dates."
            </p>
            <form class="inline-form" on:submit=save>
                <label for="zone-input">"Time zone"</label>
                <input
                    id="zone-input"
                    list="zone-list"
                    placeholder="e.g. Europe/Berlin"
                    autocomplete="off"
                    prop:value=move || typed.get()
                    on:input=move |event| typed.set(event_target_value(&event))
                />
                <datalist id="zone-list">
                    {PublisherZone::all().map(|zone| view! { <option value=zone.name()></option> }).collect_view()}
                </datalist>
                <button type="submit" class="button">"Save time zone"</button>
                {browser::browser_zone().filter(|zone| *zone != saved.get_untracked()).map(|zone| view! {
                    <button type="button" class="button button-quiet" on:click=move |_| typed.set(zone.name().to_owned())>
                        {format!("Use this browser's zone ({zone})")}
                    </button>
                })}
            </form>
            {preview}
            <Notice outcome=form.outcome() />
        </section>
    }
}

/// The publisher's contact details, shown to managed accounts on packs that give none.
#[component]
fn ContactSection() -> impl IntoView {
    let session = Session::expect();
    // A memo, so that the form is refilled only when the saved contact itself changes.
    let saved = Memo::new(move |_| {
        session
            .workspace()
            .with(|ws| ws.publisher().contact.clone())
    });
    let name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    // Fill the form from what is saved, once it has loaded and whenever it is saved.
    Effect::new(move |_| {
        let contact = saved.get();
        name.set(contact.name);
        email.set(contact.email);
        phone.set(contact.phone);
    });
    let form = use_command();
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let contact = Contact {
            name: name.get_untracked(),
            email: email.get_untracked(),
            phone: phone.get_untracked(),
        };
        form.run(
            Command::SetPublisherContact(SetPublisherContact { contact }),
            "Saved the contact details.",
        );
    };
    view! {
        <section class="card" aria-labelledby="contact-heading">
            <h2 id="contact-heading">"Publisher contact"</h2>
            <p class="hint">"Managed accounts see these details on every pack that gives no contact of its own."</p>
            <form class="stacked-form" on:submit=submit>
                <TextField id="contact-name" label="Name" value=name />
                <TextField id="contact-email" label="E-mail" value=email />
                <TextField id="contact-phone" label="Phone" value=phone kind="tel" />
                <div class="button-row"><button type="submit" class="button">"Save contact"</button></div>
            </form>
            <Notice outcome=form.outcome() />
        </section>
    }
}

/// The workspace's clock: real time, or a simulated instant every tab shares.
#[component]
fn ClockSection() -> impl IntoView {
    let session = Session::expect();
    let typed = RwSignal::new(String::new());
    let form = use_command();
    let change = move |clock: Clock| {
        let done = match clock {
            Clock::Real => "The clock follows the real time again.".to_owned(),
            Clock::Simulated { at } => format!(
                "Simulated time is now {}.",
                session.zone_untracked().format_instant(at)
            ),
        };
        form.perform(Work::SetClock(clock), done);
    };
    let advance = move |step: TimeDelta| {
        change(
            session
                .clock_untracked()
                .advanced_by(step, browser::real_now()),
        )
    };
    let set_time = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let zone = session.zone_untracked();
        let Some(local) = parse_local_minute(&typed.get_untracked()) else {
            return form.refuse("Enter a date and a time, such as 2026-12-01 00:30.");
        };
        match zone.tz().from_local_datetime(&local).earliest() {
            Some(at) => change(Clock::Simulated { at: at.to_utc() }),
            None => form.refuse(format!(
                "{local} does not exist in {zone} (the clocks skip it): pick another time."
            )),
        }
    };
    view! {
        <section class="card" aria-labelledby="clock-heading">
            <h2 id="clock-heading">"Clock"</h2>
            <p>
                {move || if session.clock().is_simulated() { "A simulated clock is in use: " } else { "The clock follows the real time: " }}
                <strong data-testid="clock-now">{move || session.zone().format_instant(session.now())}</strong>
                ". Simulate time to demonstrate or test scheduled releases."
            </p>
            <div class="button-row">
                <button type="button" class="button" on:click=move |_| advance(TimeDelta::hours(1))>"Advance 1 hour"</button>
                <button type="button" class="button" on:click=move |_| advance(TimeDelta::days(1))>"Advance 1 day"</button>
                <Show when=move || session.clock().is_simulated()>
                    <button type="button" class="button button-quiet" on:click=move |_| change(Clock::Real)>"Use real time"</button>
                </Show>
            </div>
            <form class="inline-form" on:submit=set_time>
                <label for="clock-input">{move || format!("Simulated time ({})", session.zone())}</label>
                <input
                    id="clock-input"
                    type="datetime-local"
                    prop:value=move || typed.get()
                    on:input=move |event| typed.set(event_target_value(&event))
                />
                <button type="submit" class="button">"Set simulated time"</button>
            </form>
            <Notice outcome=form.outcome() />
        </section>
    }
}

/// The workspace's data: export, import, the demo and reset.
#[component]
fn DataSection() -> impl IntoView {
    let session = Session::expect();
    let form = use_command();
    // Nothing is exported, imported, replaced or erased before the workspace has loaded
    // (until then it is not known what would be lost), nor while one of these runs.
    let busy = move || form.pending() || !session.is_loaded();
    // Any recorded change is data the user may want to keep: a zone, a contact, one item.
    let is_empty = move || {
        session
            .workspace()
            .with(|workspace| workspace.newest_event_at().is_none())
    };

    let export = move |_| {
        let date = session
            .zone_untracked()
            .date_at(session.clock_untracked().now(browser::real_now()));
        let file_name = format!("packwright-workspace-{date}.json");
        let done = format!("Exported the workspace as {file_name}.");
        form.perform(Work::Export { file_name }, done);
    };
    let import = move |event: leptos::ev::Event| {
        let input: HtmlInputElement = event_target(&event);
        let Some(file) = input.files().and_then(|files| files.get(0)) else {
            return;
        };
        input.set_value("");
        let done = format!("Imported {}.", file.name());
        form.perform(Work::ImportFile(file), done);
    };
    view! {
        <section class="card" aria-labelledby="data-heading">
            <h2 id="data-heading">"Workspace data"</h2>
            <p>"Your workspace lives in this browser. Export it to keep a copy or to move it to another browser."</p>
            <div class="button-row">
                <button type="button" class="button" on:click=export disabled=busy>"Export workspace"</button>
                <label class="button file-button">
                    "Import workspace…"
                    <input type="file" accept=".json,application/json" on:change=import disabled=busy />
                </label>
                <ConfirmButton
                    label="Load demo workspace"
                    class="button"
                    disabled=Signal::derive(busy)
                    ask=Signal::derive(move || !is_empty())
                    dialog="Replace with the demo workspace"
                    question="The demo workspace replaces everything in this workspace. Export first if you want to keep it."
                    confirm="Replace with the demo"
                    keep="Cancel"
                    on_confirm=Callback::new(move |()| form.perform(Work::LoadDemo, "Loaded the demo workspace."))
                />
                <ConfirmButton
                    label="Reset workspace"
                    class="button button-danger"
                    disabled=Signal::derive(busy)
                    dialog="Erase the workspace"
                    question="Reset erases every component, pack, release, group, account and the activity log in this browser. This cannot be undone."
                    confirm="Erase everything"
                    keep="Cancel"
                    on_confirm=Callback::new(move |()| form.perform(Work::Reset, "The workspace is empty."))
                />
            </div>
            <Notice outcome=form.outcome() />
        </section>
    }
}

/// What a `datetime-local` field holds, `2026-12-01T00:30`, as a local date and time.
fn parse_local_minute(text: &str) -> Option<NaiveDateTime> {
    let (date, time) = text.trim().split_once('T')?;
    Some(
        date.parse::<NaiveDate>()
            .ok()?
            .and_time(time.parse::<NaiveTime>().ok()?),
    )
}
