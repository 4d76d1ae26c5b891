//! The texts drafted from a case read the case as decided when they are
//! drafted: when the breach was stopped (the time given), the measures,
//! who handles it, the people told or the exception, a preliminary
//! notification said to be one with when the rest follows, the delay
//! measured at drafting time with its reasons, the notifier with its CVR
//! and contact person, the DPO of the time; a dismissed case owes
//! nothing; and nothing in them identifies the people affected.

#[path = "../../shared/tests/common/mod.rs"]
mod common;

use brud_case::chain::CaseIds;
use brud_case::entries::{
    AuthorityNotified, Contained, Dismissed, HandlerAgreed, LetterWritten, PreventionPlanned,
    SubjectsException, SubjectsTold,
};
use brud_case::write::{open, record, Entry, OnFile, Opening};
use brud_case::{Actor, Case, DismissalReason, EventKind};
use brud_shared::model::{Count, NoticeChannel, NoticeException};
use brud_shared::org::{Dpo, StaffRole};
use brud_shared::texts::{generate, GeneratedTexts, TextContext};
use brud_shared::{assess, Language, OrgProfile, Report};
use chrono::{DateTime, Utc};
use common::{at, misdirected_aula, org};

const DPO: &str = "dpo@zahles.dk";

/// A case opened from `report` on 20 Nov at 10:00 (aware 09:30
/// Copenhagen: the deadline is 23 Nov 08:30 UTC), as the Worker opens it.
fn opened(report: Report, org: &OrgProfile) -> OnFile {
    let received = at("2026-11-20T09:00:00Z");
    let assessment = assess(&report, Some(org), received);
    let ids = CaseIds {
        org: org.id.clone(),
        reference: "ZAH-2026-0007".into(),
        case_id: report.id.clone(),
    };
    let opening = Opening {
        report,
        assessment,
        received_at: received,
        contact_salt: None,
        by_mail: false,
    };
    let write = open(&ids, 2026, opening, org);
    OnFile {
        ids: write.ids.clone(),
        year: write.year,
        last_hash: write.event.hash.clone(),
        case: write.case,
    }
}

/// `kind` recorded by the DPO at `when`.
fn then(on_file: OnFile, org: &OrgProfile, when: &str, kind: EventKind) -> OnFile {
    let entry = Entry {
        actor: Actor::Person(DPO.into()),
        role: Some(StaffRole::Dpo),
        at: at(when),
        kind,
        client_event_id: None,
    };
    let write = record(&on_file, entry, org).unwrap_or_else(|e| panic!("{e:?}"));
    OnFile {
        ids: write.ids.clone(),
        year: write.year,
        last_hash: write.event.hash.clone(),
        case: write.case,
    }
}

/// The four texts of `case` in `lang`, drafted at `now`.
fn texts(case: &Case, org: &OrgProfile, lang: Language, now: DateTime<Utc>) -> GeneratedTexts {
    let report = case.report_as_decided();
    let decided = case.decided(now);
    generate(TextContext {
        report: &report,
        assessment: &case.assessment,
        org,
        reference: Some("ZAH-2026-0007"),
        lang,
        decided: Some(&decided),
    })
}

#[test]
fn a_notification_drafted_after_the_deadline_carries_the_delay_and_its_reasons() {
    let org = org("zahles");
    let case = opened(misdirected_aula(), &org).case;
    // Drafted at hour 30: no delay to explain.
    let early = texts(&case, &org, Language::Da, at("2026-11-21T14:30:00Z"));
    assert!(
        !early
            .authority_notification
            .contains("Begrundelse for forsinket anmeldelse"),
        "{}",
        early.authority_notification
    );
    // Drafted at hour 80: the delay is there, asking for its reasons, as the
    // assessment made at receipt (in time) never would.
    assert!(!case.assessment.obligations.notify_authority.overdue);
    let late = texts(&case, &org, Language::Da, at("2026-11-23T16:30:00Z"));
    assert!(
        late.authority_notification
            .contains("Begrundelse for forsinket anmeldelse (felt 49): (mangler – DPO'en tilføjer det på sagen)"),
        "{}",
        late.authority_notification
    );
    // Notified late with a reason: the reason, measured at the notification.
    let notified = then(
        opened(misdirected_aula(), &org),
        &org,
        "2026-11-23T12:00:00Z",
        EventKind::AuthorityNotified(AuthorityNotified {
            notified_at: at("2026-11-23T11:00:00Z"),
            authority_reference: "2026-431-0101".into(),
            complete: true,
            late_reason: Some("Lederen var på lejrskole uden dækning".into()),
            more_promised_by: None,
        }),
    );
    let text = texts(
        &notified.case,
        &org,
        Language::Da,
        at("2026-11-24T09:00:00Z"),
    );
    assert!(text.authority_notification.contains(
        "Begrundelse for forsinket anmeldelse (felt 49): Lederen var på lejrskole uden dækning"
    ));
}

