//! Reference cases: breaches the authorities have concluded on, each with
//! its source, the facts as a report (in our own words) and the
//! authority's answer to the two questions Brud exists to answer: must
//! Datatilsynet be notified, and must the people affected be told?
//!
//! The test prints the agreement and fails below full agreement, except on
//! cases marked as a documented judgement call (with the reason).
//!
//! Run: `cargo test -p brud-shared --test reference_cases -- --nocapture`.
//! The table of cases is in `docs/method.md`.

mod common;

use brud_shared::model::*;
use brud_shared::{assess, Language};
use common::{now, org};

/// What the authority concluded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Conclusion {
    notify_authority: bool,
    tell_subjects: bool,
}

struct Case {
    /// Where the case and its conclusion come from.
    source: &'static str,
    /// The facts, as a report.
    report: Report,
    /// The authority's answer.
    expected: Conclusion,
    /// Why Brud answers differently and leaves it to the DPO (who sets
    /// the level by hand, with a justification), if it does.
    judgement_call: Option<&'static str>,
}

const NOTIFY_AND_TELL: Conclusion = Conclusion {
    notify_authority: true,
    tell_subjects: true,
};
const NOTIFY_ONLY: Conclusion = Conclusion {
    notify_authority: true,
    tell_subjects: false,
};
const RECORD_ONLY: Conclusion = Conclusion {
    notify_authority: false,
    tell_subjects: false,
};

/// The facts every case shares unless it says otherwise: a controller,
/// nobody malicious, adults, no consequences ticked.
fn facts(
    incident: IncidentType,
    categories: &[DataCategory],
    subjects: &[SubjectCategory],
    count: i64,
) -> Report {
    let mut r = Report::new_draft("00000000-0000-4000-8000-000000000000", "demo", Language::Da);
    r.timeline.aware_at = Some("2026-11-22T08:00:00Z".parse().unwrap());
    r.nature.incident = Some(incident);
    r.data.categories = categories.to_vec();
    r.data.subjects = subjects.to_vec();
    r.data.subject_count = Some(Count::approximate(count));
    r.data.minors = Some(false);
    r.data.vulnerable = Some(false);
    r.circumstances.malicious = Some(false);
    r.circumstances.unintelligible = Some(false);
    r.role = Some(Role::Controller);
    r
}

/// Confidentiality lost to `recipients`.
fn disclosed(mut r: Report, recipients: Recipients) -> Report {
    r.nature.confidentiality = true;
    r.circumstances.recipients = Some(recipients);
    r
}

/// Availability lost: `loss`, with or without a backup, for how long.
fn unavailable(
    mut r: Report,
    loss: AvailabilityLoss,
    backup: bool,
    unavailable_for: Unavailability,
) -> Report {
    r.nature.availability = true;
    r.circumstances.availability_loss = Some(loss);
    r.circumstances.backup = Some(backup);
    r.circumstances.unavailable_for = Some(unavailable_for);
    r
}

/// Whether copying by the attacker was ruled out, possible or confirmed.
fn copying(mut r: Report, exfiltration: Exfiltration) -> Report {
    r.circumstances.exfiltration = Some(exfiltration);
    r
}

/// EDPB cases 1 and 2: ransomware locks a small company's staff and
/// customer data (40 people); logs show nothing left the network.
fn small_company_locked() -> Report {
    use DataCategory::*;
    use SubjectCategory::*;
    copying(
        malicious(facts(
            IncidentType::Ransomware,
            &[Identity, Contact, Financial],
            &[Staff, Customers],
            40,
        )),
        Exfiltration::RuledOut,
    )
}

/// A report as a teacher on a phone gives it ten minutes after the
/// mistake: the kind of incident, one loss ticked, the kinds of data and
/// whose, and nothing else answered.
fn hurried(
    incident: IncidentType,
    loss: fn(&mut Nature),
    categories: &[DataCategory],
    subjects: &[SubjectCategory],
) -> Report {
    let mut r = Report::new_draft("00000000-0000-4000-8000-000000000000", "demo", Language::Da);
    r.timeline.aware_at = Some("2026-11-22T08:00:00Z".parse().unwrap());
    r.nature.incident = Some(incident);
    loss(&mut r.nature);
    r.data.categories = categories.to_vec();
    r.data.subjects = subjects.to_vec();
    r
}

