//! The case desk's API contract (`/api/desk/*`): the bodies it reads and
//! writes, and the list's filters. The Worker serves these; the desk (a
//! UI of its own) reads them. docs/api.md documents them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use strum::IntoEnumIterator;

use crate::chain::{ChainBreak, LogHead, StoredEvent};
use crate::summary::{CaseStatus, CaseSummary};
use crate::{Actor, Case, DeadlineState, EventKind, EventTag};
use brud_shared::model::RiskLevel;
use brud_shared::org::StaffRole;
use brud_shared::parse::{problem_by_elimination, ParseError};
use brud_shared::problem::{Problem, ProblemCode};
use brud_shared::uri::percent_encode;

/// `GET /api/desk/me`: who is signed in and where they have a role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    /// The address Access vouches for (lowercased).
    pub email: String,
    /// The organisations where they are staff.
    pub orgs: Vec<MyOrg>,
}

/// One organisation of [`Me`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyOrg {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its reference prefix.
    pub short_code: String,
    /// The person's role there.
    pub role: StaffRole,
}

/// The desk's first screen, in the desk's page itself: the Worker renders
/// the register's first page into the page's HTML and puts the answers it
/// was drawn from beside it (`<script type="application/json"
/// id="desk-start">`, [`START_ELEMENT_ID`]), so the desk's code takes the
/// page over from the same data instead of asking `/api/desk/me` and the
/// list again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeskStart {
    /// Who is signed in (as `GET /api/desk/me`).
    pub me: Me,
    /// The register's first page for the page's address (as the list's
    /// `GET` with [`ListFilter::register_start`]); `None` on other pages.
    #[serde(default)]
    pub list: Option<CaseList>,
}

/// The id of the element holding the page's [`DeskStart`].
pub const START_ELEMENT_ID: &str = "desk-start";

/// The most rows one page of the list has.
pub const MAX_PER_PAGE: u32 = 100;

/// Rows per page unless asked.
pub const DEFAULT_PER_PAGE: u32 = 50;

/// Rows per page of the desk's register.
pub const REGISTER_PER_PAGE: u32 = 25;

/// The order of the list's rows (`sort=`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, strum::IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
pub enum ListOrder {
    /// `deadline` (the default): open cases first, each group by its
    /// deadline, soonest first and none last; what needs doing comes first.
    #[default]
    Deadline,
    /// `newest`: the most recently reported first (by reference: the
    /// organisation numbers its cases in the order they arrive, per year).
    Newest,
}

impl ListOrder {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// The list's filters, from the query string
/// (`?year=&status=&risk=&overdue=&q=&sort=&page=&per_page=`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListFilter {
    /// Cases opened in this year (Copenhagen time).
    pub year: Option<i32>,
    /// Open or closed.
    pub status: Option<CaseStatus>,
    /// The risk level in force.
    pub risk: Option<RiskLevel>,
    /// Only overdue cases (`true`) or only cases that are not (`false`).
    pub overdue: Option<bool>,
    /// Free text, lowercased, trimmed; `None` when empty.
    pub q: Option<String>,
    /// The order of the rows.
    pub order: ListOrder,
    /// From 1.
    pub page: u32,
    /// 1 to [`MAX_PER_PAGE`].
    pub per_page: u32,
}

impl Default for ListFilter {
    /// Every case, by deadline, the first page.
    fn default() -> ListFilter {
        ListFilter {
            year: None,
            status: None,
            risk: None,
            overdue: None,
            q: None,
            order: ListOrder::Deadline,
            page: 1,
            per_page: DEFAULT_PER_PAGE,
        }
    }
}

impl ListFilter {
    /// What the register shows when it opens: the open cases, by deadline.
    /// The Worker asks the browser to fetch this page beside the desk's
    /// code (a preload), so both build its address with [`list_path`].
    /// 25 rows: on a phone each is a card, and fifty cards are a long
    /// scroll and twice the first render.
    pub fn register_start() -> ListFilter {
        ListFilter {
            status: Some(CaseStatus::Open),
            per_page: REGISTER_PER_PAGE,
            ..ListFilter::default()
        }
    }

