//! The wire format of API.md: exact field names, enum values, nulls, and
//! the published JSON Schema.

mod common;

use brud_shared::{assess, parse_report, Report};
use common::*;
use serde_json::{json, Value};

/// The report example from API.md, verbatim.
const API_EXAMPLE: &str = r#"{
  "version": 1,
  "id": "0d9f4c1e-3b0a-4c55-9d0b-1f2e3a4b5c6d",
  "org": "zahles",
  "language": "da",
  "reporter": {
    "name": "Anne Jensen",
    "role": "employee",
    "email": "anne@example.dk",
    "phone": null
  },
  "timeline": {
    "occurred": { "precision": "exact", "at": "2026-11-20T08:15:00+01:00" },
    "ongoing": false,
    "aware_at": "2026-11-20T09:30:00+01:00",
    "discovered_by": "employee",
    "discovery": "The recipient phoned the office."
  },
  "nature": {
    "confidentiality": true,
    "integrity": false,
    "availability": false,
    "incident": "misdirected_message",
    "cause": "human_error",
    "description": "An Aula message about a pupil's PPR referral went to the parents of another pupil."
  },
  "containment": {
    "stopped": "yes",
    "how": "The recipient confirmed by phone that the message was deleted.",
    "planned": "Confirm the deletion in writing.",
    "prevention": "Staff reminded to check recipients before sending."
  },
  "data": {
    "subjects": ["pupils", "parents"],
    "minors": true,
    "vulnerable": false,
    "subject_count": { "precision": "exact", "value": 3 },
    "record_count": { "precision": "approximate", "value": 1 },
    "categories": ["contact", "health"]
  },
  "circumstances": {
    "recipients": "known",
    "recipient_bound_by_confidentiality": false,
    "unintelligible": false,
    "recovered": true,
    "integrity_recoverable": null,
    "availability_loss": null,
    "backup": null,
    "unavailable_for": null,
    "exfiltration": null,
    "malicious": false
  },
  "consequences": ["reputation", "distress"],
  "role": "controller",
  "controller": null,
  "handling": {
    "leader_informed": true,
    "leader_name": "Palle Vang",
    "handler": "Palle Vang"
  },
  "subject_notice_exception": null,
  "late_reason": null,
  "override": null
}"#;

/// Removes `null` members, since "optional fields may be left out or null".
fn without_nulls(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, without_nulls(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(without_nulls).collect()),
        other => other,
    }
}

#[test]
fn the_api_example_parses_and_serialises_back_to_the_same_json() {
    let report = parse_report(API_EXAMPLE).expect("API.md example is a report");
    let original: Value = serde_json::from_str(API_EXAMPLE).unwrap();
    let written = serde_json::to_value(&report).unwrap();
    assert_eq!(without_nulls(written), without_nulls(original));
}

#[test]
fn the_api_example_is_a_valid_complete_report() {
    let report = parse_report(API_EXAMPLE).unwrap();
    let v = brud_shared::validate(&report, brud_shared::Mode::Complete, now());
    assert!(v.is_valid(), "{:#?}", v.errors);
}

#[test]
fn optional_fields_may_be_left_out_or_null() {
    let minimal = r#"{"version":1,"id":"0d9f4c1e-3b0a-4c55-9d0b-1f2e3a4b5c6d","org":"demo"}"#;
    let with_nulls = r#"{"version":1,"id":"0d9f4c1e-3b0a-4c55-9d0b-1f2e3a4b5c6d","org":"demo",
        "role":null,"override":null,"reporter":{"name":null},"timeline":{"aware_at":null}}"#;
    assert_eq!(
        parse_report(minimal).unwrap(),
        parse_report(with_nulls).unwrap()
    );
}

#[test]
fn times_keep_their_offset_on_the_wire() {
    let report = parse_report(API_EXAMPLE).unwrap();
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["timeline"]["aware_at"], "2026-11-20T09:30:00+01:00");
}

#[test]
fn the_assessment_has_exactly_the_api_shape() {
    let report: Report = parse_report(API_EXAMPLE).unwrap();
    let assessment = assess(&report, Some(&org("zahles")), now());
    let json = serde_json::to_value(&assessment).unwrap();
    let keys = |v: &Value| -> Vec<String> {
        let mut keys: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        keys.sort();
        keys
    };
    assert_eq!(
        keys(&json),
        ["computed_risk", "obligations", "risk", "rules", "severity"]
    );
    assert_eq!(
        keys(&json["severity"]),
        ["band", "cb", "dpc", "ei", "score"]
    );
    assert_eq!(
        keys(&json["obligations"]),
        [
            "notify_authority",
            "notify_controller",
            "notify_subjects",
            "record",
            "steps"
        ]
    );
    assert_eq!(
        keys(&json["obligations"]["notify_authority"]),
        ["deadline", "overdue", "required"]
    );
    assert_eq!(
        keys(&json["obligations"]["notify_subjects"]),
        ["exception", "public_communication", "required"]
    );
    assert_eq!(
        keys(&json["obligations"]["notify_controller"]),
        ["required"]
    );
    assert_eq!(keys(&json["rules"][0]), ["da", "en", "id"]);
    assert_eq!(keys(&json["obligations"]["steps"][0]), ["da", "en", "id"]);
    assert_eq!(
        json["obligations"]["notify_authority"]["deadline"],
        json!("2026-11-23T08:30:00Z")
    );
    assert!(json["severity"]["dpc"].is_u64());
    // A pupil's health data (a PPR referral) without a name is still the
    // pupil's (EI-PUPIL-RECORD): EI 1, 4 × 1 + 0.25.
    assert_eq!(json["severity"]["score"], json!(4.25));
    assert_eq!(json["severity"]["band"], "very_high");
    assert_eq!(json["risk"], "high");
    // The assessment reads back (the form receives it from the Worker).
    let back: brud_shared::Assessment = serde_json::from_value(json).unwrap();
    assert_eq!(back, assessment);
}

