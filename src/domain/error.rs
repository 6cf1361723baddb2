//! Every refusal of the engine, one variant each, with a message that names the things
//! involved and says what to do instead.

use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};

use crate::domain::time::PublisherZone;

/// The longest Boomi id kept, in characters (Boomi's ids are GUIDs or account ids, far
/// shorter).
pub const BOOMI_ID_MAX: usize = 200;

mod subject;
pub use subject::Subject;

/// A shared component that two members reference with different extensibility settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExtensibilityConflict {
    pub shared_component: String,
    /// Each member that references it: `"Order Sync (1.2)"`, with the fields it extends.
    pub processes: Vec<(String, Vec<String>)>,
    /// The fields not extended alike by all of them.
    pub fields: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DomainError {
    BlankName {
        subject: Subject,
    },
    TooLong {
        subject: Subject,
        length: usize,
        max: usize,
    },
    DuplicateName {
        subject: Subject,
        name: String,
    },
    NotFound {
        subject: Subject,
        id: u32,
    },
    InvalidEmail {
        email: String,
    },
    DuplicateVersionLabel {
        component: String,
        version: String,
    },
    DuplicateSharedComponent {
        version: String,
        shared_component: String,
    },
    PackStillInstalled {
        pack: String,
        accounts: Vec<String>,
    },
    PackageNotShareable {
        component: String,
        version: String,
    },
    PackageOfAnotherComponent {
        component: String,
        version: String,
    },
    NoShareablePackage {
        component: String,
    },
    ApiServiceInMultiPack {
        component: String,
        pack: String,
    },
    AlreadyMember {
        component: String,
        pack: String,
    },
    NotMember {
        component: String,
        pack: String,
    },
    EmptyPack {
        pack: String,
    },
    VersionsDoNotMatchMembers {
        pack: String,
        missing: Vec<String>,
        extra: Vec<String>,
    },
    NothingToRelease {
        pack: String,
    },
    ConflictingExtensibility {
        pack: String,
        conflicts: Vec<ExtensibilityConflict>,
    },
    PendingReleaseExists {
        pack: String,
        release: u32,
        date: NaiveDate,
    },
    DateNotInFuture {
        date: NaiveDate,
        today: NaiveDate,
        zone: PublisherZone,
    },
    NoPendingRelease {
        pack: String,
    },
    PendingAlreadyDue {
        pack: String,
        release: u32,
        due: DateTime<Utc>,
        zone: PublisherZone,
    },
    SameDate {
        date: NaiveDate,
    },
    AlreadyInGroup {
        account: String,
        group: String,
    },
    NotInGroup {
        account: String,
        group: String,
    },
    PackAlreadyInGroup {
        pack: String,
        group: String,
    },
    PackNotInGroup {
        pack: String,
        group: String,
    },
    WouldStrandInstalls {
        group: String,
        installs: Vec<String>,
    },
    PackNotVisible {
        account: String,
        pack: String,
    },
    AlreadyInstalled {
        account: String,
        pack: String,
    },
    OverrideNameRequired {
        pack: String,
    },
    OverrideNameNotAllowed {
        pack: String,
    },
    DuplicateOverrideName {
        account: String,
        pack: String,
        name: String,
    },
    InstanceOfAnotherAccount {
        account: String,
    },
    /// A report on a pending release from an instance that does not run it.
    NotRunningPendingRelease {
        account: String,
        pack: String,
        release: u32,
    },
    /// A report or an "addressed" mark on a release whose testing period is over.
    ReleaseNotPending {
        pack: String,
        release: u32,
    },
    ProblemTextRequired,
    NoOpenProblem {
        account: String,
        pack: String,
        release: u32,
    },
    /// The release named as addressing a problem: none of the pack's, or the pending one.
    NotAnAddressingRelease {
        pack: String,
        release: u32,
    },
    /// A field that is not extensible in the release the instance runs.
    NotExtensible {
        component: String,
        field: String,
        release: u32,
    },
    EmptyExtensionValue {
        field: String,
    },
    ControlCharacterInValue {
        field: String,
    },
    NothingToChange,
    AlreadyAppliedEarly {
        account: String,
        pack: String,
        release: u32,
    },
    NothingToApply {
        account: String,
        pack: String,
    },
    /// A command at `now` would be recorded before an event already in the log.
    EarlierThanNewestEvent {
        now: DateTime<Utc>,
        newest: DateTime<Utc>,
    },
    /// The simulated clock set (or the real clock chosen) earlier than the log's newest event.
    ClockBeforeNewestEvent {
        to: DateTime<Utc>,
        newest: DateTime<Utc>,
    },
    /// In the new zone a pending release's date would already have begun.
    ZoneChangeWouldMakeReleaseDue {
        zone: PublisherZone,
        pack: String,
        release: u32,
        release_on_date: NaiveDate,
    },
    /// A Boomi id that is blank, or longer than any Boomi id.
    InvalidBoomiId {
        id: String,
    },
    /// Something already remembers a Boomi id, or the id is already another thing's.
    BoomiIdTaken {
        subject: Subject,
        id: String,
    },
}

