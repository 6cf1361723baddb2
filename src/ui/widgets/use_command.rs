//! `use_command`: what a form needs to change the workspace — dispatch, whether it is under
//! way, and the outcome as a sentence — on one `Action::new_local`, so no view spawns its
//! own task.

use std::rc::Rc;

use leptos::prelude::*;

use crate::domain::{Clock, Command};
use crate::store::file::MAX_FILE_BYTES;
use crate::store::{ImportError, WorkspaceFile};
use crate::ui::browser;
use crate::ui::session::{Session, SessionError};

/// Every way a view changes the workspace (or reads it out whole).
pub enum Work {
    Command(Command),
    SetClock(Clock),
    LoadDemo,
    Reset,
    /// Reads, checks and imports a picked file; nothing changes unless all of it is sound.
    ImportFile(web_sys::File),
    /// Downloads the export file under this name.
    Export {
        file_name: String,
    },
}

/// One dispatch: the work, what to say when it is done, and what to do then.
pub struct Request {
    work: Work,
    done: String,
    then: Option<Rc<dyn Fn()>>,
}

/// A form's handle on its work. `Copy`, so that event handlers can take it.
#[derive(Clone, Copy)]
pub struct UseCommand {
    action: Action<Request, Result<String, SessionError>>,
    /// A sentence about the form's own input, shown instead of the last outcome.
    refusal: RwSignal<Option<String>>,
}

/// A handle for one form or button group.
pub fn use_command() -> UseCommand {
    let session = Session::expect();
    let action = Action::new_local(move |request: &Request| {
        let then = request.then.clone();
        let done = request.done.clone();
        let work = match &request.work {
            Work::Command(command) => Work::Command(command.clone()),
            Work::SetClock(clock) => Work::SetClock(*clock),
            Work::LoadDemo => Work::LoadDemo,
            Work::Reset => Work::Reset,
            Work::ImportFile(file) => Work::ImportFile(file.clone()),
            Work::Export { file_name } => Work::Export {
                file_name: file_name.clone(),
            },
        };
        async move {
            match work {
                Work::Command(command) => session.execute(command).await?,
                Work::SetClock(clock) => session.set_clock(clock).await?,
                Work::LoadDemo => session.load_demo().await?,
                Work::Reset => session.reset().await?,
                Work::ImportFile(file) => session.import(read_file(file).await?).await?,
                Work::Export { file_name } => {
                    let text = session.export().await?;
                    browser::download(&file_name, "application/json", &text)
                        .map_err(SessionError::Browser)?;
                }
            }
            if let Some(then) = then {
                then();
            }
            Ok(done)
        }
    });
    UseCommand {
        action,
        refusal: RwSignal::new(None),
    }
}

impl UseCommand {
    /// Carries out `command`; when it is saved, the notice says `done`.
    pub fn run(self, command: Command, done: impl Into<String>) {
        self.dispatch(Work::Command(command), done.into(), None);
    }

    /// `run`, and `then` once it is saved (to clear the form, or to move on).
    pub fn run_then(self, command: Command, done: impl Into<String>, then: impl Fn() + 'static) {
        self.dispatch(Work::Command(command), done.into(), Some(Rc::new(then)));
    }

    /// Carries out any other work of the session.
    pub fn perform(self, work: Work, done: impl Into<String>) {
        self.dispatch(work, done.into(), None);
    }

    fn dispatch(self, work: Work, done: String, then: Option<Rc<dyn Fn()>>) {
        self.refusal.set(None);
        self.action.dispatch_local(Request { work, done, then });
    }

    /// Says what is wrong with the form's input; nothing is dispatched.
    pub fn refuse(self, sentence: impl Into<String>) {
        self.refusal.set(Some(sentence.into()));
    }

    /// Whether work is under way (to disable the form meanwhile).
    pub fn pending(self) -> bool {
        self.action.pending().get()
    }

    /// The outcome for a `Notice`: a confirmation or a sentence saying what went wrong.
    pub fn outcome(self) -> Signal<Option<Result<String, String>>> {
        let value = self.action.value();
        let refusal = self.refusal;
        Signal::derive(move || match refusal.get() {
            Some(sentence) => Some(Err(sentence)),
            None => value
                .get()
                .map(|result| result.map_err(|error| error.to_string())),
        })
    }
}

/// The picked file's text as a checked workspace file.
async fn read_file(file: web_sys::File) -> Result<WorkspaceFile, SessionError> {
    let bytes = file.size() as usize;
    if bytes > MAX_FILE_BYTES {
        return Err(SessionError::Import(ImportError::TooLarge { bytes }));
    }
    let text = wasm_bindgen_futures::JsFuture::from(file.text())
        .await
        .ok()
        .and_then(|text| text.as_string())
        .ok_or_else(|| {
            SessionError::Browser(
                "The browser could not read that file. Nothing was changed.".to_owned(),
            )
        })?;
    WorkspaceFile::parse(&text).map_err(SessionError::Import)
}
