//! Times, the 72-hour deadline and Danish local time.
//!
//! Deadlines are computed in UTC: `aware_at + 72 h`, whatever the weekday or
//! holiday (art. 33(1) counts hours, and both seed procedures say weekends
//! and holidays do not stop the clock). They are *shown* in
//! Europe/Copenhagen local time.
//!
//! Copenhagen time is computed here from the EU summer-time rule (Directive
//! 2000/84/EC, in force for Denmark since 1996): UTC+2 from the last Sunday of
//! March 01:00 UTC to the last Sunday of October 01:00 UTC, UTC+1 otherwise.
//! That is a dozen lines instead of a time-zone database in every browser
//! download; a test checks it hour by hour against the IANA database
//! (chrono-tz) for 1996–2099.

use std::fmt;
use std::str::FromStr;

use chrono::{
    DateTime, Datelike, Duration, FixedOffset, NaiveDate, SecondsFormat, Timelike, Utc, Weekday,
};
use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::lang::Language;

/// Hours from becoming aware of a breach to the notification deadline.
pub const NOTIFICATION_HOURS: i64 = 72;

/// How far in the future a reported time may lie before it counts as "in
/// the future": phones' clocks drift, and a teacher typing "now" must not be
/// told off.
pub const CLOCK_SKEW_MINUTES: i64 = 5;

/// An instant with the offset it was written with: RFC 3339, offset required
/// (`2026-11-20T09:30:00+01:00` or `…Z`). Parsing is strict; the offset is
/// kept so a report round-trips unchanged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(DateTime<FixedOffset>);

impl Timestamp {
    /// Wraps a chrono time.
    pub fn new(at: DateTime<FixedOffset>) -> Self {
        Timestamp(at)
    }

    /// The instant in UTC.
    pub fn utc(&self) -> DateTime<Utc> {
        self.0.with_timezone(&Utc)
    }

    /// The time with its original offset.
    pub fn as_datetime(&self) -> DateTime<FixedOffset> {
        self.0
    }
}

impl From<DateTime<Utc>> for Timestamp {
    fn from(at: DateTime<Utc>) -> Self {
        Timestamp(at.fixed_offset())
    }
}

impl FromStr for Timestamp {
    type Err = chrono::ParseError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        DateTime::parse_from_rfc3339(text).map(Timestamp)
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.to_rfc3339_opts(SecondsFormat::AutoSi, true))
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        text.parse().map_err(|_| {
            serde::de::Error::custom("invalid timestamp: expected RFC 3339 with an offset")
        })
    }
}

impl JsonSchema for Timestamp {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Timestamp".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "format": "date-time",
            "description": "RFC 3339 date and time with an offset, e.g. 2026-11-20T09:30:00+01:00"
        })
    }
}

/// The notification deadline for a breach the school became aware of at
/// `aware_at`: exactly 72 hours later, in UTC. `None` only for times so far
/// in the future that the sum cannot be represented.
///
/// ```
/// # use brud_shared::time::{deadline, Timestamp};
/// let aware: Timestamp = "2026-11-20T09:30:00+01:00".parse().unwrap();
/// assert_eq!(deadline(aware).unwrap().to_rfc3339(), "2026-11-23T08:30:00+00:00");
/// ```
pub fn deadline(aware_at: Timestamp) -> Option<DateTime<Utc>> {
    aware_at
        .utc()
        .checked_add_signed(Duration::hours(NOTIFICATION_HOURS))
}

/// Denmark's UTC offset at the instant `at` (CET or CEST).
pub fn copenhagen_offset(at: DateTime<Utc>) -> FixedOffset {
    let year = at.year();
    let summer = match (eu_summer_start(year), eu_summer_end(year)) {
        (Some(start), Some(end)) => at >= start && at < end,
        _ => false,
    };
    let hours = if summer { 2 } else { 1 };
    FixedOffset::east_opt(hours * 3600).expect("a whole-hour offset is valid")
}

