//! What the organisation's endpoint hears about a case after its report:
//! deadline reminders and updates on the obligations, as signed webhooks
//! in the Standard Webhooks layout, like the report's own delivery.
//!
//! - [`DEADLINE_APPROACHING`] 24 and 6 hours before the 72-hour deadline
//!   and [`DEADLINE_OVERDUE`] once it has passed, for a case whose
//!   notification of Datatilsynet is required and neither made nor decided
//!   against. Each is sent once: sending is recording an
//!   [`EventKind::ReminderSent`] ([`reminder_due`] says which one is due).
//! - [`CASE_UPDATED`] when an obligation is recorded
//!   ([`EventKind::settles_obligation`]).
//! - [`FOLLOW_UP_DUE`] the day before the date more information was
//!   promised to Datatilsynet (a preliminary notification's follow-up,
//!   art. 33(4)), once per promise ([`follow_up_reminder_due`]).
//! - [`CASE_OPENED`] when a report opens a case, so the DPO is in the loop
//!   from the first minute (by mail too where the profile mails reminders:
//!   [`notice_mail`]).
//!
//! A notice carries the case's reference, the deadline and its state and
//! the obligations still open, never the report's content: a mail relay or
//! a Teams channel can act on it, and the desk holds the rest behind
//! sign-in.

use crate::entries::{FollowUpReminderSent, Opened, ReminderSent};
use std::fmt::Write as _;

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::chain::SignedHead;
use super::event::{Event, EventKind, Reminder};
use super::{deadline_state, Case, DeadlineState};
use brud_shared::lang::Language;
use brud_shared::org::{Channel, OrgProfile, StaffRole};
use brud_shared::texts::MailMessage;
use brud_shared::time::{format_local, format_short_local, from_copenhagen_local};
use brud_shared::uri::percent_encode;

/// The event type of a reminder before the deadline.
pub const DEADLINE_APPROACHING: &str = "brud.deadline.approaching";
/// The event type of the reminder after the deadline.
pub const DEADLINE_OVERDUE: &str = "brud.deadline.overdue";
/// The event type of an obligation recorded on the case.
pub const CASE_UPDATED: &str = "brud.case.updated";
/// The event type of a case opened (a report received): the DPO hears of
/// every breach at once.
pub const CASE_OPENED: &str = "brud.case.opened";
/// The event type of the reminder that information promised to
/// Datatilsynet in a follow-up is due.
pub const FOLLOW_UP_DUE: &str = "brud.follow_up.due";

/// How long before the deadline each reminder is due.
const LEAD_24H: Duration = Duration::hours(24);
const LEAD_6H: Duration = Duration::hours(6);

/// Whether the case's clock still runs: Datatilsynet must be notified
/// (required, neither made nor decided against), or, for a processor
/// case, the controller told ([`Case::notification_due`]).
pub fn notification_outstanding(case: &Case) -> bool {
    case.notification_due().owed()
}

/// The reminder due for `case` at `now`, if any: the most urgent one whose
/// time has come and that was not sent. A case found late (its report
/// came 70 hours after awareness) gets the 6-hour reminder, not the
/// 24-hour one as well; a closed case or one without an outstanding
/// notification gets none.
///
/// ```
/// # use brud_case::notice::reminder_due_at;
/// # use brud_case::Reminder;
/// # use chrono::{Duration, TimeZone, Utc};
/// let deadline = Utc.with_ymd_and_hms(2026, 11, 20, 12, 0, 0).unwrap();
/// let now = deadline - Duration::hours(20);
/// assert_eq!(reminder_due_at(deadline, &[], now), Some(Reminder::Approaching24h));
/// let sent = [Reminder::Approaching24h];
/// assert_eq!(reminder_due_at(deadline, &sent, now), None);
/// ```
pub fn reminder_due(case: &Case, now: DateTime<Utc>) -> Option<Reminder> {
    if case.closed.is_some() || !notification_outstanding(case) {
        return None;
    }
    reminder_due_at(case.notification_due().deadline?, &case.reminders, now)
}

