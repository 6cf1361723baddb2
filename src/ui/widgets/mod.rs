//! The building blocks the pages share, one file per widget (file name = public name).

mod app_link;
mod boomi_id;
mod chip;
mod choice_radios;
mod confirm_button;
mod create_by_name_form;
mod create_card;
mod empty_state;
mod notice;
mod pack_route;
mod page;
mod pager;
mod rename_form;
mod routed_entity;
mod text_area;
mod text_field;
mod use_command;

pub use app_link::{AppBase, AppLink};
pub use boomi_id::BoomiId;
pub use chip::Chip;
pub use choice_radios::ChoiceRadios;
pub use confirm_button::ConfirmButton;
pub use create_by_name_form::CreateByNameForm;
pub use create_card::CreateCard;
pub use empty_state::EmptyState;
pub use notice::Notice;
pub use pack_route::PackRoute;
pub use page::Page;
pub use pager::{page_count, page_of, Pager, PAGE_SIZE};
pub use rename_form::RenameForm;
pub use routed_entity::{use_route_entity, RoutedEntity};
pub use text_area::TextArea;
pub use text_field::TextField;
pub use use_command::{use_command, UseCommand, Work};

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