fn malicious(mut r: Report) -> Report {
    r.circumstances.malicious = Some(true);
    r
}

fn cases() -> Vec<Case> {
    use AvailabilityLoss::{Permanent, Temporary};
    use DataCategory::*;
    use IncidentType::*;
    use SubjectCategory::*;
    use Unavailability::*;
    vec![
        // A small company's systems are encrypted by ransomware; the data
        // was encrypted at rest, so the attacker could read nothing; logs
        // show nothing left the network; the backup was restored within
        // hours, with no effect on pay or on customers.
        Case {
            source: "EDPB Guidelines 01/2021 v2.0, case 1 (ransomware with proper backup, without exfiltration)",
            report: unavailable(
                small_company_locked(),
                Temporary,
                true,
                Hours,
            ),
            expected: RECORD_ONLY,
            judgement_call: None,
        },
        // The same attack without a backup; nothing left the network; the
        // data was rebuilt from paper over five days, with some delay for
        // the people affected.
        Case {
            source: "EDPB Guidelines 01/2021 v2.0, case 2 (ransomware without proper backup)",
            report: unavailable(
                small_company_locked(),
                Temporary,
                false,
                Days,
            ),
            expected: NOTIFY_ONLY,
            judgement_call: None,
        },
        // A hospital's patient records are encrypted; a backup exists and
        // nothing left, but restoring takes two days and treatment is
        // postponed: the delay itself can harm patients.
        Case {
            source: "EDPB Guidelines 01/2021 v2.0, case 3 (ransomware with backup, without exfiltration, in a hospital)",
            report: {
                let mut r = unavailable(
                    copying(
                        malicious(facts(Ransomware, &[Identity, Health], &[Customers], 1_000)),
                        Exfiltration::RuledOut,
                    ),
                    Temporary,
                    true,
                    Days,
                );
                r.consequences = vec![Consequence::Physical];
                r
            },
            expected: NOTIFY_AND_TELL,
            judgement_call: None,
        },
        // Ransomware encrypts and copies customers' data; there is no
        // backup.
        Case {
            source: "EDPB Guidelines 01/2021 v2.0, case 4 (ransomware without backup, with exfiltration)",
            report: unavailable(
                disclosed(
                    copying(
                        malicious(facts(
                            Ransomware,
                            &[Identity, Contact, Financial],
                            &[Customers],
                            5_000,
                        )),
                        Exfiltration::Confirmed,
                    ),
                    Recipients::Unknown,
                ),
                Permanent,
                false,
                Longer,
            ),
            expected: NOTIFY_AND_TELL,
            judgement_call: None,
        },
        // Malicious code on a recruitment agency's website copies what
        // applicants type into its application form for about a month
        // before it is found: names, addresses, contact details and CVs
        // of about 200 applicants; no special categories.
        Case {
            source: "EDPB Guidelines 01/2021 v2.0, case 5 (exfiltration of job application data from a website)",
            report: disclosed(
                copying(
                    malicious(facts(Malware, &[Identity, Contact], &[Applicants], 213)),
                    Exfiltration::Confirmed,
                ),
                Recipients::Unknown,
            ),
            expected: NOTIFY_AND_TELL,
            judgement_call: None,
        },
        // Attackers copy a website's user table; the passwords are salted
        // hashes made with a state-of-the-art algorithm.
        Case {
            source: "EDPB Guidelines 01/2021 v2.0, case 6 (exfiltration of hashed passwords from a website)",
            report: {
                let mut r = disclosed(
                    malicious(facts(HackedAccount, &[Credentials], &[Customers], 1_200)),
                    Recipients::Unknown,
                );
                r.circumstances.unintelligible = Some(true);
                r
            },
            expected: RECORD_ONLY,
            judgement_call: None,
        },
        // Attackers try leaked passwords against a bank's log-in page and
        // get into some customers' accounts, where they can see the
        // customers' details and transactions.
        Case {
            source: "EDPB Guidelines 01/2021 v2.0, case 7 (credential stuffing attack on a banking website)",
            report: disclosed(
                malicious(facts(
                    HackedAccount,
                    &[Identity, Contact, Financial],
                    &[Customers],
                    100,
                )),
                Recipients::Unknown,
            ),
            expected: NOTIFY_AND_TELL,
            judgement_call: None,
        },
        // During his notice period an employee copies customers' names and
        // contact details, and months later uses them to approach them
        // for his own business. His intentions cannot be known, so the
        // risk is not low; nothing points to a high one.
        Case {
            source: "EDPB Guidelines 01/2021 v2.0, case 8 (exfiltration of business data by a former employee)",
            report: disclosed(
                malicious(facts(
                    UnauthorisedAccess,
                    &[Identity, Contact],
                    &[Customers],
                    300,
                )),
                Recipients::Known,
            ),
            expected: NOTIFY_ONLY,
            judgement_call: None,
        },
        // An insurance agent is sent, by mistake, a list of another agent's
        // customers; bound by confidentiality, the agent reports it and
        // deletes the list.
        Case {
            source: "EDPB Guidelines 01/2021 v2.0, case 9 (accidental transmission of data to a trusted third party)",
            report: {
                let mut r = disclosed(
                    facts(
                        MisdirectedEmail,
                        &[Identity, Contact, Financial],
                        &[Customers],
                        50,
                    ),
                    Recipients::Known,
                );
                r.circumstances.recipient_bound_by_confidentiality = Some(true);
                r.circumstances.recovered = Some(true);
                r
            },
            expected: RECORD_ONLY,
            judgement_call: None,
        },
        // Tablets are stolen; their data is encrypted with a safe key and
        // everything is in a backup.
        Case {
            source: "EDPB Guidelines 01/2021 v2.0, case 10 (stolen material storing encrypted personal data)",
            report: {
                let mut r = unavailable(
                    disclosed(
                        malicious(facts(
                            StolenDevice,
                            &[Identity, Contact, Health],
                            &[Customers],
                            200,
                        )),
                        Recipients::Unknown,
                    ),
                    Temporary,
                    true,
                    Hours,
                );
                r.circumstances.unintelligible = Some(true);
                r
            },
            expected: RECORD_ONLY,
            judgement_call: None,
        },
        // An unencrypted notebook with names, addresses and birth dates of
        // more than 100,000 customers is stolen.
        Case {
            source: "EDPB Guidelines 01/2021 v2.0, case 11 (stolen material storing non-encrypted personal data)",
            report: disclosed(
                malicious(facts(StolenDevice, &[Identity], &[Customers], 100_000)),
                Recipients::Unknown,
            ),
            expected: NOTIFY_AND_TELL,
            judgement_call: None,
        },
        // The paper log book of a rehabilitation centre, with patients'
        // names and health data, is stolen in a break-in; there is no copy.
        Case {
            source: "EDPB Guidelines 01/2021 v2.0, case 12 (stolen paper files with sensitive data)",
            report: unavailable(
                disclosed(
                    malicious(facts(StolenPaper, &[Identity, Health], &[Customers], 100)),
                    Recipients::Unknown,
                ),
                Permanent,
                false,
                Longer,
            ),
            expected: NOTIFY_AND_TELL,
            judgement_call: None,
        },
        // A web shop packs two orders with each other's packing slips:
        // each customer sees the other's name, address and what was
        // bought. The shop asks both to destroy the other's slip.
        Case {
            source: "EDPB Guidelines 01/2021 v2.0, case 13 (postal mail mistake: packing slips swapped)",
            report: disclosed(
                facts(MisdirectedPost, &[Identity], &[Customers], 2),
                Recipients::Known,
            ),
            expected: RECORD_ONLY,
            judgement_call: None,
        },
        // A public office mails many job seekers a file with every job
        // seeker's personal data, national identity numbers included.
        Case {
            source: "EDPB Guidelines 01/2021 v2.0, case 14 (highly confidential personal data sent by mail by mistake)",
            report: disclosed(
                facts(
                    MisdirectedEmail,
                    &[Identity, Contact, Cpr],
                    &[Customers],
                    10_000,
                ),
                Recipients::Unknown,
            ),
            expected: NOTIFY_AND_TELL,
            judgement_call: None,
        },
        // A course's participant list (names, e-mail addresses, meal
        // preferences; two participants are lactose intolerant) is mailed
        // to former participants.
        Case {
            source: "EDPB Guidelines 01/2021 v2.0, case 15 (personal data sent by mail by mistake)",
            report: disclosed(
                facts(
                    MisdirectedEmail,
                    &[Identity, Contact, Health],
                    &[Customers],
                    15,
                ),
                Recipients::Known,
            ),
            expected: NOTIFY_ONLY,
            judgement_call: Some(
                "The report says 'health data' but not how sensitive it is: a meal preference \
                 and a diagnosis tick the same box. Brud keeps ENISA's sensitive-data context \
                 (very high, so high risk) rather than guess; the DPO lowers it by hand with \
                 the justification (RISK-OVERRIDE).",
            ),
        },
        // An insurer's letter to one customer holds a page about another
        // customer (name, address, policy and premium).
        Case {
            source: "EDPB Guidelines 01/2021 v2.0, case 16 (postal mail mistake)",
            report: disclosed(
                facts(MisdirectedPost, &[Identity, Financial], &[Customers], 1),
                Recipients::Known,
            ),
            expected: NOTIFY_ONLY,
            judgement_call: None,
        },
        // A caller impersonates a customer at a telecom's contact centre,
        // has the e-mail address changed and receives the customer's bills.
        Case {
            source: "EDPB Guidelines 01/2021 v2.0, case 17 (identity theft)",
            report: {
                let mut r = disclosed(
                    malicious(facts(
                        UnauthorisedAccess,
                        &[Identity, Contact, Financial],
                        &[Customers],
                        1,
                    )),
                    Recipients::Known,
                );
                r.consequences = vec![Consequence::IdentityTheft, Consequence::Fraud];
                r
            },
            expected: NOTIFY_AND_TELL,
            judgement_call: None,
        },
        // Someone with access to a retailer's mailboxes adds rules that
        // forward every e-mail about invoices, payments and bank details
        // to an outside address; found months later, after about a
        // hundred e-mails have gone.
        Case {
            source: "EDPB Guidelines 01/2021 v2.0, case 18 (e-mail exfiltration)",
            report: disclosed(
                malicious(facts(
                    HackedAccount,
                    &[Identity, Contact, Financial],
                    &[Customers],
                    100,
                )),
                Recipients::Unknown,
            ),
            expected: NOTIFY_AND_TELL,
            judgement_call: None,
        },
        // A teacher loses a school laptop without disk encryption holding
        // PPR notes on twelve pupils; in a hurry they tick only "the data
        // is gone" (the files are also in OneDrive) and answer "don't
        // know" to whether it was encrypted. Whoever finds it can read
        // the notes: EDPB cases 11 and 12 (unencrypted material, sensitive
        // data) notify and tell.
        Case {
            source: "EDPB Guidelines 01/2021 v2.0, cases 11 and 12, at a school: a lost unencrypted laptop with PPR notes, only \"gone\" ticked",
            report: {
                let mut r = hurried(LostDevice, |n| n.availability = true, &[Health], &[Pupils]);
                r.data.subject_count = Some(Count::exact(12));
                r.circumstances.availability_loss = Some(AvailabilityLoss::None);
                r.circumstances.encrypted = Some(Encryption::Unknown);
                r
            },
            expected: NOTIFY_AND_TELL,
            judgement_call: None,
        },
        // The same laptop with BitLocker on, its code not lost with it:
        // nobody can read it, and nothing is lost (EDPB case 10).
        Case {
            source: "EDPB Guidelines 01/2021 v2.0, case 10, at a school: a stolen encrypted laptop with pupils' records, only \"gone\" ticked",
            report: {
                let mut r = hurried(StolenDevice, |n| n.availability = true, &[Identity, School], &[Pupils]);
                r.data.minors = Some(true);
                r.circumstances.availability_loss = Some(AvailabilityLoss::None);
                r.circumstances.encrypted = Some(Encryption::Yes);
                r
            },
            expected: RECORD_ONLY,
            judgement_call: None,
        },
        // A pupil's educational plan (reading difficulties) is sent through
        // Aula to another pupil's parents; the teacher ticks only "school
        // records". Pupil information reaching the wrong parents is a
        // breach to notify (Datatilsynet 2021-32-2067), not a high risk.
        Case {
            source: "Datatilsynet, decision 2021-32-2067, applied to a pupil's plan sent to the wrong parents, only \"school records\" ticked",
            report: hurried(MisdirectedMessage, |n| n.confidentiality = true, &[School], &[]),
            expected: NOTIFY_ONLY,
            judgement_call: None,
        },
        // A member of staff opens a pupil's child-welfare notes without a
        // work reason. Access by people inside the organisation without
        // authorisation is a breach (Datatilsynet's guidance on handling
        // breaches, February 2018, section 2.2), and a child's social data
        // seen without a reason is not unlikely to be a risk.
        Case {
            source: "Datatilsynet, guidance on handling breaches (2018), section 2.2: a staff look-up of a pupil's child-welfare notes without a work reason",
            report: {
                let mut r = hurried(UnauthorisedAccess, |n| n.confidentiality = true, &[Social], &[]);
                r.circumstances.recipients = Some(Recipients::Known);
                r.circumstances.recipient_bound_by_confidentiality = Some(true);
                r
            },
            expected: NOTIFY_ONLY,
            judgement_call: None,
        },
        // A school sends a warning about one pupil's absence to another
        // pupil by mistake. Datatilsynet: the school should have notified
        // the breach; the case does not call for telling the family.
        Case {
            source: "Datatilsynet, decision 2021-32-2067 (absence warning sent to the wrong pupil)",
            report: {
                let mut r = disclosed(
                    facts(MisdirectedMessage, &[Identity, School], &[Pupils], 1),
                    Recipients::Known,
                );
                r.data.minors = Some(true);
                r
            },
            expected: NOTIFY_ONLY,
            judgement_call: None,
        },
    ]
}