/// [`reminder_due`] from the deadline and the reminders already sent, for
/// a notification known to be outstanding (the scheduled run's first pass
/// over the list's rows, before it reads any log).
pub fn reminder_due_at(
    deadline: DateTime<Utc>,
    sent: &[Reminder],
    now: DateTime<Utc>,
) -> Option<Reminder> {
    let due = if now > deadline {
        Reminder::Overdue
    } else if now >= deadline - LEAD_6H {
        Reminder::Approaching6h
    } else if now >= deadline - LEAD_24H {
        Reminder::Approaching24h
    } else {
        return None;
    };
    // A later reminder stands for the earlier ones: no 24-hour reminder
    // after the 6-hour one went.
    let rank = |r: &Reminder| match r {
        Reminder::Approaching24h => 0,
        Reminder::Approaching6h => 1,
        Reminder::Overdue => 2,
    };
    let latest_sent = sent.iter().map(rank).max();
    (latest_sent < Some(rank(&due))).then_some(due)
}

/// When the reminder of the information promised to Datatilsynet is due
/// for `case`: at 09.00 Copenhagen time the day before the promised date,
/// for an open case still awaiting it and not yet reminded of that date.
pub fn follow_up_reminder_at(case: &Case) -> Option<DateTime<Utc>> {
    if case.closed.is_some() {
        return None;
    }
    let promised = case.follow_up_promised_by()?;
    if case.follow_up_reminded == Some(promised) {
        return None;
    }
    let morning = promised.pred_opt()?.and_hms_opt(9, 0, 0)?;
    from_copenhagen_local(morning).map(|at| at.utc())
}

/// The promised date whose reminder is due at `now`, if any
/// ([`follow_up_reminder_at`]).
///
/// ```
/// # use brud_case::notice::follow_up_reminder_due;
/// # use brud_case::Case;
/// // A case awaiting nothing has no reminder due.
/// # let report = brud_shared::Report::new_draft("0d9f4c1e-3b0a-4c55-9d0b-1f2e3a4b5c6d", "demo", brud_shared::Language::Da);
/// # let now = chrono::Utc::now();
/// # let case = Case::open(report.clone(), brud_shared::assess(&report, None, now), now);
/// assert_eq!(follow_up_reminder_due(&case, now), None);
/// ```
pub fn follow_up_reminder_due(case: &Case, now: DateTime<Utc>) -> Option<chrono::NaiveDate> {
    let at = follow_up_reminder_at(case)?;
    (now >= at).then(|| case.follow_up_promised_by()).flatten()
}

/// The body of a case notice (`type`, `timestamp`, `data`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseNotice {
    /// [`DEADLINE_APPROACHING`], [`DEADLINE_OVERDUE`] or [`CASE_UPDATED`].
    #[serde(rename = "type")]
    pub event_type: String,
    /// When the event was recorded.
    pub timestamp: DateTime<Utc>,
    /// The case.
    pub data: CaseNoticeData,
}

/// What a case notice says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseNoticeData {
    /// The report id (the case's id).
    pub id: String,
    /// The organisation id.
    pub org: String,
    /// The case's reference, e.g. `ZAH-2026-0042`.
    pub reference: String,
    /// The sequence number of the event that caused the notice.
    pub sequence: u32,
    /// That event's kind (`reminder_sent`, `authority_notified`, …).
    pub event: String,
    /// For a reminder: which one.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub reminder: Option<Reminder>,
    /// For a follow-up reminder: the date the information was promised by.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub promised_by: Option<chrono::NaiveDate>,
    /// The 72-hour deadline's state after the event.
    pub deadline_state: DeadlineState,
    /// The fields of the obligations still open (`authority`, `subjects`,
    /// `controller`).
    pub open_obligations: Vec<String>,
    /// The case's log as of the event, signed by the Worker's log key: a
    /// copy of the head outside Brud's database, to check an export
    /// against later ([`crate::chain`]).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub log_head: Option<SignedHead>,
    /// The school is processor in the case: the deadline is for telling
    /// the controller ([`Case::notification_due`]), not Datatilsynet.
    #[serde(skip_serializing_if = "is_false", default)]
    pub processor: bool,
}

fn is_false(value: &bool) -> bool {
    !*value
}