    /// The query's pairs for this filter, the inverse of [`ListFilter::parse`]:
    /// only what differs from the defaults, and the page always, in one
    /// fixed order (one filter, one address).
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        if let Some(year) = self.year {
            pairs.push(("year", year.to_string()));
        }
        if let Some(status) = self.status {
            pairs.push(("status", status.as_str().to_string()));
        }
        if let Some(risk) = self.risk {
            pairs.push((
                "risk",
                brud_shared::wire::WireName::wire_name(risk).to_string(),
            ));
        }
        if let Some(overdue) = self.overdue {
            pairs.push(("overdue", overdue.to_string()));
        }
        if let Some(q) = &self.q {
            pairs.push(("q", q.clone()));
        }
        if self.order != ListOrder::default() {
            pairs.push(("sort", self.order.as_str().to_string()));
        }
        pairs.push(("page", self.page.to_string()));
        if self.per_page != DEFAULT_PER_PAGE {
            pairs.push(("per_page", self.per_page.to_string()));
        }
        pairs
    }

    /// [`ListFilter::pairs`] as a query string (without the `?`), each value
    /// percent-encoded.
    pub fn to_query(&self) -> String {
        self.pairs()
            .iter()
            .map(|(name, value)| format!("{name}={}", percent_encode(value)))
            .collect::<Vec<_>>()
            .join("&")
    }

    /// Reads the query's pairs; the name of the first parameter that is not
    /// valid otherwise. Unknown parameters are ignored.
    pub fn parse<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<ListFilter, &'static str> {
        let mut filter = ListFilter::default();
        for (name, value) in pairs {
            let value = value.trim();
            if value.is_empty() {
                continue;
            }
            match name {
                "year" => {
                    filter.year = Some(
                        value
                            .parse()
                            .ok()
                            .filter(|y| (2000..=9999).contains(y))
                            .ok_or("year")?,
                    )
                }
                "status" => {
                    filter.status = Some(
                        <CaseStatus as strum::IntoEnumIterator>::iter()
                            .find(|status| status.as_str() == value)
                            .ok_or("status")?,
                    )
                }
                "risk" => {
                    filter.risk =
                        Some(brud_shared::wire::from_wire_name::<RiskLevel>(value).ok_or("risk")?)
                }
                "overdue" => {
                    filter.overdue = Some(match value {
                        "true" | "1" => true,
                        "false" | "0" => false,
                        _ => return Err("overdue"),
                    })
                }
                "q" => filter.q = Some(value.to_lowercase()),
                "sort" => {
                    filter.order = match value {
                        "deadline" => ListOrder::Deadline,
                        "newest" => ListOrder::Newest,
                        _ => return Err("sort"),
                    }
                }
                "page" => filter.page = value.parse().ok().filter(|p| *p >= 1).ok_or("page")?,
                "per_page" => {
                    filter.per_page = value
                        .parse()
                        .ok()
                        .filter(|n| (1..=MAX_PER_PAGE).contains(n))
                        .ok_or("per_page")?
                }
                _ => {}
            }
        }
        Ok(filter)
    }
}

/// Who is signed in: `GET` it for [`Me`].
pub const ME_PATH: &str = "/api/desk/me";

/// The address of one page of the list (`GET` it for a [`CaseList`]): of
/// organisation `org` (an id, `[a-z0-9-]` as the directory checks), or of
/// every organisation where the person has a role (a shared DPO's).
pub fn list_path(org: Option<&str>, filter: &ListFilter) -> String {
    match org {
        Some(org) => format!("/api/desk/orgs/{org}/cases?{}", filter.to_query()),
        None => format!("/api/desk/cases?{}", filter.to_query()),
    }
}

/// The address of one case of `org` (`GET` it for a [`CaseDetail`]).
pub fn case_path(org: &str, reference: &str) -> String {
    format!("/api/desk/orgs/{org}/cases/{}", percent_encode(reference))
}

/// Whether `role` may export a case's signed log
/// (`GET …/cases/{ref}/log`): the DPO only, since the opening event keeps
/// the reporter's contact hash, which only the DPO is shown.
pub fn may_export_log(role: StaffRole) -> bool {
    role == StaffRole::Dpo
}

/// `GET /api/desk/orgs/{org}/cases`: one page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseList {
    /// How many cases match the filters in all.
    pub total: u32,
    /// This page's number, from 1.
    pub page: u32,
    /// Rows per page.
    pub per_page: u32,
    /// The rows: open cases first, each group by deadline (soonest first,
    /// none last).
    pub cases: Vec<CaseListItem>,
}

