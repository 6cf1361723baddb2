//! Why an import from Boomi was refused: always the file and the field, then the reason.

use std::fmt;

use crate::domain::error::DomainError;

/// A refused import: nothing was changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BoomiError {
    /// The file's name as the user chose it.
    pub file: String,
    /// Where in the file: `result[3].packageVersion`, or empty for the whole file.
    pub field: String,
    pub problem: Problem,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// No file was given.
    NoFiles,
    NotJson {
        detail: String,
    },
    /// JSON, but not a response of a Platform API QUERY (or a bulk GET, or one object).
    NotAResponse,
    /// An object type this import does not read.
    UnknownObjectType {
        found: String,
    },
    /// Results of two types in one response.
    MixedTypes {
        first: &'static str,
        found: &'static str,
    },
    Missing,
    WrongType {
        expected: &'static str,
    },
    NotOneOf {
        found: String,
        allowed: &'static [&'static str],
    },
    NotADate {
        found: String,
    },
    /// The same id twice; `first` says where it appeared first.
    Duplicate {
        id: String,
        first: String,
    },
    /// A reference to something none of the files has.
    Unknown {
        what: &'static str,
        id: String,
    },
    /// An `IntegrationPackInstance` file whose name names no account of the import.
    NoAccountInFileName,
    /// An `IntegrationPackInstance` file whose name names several accounts.
    SeveralAccountsInFileName {
        accounts: Vec<String>,
    },
    /// The engine refused what the field asks for.
    Refused(Box<DomainError>),
}

impl fmt::Display for BoomiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.file.is_empty(), self.field.is_empty()) {
            (true, _) => write!(f, "{}", self.problem),
            (false, true) => write!(f, "{}: {}", self.file, self.problem),
            (false, false) => write!(f, "{}, field {}: {}", self.file, self.field, self.problem),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::NoFiles => write!(f, "Choose the JSON files of your Boomi account's QUERY responses."),
            Problem::NotJson { detail } => write!(f, "this is not JSON ({detail})."),
            Problem::NotAResponse => write!(
                f,
                "this is not a Platform API QUERY response: it has no \"result\" list (nor a bulk \"response\" list, nor an \"@type\")."
            ),
            Problem::UnknownObjectType { found } => write!(
                f,
                "Packwright does not import {found} objects; it reads PackagedComponent, PublisherIntegrationPack, ReleaseIntegrationPackStatus, Account, AccountGroup, AccountGroupAccount, AccountGroupIntegrationPack and IntegrationPackInstance."
            ),
            Problem::MixedTypes { first, found } => write!(
                f,
                "a {found} among {first} results: one response holds one type of object."
            ),
            Problem::Missing => write!(f, "this field is missing."),
            Problem::WrongType { expected } => write!(f, "this field should be {expected}."),
            Problem::NotOneOf { found, allowed } => write!(
                f,
                "\u{201c}{found}\u{201d} is not one of {}.",
                allowed.join(", ")
            ),
            Problem::NotADate { found } => {
                write!(f, "\u{201c}{found}\u{201d} is not a date (yyyy-MM-dd).")
            }
            Problem::Duplicate { id, first } => {
                write!(f, "the id {id} appears twice (first at {first}).")
            }
            Problem::Unknown { what, id } => write!(
                f,
                "it refers to {what} {id}, which none of the files has: add that query's response."
            ),
            Problem::NoAccountInFileName => write!(
                f,
                "an IntegrationPackInstance response does not say which account it was queried for: put that account's id (from the Account response) in the file's name, e.g. IntegrationPackInstance-ACCOUNT_ID.json."
            ),
            Problem::SeveralAccountsInFileName { accounts } => write!(
                f,
                "the file's name contains the ids of several accounts ({}): keep only the one it was queried for.",
                accounts.join(", ")
            ),
            Problem::Refused(error) => write!(f, "{error}"),
        }
    }
}

impl std::error::Error for BoomiError {}
