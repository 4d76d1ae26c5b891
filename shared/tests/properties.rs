//! Property tests: round trips, no panics on any input, assessment invariants.

use brud_shared::lang::Labelled;
use brud_shared::model::*;
use brud_shared::pii::find_personal_data;
use brud_shared::problem::FieldPath;
use brud_shared::texts::{generate, TextContext};
use brud_shared::time::Timestamp;
use brud_shared::{assess, examine, parse_report, validate, Language, Mode};
use chrono::{DateTime, FixedOffset, Utc};
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;
use proptest::sample::select;

fn any_of<T: Labelled + std::fmt::Debug>() -> impl Strategy<Value = T> {
    select(T::ALL)
}

fn timestamp() -> impl Strategy<Value = Timestamp> {
    // Years 1900..9998, any offset an RFC 3339 time can carry, any nanosecond.
    (
        -2_208_988_800i64..253_370_764_800,
        0u32..1_000_000_000,
        -(23 * 60 + 59)..=(23 * 60 + 59i32),
    )
        .prop_map(|(secs, nanos, offset_minutes)| {
            let utc = DateTime::<Utc>::from_timestamp(secs, nanos).unwrap();
            let offset = FixedOffset::east_opt(offset_minutes * 60).unwrap();
            Timestamp::new(utc.with_timezone(&offset))
        })
}

fn now() -> impl Strategy<Value = DateTime<Utc>> {
    (0i64..4_102_444_800).prop_map(|secs| DateTime::<Utc>::from_timestamp(secs, 0).unwrap())
}

/// Free text: anything printable, or text full of digits and '@' to reach
/// the personal-data scanners.
fn text() -> impl Strategy<Value = Option<String>> {
    option::of(prop_oneof!["\\PC{0,60}", "[0-9 @.+a-zæøå-]{0,40}"])
}

fn count() -> impl Strategy<Value = Option<Count>> {
    option::of(
        (any_of::<CountPrecision>(), option::of(any::<i64>()))
            .prop_map(|(precision, value)| Count { precision, value }),
    )
}

prop_compose! {
    fn occurred()(precision in any_of::<OccurredPrecision>(), at in option::of(timestamp()),
                  from in option::of(timestamp()), to in option::of(timestamp())) -> Occurred {
        Occurred { precision, at, from, to }
    }
}

prop_compose! {
    fn front()(name in text(), role in option::of(any_of::<ReporterRole>()), email in text(), phone in text(),
               occurred in option::of(occurred()), ongoing in option::of(any::<bool>()),
               aware_at in option::of(timestamp()), discovered_by in option::of(any_of::<DiscoveredBy>()),
               discovery in text()) -> (Reporter, Timeline) {
        (Reporter { name, role, email, phone }, Timeline { occurred, ongoing, aware_at, discovered_by, discovery })
    }
}

prop_compose! {
    fn middle()(cia in any::<(bool, bool, bool)>(), incident in option::of(any_of::<IncidentType>()),
                cause in option::of(any_of::<Cause>()), description in text(),
                stopped in option::of(any_of::<Stopped>()), how in text(), planned in text(), prevention in text())
                -> (Nature, Containment) {
        (Nature { confidentiality: cia.0, integrity: cia.1, availability: cia.2, incident, cause, description },
         Containment { stopped, how, planned, prevention })
    }
}

prop_compose! {
    fn data()(subjects in vec(any_of::<SubjectCategory>(), 0..4), minors in option::of(any::<bool>()),
              vulnerable in option::of(any::<bool>()), subject_count in count(), record_count in count(),
              categories in vec(any_of::<DataCategory>(), 0..5)) -> Data {
        Data { subjects, minors, vulnerable, subject_count, record_count, categories }
    }
}

prop_compose! {
    fn circumstances()(recipients in option::of(any_of::<Recipients>()), flags in any::<[Option<bool>; 6]>(),
                       availability_loss in option::of(any_of::<AvailabilityLoss>()),
                       unavailable_for in option::of(any_of::<Unavailability>()),
                       exfiltration in option::of(any_of::<Exfiltration>()),
                       encrypted in option::of(any_of::<Encryption>())) -> Circumstances {
        Circumstances {
            recipients,
            recipient_bound_by_confidentiality: flags[0],
            unintelligible: flags[1],
            recovered: flags[2],
            integrity_recoverable: flags[3],
            availability_loss,
            backup: flags[5],
            unavailable_for,
            exfiltration,
            malicious: flags[4],
            encrypted,
        }
    }
}

