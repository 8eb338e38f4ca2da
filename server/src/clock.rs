//! The time of day, injectable: the server reads the system clock, tests move a clock of their own instead of sleeping.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

/// Seconds since the Unix epoch by the system clock.
pub fn system_secs() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// The date in Vietnam (UTC+7, no daylight saving) at a Unix time.
pub fn vn_date(secs: i64) -> app::calendar::Date {
    app::calendar::LocalDateTime::from_unix_seconds(secs).date
}

/// The clock every handler asks. Clones share one offset, so a test that
/// moves the clock of a running server moves it for every request.
#[derive(Clone, Default)]
pub struct Clock {
    /// Seconds added to the system clock; zero outside tests.
    offset: Arc<AtomicI64>,
}

impl Clock {
    /// Seconds since the Unix epoch, as this clock says.
    pub fn now_secs(&self) -> i64 {
        system_secs() + self.offset.load(Ordering::Relaxed)
    }

    /// Moves the clock forward (tests: time passes without waiting for it).
    pub fn advance(&self, secs: i64) {
        self.offset.fetch_add(secs, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_moved_clock_moves_for_every_clone() {
        let a = Clock::default();
        let b = a.clone();
        let before = b.now_secs();
        a.advance(3600);
        assert!(b.now_secs() >= before + 3600);
    }
}
