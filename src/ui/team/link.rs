//! The team's database while the workspace is shared: what team sync holds in memory
//! (`TeamLink`), its signals, and the one guard every step of sync goes through
//! (`TeamSync::with_link`): a step started for a generation of sync that has ended
//! (disconnected, signed in again, the app unmounted) finds nothing and stops.

use chrono::{DateTime, Utc};
use futures::channel::mpsc::{unbounded, UnboundedReceiver, UnboundedSender};
use leptos::prelude::*;

use super::status::{TeamAccount, TeamStatus};
use crate::domain::rebase::{Intent, Queued};
use crate::domain::Event;
use crate::store::couch::Couch;
use crate::store::team::delivery::{Deliveries, Ticket};
use crate::store::team::sync::TeamState;
use crate::store::team::TeamRecord;

/// How long to wait before trying an unreachable server again.
pub const RETRY_MS: u32 = 2_000;

/// The team's database, and what this browser knows of its log.
pub struct TeamLink {
    pub state: TeamState,
    pub couch: Couch,
    /// Which start of sync this link belongs to; its loops end when it changes.
    pub generation: u32,
    /// Wakes the push loop.
    pub wake: UnboundedSender<()>,
}

impl TeamLink {
    /// The change `events` make, queued: each event names this user as its author. Returns
    /// the team record to store with it (its queue is stored one record per change, so the
    /// copy leaves the queue out) and the queued change.
    fn queued(
        &self,
        intent: Intent,
        at: DateTime<Utc>,
        events: &mut [Event],
    ) -> (TeamRecord, Queued) {
        for event in events.iter_mut() {
            event.by = Some(self.state.log.record.user.clone());
        }
        let queued = Queued {
            intent,
            at,
            events: events.to_vec(),
        };
        (self.state.log.record.header(), queued)
    }
}

thread_local! {
    static GENERATIONS: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

fn next_generation() -> u32 {
    GENERATIONS.with(|cell| {
        cell.set(cell.get() + 1);
        cell.get()
    })
}

/// Team sync's part of the session.
#[derive(Clone, Copy)]
pub struct TeamSync {
    link: StoredValue<Option<TeamLink>, LocalStorage>,
    pub status: RwSignal<TeamStatus>,
    /// The push loop's end of the channel that wakes it, until the loop takes it.
    woken: StoredValue<Option<UnboundedReceiver<()>>, LocalStorage>,
    /// Sentences for this browser's changes that a teammate's change made impossible,
    /// when no form is there to say them.
    pub notices: RwSignal<Vec<String>>,
    /// The changes saved here that their forms follow until the team's log has them.
    pub deliveries: RwSignal<Deliveries>,
}

impl TeamSync {
    pub fn new() -> TeamSync {
        TeamSync {
            link: StoredValue::new_local(None),
            status: RwSignal::new(TeamStatus::Off),
            woken: StoredValue::new_local(None),
            notices: RwSignal::new(Vec::new()),
            deliveries: RwSignal::new(Deliveries::default()),
        }
    }

    /// Whether the workspace is shared; `None` once the app is unmounted.
    pub fn is_shared(self) -> Option<bool> {
        self.link.try_with_value(Option::is_some)
    }

    /// Starts a generation of sync with `state` and `couch`; returns the generation.
    pub fn link_up(self, state: TeamState, couch: Couch) -> u32 {
        let (wake, woken) = unbounded();
        let generation = next_generation();
        self.link.try_set_value(Some(TeamLink {
            state,
            couch,
            generation,
            wake,
        }));
        self.woken.try_set_value(Some(woken));
        generation
    }

    /// Starts a new generation on the same link (after signing in again): the old loops end.
    pub fn renew(self) {
        let (wake, woken) = unbounded();
        let generation = next_generation();
        self.update_current(|link| {
            link.generation = generation;
            link.wake = wake;
        });
        self.woken.try_set_value(Some(woken));
    }

    /// Ends sharing: the link, handed back. What was on its way is this browser's only.
    pub fn unlink(self) -> Option<TeamLink> {
        self.status.try_set(TeamStatus::Off);
        self.deliveries.try_update(Deliveries::forget_all);
        self.link.try_update_value(Option::take).flatten()
    }

    /// The push loop's waking channel, once.
    pub fn take_woken(self) -> Option<UnboundedReceiver<()>> {
        self.woken.try_update_value(Option::take).flatten()
    }

    /// `f` of the link while generation `generation` lasts; `None` when it has ended.
    pub fn with_link<T>(self, generation: u32, f: impl FnOnce(&TeamLink) -> T) -> Option<T> {
        self.link
            .try_with_value(|link| {
                link.as_ref()
                    .filter(|link| link.generation == generation)
                    .map(f)
            })
            .flatten()
    }

    /// `f` of the link, changed, while generation `generation` lasts.
    pub fn update_link<T>(self, generation: u32, f: impl FnOnce(&mut TeamLink) -> T) -> Option<T> {
        self.link
            .try_update_value(|link| {
                link.as_mut()
                    .filter(|link| link.generation == generation)
                    .map(f)
            })
            .flatten()
    }

    /// `f` of the link, whichever generation it is in.
    pub fn with_current<T>(self, f: impl FnOnce(&TeamLink) -> T) -> Option<T> {
        self.link
            .try_with_value(|link| link.as_ref().map(f))
            .flatten()
    }

    /// `f` of the link, changed, whichever generation it is in.
    pub fn update_current<T>(self, f: impl FnOnce(&mut TeamLink) -> T) -> Option<T> {
        self.link
            .try_update_value(|link| link.as_mut().map(f))
            .flatten()
    }

    /// The generation sync is in, if the workspace is shared.
    pub fn generation(self) -> Option<u32> {
        self.with_current(|link| link.generation)
    }

    /// The change `events` make, queued for the team's log when the workspace is shared
    /// (see `TeamLink::queued`); `None` once the app is unmounted.
    pub fn queued(
        self,
        intent: Intent,
        at: DateTime<Utc>,
        events: &mut [Event],
    ) -> Option<Option<(TeamRecord, Queued)>> {
        self.link
            .try_with_value(|link| link.as_ref().map(|link| link.queued(intent, at, events)))
    }

    /// After a change was saved and queued: it joins the queue, and the push loop is woken.
    /// Returns the ticket its form follows it by.
    pub fn saved(self, queued: Queued) -> Option<Ticket> {
        let ticket = self
            .deliveries
            .try_update(|deliveries| deliveries.follow(&queued));
        self.update_current(|link| {
            link.state.log.record.queue.push(queued);
            let _ = link.wake.unbounded_send(());
        });
        ticket
    }

    /// Wakes the push loop.
    pub fn wake_push(self) {
        self.with_current(|link| {
            let _ = link.wake.unbounded_send(());
        });
    }

    /// Where and as whom the workspace is shared, if it is.
    pub fn account(self) -> Option<TeamAccount> {
        self.with_current(|link| {
            let record = &link.state.log.record;
            TeamAccount {
                server: record.server.clone(),
                database: record.database.clone(),
                user: record.user.clone(),
            }
        })
    }
}
