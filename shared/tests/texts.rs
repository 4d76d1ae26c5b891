//! Generated texts: snapshots in both languages, and the points each text
//! must carry.

mod common;

use brud_shared::model::*;
use brud_shared::texts::{breach_mail_message, generate, GeneratedTexts, TextContext};
use brud_shared::{assess, Language};
use common::*;

fn texts(report: &Report, reference: Option<&str>, lang: Language) -> GeneratedTexts {
    let org = org(&report.org);
    let assessment = assess(report, Some(&org), now());
    generate(TextContext {
        report,
        assessment: &assessment,
        org: &org,
        reference,
        lang,
        decided: None,
    })
}

fn all(texts: &GeneratedTexts) -> String {
    format!(
        "=== MAIL\nTo: {}\nSubject: {}\n\n{}\n\n=== DATATILSYNET\n{}\n\n=== LETTER\n{}\n\n=== REGISTER\n{}\n",
        texts.breach_mail.to,
        texts.breach_mail.subject,
        texts.breach_mail.body,
        texts.authority_notification,
        texts.subject_letter,
        texts.register_entry
    )
}

#[test]
fn snapshot_misdirected_aula_danish() {
    insta::assert_snapshot!(all(&texts(
        &misdirected_aula(),
        Some("ZAH-2026-0042"),
        Language::Da
    )));
}

#[test]
fn snapshot_misdirected_aula_english() {
    insta::assert_snapshot!(all(&texts(
        &misdirected_aula(),
        Some("ZAH-2026-0042"),
        Language::En
    )));
}

#[test]
fn snapshot_lost_usb_stick_kulturskole_danish() {
    insta::assert_snapshot!(all(&texts(&lost_usb_stick(), None, Language::Da)));
}

#[test]
fn snapshot_processor_case_english() {
    insta::assert_snapshot!(all(&texts(
        &processor_case(),
        Some("ZAH-2026-0043"),
        Language::En
    )));
}

#[test]
fn snapshot_late_published_cpr_list_with_exception_danish() {
    let mut report = published_cpr_list();
    report.timeline.aware_at = Some(ts("2026-11-18T10:00:00+01:00"));
    report.timeline.occurred = Some(Occurred {
        precision: OccurredPrecision::Approximate,
        at: None,
        from: Some(ts("2026-11-16T00:00:00+01:00")),
        to: Some(ts("2026-11-18T09:00:00+01:00")),
    });
    report.late_reason = Some("Lederen var syg, og sagen blev først set mandag.".into());
    report.subject_notice_exception = Some(NoticeException::Disproportionate);
    report.data.categories.push(DataCategory::Credentials);
    insta::assert_snapshot!(all(&texts(&report, Some("ZAH-2026-0044"), Language::Da)));
}

#[test]
fn the_breach_mail_answers_the_five_questions_in_order() {
    let mail = texts(&lost_usb_stick(), None, Language::Da).breach_mail;
    assert_eq!(mail.to, "sikkerhedsbrud-skole@aalborg.dk");
    let body = &mail.body;
    let positions: Vec<usize> = [
        "1. Hvad er der sket?",
        "2. Hvorfor skete det",
        "3. Er ulykken standset",
        "4. Hvad planlægges",
        "5. Hvad gør vi fremadrettet",
    ]
    .iter()
    .map(|q| {
        body.find(q)
            .unwrap_or_else(|| panic!("{q} missing in\n{body}"))
    })
    .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "in order");
    for answer in [
        "Menneskelig fejl",
        "Delvist. Busselskabet er kontaktet",
        "hittegodskontoret",
        "USB-nøgler må ikke bruges",
    ] {
        assert!(body.contains(answer), "{answer} in\n{body}");
    }
}

