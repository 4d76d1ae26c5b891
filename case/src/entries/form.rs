//! An entry's form on the desk, typed: each field says which of the
//! event's fields it fills and how it is asked ([`Input`]), and
//! [`Form::event`] turns what was typed into the event's JSON (a
//! Copenhagen wall-clock time into UTC, a count into a number, ticked
//! boxes into a list), naming each value it cannot read by its field. The
//! desk draws every form from these, with no field names of its own;
//! whether the entry is allowed and complete is still the domain's, on the
//! Worker.

use brud_shared::lang::{Labelled, Language};
use brud_shared::problem::{Problem, ProblemCode};
use brud_shared::time::{from_copenhagen_local, parse_datetime_local, Timestamp};
use brud_shared::wire::WireName;
use chrono::NaiveDate;
use serde::ser::{Serialize, SerializeMap, Serializer};

/// A form: its title (Danish, English) and its fields in order.
#[derive(Debug, Clone, Copy)]
pub struct Form {
    /// What the form records.
    pub title: (&'static str, &'static str),
    /// Its fields, in the order asked.
    pub fields: &'static [FormField],
}

/// One field of a form.
#[derive(Debug, Clone, Copy)]
pub struct FormField {
    /// The event's field it fills, and the `field` its problems name.
    pub name: &'static str,
    /// The object of the event it sits in (`corrected` for a correction's
    /// answers), or `None` for the event's own fields.
    pub within: Option<&'static str>,
    /// Its label, Danish and English.
    pub label: (&'static str, &'static str),
    /// How it is asked.
    pub input: Input,
    /// Whether it may be left empty (then it is left out of the event);
    /// a required text left empty is sent empty, so the domain's check
    /// names it.
    pub optional: bool,
}

impl FormField {
    /// A required field.
    pub const fn required(
        name: &'static str,
        label: (&'static str, &'static str),
        input: Input,
    ) -> FormField {
        FormField {
            name,
            within: None,
            label,
            input,
            optional: false,
        }
    }

    /// An optional field.
    pub const fn optional(
        name: &'static str,
        label: (&'static str, &'static str),
        input: Input,
    ) -> FormField {
        FormField {
            name,
            within: None,
            label,
            input,
            optional: true,
        }
    }

    /// The same field in the event's object `within`.
    pub const fn within(self, within: &'static str) -> FormField {
        FormField {
            within: Some(within),
            ..self
        }
    }
}

/// The options of a choice: each value's wire name and label in a
/// language.
pub type Options = fn(Language) -> Vec<(&'static str, &'static str)>;

/// How a field is asked, and what its value becomes in the event.
#[derive(Debug, Clone, Copy)]
pub enum Input {
    /// One line of text; empty is left out.
    Text,
    /// Several lines; empty is left out.
    Area,
    /// A Copenhagen date and time (`datetime-local`), now by default
    /// (empty, and left out when empty, for an optional field); UTC in
    /// the event.
    When,
    /// A date (`YYYY-MM-DD`); empty is left out.
    Date,
    /// A whole number; empty is left out.
    Count,
    /// A number of people or records, exact or (when the field named
    /// `{name}_approximate` is ticked) approximate; empty is left out.
    Estimate,
    /// Yes or no (`true` ticked).
    Check,
    /// Yes, no, or (optional, nothing chosen) left out: a fact that is
    /// either corrected or left as it was.
    YesNo,
    /// When something happened, known to the minute: a Copenhagen
    /// `datetime-local`, an exact [`brud_shared::model::Occurred`] in the
    /// event; empty is left out.
    Occurred,
    /// One of a list; none chosen is left out.
    Choice(Options),
    /// Any of a list (ticked boxes, the wire names joined by `,`); none
    /// ticked is left out.
    Several(Options),
    /// An id the desk makes for the entry (a UUID), not asked.
    NewId,
}

/// The options of a labelled enum, by their wire names.
pub fn options_of<T: Labelled + WireName + 'static>(
    lang: Language,
) -> Vec<(&'static str, &'static str)> {
    T::ALL
        .iter()
        .map(|value| (value.wire_name(), value.label(lang)))
        .collect()
}

