//! Parts of a big pack's page that wait until the rest is painted.

use leptos::prelude::*;

/// A pack with more instances than this paints its page before its long lists.
pub const LIST_AT_ONCE_UP_TO: usize = 5_000;

/// Whether a deferred part may be built: at once when `at_once`, otherwise from the task
/// after the next frame (the page around it is on screen by then). Building 50,000 rows
/// takes about a tenth of a second in the browser; painting the rest first keeps the click
/// that opened the page answered.
pub fn use_after_paint(at_once: bool) -> RwSignal<bool> {
    let ready = RwSignal::new(at_once);
    if !at_once {
        request_animation_frame(move || {
            set_timeout(
                move || {
                    // The page may be gone by then.
                    ready.try_set(true);
                },
                std::time::Duration::ZERO,
            )
        });
    }
    ready
}
