//! Every IANA time zone, from a compact table generated from chrono-tz's data.
//!
//! chrono-tz compiles its whole table into the binary: 190 KB of the app's gzipped wasm,
//! most of it transitions from before 1970 and a second copy of each zone's yearly
//! rhythm. `zones.bin` keeps what Packwright needs — every zone and link chrono-tz knows,
//! each with its offsets and abbreviations from 1970 on — in about 10 KB gzipped.
//! `tests/zone_table.rs` generates it (and fails when the committed file is stale);
//! `tests/domain_time.rs` checks every zone against chrono-tz itself.
//!
//! Before 1970 a zone keeps the offset it had at the epoch: no date Packwright schedules
//! or shows is that old.
//!
//! Format (little-endian): `PWTZ2\n`; the IANA release (length-prefixed text); the rule
//! sets (u16 count), each: its kinds of span (u8 count; i32 offset in seconds + the
//! abbreviation), the kind in effect at the epoch (u8), the transitions (u32 count; each
//! the time since the previous one, from the epoch, as LEB128 `minutes << 1` or
//! `seconds << 1 | 1`, and the kind it starts);
//! then the zones (u16 count; name + the u16 index of its rule set), sorted by name.

use std::fmt;
use std::sync::OnceLock;

use chrono::{FixedOffset, MappedLocalTime, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone};

/// The table's bytes. Every build compiles them in here but the split one (the release
/// build, see src/ui/app.rs): it keeps them out of the module a first visit waits for
/// (19 KB of its gzipped size) and hands them over with `provide` as any other module
/// loads, so that until then only UTC, every new workspace's zone, is known.
#[cfg(not(feature = "split"))]
fn table_bytes() -> Option<&'static [u8]> {
    Some(include_bytes!("zones.bin"))
}

#[cfg(feature = "split")]
fn table_bytes() -> Option<&'static [u8]> {
    PROVIDED.get().copied()
}

#[cfg(feature = "split")]
static PROVIDED: OnceLock<&'static [u8]> = OnceLock::new();

/// Hands over `zones.bin` (the split build's shell calls this first thing in every module
/// it loads later).
#[cfg(feature = "split")]
pub fn provide(bytes: &'static [u8]) {
    let _ = PROVIDED.set(bytes);
}

/// One IANA zone (or link), such as `Europe/Berlin`; a chrono time zone.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Zone {
    index: u16,
}

/// The offset a zone has at an instant, with the abbreviation `%Z` shows (`CET`, `+0545`).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct ZoneOffset {
    zone: Zone,
    kind: SpanKind,
}

#[derive(Clone, Copy, PartialEq, Eq)]
struct SpanKind {
    offset_seconds: i32,
    abbreviation: &'static str,
}

struct RuleSet {
    kinds: Vec<SpanKind>,
    at_epoch: u8,
    /// Unix seconds at which a kind starts, in order.
    transitions: Vec<(i64, u8)>,
}

impl RuleSet {
    /// Span `n` runs from transition `n - 1` (span 0: from before the epoch) to transition `n`.
    fn kind_of_span(&self, n: usize) -> u8 {
        match n {
            0 => self.at_epoch,
            n => self.transitions[n - 1].1,
        }
    }

    /// One rule set's bytes: its kinds of span, the kind at the epoch, its transitions.
    fn decode(bytes: &'static [u8]) -> Result<RuleSet, Malformed> {
        let mut reader = Reader { bytes };
        let kind_count = reader.u8()?;
        let mut kinds = Vec::with_capacity(usize::from(kind_count));
        for _ in 0..kind_count {
            let offset_seconds = reader.u32()? as i32;
            let abbreviation = reader.text()?;
            kinds.push(SpanKind {
                offset_seconds,
                abbreviation,
            });
        }
        let at_epoch = reader.u8()?;
        let transition_count = reader.u32()?;
        let mut transitions = Vec::with_capacity(transition_count as usize);
        let mut at = 0i64;
        for _ in 0..transition_count {
            let code = reader.leb128()?;
            at += if code & 1 == 0 {
                (code >> 1) * 60
            } else {
                code >> 1
            };
            let kind = reader.u8()?;
            if kind >= kind_count {
                return Err(Malformed);
            }
            transitions.push((at, kind));
        }
        if at_epoch >= kind_count || !reader.bytes.is_empty() {
            return Err(Malformed);
        }
        Ok(RuleSet {
            kinds,
            at_epoch,
            transitions,
        })
    }

    /// Moves `reader` past one rule set without decoding its transitions.
    fn skip(reader: &mut Reader) -> Result<(), Malformed> {
        let kind_count = reader.u8()?;
        for _ in 0..kind_count {
            reader.u32()?;
            reader.text()?;
        }
        reader.u8()?;
        let transition_count = reader.u32()?;
        for _ in 0..transition_count {
            // A LEB128 number (its last byte has the high bit clear), then the kind.
            while reader.u8()? & 0x80 != 0 {}
            reader.u8()?;
        }
        Ok(())
    }
}

