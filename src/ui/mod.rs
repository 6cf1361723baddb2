//! The Leptos views: the app shell and one file per screen.

mod app;
mod browser;
mod pages;
mod shell;
mod widgets;

pub use app::{App, AppWithDatabase, ShellContext};
pub use shell::AREAS;