impl fmt::Display for DomainError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DomainError::BlankName { subject } => write!(f, "The {subject} needs a name: type one."),
            DomainError::TooLong { subject, length, max } => write!(
                f,
                "The {subject} is {length} characters long; it may have at most {max}. Shorten it."
            ),
            DomainError::DuplicateName { subject, name } => write!(
                f,
                "There is already {} called \u{201c}{name}\u{201d}: choose another name.",
                with_article(subject.noun())
            ),
            DomainError::NotFound { subject, id } => write!(
                f,
                "No {subject} with id {id} exists (it may have been deleted): reload and look again."
            ),
            DomainError::InvalidEmail { email } => write!(
                f,
                "\u{201c}{email}\u{201d} is not an e-mail address: use the form name@example.com, or leave it empty."
            ),
            DomainError::DuplicateVersionLabel { component, version } => write!(
                f,
                "{component} already has a package labelled {version}: give the new version another label."
            ),
            DomainError::DuplicateSharedComponent { version, shared_component } => write!(
                f,
                "Version {version} lists the shared component {shared_component} twice: list it once."
            ),
            DomainError::PackStillInstalled { pack, accounts } => write!(
                f,
                "{pack} cannot be deleted while it is installed in {}: uninstall it there first.",
                list(accounts)
            ),
            DomainError::PackageNotShareable { component, version } => write!(
                f,
                "Version {version} of {component} was not marked shareable when it was packaged, so no pack can use it: package a shareable version."
            ),
            DomainError::PackageOfAnotherComponent { component, version } => write!(
                f,
                "Version {version} is not a package of {component}: pick one of its own versions."
            ),
            DomainError::NoShareablePackage { component } => write!(
                f,
                "{component} has no shareable package yet: package a version of it marked shareable first."
            ),
            DomainError::ApiServiceInMultiPack { component, pack } => write!(
                f,
                "{pack} allows multiple attachments, which cannot contain API Service components such as {component}: use a single-attachment pack for it."
            ),
            DomainError::AlreadyMember { component, pack } => {
                write!(f, "{component} is already in {pack}.")
            }
            DomainError::NotMember { component, pack } => write!(f, "{component} is not in {pack}."),
            DomainError::EmptyPack { pack } => write!(
                f,
                "{pack} has no components to release: add packaged components first."
            ),
            DomainError::VersionsDoNotMatchMembers { pack, missing, extra } => {
                write!(f, "The release must pick one version for each component of {pack}")?;
                if !missing.is_empty() {
                    write!(f, "; pick a version for {}", list(missing))?;
                }
                if !extra.is_empty() {
                    write!(f, "; {} not in the pack", list(extra))?;
                }
                write!(f, ".")
            }
            DomainError::NothingToRelease { pack } => write!(
                f,
                "This release of {pack} would change nothing: every component is at the version the current release has. Pick another version, or add or remove a component."
            ),
            DomainError::ConflictingExtensibility { pack, conflicts } => {
                write!(
                    f,
                    "Components shared between processes in {pack} must have the same extensibility settings."
                )?;
                for conflict in conflicts {
                    let processes: Vec<String> = conflict
                        .processes
                        .iter()
                        .map(|(process, fields)| {
                            if fields.is_empty() {
                                format!("{process} extends no fields")
                            } else {
                                format!("{process} extends {}", fields.join(", "))
                            }
                        })
                        .collect();
                    write!(
                        f,
                        " {} differs in {}: {}.",
                        conflict.shared_component,
                        conflict.fields.join(", "),
                        processes.join("; ")
                    )?;
                }
                write!(f, " Pick versions that agree, or package new ones that do.")
            }
            DomainError::PendingReleaseExists { pack, release, date } => write!(
                f,
                "Release {release} of {pack} is already pending for {date}, and only one update can be pending at a time: release immediately instead, or reschedule or cancel the pending one."
            ),
            DomainError::DateNotInFuture { date, today, zone } => write!(
                f,
                "{date} is not after today ({today} in {zone}): pick a later date, or release immediately."
            ),
            DomainError::NoPendingRelease { pack } => write!(f, "{pack} has no pending release."),
            DomainError::PendingAlreadyDue { pack, release, due, zone } => write!(
                f,
                "Release {release} of {pack} came due at {}; it can no longer be changed.",
                zone.format_instant(*due)
            ),
            DomainError::SameDate { date } => {
                write!(f, "The release is already scheduled for {date}: pick another date.")
            }
            DomainError::AlreadyInGroup { account, group } => write!(f, "{account} is already in {group}."),
            DomainError::NotInGroup { account, group } => write!(f, "{account} is not in {group}."),
            DomainError::PackAlreadyInGroup { pack, group } => {
                write!(f, "{group} already carries {pack}.")
            }
            DomainError::PackNotInGroup { pack, group } => write!(f, "{group} does not carry {pack}."),
            DomainError::WouldStrandInstalls { group, installs } => write!(
                f,
                "This would take away installed packs that reach these accounts only through {group}: {}. Uninstall them first, or give the accounts another group that carries the packs.",
                list(installs)
            ),
            DomainError::PackNotVisible { account, pack } => write!(
                f,
                "{account} cannot see {pack}: add the account to a group that carries the released pack."
            ),
            DomainError::AlreadyInstalled { account, pack } => write!(
                f,
                "{account} already has {pack} installed, and it allows a single attachment: uninstall the existing instance first."
            ),
            DomainError::OverrideNameRequired { pack } => write!(
                f,
                "{pack} allows multiple attachments: give this instance a name that tells it apart."
            ),
            DomainError::OverrideNameNotAllowed { pack } => write!(
                f,
                "{pack} allows a single attachment, so its instance takes no override name."
            ),
            DomainError::DuplicateOverrideName { account, pack, name } => write!(
                f,
                "{account} already has an instance of {pack} called \u{201c}{name}\u{201d}: choose another name."
            ),
            DomainError::InstanceOfAnotherAccount { account } => {
                write!(f, "That instance does not belong to {account}.")
            }
            DomainError::NotRunningPendingRelease { account, pack, release } => write!(
                f,
                "That instance of {pack} in {account} does not run pending release {release}: apply the pending update to it first, then report on it."
            ),
            DomainError::ReleaseNotPending { pack, release } => write!(
                f,
                "Release {release} of {pack} is no longer pending: its testing period is over and its reports are closed."
            ),
            DomainError::ProblemTextRequired => {
                f.write_str("Say what the problem is: a problem report needs a description.")
            }
            DomainError::NoOpenProblem { account, pack, release } => write!(
                f,
                "{account} has no open problem with pending release {release} of {pack} on that instance."
            ),
            DomainError::NotAnAddressingRelease { pack, release } => write!(
                f,
                "Release {release} of {pack} cannot be named as addressing the problem: name one of its other releases, or none."
            ),
            DomainError::NotExtensible { component, field, release } => write!(
                f,
                "{component} has no extensible field \u{201c}{field}\u{201d} in release {release}: only the fields its extensibility settings name can be set."
            ),
            DomainError::EmptyExtensionValue { field } => write!(
                f,
                "Type a value for {field}, or choose the packaged default."
            ),
            DomainError::ControlCharacterInValue { field } => write!(
                f,
                "The value of {field} holds a control character (a line break or a tab, say): extension values are one line of text."
            ),
            DomainError::NothingToChange => f.write_str("Nothing changed: the settings are as saved."),
            DomainError::AlreadyAppliedEarly { account, pack, release } => write!(
                f,
                "{account} already runs pending release {release} of {pack} on that instance."
            ),
            DomainError::NothingToApply { account, pack } => write!(
                f,
                "{account} has no instance of {pack} waiting for the pending update."
            ),
            DomainError::EarlierThanNewestEvent { now, newest } => write!(
                f,
                "It is {} by the clock, earlier than the newest event in the activity log ({}); Packwright never records an event before one already recorded. Set the simulated clock to {} or later in Settings, or wait until then.",
                utc(*now),
                utc(*newest),
                utc(*newest)
            ),
            DomainError::ClockBeforeNewestEvent { to, newest } => write!(
                f,
                "The clock cannot go back to {}: the activity log already holds an event at {}, and time only moves forward. Pick {} or later; to start a demo over, load the demo workspace again or reset the workspace instead.",
                utc(*to),
                utc(*newest),
                utc(*newest)
            ),
            DomainError::ZoneChangeWouldMakeReleaseDue { zone, pack, release, release_on_date } => write!(
                f,
                "In {zone} the scheduled date {release_on_date} of release {release} of {pack} has already begun, so changing the time zone would apply it at once. Release it immediately or reschedule it to a later date first, then change the time zone."
            ),
            DomainError::InvalidBoomiId { id } => write!(
                f,
                "\u{201c}{id}\u{201d} is not a Boomi id: Boomi ids are 1 to {BOOMI_ID_MAX} characters, not blank."
            ),
            DomainError::BoomiIdTaken { subject, id } => write!(
                f,
                "The Boomi id \u{201c}{id}\u{201d} of {} is already in this workspace; each thing keeps one Boomi id.",
                with_article(subject.noun())
            ),
        }
    }
}

impl std::error::Error for DomainError {}

/// `an integration pack`, `a component`: the subject with its indefinite article.
pub fn with_article(subject: &str) -> String {
    let article = match subject.chars().next() {
        Some('a' | 'e' | 'i' | 'o' | 'u' | 'A' | 'E' | 'I' | 'O' | 'U') => "an",
        _ => "a",
    };
    format!("{article} {subject}")
}

/// An instant in UTC, as refusals about time name it: `2026-12-01 00:00 UTC`.
fn utc(instant: DateTime<Utc>) -> String {
    PublisherZone::utc().format_instant(instant)
}

/// `A`, `A and B`, `A, B and C`; long lists end with `and N more`.
pub fn list(items: &[String]) -> String {
    const SHOWN: usize = 10;
    let mut shown: Vec<&str> = items.iter().take(SHOWN).map(String::as_str).collect();
    let more = items.len().saturating_sub(SHOWN);
    let more_text = format!("{more} more");
    if more > 0 {
        shown.push(&more_text);
    }
    match shown.as_slice() {
        [] => String::new(),
        [only] => (*only).to_owned(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}