fn brud(report: &Report) -> Conclusion {
    let assessment = assess(report, Some(&org("demo")), now());
    Conclusion {
        notify_authority: assessment.obligations.notify_authority.required,
        tell_subjects: assessment.obligations.notify_subjects.required,
    }
}

fn yes_no(value: bool) -> &'static str {
    if value {
        "yes"
    } else {
        "no"
    }
}

#[test]
fn brud_agrees_with_the_authorities_on_the_reference_cases() {
    let cases = cases();
    let n = cases.len();
    let (mut authority, mut subjects) = (0, 0);
    let mut disagreements = Vec::new();
    println!("| source | authority: notify / tell | Brud: notify / tell |");
    println!("| --- | --- | --- |");
    for case in &cases {
        let got = brud(&case.report);
        authority += usize::from(got.notify_authority == case.expected.notify_authority);
        subjects += usize::from(got.tell_subjects == case.expected.tell_subjects);
        println!(
            "| {} | {} / {} | {} / {}{} |",
            case.source,
            yes_no(case.expected.notify_authority),
            yes_no(case.expected.tell_subjects),
            yes_no(got.notify_authority),
            yes_no(got.tell_subjects),
            if case.judgement_call.is_some() {
                " (judgement call)"
            } else {
                ""
            }
        );
        match (got == case.expected, case.judgement_call) {
            (true, Some(_)) => disagreements.push(format!(
                "{}: marked as a judgement call but Brud agrees; remove the mark",
                case.source
            )),
            (false, None) => disagreements.push(format!(
                "{}: the authority says {:?}, Brud says {:?}",
                case.source, case.expected, got
            )),
            _ => {}
        }
    }
    println!("reference cases: authority {authority}/{n}, subjects {subjects}/{n}");
    assert!(disagreements.is_empty(), "{disagreements:#?}");
}

