//! The publisher's time zone and the due instant of a scheduled date (domain.md, "The due instant").

#![cfg(not(target_arch = "wasm32"))]

use chrono::{DateTime, NaiveDate, NaiveTime, Offset, TimeDelta, TimeZone, Timelike, Utc};
use packwright::domain::{Clock, PublisherZone};

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn utc(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap()
        .with_timezone(&Utc)
}

fn zone(name: &str) -> PublisherZone {
    PublisherZone::parse(name).unwrap()
}

#[test]
fn a_date_in_berlin_winter_starts_at_23_utc_the_day_before() {
    assert_eq!(
        zone("Europe/Berlin").first_instant_of(date("2026-12-01")),
        utc("2026-11-30T23:00:00Z")
    );
}

#[test]
fn a_date_in_new_york_summer_starts_at_4_utc() {
    assert_eq!(
        zone("America/New_York").first_instant_of(date("2026-07-04")),
        utc("2026-07-04T04:00:00Z")
    );
}

#[test]
fn a_date_whose_midnight_santiago_skipped_starts_at_1_am() {
    // Chile sprang forward from 00:00 to 01:00 on 2022-09-11.
    let due = zone("America/Santiago").first_instant_of(date("2022-09-11"));
    assert_eq!(due, utc("2022-09-11T04:00:00Z"));
    let local = due.with_timezone(&chrono_tz::America::Santiago);
    assert_eq!((local.hour(), local.minute()), (1, 0));
}

#[test]
fn a_date_whose_midnight_havana_skipped_starts_at_1_am() {
    // Cuba springs forward at 00:00 local on the second Sunday of March: 2024-03-10.
    let due = zone("America/Havana").first_instant_of(date("2024-03-10"));
    assert_eq!(due, utc("2024-03-10T05:00:00Z"));
}

#[test]
fn a_date_whose_midnight_asuncion_skipped_starts_at_1_am() {
    // Paraguay sprang forward at 00:00 on 2023-10-01.
    let due = zone("America/Asuncion").first_instant_of(date("2023-10-01"));
    assert_eq!(due, utc("2023-10-01T04:00:00Z"));
}

#[test]
fn a_date_whose_midnight_beirut_skipped_starts_at_1_am() {
    // Lebanon springs forward at 00:00 on the last Sunday of March: 2021-03-28.
    let due = zone("Asia/Beirut").first_instant_of(date("2021-03-28"));
    assert_eq!(due, utc("2021-03-27T22:00:00Z"));
}

#[test]
fn a_date_the_zone_skipped_entirely_starts_at_the_next_day() {
    // Samoa moved across the date line: 2011-12-30 never happened in Apia.
    let due = zone("Pacific/Apia").first_instant_of(date("2011-12-30"));
    let local = due.with_timezone(&chrono_tz::Pacific::Apia);
    assert_eq!(local.date_naive(), date("2011-12-31"));
    assert_eq!(local.time(), NaiveTime::MIN);
}

#[test]
fn changing_the_zone_moves_the_due_instant_of_the_same_date() {
    let scheduled = date("2026-12-01");
    let in_berlin = zone("Europe/Berlin").first_instant_of(scheduled);
    let in_tokyo = zone("Asia/Tokyo").first_instant_of(scheduled);
    assert_eq!(in_berlin - in_tokyo, TimeDelta::hours(8));
}

#[test]
fn every_zone_and_every_day_of_2020_to_2030_is_due_in_the_first_hour_when_it_exists() {
    let first = date("2020-01-01");
    let last = date("2030-12-31");
    let mut days_checked = 0u64;
    for zone in PublisherZone::all() {
        let tz = zone.tz();
        let mut day = first;
        while day <= last {
            let due = zone.first_instant_of(day);
            let local = due.with_timezone(&tz);
            assert_eq!(local.date_naive(), day, "{zone} {day}: due on another date");
            let just_before = (due - TimeDelta::seconds(1)).with_timezone(&tz);
            assert!(
                just_before.date_naive() < day,
                "{zone} {day}: not the first instant"
            );
            if local.hour() >= 1 {
                let window_exists = (0..60).any(|minute| {
                    let candidate = day.and_hms_opt(0, minute, 0).unwrap();
                    tz.from_local_datetime(&candidate).earliest().is_some()
                });
                assert!(
                    !window_exists,
                    "{zone} {day}: due at {local} although 00:xx exists"
                );
            }
            days_checked += 1;
            day = day.succ_opt().unwrap();
        }
    }
    assert!(
        days_checked > 500 * 4000,
        "only {days_checked} zone-days checked"
    );
}

#[test]
fn an_unknown_zone_is_refused_with_its_name() {
    let error = PublisherZone::parse("Mars/Olympus_Mons").unwrap_err();
    assert!(error.to_string().contains("Mars/Olympus_Mons"));
}

#[test]
fn a_zone_survives_a_serde_round_trip_as_its_name() {
    let json = serde_json::to_string(&zone("Asia/Kolkata")).unwrap();
    assert_eq!(json, "\"Asia/Kolkata\"");
    let back: PublisherZone = serde_json::from_str(&json).unwrap();
    assert_eq!(back, zone("Asia/Kolkata"));
    assert!(serde_json::from_str::<PublisherZone>("\"Nowhere/Else\"").is_err());
}