/// One row of [`CaseList`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseListItem {
    /// The id of the case's organisation.
    pub org: String,
    /// The row as kept.
    #[serde(flatten)]
    pub summary: CaseSummary,
    /// The deadline's state now.
    pub deadline_state: DeadlineState,
}

/// Whether a case's log verifies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainVerdict {
    /// Every link verifies and the report is the one the case opened with.
    pub verified: bool,
    /// How many events were checked.
    pub events: usize,
    /// Where it breaks, when it does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub broken_at: Option<ChainBreak>,
    /// `false` when the stored report no longer hashes as the opening event
    /// says (changed outside the log).
    pub report_matches: bool,
    /// `false` when the case's row (what the register, its exports and the
    /// list show, and its count of events) is not what the log gives: the
    /// row was changed outside the log, or events were removed from its end.
    #[serde(default = "yes")]
    pub rows_match: bool,
    /// The log against its high-water mark kept outside the database
    /// ([`crate::high_water`]): absent where there is no mark to compare
    /// with; a log rolled back or rewritten names the events it lacks.
    /// Written by the Worker, never read back (the desk reads `verified`
    /// and `broken_at`, and its download stays without the mark's decoder).
    #[serde(default, skip_serializing_if = "Option::is_none", skip_deserializing)]
    pub high_water: Option<crate::high_water::Against>,
}

impl ChainVerdict {
    /// The verdict with the log compared to its `mark`: not verified when
    /// the log lacks, or changed, what the mark counts, broken at the first
    /// event missing (or rewritten) when nothing broke earlier.
    pub fn against_mark(mut self, stored: &[StoredEvent], mark: Option<&LogHead>) -> ChainVerdict {
        let Some(mark) = mark else {
            return self;
        };
        let against = crate::high_water::against(stored, mark);
        let broken = match &against {
            crate::high_water::Against::Holds { .. } => None,
            crate::high_water::Against::RolledBack { from, .. } => Some(ChainBreak {
                sequence: *from,
                reason: crate::chain::BreakReason::Missing,
            }),
            crate::high_water::Against::Rewritten { at, .. } => Some(ChainBreak {
                sequence: *at,
                reason: crate::chain::BreakReason::HashMismatch,
            }),
        };
        if let Some(broken) = broken {
            self.verified = false;
            if self.broken_at.is_none() {
                self.broken_at = Some(broken);
            }
        }
        self.high_water = Some(against);
        self
    }
}

fn yes() -> bool {
    true
}

/// `GET /api/desk/orgs/{org}/cases/{ref}`: the whole case. `E` is how
/// the log's events are read: whole ([`StoredEvent`], what the Worker
/// sends and an outside check reads), or as the desk's timeline shows
/// them ([`TimelineEvent`]), which spares the desk's download the
/// decoding of every kind's data. `A` holds the DPO's answers for the
/// EDPB's template: [`Answers`](brud_shared::edpb::Answers) as the
/// Worker sends them; the desk, which never reads them, names
/// [`serde::de::IgnoredAny`] so its download carries no code for them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseDetail<E = StoredEvent, A = brud_shared::edpb::Answers> {
    /// The report's id.
    pub id: String,
    /// The journal reference.
    pub reference: String,
    /// The reader's role (what the desk may offer them).
    pub role: StaffRole,
    /// The state (the reporter's name and contact only for the DPO).
    pub case: Case,
    /// The deadline's state now.
    pub deadline_state: DeadlineState,
    /// What must still be done before the case can close.
    pub open_obligations: Vec<Problem>,
    /// The organisation's steps that apply to the case now, each done or
    /// not ([`crate::steps::step_states`]).
    #[serde(default)]
    pub steps: Vec<crate::steps::StepState>,
    /// The kinds of entry the reader may record now ([`Case::available`]).
    #[serde(default)]
    pub available: Vec<EventTag>,
    /// The log, with each event's hash.
    pub events: Vec<E>,
    /// Whether the log verifies.
    pub chain: ChainVerdict,
    /// The report as the case decided it ([`Case::report_as_decided`]),
    /// what the case's texts are made from.
    pub report_as_decided: brud_shared::Report,
    /// What the forms of the entries offered start with on this case
    /// ([`prefills`]): made here, so the desk's download carries no text
    /// of its own for them.
    #[serde(default)]
    pub prefill: Vec<Prefill>,
    /// Whether the reader may add files to the case ([`may_add_files`]),
    /// for the page's files module; the desk's own code never decodes it.
    #[serde(default, skip_deserializing)]
    pub may_add_files: bool,
    /// Whether the reader may download the case file for the archive
    /// (`…/archive.zip`; who may export the log, [`may_export_log`]), for
    /// the page's files module; never decoded by the desk's own code.
    #[serde(default, skip_deserializing)]
    pub may_archive: bool,
    /// What the DPO added for the EDPB's template, by field number
    /// ([`crate::template::answers`]), for the texts module: the text to
    /// copy and the guide give them; never decoded by the desk's own code.
    #[serde(default, skip_deserializing)]
    pub template_answers: A,
}