#[test]
fn the_mail_brud_sends_keeps_the_reporters_contact_out_unless_the_profile_lets_it_in() {
    let report = misdirected_aula();
    let org = org(&report.org);
    let assessment = assess(&report, Some(&org), now());
    let ctx = TextContext {
        report: &report,
        assessment: &assessment,
        org: &org,
        reference: Some("ZAH-2026-0042"),
        lang: Language::Da,
        decided: None,
    };
    let without = breach_mail_message(ctx, false);
    let with = breach_mail_message(ctx, true);
    let reporter = &report.reporter;
    let contact: Vec<String> = [&reporter.name, &reporter.email, &reporter.phone]
        .into_iter()
        .flatten()
        .cloned()
        .collect();
    assert_eq!(contact.len(), 2, "name and e-mail to look for");
    for detail in &contact {
        assert!(
            !without.text.contains(detail.as_str()),
            "{detail} left out:\n{}",
            without.text
        );
        assert!(
            !without.html.contains(detail.as_str()),
            "{detail} left out of the HTML"
        );
        assert!(with.text.contains(detail.as_str()), "{detail} when allowed");
    }
    assert!(without
        .text
        .contains("navn og kontaktoplysninger står i sagen i Brud"));
    assert_eq!(without.to, std::slice::from_ref(&org.breach_mailbox));
    // The subject has the reference, the risk and the deadline.
    assert_eq!(
        without.subject,
        "Sikkerhedsbrud ZAH-2026-0042: høj risiko, anmeld senest man. 23.11. kl. 09.30 – Aula-besked sendt til forkert modtager"
    );
    // The HTML part says the same, escaped, with the questions in bold.
    assert!(without
        .html
        .starts_with("<!DOCTYPE html><html lang=\"da\">"));
    assert!(without
        .html
        .contains("<strong>1. Hvad er der sket?</strong><br>"));
    assert!(
        !without.html.contains("<script"),
        "no markup from the report"
    );
}

#[test]
fn the_notification_carries_every_point_datatilsynet_asks_for() {
    let mut report = misdirected_aula();
    report.late_reason = Some("Forsinket af weekenden.".into());
    let text = texts(&report, Some("ZAH-2026-0042"), Language::Da).authority_notification;
    for point in [
        "N. Zahles Skole",                                              // controller
        "dpo@zahles.example",                                           // DPO contact
        "fredag den 20. november 2026 kl. 08.15",                       // when it happened
        "fredag den 20. november 2026 kl. 09.30",                       // when aware
        "mandag den 23. november 2026 kl. 09.30",                       // deadline, Copenhagen time
        "Aula-besked sendt til forkert modtager",                       // nature, in Brud's words
        "(felt 60): Personoplysninger sendt ved en fejl (brev/e-mail)", // and the template's
        "Elever og forældre (børn under 18 er berørt)", // categories of data subjects
        "Antallet af berørte personer (felt 68): 3",    // number of subjects
        "helbred, diagnoser eller PPR",                 // categories of data
        "særlige kategorier (art. 9)",
        "Antal berørte registreringer (felt 72): Omtrentligt antal", // records
        "Antallet af berørte registreringer (felt 73): 1",
        "Skade på omdømme; bekymring",     // consequences
        "Sletningen bekræftes skriftligt", // measures
        "Er de berørte underrettet? (felt 97): Nej, men de vil blive underrettet", // notice
        "(felt 49): Forsinket af weekenden", // reasons for delay
        "(felt 89): Sandsynligvis høj risiko", // assessment
        "Høj risiko",
    ] {
        assert!(text.contains(point), "{point:?} missing in\n{text}");
    }
}

