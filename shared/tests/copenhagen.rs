//! Copenhagen local time, checked against the IANA time-zone database.

use brud_shared::time::to_copenhagen;
use chrono::{DateTime, Duration, TimeZone, Utc};
use chrono_tz::Europe::Copenhagen;

#[test]
fn matches_the_iana_database_every_hour_from_1996_to_2099() {
    let mut at = Utc.with_ymd_and_hms(1996, 1, 1, 0, 30, 0).unwrap();
    let end = Utc.with_ymd_and_hms(2100, 1, 1, 0, 0, 0).unwrap();
    let mut checked = 0u32;
    while at < end {
        let ours = to_copenhagen(at);
        let iana = at.with_timezone(&Copenhagen);
        assert_eq!(ours.naive_local(), iana.naive_local(), "at {at}");
        at += Duration::hours(1);
        checked += 1;
    }
    assert!(checked > 900_000);
}

#[test]
fn matches_the_iana_database_around_each_change_to_the_second() {
    for year in [2026, 2027, 2030] {
        for (month, day_range) in [(3, 25..=31), (10, 25..=31)] {
            for day in day_range {
                let midnight: DateTime<Utc> =
                    Utc.with_ymd_and_hms(year, month, day, 0, 0, 0).unwrap();
                for seconds in (0..3 * 3600).step_by(1) {
                    let at = midnight + Duration::seconds(seconds);
                    assert_eq!(
                        to_copenhagen(at).naive_local(),
                        at.with_timezone(&Copenhagen).naive_local()
                    );
                }
            }
        }
    }
}
