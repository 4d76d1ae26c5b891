//! A mail to the school's breach mailbox, and what Brud does with it.
//!
//! The Kulturskole's procedure starts with "send a mail AT ONCE to the
//! breach mailbox", and outsiders who never see the intranet write to it
//! too. With the mailbox routed to the Worker (Cloudflare Email Routing),
//! every message is first forwarded unchanged to the school's real mailbox
//! ([`InboundMailbox::forward_to`]), so nothing is lost whatever happens
//! next; then [`decide`] says whether it opens a case "received by mail"
//! (its 72 hours from its arrival, the facts filled in on the desk), adds
//! to a case it answers (a subject with the case's reference), or is only
//! forwarded (Brud's own breach-mailbox mail about a form report, a sender
//! the school does not let open cases).
//!
//! The message is read by the Worker's edge (a MIME parser) into the plain
//! [`InboundMail`] this module decides on.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::evidence::RAW_MAIL_NAME;

use brud_shared::lang::Language;
use brud_shared::model::Report;
use brud_shared::org::OrgProfile;
use brud_shared::time::Timestamp;
use brud_shared::validate::{LIMIT_DESCRIPTION, LIMIT_EMAIL, LIMIT_NAME};

/// A school's breach mailbox routed to Brud (`config/mailboxes.toml`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboundMailbox {
    /// The school.
    pub org: String,
    /// The address Email Routing sends to the Worker (the breach mailbox
    /// staff and outsiders write to).
    pub address: String,
    /// The school's real mailbox, a verified destination of the account:
    /// every message goes there first, unchanged.
    pub forward_to: String,
    /// Who may open a case by mail: an address, or `@domain` for all of a
    /// domain. Empty: anyone. Others' messages are forwarded only.
    #[serde(default)]
    pub allowed: Vec<String>,
}

/// The mailbox of `mailboxes` at `address` (compared without case, trimmed),
/// if any: where a message to the Worker's `email` handler belongs.
pub fn mailbox_at<'a>(
    mailboxes: &'a [InboundMailbox],
    address: &str,
) -> Option<&'a InboundMailbox> {
    mailboxes
        .iter()
        .find(|mailbox| mailbox.address.eq_ignore_ascii_case(address.trim()))
}

impl InboundMailbox {
    /// Whether `sender` may open a case (compared without case).
    ///
    /// ```
    /// # use brud_case::inbound::InboundMailbox;
    /// let mailbox = InboundMailbox {
    ///     org: "demo".into(), address: "brud@demo.example".into(),
    ///     forward_to: "arkiv@demo.example".into(),
    ///     allowed: vec!["@demo.example".into(), "it@leverandor.example".into()],
    /// };
    /// assert!(mailbox.allows("Leder@Demo.Example"));
    /// assert!(mailbox.allows("it@leverandor.example"));
    /// assert!(!mailbox.allows("someone@demo.example.evil"));
    /// ```
    pub fn allows(&self, sender: &str) -> bool {
        let sender = sender.trim().to_lowercase();
        self.allowed.is_empty()
            || self.allowed.iter().any(|allowed| {
                let allowed = allowed.trim().to_lowercase();
                match allowed.strip_prefix('@') {
                    Some(domain) => sender.rsplit_once('@').is_some_and(|(_, of)| of == domain),
                    None => sender == allowed,
                }
            })
    }
}

/// A file attached to a mail: its name, type and size (the bytes stay
/// with the Worker).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboundAttachment {
    /// The file's name as the mail gives it.
    pub name: String,
    /// Its MIME type as the mail gives it.
    pub content_type: String,
    /// Its size in bytes.
    pub size: usize,
    /// Its bytes, to keep on the case (not part of the mail's JSON).
    #[serde(skip)]
    pub bytes: Vec<u8>,
}

/// A mail as read by the edge.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct InboundMail {
    /// The sender's address (the `From` header's, else the envelope's).
    pub from: String,
    /// The sender's name, when the `From` header gives one.
    pub from_name: Option<String>,
    /// The subject.
    pub subject: String,
    /// The `Date` header, when it reads.
    pub date: Option<DateTime<Utc>>,
    /// The text: the plain-text part, or the HTML part as text.
    pub text: String,
    /// The attachments.
    pub attachments: Vec<InboundAttachment>,
    /// The raw message's size in bytes.
    pub size: usize,
    /// Why the message could not be read as it is: too large, or not a
    /// MIME message. It is forwarded and opens a case all the same (kept
    /// whole as one file), never dropped.
    pub unreadable: Option<Unreadable>,
}

