//! `use_command`: what a form needs to change the workspace — dispatch, whether it is under
//! way, and the outcome as a sentence — so that no view spawns its own task.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::outcome::Outcome;
use super::outcome::Refusal;
use crate::domain::boomi::{read_files, BoomiData, BoomiError, BoomiFile};
use crate::domain::{csv, Clock, Command, Event};
use crate::store::file::MAX_FILE_BYTES;
use crate::store::team::delivery::{Delivery, Ticket};
use crate::store::{ImportError, WorkspaceFile};
use crate::ui::browser;
use crate::ui::session::{Session, SessionError};
use crate::ui::team::{Connection, TeamChoice};

/// Every way a view changes the workspace (or reads it out whole).
pub enum Work {
    Command(Command),
    SetClock(Clock),
    LoadDemo,
    Reset,
    /// Reads, checks and imports a picked file; nothing changes unless all of it is sound.
    ImportFile(web_sys::File),
    /// Reads picked Boomi responses into `into` (what they hold, or what is wrong with
    /// them); nothing changes.
    ReadBoomiFiles {
        files: Vec<web_sys::File>,
        into: RwSignal<Option<Result<BoomiData, BoomiError>>>,
    },
    /// Brings what was read from Boomi into the workspace.
    ImportFromBoomi(BoomiData),
    /// Signs in to the team's CouchDB and shares the workspace through its database; what
    /// connecting did goes `into` (a sentence, or the choice the user must make).
    ConnectTeam {
        server: String,
        database: String,
        user: String,
        password: String,
        choice: TeamChoice,
        into: RwSignal<Option<Connection>>,
    },
    /// Signs in again after the CouchDB session ended.
    SignInAgain(String),
    /// Stops sharing; the local copy stays.
    DisconnectTeam,
    /// Downloads the export file under this name.
    Export {
        file_name: String,
    },
    /// Downloads the activity log's events that `keep` keeps as CSV, newest first.
    ExportActivity {
        file_name: String,
        keep: Box<dyn Fn(&Event) -> bool>,
    },
}

/// What a form says while its change, saved here, is on its way to the team's log.
pub const SENDING: &str = "Saved here; sending to the team\u{2026}";

/// A form's handle on its work. `Copy`, so that event handlers can take it.
#[derive(Clone, Copy)]
pub struct UseCommand {
    session: Session,
    /// How many dispatches are under way.
    running: RwSignal<u32>,
    /// The last outcome: a confirmation, or the sentence saying what went wrong.
    outcome: Outcome,
    /// In a shared workspace, the last change saved here and what to say once the team's
    /// log has it.
    following: RwSignal<Option<(Ticket, String)>>,
}

/// A handle for one form or button group. Like `Action::new_local`, but with only what
/// the forms use (the action's generic machinery cost the wasm 8 KB gzipped).
pub fn use_command() -> UseCommand {
    let session = Session::expect();
    let outcome = RwSignal::new(None);
    let following = RwSignal::new(None::<(Ticket, String)>);
    // In a shared workspace a change is done once the team's log has it: until then the
    // form says it is on its way; if a teammate's change made it impossible, the form
    // says that instead (and nothing else does).
    Effect::new(move |_| {
        let Some((ticket, done)) = following.get() else {
            return;
        };
        let said = match session.delivery(ticket) {
            Some(Delivery::Sending) => return outcome.set(Some(Ok(SENDING.to_owned()))),
            Some(Delivery::Dropped(sentence)) => Err(Refusal::Form(sentence)),
            Some(Delivery::Delivered) | None => Ok(done),
        };
        outcome.set(Some(said));
        following.set(None);
        session.forget_delivery(ticket);
    });
    on_cleanup(move || {
        if let Some((ticket, _)) = following.get_untracked() {
            session.forget_delivery(ticket);
        }
    });
    UseCommand {
        session,
        running: RwSignal::new(0),
        outcome,
        following,
    }
}

impl UseCommand {
    /// Carries out `command`; when it is saved, the notice says `done`.
    pub fn run(self, command: Command, done: impl Into<String>) {
        self.dispatch(Work::Command(command), done.into(), None);
    }

    /// `run`, and `then` once it is saved (to clear the form, or to move on).
    pub fn run_then(self, command: Command, done: impl Into<String>, then: impl Fn() + 'static) {
        self.dispatch(Work::Command(command), done.into(), Some(Box::new(then)));
    }

    /// Carries out any other work of the session.
    pub fn perform(self, work: Work, done: impl Into<String>) {
        self.dispatch(work, done.into(), None);
    }

    /// `perform`, and `then` once it is done.
    pub fn perform_then(self, work: Work, done: impl Into<String>, then: impl Fn() + 'static) {
        self.dispatch(work, done.into(), Some(Box::new(then)));
    }