#[test]
fn the_notification_of_an_attack_says_whether_the_data_was_copied() {
    let mut report = ransomware(false);
    let line = |report: &Report, lang, start: &str| {
        texts(report, None, lang)
            .authority_notification
            .lines()
            .find(|line| line.starts_with(start))
            .map(str::to_string)
    };
    assert_eq!(
        line(&report, Language::Da, "Kopieret af angriberen").as_deref(),
        Some("Kopieret af angriberen: Nej, det er udelukket (fx viser logs, at intet er sendt ud)")
    );
    // Ruled out: no breach of confidentiality for the template.
    assert_eq!(
        line(&report, Language::Da, "Bruddets karakter (felt 55)").as_deref(),
        Some("Bruddets karakter (felt 55): Brud på tilgængeligheden")
    );
    report.circumstances.exfiltration = Some(Exfiltration::Confirmed);
    assert_eq!(
        line(&report, Language::En, "Copied by").as_deref(),
        Some("Copied by the attacker: Yes, data was copied")
    );
    // Copied: confidentiality is breached, and the template says how.
    assert_eq!(
        line(&report, Language::En, "Type of confidentiality breach").as_deref(),
        Some(
            "Type of confidentiality breach (field 56): Personal data are exfiltrated or disclosed"
        )
    );
    // Not a question for a letter sent to the wrong parent.
    assert_eq!(
        line(&misdirected_aula(), Language::Da, "Kopieret af angriberen"),
        None
    );
}

#[test]
fn the_letter_gives_the_dpo_contact_and_fitting_advice() {
    let letter = texts(&phished_office365(), None, Language::En).subject_letter;
    assert!(letter.contains("dpo@zahles.example"));
    assert!(letter.contains("Change your password"), "{letter}");
    assert!(letter.contains("What have we done?"));
    assert!(letter.contains("Datatilsynet"));
}

#[test]
fn the_register_entry_records_a_breach_that_was_not_notified() {
    let entry = texts(&misdirected_meeting_invitation(), None, Language::Da).register_entry;
    assert!(
        entry.contains("Anmeldelse til Datatilsynet: ikke påkrævet"),
        "{entry}"
    );
    assert!(entry.contains("registreret, men ikke anmeldt"), "{entry}");
    assert!(entry.contains("RISK-BAND"));
}

#[test]
fn texts_follow_the_language() {
    let da = texts(&misdirected_aula(), None, Language::Da);
    let en = texts(&misdirected_aula(), None, Language::En);
    assert!(da.breach_mail.subject.starts_with("Sikkerhedsbrud"));
    assert!(en.breach_mail.subject.starts_with("Security breach"));
    assert!(en
        .authority_notification
        .contains("Monday 23 November 2026 at 09:30"));
}

#[test]
fn the_obligations_read_as_a_short_list() {
    let org = org("zahles");
    let high = assess(&misdirected_aula(), Some(&org), now());
    assert_eq!(
        brud_shared::texts::obligation_lines(&high.obligations, Language::Da),
        [
            "Bruddet skal registreres.",
            "Anmeld til Datatilsynet inden fristen.",
            "De berørte skal underrettes."
        ]
    );
    let none = assess(&misdirected_meeting_invitation(), Some(&org), now());
    assert_eq!(
        brud_shared::texts::obligation_lines(&none.obligations, Language::En),
        ["The breach must be recorded."]
    );
    let processor = assess(&processor_case(), Some(&org), now());
    assert!(
        brud_shared::texts::obligation_lines(&processor.obligations, Language::En)
            .contains(&"Tell the controller without undue delay.")
    );
}