/// Why a message could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unreadable {
    /// Larger than the Worker reads ([`MAX_MAIL_BYTES`]).
    TooLarge,
    /// Not a message a MIME parser can read.
    Malformed,
}

/// Whether `mail` is kept whole on the case it opens (as
/// [`RAW_MAIL_NAME`], [`crate::evidence::raw_mail`]): when Brud could not
/// read it, so the case holds what arrived and not only a note of it.
pub fn keeps_whole(mail: &InboundMail) -> bool {
    mail.unreadable.is_some()
}

/// The largest message the Worker reads: larger ones are forwarded and
/// open a case saying so (Email Routing's own limit is 25 MiB).
pub const MAX_MAIL_BYTES: usize = 10 * 1024 * 1024;

/// What to do with a mail, once it is forwarded.
#[derive(Debug, Clone, PartialEq)]
pub enum Inbound {
    /// Open a case received by mail from this report (the mail's account:
    /// the description, the sender, the time of arrival as the time of
    /// awareness; everything else to be filled in on the desk).
    Open(Box<Report>),
    /// Add the mail to the case `reference`: a reply about it.
    AddTo {
        /// The case's reference.
        reference: String,
        /// The entry that records it.
        mail: crate::entries::MailReceived,
    },
    /// Forwarded only.
    ForwardOnly(ForwardOnly),
}

/// Why a mail is forwarded only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ForwardOnly {
    /// Brud's own breach-mailbox mail about a form report: its case is
    /// open already.
    OwnMail,
    /// The school lets only its staff and named outsiders open cases.
    SenderNotAllowed,
}

/// The references of `org`'s cases in `subject` (`ZAH-2026-0042`), in
/// order.
pub fn references_in(subject: &str, org: &OrgProfile) -> Vec<String> {
    let prefix = format!("{}-", org.short_code);
    let mut found = Vec::new();
    for (at, _) in subject.match_indices(&prefix) {
        // A reference starts at a word's start.
        if subject[..at]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric())
        {
            continue;
        }
        let candidate: String = subject[at..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        if candidate
            .parse::<brud_shared::reference::Reference>()
            .is_ok_and(|reference| reference.short_code == org.short_code)
        {
            found.push(candidate);
        }
    }
    found
}

/// Cuts `text` to at most `max` characters, at a character boundary.
fn cut(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}

/// What to do with `mail` to `mailbox` of `org`, arrived at `arrived`:
/// Brud's own mail (from `own_sender`, the Worker's `MAIL_FROM`, naming
/// a case) is forwarded only; a mail whose subject names a case that
/// `case_exists` is added to it; a sender the mailbox does not allow is
/// forwarded only; any other opens a case, as `id`.
pub fn decide(
    mail: &InboundMail,
    mailbox: &InboundMailbox,
    org: &OrgProfile,
    own_sender: Option<&str>,
    case_exists: impl Fn(&str) -> bool,
    id: &str,
    arrived: DateTime<Utc>,
) -> Inbound {
    let named: Vec<String> = references_in(&mail.subject, org)
        .into_iter()
        .filter(|reference| case_exists(reference))
        .collect();
    let own = own_sender.is_some_and(|own| own.eq_ignore_ascii_case(mail.from.trim()));
    if own && !named.is_empty() {
        return Inbound::ForwardOnly(ForwardOnly::OwnMail);
    }
    if !mailbox.allows(&mail.from) {
        return Inbound::ForwardOnly(ForwardOnly::SenderNotAllowed);
    }
    if let Some(reference) = named.into_iter().next() {
        return Inbound::AddTo {
            reference,
            mail: received(mail),
        };
    }
    Inbound::Open(Box::new(report_of(mail, mailbox, org, id, arrived)))
}

/// The assessment a case received by mail opens with: the rules' on what
/// the mail gives, and, while the facts are not filled in (no kind of
/// incident), Datatilsynet's notification presumed due with at least a
/// risk, so the 72 hours run from the mail's arrival and the case is not
/// taken for one without a duty. Filling in the facts assesses the case
/// again from them ([`crate::entries::FactsCorrected`]).
pub fn assess(report: &Report, org: &OrgProfile, at: DateTime<Utc>) -> brud_shared::Assessment {
    let mut assessment = brud_shared::assess(report, Some(org), at);
    if report.nature.incident.is_none() {
        assessment.obligations.notify_authority.required = true;
        assessment.risk = assessment.risk.max(brud_shared::model::RiskLevel::Risk);
    }
    assessment
}