/// Whether a member of staff with `role` may add files to a case: who may
/// record [`EventTag::AttachmentAdded`] (leaders and the DPO).
pub fn may_add_files(role: StaffRole) -> bool {
    EventTag::AttachmentAdded.may_be_recorded_by(role)
}

/// A field of an entry's form, filled in from the case to start with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Prefill {
    /// The entry's kind.
    pub kind: EventTag,
    /// The field's name.
    pub field: String,
    /// Its start in Danish.
    pub da: String,
    /// And in English.
    pub en: String,
}

/// The prefilled fields of the entries `available` on `case`
/// ([`EventTag::prefill`]), in both languages.
pub fn prefills(case: &Case, available: &[EventTag]) -> Vec<Prefill> {
    use brud_shared::lang::Language;
    available
        .iter()
        .flat_map(|tag| {
            let en = tag.prefill(case, Language::En);
            tag.prefill(case, Language::Da)
                .into_iter()
                .zip(en)
                .map(|((field, da), (_, en))| Prefill {
                    kind: *tag,
                    field: field.to_string(),
                    da,
                    en,
                })
        })
        .collect()
}

/// An event of the log as the desk's timeline reads it: when, who, what
/// kind, and the one text the timeline shows beside the title (a note,
/// the handler, a reason), whichever of those fields the kind has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineEvent {
    /// Its place in the log.
    pub sequence: u32,
    /// When it was recorded.
    pub at: DateTime<Utc>,
    /// Who recorded it.
    pub actor: Actor,
    /// Its kind.
    pub kind: EventTag,
    /// A note (steps done, containment, notes' `text`, a dismissal's note).
    #[serde(default)]
    pub note: Option<String>,
    /// A note's or opinion's text.
    #[serde(default)]
    pub text: Option<String>,
    /// The handler agreed.
    #[serde(default)]
    pub handler: Option<String>,
    /// Why (a correction, a reopening; a dismissal's reason, by its wire
    /// name).
    #[serde(default)]
    pub reason: Option<String>,
}

impl TimelineEvent {
    /// The text the timeline shows beside the title, if any.
    pub fn detail(&self) -> Option<&str> {
        self.note
            .as_deref()
            .or(self.text.as_deref())
            .or(self.handler.as_deref())
            .or(self.reason.as_deref())
    }
}

/// `POST /api/desk/orgs/{org}/cases/{ref}/events`: one event to record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewEvent {
    /// The desk's own id for this event (a UUID): sending it again returns
    /// the recorded event instead of recording it twice.
    #[serde(default)]
    pub client_event_id: Option<String>,
    /// The sequence number of the last event the desk has seen; the event is
    /// refused (409) when the case has moved on since.
    pub expected_sequence: u32,
    /// What happened.
    #[serde(flatten)]
    pub kind: EventKind,
}

impl NewEvent {
    /// Reads a POST's body: not JSON at all is [`ParseError::Syntax`];
    /// JSON that is not an event is [`ParseError::Shape`] with one problem
    /// at the path of what is wrong (`kind` for a kind Brud does not have,
    /// `expected_sequence`, or the field of the kind's data, e.g.
    /// `channel`), never quoting what was sent.
    pub fn parse(json: &str) -> Result<NewEvent, ParseError> {
        // serde_json's own reader: the Worker has it already (the path a
        // report's reader tracks is of no use to a value).
        let value: serde_json::Value =
            serde_json::from_str(json).map_err(|error| ParseError::Syntax {
                line: error.line(),
                column: error.column(),
            })?;
        read_event(value.clone())
            .map_err(|error| ParseError::Shape(unreadable(&value, &error.to_string())))
    }
}