impl CaseNotice {
    /// The Standard Webhooks `webhook-id`: the case's id and the event's
    /// sequence number, the same on every retry.
    pub fn webhook_id(&self) -> String {
        format!("{}.{}", self.data.id, self.data.sequence)
    }

    /// Its id in the outbox on `channel`: the webhook's is its
    /// `webhook-id`; the mail's adds `.mail`.
    pub fn outbox_id(&self, channel: Channel) -> String {
        match channel {
            Channel::Webhook => self.webhook_id(),
            Channel::Mail => format!("{}.mail", self.webhook_id()),
        }
    }
}

/// The notice `event` (just applied, giving `after`) sends, if any: the
/// opening, reminders and recorded obligations do; other events are for
/// the desk.
pub fn notice_of(
    event: &Event,
    after: &Case,
    id: &str,
    org: &OrgProfile,
    reference: &str,
) -> Option<CaseNotice> {
    let (event_type, reminder) = match &event.kind {
        EventKind::ReminderSent(ReminderSent {
            reminder: Reminder::Overdue,
        }) => (DEADLINE_OVERDUE, Some(Reminder::Overdue)),
        EventKind::ReminderSent(ReminderSent { reminder }) => {
            (DEADLINE_APPROACHING, Some(*reminder))
        }
        EventKind::Opened(Opened { .. }) => (CASE_OPENED, None),
        EventKind::FollowUpReminderSent(FollowUpReminderSent { .. }) => (FOLLOW_UP_DUE, None),
        kind if kind.settles_obligation() => (CASE_UPDATED, None),
        _ => return None,
    };
    Some(CaseNotice {
        event_type: event_type.to_string(),
        timestamp: event.at,
        data: CaseNoticeData {
            id: id.to_string(),
            org: org.id.clone(),
            reference: reference.to_string(),
            sequence: event.sequence,
            event: event.kind.name().to_string(),
            reminder,
            promised_by: match &event.kind {
                EventKind::FollowUpReminderSent(FollowUpReminderSent { promised_by }) => {
                    Some(*promised_by)
                }
                _ => None,
            },
            deadline_state: deadline_state(after, event.at),
            processor: after.is_processor_case(),
            open_obligations: after
                .open_obligations(Some(org))
                .into_iter()
                .map(|problem| problem.field)
                .collect(),
            log_head: None,
        },
    })
}

/// The channels `notice` goes out on for `org`: the webhook when the
/// organisation has one, and mail for a reminder or a case opened when
/// its profile asks for mail (`reminder_mail`).
pub fn notice_channels(org: &OrgProfile, notice: &CaseNotice) -> Vec<Channel> {
    let mut channels = Vec::new();
    if org.sends(Channel::Webhook) {
        channels.push(Channel::Webhook);
    }
    let mailed = notice.data.reminder.is_some()
        || notice.event_type == CASE_OPENED
        || notice.event_type == FOLLOW_UP_DUE;
    if org.reminder_mail && mailed {
        channels.push(Channel::Mail);
    }
    channels
}

/// The mail of `notice` ([`reminder_mail`] or [`opened_mail`]), `None` for
/// a notice that goes by webhook only.
pub fn notice_mail(
    notice: &CaseNotice,
    org: &OrgProfile,
    desk_url: Option<&str>,
    lang: Language,
) -> Option<MailMessage> {
    match notice.event_type.as_str() {
        CASE_OPENED => Some(opened_mail(notice, org, desk_url, lang)),
        FOLLOW_UP_DUE => follow_up_mail(notice, org, desk_url, lang),
        _ => reminder_mail(notice, org, desk_url, lang),
    }
}

/// The words of the obligations still open, for a mail.
fn open_items(data: &CaseNoticeData, lang: Language) -> Vec<&str> {
    data.open_obligations
        .iter()
        .map(|field| match field.as_str() {
            "authority" => lang.pick(
                "anmeldelsen til Datatilsynet (eller beslutningen om ikke at anmelde)",
                "the notification of Datatilsynet (or the decision not to notify)",
            ),
            "subjects" => lang.pick(
                "underretningen af de berørte",
                "telling the people affected",
            ),
            "controller" => lang.pick(
                "underretningen af den dataansvarlige",
                "telling the controller",
            ),
            "facts" => lang.pick(
                "sagens oplysninger (den kom som mail)",
                "the case's facts (it came by mail)",
            ),
            "dpo" => lang.pick(
                "databeskyttelsesrådgiverens vurdering eller beslutning",
                "the data protection officer's opinion or decision",
            ),
            other => other,
        })
        .collect()
}