#[test]
fn what_was_done_is_told_with_the_time_given_the_measures_and_who_handles_it() {
    let mut org = org("zahles");
    org.cvr = Some("12345678".into());
    let on_file = opened(misdirected_aula(), &org);
    let contained = then(
        on_file,
        &org,
        "2026-11-21T15:00:00Z",
        EventKind::Contained(Contained {
            note: Some("Beskeden er trukket tilbage i Aula".into()),
            contained_at: Some(at("2026-11-20T10:05:00Z")),
        }),
    );
    let planned = then(
        contained,
        &org,
        "2026-11-21T15:10:00Z",
        EventKind::PreventionPlanned(PreventionPlanned {
            measure: "m1".into(),
            what: "Modtagerkontrol slås til i Aula".into(),
            by: "IT-ansvarlig".into(),
            due: Some("2026-12-01".parse().unwrap()),
        }),
    );
    let handled = then(
        planned,
        &org,
        "2026-11-21T15:20:00Z",
        EventKind::HandlerAgreed(HandlerAgreed {
            handler: "Viceskoleleder Per Holm".into(),
        }),
    );
    let text = texts(
        &handled.case,
        &org,
        Language::Da,
        at("2026-11-21T16:00:00Z"),
    );
    let notification = &text.authority_notification;
    // The time given (11.05 Copenhagen), not the entry's (16.00).
    assert!(
        notification.contains("Ja, stoppet fredag den 20. november 2026 kl. 11.05. Beskeden er trukket tilbage i Aula."),
        "{notification}"
    );
    assert!(notification.contains(
        "Modtagerkontrol slås til i Aula (IT-ansvarlig, frist tirsdag den 1. december 2026)."
    ));
    // When it ended: when it was stopped, as given.
    assert!(notification
        .contains("Bruddets afslutning (felt 47): fredag den 20. november 2026 kl. 11.05"));
    assert!(notification.contains("Identifikation (CVR-nr.) (felt 11): 12345678"));
    assert!(notification.contains("kontaktperson: Viceskoleleder Per Holm"));
    assert!(text
        .register_entry
        .contains("Håndteres af: Viceskoleleder Per Holm"));
}

