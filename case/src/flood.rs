//! What Brud does when one school's public form is flooded: the cap on
//! breach-mailbox mails, the summary of the mails held back, and the alerts
//! to the DPO when the school's ceiling of reports is reached and when
//! reports are held waiting for the DPO on the desk.
//!
//! Every report is stored, opened as a case and sent to the school's
//! endpoint whatever the flood; only the breach mailbox is spared: beyond
//! [`MailCap`]'s mails in one window, a report's mail is held, and once the
//! window is over the mailbox gets one mail naming how many were held and
//! their references ([`held_mails_summary`]). Junk is then dismissed on
//! the desk by the DPO.
//!
//! The windows are fixed (an hour from the full hour by default), so
//! "held in the hour 14–15" is a plain fact the summary can state.

use std::fmt::Write as _;

use chrono::{DateTime, Utc};

use crate::notice::{dpo_recipients, CaseNotice, CASE_OPENED};
use brud_shared::lang::Language;
use brud_shared::org::OrgProfile;
use brud_shared::texts::MailMessage;
use brud_shared::time::format_local;
use brud_shared::uri::percent_encode;

/// How many breach mails one organisation's mailbox gets in one window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MailCap {
    /// Mails per window.
    pub mails: u32,
    /// The window's length in seconds.
    pub window_seconds: u32,
}

impl Default for MailCap {
    /// 20 mails an hour: more than any school's real breaches in an hour
    /// by far, few enough that a flood does not bury the mailbox.
    fn default() -> Self {
        MailCap {
            mails: 20,
            window_seconds: 3600,
        }
    }
}

impl MailCap {
    /// From the Worker var `MAIL_CAP`: `mails/seconds`, e.g. `20/3600`;
    /// `None` for anything else (the caller keeps the default).
    ///
    /// ```
    /// # use brud_case::flood::MailCap;
    /// assert_eq!(MailCap::parse("5/60"), Some(MailCap { mails: 5, window_seconds: 60 }));
    /// assert_eq!(MailCap::parse("5"), None);
    /// ```
    pub fn parse(spec: &str) -> Option<MailCap> {
        let (mails, seconds) = spec.trim().split_once('/')?;
        let mails: u32 = mails.trim().parse().ok()?;
        let window_seconds: u32 = seconds.trim().parse().ok()?;
        (mails > 0 && window_seconds > 0).then_some(MailCap {
            mails,
            window_seconds,
        })
    }

    /// The window `at` falls in: its number since the Unix epoch.
    pub fn window_of(&self, at: DateTime<Utc>) -> i64 {
        at.timestamp().div_euclid(i64::from(self.window_seconds))
    }

    /// When `window` starts.
    pub fn start_of(&self, window: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(window * i64::from(self.window_seconds), 0).unwrap_or_default()
    }

    /// `window` as a summary names it: from its start to its end, local
    /// time ("mandag den 7. december 2026 kl. 14.00–…").
    pub fn span_text(&self, window: i64, lang: Language) -> String {
        format!(
            "{}–{}",
            format_local(self.start_of(window), lang),
            format_local(self.start_of(window + 1), lang)
        )
    }

    /// Whether `window` is over at `now` (its summary may go).
    pub fn is_over(&self, window: i64, now: DateTime<Utc>) -> bool {
        self.window_of(now) > window
    }
}

/// The link to the organisation's register on the desk at `desk_url`.
fn register_link(org: &OrgProfile, desk_url: Option<&str>) -> Option<String> {
    desk_url
        .map(|url| url.trim_end_matches('/'))
        .filter(|url| !url.is_empty())
        .map(|site| format!("{site}/desk/?org={}", percent_encode(&org.id)))
}

