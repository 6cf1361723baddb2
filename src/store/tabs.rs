//! Tells the other open tabs of the same workspace that something was saved, so they catch
//! up within a moment instead of working on a stale copy.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{BroadcastChannel, MessageEvent};

/// A channel shared by every tab that has the same database open.
pub struct TabChannel {
    channel: BroadcastChannel,
    _listener: Closure<dyn FnMut(MessageEvent)>,
}

impl TabChannel {
    /// Listens for the revisions other tabs saved; `None` when the browser has no
    /// BroadcastChannel (the tabs then learn of changes when a save is refused).
    pub fn open(database: &str, on_saved: impl Fn(u32) + 'static) -> Option<TabChannel> {
        let channel = BroadcastChannel::new(&format!("packwright:{database}")).ok()?;
        let listener = Closure::<dyn FnMut(MessageEvent)>::new(move |message: MessageEvent| {
            if let Some(revision) = message.data().as_f64() {
                on_saved(revision as u32);
            }
        });
        channel.set_onmessage(Some(listener.as_ref().unchecked_ref()));
        Some(TabChannel {
            channel,
            _listener: listener,
        })
    }

    /// Tells the other tabs that `revision` is saved.
    pub fn announce(&self, revision: u32) {
        let _ = self
            .channel
            .post_message(&JsValue::from_f64(f64::from(revision)));
    }
}

impl Drop for TabChannel {
    fn drop(&mut self) {
        self.channel.set_onmessage(None);
        self.channel.close();
    }
}