/// `at` in Copenhagen local time.
pub fn to_copenhagen(at: DateTime<Utc>) -> DateTime<FixedOffset> {
    at.with_timezone(&copenhagen_offset(at))
}

/// The instant a Copenhagen wall-clock time denotes, as a timestamp with
/// its offset: what a `datetime-local` input means in Denmark.
///
/// In the October change the hour 02:00–03:00 happens twice; the earlier
/// (summer-time) one is taken. In the March change 02:00–03:00 does not
/// exist; such a time is read with the winter offset, which lands it the
/// same distance after 03:00 CEST.
pub fn from_copenhagen_local(local: chrono::NaiveDateTime) -> Option<Timestamp> {
    // Try summer time first, so an ambiguous October hour resolves to it.
    for hours in [2, 1] {
        let offset = FixedOffset::east_opt(hours * 3600)?;
        let utc = local
            .checked_sub_signed(Duration::hours(i64::from(hours)))?
            .and_utc();
        if copenhagen_offset(utc) == offset {
            return Some(Timestamp(utc.with_timezone(&offset)));
        }
    }
    // Only the March gap gets here: read with the winter offset.
    let utc = local.checked_sub_signed(Duration::hours(1))?.and_utc();
    Some(Timestamp(utc.with_timezone(&copenhagen_offset(utc))))
}

/// `at` as a `datetime-local` input value in Copenhagen time:
/// `2026-11-20T09:30`. Written by hand so the browser download carries no
/// strftime engine.
pub fn to_datetime_local(at: DateTime<Utc>) -> String {
    let local = to_copenhagen(at);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}",
        local.year(),
        local.month(),
        local.day(),
        local.hour(),
        local.minute()
    )
}

/// Reads a `datetime-local` value (`YYYY-MM-DDTHH:MM`, seconds allowed) as a
/// Copenhagen wall-clock time; `None` unless it is a real date and time.
pub fn parse_datetime_local(text: &str) -> Option<chrono::NaiveDateTime> {
    let (date, time) = text.split_once('T')?;
    let mut date_parts = date.splitn(3, '-');
    let year: i32 = date_parts.next()?.parse().ok()?;
    let month: u32 = date_parts.next()?.parse().ok()?;
    let day: u32 = date_parts.next()?.parse().ok()?;
    let mut time_parts = time.splitn(3, ':');
    let hour: u32 = time_parts.next()?.parse().ok()?;
    let minute: u32 = time_parts.next()?.parse().ok()?;
    let second: u32 = match time_parts.next() {
        Some(seconds) => seconds.split('.').next()?.parse().ok()?,
        None => 0,
    };
    NaiveDate::from_ymd_opt(year, month, day)?.and_hms_opt(hour, minute, second)
}

/// 01:00 UTC on the last Sunday of `month` in `year`.
fn last_sunday_0100_utc(year: i32, month: u32) -> Option<DateTime<Utc>> {
    let first_of_next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)?
    };
    let last_day = first_of_next.pred_opt()?;
    let back = last_day.weekday().num_days_from_sunday();
    let sunday = last_day - Duration::days(i64::from(back));
    Some(sunday.and_hms_opt(1, 0, 0)?.and_utc())
}

fn eu_summer_start(year: i32) -> Option<DateTime<Utc>> {
    last_sunday_0100_utc(year, 3)
}

fn eu_summer_end(year: i32) -> Option<DateTime<Utc>> {
    last_sunday_0100_utc(year, 10)
}

const WEEKDAYS_DA: [&str; 7] = [
    "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag",
];
const WEEKDAYS_EN: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const MONTHS_DA: [&str; 12] = [
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn weekday_name(day: Weekday, lang: Language) -> &'static str {
    let index = day.num_days_from_monday() as usize;
    lang.pick(WEEKDAYS_DA[index], WEEKDAYS_EN[index])
}