/// The one mail to `org`'s breach mailbox for a window whose mails beyond
/// the cap were held: how many, between when, their references, that
/// every one is in the register, and what to do about junk. In Danish,
/// the schools' language (the reports' own languages vary).
///
/// Example subject: "Brud: 37 indberetninger fra N. Zahles Skole er ikke
/// mailet hver for sig (3.12.2026 kl. 14.00–15.00)".
pub fn held_mails_summary(
    org: &OrgProfile,
    cap: MailCap,
    window: i64,
    references: &[String],
    desk_url: Option<&str>,
) -> MailMessage {
    let lang = Language::Da;
    let span = cap.span_text(window, lang);
    let subject = format!(
        "Brud: {} indberetninger fra {} er ikke mailet hver for sig ({span})",
        references.len(),
        org.name
    );
    let mut text = String::from("Hej\n\n");
    let _ = writeln!(
        text,
        "Fra {span} kom der flere indberetninger fra {}, end Brud mailer til denne postkasse i det tidsrum ({}). De {} herunder er ikke mailet hver for sig. De er alle modtaget, sendt til skolens system og står i registret som sager:\n",
        org.name,
        cap.mails,
        references.len()
    );
    for reference in references {
        let _ = writeln!(text, "- {reference}");
    }
    text.push('\n');
    text.push_str(
        "Kommer mange indberetninger på kort tid, kan det være spam eller et angreb. Databeskyttelsesrådgiveren kan afvise dem i registret (\"Ikke et brud\" eller \"Spam\"); rigtige brud behandles som altid.\n\n",
    );
    if let Some(link) = register_link(org, desk_url) {
        let _ = writeln!(text, "Registret: {link}\n");
    }
    text.push_str("Sendt af Brud til skolens postkasse for sikkerhedsbrud.");
    MailMessage::new(vec![org.breach_mailbox.clone()], subject, text, lang)
}

/// The mail to `org`'s DPO when the reports from its form reached the
/// ceiling for the whole school at `at`: valid reports beyond it are held
/// for the DPO on the desk, the rest refused for a while, which points to
/// a flood or a fault. Sent at most once an hour per school (the Worker
/// keeps track). In Danish.
///
/// Example subject: "Brud: indberetninger fra N. Zahles Skole holdes
/// tilbage – loftet for skolen er nået".
pub fn ceiling_alert(org: &OrgProfile, at: DateTime<Utc>, desk_url: Option<&str>) -> MailMessage {
    let lang = Language::Da;
    let subject = format!(
        "Brud: indberetninger fra {} holdes tilbage – loftet for skolen er nået",
        org.name
    );
    let mut text = String::from("Hej\n\n");
    let _ = writeln!(
        text,
        "{} nåede indberetningerne fra {} det loft, Brud har for hele skolen pr. minut. Gyldige indberetninger ud over loftet holdes tilbage og venter på dig under \"{HELD_SECTION}\" i registret, indtil du åbner dem som sager eller kasserer dem; andre afvises, indtil minuttet er gået.\n",
        format_local(at, lang),
        org.name
    );
    text.push_str(
        "Så mange indberetninger på så kort tid tyder på spam, et angreb eller en fejl. Se registret, og afvis det, der ikke er brud (\"Spam\" eller \"Ikke et brud\").\n\n",
    );
    if let Some(link) = register_link(org, desk_url) {
        let _ = writeln!(text, "Registret: {link}\n");
    }
    text.push_str("Sendt af Brud til skolens databeskyttelsesrådgiver. Mailen rummer ikke indberetningernes indhold.");
    MailMessage::new(dpo_recipients(org), subject, text, lang)
}

/// The register's section where the DPO finds the held reports.
const HELD_SECTION: &str = "Venter på dig";

