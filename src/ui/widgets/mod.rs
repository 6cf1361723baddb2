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
mod outcome;
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
pub use outcome::{Outcome, Refusal};
pub use pack_route::PackRoute;
pub use page::Page;
pub use pager::{page_count, page_of, Pager, PAGE_SIZE};
pub use rename_form::RenameForm;
pub use routed_entity::{use_route_entity, RoutedEntity};
pub use text_area::TextArea;
pub use text_field::TextField;
pub use use_command::{use_command, UseCommand, Work};