/// The options of [`Input::YesNo`].
pub fn yes_no(lang: Language) -> Vec<(&'static str, &'static str)> {
    vec![
        ("true", lang.pick("Ja", "Yes")),
        ("false", lang.pick("Nej", "No")),
    ]
}

fn problem(field: &str, code: ProblemCode, da: &str, en: &str) -> Problem {
    Problem::new(field, code, da, en)
}

impl FormField {
    /// The value typed, as the event's: `None` when left out; the problem
    /// when it cannot be read. `all` gives every value of the form by name
    /// (an estimate reads its box).
    fn value(
        &self,
        typed: &str,
        all: &dyn Fn(&str) -> String,
    ) -> Result<Option<FormValue>, Problem> {
        let text = typed.trim();
        if text.is_empty() {
            return match self.input {
                Input::Check => Ok(Some(FormValue::Flag(false))),
                _ if self.optional => Ok(None),
                Input::Text | Input::Area | Input::NewId => {
                    Ok(Some(FormValue::Text(String::new())))
                }
                Input::Choice(_) | Input::Several(_) | Input::YesNo => Err(problem(
                    self.name,
                    ProblemCode::Required,
                    "Vælg en af mulighederne.",
                    "Choose one of the options.",
                )),
                Input::When | Input::Occurred => Err(self.unreadable_time()),
                Input::Date => Err(self.unreadable_date()),
                Input::Count | Input::Estimate => Err(self.unreadable_number()),
            };
        }
        Ok(Some(match self.input {
            Input::Text | Input::Area | Input::NewId | Input::Choice(_) => {
                FormValue::Text(text.into())
            }
            Input::Check | Input::YesNo => FormValue::Flag(text == "true"),
            Input::Several(_) => FormValue::List(
                text.split(',')
                    .filter(|w| !w.is_empty())
                    .map(str::to_string)
                    .collect(),
            ),
            Input::When => FormValue::Text(self.moment(text)?),
            Input::Occurred => FormValue::Occurred {
                precision: "exact",
                at: self.moment(text)?,
            },
            Input::Date => {
                NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| self.unreadable_date())?;
                FormValue::Text(text.into())
            }
            Input::Count => FormValue::Number(text.parse().map_err(|_| self.unreadable_number())?),
            Input::Estimate => {
                let value = text.parse().map_err(|_| self.unreadable_number())?;
                let approximate = all(&format!("{}_approximate", self.name)) == "true";
                FormValue::Count {
                    precision: if approximate { "approximate" } else { "exact" },
                    value,
                }
            }
        }))
    }

    /// A Copenhagen `datetime-local` as UTC (RFC 3339).
    fn moment(&self, text: &str) -> Result<String, Problem> {
        let at = parse_datetime_local(text)
            .and_then(from_copenhagen_local)
            .ok_or_else(|| self.unreadable_time())?;
        Ok(Timestamp::from(at.utc()).to_string())
    }

    fn unreadable_time(&self) -> Problem {
        problem(
            self.name,
            ProblemCode::InvalidFormat,
            "Skriv en dato og et klokkeslæt.",
            "Enter a date and a time.",
        )
    }

    fn unreadable_date(&self) -> Problem {
        problem(
            self.name,
            ProblemCode::InvalidFormat,
            "Skriv en dato.",
            "Enter a date.",
        )
    }

    fn unreadable_number(&self) -> Problem {
        problem(
            self.name,
            ProblemCode::InvalidFormat,
            "Skriv et helt tal, fx 3.",
            "Enter a whole number, e.g. 3.",
        )
    }
}

/// One value of an entry as its form made it, as the event's JSON has it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(untagged)]
pub enum FormValue {
    /// Text, a time (RFC 3339), a date or a choice's wire name.
    Text(String),
    /// Yes or no.
    Flag(bool),
    /// A whole number.
    Number(u32),
    /// The wire names ticked.
    List(Vec<String>),
    /// When something happened, to the minute.
    Occurred {
        /// `exact`.
        precision: &'static str,
        /// The time (RFC 3339).
        at: String,
    },
    /// A count of people or records.
    Count {
        /// `exact` or `approximate`.
        precision: &'static str,
        /// The number.
        value: u32,
    },
}

