//! One unit per entry kind. Each module here is one kind of entry on a
//! case, with everything about it in one place: its data (the event's
//! fields on the wire), who may record it ([`Entry::WHO`]), why the case's
//! state refuses it whatever its data ([`Entry::refusal`]), the checks of
//! its data and its effect on the case ([`Entry::apply`]), its title in
//! the timeline, and its form on the desk ([`Entry::FORM`], [`form`]).
//! [`crate::event::EventKind`] lists the kinds once; [`crate::apply`] and
//! [`crate::Case::available`] dispatch to them.

pub mod form;
pub mod kind;

pub mod attachment_added;
pub mod authority_follow_up;
pub mod authority_notified;
pub mod closed;
pub mod contact_erased;
pub mod contained;
pub mod controller_notified;
pub mod dismissed;
pub mod dpo_opinion;
pub mod facts_corrected;
pub mod follow_up_not_needed;
pub mod follow_up_reminder_sent;
pub mod handler_agreed;
pub mod letter_written;
pub mod mail_received;
pub mod not_notified;
pub mod note;
pub mod opened;
pub mod prevention_done;
pub mod prevention_planned;
pub mod reminder_sent;
pub mod reopened;
pub mod risk_overridden;
pub mod step_done;
pub mod subjects_exception;
pub mod subjects_told;
pub mod template_answered;

pub use attachment_added::{AttachmentAdded, StoredFile};
pub use authority_follow_up::AuthorityFollowUp;
pub use authority_notified::AuthorityNotified;
pub use closed::Closed;
pub use contact_erased::ContactErased;
pub use contained::Contained;
pub use controller_notified::ControllerNotified;
pub use dismissed::Dismissed;
pub use dpo_opinion::DpoOpinion;
pub use facts_corrected::Corrections;
pub use facts_corrected::FactsCorrected;
pub use follow_up_not_needed::FollowUpNotNeeded;
pub use follow_up_reminder_sent::FollowUpReminderSent;
pub use form::{Form, FormEntry, FormField, FormValue, Input};
pub use handler_agreed::HandlerAgreed;
pub use kind::{not_your_role, refused, Applying, Entry, Who};
pub use letter_written::LetterWritten;
pub use mail_received::MailReceived;
pub use not_notified::NotNotified;
pub use note::Note;
pub use opened::Opened;
pub use prevention_done::PreventionDone;
pub use prevention_planned::PreventionPlanned;
pub use reminder_sent::ReminderSent;
pub use reopened::Reopened;
pub use risk_overridden::RiskOverridden;
pub use step_done::StepDone;
pub use subjects_exception::SubjectsException;
pub use subjects_told::SubjectsTold;
pub use template_answered::TemplateAnswered;