#[test]
fn every_judgement_call_gives_its_reason() {
    for case in cases() {
        if let Some(reason) = case.judgement_call {
            assert!(reason.len() > 80, "{}: say why", case.source);
        }
    }
}

/// An answer the DPO could give to field `def` on the desk: the first
/// predefined answer, a short text, a number, a time.
fn dpo_answer(def: &brud_shared::edpb::FieldDef) -> brud_shared::edpb::Answer {
    use brud_shared::edpb::{Answer, FieldKind};
    match def.kind {
        FieldKind::Choice(options) | FieldKind::Choices(options) => {
            Answer::Choices(vec![options[0].0.to_string()])
        }
        FieldKind::Text => Answer::Text(format!("Svar til felt {}", def.id)),
        FieldKind::Number => Answer::Number(1),
        FieldKind::DateTime => Answer::Text("2026-11-22T09:00:00+01:00".into()),
        FieldKind::Flag => Answer::Flag(false),
    }
}

#[test]
fn every_reference_case_maps_to_the_edpb_template_with_each_mandatory_field_filled_or_named_missing(
) {
    use brud_shared::edpb::{
        check_answers, field, notification, Answers, FieldStatus, Mandatory, Notifying, Which,
        FIELDS,
    };
    use brud_shared::texts::{Decided, TextContext};
    for case in cases() {
        let profile = org(&case.report.org);
        let assessment = assess(&case.report, Some(&profile), now());
        let ctx = TextContext {
            report: &case.report,
            assessment: &assessment,
            org: &profile,
            reference: Some("DEMO-2026-0001"),
            lang: Language::Da,
            decided: None,
        };
        let first = Notifying {
            which: Which::New,
            complete: None,
            previous: None,
        };
        let mapped = notification(&ctx, &first);
        let fields: Vec<_> = mapped.sections.iter().flat_map(|s| &s.fields).collect();
        assert_eq!(fields.len(), FIELDS.len(), "{}", case.source);
        // Every mandatory field is answered, or named as missing; nothing
        // else is missing.
        for filled in &fields {
            let lacking = filled.status == FieldStatus::DpoMustAdd;
            let named = mapped.missing.contains(&filled.field);
            if filled.mandatory != Mandatory::No {
                assert_eq!(lacking, named, "{}: field {}", case.source, filled.field);
            } else {
                assert!(
                    !named,
                    "{}: field {} is optional",
                    case.source, filled.field
                );
            }
            assert_eq!(
                filled.value.is_some(),
                matches!(filled.status, FieldStatus::Known | FieldStatus::AddedByDpo),
                "{}: field {}",
                case.source,
                filled.field
            );
        }
        // What Brud always knows from a report.
        for known in [3, 4, 12, 21, 23, 48, 55, 60, 89] {
            let filled = fields.iter().find(|f| f.field == known).unwrap();
            assert_eq!(
                filled.status,
                FieldStatus::Known,
                "{}: field {known}",
                case.source
            );
        }
        assert!(
            !mapped.complete,
            "{}: the DPO still has to add",
            case.source
        );
        // Each missing field takes the DPO's answer, and then nothing is.
        let answers: Answers = mapped
            .missing
            .iter()
            .map(|id| (*id, dpo_answer(field(*id).unwrap())))
            .collect();
        assert_eq!(check_answers(&answers), vec![], "{}", case.source);
        let decided = Decided {
            template_answers: answers,
            ..Decided::nothing_yet(now())
        };
        let answered = notification(
            &TextContext {
                decided: Some(&decided),
                ..ctx
            },
            &first,
        );
        assert_eq!(answered.missing, Vec::<u16>::new(), "{}", case.source);
        assert!(answered.complete, "{}", case.source);
        // Both exports are what the published JSON Schema says.
        for export in [&mapped, &answered] {
            let json = serde_json::to_value(export).unwrap();
            assert_eq!(json["sections"][0]["fields"][0]["field"], 3);
            validate_against_schema(&json, case.source);
        }
    }
}

