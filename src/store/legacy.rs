//! Reading what format 1 wrote. Format 1 tagged each event inside it,
//! `{"at": …, "type": "PACK_CREATED", "pack": 3, …}`, and the clock record by a `mode`
//! field; format 2 writes `{"at": …, "change": {"PACK_CREATED": {"pack": 3, …}}}` and
//! `{"SIMULATED": {"at": …}}`, which serde reads without buffering every event. Format 1
//! is rewritten through `serde_json::Value` into format 2's text, then read as usual.

use serde_json::{Map, Value};

use crate::domain::command::SetClock;
use crate::domain::{decide, Clock, Command, Event, Workspace};

/// Format 1's event, as format 2 writes it.
fn upgrade_event(event: Value) -> Result<Value, String> {
    let Value::Object(mut fields) = event else {
        return Err("an event is not an object".to_owned());
    };
    let at = fields
        .remove("at")
        .ok_or_else(|| "an event has no \"at\"".to_owned())?;
    let kind = match fields.remove("type") {
        Some(Value::String(kind)) => kind,
        _ => return Err("an event has no \"type\"".to_owned()),
    };
    let mut change = Map::new();
    change.insert(kind, Value::Object(fields));
    let mut upgraded = Map::new();
    upgraded.insert("at".to_owned(), at);
    upgraded.insert("change".to_owned(), Value::Object(change));
    Ok(Value::Object(upgraded))
}

fn upgrade_events(events: Value) -> Result<Value, String> {
    let Value::Array(events) = events else {
        return Err("the events are not a list".to_owned());
    };
    events
        .into_iter()
        .map(upgrade_event)
        .collect::<Result<Vec<_>, _>>()
        .map(Value::Array)
}

/// A stored batch of format 1 (a JSON list of events) as format 2's text.
pub fn upgrade_batch(text: &str) -> Result<String, String> {
    let events: Value = serde_json::from_str(text).map_err(|error| error.to_string())?;
    Ok(upgrade_events(events)?.to_string())
}

/// A whole export file of format 1 as format 2's text (its `formatVersion` fields stay 1;
/// the reader moves them on).
pub fn upgrade_file(text: &str) -> Result<String, String> {
    let mut file: Value = serde_json::from_str(text).map_err(|error| error.to_string())?;
    let events = file
        .get_mut("events")
        .ok_or_else(|| "events is missing".to_owned())?;
    *events = upgrade_events(events.take())?;
    Ok(file.to_string())
}

/// Format 1's clock record: `{"mode": "REAL"}` or `{"mode": "SIMULATED", "at": …}`.
pub fn clock_record(text: &str) -> Option<Clock> {
    let record: Value = serde_json::from_str(text).ok()?;
    match record.get("mode")?.as_str()? {
        "REAL" => Some(Clock::Real),
        "SIMULATED" => {
            let at = record.get("at")?.as_str()?.parse().ok()?;
            Some(Clock::Simulated { at })
        }
        _ => None,
    }
}

/// What adopting format 1's clock record adds to the log of `workspace`, the workspace as
/// that database holds it: the clock set to the record's simulated time (never earlier
/// than the newest event), with the releases that came due by then. Decided at the
/// record's own time, so that nothing is applied at a time the workspace's clock has not
/// reached: opening an old demo database on a later day must not run its schedule by the
/// real calendar. Nothing when the record follows the real time or the workspace already
/// has a clock of its own.
pub fn clock_adoption(workspace: &Workspace, record: Clock) -> Vec<Event> {
    let (Clock::Simulated { at }, Clock::Real) = (record, workspace.clock()) else {
        return Vec::new();
    };
    let at = workspace
        .newest_event_at()
        .map_or(at, |newest| newest.max(at));
    let clock = Clock::Simulated { at };
    // Setting a clock at its own time, never before the newest event, is never refused.
    decide(workspace, Command::SetClock(SetClock { clock }), at).unwrap_or_default()
}
