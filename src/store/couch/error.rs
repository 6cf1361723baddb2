//! Why the team's server did not do what was asked, each as a sentence.

use super::*;

/// Why the team's server did not do what was asked. Each reads as a sentence.
#[derive(Clone, Debug, PartialEq)]
pub enum CouchError {
    /// No answer: offline, the server is down, or the browser blocked the request.
    Unreachable { server: String },
    /// `POST /_session` refused the name or password.
    WrongPassword,
    /// Signed in, but not a member of the database (its `_security` object).
    NotMember { user: String, database: String },
    /// The session cookie expired or was removed.
    SignedOut,
    /// The database does not exist.
    NoDatabase { database: String },
    /// The document already exists (someone created this revision first).
    Conflict,
    /// Someone uploaded another workspace into the empty database at the same moment.
    UploadedMeanwhile { database: String },
    /// Any other answer.
    Refused { status: u16, reason: String },
    /// An answer that could not be read.
    Unreadable(String),
}

impl fmt::Display for CouchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CouchError::Unreachable { server } => write!(
                f,
                "{server} does not answer. You may be offline or the server may be down; if it never answered, check its address, that its CORS settings allow this app's address, and that this build's Content-Security-Policy lists it (README, Team sync)."
            ),
            CouchError::WrongPassword => {
                f.write_str("CouchDB refused this user name and password. Nothing was changed.")
            }
            CouchError::NotMember { user, database } => write!(
                f,
                "{user} is not a member of the database {database}: ask its administrator to add you to its members. Nothing was changed."
            ),
            CouchError::SignedOut => f.write_str(
                "Your CouchDB session has ended. Sign in again to send your changes; they are kept in this browser meanwhile.",
            ),
            CouchError::NoDatabase { database } => write!(
                f,
                "The server has no database called {database}. Ask its administrator to create it (with your team as members)."
            ),
            CouchError::Conflict => f.write_str("A teammate saved first."),
            CouchError::UploadedMeanwhile { database } => write!(
                f,
                "Someone else uploaded a workspace into {database} at the same moment, so yours was taken back out. Connect again to choose which workspace to keep."
            ),
            CouchError::Refused { status, reason } => {
                write!(f, "The server refused (HTTP {status}): {reason}")
            }
            CouchError::Unreadable(detail) => {
                write!(f, "The server's answer could not be read ({detail}).")
            }
        }
    }
}

impl CouchError {
    /// Whether sync must stop until the user acts (signs in again, is made a member).
    pub fn ends_sync(&self) -> bool {
        matches!(self, CouchError::SignedOut | CouchError::NotMember { .. })
    }
}
