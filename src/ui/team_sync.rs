//! Settings → Team sync: share the workspace with the team through CouchDB, see where it
//! stands, sign in again, disconnect. The footer's status line and the notices of changes
//! a teammate's change made impossible are here too.

use leptos::prelude::*;

use crate::store::team::{database_name, server_address};
use crate::ui::session::Session;
use crate::ui::team::{Connection, TeamAccount, TeamChoice, TeamStatus};
use crate::ui::widgets::{use_command, ConfirmButton, Notice, TextField, UseCommand, Work};

/// Settings → Team sync: connecting to the team's CouchDB database, or, while shared, where sync stands.
#[component]
pub fn TeamSyncSection() -> impl IntoView {
    let session = Session::expect();
    // A memo: the form must not be rebuilt (losing what it says) as the status moves.
    let shared = Memo::new(move |_| {
        session
            .team_status()
            .with(|status| !matches!(status, TeamStatus::Off | TeamStatus::Connecting))
    });
    // Kept here, not in the form: connecting replaces the form with the shared panel, and
    // what connecting did ("Uploaded this workspace…") must stay on screen.
    let connection = RwSignal::new(None::<Connection>);
    let shared_form = use_command();
    let connected = Signal::derive(move || match connection.get() {
        Some(Connection::Connected(sentence)) if shared.get() => Some(Ok(sentence)),
        _ => None,
    });
    view! {
        <section class="card" aria-labelledby="team-heading">
            <h2 id="team-heading">"Team sync"</h2>
            <p>
                "Share this workspace with your team through your CouchDB database. It stays in this browser too: you keep working offline, and your changes are sent when the server answers."
            </p>
            {move || if shared.get() { view! { <SharedPanel form=shared_form /> }.into_any() } else { view! { <ConnectForm connection /> }.into_any() }}
            <Notice outcome=connected />
            <Notice outcome=shared_form.outcome() />
        </section>
    }
}

/// Server, database, user name and password; what connecting found goes `connection`.
#[component]
fn ConnectForm(
    /// What connecting found: set when the user must choose between two histories.
    connection: RwSignal<Option<Connection>>,
) -> impl IntoView {
    let server = RwSignal::new(String::new());
    let database = RwSignal::new(String::new());
    let user = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let form = use_command();
    let connect = move |choice: TeamChoice| {
        let server = match server_address(&server.get_untracked()) {
            Ok(server) => server,
            Err(sentence) => return form.refuse(sentence),
        };
        let database = match database_name(&database.get_untracked()) {
            Ok(database) => database,
            Err(sentence) => return form.refuse(sentence),
        };
        let user = user.get_untracked().trim().to_owned();
        if user.is_empty() {
            return form.refuse("Type your CouchDB user name.");
        }
        let typed = password.get_untracked();
        if typed.is_empty() {
            return form.refuse("Type your CouchDB password.");
        }
        connection.set(None);
        // Once connected, the form (and the password typed in it) is gone from the page.
        form.perform(
            Work::ConnectTeam {
                server,
                database,
                user,
                password: typed,
                choice,
                into: connection,
            },
            "",
        );
    };
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        connect(TeamChoice::Ask);
    };
    let choice = move || match connection.get() {
        Some(Connection::Choose { team_revision }) => Some(view! {
            <div class="card-inset" role="group" aria-labelledby="team-choice-heading">
                <h3 id="team-choice-heading">"Both have history"</h3>
                <p>
                    {format!("This browser's workspace has history, and so has the database ({team_revision} saved changes). Nothing is merged: use the team's workspace (this one is downloaded first as an export file), or connect to an empty database to share this one.")}
                </p>
                <div class="button-row">
                    <button type="button" class="button button-primary" on:click=move |_| connect(TeamChoice::UseTeams)>"Use the team's workspace"</button>
                    <button type="button" class="button button-quiet" on:click=move |_| connection.set(None)>"Cancel"</button>
                </div>
            </div>
        }),
        _ => None,
    };
    let outcome = Signal::derive(move || form.outcome().get().filter(Result::is_err));
    view! {
        <form class="stack" on:submit=submit>
            <TextField id="team-server" label="Server address" value=server kind="url" />
            <TextField id="team-database" label="Database name" value=database />
            <TextField id="team-user" label="User name" value=user />
            <div class="field">
                <label for="team-password">"Password"</label>
                <input id="team-password" type="password" autocomplete="current-password" prop:value=move || password.get() on:input=move |event| password.set(event_target_value(&event)) />
                <p class="hint">"Used once to sign in; never stored."</p>
            </div>
            <div class="button-row">
                <button type="submit" class="button button-primary" disabled=move || form.pending()>"Connect"</button>
            </div>
        </form>
        {choice}
        <Notice outcome=outcome />
    }
}

