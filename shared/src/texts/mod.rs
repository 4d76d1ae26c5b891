//! Texts generated from one report, in Danish or English.
//!
//! - [`breach_mail`]: the mail to the school's breach mailbox, answering the
//!   Kulturskole's five questions (what happened, why, is it stopped and how,
//!   what more is planned, what prevents it in future).
//! - [`authority_notification`]: the notification to Datatilsynet as the
//!   EDPB's common template maps the case ([`template`]), which asks for
//!   every point of art. 33(3) and Zahles's guideline: nature, categories
//!   and approximate numbers of people and records, DPO contact, likely
//!   consequences, measures taken and proposed, notice to the people
//!   affected, and reasons for delay; as processor, [`controller_notice`]
//!   instead: the school's own notice to the controller (art. 33(2)).
//! - [`subject_letter`]: the letter to the people affected (art. 34(2)):
//!   nature, DPO contact, consequences, measures, and what they can do,
//!   from the DPO's description on a case, never the reporter's free text.
//! - [`register_entry`]: the entry in the breach register (art. 33(5)).
//!
//! A text drafted from a case reads what the case settled ([`Decided`]).
//! Free text is quoted with its personal data masked
//! ([`TextContext::mask`]): the texts leave Brud.

mod controller;
mod decided;
mod letter;
mod mail;
mod notification;
mod parts;
mod register;
pub mod template;

pub use controller::controller_notice;
pub use decided::{
    Contained, Decided, LetterText, Notified, Preliminary, Prevention, SubjectsDecided,
};
pub use letter::subject_letter;
pub use mail::{
    breach_mail, breach_mail_message, breach_mail_with, escape_html, text_html, MailMessage,
};
pub use notification::{
    authority_notification, authority_sections, template_sections, NoticeEntry, NoticeSection,
};
pub use parts::{obligation_lines, GeneratedTexts, Mail, TextContext};
pub use register::register_entry;

/// All four texts.
pub fn generate(ctx: TextContext<'_>) -> GeneratedTexts {
    let for_controller = ctx.assessment.obligations.notify_controller.required;
    GeneratedTexts {
        breach_mail: breach_mail(ctx),
        authority_notification: if for_controller {
            controller_notice(ctx)
        } else {
            authority_notification(ctx)
        },
        for_controller,
        subject_letter: subject_letter(ctx),
        register_entry: register_entry(ctx),
    }
}