    fn dispatch(self, work: Work, done: String, then: Option<Box<dyn Fn()>>) {
        let UseCommand {
            session,
            running,
            outcome,
            following,
        } = self;
        running.update(|running| *running += 1);
        spawn_local(async move {
            let result = perform(session, work).await;
            running.try_update(|running| *running -= 1);
            match result {
                Ok(ticket) => {
                    // A change that was followed before and is not yet done is left to
                    // the notices.
                    if let Some((earlier, _)) = following.try_get_untracked().flatten() {
                        session.forget_delivery(earlier);
                    }
                    match ticket {
                        Some(ticket) => {
                            following.try_set(Some((ticket, done)));
                        }
                        None => {
                            following.try_set(None);
                            outcome.try_set(Some(Ok(done)));
                        }
                    }
                    if let Some(then) = then {
                        then();
                    }
                }
                Err(error) => {
                    outcome.try_set(Some(Err(Refusal::Session(Box::new(error)))));
                }
            }
        });
    }

    /// Says what is wrong with the form's input; nothing is dispatched.
    pub fn refuse(self, sentence: impl Into<String>) {
        self.outcome.set(Some(Err(Refusal::Form(sentence.into()))));
    }

    /// Whether work is under way (to disable the form meanwhile).
    pub fn pending(self) -> bool {
        self.running.get() > 0
    }

    /// The outcome for a `Notice`.
    pub fn outcome(self) -> Outcome {
        self.outcome
    }
}

/// Does `work`; a command saved in a shared workspace comes back with its ticket.
async fn perform(session: Session, work: Work) -> Result<Option<Ticket>, SessionError> {
    match work {
        Work::Command(command) => session.execute(command).await,
        work => perform_rarely(session, work).await.map(|()| None),
    }
}

/// Any work, but called for all but commands: what Settings and the Activity page's export
/// ask for (files, the clock, the demo, Boomi, team sync). In the split build
/// (src/ui/app.rs) its code is a module of its own, fetched the first time such work is
/// done, so a first visit does not download it.
#[cfg_attr(feature = "split", leptos::lazy)]
async fn perform_rarely(session: Session, work: Work) -> Result<(), SessionError> {
    crate::ui::zone_table::provide();
    match work {
        Work::Command(command) => {
            let ticket = session.execute(command).await?;
            session.unfollowed(ticket);
            Ok(())
        }
        Work::SetClock(clock) => session.set_clock(clock).await,
        Work::LoadDemo => session.load_demo().await,
        Work::Reset => session.reset().await,
        Work::ImportFile(file) => session.import(read_file(file).await?).await,
        Work::ReadBoomiFiles { files, into } => {
            let mut read = Vec::new();
            for file in files {
                let name = file.name();
                read.push(BoomiFile {
                    text: file_text(file).await?,
                    name,
                });
            }
            into.try_set(Some(read_files(&read)));
            Ok(())
        }
        Work::ImportFromBoomi(data) => session.import_from_boomi(data).await,
        Work::ConnectTeam {
            server,
            database,
            user,
            password,
            choice,
            into,
        } => {
            let connection = session
                .connect_team(server, database, user, password, choice)
                .await?;
            into.try_set(Some(connection));
            Ok(())
        }
        Work::SignInAgain(password) => session.sign_in_again(password).await,
        Work::DisconnectTeam => session.disconnect_team().await,
        Work::Export { file_name } => {
            let text = session.export().await?;
            browser::download(&file_name, "application/json", &text).map_err(SessionError::Browser)
        }
        Work::ExportActivity { file_name, keep } => {
            let events = session.events().await?;
            let shared = session.team_account().is_some();
            let text = session.workspace().with_untracked(|ws| {
                csv::activity_csv(ws, events.iter().rev().filter(|event| keep(event)), shared)
            });
            browser::download(&file_name, "text/csv;charset=utf-8", &text)
                .map_err(SessionError::Browser)
        }
    }
}

/// The picked file's text as a checked workspace file.
async fn read_file(file: web_sys::File) -> Result<WorkspaceFile, SessionError> {
    WorkspaceFile::parse(&file_text(file).await?).map_err(SessionError::Import)
}

/// A picked file's text, if it is not too large to read.
async fn file_text(file: web_sys::File) -> Result<String, SessionError> {
    let bytes = file.size() as usize;
    if bytes > MAX_FILE_BYTES {
        return Err(SessionError::Import(ImportError::TooLarge { bytes }));
    }
    wasm_bindgen_futures::JsFuture::from(file.text())
        .await
        .ok()
        .and_then(|text| text.as_string())
        .ok_or_else(|| {
            SessionError::Browser(
                "The browser could not read that file. Nothing was changed.".to_owned(),
            )
        })
}