struct Table {
    release: &'static str,
    /// Each rule set's bytes, decoded the first time the set is used: a start-up needs one
    /// or two of some 350, and decoding them all was a tenth of a phone's start-up.
    rule_sets: Vec<(&'static [u8], OnceLock<RuleSet>)>,
    /// Sorted by name.
    zones: Vec<(&'static str, u16)>,
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    static NOT_YET: OnceLock<Table> = OnceLock::new();
    if let Some(table) = TABLE.get() {
        return table;
    }
    match table_bytes() {
        Some(bytes) => {
            TABLE.get_or_init(|| Table::decode(bytes).expect("zones.bin is generated and tested"))
        }
        // Not handed over yet (split build): no zone but the built-in UTC.
        None => NOT_YET.get_or_init(|| Table {
            release: "",
            rule_sets: Vec::new(),
            zones: Vec::new(),
        }),
    }
}

impl Zone {
    /// UTC, the zone of every new workspace, known without decoding the table: a first
    /// visit's start-up then never decodes it (that was a tenth of the start-up on a phone).
    /// Its index in the table is checked by `the_built_in_utc_is_the_tables`.
    pub const UTC: Zone = Zone { index: 592 };

    /// The zone with this exact IANA name.
    pub fn named(name: &str) -> Option<Zone> {
        if name == "UTC" {
            return Some(Zone::UTC);
        }
        let zones = &table().zones;
        let index = zones
            .binary_search_by(|(known, _)| (*known).cmp(name))
            .ok()?;
        Some(Zone {
            index: u16::try_from(index).ok()?,
        })
    }

    /// Every zone, sorted by name.
    pub fn all() -> impl Iterator<Item = Zone> {
        (0..table().zones.len()).map(|index| Zone {
            index: index as u16,
        })
    }

    pub fn name(self) -> &'static str {
        if self == Zone::UTC {
            return "UTC";
        }
        table().zones[usize::from(self.index)].0
    }

    /// The IANA database release the table was generated from, such as `2025b`.
    pub fn database_release() -> &'static str {
        table().release
    }

    /// The Unix seconds at which this zone's offset or abbreviation changes, from 1970 on.
    pub fn transitions(self) -> impl Iterator<Item = i64> {
        self.rules().transitions.iter().map(|(at, _)| *at)
    }

    fn rules(self) -> &'static RuleSet {
        if self == Zone::UTC {
            return utc_rules();
        }
        let rule_set = table().zones[usize::from(self.index)].1;
        let (bytes, decoded) = &table().rule_sets[usize::from(rule_set)];
        decoded.get_or_init(|| RuleSet::decode(bytes).expect("zones.bin is generated and tested"))
    }

    fn offset(self, kind: u8) -> ZoneOffset {
        ZoneOffset {
            zone: self,
            kind: self.rules().kinds[usize::from(kind)],
        }
    }

    /// The kind of span in effect at `unix_seconds`.
    fn kind_at(self, unix_seconds: i64) -> u8 {
        let rules = self.rules();
        rules.kind_of_span(
            rules
                .transitions
                .partition_point(|(at, _)| *at <= unix_seconds),
        )
    }
}

/// UTC's rules: one kind of span, no transitions.
fn utc_rules() -> &'static RuleSet {
    static UTC_RULES: OnceLock<RuleSet> = OnceLock::new();
    UTC_RULES.get_or_init(|| RuleSet {
        kinds: vec![SpanKind {
            offset_seconds: 0,
            abbreviation: "UTC",
        }],
        at_epoch: 0,
        transitions: Vec::new(),
    })
}

impl fmt::Debug for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl fmt::Debug for ZoneOffset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.kind.abbreviation)
    }
}

/// What `%Z` prints.
impl fmt::Display for ZoneOffset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.kind.abbreviation)
    }
}

impl Offset for ZoneOffset {
    fn fix(&self) -> FixedOffset {
        FixedOffset::east_opt(self.kind.offset_seconds).expect("offsets are within a day")
    }
}

impl TimeZone for Zone {
    type Offset = ZoneOffset;

    fn from_offset(offset: &ZoneOffset) -> Zone {
        offset.zone
    }

    fn offset_from_local_date(&self, local: &NaiveDate) -> MappedLocalTime<ZoneOffset> {
        self.offset_from_local_datetime(&local.and_time(NaiveTime::MIN))
    }

