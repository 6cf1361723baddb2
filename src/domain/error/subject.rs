//! `Subject`: what a refusal is about, as the sentence names it.

use std::fmt;

/// What a name, a text or a thing is, for messages about it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Subject {
    Component,
    PackagedComponent,
    SharedComponent,
    ExtensibleField,
    VersionLabel,
    PackageNotes,
    IntegrationPack,
    Description,
    InstallationGuide,
    UserGuide,
    ReleaseNotes,
    AccountGroup,
    ManagedAccount,
    InstalledInstance,
    InstanceName,
    ContactName,
    PhoneNumber,
    ReportText,
    ExtensionValue,
}

impl Subject {
    /// The noun a sentence names it by.
    pub fn noun(self) -> &'static str {
        match self {
            Subject::Component => "component",
            Subject::PackagedComponent => "packaged component",
            Subject::SharedComponent => "shared component",
            Subject::ExtensibleField => "extensible field",
            Subject::VersionLabel => "version label",
            Subject::PackageNotes => "package notes",
            Subject::IntegrationPack => "integration pack",
            Subject::Description => "description",
            Subject::InstallationGuide => "installation guide",
            Subject::UserGuide => "user guide",
            Subject::ReleaseNotes => "release notes",
            Subject::ReportText => "report",
            Subject::ExtensionValue => "extension value",
            Subject::AccountGroup => "account group",
            Subject::ManagedAccount => "managed account",
            Subject::InstalledInstance => "installed instance",
            Subject::InstanceName => "instance name",
            Subject::ContactName => "contact name",
            Subject::PhoneNumber => "phone number",
        }
    }
}

impl fmt::Display for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.noun())
    }
}