/// Where sharing stands, signing in again, and disconnecting; `form`'s outcome is shown by
/// the section (disconnecting replaces this panel with the connect form).
#[component]
fn SharedPanel(
    /// The section's form, whose outcome the section shows.
    form: UseCommand,
) -> impl IntoView {
    let session = Session::expect();
    let password = RwSignal::new(String::new());
    let account = move || {
        session.team_status().track();
        session.team_account()
    };
    let signed_out = move || {
        session
            .team_status()
            .with(|status| matches!(status, TeamStatus::SignedOut { .. }))
    };
    let sign_in = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let typed = password.get_untracked();
        if typed.is_empty() {
            return form.refuse("Type your CouchDB password.");
        }
        form.perform_then(Work::SignInAgain(typed), "Signed in again.", move || {
            password.set(String::new())
        });
    };
    view! {
        <p role="status" data-testid="team-status">{move || session.team_status().with(TeamStatus::sentence)}</p>
        {move || account().map(|TeamAccount { server, database, user }| view! {
            <p data-testid="team-account">{format!("Server {server}, database {database}, signed in as {user}.")}</p>
        })}
        <Show when=signed_out>
            <form class="stack" on:submit=sign_in>
                <div class="field">
                    <label for="team-password-again">"Password"</label>
                    <input id="team-password-again" type="password" autocomplete="current-password" prop:value=move || password.get() on:input=move |event| password.set(event_target_value(&event)) />
                </div>
                <div class="button-row">
                    <button type="submit" class="button button-primary" disabled=move || form.pending()>"Sign in again"</button>
                </div>
            </form>
        </Show>
        <div class="button-row">
            <ConfirmButton
                label="Disconnect"
                dialog="Stop sharing this workspace"
                question="Disconnect keeps this workspace in this browser, but stops sending and receiving changes. Changes not yet sent stay here only."
                confirm="Disconnect"
                keep="Stay connected"
                on_confirm=Callback::new(move |()| form.perform(Work::DisconnectTeam, "Disconnected: the workspace is in this browser only."))
            />
        </div>
    }
}

/// The footer's line on team sync, when the workspace is shared.
#[component]
pub fn TeamStatusLine() -> impl IntoView {
    let session = Session::expect();
    move || {
        session.team_status().with(|status| {
            (*status != TeamStatus::Off).then(|| {
                let class = match status {
                    TeamStatus::Connected { .. } | TeamStatus::Connecting => "badge",
                    _ => "badge badge-warning",
                };
                view! { <span class=class data-testid="team-sync-status">{status.sentence()}</span> }
            })
        })
    }
}

/// Changes made here that a teammate's change made impossible, until dismissed.
#[component]
pub fn TeamNotices() -> impl IntoView {
    let session = Session::expect();
    move || {
        let notices = session.team_notices().get();
        (!notices.is_empty()).then(|| view! {
            <div class="banner banner-warning" role="alert" data-testid="team-notices">
                <ul>{notices.into_iter().map(|notice| view! { <li>{notice}</li> }).collect_view()}</ul>
                <button type="button" class="button button-quiet" on:click=move |_| session.dismiss_team_notices()>"Dismiss"</button>
            </div>
        })
    }
}
