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

    pub(in crate::ui) fn begin() -> StartUp {
        let start_up = StartUp {
            reached: RwSignal::new(0),
        };
        provide_context(start_up);
        start_up.next_piece_later();
        start_up
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

    /// Whether `piece` has been drawn (tracked).
    pub(in crate::ui) fn reached(self, piece: u8) -> impl Fn() -> bool + Copy {
        move || self.reached.get() >= piece
    }

    /// The app's start-up, where there is one (a page mounted alone has none).
    pub(in crate::ui) fn of_this_app() -> Option<StartUp> {
        use_context::<StartUp>()
    }
}