    /// A local time can exist once, twice (clocks went back) or not at all (clocks
    /// jumped over it): it exists under each kind of span whose offset puts it back inside
    /// that span.
    fn offset_from_local_datetime(&self, local: &NaiveDateTime) -> MappedLocalTime<ZoneOffset> {
        // Offsets lie within ±26 hours, so only spans near the local time can match.
        const REACH: i64 = 26 * 3600;
        let local_seconds = local.and_utc().timestamp();
        let rules = self.rules();
        let first = rules
            .transitions
            .partition_point(|(at, _)| *at <= local_seconds - REACH);
        let last = rules
            .transitions
            .partition_point(|(at, _)| *at <= local_seconds + REACH);
        let mut found: Vec<ZoneOffset> = Vec::with_capacity(2);
        for span in first..=last {
            let kind = rules.kind_of_span(span);
            let start = span.checked_sub(1).map(|n| rules.transitions[n].0);
            let end = rules.transitions.get(span).map(|(at, _)| *at);
            let offset = self.offset(kind);
            let instant = local_seconds - i64::from(offset.kind.offset_seconds);
            let inside =
                start.is_none_or(|start| instant >= start) && end.is_none_or(|end| instant < end);
            if inside {
                found.push(offset);
            }
        }
        match found[..] {
            [] => MappedLocalTime::None,
            [only] => MappedLocalTime::Single(only),
            [earliest, .., latest] => MappedLocalTime::Ambiguous(earliest, latest),
        }
    }

    fn offset_from_utc_date(&self, utc: &NaiveDate) -> ZoneOffset {
        self.offset_from_utc_datetime(&utc.and_time(NaiveTime::MIN))
    }

    fn offset_from_utc_datetime(&self, utc: &NaiveDateTime) -> ZoneOffset {
        self.offset(self.kind_at(utc.and_utc().timestamp()))
    }
}

/// `zones.bin` did not decode; only a broken build produces this.
#[derive(Debug)]
struct Malformed;

struct Reader {
    bytes: &'static [u8],
}

impl Reader {
    fn take(&mut self, count: usize) -> Result<&'static [u8], Malformed> {
        if self.bytes.len() < count {
            return Err(Malformed);
        }
        let (taken, rest) = self.bytes.split_at(count);
        self.bytes = rest;
        Ok(taken)
    }

    fn u8(&mut self) -> Result<u8, Malformed> {
        Ok(self.take(1)?[0])
    }

    fn u16(&mut self) -> Result<u16, Malformed> {
        let bytes = self.take(2)?;
        Ok(u16::from_le_bytes([bytes[0], bytes[1]]))
    }

    fn u32(&mut self) -> Result<u32, Malformed> {
        let bytes = self.take(4)?;
        Ok(u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]))
    }

    fn text(&mut self) -> Result<&'static str, Malformed> {
        let length = self.u8()?;
        std::str::from_utf8(self.take(usize::from(length))?).map_err(|_| Malformed)
    }

    fn leb128(&mut self) -> Result<i64, Malformed> {
        let mut value: u64 = 0;
        for shift in (0..64).step_by(7) {
            let byte = self.u8()?;
            value |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return i64::try_from(value).map_err(|_| Malformed);
            }
        }
        Err(Malformed)
    }
}

impl Table {
    fn decode(bytes: &'static [u8]) -> Result<Table, Malformed> {
        let mut reader = Reader { bytes };
        if reader.take(6)? != b"PWTZ2\n" {
            return Err(Malformed);
        }
        let release = reader.text()?;
        let rule_set_count = reader.u16()?;
        let mut rule_sets = Vec::with_capacity(usize::from(rule_set_count));
        for _ in 0..rule_set_count {
            let start = reader.bytes;
            RuleSet::skip(&mut reader)?;
            let length = start.len() - reader.bytes.len();
            rule_sets.push((&start[..length], OnceLock::new()));
        }
        let zone_count = reader.u16()?;
        let mut zones = Vec::with_capacity(usize::from(zone_count));
        for _ in 0..zone_count {
            let name = reader.text()?;
            let rule_set = reader.u16()?;
            if rule_set >= rule_set_count {
                return Err(Malformed);
            }
            zones.push((name, rule_set));
        }
        if !reader.bytes.is_empty() || !zones.is_sorted_by(|a, b| a.0 < b.0) {
            return Err(Malformed);
        }
        Ok(Table {
            release,
            rule_sets,
            zones,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_utc_is_the_tables() {
        let table = table();
        let index = table
            .zones
            .binary_search_by(|(known, _)| (*known).cmp("UTC"))
            .expect("the table has UTC");
        assert_eq!(
            index,
            usize::from(Zone::UTC.index),
            "the table moved UTC: set Zone::UTC's index to {index}"
        );
        let (bytes, _) = &table.rule_sets[usize::from(table.zones[index].1)];
        let from_table = RuleSet::decode(bytes).unwrap();
        let built_in = utc_rules();
        assert!(from_table.kinds == built_in.kinds);
        assert_eq!(from_table.at_epoch, built_in.at_epoch);
        assert_eq!(from_table.transitions, built_in.transitions);
        assert_eq!(Zone::UTC.name(), table.zones[index].0);
    }
}
