//! Where team sync stands and what connecting did: plain values the views read.

/// Where team sync stands, for the footer and Settings.
#[derive(Clone, Debug, PartialEq)]
pub enum TeamStatus {
    /// The workspace lives in this browser only.
    Off,
    Connecting,
    Connected {
        user: String,
        database: String,
        waiting: usize,
    },
    /// The server does not answer; changes wait here.
    Offline {
        waiting: usize,
    },
    /// The CouchDB session ended; changes wait here until the user signs in again.
    SignedOut {
        user: String,
        waiting: usize,
    },
    /// The server refused (not a member, another reason): the sentence says why.
    Refused(String),
}

/// The team's database a shared workspace lives in, and the user signed in to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TeamAccount {
    pub server: String,
    pub database: String,
    pub user: String,
}

impl TeamStatus {
    /// Whether the workspace is shared with a team (connected or not at the moment).
    pub fn is_shared(&self) -> bool {
        !matches!(self, TeamStatus::Off | TeamStatus::Connecting)
    }

    /// The footer's line: where sync stands and what waits to be sent, counted in words
    /// that agree with the count.
    pub fn sentence(&self) -> String {
        match self {
            TeamStatus::Off => "Not shared: this workspace is in this browser only.".into(),
            TeamStatus::Connecting => "Team sync: connecting…".into(),
            TeamStatus::Connected {
                user,
                database,
                waiting: 0,
            } => format!("Team sync: connected to {database} as {user}."),
            TeamStatus::Connected {
                user,
                database,
                waiting,
            } => format!(
                "Team sync: connected to {database} as {user}, sending {}.",
                changes(*waiting)
            ),
            TeamStatus::Offline { waiting: 0 } => {
                "Team sync: offline. Nothing waits to be sent; changes made now are saved here and sent when the server answers.".into()
            }
            TeamStatus::Offline { waiting: 1 } => {
                "Team sync: offline, 1 change waiting. It is saved here and sent when the server answers.".into()
            }
            TeamStatus::Offline { waiting } => format!(
                "Team sync: offline, {} waiting. They are saved here and sent when the server answers.",
                changes(*waiting)
            ),
            TeamStatus::SignedOut { user, waiting: 0 } => {
                format!("Team sync: {user} is signed out. Sign in again in Settings.")
            }
            TeamStatus::SignedOut { user, waiting } => format!(
                "Team sync: {user} is signed out, {} waiting. Sign in again in Settings to send {}.",
                changes(*waiting),
                if *waiting == 1 { "it" } else { "them" }
            ),
            TeamStatus::Refused(sentence) => format!("Team sync refused: {sentence}"),
        }
    }
}

/// "1 change", "3 changes".
fn changes(count: usize) -> String {
    match count {
        1 => "1 change".to_owned(),
        _ => format!("{count} changes"),
    }
}

/// What to do when both this browser and the team's database have history.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TeamChoice {
    /// Ask the user: nothing is replaced.
    Ask,
    /// Replace this browser's workspace with the team's, after downloading it as an
    /// export file.
    UseTeams,
}

/// What connecting did.
#[derive(Clone, Debug, PartialEq)]
pub enum Connection {
    /// Connected; the sentence says what happened to the workspace.
    Connected(String),
    /// Both have history: the user must choose (`TeamChoice::UseTeams`) or use an empty
    /// database.
    Choose { team_revision: u32 },
}
