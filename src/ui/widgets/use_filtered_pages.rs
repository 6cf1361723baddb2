//! One filtered and paged list: what the filter says, which rows it keeps, and the page
//! shown. Every long list (accounts, groups, a group's accounts, a pack's instances) is one.

use leptos::prelude::*;

use super::pager::{page_count, PAGE_SIZE};

/// A list's filter and pages, as `use_filtered_pages` makes them.
#[derive(Clone, Copy)]
pub struct UseFilteredPagesReturn {
    /// The filter as typed.
    pub filter: RwSignal<String>,
    /// The page shown, from 0.
    pub page: RwSignal<usize>,
    /// The positions of the rows the filter keeps, in the list's order.
    pub matching: Memo<Vec<usize>>,
}

impl UseFilteredPagesReturn {
    /// How many rows the filter keeps (tracked).
    pub fn count(self) -> usize {
        self.matching.with(Vec::len)
    }

    /// The rows of the page shown (tracked); a page past the end (rows deleted meanwhile)
    /// shows the last.
    pub fn shown<T: Clone + Send + Sync + 'static>(self, rows: Memo<Vec<T>>) -> Vec<T> {
        self.matching.with(|matching| {
            let page = self.page.get().min(page_count(matching.len()) - 1);
            rows.with(|rows| {
                matching
                    .iter()
                    .skip(page * PAGE_SIZE)
                    .take(PAGE_SIZE)
                    .map(|position| rows[*position].clone())
                    .collect()
            })
        })
    }

    /// Every row the filter keeps, in order (untracked): what an export writes.
    pub fn kept<T: Clone + Send + Sync + 'static>(self, rows: Memo<Vec<T>>) -> Vec<T> {
        self.matching.with_untracked(|matching| {
            rows.with_untracked(|rows| matching.iter().map(|index| rows[*index].clone()).collect())
        })
    }

    /// A new filter: from the first page again.
    pub fn set_filter(self, typed: String) {
        self.filter.set(typed);
        self.page.set(0);
    }
}

/// `rows` filtered by `keep`, which is given each row and the filter as typed, trimmed and
/// lower-cased (tracked: `keep` may read other signals, such as a second filter), and paged.
pub fn use_filtered_pages<T: Send + Sync + 'static>(
    rows: Memo<Vec<T>>,
    keep: impl Fn(&T, &str) -> bool + Send + Sync + 'static,
) -> UseFilteredPagesReturn {
    let filter = RwSignal::new(String::new());
    let matching = Memo::new(move |_| {
        let needle = filter.get().trim().to_lowercase();
        rows.with(|rows| {
            rows.iter()
                .enumerate()
                .filter(|(_, row)| keep(row, &needle))
                .map(|(position, _)| position)
                .collect::<Vec<_>>()
        })
    });
    UseFilteredPagesReturn {
        filter,
        page: RwSignal::new(0),
        matching,
    }
}
