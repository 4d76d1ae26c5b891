//! The EDPB's common template for the notification of a breach, under its
//! own name for the crates that read it (the export, the DPO's answers,
//! the schema). The mapping lives with the texts that give the
//! notification ([`crate::texts::template`]): it reads the same context
//! and pieces they do, and the text to copy and the guide are made from it.

pub use crate::texts::template::*;