/// A time as a person in Denmark reads it, in Copenhagen local time with the
/// weekday, so that a deadline on a Sunday is seen as one:
/// "mandag den 23. november 2026 kl. 09.30" / "Monday 23 November 2026 at 09:30".
pub fn format_local(at: DateTime<Utc>, lang: Language) -> String {
    let local = to_copenhagen(at);
    let month = local.month0() as usize;
    let weekday = weekday_name(local.weekday(), lang);
    match lang {
        Language::Da => format!(
            "{weekday} den {}. {} {} kl. {:02}.{:02}",
            local.day(),
            MONTHS_DA[month],
            local.year(),
            local.hour(),
            local.minute()
        ),
        Language::En => format!(
            "{weekday} {} {} {} at {:02}:{:02}",
            local.day(),
            MONTHS_EN[month],
            local.year(),
            local.hour(),
            local.minute()
        ),
    }
}

/// A date as a person in Denmark reads it, with the weekday: "fredag den
/// 4. december 2026" / "Friday 4 December 2026".
pub fn format_date(date: NaiveDate, lang: Language) -> String {
    let month = date.month0() as usize;
    let weekday = weekday_name(date.weekday(), lang);
    match lang {
        Language::Da => format!(
            "{weekday} den {}. {} {}",
            date.day(),
            MONTHS_DA[month],
            date.year()
        ),
        Language::En => format!(
            "{weekday} {} {} {}",
            date.day(),
            MONTHS_EN[month],
            date.year()
        ),
    }
}

/// A time short enough for a mail's subject line, in Copenhagen local
/// time: "man. 23.11. kl. 09.30" / "Mon 23 Nov 09:30".
pub fn format_short_local(at: DateTime<Utc>, lang: Language) -> String {
    let local = to_copenhagen(at);
    let weekday = weekday_name(local.weekday(), lang);
    let short: String = weekday.chars().take(3).collect();
    match lang {
        Language::Da => format!(
            "{short}. {}.{}. kl. {:02}.{:02}",
            local.day(),
            local.month(),
            local.hour(),
            local.minute()
        ),
        Language::En => format!(
            "{short} {} {} {:02}:{:02}",
            local.day(),
            &MONTHS_EN[local.month0() as usize][..3],
            local.hour(),
            local.minute()
        ),
    }
}

