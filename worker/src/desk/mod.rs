//! The case desk's API (`/api/desk/*`): for staff signed in through
//! Cloudflare Access, each in the organisations where the roster in force
//! (the configuration's, as the DPO keeps it: [`staff`]) gives them a
//! role, never another's.
//!
//! Every handler first checks the Access token ([`access::signed_in`], 401)
//! and then the person's role in the organisation of the path (403 when
//! they have none); a case is looked up within that organisation only, so
//! another school's reference is simply not found. What a role may record
//! is the domain's ([`EventKind::may_be_recorded_by`]), as is everything
//! about the case itself. Logs name the organisation, the case's reference,
//! the event's kind and sequence: never content.

pub mod attachments;
pub mod case;
mod common;
pub mod control;
pub mod exports;
pub mod held;
pub mod register;
pub mod staff;