/// The one reader of an event from JSON, for the first read and each
/// trial of [`unreadable`]'s elimination (not inlined: a copy of serde's
/// reading of every kind per caller would cost the Worker kilobytes).
#[inline(never)]
fn read_event(value: serde_json::Value) -> Result<NewEvent, serde_json::Error> {
    serde_json::from_value(value)
}

/// Why `value`, well-formed JSON, is not a [`NewEvent`] (serde said
/// `message`): its kind, else the field to blame
/// ([`problem_by_elimination`], with the event's own deserializer).
fn unreadable(value: &serde_json::Value, message: &str) -> Problem {
    let Some(kind) = value.get("kind") else {
        return Problem::new(
            "kind",
            ProblemCode::Required,
            "Feltet mangler.",
            "This field is missing.",
        );
    };
    let known = kind
        .as_str()
        .is_some_and(|kind| EventTag::iter().any(|tag| <&'static str>::from(tag) == kind));
    if !known {
        return Problem::new(
            "kind",
            ProblemCode::InvalidValue,
            "Den slags registrering findes ikke.",
            "There is no such kind of entry.",
        );
    }
    // The envelope, checked first: serde names a field missing beside
    // the flattened data before the data's own problems.
    let invalid = |field: &str| {
        Problem::new(
            field,
            ProblemCode::InvalidValue,
            "Værdien er ikke en af de tilladte.",
            "The value is not one of those allowed.",
        )
    };
    match value.get("expected_sequence") {
        None => {
            return Problem::new(
                "expected_sequence",
                ProblemCode::Required,
                "Feltet mangler.",
                "This field is missing.",
            )
        }
        Some(sequence) if serde_json::from_value::<u32>(sequence.clone()).is_err() => {
            return invalid("expected_sequence")
        }
        _ => {}
    }
    if value
        .get("client_event_id")
        .is_some_and(|id| !(id.is_string() || id.is_null()))
    {
        return invalid("client_event_id");
    }
    let read = |value: &serde_json::Value| {
        read_event(value.clone())
            .map(drop)
            .map_err(|error| error.to_string())
    };
    const ENVELOPE: [&str; 3] = ["kind", "expected_sequence", "client_event_id"];
    problem_by_elimination(value, message, &ENVELOPE, read).unwrap_or_else(|| {
        Problem::new(
            "kind",
            ProblemCode::InvalidValue,
            "Registreringen kunne ikke læses.",
            "The entry could not be read.",
        )
    })
}

/// The answer to [`NewEvent`]: the event as recorded and the case's row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventRecorded {
    /// The event, with its sequence number, time, actor and hash.
    pub event: StoredEvent,
    /// The case's list row after it.
    pub case: CaseSummary,
    /// The deadline's state now.
    pub deadline_state: DeadlineState,
}

/// `GET /api/desk/orgs/{org}/control?year=`: the control report with when
/// it was made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ControlAnswer {
    /// The organisation.
    pub org: String,
    /// When the figures were computed.
    pub generated_at: DateTime<Utc>,
    /// The figures (an object of their own: read beside the answer's
    /// other fields, serde's `flatten` cost the desk's download 15 kB).
    pub report: crate::control::ControlReport,
    /// The figures' hash ([`crate::control::ControlReport::sha256`]):
    /// what an approval names.
    #[serde(default)]
    pub report_sha256: String,
    /// The board's approvals of the organisation's reports, newest first.
    #[serde(default)]
    pub approvals: Vec<crate::control::Approval>,
}

/// Whether `role` may record the board's approval of a control report:
/// the DPO and the school's leaders (who bring it to the board).
pub fn may_record_approval(role: StaffRole) -> bool {
    matches!(role, StaffRole::Dpo | StaffRole::Leader)
}

/// Whether `role` may open or discard the reports held beyond a client's
/// limit or the school's ceiling: the DPO's, who decides what is a breach
/// to handle (a flood may hold junk, or another person's report).
pub fn may_decide_held(role: StaffRole) -> bool {
    role == StaffRole::Dpo
}