#[test]
fn instants_are_shown_with_their_zone() {
    let shown = zone("Europe/Berlin").format_instant(utc("2026-11-30T23:00:00Z"));
    assert_eq!(shown, "2026-12-01 00:00 CET (Europe/Berlin)");
}

#[test]
fn the_date_at_an_instant_depends_on_the_zone() {
    let instant = utc("2026-11-30T23:30:00Z");
    assert_eq!(zone("Europe/Berlin").date_at(instant), date("2026-12-01"));
    assert_eq!(
        zone("America/New_York").date_at(instant),
        date("2026-11-30")
    );
}

#[test]
fn a_real_clock_tells_the_real_time() {
    let real = utc("2026-11-25T14:00:00Z");
    assert_eq!(Clock::Real.now(real), real);
    assert!(!Clock::Real.is_simulated());
}

#[test]
fn a_simulated_clock_stands_still_until_advanced() {
    let set = utc("2026-12-01T10:00:00Z");
    let clock = Clock::Simulated { at: set };
    assert_eq!(clock.now(utc("2030-01-01T00:00:00Z")), set);
    let next_day = clock.advanced_by(TimeDelta::days(1), utc("2030-01-01T00:00:00Z"));
    assert_eq!(
        next_day.now(utc("2031-01-01T00:00:00Z")),
        utc("2026-12-02T10:00:00Z")
    );
}

#[test]
fn advancing_a_real_clock_starts_a_simulation_from_the_real_time() {
    let real = utc("2026-11-25T14:00:00Z");
    let clock = Clock::Real.advanced_by(TimeDelta::hours(1), real);
    assert!(clock.is_simulated());
    assert_eq!(clock.now(real), utc("2026-11-25T15:00:00Z"));
}

/// The app carries its own compact zone table (`src/domain/zones.rs`); chrono-tz, built
/// from the same IANA release, is the reference it must agree with.
fn reference(zone: PublisherZone) -> chrono_tz::Tz {
    zone.name()
        .parse()
        .unwrap_or_else(|_| panic!("chrono-tz does not know {zone}"))
}

#[test]
fn the_zones_offered_are_exactly_the_zones_chrono_tz_knows() {
    let offered: Vec<&str> = PublisherZone::all().map(|zone| zone.name()).collect();
    let known: Vec<&str> = chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name()).collect();
    assert_eq!(offered, known);
    assert_eq!(
        packwright::domain::zones::Zone::database_release(),
        chrono_tz::IANA_TZDB_VERSION
    );
}

#[test]
fn every_zone_has_chrono_tz_offset_and_abbreviation_from_1970_to_2100() {
    let start = utc("1970-01-01T00:00:00Z").timestamp();
    let end = utc("2100-12-31T00:00:00Z").timestamp();
    let mut compared = 0u64;
    for zone in PublisherZone::all() {
        let (ours, theirs) = (zone.tz(), reference(zone));
        // Every 13 hours: each day is sampled at a different hour over a fortnight.
        for seconds in (start..end).step_by(13 * 3600) {
            let at = DateTime::from_timestamp(seconds, 0).unwrap().naive_utc();
            let our_offset = ours.offset_from_utc_datetime(&at);
            let their_offset = theirs.offset_from_utc_datetime(&at);
            assert_eq!(
                (our_offset.fix(), our_offset.to_string()),
                (their_offset.fix(), their_offset.to_string()),
                "{zone} at {at} UTC"
            );
            compared += 1;
        }
    }
    assert!(compared > 500 * 80_000, "only {compared} instants compared");
}

#[test]
fn every_zone_changes_offset_at_the_same_second_as_chrono_tz() {
    for zone in PublisherZone::all() {
        let (ours, theirs) = (zone.tz(), reference(zone));
        for at in ours.transitions() {
            for seconds in [at - 1, at] {
                let instant = DateTime::from_timestamp(seconds, 0).unwrap().naive_utc();
                assert_eq!(
                    ours.offset_from_utc_datetime(&instant).fix(),
                    theirs.offset_from_utc_datetime(&instant).fix(),
                    "{zone} at {instant} UTC"
                );
            }
        }
    }
}

#[test]
fn every_zone_maps_local_midnights_and_transition_hours_like_chrono_tz() {
    let first = date("2020-01-01");
    let last = date("2040-12-31");
    for zone in PublisherZone::all() {
        let (ours, theirs) = (zone.tz(), reference(zone));
        let mut day = first;
        while day <= last {
            for hour in [0, 1, 2, 3] {
                let local = day.and_hms_opt(hour, 30, 0).unwrap();
                let mine = ours.from_local_datetime(&local).map(|at| at.to_utc());
                let reference = theirs.from_local_datetime(&local).map(|at| at.to_utc());
                assert_eq!(mine, reference, "{zone} local {local}");
            }
            day = day.succ_opt().unwrap();
        }
    }
}
