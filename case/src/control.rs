//! The year's control report for the board: the figures that show whether
//! the breach procedure is followed (Zahles's guideline asks for a
//! documented control).

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::{deadline_state, Case, DeadlineState};
use brud_shared::model::{Cause, IncidentType, RiskLevel};
use brud_shared::time::to_copenhagen;

/// The control report's figures for one year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ControlReport {
    /// The year (cases opened in it, Copenhagen time).
    pub year: i32,
    /// How many cases (dismissed ones not counted here or in any figure
    /// below).
    pub cases: usize,
    /// Reports of the year dismissed as no breach to handle (not a
    /// personal-data breach, a duplicate, junk).
    #[serde(default)]
    pub dismissed: usize,
    /// Cases per incident type, most frequent first (then in the form's order).
    pub by_incident: Vec<(IncidentType, usize)>,
    /// Cases per risk level in force, none → high.
    pub by_risk: Vec<(RiskLevel, usize)>,
    /// Cases per cause, most frequent first.
    pub by_cause: Vec<(Cause, usize)>,
    /// Cases where Datatilsynet had to be notified.
    pub notification_required: usize,
    /// Of those, notified within 72 hours.
    pub notified_in_time: usize,
    /// Of those, notified after the deadline.
    pub notified_late: usize,
    /// Of those, not notified and past the deadline.
    pub overdue: usize,
    /// `notified_in_time / notification_required` in per cent, rounded;
    /// `None` without any required notification.
    pub share_in_time_percent: Option<u32>,
    /// The median time from awareness to notification, in minutes.
    pub median_minutes_to_notify: Option<i64>,
    /// Prevention measures planned and not done.
    pub open_prevention: usize,
    /// Incident types seen more than once in the year.
    pub repeated: Vec<(IncidentType, usize)>,
    /// Cases opened in each month, January first (Copenhagen time).
    pub by_month: [usize; 12],
    /// The notifications made after the deadline, with their reasons.
    pub late: Vec<LateNotification>,
    /// The prevention measures planned and not done, oldest case first.
    pub open_measures: Vec<OpenMeasure>,
}

/// A notification made after the 72-hour deadline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LateNotification {
    /// The case's reference.
    pub reference: String,
    /// How long after awareness it was made, in minutes.
    pub minutes_after_awareness: Option<i64>,
    /// Why it was late.
    pub reason: String,
}

/// A prevention measure not yet done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenMeasure {
    /// The case's reference.
    pub reference: String,
    /// What is to be done.
    pub what: String,
    /// Who sees to it.
    pub by: String,
    /// When it is due.
    pub due: Option<NaiveDate>,
}

fn counted<T: Copy + PartialEq + Ord>(values: impl Iterator<Item = T>) -> Vec<(T, usize)> {
    let mut counts: Vec<(T, usize)> = Vec::new();
    for value in values {
        match counts.iter_mut().find(|(v, _)| *v == value) {
            Some((_, n)) => *n += 1,
            None => counts.push((value, 1)),
        }
    }
    counts.sort_by(|(a, n), (b, m)| m.cmp(n).then(a.cmp(b)));
    counts
}

/// The median of `values` (the mean of the middle two for an even count).
fn median(mut values: Vec<i64>) -> Option<i64> {
    values.sort_unstable();
    let n = values.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(values[n / 2]),
        _ => Some((values[n / 2 - 1] + values[n / 2]) / 2),
    }
}

/// The control report of `year` from every case of the organisation
/// (each with its reference), at `now` (which decides whether an open
/// notification is overdue). A dismissed case is counted as dismissed and
/// in no other figure: it was no breach.
pub fn control_report(all: &[(String, Case)], year: i32, now: DateTime<Utc>) -> ControlReport {
    type Cases<'a> = Vec<&'a (String, Case)>;
    let (dismissed, of_year): (Cases, Cases) = all
        .iter()
        .filter(|(_, case)| to_copenhagen(case.opened_at).year() == year)
        .partition(|(_, case)| case.dismissed.is_some());
    let cases: Vec<&Case> = of_year.iter().map(|(_, case)| case).collect();
    let mut by_month = [0; 12];
    for case in &cases {
        by_month[to_copenhagen(case.opened_at).month0() as usize] += 1;
    }
    let aware = |case: &Case| case.report.timeline.aware_at.as_ref().map(|t| t.utc());
    let late = of_year
        .iter()
        .filter_map(|(reference, case)| {
            let authority = case.authority.as_ref()?;
            let due = case.deadline()?;
            (authority.notified_at > due).then(|| LateNotification {
                reference: reference.clone(),
                minutes_after_awareness: aware(case)
                    .map(|aware| (authority.notified_at - aware).num_minutes()),
                reason: authority.late_reason.clone().unwrap_or_default(),
            })
        })
        .collect();
    let open_measures = of_year
        .iter()
        .flat_map(|(reference, case)| {
            case.prevention
                .iter()
                .filter(|m| m.done_at.is_none())
                .map(move |m| OpenMeasure {
                    reference: reference.clone(),
                    what: m.what.clone(),
                    by: m.by.clone(),
                    due: m.due,
                })
        })
        .collect::<Vec<_>>();
    let states: Vec<DeadlineState> = cases.iter().map(|case| deadline_state(case, now)).collect();
    let required: Vec<&DeadlineState> = cases
        .iter()
        .zip(&states)
        .filter(|(case, _)| case.assessment.obligations.notify_authority.required)
        .map(|(_, state)| state)
        .collect();
    let notified_in_time = required
        .iter()
        .filter(|s| matches!(s, DeadlineState::Met { .. }))
        .count();
    let notified_late = required
        .iter()
        .filter(|s| matches!(s, DeadlineState::MetLate { .. }))
        .count();
    let overdue = required
        .iter()
        .filter(|s| matches!(s, DeadlineState::Overdue { .. }))
        .count();
    let minutes: Vec<i64> = cases
        .iter()
        .filter_map(|case| {
            let notified = case.authority.as_ref()?.notified_at;
            let aware = case.report.timeline.aware_at.as_ref()?.utc();
            Some((notified - aware).num_minutes())
        })
        .collect();
    let by_incident = counted(cases.iter().filter_map(|case| case.report.nature.incident));
    let mut by_risk: Vec<(RiskLevel, usize)> = [RiskLevel::None, RiskLevel::Risk, RiskLevel::High]
        .into_iter()
        .map(|level| {
            (
                level,
                cases.iter().filter(|c| c.assessment.risk == level).count(),
            )
        })
        .collect();
    by_risk.retain(|(_, n)| *n > 0);
    ControlReport {
        year,
        cases: cases.len(),
        dismissed: dismissed.len(),
        repeated: by_incident
            .iter()
            .copied()
            .filter(|(_, n)| *n > 1)
            .collect(),
        by_incident,
        by_risk,
        by_cause: counted(cases.iter().filter_map(|case| case.report.nature.cause)),
        notification_required: required.len(),
        notified_in_time,
        notified_late,
        overdue,
        share_in_time_percent: (!required.is_empty())
            .then(|| ((notified_in_time * 100 + required.len() / 2) / required.len()) as u32),
        median_minutes_to_notify: median(minutes),
        open_prevention: open_measures.len(),
        by_month,
        late,
        open_measures,
    }
}