/// Who a case mail goes to.
#[derive(Clone, Copy, PartialEq)]
enum Readers {
    /// The profile's DPO and every DPO in its staff (a case opened).
    Dpo,
    /// The DPO and the leaders ([`OrgProfile::reminder_recipients`]).
    DpoAndLeaders,
}

/// A case mail from its `text` so far: the link to the case on the desk
/// (with `desk_url`), the line saying who it went to and that it holds
/// none of the report's content, addressed to `readers`.
fn finish_mail(
    mut text: String,
    subject: String,
    data: &CaseNoticeData,
    org: &OrgProfile,
    desk_url: Option<&str>,
    lang: Language,
    readers: Readers,
) -> MailMessage {
    if let Some(link) = desk_link(data, desk_url) {
        let _ = writeln!(
            text,
            "{} {link}\n",
            lang.pick("Åbn sagen:", "Open the case:")
        );
    }
    let (footer, to) = match readers {
        Readers::Dpo => {
            let to = dpo_recipients(org);
            let footer = lang.pick(
                "Sendt af Brud til skolens databeskyttelsesrådgiver. Mailen rummer ikke indberetningens indhold; det står i sagen.",
                "Sent by Brud to the school's data protection officer. This mail holds none of the report's content; the case does.",
            );
            (footer, to)
        }
        Readers::DpoAndLeaders => {
            let footer = lang.pick(
                "Sendt af Brud til skolens databeskyttelsesrådgiver og ledere. Mailen rummer ikke indberetningens indhold; det står i sagen.",
                "Sent by Brud to the school's data protection officer and leaders. This mail holds none of the report's content; the case does.",
            );
            (footer, org.reminder_recipients())
        }
    };
    text.push_str(footer);
    MailMessage::new(to, subject, text, lang)
}

/// Who mail for the organisation's DPO goes to: the profile's DPO and
/// every DPO in its staff, each once.
pub fn dpo_recipients(org: &OrgProfile) -> Vec<String> {
    let mut to = vec![org.dpo.email.clone()];
    for member in org.staff.iter().filter(|m| m.role == StaffRole::Dpo) {
        if !to
            .iter()
            .any(|known| known.eq_ignore_ascii_case(&member.email))
        {
            to.push(member.email.clone());
        }
    }
    to
}

/// The link to the case on the desk at `desk_url`, if there is one.
fn desk_link(data: &CaseNoticeData, desk_url: Option<&str>) -> Option<String> {
    desk_url
        .map(|url| url.trim_end_matches('/'))
        .filter(|url| !url.is_empty())
        .map(|site| {
            format!(
                "{site}/desk/?org={}&case={}",
                percent_encode(&data.org),
                percent_encode(&data.reference)
            )
        })
}

/// A follow-up reminder as a mail to the DPO and leaders: the reference
/// and the date more information was promised to Datatilsynet by, with the
/// link to the case; never the report's content.
///
/// Example subject: "Påmindelse: ZAH-2026-0042 har lovet Datatilsynet flere
/// oplysninger senest 30.11.2026".
pub fn follow_up_mail(
    notice: &CaseNotice,
    org: &OrgProfile,
    desk_url: Option<&str>,
    lang: Language,
) -> Option<MailMessage> {
    let data = &notice.data;
    let promised = data.promised_by?.format("%d.%m.%Y").to_string();
    let subject = lang
        .pick(
            "Påmindelse: {ref} har lovet Datatilsynet flere oplysninger senest {date}",
            "Reminder: {ref} promised Datatilsynet more information by {date}",
        )
        .replace("{ref}", &data.reference)
        .replace("{date}", &promised);
    let mut text = format!("{}\n\n", lang.pick("Hej", "Hello"));
    let _ = writeln!(
        text,
        "{}\n",
        lang.pick(
            "Den foreløbige anmeldelse af {ref} på {org} venter på de oplysninger, der er lovet Datatilsynet senest {date}. Send dem som en supplerende anmeldelse, og registrér den i sagen (eller DPO'ens begrundelse for, at ingen er nødvendig).",
            "The preliminary notification of {ref} at {org} awaits the information promised to Datatilsynet by {date}. Send it as a follow-up and record it in the case (or the DPO's reasoning why none is needed).",
        )
        .replace("{ref}", &data.reference)
        .replace("{org}", &org.name)
        .replace("{date}", &promised)
    );
    Some(finish_mail(
        text,
        subject,
        data,
        org,
        desk_url,
        lang,
        Readers::DpoAndLeaders,
    ))
}

