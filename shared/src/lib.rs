//! Brud's domain core.
//!
//! Everything about personal-data breaches lives here, once, as plain data
//! and pure functions: the report model and wire format ([`model`],
//! [`parse`]), validation ([`validate`]), the risk rules and obligations
//! ([`risk`]), deadlines and Danish local time ([`time`]), personal-data
//! detection in free text ([`pii`]), organisation profiles ([`org`]), the
//! generated texts ([`texts`]), and a download-size-lean JSON decoder for
//! the browser ([`json`]). No I/O: the same code runs in the browser
//! (the form), in the Worker and in host tests.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod api;
pub mod json;
pub mod lang;
pub mod model;
pub mod org;
pub mod parse;
pub mod pii;
pub mod reference;
pub mod risk;
pub mod schema;
pub mod texts;
pub mod time;
pub mod validate;
pub mod webhook;

pub use lang::{Labelled, Language, Text};
pub use model::Report;
pub use org::{OrgDirectory, OrgProfile, PublicOrgProfile};
pub use parse::{parse_report, ParseError};
pub use risk::{assess, Assessment};
pub use validate::{validate, Mode, Problem, ProblemCode, Validation};