/// One rule per kind of data: what a breach of it likely means for the
/// people it is about, when the reporter named nothing.
#[test]
fn each_kind_of_data_has_its_likely_consequences() {
    use Consequence::*;
    let expected: [(DataCategory, &[Consequence]); 12] = [
        (DataCategory::Identity, &[LossOfControl]),
        (DataCategory::Contact, &[LossOfControl]),
        (DataCategory::Cpr, &[IdentityTheft, Fraud]),
        (DataCategory::Credentials, &[IdentityTheft, Fraud]),
        (DataCategory::Financial, &[Financial, Fraud]),
        (DataCategory::Social, &[Distress, Discrimination]),
        (DataCategory::School, &[Distress, Reputation]),
        (DataCategory::Location, &[Physical]),
        (DataCategory::Images, &[Distress, Reputation]),
        (DataCategory::Health, &[Distress, Discrimination]),
        (DataCategory::Special, &[Distress, Discrimination]),
        (DataCategory::Criminal, &[Reputation, Discrimination]),
    ];
    assert_eq!(
        expected.len(),
        <DataCategory as brud_shared::Labelled>::ALL.len()
    );
    for (category, consequences) in expected {
        assert_eq!(category.likely_consequences(), consequences, "{category:?}");
    }
    // Together: each once, in the form's order, a loss of control always;
    // the very serious ones only where the data may have reached strangers.
    let mut published = misdirected_aula();
    published.data.categories = vec![DataCategory::Health, DataCategory::Cpr];
    published.circumstances.recipients = Some(Recipients::Public);
    assert_eq!(
        likely_consequences(&published),
        vec![
            IdentityTheft,
            Fraud,
            Discrimination,
            Distress,
            LossOfControl
        ]
    );
    let mut to_one_parent = published.clone();
    to_one_parent.circumstances.recipients = Some(Recipients::Known);
    assert_eq!(
        likely_consequences(&to_one_parent),
        vec![Distress, LossOfControl]
    );
    to_one_parent.data.categories.clear();
    assert_eq!(likely_consequences(&to_one_parent), vec![LossOfControl]);
}

#[test]
fn without_named_consequences_the_texts_describe_the_likely_ones_and_say_how() {
    let mut report = misdirected_aula();
    report.consequences.clear();
    report.data.categories = vec![DataCategory::Health];
    let da = all(&texts(&report, Some("ZAH-2026-0001"), Language::Da));
    assert!(da.contains("vurderet ud fra oplysningernes art"), "{da}");
    // To a known parent: no discrimination (the very serious ones need
    // strangers), as the rules read it too.
    assert!(da.contains("Det kan i værste fald føre til: bekymring, ubehag eller ydmygelse; tab af kontrol over egne oplysninger."), "{da}");
    let en = all(&texts(&report, Some("ZAH-2026-0001"), Language::En));
    assert!(en.contains("assessed from the nature of the data"), "{en}");
    // Named ones are the reporter's, as written.
    let named = all(&texts(
        &misdirected_aula(),
        Some("ZAH-2026-0001"),
        Language::Da,
    ));
    assert!(!named.contains("vurderet ud fra oplysningernes art"));
}

#[test]
fn a_municipal_schools_texts_name_the_municipality_as_controller() {
    let report = lost_usb_stick();
    let org = org("aalborg-kulturskole");
    assert_eq!(org.controller.as_deref(), Some("Aalborg Kommune"));
    let made = generate(TextContext {
        report: &report,
        assessment: &assess(&report, Some(&org), report.timeline.aware_at.unwrap().utc()),
        org: &org,
        reference: Some("AKS-2026-0001"),
        lang: Language::Da,
        decided: None,
    });
    assert!(made
        .authority_notification
        .contains("Organisationens navn (felt 12): Aalborg Kommune (enhed: Aalborg Kulturskole)"));
    assert!(made
        .register_entry
        .contains("Dataansvarlig: Aalborg Kommune"));
    assert!(made
        .subject_letter
        .contains("Aalborg Kommune er dataansvarlig for oplysningerne."));
    // A school that is its own controller says so.
    let zahles = org_texts_controller("zahles");
    assert!(
        zahles.contains("Organisationens navn (felt 12): N. Zahles Skole\n"),
        "{zahles}"
    );
}

fn org_texts_controller(id: &str) -> String {
    let report = misdirected_aula();
    let org = org(id);
    let made = generate(TextContext {
        report: &report,
        assessment: &assess(&report, Some(&org), report.timeline.aware_at.unwrap().utc()),
        org: &org,
        reference: None,
        lang: Language::Da,
        decided: None,
    });
    made.authority_notification
}