/// A case opened, as a mail to the organisation's DPO (the profile's DPO
/// and every DPO in its staff): the reference, the deadline when
/// Datatilsynet must be notified, what is open and the link to the case,
/// never the report's content.
///
/// Example subject: "Ny sag: ZAH-2026-0042 på N. Zahles Skole – anmeld
/// senest man. 23.11. kl. 09.30".
pub fn opened_mail(
    notice: &CaseNotice,
    org: &OrgProfile,
    desk_url: Option<&str>,
    lang: Language,
) -> MailMessage {
    let data = &notice.data;
    let mut subject = lang
        .pick("Ny sag: {ref} på {org}", "New case: {ref} at {org}")
        .replace("{ref}", &data.reference)
        .replace("{org}", &org.name);
    let due = match &data.deadline_state {
        DeadlineState::Open { due } | DeadlineState::Overdue { due } => Some(*due),
        _ => None,
    };
    if let Some(due) = due {
        subject.push_str(&format!(
            " – {} {}",
            lang.pick("anmeld senest", "notify by"),
            format_short_local(due, lang)
        ));
    }
    let mut text = format!("{}\n\n", lang.pick("Hej", "Hello"));
    let _ = writeln!(
        text,
        "{}\n",
        lang.pick(
            "Der er indberettet et brud på persondatasikkerheden på {org}. Sagen er {ref}.",
            "A personal-data breach has been reported at {org}. The case is {ref}.",
        )
        .replace("{org}", &org.name)
        .replace("{ref}", &data.reference)
    );
    if let Some(due) = due {
        let _ = writeln!(
            text,
            "{}\n",
            lang.pick(
                "Bruddet skal anmeldes til Datatilsynet senest {due}.",
                "The breach must be notified to Datatilsynet by {due}.",
            )
            .replace("{due}", &format_local(due, lang))
        );
    }
    let open = open_items(data, lang);
    if !open.is_empty() {
        let _ = writeln!(text, "{}", lang.pick("Åbent i sagen:", "Open in the case:"));
        for item in open {
            let _ = writeln!(text, "- {item}");
        }
        text.push('\n');
    }
    finish_mail(text, subject, data, org, desk_url, lang, Readers::Dpo)
}

