//! A new member's earlier history: joined from the team's snapshot, the history before it
//! (the activity log, who did what) is fetched afterwards, in pages, newest first.

use leptos::prelude::*;

use crate::domain::Event;
use crate::store::team::ending_at;
use crate::store::StoreError;
use crate::ui::session::Session;

/// How many of the team's earlier batches one request of a new member's history fetches.
const HISTORY_PAGE: u32 = 500;

impl Session {
    /// Fetches the history before the snapshot this browser joined from and puts it before
    /// the local history in one write. What the database does not hold (a gap: an uploaded
    /// workspace's history began after an import) ends it.
    pub(super) async fn fetch_history(self, generation: u32) {
        let Some(couch) = self.team.with_link(generation, |link| link.couch.clone()) else {
            return;
        };
        let Some(base) = self.head.try_get_untracked().map(|head| head.base_revision) else {
            return;
        };
        let mut first = base;
        let mut pages: Vec<Vec<Vec<Event>>> = Vec::new();
        while first > 1 {
            let from = first.saturating_sub(HISTORY_PAGE).max(1);
            let Ok(documents) = couch.batches_between(from, first - 1).await else {
                // Offline or refused: tried again when sync starts again.
                return;
            };
            let page = ending_at(documents, first - 1);
            if page.is_empty() {
                break;
            }
            let complete = page.len() as u32 == first - from;
            first -= page.len() as u32;
            pages.push(page);
            if !complete {
                break;
            }
        }
        if pages.is_empty() || self.team.with_link(generation, |_| ()).is_none() {
            return;
        }
        let batches: Vec<Vec<Event>> = pages.into_iter().rev().flatten().collect();
        let Ok(_writing) = self.lock().await else {
            return;
        };
        let Ok(store) = self.store().await else {
            return;
        };
        match store.prepend_history(base, first, &batches).await {
            Ok(stored) => {
                self.head
                    .try_update(|head| head.base_revision = stored.base_revision);
                self.announce(stored.revision);
            }
            // The history was replaced meanwhile (the team's log taken again): the next
            // start of sync fetches what is missing then.
            Err(StoreError::Conflict) => {}
            Err(problem) => self.report(format!(
                "The team's earlier history could not be saved in this browser. {problem}"
            )),
        }
    }
}
