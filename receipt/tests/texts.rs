//! The receipt module hands back exactly the texts `brud_shared` generates,
//! in the order the form shows them, from the JSON the form sends it.

use brud_receipt::{texts, MailRoute};
use brud_shared::api::{ChannelState, DeliveryStatus, Receipt};
use brud_shared::model::RiskLevel;
use brud_shared::model::{DataCategory, IncidentType, SubjectCategory};
use brud_shared::org::Channel;
use brud_shared::texts::{generate, GeneratedTexts, Mail, TextContext};
use brud_shared::{assess, Assessment, Language, OrgProfile, Report};

fn report() -> Report {
    let mut report = Report::new_draft(
        "0d9f4c1e-3b0a-4c55-9d0b-1f2e3a4b5c6d",
        "zahles",
        Language::Da,
    );
    report.nature.confidentiality = true;
    report.nature.incident = Some(IncidentType::MisdirectedMessage);
    report.timeline.aware_at = Some("2026-11-20T09:30:00+01:00".parse().unwrap());
    report.data.subjects = vec![SubjectCategory::Pupils];
    report.data.categories = vec![DataCategory::Health];
    report.data.minors = Some(true);
    report
}

fn zahles() -> brud_shared::OrgProfile {
    brud_config::builtin()
        .unwrap()
        .get("zahles")
        .unwrap()
        .clone()
}

/// When the Worker received the report, as a time.
fn received_at() -> chrono::DateTime<chrono::Utc> {
    receipt_time().utc()
}

fn receipt_time() -> brud_shared::time::Timestamp {
    "2026-11-20T10:00:00Z".parse().unwrap()
}

/// The Worker's receipt for `report`, with the assessment it stored.
fn receipt(assessment: Assessment) -> Receipt {
    Receipt {
        id: "0d9f4c1e-3b0a-4c55-9d0b-1f2e3a4b5c6d".into(),
        reference: "ZAH-2026-0042".into(),
        received_at: receipt_time(),
        assessment,
        channels: Vec::new(),
        held: false,
    }
}

fn generated(report: &Report, assessment: &Assessment, org: &OrgProfile) -> Vec<GeneratedTexts> {
    [Language::Da, Language::En]
        .into_iter()
        .map(|lang| {
            generate(TextContext {
                report,
                assessment,
                org,
                reference: Some("ZAH-2026-0042"),
                lang,
                decided: None,
            })
        })
        .collect()
}

#[test]
fn the_texts_are_the_domain_texts_in_both_languages_in_the_receipt_order() {
    let org = zahles();
    let report = report();
    let at = received_at();
    let assessment = assess(&report, Some(&org), at);
    let (reference, got) = texts(
        &serde_json::to_string(&report).unwrap(),
        &serde_json::to_string(&org.public()).unwrap(),
        &serde_json::to_string(&receipt(assessment.clone())).unwrap(),
    )
    .unwrap();
    assert_eq!(reference, "ZAH-2026-0042");
    let public_org = org.public().into_profile();
    assert_eq!(got, generated(&report, &assessment, &public_org));
    assert!(
        got[0].breach_mail.subject.contains("ZAH-2026-0042"),
        "the reference is in the subject: {}",
        got[0].breach_mail.subject
    );
    assert!(
        got[0].breach_mail.body.starts_with("Hej") && got[1].breach_mail.body.starts_with("Hello"),
        "Danish first, then English"
    );
    // What the school's own steps say depends only on the public profile.
    assert_eq!(assessment, assess(&report, Some(&public_org), at));
}

/// After an update of the rules or the profiles, the form in a person's
/// browser may be older than the Worker. The texts must say what the
/// Worker stored and delivered, not what this module's rules would say.
#[test]
fn the_texts_follow_the_workers_stored_assessment_not_a_recomputation() {
    let org = zahles();
    let report = report();
    let at = received_at();
    let recomputed = assess(&report, Some(&org), at);
    // What a newer Worker decided: a lower risk, nothing to notify.
    let mut stored = recomputed.clone();
    stored.risk = RiskLevel::None;
    stored.computed_risk = RiskLevel::None;
    stored.obligations.notify_authority.required = false;
    stored.obligations.notify_authority.deadline = None;
    stored.obligations.notify_subjects.required = false;
    assert_ne!(stored, recomputed);
    let (_, got) = texts(
        &serde_json::to_string(&report).unwrap(),
        &serde_json::to_string(&org.public()).unwrap(),
        &serde_json::to_string(&receipt(stored.clone())).unwrap(),
    )
    .unwrap();
    let public_org = org.public().into_profile();
    let from_stored = generated(&report, &stored, &public_org);
    assert_ne!(from_stored, generated(&report, &recomputed, &public_org));
    assert_eq!(got, from_stored);
}