/// Validates `export` against the notification's JSON Schema
/// (`brud_shared::edpb::schema_json`) with a JSON Schema validator.
fn validate_against_schema(export: &serde_json::Value, what: &str) {
    let schema: serde_json::Value =
        serde_json::from_str(&brud_shared::edpb::schema_json()).unwrap();
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    compiler.add_resource("urn:brud:edpb", schema).unwrap();
    let index = compiler.compile("urn:brud:edpb", &mut schemas).unwrap();
    if let Err(error) = schemas.validate(export, index) {
        panic!("{what}: the export does not validate: {error}");
    }
    // And a broken one does not.
    let mut broken = export.clone();
    broken["complete"] = serde_json::json!("ja");
    assert!(schemas.validate(&broken, index).is_err(), "{what}");
}

#[test]
fn the_dpos_answers_are_checked_against_the_template() {
    use brud_shared::edpb::{check_answers, Answer, Answers};
    let cases: Vec<(u16, Answer, bool)> = vec![
        (75, Answer::Choices(vec!["c".into(), "h".into()]), true),
        (75, Answer::Choices(vec!["zz".into()]), false),
        (87, Answer::Choices(vec!["a".into(), "b".into()]), false),
        (63, Answer::Text("Aula".into()), true),
        (63, Answer::Text("  ".into()), false),
        (63, Answer::Number(3), false),
        (68, Answer::Number(25), true),
        (68, Answer::Number(-1), false),
        (47, Answer::Text("2026-11-22T10:00:00+01:00".into()), true),
        (47, Answer::Text("i går".into()), false),
        (999, Answer::Text("x".into()), false),
    ];
    for (id, answer, ok) in cases {
        let answers: Answers = [(id, answer.clone())].into();
        assert_eq!(check_answers(&answers).is_empty(), ok, "{id}: {answer:?}");
    }
}