prop_compose! {
    fn tail()(consequences in vec(any_of::<Consequence>(), 0..4), role in option::of(any_of::<Role>()),
              controller in option::of((text(), text()).prop_map(|(name, contact)| Controller { name, contact })),
              leader_informed in option::of(any::<bool>()), leader_name in text(), handler in text(),
              exception in option::of(any_of::<NoticeException>()), late_reason in text(),
              over in option::of((any_of::<RiskLevel>(), text()).prop_map(|(risk, justification)| RiskOverride { risk, justification })))
              -> (Vec<Consequence>, Option<Role>, Option<Controller>, Handling, Option<NoticeException>, Option<String>, Option<RiskOverride>) {
        (consequences, role, controller, Handling { leader_informed, leader_name, handler }, exception, late_reason, over)
    }
}

prop_compose! {
    fn report()(version in prop_oneof![Just(1u32), any::<u32>()], id in "[0-9a-f-]{0,40}",
                org in prop_oneof![Just("zahles".to_string()), Just("demo".to_string()), "\\PC{0,10}"],
                language in select(Language::ALL), front in front(), middle in middle(), data in data(),
                circumstances in circumstances(), tail in tail()) -> Report {
        let (reporter, timeline) = front;
        let (nature, containment) = middle;
        let (consequences, role, controller, handling, subject_notice_exception, late_reason, risk_override) = tail;
        Report {
            version, id, org, language, reporter, timeline, nature, containment, data, circumstances,
            consequences, role, controller, handling, subject_notice_exception, late_reason, risk_override,
        }
    }
}