#[test]
fn the_people_told_or_the_exception_with_its_reasoning_is_what_the_texts_say() {
    let org = org("zahles");
    let told = then(
        opened(misdirected_aula(), &org),
        &org,
        "2026-11-21T15:00:00Z",
        EventKind::SubjectsTold(SubjectsTold {
            told_at: at("2026-11-21T14:00:00Z"),
            how: "Brev i Aula".into(),
            count: 2,
            channel: None,
        }),
    );
    let text = texts(&told.case, &org, Language::Da, at("2026-11-21T16:00:00Z"));
    for told in [
        "Er de berørte underrettet? (felt 97): Ja",
        "Hvornår de berørte blev underrettet (felt 98): lørdag den 21. november 2026 kl. 15.00",
        "Indholdet af underretningen (felt 106): Brev i Aula",
        // How: told without the template's kind of communication (an
        // entry of before it was asked), it is the DPO's to say.
        "Hvordan de berørte blev underrettet (felt 104): (mangler",
    ] {
        assert!(
            text.authority_notification.contains(told),
            "{told}: {}",
            text.authority_notification
        );
    }
    // Told with it, the telling answers the template: nothing for the DPO
    // to add there.
    let told_individually = then(
        opened(misdirected_aula(), &org),
        &org,
        "2026-11-21T15:00:00Z",
        EventKind::SubjectsTold(SubjectsTold {
            told_at: at("2026-11-21T14:00:00Z"),
            how: "Brev i Aula".into(),
            count: 2,
            channel: Some(NoticeChannel::Individual),
        }),
    );
    let text = texts(
        &told_individually.case,
        &org,
        Language::Da,
        at("2026-11-21T16:00:00Z"),
    );
    assert!(
        text.authority_notification.contains(
            "Hvordan de berørte blev underrettet (felt 104): Direkte underretning (brev, e-mail, personligt)"
        ),
        "{}",
        text.authority_notification
    );
    let excepted = then(
        opened(misdirected_aula(), &org),
        &org,
        "2026-11-21T15:00:00Z",
        EventKind::SubjectsException(SubjectsException {
            exception: NoticeException::Mitigated,
            reasoning: "Modtageren har slettet beskeden og bekræftet det skriftligt".into(),
            public_communication: None,
        }),
    );
    let text = texts(
        &excepted.case,
        &org,
        Language::En,
        at("2026-11-21T16:00:00Z"),
    );
    assert!(
        text.authority_notification
            .contains("(field 101): Modtageren har slettet beskeden og bekræftet det skriftligt"),
        "{}",
        text.authority_notification
    );
    assert!(text.authority_notification.contains(
        "(field 100): Subsequent measures ensure the high risk is no longer likely to materialise"
    ));
    assert!(!text
        .authority_notification
        .contains("are told directly because"));
}

#[test]
fn a_notification_that_lacks_facts_is_preliminary_and_says_when_the_rest_follows() {
    let org = org("zahles");
    let mut report = misdirected_aula();
    report.data.subject_count = Some(Count::unknown());
    let case = opened(report, &org);
    let text = texts(&case.case, &org, Language::Da, at("2026-11-21T10:00:00Z"));
    assert!(
        text.authority_notification.contains(
            "Dette er en foreløbig anmeldelse (art. 33, stk. 4). Endnu ikke kendt: hvor mange personer der er berørt. De resterende oplysninger eftersendes senest lørdag den 5. december 2026."
        ),
        "{}",
        text.authority_notification
    );
    // Made preliminary with the date promised: that date.
    let made = then(
        case,
        &org,
        "2026-11-21T11:00:00Z",
        EventKind::AuthorityNotified(AuthorityNotified {
            notified_at: at("2026-11-21T10:30:00Z"),
            authority_reference: "2026-431-0102".into(),
            complete: false,
            late_reason: None,
            more_promised_by: Some("2026-11-27".parse().unwrap()),
        }),
    );
    assert_eq!(
        made.case.follow_up_promised_by(),
        Some("2026-11-27".parse().unwrap())
    );
    let text = texts(&made.case, &org, Language::En, at("2026-11-22T10:00:00Z"));
    assert!(
        text.authority_notification
            .contains("The remaining information follows by Friday 27 November 2026."),
        "{}",
        text.authority_notification
    );
    // All facts known: no such line.
    let known = opened(misdirected_aula(), &org);
    let text = texts(&known.case, &org, Language::Da, at("2026-11-21T10:00:00Z"));
    assert!(!text.authority_notification.contains("foreløbig"));
}

#[test]
fn the_dpo_named_is_the_one_of_the_time_the_case_opened() {
    let org = org("zahles");
    let case = opened(misdirected_aula(), &org);
    let mut later = org.clone();
    later.dpo = Dpo {
        name: "Ny DPO".into(),
        email: "ny-dpo@zahles.example".into(),
        phone: None,
    };
    let text = texts(&case.case, &later, Language::Da, at("2026-11-21T10:00:00Z"));
    assert!(text.authority_notification.contains(&org.dpo.email));
    assert!(!text
        .authority_notification
        .contains("ny-dpo@zahles.example"));
    assert!(text.register_entry.contains(&org.dpo.email));
    assert!(text.subject_letter.contains(&org.dpo.email));
}