/// A reply as its case's entry: who wrote, the subject, the text (cut to
/// a note's length), the attachments by name.
fn received(mail: &InboundMail) -> crate::entries::MailReceived {
    crate::entries::MailReceived {
        from: cut(mail.from.trim(), LIMIT_EMAIL),
        subject: cut(mail.subject.trim(), LIMIT_NAME),
        text: cut(mail.text.trim(), brud_shared::validate::LIMIT_TEXT),
        attachments: mail.attachments.iter().map(|a| a.name.clone()).collect(),
    }
}

/// The report of a case received by mail: the sender as reporter, the
/// subject and text as the description (what the mail says happened), the
/// arrival as the time the school became aware; the rest for the desk.
pub fn report_of(
    mail: &InboundMail,
    mailbox: &InboundMailbox,
    org: &OrgProfile,
    id: &str,
    arrived: DateTime<Utc>,
) -> Report {
    let mut report = Report::new_draft(id, &org.id, Language::Da);
    if !mail.from.is_empty() {
        report.reporter.email = Some(cut(mail.from.trim(), LIMIT_EMAIL));
    }
    report.reporter.name = mail
        .from_name
        .as_deref()
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .map(|name| cut(name, LIMIT_NAME));
    report.timeline.aware_at = Some(Timestamp::new(arrived.fixed_offset()));
    report.timeline.discovery = Some(format!("Modtaget som mail til {}.", mailbox.address));
    let mut description = match mail.unreadable {
        Some(Unreadable::TooLarge) => format!(
            "En mail til {} var for stor til at blive læst ({} bytes). Den er videresendt uændret til {} og ligger hel på sagen som filen {RAW_MAIL_NAME}.",
            mailbox.address, mail.size, mailbox.forward_to
        ),
        Some(Unreadable::Malformed) => format!(
            "En mail til {} kunne ikke læses. Den er videresendt uændret til {} og ligger hel på sagen som filen {RAW_MAIL_NAME}.",
            mailbox.address, mailbox.forward_to
        ),
        None => format!("{}\n\n{}", mail.subject.trim(), mail.text.trim()),
    };
    if !mail.attachments.is_empty() {
        let names: Vec<&str> = mail.attachments.iter().map(|a| a.name.as_str()).collect();
        description = format!("{description}\n\nVedhæftet: {}", names.join(", "));
    }
    report.nature.description = Some(cut(description.trim(), LIMIT_DESCRIPTION));
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo() -> OrgProfile {
        brud_config::builtin().unwrap().get("demo").unwrap().clone()
    }

    fn mailbox() -> InboundMailbox {
        InboundMailbox {
            org: "demo".into(),
            address: "sikkerhedsbrud@demo.example".into(),
            forward_to: "arkiv@demo.example".into(),
            allowed: vec!["@demo.example".into(), "it@leverandor.example".into()],
        }
    }

    fn mail(from: &str, subject: &str) -> InboundMail {
        InboundMail {
            from: from.into(),
            from_name: Some("Lærer Hansen".into()),
            subject: subject.into(),
            text: "Jeg sendte elevplanen til den forkerte forælder.".into(),
            size: 900,
            ..InboundMail::default()
        }
    }

    fn at() -> DateTime<Utc> {
        "2026-12-07T08:15:00Z".parse().unwrap()
    }

    #[test]
    fn a_staff_mail_opens_a_case_whose_clock_runs_from_its_arrival() {
        let decided = decide(
            &mail("laerer@demo.example", "Elevplan sendt forkert"),
            &mailbox(),
            &demo(),
            Some("brud@demo.example"),
            |_| false,
            "id-1",
            at(),
        );
        let Inbound::Open(report) = decided else {
            panic!("{decided:?}");
        };
        assert_eq!(report.id, "id-1");
        assert_eq!(report.org, "demo");
        assert_eq!(report.timeline.aware_at.unwrap().utc(), at());
        assert_eq!(
            report.reporter.email.as_deref(),
            Some("laerer@demo.example")
        );
        assert_eq!(report.reporter.name.as_deref(), Some("Lærer Hansen"));
        let description = report.nature.description.unwrap();
        assert!(
            description.starts_with("Elevplan sendt forkert\n\nJeg sendte"),
            "{description}"
        );
        assert!(
            report.nature.incident.is_none(),
            "the facts are the desk's to fill in"
        );
    }

    #[test]
    fn brud_s_own_mail_and_a_stranger_are_forwarded_only_and_a_reply_joins_its_case() {
        let exists = |reference: &str| reference == "DEMO-2026-0042";
        let decide_for = |from: &str, subject: &str| {
            decide(
                &mail(from, subject),
                &mailbox(),
                &demo(),
                Some("brud@demo.example"),
                exists,
                "id",
                at(),
            )
        };
        assert_eq!(
            decide_for(
                "Brud@demo.example",
                "Sikkerhedsbrud DEMO-2026-0042: høj risiko"
            ),
            Inbound::ForwardOnly(ForwardOnly::OwnMail)
        );
        assert_eq!(
            decide_for("nogen@andetsted.example", "Brud hos jer"),
            Inbound::ForwardOnly(ForwardOnly::SenderNotAllowed)
        );
        let Inbound::AddTo { reference, mail } = decide_for(
            "leder@demo.example",
            "SV: Sikkerhedsbrud DEMO-2026-0042: høj risiko",
        ) else {
            panic!("a reply");
        };
        assert_eq!(reference, "DEMO-2026-0042");
        assert_eq!(mail.from, "leder@demo.example");
        assert!(mail.subject.starts_with("SV:"), "{}", mail.subject);
        // A reference to no case of the school opens a case as any mail.
        assert!(matches!(
            decide_for("leder@demo.example", "Om DEMO-2026-0999"),
            Inbound::Open(_)
        ));
        // A named outsider may open one.
        assert!(matches!(
            decide_for("it@leverandor.example", "Vi har mistet en disk"),
            Inbound::Open(_)
        ));
    }

    #[test]
    fn an_unreadable_mail_still_opens_a_case_that_says_where_it_is() {
        let mut big = mail("laerer@demo.example", "");
        big.text.clear();
        big.size = 30_000_000;
        big.unreadable = Some(Unreadable::TooLarge);
        let report = report_of(&big, &mailbox(), &demo(), "id", at());
        let description = report.nature.description.unwrap();
        assert!(description.contains("for stor"), "{description}");
        assert!(description.contains("arkiv@demo.example"), "{description}");
    }

    #[test]
    fn references_are_found_at_word_starts_only() {
        let org = demo();
        assert_eq!(
            references_in("SV: DEMO-2026-0042 og (DEMO-2026-0043)", &org),
            ["DEMO-2026-0042", "DEMO-2026-0043"]
        );
        assert!(references_in("XDEMO-2026-0042", &org).is_empty());
        assert!(references_in("DEMO-26-42", &org).is_empty());
    }
}

