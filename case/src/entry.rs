//! The register entry of a case, as the case decided it: the report's
//! entry ([`brud_shared::texts::register_entry`], items 1–4 of Zahles's
//! guideline from the corrected report and the assessment in force) and
//! item 5 from the case's events: the documentation of the notification
//! to Datatilsynet (when, its reference, complete or preliminary, the
//! follow-ups, the reasons for a delay) or of the decision not to notify,
//! and of telling the people affected (when, how, how many) or the
//! exception with its reasoning; then the DPO's opinion, a dismissal and
//! the closing, when there are.

use chrono::{DateTime, Utc};

use super::{Case, NotificationScope, SubjectsOutcome};
use brud_shared::lang::{Labelled, Language};
use brud_shared::org::OrgProfile;
use brud_shared::texts::register_entry as report_entry;
use brud_shared::time::format_local;

/// The register entry of `case` (reference `reference`) in `lang`, as
/// drafted at `now`.
pub fn register_entry(
    case: &Case,
    org: &OrgProfile,
    reference: &str,
    lang: Language,
    now: DateTime<Utc>,
) -> String {
    let drafted = case.drafted(now, Default::default());
    let ctx = drafted.context(org, reference, lang);
    let mut out = report_entry(ctx);
    out.push_str("\n\n");
    out.push_str(lang.pick(
        "Dokumentation af anmeldelse og underretning",
        "Documentation of the notification and the notice",
    ));
    for line in documentation(case, lang) {
        out.push('\n');
        out.push_str(&ctx.mask(&line));
    }
    out
}

fn when(at: DateTime<Utc>, lang: Language) -> String {
    format_local(at, lang)
}

/// Item 5 and what followed, one line each.
pub fn documentation(case: &Case, lang: Language) -> Vec<String> {
    let pick = |da: &str, en: &str| lang.pick(da, en).to_string();
    let obligations = &case.assessment.obligations;
    let mut lines = Vec::new();
    let authority = match (&case.authority, &case.not_notified) {
        (Some(made), _) => {
            let scope = match made.scope() {
                NotificationScope::Complete => pick("fuldstændig", "complete"),
                NotificationScope::CompletedByFollowUp => pick(
                    "foreløbig, gjort fuldstændig ved en supplerende anmeldelse",
                    "preliminary, completed by a follow-up",
                ),
                NotificationScope::Preliminary {
                    waived: Some(reasoning),
                } => format!(
                    "{}: {reasoning}",
                    pick(
                        "foreløbig; ingen supplerende anmeldelse nødvendig",
                        "preliminary; no follow-up needed"
                    )
                ),
                NotificationScope::Preliminary { waived: None } => pick("foreløbig", "preliminary"),
            };
            let mut text = format!(
                "{} {}, {} {} ({scope})",
                pick("anmeldt", "notified"),
                when(made.notified_at, lang),
                pick("journalnummer", "reference"),
                made.authority_reference,
            );
            if let Some(reason) = &made.late_reason {
                text.push_str(&format!(
                    ". {}: {reason}",
                    pick(
                        "Efter fristen på 72 timer. Begrundelse",
                        "After the 72-hour deadline. Reason"
                    )
                ));
            }
            text
        }
        (None, Some(reasoning)) => format!(
            "{}: {reasoning}",
            pick("besluttet ikke at anmelde", "decided not to notify")
        ),
        (None, None) if case.dismissed.is_some() => pick("ikke relevant", "not relevant"),
        (None, None) => pick("endnu ikke registreret", "not yet recorded"),
    };
    lines.push(format!(
        "{}: {authority}",
        pick("Datatilsynet", "Datatilsynet")
    ));
    for follow_up in case.authority.iter().flat_map(|made| &made.follow_ups) {
        let mut text = format!(
            "{} {}: {}",
            pick("Supplerende oplysninger sendt", "Follow-up sent"),
            when(follow_up.sent_at, lang),
            follow_up.added
        );
        if let Some(by) = follow_up.more_promised_by {
            text.push_str(&format!(
                " ({} {by})",
                pick("flere lovet senest", "more promised by")
            ));
        }
        if follow_up.completes {
            text.push_str(&format!(
                " ({})",
                pick("gør anmeldelsen fuldstændig", "completes the notification")
            ));
        }
        lines.push(text);
    }
    let subjects = match &case.subjects {
        Some(SubjectsOutcome::Told {
            told_at,
            how,
            count,
            ..
        }) => format!(
            "{} {}, {how}, {count} {}",
            pick("underrettet", "told"),
            when(*told_at, lang),
            pick("personer", "people")
        ),
        Some(SubjectsOutcome::Exception {
            exception,
            reasoning,
            public_communication,
        }) => {
            let mut text = format!(
                "{}: {}. {reasoning}",
                pick("undtagelse", "exception"),
                exception.label(lang)
            );
            if let Some(public) = public_communication {
                text.push_str(&format!(
                    " {}: {public}",
                    pick("Offentlig meddelelse", "Public communication")
                ));
            }
            text
        }
        None if case.dismissed.is_some() => pick("ikke relevant", "not relevant"),
        None if obligations.notify_subjects.required => pick(
            "skal underrettes, endnu ikke registreret",
            "must be told, not yet recorded",
        ),
        None => pick("ikke krævet", "not required"),
    };
    lines.push(format!(
        "{}: {subjects}",
        pick("De berørte", "The people affected")
    ));
    if obligations.notify_controller.required || case.controller_notified_at.is_some() {
        let controller = case.controller_notified_at.map_or_else(
            || pick("endnu ikke registreret", "not yet recorded"),
            |at| format!("{} {}", pick("underrettet", "told"), when(at, lang)),
        );
        lines.push(format!(
            "{}: {controller}",
            pick("Den dataansvarlige", "The controller")
        ));
    }
    if let Some(opinion) = &case.dpo_opinion {
        lines.push(format!(
            "{}: {opinion}",
            pick("DPO'ens vurdering", "The DPO's opinion")
        ));
    }
    if let Some(dismissed) = &case.dismissed {
        let mut reason = dismissed.reason.label(lang).to_string();
        if let Some(other) = &dismissed.duplicate_of {
            reason.push_str(&format!(" ({other})"));
        }
        lines.push(format!(
            "{} {}: {reason}. {}",
            pick("Afvist", "Dismissed"),
            when(dismissed.at, lang),
            dismissed.note
        ));
    } else if let Some((at, lessons)) = &case.closed {
        lines.push(format!(
            "{} {}: {lessons}",
            pick("Lukket", "Closed"),
            when(*at, lang)
        ));
    }
    lines
}
