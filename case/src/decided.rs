//! What a case has settled, for the texts drafted from it
//! ([`Case::decided`] → [`brud_shared::texts::Decided`]): when the breach
//! was stopped, the measures, who handles it, the people told or the
//! exception, the notification made, the reasons for a delay, whether the
//! notification drafted now is preliminary and when the rest follows, the
//! DPO of the time, a dismissal, and the DPO's words for the letter.

use chrono::{DateTime, Duration, Utc};

use crate::state::{Case, NotificationScope, SubjectsOutcome};
use brud_shared::edpb::Answers;
use brud_shared::lang::Language;
use brud_shared::model::{CountPrecision, Exfiltration, OccurredPrecision};
use brud_shared::org::OrgProfile;
use brud_shared::texts::{
    Contained, Decided, Notified, Preliminary, Prevention, SubjectsDecided, TextContext,
};
use brud_shared::time::to_copenhagen;
use brud_shared::Report;

/// How long after a preliminary notification Brud proposes the rest to
/// follow when no date was promised: two weeks, a date the school can
/// keep for most examinations (IT's logs, the class list) and short
/// enough that Datatilsynet is not left waiting. The DPO records the date
/// actually promised with the notification (`more_promised_by`), and the
/// reminder follows that.
pub const REST_WITHIN_DAYS: i64 = 14;

/// A case as its texts are drafted: the report as the case decided it
/// and what the case settled, made once ([`Case::drafted`]) and lent to
/// each text's context ([`Drafted::context`]).
#[derive(Debug, Clone)]
pub struct Drafted<'a> {
    /// The case.
    pub case: &'a Case,
    /// Its report, corrected ([`Case::report_as_decided`]).
    pub report: Report,
    /// What it settled ([`Case::decided`]), with the DPO's answers for
    /// the EDPB's template.
    pub decided: Decided,
}

impl<'a> Drafted<'a> {
    /// The texts' context: the case (reference `reference`) of `org`,
    /// in `lang`, with the assessment in force.
    pub fn context(
        &'a self,
        org: &'a OrgProfile,
        reference: &'a str,
        lang: Language,
    ) -> TextContext<'a> {
        TextContext {
            report: &self.report,
            assessment: &self.case.assessment,
            org,
            reference: Some(reference),
            lang,
            decided: Some(&self.decided),
        }
    }
}

impl Case {
    /// The case as a text drafted at `now` tells it, with the DPO's
    /// answers for the template (`answers`, read from the log:
    /// [`crate::template::answers`]; empty for a text that does not give
    /// the notification).
    pub fn drafted(&self, now: DateTime<Utc>, answers: Answers) -> Drafted<'_> {
        let mut decided = self.decided(now);
        decided.template_answers = answers;
        Drafted {
            case: self,
            report: self.report_as_decided(),
            decided,
        }
    }

    /// What the case has settled, as a text drafted at `now` tells it.
    pub fn decided(&self, now: DateTime<Utc>) -> Decided {
        let report = self.report_as_decided();
        Decided {
            drafted_at: now,
            dpo: self.dpo.clone(),
            handler: self.handler.clone(),
            contained: self.contained_at.map(|at| Contained {
                at,
                how: self.contained_how.clone(),
            }),
            prevention: self
                .prevention
                .iter()
                .map(|m| Prevention {
                    what: m.what.clone(),
                    by: m.by.clone(),
                    due: m.due,
                    done_at: m.done_at,
                })
                .collect(),
            subjects: self.subjects.as_ref().map(|outcome| match outcome {
                SubjectsOutcome::Told {
                    told_at,
                    how,
                    count,
                    channel,
                } => SubjectsDecided::Told {
                    at: *told_at,
                    how: how.clone(),
                    count: *count,
                    channel: *channel,
                },
                SubjectsOutcome::Exception {
                    exception,
                    reasoning,
                    public_communication,
                } => SubjectsDecided::Exception {
                    exception: *exception,
                    reasoning: reasoning.clone(),
                    public_communication: public_communication.clone(),
                },
            }),
            notified: self.authority.as_ref().map(|made| Notified {
                at: made.notified_at,
                reference: made.authority_reference.clone(),
            }),
            late_reason: report.late_reason.clone(),
            preliminary: self.preliminary(now),
            not_notified: self.not_notified.clone(),
            dismissed: self.dismissed.as_ref().map(|d| d.note.clone()),
            letter: self.letter.clone(),
            // The case's state does not carry them (the desk's first
            // visit decodes it): whoever reads the log sets them
            // (`crate::template::answers`).
            template_answers: Default::default(),
        }
    }

    /// Whether the notification drafted at `now` is preliminary
    /// (art. 33(4)): the one made was, and is neither completed nor waived;
    /// or none is made yet, one is owed, and facts Datatilsynet asks for
    /// are not known yet ([`Case::not_yet_known`]). The rest follows by the
    /// date promised, else [`REST_WITHIN_DAYS`] after the notification (or
    /// after `now`, for one not yet made).
    pub fn preliminary(&self, now: DateTime<Utc>) -> Option<Preliminary> {
        if self.dismissed.is_some() || self.not_notified.is_some() {
            return None;
        }
        let missing = self.not_yet_known();
        let from = match &self.authority {
            Some(made) => {
                if made.scope() != (NotificationScope::Preliminary { waived: None }) {
                    return None;
                }
                made.notified_at
            }
            None => {
                if !self.assessment.obligations.notify_authority.required || missing.is_empty() {
                    return None;
                }
                now
            }
        };
        let proposed = to_copenhagen(from + Duration::days(REST_WITHIN_DAYS)).date_naive();
        Some(Preliminary {
            missing,
            rest_by: self.follow_up_promised_by().unwrap_or(proposed),
        })
    }

    /// The facts Datatilsynet asks for that the case does not know yet,
    /// as the notification names them (Danish, English): when it
    /// happened, how many people and records, which data, what happened,
    /// and for an attack whether data was copied.
    pub fn not_yet_known(&self) -> Vec<(&'static str, &'static str)> {
        let report = self.report_as_decided();
        let count_unknown = |count: &Option<brud_shared::model::Count>| {
            count
                .as_ref()
                .is_none_or(|c| c.precision == CountPrecision::Unknown)
        };
        let described = report
            .nature
            .description
            .as_deref()
            .is_some_and(|d| !d.trim().is_empty());
        let checks = [
            (
                report
                    .timeline
                    .occurred
                    .as_ref()
                    .is_none_or(|o| o.precision == OccurredPrecision::Unknown),
                ("hvornår bruddet skete", "when the breach happened"),
            ),
            (
                count_unknown(&report.data.subject_count),
                (
                    "hvor mange personer der er berørt",
                    "how many people are affected",
                ),
            ),
            (
                count_unknown(&report.data.record_count),
                (
                    "hvor mange registreringer der er berørt",
                    "how many records are affected",
                ),
            ),
            (
                report.data.categories.is_empty(),
                (
                    "hvilke oplysninger det drejer sig om",
                    "which data is concerned",
                ),
            ),
            (!described, ("hvad der skete", "what happened")),
            (
                report.is_attack_that_may_copy()
                    && report.circumstances.exfiltration != Some(Exfiltration::RuledOut)
                    && report.circumstances.exfiltration != Some(Exfiltration::Confirmed),
                ("om oplysninger er kopieret", "whether data was copied"),
            ),
        ];
        checks
            .into_iter()
            .filter(|(unknown, _)| *unknown)
            .map(|(_, named)| named)
            .collect()
    }
}