#[test]
fn the_published_json_schema_is_current() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../public/schema/report.v1.json"
    );
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    let generated = brud_shared::schema::report_schema_json();
    assert!(
        committed == generated,
        "public/schema/report.v1.json is out of date: run `cargo run -q -p brud-shared --bin brud-schema > public/schema/report.v1.json`"
    );
}

#[test]
fn the_published_edpb_notification_schema_is_current() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../public/schema/edpb-notification.v1.json"
    );
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed == brud_shared::edpb::schema_json(),
        "public/schema/edpb-notification.v1.json is out of date: run `cargo run -q -p brud-shared --bin brud-schema edpb > public/schema/edpb-notification.v1.json`"
    );
}

#[test]
fn the_schema_describes_the_wire_format() {
    let schema: Value = serde_json::from_str(&brud_shared::schema::report_schema_json()).unwrap();
    let required: Vec<&str> = schema["required"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(required, ["version", "id", "org"]);
    assert_eq!(
        schema["additionalProperties"],
        json!(false),
        "unknown fields are rejected"
    );
    let text = schema.to_string();
    for value in [
        "misdirected_message",
        "malicious_external",
        "published_by_mistake",
        "date-time",
    ] {
        assert!(text.contains(value), "{value} in schema");
    }
    // The DPO's decisions are no answers of a report: only `null` (an old
    // draft's) is allowed where they were.
    for decided in ["override", "subject_notice_exception"] {
        assert_eq!(
            schema["properties"][decided]["type"],
            json!("null"),
            "{decided}"
        );
    }
    assert!(
        !text.contains("disproportionate"),
        "no exception in a report"
    );
}

/// Every problem type the API sends is in docs/api.md's table, with its
/// status, and the table names no other: a client reading the contract
/// knows every `type` it can meet.
#[test]
fn every_problem_type_is_in_the_contract() {
    use brud_shared::api::ProblemType;
    use strum::IntoEnumIterator;
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/api.md"))
        .expect("docs/api.md");
    let errors = doc
        .split("\n## ")
        .find(|section| section.starts_with("Errors"))
        .expect("an Errors section");
    // The table headed `| type | status | when |`, up to its end.
    let table = errors
        .split("| type | status | when |")
        .nth(1)
        .expect("the table of problem types")
        .split("\n\n")
        .next()
        .unwrap();
    let documented: Vec<&str> = table
        .lines()
        .filter_map(|line| line.strip_prefix("| `"))
        .filter_map(|rest| rest.split_once("` | "))
        .filter(|(_, rest)| rest.starts_with(|c: char| c.is_ascii_digit()))
        .map(|(slug, _)| slug)
        .collect();
    let sent: Vec<&str> = ProblemType::iter().map(ProblemType::slug).collect();
    assert_eq!(documented, sent);
}

/// Every unit enum's wire name (strum's derive, used by D1 columns, query
/// strings and the desk's forms) is what serde writes on the wire (the
/// case crate's enums: its own test of the same name).
#[test]
fn every_unit_enum_has_one_wire_name() {
    use brud_shared::api::DeliveryStatus;
    use brud_shared::model::*;
    use brud_shared::org::{Channel, StaffRole};
    use brud_shared::risk::RuleId;
    use brud_shared::{Labelled, WireName};
    use strum::IntoEnumIterator;

    fn same<T: serde::Serialize + WireName + std::fmt::Debug>(values: impl IntoIterator<Item = T>) {
        let mut seen = 0;
        for value in values {
            assert_eq!(
                serde_json::to_value(value).unwrap(),
                json!(value.wire_name()),
                "{value:?}"
            );
            seen += 1;
        }
        assert!(seen > 1);
    }
    // Every labelled enum: the wire name, serde's form, what serde reads
    // back, and the names the published schema lists.
    fn labelled<
        T: Labelled
            + serde::Serialize
            + serde::de::DeserializeOwned
            + schemars::JsonSchema
            + WireName
            + PartialEq
            + std::fmt::Debug,
    >() {
        same(T::ALL.iter().copied());
        let names: Vec<&str> = T::ALL.iter().map(|v| v.wire_name()).collect();
        for (value, name) in T::ALL.iter().zip(&names) {
            let back: T = serde_json::from_value(json!(name)).unwrap();
            assert_eq!(back, *value);
        }
        let schema = serde_json::to_value(schemars::schema_for!(T)).unwrap();
        let listed: Vec<&str> = schema["oneOf"]
            .as_array()
            .unwrap()
            .iter()
            .map(|variant| variant["const"].as_str().unwrap())
            .collect();
        assert_eq!(listed, names, "{}", T::schema_name());
    }
    labelled::<ReporterRole>();
    labelled::<OccurredPrecision>();
    labelled::<DiscoveredBy>();
    labelled::<IncidentType>();
    labelled::<Cause>();
    labelled::<Stopped>();
    labelled::<CountPrecision>();
    labelled::<SubjectCategory>();
    labelled::<DataCategory>();
    labelled::<Recipients>();
    labelled::<AvailabilityLoss>();
    labelled::<Exfiltration>();
    labelled::<Unavailability>();
    labelled::<Consequence>();
    labelled::<Role>();
    labelled::<NoticeException>();
    labelled::<NoticeChannel>();
    labelled::<RiskLevel>();
    same(DeliveryStatus::iter());
    same(Channel::ALL);
    same([StaffRole::Dpo, StaffRole::Leader, StaffRole::Viewer]);
    same(RuleId::all());
    assert_eq!(NoticeException::Mitigated.wire_name(), "mitigated");
}
