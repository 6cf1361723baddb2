//! Time zones and the clock: when a scheduled date comes due, and what "now" is.
//!
//! A publisher has one IANA time zone. A release scheduled for a date comes due at the
//! first instant of that date in the publisher's zone (domain.md, "The due instant").

use std::fmt;

use chrono::{DateTime, LocalResult, NaiveDate, NaiveTime, TimeDelta, TimeZone, Timelike, Utc};
use serde::{Deserialize, Serialize};

use super::zones::Zone;

/// The publisher's time zone: any IANA zone or link (see `zones`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PublisherZone(Zone);

/// A time-zone name that is not in the IANA database.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownZone {
    pub name: String,
}

impl fmt::Display for UnknownZone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "\u{201c}{}\u{201d} is not a time zone Packwright knows; pick an IANA name such as Europe/Berlin or America/New_York.",
            self.name
        )
    }
}

impl std::error::Error for UnknownZone {}

impl PublisherZone {
    /// Coordinated Universal Time, the zone of a workspace nobody has configured yet.
    pub fn utc() -> PublisherZone {
        PublisherZone::parse("UTC").expect("the zone table has UTC")
    }

    /// Parses an IANA zone name, such as `Europe/Berlin`.
    pub fn parse(name: &str) -> Result<PublisherZone, UnknownZone> {
        match Zone::named(name.trim()) {
            Some(zone) => Ok(PublisherZone(zone)),
            None => Err(UnknownZone {
                name: name.to_owned(),
            }),
        }
    }

    /// Every zone a publisher can pick, sorted by name.
    pub fn all() -> impl Iterator<Item = PublisherZone> {
        Zone::all().map(PublisherZone)
    }

    pub fn name(self) -> &'static str {
        self.0.name()
    }

    pub fn tz(self) -> Zone {
        self.0
    }

    /// The calendar date at `instant` in this zone.
    pub fn date_at(self, instant: DateTime<Utc>) -> NaiveDate {
        instant.with_timezone(&self.0).date_naive()
    }

    /// The first instant of `date` in this zone: local midnight, or, where a daylight-saving
    /// jump skips midnight, the first local time that exists that day. For a date the zone
    /// skipped entirely (Pacific/Apia on 2011-12-30), the first instant after it.
    pub fn first_instant_of(self, date: NaiveDate) -> DateTime<Utc> {
        let midnight = date.and_time(NaiveTime::MIN);
        match self.0.from_local_datetime(&midnight) {
            LocalResult::Single(local) => local.with_timezone(&Utc),
            // Clocks went back over midnight: the first of the two midnights is the earliest.
            LocalResult::Ambiguous(earliest, _) => earliest.with_timezone(&Utc),
            LocalResult::None => self.first_instant_on_or_after(date, midnight.and_utc()),
        }
    }

    /// Midnight fell in a daylight-saving gap: find the transition by bisection over whole
    /// seconds around it. Every UTC offset lies within ±26 hours, so the answer is inside.
    fn first_instant_on_or_after(
        self,
        date: NaiveDate,
        midnight_as_utc: DateTime<Utc>,
    ) -> DateTime<Utc> {
        const WINDOW_SECONDS: i64 = 48 * 3600;
        let centre = midnight_as_utc.timestamp();
        let mut before = centre - WINDOW_SECONDS; // local date is earlier than `date`
        let mut after = centre + WINDOW_SECONDS; // local date is `date` or later
        while after - before > 1 {
            let middle = before + (after - before) / 2;
            if self.date_at(instant_from_seconds(middle)) >= date {
                after = middle;
            } else {
                before = middle;
            }
        }
        instant_from_seconds(after)
    }

    /// `instant` as a person reads it in this zone: `2026-12-01 00:00 CET (Europe/Berlin)`,
    /// or `2026-12-01 00:00 UTC` where the abbreviation is the zone's name.
    pub fn format_instant(self, instant: DateTime<Utc>) -> String {
        let local = instant.with_timezone(&self.0);
        let abbreviation = local.offset().to_string();
        let mut text = format!(
            "{} {:02}:{:02} {abbreviation}",
            local.date_naive(),
            local.hour(),
            local.minute(),
        );
        if abbreviation != self.name() {
            text.push_str(&format!(" ({})", self.name()));
        }
        text
    }
}

/// Seconds since the epoch as an instant; out-of-range values saturate at the epoch,
/// which no date a person can type reaches.
fn instant_from_seconds(seconds: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(seconds, 0).unwrap_or_default()
}

impl fmt::Display for PublisherZone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl TryFrom<String> for PublisherZone {
    type Error = UnknownZone;

    fn try_from(name: String) -> Result<Self, Self::Error> {
        PublisherZone::parse(&name)
    }
}

impl From<PublisherZone> for String {
    fn from(zone: PublisherZone) -> String {
        zone.name().to_owned()
    }
}

/// Where "now" comes from: the real time, or a simulated time a publisher set for a demo
/// or a test. A simulated clock stands still until it is set or advanced again, so what
/// a demo shows does not drift while someone talks over it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Clock {
    #[default]
    Real,
    Simulated {
        at: DateTime<Utc>,
    },
}

impl Clock {
    /// The current instant, given what the real clock says.
    pub fn now(self, real_now: DateTime<Utc>) -> DateTime<Utc> {
        match self {
            Clock::Real => real_now,
            Clock::Simulated { at } => at,
        }
    }

    /// The clock moved forward by `step`; a real clock becomes a simulated one that starts
    /// from the real time.
    pub fn advanced_by(self, step: TimeDelta, real_now: DateTime<Utc>) -> Clock {
        Clock::Simulated {
            at: self.now(real_now) + step,
        }
    }

    pub fn is_simulated(self) -> bool {
        matches!(self, Clock::Simulated { .. })
    }
}