/// Where a page lies in the list: `OFFSET` rows skipped in the list's
/// order, or, for a page in the second half, in the reverse order (the
/// rows then read backwards), so that no page walks more than half the
/// list: the last page of a municipality's 100,000 cases is read as fast
/// as the first.
#[derive(Debug, PartialEq, Eq)]
pub struct PageWindow {
    /// Read in the reverse of the list's order (and the rows turned back).
    pub reversed: bool,
    /// Rows skipped in the order read.
    pub offset: u32,
    /// Rows read.
    pub limit: u32,
}

impl PageWindow {
    /// Page `page` (from 1) of `per_page` rows of a list of `total`;
    /// `None` past its end.
    pub fn of(page: u32, per_page: u32, total: u32) -> Option<PageWindow> {
        let start = page.saturating_sub(1).saturating_mul(per_page);
        if start >= total {
            return None;
        }
        let limit = per_page.min(total - start);
        Some(if start.saturating_mul(2) > total {
            PageWindow {
                reversed: true,
                offset: total - start - limit,
                limit,
            }
        } else {
            PageWindow {
                reversed: false,
                offset: start,
                limit,
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[allow(unused_imports)]
    use crate::entries::StepDone;

    #[test]
    fn a_posted_event_that_does_not_read_is_refused_at_the_field_without_quoting_it() {
        let shape = |body: &str| match NewEvent::parse(body) {
            Err(ParseError::Shape(problem)) => problem,
            other => panic!("{body}: {other:?}"),
        };
        let told = r#"{"expected_sequence": 2, "kind": "subjects_told",
            "told_at": "2026-11-21T14:00:00Z", "how": "Brev i Aula", "count": 2"#;
        // The template's kind of telling, by its wire name.
        let read = NewEvent::parse(&format!(r#"{told}, "channel": "public"}}"#)).unwrap();
        assert!(matches!(
            read.kind,
            EventKind::SubjectsTold(crate::entries::SubjectsTold {
                channel: Some(brud_shared::model::NoticeChannel::Public),
                ..
            })
        ));
        let wrong = shape(&format!(r#"{told}, "channel": "pigeon-Kirsten"}}"#));
        assert_eq!(wrong.field, "channel");
        assert_eq!(wrong.code, ProblemCode::InvalidValue);
        let words = format!("{} {}", wrong.da, wrong.en);
        assert!(!words.contains("Kirsten"), "{words}");
        // A count that is text: the field, not the value.
        let count = shape(
            r#"{"expected_sequence": 2, "kind": "subjects_told",
                "told_at": "2026-11-21T14:00:00Z", "how": "x", "count": "to Kirsten"}"#,
        );
        assert_eq!(count.field, "count");
        assert!(!format!("{} {}", count.da, count.en).contains("Kirsten"));
        // Inside a correction's answers: the path in the event.
        let corrected = shape(
            r#"{"expected_sequence": 2, "kind": "facts_corrected", "reason": "r",
                "corrected": {"subject_count": "many"}}"#,
        );
        assert_eq!(corrected.field, "corrected.subject_count");
        assert_eq!(
            shape(r#"{"expected_sequence": 2, "kind": "told"}"#).field,
            "kind"
        );
        let no_kind = shape(r#"{"expected_sequence": 2}"#);
        assert_eq!(
            (no_kind.field.as_str(), no_kind.code),
            ("kind", ProblemCode::Required)
        );
        let no_sequence = shape(r#"{"kind": "note", "text": "t"}"#);
        assert_eq!(
            (no_sequence.field.as_str(), no_sequence.code),
            ("expected_sequence", ProblemCode::Required)
        );
        assert!(matches!(
            NewEvent::parse("{"),
            Err(ParseError::Syntax { .. })
        ));
    }

    #[test]
    fn an_event_that_does_not_read_is_blamed_where_serde_path_to_error_blames_it() {
        let bodies = [
            r#"{"kind": "subjects_told", "told_at": "2026-11-21T14:00:00Z", "how": "x", "count": 2, "channel": "pigeon"}"#,
            r#"{"kind": "subjects_told", "told_at": "yesterday", "how": "x", "count": 2}"#,
            r#"{"kind": "subjects_told", "how": 7, "told_at": "2026-11-21T14:00:00Z", "count": 2}"#,
            r#"{"kind": "subjects_told", "told_at": "2026-11-21T14:00:00Z", "count": 2}"#,
            r#"{"kind": "authority_notified", "notified_at": "2026-11-21T14:00:00Z", "authority_reference": "r", "complete": "yes"}"#,
            r#"{"kind": "authority_notified", "notified_at": "2026-11-21T14:00:00Z", "authority_reference": "r", "complete": true, "more_promised_by": "soon"}"#,
            r#"{"kind": "facts_corrected", "reason": "r", "corrected": {"subject_count": "many"}}"#,
            r#"{"kind": "facts_corrected", "reason": "r", "corrected": {"minors": true, "incident": "alien_abduction"}}"#,
            r#"{"kind": "facts_corrected", "reason": "r", "corrected": {"occurred": {"at": "2026-11-21T14:00:00Z"}}}"#,
            r#"{"kind": "facts_corrected", "reason": "r", "corrected": {"categories": ["name", "shoe_size"]}}"#,
            r#"{"kind": "facts_corrected", "corrected": {"minors": true}}"#,
            r#"{"kind": "dismissed", "reason": "boring", "note": "n"}"#,
            r#"{"kind": "prevention_planned", "measure": "m", "what": "w", "by": "b", "due": "2026-02-30"}"#,
            r#"{"kind": "template_answered", "answers": [{"field": "sixty", "value": "x"}]}"#,
            r#"{"kind": "step_done", "step": 4}"#,
            r#"{"kind": "contained", "note": false}"#,
            r#"{"kind": "subjects_exception", "exception": "lazy", "reasoning": "r"}"#,
            // Two wrong: the first as read is named.
            r#"{"kind": "subjects_told", "told_at": "yesterday", "how": 5, "count": 2}"#,
            r#"{"kind": "dismissed", "reason": "boring"}"#,
            r#"{"kind": "facts_corrected", "reason": "r", "corrected": {"subject_count": "many", "minors": "yes"}}"#,
            r#"{"kind": "template_answered", "answers": [{"field": 60, "value": ["r"]}, {"field": -1}]}"#,
        ];
        for body in bodies {
            let mut data: serde_json::Value = serde_json::from_str(body).unwrap();
            let tag: EventTag =
                serde_json::from_value(data.as_object_mut().unwrap().remove("kind").unwrap())
                    .unwrap();
            let reference = tag
                .data_problem(data.clone())
                .unwrap_or_else(|| panic!("{body} reads"));
            let mut event = data;
            event["kind"] = serde_json::to_value(tag).unwrap();
            event["expected_sequence"] = 3.into();
            let Err(ParseError::Shape(ours)) = NewEvent::parse(&event.to_string()) else {
                panic!("{body} reads as an event");
            };
            assert_eq!(
                (ours.field.as_str(), ours.code),
                (reference.field.as_str(), reference.code),
                "{body}"
            );
        }
    }

    #[test]
    fn the_list_filter_reads_the_query_and_names_a_bad_parameter() {
        let filter = ListFilter::parse([
            ("year", "2026"),
            ("status", "open"),
            ("risk", "high"),
            ("overdue", "true"),
            ("q", "  Aula TD-1234 "),
            ("page", "2"),
            ("per_page", "25"),
            ("sort", "newest"),
            ("utm_source", "ignored"),
        ])
        .unwrap();
        assert_eq!(filter.year, Some(2026));
        assert_eq!(filter.status, Some(CaseStatus::Open));
        assert_eq!(filter.risk, Some(RiskLevel::High));
        assert_eq!(filter.overdue, Some(true));
        assert_eq!(filter.q.as_deref(), Some("aula td-1234"));
        assert_eq!((filter.page, filter.per_page), (2, 25));
        assert_eq!(filter.order, ListOrder::Newest);
        let empty = ListFilter::parse([("q", " "), ("year", "")]).unwrap();
        assert_eq!(
            (empty.q, empty.year, empty.page, empty.per_page),
            (None, None, 1, 50)
        );
        for (name, value) in [
            ("year", "26"),
            ("status", "pending"),
            ("risk", "medium"),
            ("overdue", "maybe"),
            ("page", "0"),
            ("per_page", "101"),
            ("sort", "oldest"),
        ] {
            assert_eq!(
                ListFilter::parse([(name, value)]),
                Err(name),
                "{name}={value}"
            );
        }
    }

    /// Decodes `query` as a server does (the `url` crate's parser).
    fn decoded(query: &str) -> Vec<(String, String)> {
        form_urlencoded::parse(query.as_bytes())
            .map(|(name, value)| (name.into_owned(), value.into_owned()))
            .collect()
    }

    fn read(query: &str) -> Result<ListFilter, &'static str> {
        let pairs = decoded(query);
        ListFilter::parse(pairs.iter().map(|(n, v)| (n.as_str(), v.as_str())))
    }

    #[test]
    fn a_filter_written_as_a_query_reads_back_as_the_same_filter() {
        let filters = [
            ListFilter::default(),
            ListFilter::register_start(),
            ListFilter {
                year: Some(2025),
                status: Some(CaseStatus::Closed),
                risk: Some(RiskLevel::High),
                overdue: Some(false),
                q: Some("td-1234 & co/æøå + 100% ?#=".into()),
                order: ListOrder::Newest,
                page: 3,
                per_page: 25,
            },
        ];
        for filter in filters {
            assert_eq!(read(&filter.to_query()), Ok(filter.clone()), "{filter:?}");
        }
        assert_eq!(ListFilter::default().to_query(), "page=1");
        assert_eq!(
            list_path(Some("demo"), &ListFilter::register_start()),
            "/api/desk/orgs/demo/cases?status=open&page=1&per_page=25"
        );
        assert_eq!(
            list_path(None, &ListFilter::default()),
            "/api/desk/cases?page=1"
        );
    }

    #[test]
    fn a_cases_address_carries_nothing_that_could_end_a_header() {
        // The desk page's `Link` header names it between `<` and `>`.
        let path = case_path("demo", "a>, <x");
        assert!(!path.contains(['<', '>', ',', ' ']), "{path}");
        assert_eq!(path, "/api/desk/orgs/demo/cases/a%3E%2C%20%3Cx");
    }

    #[test]
    fn percent_encoding_keeps_every_character_of_a_search() {
        for text in [
            "Aula-besked til forkert forælder",
            "50% + 1 = ?",
            "a&b=c#d",
            "😀\n\t\"'<>",
        ] {
            let query = format!("q={}", percent_encode(text));
            assert!(query.bytes().all(|b| b.is_ascii_graphic()), "{query}");
            assert_eq!(decoded(&query), vec![("q".to_string(), text.to_string())]);
        }
        assert_eq!(
            case_path("demo", "DEMO-2026-0001"),
            "/api/desk/orgs/demo/cases/DEMO-2026-0001"
        );
    }

    #[test]
    fn a_new_event_reads_as_its_kind_beside_the_desk_fields() {
        let json = serde_json::json!({
            "client_event_id": "7b0f5c43-0a38-4b8e-9a55-5a0f7a3e6f10",
            "expected_sequence": 3,
            "kind": "step_done",
            "step": "topdesk_ticket",
            "note": "TD-1234"
        });
        let event: NewEvent = serde_json::from_value(json).unwrap();
        assert_eq!(event.expected_sequence, 3);
        assert_eq!(
            event.kind,
            EventKind::StepDone(StepDone {
                step: "topdesk_ticket".into(),
                note: Some("TD-1234".into())
            })
        );
        let unknown = serde_json::json!({"expected_sequence": 1, "kind": "hacked"});
        assert!(serde_json::from_value::<NewEvent>(unknown).is_err());
    }

    #[test]
    fn a_page_in_the_second_half_is_read_from_the_end() {
        // 120 rows, 50 a page: 0–49, 50–99, 100–119.
        assert_eq!(
            super::PageWindow::of(1, 50, 120),
            Some(super::PageWindow {
                reversed: false,
                offset: 0,
                limit: 50
            })
        );
        assert_eq!(
            super::PageWindow::of(2, 50, 120),
            Some(super::PageWindow {
                reversed: false,
                offset: 50,
                limit: 50
            })
        );
        // The last page, 20 rows: the first 20 from the end.
        assert_eq!(
            super::PageWindow::of(3, 50, 120),
            Some(super::PageWindow {
                reversed: true,
                offset: 0,
                limit: 20
            })
        );
        assert_eq!(super::PageWindow::of(4, 50, 120), None);
        // 2,000 pages: the 1,999th skips one page from the end.
        assert_eq!(
            super::PageWindow::of(1999, 50, 100_000),
            Some(super::PageWindow {
                reversed: true,
                offset: 50,
                limit: 50
            })
        );
    }
}
