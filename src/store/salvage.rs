//! What can still be read of a damaged store: the longest run of its log, from the start,
//! whose batches all parse and replay under the engine's checks, as a workspace file that
//! imports anywhere, and a sentence for each part left out.

use crate::domain::event::plural;
use crate::domain::integrity::check_event;
use crate::domain::{Event, Workspace};
use crate::store::file::WorkspaceFile;

/// A damaged store's readable part.
#[derive(Debug)]
pub struct Salvage {
    pub file: WorkspaceFile,
    /// What was left out and why, one sentence each; empty when everything was readable.
    pub left_out: Vec<String>,
}

/// Salvages the stored batches, oldest first: each batch's revision and its events, or
/// why it could not be read. A batch is taken whole or not at all (it was saved in one
/// transaction), and nothing after the first batch left out is taken (later changes were
/// decided on top of it).
pub fn salvage(batches: Vec<(u32, Result<Vec<Event>, String>)>) -> Salvage {
    let mut workspace = Workspace::default();
    let mut events = Vec::new();
    let mut left_out = Vec::new();
    for (revision, batch) in batches {
        let batch = match batch {
            Ok(batch) => batch,
            Err(problem) => {
                left_out.push(format!(
                    "The change saved as revision {revision} could not be read ({problem})."
                ));
                break;
            }
        };
        // Checked on a copy of the engine's view: a batch that fails halfway is not taken.
        let mut trial = workspace.clone();
        let checked = batch.iter().try_for_each(|event| {
            check_event(&trial, event)?;
            trial.apply(event);
            Ok::<(), String>(())
        });
        if let Err(problem) = checked {
            left_out.push(format!(
                "The change saved as revision {revision} does not fit the history before it ({problem})."
            ));
            break;
        }
        workspace = trial;
        events.extend(batch);
    }
    let taken = events.len();
    if let Some(first) = left_out.first().cloned() {
        left_out = vec![format!(
            "{first} It and every later change are left out; the {} before it {} kept.",
            plural(taken, "event", "events"),
            if taken == 1 { "is" } else { "are" }
        )];
    }
    Salvage {
        file: WorkspaceFile::new(workspace, events),
        left_out,
    }
}

#[cfg(test)]
mod tests {
    use super::salvage;
    use crate::domain::command::CreateGroup;
    use crate::domain::{decide, Command, Event, Workspace};

    fn story() -> Vec<Vec<Event>> {
        let now = "2026-11-25T10:00:00Z".parse().unwrap();
        let mut workspace = Workspace::default();
        let mut batches = Vec::new();
        for name in ["North", "South", "East"] {
            let events = decide(
                &workspace,
                Command::CreateGroup(CreateGroup { name: name.into() }),
                now,
            )
            .unwrap();
            for event in &events {
                workspace.apply(event);
            }
            batches.push(events);
        }
        batches
    }

    #[test]
    fn a_whole_log_is_salvaged_whole() {
        let batches = story();
        let salvaged = salvage(
            batches
                .iter()
                .cloned()
                .enumerate()
                .map(|(i, b)| (i as u32 + 1, Ok(b)))
                .collect(),
        );
        assert!(salvaged.left_out.is_empty());
        assert_eq!(salvaged.file.events, batches.concat());
        assert_eq!(salvaged.file.workspace.groups().count(), 3);
    }

    #[test]
    fn the_log_is_kept_up_to_a_batch_that_does_not_parse_or_does_not_fit() {
        let batches = story();
        let unreadable = vec![
            (1, Ok(batches[0].clone())),
            (2, Err("EOF while parsing".to_owned())),
            (3, Ok(batches[2].clone())),
        ];
        let salvaged = salvage(unreadable);
        assert_eq!(salvaged.file.events, batches[0]);
        assert!(
            salvaged.left_out[0].contains("revision 2 could not be read"),
            "{:?}",
            salvaged.left_out
        );
        assert!(
            salvaged.left_out[0].contains("the 1 event before it is kept"),
            "{:?}",
            salvaged.left_out
        );

        // A batch that creates again what an earlier one created.
        let misfit = vec![
            (1, Ok(batches[0].clone())),
            (2, Ok(batches[1].clone())),
            (3, Ok(batches[1].clone())),
        ];
        let salvaged = salvage(misfit);
        assert_eq!(salvaged.file.events, batches[..2].concat());
        assert!(
            salvaged.left_out[0].contains("does not fit"),
            "{:?}",
            salvaged.left_out
        );
    }
}