#[test]
fn a_dismissed_case_owes_nothing_in_any_text() {
    let org = org("zahles");
    let dismissed = then(
        opened(misdirected_aula(), &org),
        &org,
        "2026-11-21T10:00:00Z",
        EventKind::Dismissed(Dismissed {
            reason: DismissalReason::NotABreach,
            duplicate_of: None,
            note: "Beskeden gik til elevens egne forældre".into(),
        }),
    );
    let text = texts(
        &dismissed.case,
        &org,
        Language::Da,
        at("2026-11-24T10:00:00Z"),
    );
    assert!(text
        .authority_notification
        .contains("Sagen er afvist som ikke et brud"));
    // No delay to explain for a case that owes nothing.
    assert!(!text
        .authority_notification
        .contains("Begrundelse for forsinket anmeldelse"));
    assert!(text
        .register_entry
        .contains("Anmeldelse til Datatilsynet: ikke relevant"));
    assert!(!text.register_entry.contains("påkrævet"));
    let entry = brud_case::entry::register_entry(
        &dismissed.case,
        &org,
        "ZAH-2026-0007",
        Language::Da,
        at("2026-11-24T10:00:00Z"),
    );
    assert!(!entry.contains("påkrævet"), "{entry}");
}

#[test]
fn nothing_that_leaves_brud_identifies_the_people_affected() {
    let org = org("zahles");
    let mut report = misdirected_aula();
    report.nature.description = Some(
        "Listen med Emils cpr 120315-4321 og mors mail mor@eksempel.dk gik til en anden forælder."
            .into(),
    );
    report.containment.how = Some("Ringede til 22 33 44 55, der slettede den.".into());
    let case = opened(report, &org);
    let letter = then(
        case,
        &org,
        "2026-11-21T10:00:00Z",
        EventKind::LetterWritten(LetterWritten {
            what_happened:
                "En besked om dit barn gik ved en fejl til en anden forælder (cpr 120315-4321)."
                    .into(),
            what_we_do: Some("Modtageren har slettet beskeden.".into()),
        }),
    );
    for lang in [Language::Da, Language::En] {
        let text = texts(&letter.case, &org, lang, at("2026-11-21T11:00:00Z"));
        for (name, body) in [
            ("notification", &text.authority_notification),
            ("letter", &text.subject_letter),
            ("register", &text.register_entry),
            ("mail", &text.breach_mail.body),
        ] {
            for leaked in ["120315-4321", "mor@eksempel.dk", "22 33 44 55"] {
                assert!(!body.contains(leaked), "{name} holds {leaked}:\n{body}");
            }
        }
        assert!(text
            .authority_notification
            .contains(lang.pick("[cpr-nr.]", "[CPR number]")));
    }
    let da = texts(&letter.case, &org, Language::Da, at("2026-11-21T11:00:00Z"));
    // The letter tells the DPO's words, not the reporter's; it carries the
    // reference and the date and is addressed to the pupils' parents.
    let letter_text = &da.subject_letter;
    assert!(letter_text.contains("En besked om dit barn gik ved en fejl til en anden forælder"));
    assert!(letter_text.contains("Modtageren har slettet beskeden."));
    assert!(!letter_text.contains("Listen med Emils"), "{letter_text}");
    assert!(letter_text.contains("Reference: ZAH-2026-0007"));
    assert!(letter_text.contains("Dato: lørdag den 21. november 2026"));
    assert!(letter_text.contains("Kære forældre til de berørte elever"));
    // The register's exported row too.
    let row = brud_case::register::row("ZAH-2026-0007", &letter.case, Some(&org));
    assert!(
        !row.description.contains("120315-4321"),
        "{}",
        row.description
    );
    assert!(!row.measures.contains("22 33 44 55"), "{}", row.measures);
}

#[test]
fn the_letters_form_starts_from_the_structured_facts_never_the_reporters_words() {
    let org = org("zahles");
    let case = opened(misdirected_aula(), &org).case;
    let start = brud_case::EventTag::LetterWritten.prefill(&case, Language::Da);
    let happened = &start.iter().find(|(f, _)| *f == "what_happened").unwrap().1;
    assert!(
        happened.starts_with(
            "Aula-besked sendt til forkert modtager (fredag den 20. november 2026 kl. 08.15)."
        ),
        "{happened}"
    );
    assert!(
        happened.contains("PPR om elever og forældre."),
        "{happened}"
    );
    assert!(!happened.contains("PPR-henvisning"), "{happened}");
}
