//! The Leptos views: the app shell and one file per screen.

mod accounts_page;
mod activity_page;
mod app;
mod boomi;
mod browser;
mod chart;
mod components_page;
mod groups_page;
mod install_list;
mod instance_settings;
mod labels;
mod not_found_page;
mod pack_page;
mod packs_page;
mod pending_release;
mod release_history;
mod release_wizard;
mod session;
mod settings;
mod shell;
mod start_up;
mod team;
mod team_sync;
mod testing_period;
mod update_report;
mod updates;
mod widgets;
mod zone_table;

pub use app::{App, AppWithDatabase};
pub use session::{Session, SessionStatus};
pub use shell::AREAS;
pub use team::TeamStatus;
