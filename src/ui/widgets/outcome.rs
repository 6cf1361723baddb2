//! What a form's work came to: a confirmation, or why it did not happen.

use leptos::prelude::*;

/// The outcome of something a form does: a confirmation, or why it did not happen. Kept
/// typed until a `Notice` says it.
pub type Outcome = RwSignal<Option<Result<String, Refusal>>>;

/// Why a form's work did not happen.
#[derive(Clone)]
pub enum Refusal {
    /// The session refused or failed (the engine, storage, a file, the team's server…).
    /// Boxed: the signal that holds it stays small (a `SessionError` is large).
    Session(Box<crate::ui::session::SessionError>),
    /// The form itself found its input wanting before anything was asked: the sentence.
    Form(String),
}

/// Downloads `text` as the CSV file `name`: "Exported …", or the browser's refusal.
pub fn export_csv(name: &str, text: &str) -> Result<String, Refusal> {
    crate::ui::browser::download(name, "text/csv;charset=utf-8", text)
        .map(|()| format!("Exported {name}."))
        .map_err(Refusal::browser)
}

impl Refusal {
    /// What the browser refused outside storage (a download), in its sentence.
    pub fn browser(sentence: String) -> Refusal {
        Refusal::Session(Box::new(crate::ui::session::SessionError::Browser(
            sentence,
        )))
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::Session(error) => error.fmt(f),
            Refusal::Form(sentence) => f.write_str(sentence),
        }
    }
}