/// The mail to `org`'s DPO when a report of the school was held at `at`
/// (beyond its client's limit or the school's ceiling): it has no case, no
/// reference and no mail yet, while its 72 hours may already run, so the
/// DPO must hear of it rather than find it by chance. `waiting` is how many
/// the school holds now. Sent at most once an hour per school (the Worker
/// keeps track), so a flood does not bury the DPO; never a report's
/// content. In Danish.
///
/// Example subject: "Brud: 3 indberetninger fra N. Zahles Skole venter på
/// dig".
pub fn held_alert(
    org: &OrgProfile,
    at: DateTime<Utc>,
    waiting: u32,
    desk_url: Option<&str>,
) -> MailMessage {
    let lang = Language::Da;
    let subject = match waiting {
        0 | 1 => format!("Brud: en indberetning fra {} venter på dig", org.name),
        n => format!("Brud: {n} indberetninger fra {} venter på dig", org.name),
    };
    let mut text = String::from("Hej\n\n");
    let _ = writeln!(
        text,
        "Brud holdt {} en indberetning fra {} tilbage, fordi der kom mange indberetninger på kort tid (fra samme netværk eller til hele skolen). Den har endnu ingen sag og intet journalnummer, og der er ikke sendt mail til skolens postkasse for sikkerhedsbrud.\n",
        format_local(at, lang),
        org.name
    );
    let waiting_now = match waiting {
        0 | 1 => "Nu venter én indberetning på dig".to_string(),
        n => format!("Nu venter {n} indberetninger på dig"),
    };
    let _ = writeln!(
        text,
        "{waiting_now} under \"{HELD_SECTION}\" i registret: åbn dem, der er brud, som sager, og kassér resten med en begrundelse. Fristen på 72 timer for at anmelde til Datatilsynet løber fra det tidspunkt, skolen blev opmærksom på bruddet, også mens indberetningen venter.\n"
    );
    if let Some(link) = register_link(org, desk_url) {
        let _ = writeln!(text, "Registret: {link}\n");
    }
    text.push_str("Du får denne mail højst én gang i timen for skolen. Sendt af Brud til skolens databeskyttelsesrådgiver. Mailen rummer ikke indberetningernes indhold.");
    MailMessage::new(dpo_recipients(org), subject, text, lang)
}

/// Whether `notice`'s mail is capped per recipient ([`MailCap`] from the
/// Worker var `DPO_MAIL_CAP`): the "new case" mail to the DPO is, since a
/// flood of junk reports would otherwise send the DPO one mail each (the
/// held ones are named in [`held_case_mails_summary`]). Reminders are not:
/// they come at most three per case, hours apart, and one about a real
/// breach must never wait for a summary.
pub fn capped_per_recipient(notice: &CaseNotice) -> bool {
    notice.event_type == CASE_OPENED
}

/// One school's part of a recipient's summary.
#[derive(Debug, Clone)]
pub struct HeldAtSchool<'a> {
    /// The school.
    pub org: &'a OrgProfile,
    /// The references of its cases whose "new case" mail was held.
    pub references: Vec<String>,
    /// Reports held on its desk waiting for the DPO (opened as cases or
    /// discarded there), when the summary is made.
    pub reports_waiting: u64,
}

