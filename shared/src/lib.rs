//! Brud's domain core.
//!
//! Everything about personal-data breaches lives here, once, as plain data
//! and pure functions. No I/O: the same code runs in the browser (the
//! form), in the Worker and in host tests; configuration is loaded by the
//! adapters and comes in as values.
//!
//! The modules form a DAG and read bottom-up (a test in
//! `tests/module_dag.rs` fails on a cycle):
//!
//! 1. [`syntax`] (identifiers, e-mail, URLs), [`lang`] (Danish and
//!    English), [`secret`] (secret names, constant-time comparison),
//!    [`json`] (a lean decoder for the browser);
//! 2. [`model`] (the report and its wire format), [`reference`](mod@reference),
//!    [`access`] (the checks on a Cloudflare Access token);
//! 3. [`time`] (deadlines, Copenhagen time), [`pii`] (personal data in free
//!    text), [`problem`], [`org`] (organisation profiles as values);
//! 4. [`parse`] and [`validate`](mod@validate) (the report's own problems);
//! 5. [`risk`]: severity, then the level, one rule per function;
//! 6. [`obligations`]: the law's duties and the organisation's steps, and
//!    the whole [`Assessment`];
//! 7. [`texts`] (the four generated texts), [`api`] (the HTTP contract's
//!    other types), [`webhook`] (signing), [`schema`].
//!
//! What happens to a report after it is received (the case file, its log,
//! the register and the desk's contract) is the crate above this one,
//! `brud-case`: the form never loads it, so its code cannot move the
//! form's bytes.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod access;
pub mod api;
pub mod edpb;
pub mod json;
pub mod lang;
pub mod model;
pub mod obligations;
pub mod org;
pub mod parse;
pub mod pii;
pub mod problem;
pub mod reference;
pub mod risk;
pub mod schema;
pub mod secret;
pub mod syntax;
pub mod texts;
pub mod time;
pub mod uri;
pub mod validate;
pub mod variant;
pub mod webhook;
pub mod wire;

pub use lang::{Labelled, Language, Text};
pub use model::Report;
pub use obligations::{assess, examine, Assessment, Examination};
pub use org::{OrgDirectory, OrgProfile, PublicOrgProfile};
pub use parse::{parse_report, ParseError};
pub use problem::{FieldPath, Problem, ProblemCode, Validation};
pub use validate::{validate, Mode};
pub use wire::WireName;