/// Any JSON value, nested a few levels, with the report's own keys likely.
fn json_value() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(serde_json::Value::from),
        "\\PC{0,20}".prop_map(serde_json::Value::from),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        let key = prop_oneof![
            select(
                &[
                    "version",
                    "id",
                    "org",
                    "reporter",
                    "timeline",
                    "data",
                    "precision",
                    "value",
                    "at",
                    "categories"
                ][..]
            )
            .prop_map(str::to_string),
            "[a-z_]{1,12}",
        ];
        prop_oneof![
            vec(inner.clone(), 0..6).prop_map(serde_json::Value::from),
            proptest::collection::btree_map(key, inner, 0..6)
                .prop_map(|map| serde_json::Value::Object(map.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn every_serialised_report_deserialises_back_equal(report in report()) {
        let json = serde_json::to_string(&report).unwrap();
        let back = parse_report(&json).unwrap();
        prop_assert_eq!(back, report);
    }

    #[test]
    fn the_lean_decoder_reads_every_report_back_equal(report in report()) {
        let compact = serde_json::to_string(&report).unwrap();
        prop_assert_eq!(brud_shared::json::from_str::<Report>(&compact), Ok(report.clone()));
        let pretty = serde_json::to_string_pretty(&report).unwrap();
        prop_assert_eq!(brud_shared::json::from_str::<Report>(&pretty), Ok(report));
    }

    #[test]
    fn the_lean_decoder_is_never_more_lenient_than_serde_json(value in json_value()) {
        let text = value.to_string();
        let lean = brud_shared::json::from_str::<Report>(&text);
        let reference = serde_json::from_str::<Report>(&text);
        match (lean, reference) {
            (Ok(lean), Ok(reference)) => prop_assert_eq!(lean, reference),
            (Ok(lean), Err(error)) => prop_assert!(false, "lean decoder accepted {lean:?}; serde_json: {error}"),
            // serde_json also reads a struct from an array ("reporter": []);
            // the lean decoder reads structs only from objects.
            (Err(_), _) => {}
        }
    }

    #[test]
    fn no_report_at_any_time_makes_the_domain_panic(report in report(), now in now()) {
        let directory = brud_config::builtin().unwrap();
        for mode in [Mode::Draft, Mode::Complete] {
            let validation = validate(&report, mode, now);
            for problem in validation.errors.iter().chain(&validation.warnings) {
                prop_assert!(!problem.da.is_empty() && !problem.en.is_empty());
            }
        }
        for org in &directory.orgs {
            let assessment = assess(&report, Some(org), now);
            for lang in [Language::Da, Language::En] {
                let texts = generate(TextContext { report: &report, assessment: &assessment, org, reference: Some("ZAH-2026-0001"), lang, decided: None });
                prop_assert!(!texts.authority_notification.is_empty());
            }
        }
    }

    /// The form links every problem to the question that answers it, by
    /// its `FieldPath` (each checked against the form in `app/tests`): a
    /// list item's path must read back as its list's.
    #[test]
    fn every_problem_names_a_listed_field(report in report(), now in now()) {
        let directory = brud_config::builtin().unwrap();
        for mode in [Mode::Draft, Mode::Complete] {
            for org in [None, directory.orgs.first()] {
                let validation = examine(&report, org, mode, now).validation;
                for problem in validation.errors.iter().chain(&validation.warnings) {
                    prop_assert!(
                        FieldPath::of(&problem.field).is_some(),
                        "{} is not a FieldPath", problem.field
                    );
                }
            }
        }
    }

    #[test]
    fn the_assessment_is_internally_consistent(report in report(), now in now()) {
        let a = assess(&report, None, now);
        let s = a.severity;
        // The ranges of ENISA's tables: DPC 1-4, EI one of four levels, CB
        // at most 0.5 per lost property plus 0.5 for malice, all in
        // quarters. (The worked cases in tests/enisa.rs pin the values.)
        prop_assert!((1..=4).contains(&s.dpc));
        prop_assert!([0.25, 0.5, 0.75, 1.0].contains(&s.ei));
        prop_assert!((0.0..=2.0).contains(&s.cb) && (s.cb * 4.0).fract() == 0.0);
        prop_assert!((s.score * 4.0).fract() == 0.0 && s.score <= 6.0);
        match &report.risk_override {
            Some(over) => prop_assert_eq!(a.risk, over.risk),
            None => prop_assert_eq!(a.risk, a.computed_risk),
        }
        let o = &a.obligations;
        prop_assert!(o.record);
        let processor = report.role == Some(Role::Processor);
        prop_assert_eq!(o.notify_controller.required, processor);
        prop_assert_eq!(o.notify_authority.required, !processor && a.risk != RiskLevel::None);
        prop_assert!(!o.notify_subjects.required || (a.risk == RiskLevel::High && !processor));
        prop_assert!(!o.notify_authority.overdue || o.notify_authority.required);
        prop_assert_eq!(o.notify_subjects.public_communication, o.notify_subjects.exception == Some(NoticeException::Disproportionate));
        prop_assert!(a.rules.iter().any(|r| r.id == brud_shared::risk::RuleId::RiskBand));
    }

    #[test]
    fn any_json_text_parses_or_fails_cleanly(text in "\\PC{0,200}") {
        let _ = parse_report(&text);
    }

    #[test]
    fn any_json_value_parses_or_fails_with_a_problem(value in json_value(), now in now()) {
        let text = value.to_string();
        match parse_report(&text) {
            Ok(report) => {
                let _ = validate(&report, Mode::Complete, now);
                let _ = assess(&report, None, now);
            }
            Err(brud_shared::ParseError::Shape(problem)) => {
                prop_assert!(!problem.da.is_empty());
            }
            Err(brud_shared::ParseError::Syntax { .. }) => prop_assert!(false, "valid JSON is never a syntax error"),
        }
    }

    #[test]
    fn personal_data_findings_are_well_formed(text in prop_oneof!["\\PC{0,80}", "[0-9 +@.a-z-]{0,60}"]) {
        for finding in find_personal_data(&text) {
            prop_assert!(finding.start < finding.end && finding.end <= text.len());
            prop_assert!(text.is_char_boundary(finding.start) && text.is_char_boundary(finding.end));
            let digits_shown = finding.masked.chars().filter(char::is_ascii_digit).count();
            prop_assert!(digits_shown <= 2, "mask shows at most two digits: {}", finding.masked);
        }
    }
}

/// One answer given the worse way, or one more answer, as a hurried or
/// unsure reporter gives it.
#[derive(Debug, Clone)]
enum Worse {
    RecipientsUnknown,
    NotBound,
    NotRecovered,
    NotUnintelligible,
    NotEncrypted(Option<Encryption>),
    CopyingPossible,
    CopyingConfirmed,
    Malicious,
    IntegrityLost,
    NoBackup,
    LostForGood,
    UnavailableForDays,
    AddCategory(DataCategory),
    AddSubjects(SubjectCategory),
    Minors,
    Vulnerable,
    LargerCount(i64),
    Tick(usize),
    AddConsequence(Consequence),
}

fn worse() -> impl Strategy<Value = Worse> {
    prop_oneof![
        Just(Worse::RecipientsUnknown),
        Just(Worse::NotBound),
        Just(Worse::NotRecovered),
        Just(Worse::NotUnintelligible),
        select(&[None, Some(Encryption::No), Some(Encryption::Unknown)][..])
            .prop_map(Worse::NotEncrypted),
        Just(Worse::CopyingPossible),
        Just(Worse::CopyingConfirmed),
        Just(Worse::Malicious),
        Just(Worse::IntegrityLost),
        Just(Worse::NoBackup),
        Just(Worse::LostForGood),
        Just(Worse::UnavailableForDays),
        any_of::<DataCategory>().prop_map(Worse::AddCategory),
        any_of::<SubjectCategory>().prop_map(Worse::AddSubjects),
        Just(Worse::Minors),
        Just(Worse::Vulnerable),
        (1i64..500).prop_map(Worse::LargerCount),
        (0usize..3).prop_map(Worse::Tick),
        any_of::<Consequence>().prop_map(Worse::AddConsequence),
    ]
}

/// `report` with `worse` applied, or `None` when it does not apply (a
/// category added to none, or a loss ticked where none is: that answers
/// the question rather than adds to it; a count made larger that is not
/// known).
fn made_worse(report: &Report, worse: &Worse) -> Option<Report> {
    let mut r = report.clone();
    let c = &mut r.circumstances;
    match worse {
        Worse::RecipientsUnknown => c.recipients = Some(Recipients::Unknown),
        Worse::NotBound if c.recipient_bound_by_confidentiality == Some(true) => {
            c.recipient_bound_by_confidentiality = Some(false)
        }
        Worse::NotRecovered if c.recovered == Some(true) => c.recovered = Some(false),
        Worse::NotUnintelligible if c.unintelligible == Some(true) => {
            c.unintelligible = Some(false)
        }
        Worse::NotEncrypted(to) if c.encrypted == Some(Encryption::Yes) => c.encrypted = *to,
        Worse::CopyingPossible if c.exfiltration == Some(Exfiltration::RuledOut) => {
            c.exfiltration = Some(Exfiltration::Possible)
        }
        Worse::CopyingConfirmed if c.exfiltration.is_some() => {
            c.exfiltration = Some(Exfiltration::Confirmed)
        }
        Worse::Malicious => c.malicious = Some(true),
        Worse::IntegrityLost if c.integrity_recoverable == Some(true) => {
            c.integrity_recoverable = Some(false)
        }
        Worse::NoBackup if c.backup == Some(true) => c.backup = Some(false),
        Worse::LostForGood if c.availability_loss.is_some() => {
            c.availability_loss = Some(AvailabilityLoss::Permanent)
        }
        Worse::UnavailableForDays if c.unavailable_for == Some(Unavailability::Hours) => {
            c.unavailable_for = Some(Unavailability::Days)
        }
        Worse::AddCategory(category) if !r.data.categories.is_empty() => {
            if !r.data.categories.contains(category) {
                r.data.categories.push(*category);
            }
        }
        Worse::AddSubjects(subject) => {
            if !r.data.subjects.contains(subject) {
                r.data.subjects.push(*subject);
            }
        }
        Worse::Minors => r.data.minors = Some(true),
        Worse::Vulnerable => r.data.vulnerable = Some(true),
        Worse::LargerCount(more) => {
            let count = r.data.subject_count.as_mut()?;
            let known = count.known_value()?;
            count.value = Some(known.checked_add(*more)?);
        }
        // A second loss ticked beside the first (the first answers what
        // went wrong rather than adds to it).
        Worse::Tick(_)
            if !(r.nature.confidentiality || r.nature.integrity || r.nature.availability) =>
        {
            return None
        }
        Worse::Tick(0) => r.nature.confidentiality = true,
        Worse::Tick(1) => r.nature.integrity = true,
        Worse::Tick(_) => r.nature.availability = true,
        Worse::AddConsequence(consequence) => {
            if !r.consequences.contains(consequence) {
                r.consequences.push(*consequence);
            }
        }
        _ => return None,
    }
    Some(r)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 4096, ..ProptestConfig::default() })]

    /// A hurried reporter's "don't know" or an extra tick never makes a
    /// breach look safer: answering any question the worse way, or adding
    /// data, people, children, vulnerable people or a larger count, never
    /// gives a lower risk or fewer obligations.
    #[test]
    fn worse_answers_and_more_answers_never_lower_the_risk(
        report in report(), now in now(), worse in worse()
    ) {
        let mut report = report;
        // The DPO's decisions are no answers of a report.
        report.risk_override = None;
        report.subject_notice_exception = None;
        let Some(after) = made_worse(&report, &worse) else { return Ok(()) };
        let (a, b) = (assess(&report, None, now), assess(&after, None, now));
        prop_assert!(
            b.risk >= a.risk,
            "{worse:?} lowered {:?} to {:?}\nbefore: {:?}\nafter: {:?}",
            a.risk, b.risk,
            a.rules.iter().map(|r| r.id).collect::<Vec<_>>(),
            b.rules.iter().map(|r| r.id).collect::<Vec<_>>()
        );
        let (x, y) = (&a.obligations, &b.obligations);
        prop_assert!(!x.notify_authority.required || y.notify_authority.required, "{worse:?}");
        prop_assert!(!x.notify_subjects.required || y.notify_subjects.required, "{worse:?}");
        prop_assert!(!x.notify_controller.required || y.notify_controller.required, "{worse:?}");
    }
}