#[cfg(test)]
mod clock {
    use super::*;

    #[test]
    fn a_case_received_by_mail_has_its_72_hours_from_its_arrival() {
        let org = brud_config::builtin().unwrap().get("demo").unwrap().clone();
        let mailbox = InboundMailbox {
            org: "demo".into(),
            address: "sikkerhedsbrud@demo.example".into(),
            forward_to: "arkiv@demo.example".into(),
            allowed: Vec::new(),
        };
        let arrived: DateTime<Utc> = "2026-12-07T08:15:00Z".parse().unwrap();
        let mail = InboundMail {
            from: "laerer@demo.example".into(),
            subject: "Tabt USB-nøgle".into(),
            text: "Med karakterer.".into(),
            ..InboundMail::default()
        };
        let report = report_of(&mail, &mailbox, &org, "id", arrived);
        let assessment = assess(&report, &org, arrived);
        let ids = crate::chain::CaseIds {
            org: "demo".into(),
            reference: "DEMO-2026-0001".into(),
            case_id: "id".into(),
        };
        let write = crate::write::open(
            &ids,
            2026,
            crate::write::Opening {
                report,
                assessment,
                received_at: arrived,
                contact_salt: None,
                by_mail: true,
            },
            &org,
        );
        let case = &write.case;
        assert!(case.received_by_mail && case.awaits_facts());
        assert_eq!(
            case.deadline(),
            Some(arrived + chrono::Duration::hours(72)),
            "{:?}",
            case.assessment.obligations
        );
        assert_eq!(
            crate::deadline_state(case, arrived + chrono::Duration::hours(1)),
            crate::DeadlineState::Open {
                due: arrived + chrono::Duration::hours(72)
            }
        );
        assert!(case.assessment.risk >= brud_shared::model::RiskLevel::Risk);
        let open: Vec<String> = case
            .open_obligations(Some(&org))
            .into_iter()
            .map(|p| p.field)
            .collect();
        assert_eq!(open.first().map(String::as_str), Some("facts"), "{open:?}");
    }
}
