//! The Leptos views: the app shell and one file per screen.

mod app;
mod browser;
mod pages;
mod session;
mod settings;
mod shell;
mod widgets;

pub use app::{App, AppWithDatabase};
pub use session::{Session, SessionStatus};
pub use shell::AREAS;