/// Time left until `deadline` seen from `now`, for a countdown: "2 døgn og 3
/// timer" / "2 days and 3 hours", or how long ago it passed ("overskredet
/// med 5 timer" / "passed 5 hours ago"). Rounded down to whole minutes.
pub fn format_remaining(deadline: DateTime<Utc>, now: DateTime<Utc>, lang: Language) -> String {
    let left = deadline.signed_duration_since(now);
    let overdue = left < Duration::zero();
    let minutes_total = left.num_minutes().unsigned_abs();
    let days = minutes_total / (24 * 60);
    let hours = (minutes_total / 60) % 24;
    let minutes = minutes_total % 60;

    let mut parts: Vec<String> = Vec::new();
    let unit = |n: u64, da_one: &str, da_many: &str, en_one: &str, en_many: &str| {
        let word = if n == 1 {
            lang.pick(da_one, en_one)
        } else {
            lang.pick(da_many, en_many)
        };
        format!("{n} {word}")
    };
    if days > 0 {
        parts.push(unit(days, "døgn", "døgn", "day", "days"));
    }
    if hours > 0 {
        parts.push(unit(hours, "time", "timer", "hour", "hours"));
    }
    // Minutes only matter once less than a day is left.
    if days == 0 && (minutes > 0 || parts.is_empty()) {
        parts.push(unit(minutes, "minut", "minutter", "minute", "minutes"));
    }
    let refs: Vec<&str> = parts.iter().map(String::as_str).collect();
    let amount = crate::lang::join_words(&refs, lang);
    if overdue {
        match lang {
            Language::Da => format!("overskredet for {amount} siden"),
            Language::En => format!("passed {amount} ago"),
        }
    } else {
        match lang {
            Language::Da => format!("{amount} tilbage"),
            Language::En => format!("{amount} left"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn short_times_fit_a_subject_line_in_copenhagen_time() {
        let at = utc("2026-11-23T08:30:00Z");
        assert_eq!(
            format_short_local(at, Language::Da),
            "man. 23.11. kl. 09.30"
        );
        assert_eq!(format_short_local(at, Language::En), "Mon 23 Nov 09:30");
        // Summer time: two hours ahead of UTC.
        let summer = utc("2026-06-05T22:15:00Z");
        assert_eq!(
            format_short_local(summer, Language::Da),
            "lør. 6.6. kl. 00.15"
        );
    }

    #[test]
    fn deadline_is_72_hours_later_in_utc() {
        let aware: Timestamp = "2026-11-20T09:30:00+01:00".parse().unwrap();
        assert_eq!(deadline(aware).unwrap(), utc("2026-11-23T08:30:00Z"));
    }

    #[test]
    fn weekends_do_not_stop_the_clock() {
        // Aware Friday afternoon: the deadline is Monday afternoon, not Wednesday.
        let aware: Timestamp = "2026-11-20T15:00:00+01:00".parse().unwrap();
        let due = deadline(aware).unwrap();
        assert_eq!(
            format_local(due, Language::Da),
            "mandag den 23. november 2026 kl. 15.00"
        );
    }

    #[test]
    fn holidays_do_not_stop_the_clock() {
        // Aware on the morning of 24 December: due on the 27th, Christmas or not.
        let aware: Timestamp = "2026-12-24T08:00:00+01:00".parse().unwrap();
        assert_eq!(
            format_local(deadline(aware).unwrap(), Language::En),
            "Sunday 27 December 2026 at 08:00"
        );
    }

    #[test]
    fn aware_just_before_the_october_change_shows_winter_time_deadline() {
        // Summer time ends Sunday 25 October 2026 at 03:00 CEST (01:00 UTC).
        // Aware Thursday 22 October 23:30 CEST = 21:30 UTC.
        let aware: Timestamp = "2026-10-22T23:30:00+02:00".parse().unwrap();
        let due = deadline(aware).unwrap();
        assert_eq!(due, utc("2026-10-25T21:30:00Z"));
        // 72 real hours later the clocks show one hour less: 22:30 CET.
        assert_eq!(to_copenhagen(due).to_rfc3339(), "2026-10-25T22:30:00+01:00");
        assert_eq!(
            format_local(due, Language::Da),
            "søndag den 25. oktober 2026 kl. 22.30"
        );
    }

    #[test]
    fn aware_just_before_the_march_change_shows_summer_time_deadline() {
        // Summer time starts Sunday 29 March 2026 at 02:00 CET (01:00 UTC).
        // Aware Thursday 26 March 10:00 CET = 09:00 UTC.
        let aware: Timestamp = "2026-03-26T10:00:00+01:00".parse().unwrap();
        let due = deadline(aware).unwrap();
        assert_eq!(due, utc("2026-03-29T09:00:00Z"));
        // The wall clock jumped forward: 11:00 CEST, not 10:00.
        assert_eq!(to_copenhagen(due).to_rfc3339(), "2026-03-29T11:00:00+02:00");
        assert_eq!(
            format_local(due, Language::En),
            "Sunday 29 March 2026 at 11:00"
        );
    }

    #[test]
    fn offset_switches_exactly_at_01_utc() {
        assert_eq!(
            copenhagen_offset(utc("2026-03-29T00:59:59Z")).local_minus_utc(),
            3600
        );
        assert_eq!(
            copenhagen_offset(utc("2026-03-29T01:00:00Z")).local_minus_utc(),
            7200
        );
        assert_eq!(
            copenhagen_offset(utc("2026-10-25T00:59:59Z")).local_minus_utc(),
            7200
        );
        assert_eq!(
            copenhagen_offset(utc("2026-10-25T01:00:00Z")).local_minus_utc(),
            3600
        );
    }

    #[test]
    fn timestamps_keep_their_offset_and_are_strict() {
        let at: Timestamp = "2026-11-20T09:30:00+01:00".parse().unwrap();
        assert_eq!(at.to_string(), "2026-11-20T09:30:00+01:00");
        let z: Timestamp = "2026-11-20T08:30:00Z".parse().unwrap();
        assert_eq!(z.to_string(), "2026-11-20T08:30:00Z");
        assert_eq!(at, z, "same instant");
        assert!(
            "2026-11-20T09:30:00".parse::<Timestamp>().is_err(),
            "offset required"
        );
        assert!("2026-11-20 09:30".parse::<Timestamp>().is_err());
        assert!("20.11.2026".parse::<Timestamp>().is_err());
    }

    #[test]
    fn datetime_local_values_round_trip() {
        assert_eq!(
            to_datetime_local(utc("2026-11-20T08:30:00Z")),
            "2026-11-20T09:30"
        );
        assert_eq!(
            to_datetime_local(utc("2026-07-01T10:05:00Z")),
            "2026-07-01T12:05"
        );
        let parsed = parse_datetime_local("2026-11-20T09:30").unwrap();
        assert_eq!(
            from_copenhagen_local(parsed).unwrap().utc(),
            utc("2026-11-20T08:30:00Z")
        );
        assert_eq!(
            parse_datetime_local("2026-11-20T09:30:15")
                .unwrap()
                .second(),
            15
        );
        assert!(parse_datetime_local("2026-02-30T09:30").is_none());
        assert!(parse_datetime_local("2026-11-20 09:30").is_none());
        assert!(parse_datetime_local("").is_none());
        assert!(parse_datetime_local("2026-11-20T25:00").is_none());
    }

    #[test]
    fn copenhagen_wall_clock_times_become_instants() {
        let local =
            |text: &str| chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M").unwrap();
        assert_eq!(
            from_copenhagen_local(local("2026-11-20T09:30"))
                .unwrap()
                .to_string(),
            "2026-11-20T09:30:00+01:00"
        );
        assert_eq!(
            from_copenhagen_local(local("2026-07-01T12:00"))
                .unwrap()
                .to_string(),
            "2026-07-01T12:00:00+02:00"
        );
        // 02:30 happens twice on 25 October 2026: the summer-time one.
        assert_eq!(
            from_copenhagen_local(local("2026-10-25T02:30"))
                .unwrap()
                .utc(),
            utc("2026-10-25T00:30:00Z")
        );
        // 02:30 does not exist on 29 March 2026: read as 03:30 CEST.
        let gap = from_copenhagen_local(local("2026-03-29T02:30")).unwrap();
        assert_eq!(gap.utc(), utc("2026-03-29T01:30:00Z"));
        assert_eq!(gap.to_string(), "2026-03-29T03:30:00+02:00");
        // Every instant survives the round trip through wall-clock time.
        let mut at = utc("2026-03-28T00:00:00Z");
        while at < utc("2026-03-30T00:00:00Z") {
            let wall = to_copenhagen(at).naive_local();
            assert_eq!(from_copenhagen_local(wall).unwrap().utc(), at, "{at}");
            at += Duration::minutes(30);
        }
    }

    #[test]
    fn remaining_time_reads_naturally() {
        let due = utc("2026-11-23T08:30:00Z");
        assert_eq!(
            format_remaining(due, utc("2026-11-21T05:30:00Z"), Language::Da),
            "2 døgn og 3 timer tilbage"
        );
        assert_eq!(
            format_remaining(due, utc("2026-11-23T07:15:00Z"), Language::En),
            "1 hour and 15 minutes left"
        );
        assert_eq!(
            format_remaining(due, utc("2026-11-23T08:30:00Z"), Language::En),
            "0 minutes left"
        );
        assert_eq!(
            format_remaining(due, utc("2026-11-23T13:30:00Z"), Language::Da),
            "overskredet for 5 timer siden"
        );
    }
}