/// An entry as its form made it: its kind and each value by the field it
/// fills. Serialises as the event's JSON (the desk sends it).
#[derive(Debug, Clone)]
pub struct FormEntry {
    /// The kind's wire name.
    pub kind: &'static str,
    /// Each value with its field's name and the object it sits in.
    pub values: Vec<(&'static FormField, FormValue)>,
    /// The objects the form fills, there even when nothing in them is
    /// typed (so the domain says what they lack).
    pub objects: Vec<&'static str>,
}

impl FormEntry {
    /// The value of the field named `name` (in any object), if given.
    pub fn get(&self, name: &str) -> Option<&FormValue> {
        self.values
            .iter()
            .find(|(field, _)| field.name == name)
            .map(|(_, value)| value)
    }
}

/// The values of one object of a [`FormEntry`].
struct Within<'a>(&'a FormEntry, Option<&'static str>);

impl Serialize for Within<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let Within(entry, within) = *self;
        let mut map = serializer.serialize_map(None)?;
        if within.is_none() {
            map.serialize_entry("kind", entry.kind)?;
        }
        for (field, value) in &entry.values {
            if field.within == within {
                map.serialize_entry(field.name, value)?;
            }
        }
        if within.is_none() {
            for object in &entry.objects {
                map.serialize_entry(object, &Within(entry, Some(object)))?;
            }
        }
        map.end()
    }
}

impl Serialize for FormEntry {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        Within(self, None).serialize(serializer)
    }
}

