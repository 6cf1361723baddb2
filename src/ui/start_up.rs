//! Start-up in pieces (see `StartUp`).

use leptos::prelude::*;

/// Start-up drawn in pieces, each in a task of its own after the one before: the header
/// with the module's start, then the page, then the landing page's form, then its list,
/// then the banner and the footer (last, below everything, so that nothing drawn later
/// moves them). Most of start-up's work is V8 compiling each function on its first call;
/// in pieces, a tap gets through between them, where in one piece start-up held a phone's
/// main thread for some 140 ms. Forms work as soon as they are drawn, while the workspace
/// still opens.
#[derive(Clone, Copy)]
pub(in crate::ui) struct StartUp {
    reached: RwSignal<u8>,
}

impl StartUp {
    pub(in crate::ui) const PAGE: u8 = 1;
    pub(in crate::ui) const LANDING_FORM: u8 = 2;
    pub(in crate::ui) const LANDING_LIST: u8 = 3;
    pub(in crate::ui) const BANNER_AND_FOOTER: u8 = 4;

    pub(in crate::ui) fn begin() {
        let start_up = StartUp {
            reached: RwSignal::new(0),
        };
        provide_context(start_up);
        start_up.next_piece_later();
    }

    fn next_piece_later(self) {
        set_timeout(
            move || {
                // (Nothing to draw once the app is gone.)
                let reached = self.reached.try_update(|reached| {
                    *reached += 1;
                    *reached
                });
                if reached.is_some_and(|reached| reached < StartUp::BANNER_AND_FOOTER) {
                    self.next_piece_later();
                }
            },
            std::time::Duration::ZERO,
        );
    }

    /// Whether `piece` has been drawn (tracked); always, for a page mounted without the
    /// app's start-up.
    pub(in crate::ui) fn drawn(piece: u8) -> impl Fn() -> bool + Copy {
        let start_up = use_context::<StartUp>();
        move || start_up.is_none_or(|start_up| start_up.reached.get() >= piece)
    }
}
