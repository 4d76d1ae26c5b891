//! Reading a report from JSON, with errors fit for a person and for RFC 9457.
//!
//! Two kinds of failure, because they get different HTTP statuses:
//! [`ParseError::Syntax`] (not JSON at all: 400) and [`ParseError::Shape`]
//! (JSON, but not a report: 422 with the JSON path of the offending field).
//! Messages never repeat the input, so an error body cannot leak report
//! content.

use serde::de::DeserializeOwned;
use serde_json::error::Category;

use crate::model::Report;
use crate::problem::{Problem, ProblemCode};

/// Why a body is not a report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseError {
    /// Not well-formed JSON; line and column of the first error.
    Syntax {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
    },
    /// Well-formed JSON with a field of the wrong type, an unknown field, an
    /// unknown enum value or a missing required field.
    Shape(Problem),
}

/// Parses a report (draft or complete) from JSON text.
///
/// ```
/// # use brud_shared::parse::{parse_report, ParseError};
/// assert!(matches!(parse_report("{"), Err(ParseError::Syntax { .. })));
/// let err = parse_report(r#"{"version":1,"id":"x","org":"demo","nature":{"cause":"aliens"}}"#);
/// let Err(ParseError::Shape(problem)) = err else { panic!() };
/// assert_eq!(problem.field, "nature.cause");
/// ```
pub fn parse_report(json: &str) -> Result<Report, ParseError> {
    parse_json(json)
}

/// Parses any wire type with the same error handling.
pub fn parse_json<T: DeserializeOwned>(json: &str) -> Result<T, ParseError> {
    let mut deserializer = serde_json::Deserializer::from_str(json);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let path = error.path().to_string();
        let inner = error.into_inner();
        match inner.classify() {
            Category::Data => ParseError::Shape(shape_problem(&path, &inner.to_string())),
            // serde_json reports `null` where an enum is required as
            // "expected value", a syntax error; for well-formed JSON it is
            // a shape problem at that path.
            Category::Syntax | Category::Eof | Category::Io
                if serde_json::from_str::<serde::de::IgnoredAny>(json).is_ok() =>
            {
                ParseError::Shape(shape_problem(&path, "invalid value"))
            }
            Category::Syntax | Category::Eof | Category::Io => syntax(&inner),
        }
    })?;
    // Anything after the value is a syntax error too.
    deserializer.end().map_err(|error| syntax(&error))?;
    Ok(value)
}

/// Reads any wire type from JSON already read, with the problem at the
/// path of what is wrong, as [`parse_json`]'s shape problems. The
/// reference [`problem_by_elimination`] is tested against.
///
/// ```
/// # use brud_shared::parse::parse_value;
/// # use brud_shared::model::Nature;
/// let problem = parse_value::<Nature>(serde_json::json!({"cause": "aliens"})).unwrap_err();
/// assert_eq!(problem.field, "cause");
/// ```
pub fn parse_value<T: DeserializeOwned>(value: serde_json::Value) -> Result<T, Problem> {
    serde_path_to_error::deserialize(value).map_err(|error| {
        let path = error.path().to_string();
        shape_problem(&path, &error.into_inner().to_string())
    })
}

/// The problem with `value` that `read` refused with `message`, at the
/// path of what is wrong, without quoting it. serde reads a map's values
/// and a list's elements in order and stops at the first it cannot read,
/// before naming any field missing; so the key or element whose removal
/// changes what `read` says is the one to blame, and inside it the same
/// again. A field said to be missing is under the object whose removal
/// changes that into anything but its own absence (removing another
/// required field only names that one missing instead). The top-level
/// keys in `fixed` (a tag, fields checked before the rest) are never taken
/// out. `None` when no one field is to blame.
///
/// Why not serde_path_to_error, as [`parse_json`]: a type read through
/// serde's tag and `flatten` (a desk's event: its kind's data beside its
/// `kind`) loses the path, and reading each kind's data on its own with it
/// would instantiate every kind's deserializer again in the Worker (35 kB
/// of its 1 MB gzip budget); `read` here is the deserializer already
/// there. Tested against [`parse_value`] for the kinds of entry.
///
/// ```
/// # use brud_shared::parse::problem_by_elimination;
/// # use brud_shared::model::Nature;
/// let read = |v: &serde_json::Value| {
///     serde_json::from_value::<Nature>(v.clone()).map(drop).map_err(|e| e.to_string())
/// };
/// let bad = serde_json::json!({"cause": "aliens", "confidentiality": true});
/// let problem = problem_by_elimination(&bad, &read(&bad).unwrap_err(), &[], read).unwrap();
/// assert_eq!(problem.field, "cause");
/// ```
pub fn problem_by_elimination(
    value: &serde_json::Value,
    message: &str,
    fixed: &[&str],
    read: impl Fn(&serde_json::Value) -> Result<(), String>,
) -> Option<Problem> {
    let missing = message.starts_with("missing field `");
    // A field missing: the object whose removal lets the rest be read is
    // the one that lacks it (removing any other required field only
    // names that one missing instead).
    let path = blamed(value, &[], fixed, message, missing, &read).unwrap_or_default();
    let path: String = path
        .iter()
        .enumerate()
        .map(|(i, step)| match step {
            Step::Key(key) if i == 0 => key.clone(),
            Step::Key(key) => format!(".{key}"),
            Step::Index(index) => format!("[{index}]"),
        })
        .collect();
    (missing || !path.is_empty()).then(|| shape_problem(&path, message))
}