impl Form {
    /// The entry of kind `kind` (its wire name) from the values typed in
    /// its fields (`typed` gives a field's value by name, empty when not
    /// typed): what the desk sends, or the problems of the values that
    /// cannot be read, each by its field.
    pub fn event(
        &self,
        kind: &'static str,
        typed: &dyn Fn(&str) -> String,
    ) -> Result<FormEntry, Vec<Problem>> {
        let mut entry = FormEntry {
            kind,
            values: Vec::new(),
            objects: Vec::new(),
        };
        for within in self.fields.iter().filter_map(|field| field.within) {
            if !entry.objects.contains(&within) {
                entry.objects.push(within);
            }
        }
        let mut problems = Vec::new();
        for field in self.fields {
            // An estimate's box is read with its number.
            if field.name.ends_with("_approximate") {
                continue;
            }
            match field.value(&typed(field.name), typed) {
                Ok(None) => {}
                Ok(Some(value)) => entry.values.push((field, value)),
                Err(problem) => problems.push(problem),
            }
        }
        if problems.is_empty() {
            Ok(entry)
        } else {
            Err(problems)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::{EventKind, EventTag, FORMS};

    fn typed<'a>(values: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> String + 'a {
        move |name| {
            values
                .iter()
                .find(|(n, _)| *n == name)
                .map_or(String::new(), |(_, v)| v.to_string())
        }
    }

    fn json(entry: &FormEntry) -> serde_json::Value {
        serde_json::to_value(entry).unwrap()
    }

    #[test]
    fn a_notification_is_read_from_its_form_in_copenhagen_time() {
        let form = EventTag::AuthorityNotified.form().unwrap();
        let values = [
            ("notified_at", "2026-11-23T09:30"),
            ("authority_reference", " 2026-431-0042 "),
            ("complete", "true"),
        ];
        let entry = form.event("authority_notified", &typed(&values)).unwrap();
        assert_eq!(
            json(&entry),
            serde_json::json!({
                "kind": "authority_notified",
                "notified_at": "2026-11-23T08:30:00Z",
                "authority_reference": "2026-431-0042",
                "complete": true,
            })
        );
        // Summer time: two hours ahead of UTC.
        let summer = [
            ("notified_at", "2026-06-23T09:30"),
            ("authority_reference", "x"),
        ];
        let entry = form.event("authority_notified", &typed(&summer)).unwrap();
        assert_eq!(json(&entry)["notified_at"], "2026-06-23T07:30:00Z");
        assert_eq!(json(&entry)["complete"], false, "a box left unticked");
    }

    #[test]
    fn what_cannot_be_read_is_named_by_its_field_and_a_required_text_left_empty_is_sent() {
        let form = EventTag::SubjectsTold.form().unwrap();
        let values = [("told_at", "i morgen"), ("count", "tre")];
        let problems = form.event("subjects_told", &typed(&values)).unwrap_err();
        let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(fields, ["told_at", "count"]);
        // A required text left empty goes empty, so the domain's check says
        // what is missing by its field.
        let values = [("told_at", "2026-11-23T09:30"), ("count", "3")];
        let entry = form.event("subjects_told", &typed(&values)).unwrap();
        assert_eq!(json(&entry)["how"], "");
        // A required choice left empty is named here.
        let dismissal = EventTag::Dismissed.form().unwrap();
        let problems = dismissal.event("dismissed", &typed(&[])).unwrap_err();
        assert_eq!(problems[0].field, "reason");
        assert_eq!(problems[0].code, ProblemCode::Required);
    }

    #[test]
    fn a_correction_carries_its_answers_in_their_object_an_estimate_as_a_count() {
        let form = EventTag::FactsCorrected.form().unwrap();
        let values = [
            ("subject_count", "40"),
            ("subject_count_approximate", "true"),
            ("categories", "identity,health"),
            ("reason", "Klasselisten talt op"),
        ];
        let entry = form.event("facts_corrected", &typed(&values)).unwrap();
        assert_eq!(
            json(&entry),
            serde_json::json!({
                "kind": "facts_corrected",
                "reason": "Klasselisten talt op",
                "corrected": {
                    "subject_count": { "precision": "approximate", "value": 40 },
                    "categories": ["identity", "health"],
                },
            })
        );
        // Nothing corrected: the object is still there, for the domain to
        // say that something must be.
        let entry = form
            .event("facts_corrected", &typed(&[("reason", "x")]))
            .unwrap();
        assert_eq!(json(&entry)["corrected"], serde_json::json!({}));
    }

    #[test]
    fn a_fact_answered_no_is_corrected_to_false_and_one_left_unchosen_stays() {
        let form = EventTag::FactsCorrected.form().unwrap();
        let values = [
            ("aware_at", "2026-11-23T09:30"),
            ("occurred", "2026-11-20T23:15"),
            ("confidentiality", "false"),
            ("integrity", ""),
            ("unintelligible", "true"),
            ("role", "processor"),
            ("reason", "IT har undersøgt loggen"),
        ];
        let entry = form.event("facts_corrected", &typed(&values)).unwrap();
        assert_eq!(
            json(&entry)["corrected"],
            serde_json::json!({
                "aware_at": "2026-11-23T08:30:00Z",
                "occurred": { "precision": "exact", "at": "2026-11-20T22:15:00Z" },
                "confidentiality": false,
                "unintelligible": true,
                "role": "processor",
            })
        );
        let kind: EventKind = serde_json::from_value(json(&entry)).unwrap();
        let EventKind::FactsCorrected(corrected) = kind else {
            panic!("{kind:?}")
        };
        assert_eq!(corrected.corrected.integrity, None);
        assert_eq!(corrected.corrected.confidentiality, Some(false));
    }

    #[test]
    fn every_form_makes_an_event_the_worker_reads() {
        for tag in FORMS {
            let form = tag.form().unwrap_or_else(|| panic!("{tag:?} has no form"));
            let value = |field: &FormField| -> String {
                match field.input {
                    Input::Text | Input::Area | Input::NewId => "tekst".into(),
                    Input::When | Input::Occurred => "2026-11-23T09:30".into(),
                    Input::YesNo => "false".into(),
                    Input::Date => "2026-12-01".into(),
                    Input::Count | Input::Estimate => "3".into(),
                    Input::Check => "true".into(),
                    Input::Choice(options) | Input::Several(options) => {
                        options(Language::Da)[0].0.to_string()
                    }
                }
            };
            let typed = |name: &str| {
                form.fields
                    .iter()
                    .find(|field| field.name == name)
                    .map(value)
                    .unwrap_or_default()
            };
            let entry = form.event(tag.name(), &typed).unwrap();
            let kind: EventKind = serde_json::from_value(json(&entry))
                .unwrap_or_else(|e| panic!("{tag:?}: {e}: {}", json(&entry)));
            assert_eq!(kind.tag(), tag);
        }
    }
}
