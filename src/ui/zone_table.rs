//! The time-zone table in the split build (src/ui/app.rs): kept out of the first module
//! and handed to the domain (`zones::provide`) first thing in every module loaded later.
//! Any zone but UTC comes through one of those modules — a stored workspace, a page, a
//! command, the demo or an import, team sync, another tab — so the table is there before
//! one is read. Other builds compile the table into the domain and need nothing here.

/// Makes every time zone known (split build; elsewhere they are known already).
pub(in crate::ui) fn provide() {
    #[cfg(feature = "split")]
    crate::domain::zones::provide(include_bytes!("../domain/zones.bin"));
}