/// One step of a path into JSON, as serde_path_to_error writes it.
#[derive(Debug, Clone)]
enum Step {
    /// An object's key (`.key`).
    Key(String),
    /// An array's element (`[index]`).
    Index(usize),
}

impl Step {
    fn of<'v>(&self, value: &'v serde_json::Value) -> Option<&'v serde_json::Value> {
        match self {
            Step::Key(key) => value.get(key),
            Step::Index(index) => value.get(index),
        }
    }

    fn of_mut<'v>(&self, value: &'v mut serde_json::Value) -> Option<&'v mut serde_json::Value> {
        match self {
            Step::Key(key) => value.get_mut(key),
            Step::Index(index) => value.get_mut(index),
        }
    }

    /// Takes it out of `parent`.
    fn remove(&self, parent: &mut serde_json::Value) {
        match (self, parent) {
            (Step::Key(key), serde_json::Value::Object(object)) => {
                object.remove(key);
            }
            (Step::Index(index), serde_json::Value::Array(array)) => {
                array.remove(*index);
            }
            _ => {}
        }
    }
}

/// The path under `at` in `root` to blame for `read`'s refusal with
/// `message` (see [`problem_by_elimination`]); when `missing`, looked for
/// at every depth.
fn blamed(
    root: &serde_json::Value,
    at: &[Step],
    fixed: &[&str],
    message: &str,
    missing: bool,
    read: &impl Fn(&serde_json::Value) -> Result<(), String>,
) -> Option<Vec<Step>> {
    let here = at.iter().try_fold(root, |value, step| step.of(value))?;
    let steps: Vec<(Step, &serde_json::Value)> = match here {
        serde_json::Value::Object(object) => object
            .iter()
            .filter(|(key, _)| !at.is_empty() || !fixed.contains(&key.as_str()))
            .map(|(key, inner)| (Step::Key(key.clone()), inner))
            .collect(),
        serde_json::Value::Array(array) => array
            .iter()
            .enumerate()
            .map(|(index, inner)| (Step::Index(index), inner))
            .collect(),
        _ => return None,
    };
    steps.into_iter().find_map(|(step, inner)| {
        let mut trial = root.clone();
        let parent = at
            .iter()
            .try_fold(&mut trial, |value, step| step.of_mut(value))?;
        step.remove(parent);
        let blame = match (read(&trial), &step) {
            (Ok(()), _) => true,
            (Err(now), _) if now == message => false,
            (Err(now), Step::Key(key)) if missing => {
                !now.starts_with(&format!("missing field `{key}`"))
            }
            (Err(_), _) => !missing,
        };
        let mut path = at.to_vec();
        path.push(step);
        if blame {
            Some(blamed(root, &path, fixed, message, missing, read).unwrap_or(path))
        } else if missing && (inner.is_object() || inner.is_array()) {
            blamed(root, &path, fixed, message, missing, read)
        } else {
            None
        }
    })
}

fn syntax(error: &serde_json::Error) -> ParseError {
    ParseError::Syntax {
        line: error.line(),
        column: error.column(),
    }
}