/// A reminder notice as a mail to the organisation's DPO and leaders
/// ([`OrgProfile::reminder_recipients`]), for organisations whose profile
/// asks for reminders by mail (`reminder_mail`); `None` for a notice that
/// is not a reminder, or one without a deadline. Like the notice, it holds
/// the reference, the deadline and what is still open, never the report's
/// content. With `desk_url` (the site's address, e.g.
/// `https://brud.skole.dk`) it links to the case on the desk.
///
/// Example subject: "Påmindelse: ZAH-2026-0042 skal anmeldes til
/// Datatilsynet senest man. 23.11. kl. 09.30".
pub fn reminder_mail(
    notice: &CaseNotice,
    org: &OrgProfile,
    desk_url: Option<&str>,
    lang: Language,
) -> Option<MailMessage> {
    let data = &notice.data;
    let reminder = data.reminder?;
    let due = match &data.deadline_state {
        DeadlineState::Open { due } | DeadlineState::Overdue { due } => *due,
        _ => return None,
    };
    let reference = &data.reference;
    let short = format_short_local(due, lang);
    let subject = match (reminder, data.processor) {
        (Reminder::Approaching24h, true) => lang.pick(
            "Påmindelse: den dataansvarlige skal underrettes om {ref} senest {due}",
            "Reminder: the controller must be told of {ref} by {due}",
        ),
        (Reminder::Approaching6h, true) => lang.pick(
            "Under 6 timer tilbage: den dataansvarlige skal underrettes om {ref} senest {due}",
            "Less than 6 hours left: the controller must be told of {ref} by {due}",
        ),
        (Reminder::Overdue, true) => lang.pick(
            "Fristen er overskredet: den dataansvarlige er ikke underrettet om {ref} (frist {due})",
            "Deadline passed: the controller has not been told of {ref} (deadline {due})",
        ),
        (Reminder::Approaching24h, false) => lang.pick(
            "Påmindelse: {ref} skal anmeldes til Datatilsynet senest {due}",
            "Reminder: {ref} must be notified to Datatilsynet by {due}",
        ),
        (Reminder::Approaching6h, false) => lang.pick(
            "Under 6 timer tilbage: {ref} skal anmeldes til Datatilsynet senest {due}",
            "Less than 6 hours left: {ref} must be notified to Datatilsynet by {due}",
        ),
        (Reminder::Overdue, false) => lang.pick(
            "Fristen er overskredet: {ref} er ikke anmeldt til Datatilsynet (frist {due})",
            "Deadline passed: {ref} has not been notified to Datatilsynet (deadline {due})",
        ),
    }
    .replace("{ref}", reference)
    .replace("{due}", &short);
    let mut text = format!("{}\n\n", lang.pick("Hej", "Hello"));
    let duty = if data.processor {
        (
            "{org} er databehandler i sikkerhedsbruddet {ref} og skal underrette den dataansvarlige uden unødig forsinkelse (artikel 33, stk. 2). Skolens frist er {due}.",
            "{org} is processor in the breach {ref} and must tell the controller without undue delay (Article 33(2)). The school's deadline is {due}.",
        )
    } else {
        (
            "Sikkerhedsbruddet {ref} på {org} skal anmeldes til Datatilsynet senest 72 timer efter, at skolen blev opmærksom på det. Fristen er {due}.",
            "The breach {ref} at {org} must be notified to Datatilsynet within 72 hours of the school becoming aware of it. The deadline is {due}.",
        )
    };
    let _ = writeln!(
        text,
        "{}\n",
        lang.pick(duty.0, duty.1)
            .replace("{ref}", reference)
            .replace("{org}", &org.name)
            .replace("{due}", &format_local(due, lang))
    );
    if reminder == Reminder::Overdue && !data.processor {
        let _ = writeln!(
            text,
            "{}\n",
            lang.pick(
                "Fristen er overskredet. Anmeld hurtigst muligt, og giv grunden til forsinkelsen i anmeldelsen (artikel 33, stk. 1).",
                "The deadline has passed. Notify as soon as possible and give the reason for the delay in the notification (Article 33(1)).",
            )
        );
    }
    let open = open_items(data, lang);
    if !open.is_empty() {
        let _ = writeln!(
            text,
            "{}",
            lang.pick("Stadig åbent i sagen:", "Still open in the case:")
        );
        for item in open {
            let _ = writeln!(text, "- {item}");
        }
        text.push('\n');
    }
    Some(finish_mail(
        text,
        subject,
        data,
        org,
        desk_url,
        lang,
        Readers::DpoAndLeaders,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn deadline() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 20, 12, 0, 0).unwrap()
    }

    #[test]
    fn nothing_is_due_more_than_a_day_before_the_deadline() {
        let now = deadline() - Duration::hours(25);
        assert_eq!(reminder_due_at(deadline(), &[], now), None);
    }

    #[test]
    fn each_reminder_comes_due_at_its_time_and_once() {
        let mut sent = Vec::new();
        for (hours_before, expected) in [
            (24, Reminder::Approaching24h),
            (6, Reminder::Approaching6h),
            (-1, Reminder::Overdue),
        ] {
            let now = deadline() - Duration::hours(hours_before);
            assert_eq!(reminder_due_at(deadline(), &sent, now), Some(expected));
            sent.push(expected);
            assert_eq!(reminder_due_at(deadline(), &sent, now), None);
        }
        let much_later = deadline() + Duration::days(30);
        assert_eq!(reminder_due_at(deadline(), &sent, much_later), None);
    }

    #[test]
    fn a_case_found_late_skips_the_reminders_it_is_past() {
        let now = deadline() - Duration::hours(2);
        assert_eq!(
            reminder_due_at(deadline(), &[], now),
            Some(Reminder::Approaching6h)
        );
        let after = deadline() + Duration::minutes(1);
        assert_eq!(
            reminder_due_at(deadline(), &[], after),
            Some(Reminder::Overdue)
        );
        // At the deadline itself it is not yet overdue.
        assert_eq!(
            reminder_due_at(deadline(), &[], deadline()),
            Some(Reminder::Approaching6h)
        );
    }

    fn notice(reminder: Option<Reminder>, state: DeadlineState) -> CaseNotice {
        CaseNotice {
            event_type: DEADLINE_APPROACHING.into(),
            timestamp: deadline() - Duration::hours(20),
            data: CaseNoticeData {
                id: "7f0c".into(),
                org: "demo".into(),
                reference: "DEMO-2026-0007".into(),
                sequence: 3,
                event: "reminder_sent".into(),
                reminder,
                promised_by: None,
                deadline_state: state,
                open_obligations: vec!["authority".into(), "subjects".into()],
                log_head: None,
                processor: false,
            },
        }
    }

    fn org() -> OrgProfile {
        let json = serde_json::json!({
            "id": "demo", "name": "Demoskolen", "short_code": "DEMO",
            "dpo": { "name": "DPO", "email": "dpo@demo.dk" },
            "breach_mailbox": "brud@demo.dk",
            "staff": [
                { "email": "leder@demo.dk", "role": "leader" },
                { "email": "laerer@demo.dk", "role": "viewer" }
            ]
        });
        serde_json::from_value(json).unwrap()
    }

    #[test]
    fn a_reminder_mail_names_the_case_the_deadline_and_what_is_open_and_nothing_else() {
        let open = DeadlineState::Open { due: deadline() };
        let mail = reminder_mail(
            &notice(Some(Reminder::Approaching24h), open),
            &org(),
            Some("https://brud.demo.dk/"),
            Language::Da,
        )
        .unwrap();
        assert_eq!(mail.to, ["dpo@demo.dk", "leder@demo.dk"]);
        assert_eq!(
            mail.subject,
            "Påmindelse: DEMO-2026-0007 skal anmeldes til Datatilsynet senest fre. 20.11. kl. 13.00"
        );
        for expected in [
            "fredag den 20. november 2026 kl. 13.00",
            "- anmeldelsen til Datatilsynet",
            "- underretningen af de berørte",
            "Åbn sagen: https://brud.demo.dk/desk/?org=demo&case=DEMO-2026-0007",
        ] {
            assert!(mail.text.contains(expected), "{expected} in\n{}", mail.text);
        }
        assert!(mail.html.contains("Åbn sagen"));
    }

    #[test]
    fn the_overdue_mail_says_so_and_only_reminders_become_mails() {
        let overdue = DeadlineState::Overdue { due: deadline() };
        let mail = reminder_mail(
            &notice(Some(Reminder::Overdue), overdue.clone()),
            &org(),
            None,
            Language::En,
        )
        .unwrap();
        assert!(
            mail.subject.starts_with("Deadline passed: DEMO-2026-0007"),
            "{}",
            mail.subject
        );
        assert!(mail.text.contains("give the reason for the delay"));
        assert!(
            !mail.text.contains("Open the case"),
            "no link without the site's address"
        );
        assert_eq!(
            reminder_mail(&notice(None, overdue), &org(), None, Language::Da),
            None
        );
        let met = DeadlineState::NotRequired;
        assert_eq!(
            reminder_mail(
                &notice(Some(Reminder::Overdue), met),
                &org(),
                None,
                Language::Da
            ),
            None
        );
    }

    #[test]
    fn an_earlier_reminder_is_never_sent_after_a_later_one() {
        let now = deadline() - Duration::hours(12);
        assert_eq!(
            reminder_due_at(deadline(), &[Reminder::Approaching6h], now),
            None
        );
    }
}
