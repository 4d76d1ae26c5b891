//! How long a failed delivery waits before the next attempt: the report's
//! webhook and mail, and the case notices, all alike.

/// Capped exponential backoff: `base`, 2 × `base`, 4 × `base` … at most
/// `cap` seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    /// The first delay, in seconds.
    pub base: u32,
    /// The longest delay, in seconds.
    pub cap: u32,
}

impl Backoff {
    /// The delay in seconds before the retry that follows attempt number
    /// `attempt` (1-based).
    pub fn delay(self, attempt: u32) -> u32 {
        let factor = 1u32
            .checked_shl(attempt.saturating_sub(1))
            .unwrap_or(u32::MAX);
        self.base.saturating_mul(factor).min(self.cap)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_retry_waits_twice_as_long_up_to_the_cap() {
        let backoff = Backoff {
            base: 30,
            cap: 3600,
        };
        let delays: Vec<u32> = (1..=9).map(|attempt| backoff.delay(attempt)).collect();
        assert_eq!(delays, [30, 60, 120, 240, 480, 960, 1920, 3600, 3600]);
        // No overflow however many attempts, and attempt 0 counts as 1.
        assert_eq!(backoff.delay(40), 3600);
        assert_eq!(backoff.delay(u32::MAX), 3600);
        assert_eq!(backoff.delay(0), 30);
        assert_eq!(Backoff { base: 0, cap: 10 }.delay(5), 0);
    }
}