/// Turns serde's message into a problem without quoting the input.
fn shape_problem(path: &str, message: &str) -> Problem {
    let path = if path == "." { "" } else { path };
    if message.starts_with("unknown field `") {
        // The path ends with the unknown key. Keys are client content: name
        // it only when it looks like a field name, else point at the parent.
        let (parent, key) = path.rsplit_once('.').unwrap_or(("", path));
        let safe = !key.is_empty()
            && key.len() <= 64
            && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
        return Problem::new(
            if safe { path } else { parent },
            ProblemCode::UnknownField,
            "Feltet findes ikke i formatet.",
            "This field does not exist in the format.",
        );
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let name = rest.split('`').next().unwrap_or("");
        let field = if path.is_empty() {
            name.to_string()
        } else {
            format!("{path}.{name}")
        };
        return Problem::new(
            field,
            ProblemCode::Required,
            "Feltet mangler.",
            "This field is missing.",
        );
    }
    if message.starts_with("invalid timestamp") {
        return Problem::new(
            path,
            ProblemCode::InvalidFormat,
            "Tidspunktet skal have dato, klokkeslæt og tidszone (RFC 3339), fx 2026-11-20T09:30:00+01:00.",
            "The time needs date, time and time zone (RFC 3339), e.g. 2026-11-20T09:30:00+01:00.",
        );
    }
    Problem::new(
        path,
        ProblemCode::InvalidValue,
        "Værdien er ikke en af de tilladte.",
        "The value is not one of those allowed.",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(json: &str) -> Problem {
        match parse_report(json) {
            Err(ParseError::Shape(problem)) => problem,
            other => panic!("expected a shape error, got {other:?}"),
        }
    }

    const HEAD: &str = r#""version":1,"id":"0d9f4c1e-3b0a-4c55-9d0b-1f2e3a4b5c6d","org":"demo""#;

    #[test]
    fn syntax_errors_are_told_apart() {
        assert!(matches!(parse_report(""), Err(ParseError::Syntax { .. })));
        assert!(matches!(
            parse_report("{\"version\":"),
            Err(ParseError::Syntax { .. })
        ));
        assert!(matches!(
            parse_report(&format!("{{{HEAD}}} trailing")),
            Err(ParseError::Syntax { .. })
        ));
        assert!(matches!(
            parse_report("not json"),
            Err(ParseError::Syntax { line: 1, column: 2 })
        ));
    }

    #[test]
    fn unknown_fields_are_named_by_path() {
        let problem = shape(&format!(r#"{{{HEAD},"reporter":{{"nme":"A"}}}}"#));
        assert_eq!(problem.field, "reporter.nme");
        assert_eq!(problem.code, ProblemCode::UnknownField);
        let problem = shape(&format!(r#"{{{HEAD},"extra":1}}"#));
        assert_eq!(problem.field, "extra");
        let problem = shape(&format!(
            r#"{{{HEAD},"timeline":{{"occurred":{{"precision":"exact","zzz":1}}}}}}"#
        ));
        assert_eq!(problem.field, "timeline.occurred.zzz");
        // A key that is not a field name (here: personal data) is not echoed.
        let problem = shape(&format!(
            r#"{{{HEAD},"reporter":{{"Anne Jensen 010101-1234":1}}}}"#
        ));
        assert_eq!(problem.field, "reporter");
    }

    #[test]
    fn wrong_values_are_named_by_path_and_not_echoed() {
        let problem = shape(&format!(
            r#"{{{HEAD},"data":{{"categories":["contact","secret-value-123"]}}}}"#
        ));
        assert_eq!(problem.field, "data.categories[1]");
        assert_eq!(problem.code, ProblemCode::InvalidValue);
        assert!(!format!("{problem:?}").contains("secret-value-123"));
    }

    #[test]
    fn null_for_a_required_choice_is_a_shape_problem_not_a_syntax_error() {
        let problem = shape(&format!(
            r#"{{{HEAD},"timeline":{{"occurred":{{"precision":null}}}}}}"#
        ));
        assert_eq!(problem.field, "timeline.occurred.precision");
        assert_eq!(problem.code, ProblemCode::InvalidValue);
        // Found by the property test: a struct written as nested arrays.
        assert!(matches!(
            parse_report(r#"{"timeline":[[null]]}"#),
            Err(ParseError::Shape(_))
        ));
    }

    #[test]
    fn bad_timestamps_get_a_format_hint() {
        let problem = shape(&format!(
            r#"{{{HEAD},"timeline":{{"aware_at":"20.11.2026 kl 9"}}}}"#
        ));
        assert_eq!(problem.field, "timeline.aware_at");
        assert_eq!(problem.code, ProblemCode::InvalidFormat);
    }

    #[test]
    fn missing_envelope_fields_are_required() {
        let problem = shape(r#"{"version":1,"org":"demo"}"#);
        assert_eq!(problem.field, "id");
        assert_eq!(problem.code, ProblemCode::Required);
    }

    #[test]
    fn negative_counts_parse_so_validation_can_explain() {
        let report = parse_report(&format!(
            r#"{{{HEAD},"data":{{"subject_count":{{"precision":"exact","value":-3}}}}}}"#
        ))
        .unwrap();
        assert_eq!(report.data.subject_count.unwrap().value, Some(-3));
    }
}