/// The one mail to `recipient` for a window in which the "new case" mails
/// beyond the cap were held: how many, between when, each school's held
/// references with the link to its register, and the reports each school
/// holds waiting for the DPO. A DPO shared by several schools gets one
/// summary for all of them. In Danish, the schools' language.
///
/// Example subject: "Brud: 37 nye sager er ikke mailet til dig hver for
/// sig (3.12.2026 kl. 14.00–15.00)".
pub fn held_case_mails_summary(
    recipient: &str,
    cap: MailCap,
    window: i64,
    schools: &[HeldAtSchool<'_>],
    desk_url: Option<&str>,
) -> MailMessage {
    let lang = Language::Da;
    let span = cap.span_text(window, lang);
    let held: usize = schools.iter().map(|school| school.references.len()).sum();
    let subject = format!("Brud: {held} nye sager er ikke mailet til dig hver for sig ({span})");
    let mut text = String::from("Hej\n\n");
    let _ = writeln!(
        text,
        "Fra {span} blev der oprettet flere sager, end Brud mailer til dig i det tidsrum ({}). De {held} herunder er ikke mailet hver for sig. Hver sag har sin frist, står i registret og får påmindelser som altid:\n",
        cap.mails
    );
    for school in schools {
        if school.references.is_empty() {
            continue;
        }
        let _ = writeln!(text, "{}:", school.org.name);
        for reference in &school.references {
            let _ = writeln!(text, "- {reference}");
        }
        if let Some(link) = register_link(school.org, desk_url) {
            let _ = writeln!(text, "Registret: {link}");
        }
        text.push('\n');
    }
    for school in schools.iter().filter(|school| school.reports_waiting > 0) {
        let _ = writeln!(
            text,
            "Venter på dig: {} indberetninger til {} er holdt tilbage uden sag, fordi de kom ud over grænsen for én afsender eller for skolen. Åbn dem som sager, eller afvis dem, under \"Venter på dig\" i registret.\n",
            school.reports_waiting, school.org.name
        );
    }
    text.push_str(
        "Kommer mange sager på kort tid, kan det være spam eller et angreb. Afvis det, der ikke er brud (\"Spam\" eller \"Ikke et brud\"); rigtige brud behandles som altid.\n\n",
    );
    text.push_str("Sendt af Brud til databeskyttelsesrådgiveren. Mailen rummer ikke indberetningernes indhold.");
    MailMessage::new(vec![recipient.to_string()], subject, text, lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo() -> OrgProfile {
        brud_config::builtin().unwrap().get("demo").unwrap().clone()
    }

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    #[test]
    fn windows_are_fixed_and_a_window_is_over_once_the_next_begins() {
        let cap = MailCap::default();
        let window = cap.window_of(at("2026-12-03T13:59:59Z"));
        assert_eq!(cap.start_of(window), at("2026-12-03T13:00:00Z"));
        assert_eq!(cap.window_of(at("2026-12-03T13:00:00Z")), window);
        assert!(!cap.is_over(window, at("2026-12-03T13:59:59Z")));
        assert!(cap.is_over(window, at("2026-12-03T14:00:00Z")));
        let short = MailCap::parse(" 2 / 20 ").unwrap();
        assert_eq!(short.window_of(at("1970-01-01T00:00:39Z")), 1);
        assert_eq!(MailCap::parse("0/60"), None);
        assert_eq!(MailCap::parse("a/60"), None);
    }

    #[test]
    fn the_summary_names_how_many_when_and_which_and_goes_to_the_mailbox() {
        let org = demo();
        let cap = MailCap::default();
        let window = cap.window_of(at("2026-12-03T13:20:00Z"));
        let references = vec!["DEMO-2026-0040".to_string(), "DEMO-2026-0041".to_string()];
        let mail = held_mails_summary(
            &org,
            cap,
            window,
            &references,
            Some("https://brud.example/"),
        );
        assert_eq!(mail.to, vec![org.breach_mailbox.clone()]);
        // 13.00–14.00 UTC is 14.00–15.00 in Copenhagen in December.
        assert!(
            mail.subject.starts_with("Brud: 2 indberetninger fra"),
            "{}",
            mail.subject
        );
        assert!(mail.subject.contains("kl. 14.00"), "{}", mail.subject);
        assert!(
            mail.text.contains("- DEMO-2026-0040\n- DEMO-2026-0041\n"),
            "{}",
            mail.text
        );
        assert!(
            mail.text.contains("(20)"),
            "the cap is named: {}",
            mail.text
        );
        assert!(
            mail.text.contains("https://brud.example/desk/?org=demo"),
            "{}",
            mail.text
        );
    }

    #[test]
    fn the_ceiling_alert_goes_to_the_dpo_and_says_what_to_do() {
        let org = demo();
        let mail = ceiling_alert(&org, at("2026-12-03T13:20:00Z"), None);
        assert_eq!(mail.to, dpo_recipients(&org));
        assert!(mail.to.contains(&org.dpo.email));
        assert!(mail.subject.contains(&org.name));
        assert!(mail.text.contains("afvis"), "{}", mail.text);
        assert!(
            mail.text.contains("venter på dig under \"Venter på dig\""),
            "valid reports beyond the ceiling are held, not refused: {}",
            mail.text
        );
        assert!(!mail.text.contains("/desk/"), "no link without a site");
    }

    #[test]
    fn the_dpo_hears_that_reports_wait_without_their_content() {
        let org = demo();
        let at = at("2026-12-03T13:20:00Z");
        let one = held_alert(&org, at, 1, Some("https://brud.example/"));
        assert_eq!(one.to, dpo_recipients(&org));
        assert_eq!(
            one.subject,
            format!("Brud: en indberetning fra {} venter på dig", org.name)
        );
        for needed in [
            "Brud holdt torsdag den 3. december 2026 kl. 14.20 en indberetning fra",
            "Nu venter én indberetning på dig under \"Venter på dig\"",
            "72 timer",
            "https://brud.example/desk/?org=demo",
            "højst én gang i timen",
        ] {
            assert!(one.text.contains(needed), "{needed}: {}", one.text);
        }
        let three = held_alert(&org, at, 3, None);
        assert_eq!(
            three.subject,
            format!("Brud: 3 indberetninger fra {} venter på dig", org.name)
        );
        assert!(
            three.text.contains("Nu venter 3 indberetninger"),
            "{}",
            three.text
        );
        assert!(!three.text.contains("/desk/"), "no link without a site");
    }

    #[test]
    fn only_the_new_case_mail_is_capped_per_recipient() {
        let notice = |event_type: &str| CaseNotice {
            event_type: event_type.to_string(),
            timestamp: at("2026-12-03T13:20:00Z"),
            data: serde_json::from_value(serde_json::json!({
                "id": "r", "org": "demo", "reference": "DEMO-2026-0001", "sequence": 1,
                "event": "opened", "deadline_state": { "state": "not_required" },
                "open_obligations": []
            }))
            .unwrap(),
        };
        assert!(capped_per_recipient(&notice(CASE_OPENED)));
        assert!(!capped_per_recipient(&notice(
            crate::notice::DEADLINE_OVERDUE
        )));
        assert!(!capped_per_recipient(&notice(
            crate::notice::DEADLINE_APPROACHING
        )));
    }

    #[test]
    fn a_shared_dpos_summary_names_each_schools_held_cases_and_waiting_reports() {
        let demo = demo();
        let nord = brud_config::builtin()
            .unwrap()
            .get("demo-nord")
            .unwrap()
            .clone();
        let cap = MailCap::default();
        let window = cap.window_of(at("2026-12-03T13:20:00Z"));
        let mail = held_case_mails_summary(
            "dpo@demo.example",
            cap,
            window,
            &[
                HeldAtSchool {
                    org: &demo,
                    references: vec!["DEMO-2026-0040".into(), "DEMO-2026-0041".into()],
                    reports_waiting: 0,
                },
                HeldAtSchool {
                    org: &nord,
                    references: vec!["DEMN-2026-0007".into()],
                    reports_waiting: 4,
                },
            ],
            Some("https://brud.example"),
        );
        assert_eq!(mail.to, ["dpo@demo.example"]);
        assert!(
            mail.subject.starts_with("Brud: 3 nye sager"),
            "{}",
            mail.subject
        );
        assert!(mail.subject.contains("kl. 14.00"), "{}", mail.subject);
        assert!(
            mail.text
                .contains("Demoskolen:\n- DEMO-2026-0040\n- DEMO-2026-0041\n"),
            "{}",
            mail.text
        );
        assert!(
            mail.text.contains("Demoskolen Nord:\n- DEMN-2026-0007\n"),
            "{}",
            mail.text
        );
        assert!(
            mail.text
                .contains("https://brud.example/desk/?org=demo-nord"),
            "{}",
            mail.text
        );
        assert!(
            mail.text
                .contains("Venter på dig: 4 indberetninger til Demoskolen Nord"),
            "{}",
            mail.text
        );
        assert!(
            !mail.text.contains("indberetninger til Demoskolen er"),
            "{}",
            mail.text
        );
    }
}