#[test]
fn unreadable_input_is_an_error_not_a_panic() {
    let org = serde_json::to_string(&zahles().public()).unwrap();
    let report_value = report();
    let report = serde_json::to_string(&report_value).unwrap();
    let at = received_at();
    let receipt = serde_json::to_string(&receipt(assess(&report_value, None, at))).unwrap();
    assert_eq!(texts("{", &org, &receipt), Err("unreadable report"));
    assert_eq!(
        texts(&report, "[]", &receipt),
        Err("unreadable organisation")
    );
    assert_eq!(
        texts(&report, &org, r#"{"reference":"R"}"#),
        Err("unreadable receipt")
    );
}

#[test]
fn the_section_escapes_every_text_and_names_each_for_copy_and_download() {
    let hostile = "<img src=x onerror=alert(1)> & \"quoted\" 'single'".to_string();
    let texts = GeneratedTexts {
        breach_mail: Mail {
            to: "mailbox@school.example".into(),
            subject: "Subject".into(),
            body: hostile.clone(),
        },
        authority_notification: "Notification".into(),
        for_controller: false,
        subject_letter: "Letter".into(),
        register_entry: "Register".into(),
    };
    let html =
        brud_receipt::section_html(Language::Da, "ZAH-2026-0042", &texts, &MailRoute::Reporter);
    assert!(!html.contains("<img"), "{html}");
    assert!(html
        .contains("&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quoted&quot; &#39;single&#39;"));
    assert_eq!(html.matches("<details").count(), 4);
    assert_eq!(
        html.matches("<details class=\"texts\" open>").count(),
        1,
        "the mail is unfolded"
    );
    for id in ["mail", "notification", "letter", "register"] {
        assert!(html.contains(&format!("id=\"text-{id}\"")), "{id}");
        assert!(html.contains(&format!("data-copy=\"text-{id}\"")), "{id}");
        assert!(
            html.contains(&format!("data-download=\"text-{id}\"")),
            "{id}"
        );
    }
    assert!(html.contains("data-file=\"ZAH-2026-0042-mail.txt\""));
    assert!(
        html.contains(">Kopiér</button>") && html.contains("Tekster til at kopiere eller hente")
    );
    let english =
        brud_receipt::section_html(Language::En, "ZAH-2026-0042", &texts, &MailRoute::Relay);
    assert!(
        english.contains(">Copy</button>") && english.contains("ZAH-2026-0042-notification.txt")
    );
}

#[test]
fn the_receipt_says_who_sends_the_mail_and_offers_it_ready_to_send_when_nobody_has() {
    let texts = brud_shared::texts::GeneratedTexts {
        breach_mail: brud_shared::texts::Mail {
            to: "sikkerhedsbrud-skole@aalborg.dk".into(),
            subject: "Sikkerhedsbrud AKS-2026-0001".into(),
            body: "Hvad er der sket?\nEn mail til en forkert forælder.".into(),
        },
        authority_notification: "Notification".into(),
        for_controller: false,
        subject_letter: "Letter".into(),
        register_entry: "Register".into(),
    };
    let send_it =
        brud_receipt::section_html(Language::Da, "AKS-2026-0001", &texts, &MailRoute::Reporter);
    assert!(
        send_it.contains("Send denne mail til sikkerhedsbrud-skole@aalborg.dk nu"),
        "{send_it}"
    );
    assert!(
        send_it.contains(
            "<a class=\"button\" href=\"mailto:sikkerhedsbrud-skole@aalborg.dk?subject=Sikkerhedsbrud%20AKS-2026-0001&amp;body=Hvad%20er%20der%20sket%3F%0D%0AEn%20mail%20til%20en%20forkert%20for%C3%A6lder.\">Åbn i mail</a>"
        ),
        "{send_it}"
    );
    let sent = brud_receipt::section_html(Language::Da, "AKS-2026-0001", &texts, &MailRoute::Relay);
    assert!(
        sent.contains("Skolens system har sendt denne mail til sikkerhedsbrud-skole@aalborg.dk"),
        "{sent}"
    );
    assert!(
        !sent.contains("mailto:") && !sent.contains("Send denne mail"),
        "{sent}"
    );
    let english =
        brud_receipt::section_html(Language::En, "AKS-2026-0001", &texts, &MailRoute::Reporter);
    assert!(
        english.contains(">Open in mail</a>") && english.contains("Brud does not send it for you")
    );

    // Brud's own mail channel: "sending" while pending, with the address
    // the page follows; the other states' words are there, hidden.
    let mut with_mail = receipt(assess(&report(), Some(&zahles()), received_at()));
    with_mail.channels = vec![
        ChannelState::from_stored(Channel::Webhook, None, None, DeliveryStatus::Pending),
        ChannelState::from_stored(
            Channel::Mail,
            Some("sikkerhedsbrud-skole@aalborg.dk".into()),
            None,
            DeliveryStatus::Pending,
        ),
    ];
    let route = MailRoute::of(&with_mail, true);
    assert_eq!(
        route,
        MailRoute::Brud {
            report_id: with_mail.id.clone(),
            status: DeliveryStatus::Pending
        },
        "Brud's own mail channel wins over the relay"
    );
    let sending = brud_receipt::section_html(Language::Da, "AKS-2026-0001", &texts, &route);
    assert!(sending.contains(&format!(
        "data-delivery=\"/api/reports/{}/delivery\"",
        with_mail.id
    )));
    assert!(sending.contains("<p class=\"body\" data-state=\"pending\">Brud sender denne mail til sikkerhedsbrud-skole@aalborg.dk nu"));
    assert!(sending
        .contains("<p class=\"body\" data-state=\"delivered\" hidden>Brud har sendt denne mail"));
    assert!(
        sending.contains("<div data-state=\"dead\" hidden>"),
        "the way to send it by hand, hidden"
    );
    assert!(sending.contains("mailto:sikkerhedsbrud-skole@aalborg.dk"));
    // Already sent in the receipt: said at once, nothing to follow.
    let sent = brud_receipt::section_html(
        Language::Da,
        "AKS-2026-0001",
        &texts,
        &MailRoute::Brud {
            report_id: with_mail.id.clone(),
            status: DeliveryStatus::Delivered,
        },
    );
    assert!(!sent.contains("data-delivery"));
    assert!(sent.contains("<p class=\"body\" data-state=\"delivered\">Brud har sendt"));
    assert_eq!(
        MailRoute::of(&receipt(with_mail.assessment.clone()), false),
        MailRoute::Reporter
    );
}

#[test]
fn datatilsynet_step_by_step_has_every_answer_of_the_notification_each_to_copy() {
    let org = zahles();
    let mut report = report();
    report.reporter.name = Some("Anne Reporter".into());
    report.reporter.email = Some("anne@reporter.example".into());
    let assessment = assess(&report, Some(&org), received_at());
    let sections = |lang| {
        brud_shared::texts::authority_sections(TextContext {
            report: &report,
            assessment: &assessment,
            org: &org,
            reference: Some("ZAH-2026-0042"),
            lang,
            decided: None,
        })
    };
    let steps: Vec<String> = Language::ALL
        .iter()
        .map(|lang| brud_receipt::steps_html(*lang, &sections(*lang), false))
        .collect();
    let notification = &generated(&report, &assessment, &org)[0].authority_notification;
    let sections = sections(Language::Da);
    assert!(sections.len() >= 7, "{sections:?}");
    let mut copies = 0;
    for section in &sections {
        assert!(notification.contains(&section.title), "{}", section.title);
        assert!(steps[0].contains(&section.title), "{}", section.title);
        for entry in &section.entries {
            copies += 1;
            assert!(
                notification.contains(&format!("{}: {}", entry.label, entry.value)),
                "{}",
                entry.label
            );
        }
    }
    assert_eq!(steps[0].matches("data-copy=\"step-").count(), copies);
    assert!(steps[0].contains("Datatilsynet trin for trin"));
    assert!(steps[1].contains("Datatilsynet step by step"));
    for contact in ["Anne Reporter", "anne@reporter.example"] {
        assert!(
            !steps[0].contains(contact),
            "no reporter contact: {contact}"
        );
    }
}

/// The form's "Why?" shows the reasons of the same rules the Worker runs,
/// with their words (which the form's own build leaves out), in both
/// languages, one a line.
#[test]
fn the_reasons_for_the_forms_panel_are_the_rules_that_fired_with_their_words() {
    let report = report();
    let public = serde_json::to_string(&zahles().public()).unwrap();
    let now = "2026-11-20T10:00:00Z";
    let [da, en]: [String; 2] =
        brud_receipt::explain_risk_for(&serde_json::to_string(&report).unwrap(), &public, now)
            .unwrap()
            .try_into()
            .unwrap();
    let expected = assess(&report, Some(&zahles()), received_at());
    assert_eq!(da.lines().count(), expected.rules.len());
    assert_eq!(en.lines().count(), expected.rules.len());
    for (rule, (da, en)) in expected.rules.iter().zip(da.lines().zip(en.lines())) {
        assert!(!rule.da.is_empty(), "{:?} has its words", rule.id);
        assert_eq!((da, en), (rule.da.as_str(), rule.en.as_str()));
    }
    assert!(da.contains("Helbred") || da.contains("helbred"), "{da}");
    // Without a school, and with nonsense, a clear error rather than a panic.
    assert!(
        brud_receipt::explain_risk_for(&serde_json::to_string(&report).unwrap(), "null", now)
            .is_ok()
    );
    assert_eq!(
        brud_receipt::explain_risk_for("{", "null", now),
        Err("unreadable report")
    );
}

/// A report held beyond its client's limit has gone nowhere yet: the
/// person reporting mails the breach mailbox, even where the school's
/// endpoint would have relayed it.
#[test]
fn a_held_report_leaves_the_mail_to_the_person_reporting() {
    let assessment = assess(&report(), Some(&zahles()), received_at());
    let mut held = receipt(assessment);
    held.reference = String::new();
    held.held = true;
    assert_eq!(MailRoute::of(&held, true), MailRoute::Reporter);
    held.held = false;
    assert_eq!(MailRoute::of(&held, true), MailRoute::Relay);
}
