//! What became of each change saved here while the workspace is shared: the form that
//! made it says "Created X." only once the team's log has it, and says once why not when
//! a teammate's change made it impossible.
//!
//! A change is followed from the moment it is queued until its form has said its outcome
//! (or is gone). Its identity is what the queue keeps of it, the instant and the kind of
//! intent: a rebase decides a change again but keeps both. (Comparing whole commands would
//! put every command's equality in the first module, for changes a millisecond apart.)

use chrono::{DateTime, Utc};

use crate::domain::rebase::{Dropped, Intent, Queued};

/// Names one followed change.
pub type Ticket = u64;

/// Where a followed change stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Delivery {
    /// Saved here and queued; the team's log does not have it yet.
    Sending,
    /// The team's log has it.
    Delivered,
    /// A teammate's change made it impossible: the sentence that says so and what to do.
    Dropped(String),
}

#[derive(Clone, Debug)]
struct Followed {
    ticket: Ticket,
    at: DateTime<Utc>,
    intent: std::mem::Discriminant<Intent>,
    delivery: Delivery,
}

/// The changes followed for their forms.
#[derive(Clone, Debug, Default)]
pub struct Deliveries {
    followed: Vec<Followed>,
    next: Ticket,
}

impl Deliveries {
    /// Starts following a change that was just queued.
    pub fn follow(&mut self, queued: &Queued) -> Ticket {
        self.next += 1;
        self.followed.push(Followed {
            ticket: self.next,
            at: queued.at,
            intent: std::mem::discriminant(&queued.intent),
            delivery: Delivery::Sending,
        });
        self.next
    }

    /// Where the change stands; `None` once it is no longer followed.
    pub fn delivery(&self, ticket: Ticket) -> Option<&Delivery> {
        self.followed
            .iter()
            .find(|followed| followed.ticket == ticket)
            .map(|followed| &followed.delivery)
    }

    /// Stops following a change (its form has said the outcome, or is gone).
    pub fn forget(&mut self, ticket: Ticket) {
        self.followed.retain(|followed| followed.ticket != ticket);
    }

    /// A rebase dropped `dropped`: if a form follows it, that form says `sentence` (and
    /// `true` is returned); otherwise the caller tells it elsewhere.
    pub fn claim_dropped(&mut self, dropped: &Dropped, sentence: &str) -> bool {
        let found = self.followed.iter_mut().find(|followed| {
            followed.delivery == Delivery::Sending
                && followed.at == dropped.change.at
                && followed.intent == std::mem::discriminant(&dropped.change.intent)
        });
        match found {
            Some(followed) => {
                followed.delivery = Delivery::Dropped(sentence.to_owned());
                true
            }
            None => false,
        }
    }

    /// After the queue changed (a push was answered, a pull was taken): every change still
    /// sending that the queue no longer holds is in the team's log. Whether any was.
    pub fn settle(&mut self, queue: &[Queued]) -> bool {
        let mut delivered = false;
        for followed in &mut self.followed {
            let queued = queue.iter().any(|change| {
                change.at == followed.at
                    && std::mem::discriminant(&change.intent) == followed.intent
            });
            if followed.delivery == Delivery::Sending && !queued {
                followed.delivery = Delivery::Delivered;
                delivered = true;
            }
        }
        delivered
    }

    /// The workspace stops being shared: what was on its way is this browser's only, and
    /// saved here.
    pub fn forget_all(&mut self) {
        self.followed.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::command::CreateGroup;
    use crate::domain::error::Subject;
    use crate::domain::rebase::RebaseRefusal;
    use crate::domain::{Command, DomainError};

    fn queued(name: &str, second: i64) -> Queued {
        Queued {
            intent: Intent::Command(Command::CreateGroup(CreateGroup { name: name.into() })),
            at: DateTime::from_timestamp(1_800_000_000 + second, 0).unwrap(),
            events: Vec::new(),
        }
    }

    #[test]
    fn a_change_is_sending_until_the_queue_no_longer_holds_it() {
        let mut deliveries = Deliveries::default();
        let (first, second) = (queued("A", 0), queued("B", 1));
        let a = deliveries.follow(&first);
        let b = deliveries.follow(&second);
        assert!(!deliveries.settle(&[first.clone(), second.clone()]));
        assert_eq!(deliveries.delivery(a), Some(&Delivery::Sending));
        // A push confirmed the first: the queue holds the second only.
        assert!(deliveries.settle(std::slice::from_ref(&second)));
        assert_eq!(deliveries.delivery(a), Some(&Delivery::Delivered));
        assert_eq!(deliveries.delivery(b), Some(&Delivery::Sending));
        deliveries.forget(a);
        assert_eq!(deliveries.delivery(a), None);
    }

    #[test]
    fn a_dropped_change_is_told_by_its_form_if_one_follows_it_and_never_called_delivered() {
        let mut deliveries = Deliveries::default();
        let change = queued("Contested", 0);
        let ticket = deliveries.follow(&change);
        let dropped = Dropped {
            change: change.clone(),
            why: RebaseRefusal::Refused(DomainError::DuplicateName {
                subject: Subject::AccountGroup,
                name: "Contested".into(),
            }),
        };
        assert!(deliveries.claim_dropped(&dropped, "Your change was not kept."));
        deliveries.settle(&[]);
        assert_eq!(
            deliveries.delivery(ticket),
            Some(&Delivery::Dropped("Your change was not kept.".into()))
        );
        // Once its form is gone, a drop is the caller's to tell.
        deliveries.forget(ticket);
        assert!(!deliveries.claim_dropped(&dropped, "Your change was not kept."));
    }
}