/// The text to copy, the guide step by step and the export read the same
/// mapping: for every reference case, in both languages, each field of
/// the template's notification that applies is in the text under its
/// label and number, with the export's answer (its labels, its number,
/// its time as local time) or said to be missing; no field that does not
/// apply is; and the guide's sections are the export's.
#[test]
fn the_text_to_copy_and_the_guide_give_the_exports_answers_field_by_field() {
    use brud_shared::edpb::{notification, Answer, FieldStatus, Mandatory, Notifying};
    use brud_shared::texts::TextContext;
    use brud_shared::texts::{authority_notification, authority_sections, template_sections};
    use brud_shared::time::{format_local, Timestamp};
    let mut checked = 0;
    for case in cases() {
        let profile = org(&case.report.org);
        let assessment = assess(&case.report, Some(&profile), now());
        if assessment.obligations.notify_controller.required {
            continue; // a processor's case: the controller notifies
        }
        for lang in Language::ALL.iter().copied() {
            let ctx = TextContext {
                report: &case.report,
                assessment: &assessment,
                org: &profile,
                reference: Some("DEMO-2026-0001"),
                lang,
                decided: None,
            };
            let export = notification(&ctx, &Notifying::next(&ctx));
            let text = authority_notification(ctx);
            assert_eq!(
                authority_sections(ctx),
                template_sections(&export, lang),
                "{}",
                case.source
            );
            for field in export.sections.iter().flat_map(|s| &s.fields) {
                let head = format!(
                    "{} ({} {}): ",
                    lang.pick(&field.label_da, &field.label),
                    lang.pick("felt", "field"),
                    field.field
                );
                let line = text.lines().find(|line| line.starts_with(&head));
                let shown = match field.status {
                    FieldStatus::NotApplicable => false,
                    FieldStatus::DpoMustAdd => field.mandatory != Mandatory::No,
                    FieldStatus::Known | FieldStatus::AddedByDpo => true,
                };
                assert_eq!(line.is_some(), shown, "{}: {head}\n{text}", case.source);
                let Some(line) = line else { continue };
                let answer = &line[head.len()..];
                match &field.value {
                    None => assert!(answer.starts_with("(m"), "{}: {line}", case.source),
                    Some(Answer::Choices(keys)) => {
                        assert_eq!(field.value_labels.len(), keys.len());
                        assert_eq!(answer, field.value_labels.join("; "), "{}", case.source);
                    }
                    Some(Answer::Number(n)) => assert_eq!(answer, n.to_string()),
                    Some(Answer::Flag(_)) => assert!(["Ja", "Nej", "Yes", "No"].contains(&answer)),
                    Some(Answer::Text(value)) if field.kind == "date_time" => assert_eq!(
                        answer,
                        format_local(value.parse::<Timestamp>().unwrap().utc(), lang),
                        "{}",
                        case.source
                    ),
                    // A text may run over several lines: its first is here.
                    Some(Answer::Text(value)) => assert_eq!(
                        answer,
                        value.lines().next().unwrap_or_default(),
                        "{}",
                        case.source
                    ),
                }
                checked += 1;
            }
        }
    }
    assert!(checked > 500, "{checked} answers compared");
}
