//! The case desk's API contract (`/api/desk/*`): the bodies it reads and
//! writes, and the list's filters. The Worker serves these; the desk (a
//! UI of its own) reads them. docs/api.md documents them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::case::chain::{ChainBreak, StoredEvent};
use crate::case::summary::{CaseStatus, CaseSummary};
use crate::case::{Case, DeadlineState, EventKind};
use crate::model::RiskLevel;
use crate::org::StaffRole;
use crate::problem::Problem;

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

/// The most rows one page of the list has.
pub const MAX_PER_PAGE: u32 = 100;

/// Rows per page unless asked.
pub const DEFAULT_PER_PAGE: u32 = 50;

/// The list's filters, from the query string
/// (`?year=&status=&risk=&overdue=&q=&page=&per_page=`).
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
    /// From 1.
    pub page: u32,
    /// 1 to [`MAX_PER_PAGE`].
    pub per_page: u32,
}

impl ListFilter {
    /// Reads the query's pairs; the name of the first parameter that is not
    /// valid otherwise. Unknown parameters are ignored.
    pub fn parse<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<ListFilter, &'static str> {
        let mut filter = ListFilter {
            year: None,
            status: None,
            risk: None,
            overdue: None,
            q: None,
            page: 1,
            per_page: DEFAULT_PER_PAGE,
        };
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
                    filter.status = Some(match value {
                        "open" => CaseStatus::Open,
                        "closed" => CaseStatus::Closed,
                        _ => return Err("status"),
                    })
                }
                "risk" => {
                    filter.risk = Some(
                        serde_json::from_value(serde_json::Value::String(value.to_string()))
                            .map_err(|_| "risk")?,
                    )
                }
                "overdue" => {
                    filter.overdue = Some(match value {
                        "true" | "1" => true,
                        "false" | "0" => false,
                        _ => return Err("overdue"),
                    })
                }
                "q" => filter.q = Some(value.to_lowercase()),
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
}

/// `GET /api/desk/orgs/{org}/cases/{ref}`: the whole case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseDetail {
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
    /// The log, with each event's hash.
    pub events: Vec<StoredEvent>,
    /// Whether the log verifies.
    pub chain: ChainVerdict,
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
    /// The figures.
    #[serde(flatten)]
    pub report: crate::case::control::ControlReport,
}

#[cfg(test)]
mod tests {
    use super::*;

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
            ("sort", "ignored"),
        ])
        .unwrap();
        assert_eq!(filter.year, Some(2026));
        assert_eq!(filter.status, Some(CaseStatus::Open));
        assert_eq!(filter.risk, Some(RiskLevel::High));
        assert_eq!(filter.overdue, Some(true));
        assert_eq!(filter.q.as_deref(), Some("aula td-1234"));
        assert_eq!((filter.page, filter.per_page), (2, 25));
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
        ] {
            assert_eq!(
                ListFilter::parse([(name, value)]),
                Err(name),
                "{name}={value}"
            );
        }
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
            EventKind::StepDone {
                step: "topdesk_ticket".into(),
                note: Some("TD-1234".into())
            }
        );
        let unknown = serde_json::json!({"expected_sequence": 1, "kind": "hacked"});
        assert!(serde_json::from_value::<NewEvent>(unknown).is_err());
    }
}
