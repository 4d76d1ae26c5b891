//! The breach mailbox as a way in: Email Routing sends a school's breach
//! address to the Worker's `email` handler ([`receive`]). Every message
//! is first forwarded unchanged to the school's real mailbox
//! (`config/mailboxes.toml`), so nothing is lost if anything after fails;
//! then it is read ([`brud_mail::read`]) and the domain decides
//! ([`brud_case::inbound::decide`]): a case received by mail is opened
//! (its report stored with the case in one transaction, the DPO told at
//! once, no delivery: the mail is in the mailbox already), a reply is
//! added to its case, or the message is only forwarded. Logs carry the
//! school, the outcome and the case's reference, never the mail.

use brud_case::evidence::{MAX_RAW_MAIL_BYTES, RAW_MAIL_NAME};
use brud_case::inbound::{
    decide, keeps_whole, references_in, Inbound, InboundMail, Unreadable, MAX_MAIL_BYTES,
};
use brud_case::write::Entry;
use brud_case::{Actor, EventKind};
use brud_shared::webhook::sha256_hex;
use brud_store::cases as stored;
use brud_store::reports::{self, Stored};
use worker::{console_error, console_log, Env, ForwardableEmailMessage};

use crate::cases::{self, Writer};
use crate::error::ApiError;
use crate::high_water::Marks;
use crate::log_key::LogKey;
use crate::received::{store_with_case, Taken};
use crate::runtime::{self, directory, now};

/// Handles one message to a routed address. Messages over
/// `MAIL_MAX_BYTES` (default [`MAX_MAIL_BYTES`]) are not read: forwarded,
/// they open a case that says where the mail is.
pub async fn receive(message: ForwardableEmailMessage, env: Env) -> Result<(), ApiError> {
    let to = message.to();
    let Some(mailbox) = runtime::mailbox_at(&to) else {
        // Not a mailbox of Brud's: refused, so the sender learns of it.
        message.set_reject("No such breach mailbox here");
        console_error!("mail to an address with no mailbox: refused");
        return Ok(());
    };
    // First, unchanged, to the school's own mailbox.
    if let Err(error) = message.forward(&mailbox.forward_to).await {
        console_error!(
            "mail to {}: forwarding failed ({:?}); the case keeps what it says",
            mailbox.org,
            error.as_string()
        );
    }
    let Some(org) = directory(&env).get(&mailbox.org) else {
        return Ok(());
    };
    let size = message.raw_size() as usize;
    let max = usize::try_from(runtime::var_u32(
        &env,
        "MAIL_MAX_BYTES",
        MAX_MAIL_BYTES as u32,
    ))
    .unwrap_or(MAX_MAIL_BYTES);
    // Read whole up to what a case keeps of a mail (Email Routing's own
    // limit), so one that cannot be read is kept as it came.
    let raw = if size <= MAX_RAW_MAIL_BYTES {
        message
            .raw_bytes()
            .await
            .map_err(|_| ApiError::Internal("mail: unreadable stream".into()))?
    } else {
        Vec::new()
    };
    let mail = if size > max {
        InboundMail {
            from: message.from(),
            size,
            unreadable: Some(Unreadable::TooLarge),
            ..InboundMail::default()
        }
    } else {
        brud_mail::read_at_most(&raw, &message.from(), max)
    };
    let db = runtime::db(&env)?;
    let mut existing = Vec::new();
    for reference in references_in(&mail.subject, org) {
        if stored::find(&db, &org.id, &reference).await?.is_some() {
            existing.push(reference);
        }
    }
    let own_sender = env.var("MAIL_FROM").ok().map(|v| v.to_string());
    let id = runtime::random_uuid().ok_or_else(|| ApiError::Internal("no crypto".into()))?;
    let arrived = now();
    let decided = decide(
        &mail,
        mailbox,
        org,
        own_sender.as_deref().filter(|s| !s.is_empty()),
        |reference| existing.iter().any(|known| known == reference),
        &id,
        arrived,
    );
    let key = LogKey::from_env(&env).await?;
    let marks = Marks::from_env(&env);
    let writer = Writer {
        key: &key,
        marks: &marks,
    };
    // Each file with whether it is the mail kept whole (never known by
    // its name: an attachment may be called mail.eml too).
    let mut files: Vec<(String, Vec<u8>, bool)> = mail
        .attachments
        .iter()
        .map(|a| (a.name.clone(), a.bytes.clone(), false))
        .collect();
    if keeps_whole(&mail) && !raw.is_empty() {
        files.push((RAW_MAIL_NAME.to_string(), raw, true));
    }
    match decided {
        Inbound::ForwardOnly(why) => {
            console_log!("mail to {}: forwarded only ({why:?})", org.id);
        }
        Inbound::AddTo { reference, mail } => {
            let Some(loaded) = stored::load(&db, org, &reference).await? else {
                return Ok(());
            };
            let entry = Entry {
                actor: Actor::System,
                role: None,
                at: arrived,
                kind: EventKind::MailReceived(mail),
                client_event_id: None,
            };
            match cases::record(&db, &writer, org, &loaded, entry, Vec::new()).await {
                Ok(_) => console_log!("mail to {}: added to {reference}", org.id),
                Err(_) => console_error!("mail to {}: not added to {reference}", org.id),
            }
            keep_files(&env, &db, org, &reference, files).await?;
        }
        Inbound::Open(report) => {
            let assessment = brud_case::inbound::assess(&report, org, arrived);
            let report_json = serde_json::to_string(&*report)?;
            let assessment_json = serde_json::to_string(&assessment)?;
            let body_sha256 = sha256_hex(report_json.as_bytes());
            let salt = runtime::random_salt();
            let taken = Taken {
                report: &report,
                json: &report_json,
                org,
                assessment: &assessment,
                at: arrived,
            };
            let new = taken.row(&body_sha256, &assessment_json, salt.as_deref());
            let settled = reports::settled_by_mail_statement(&id, arrived);
            let stored = store_with_case(
                &db,
                &writer,
                &new,
                taken,
                salt.as_deref(),
                true,
                Some(settled),
            );
            if let Stored::New(signed) = stored.await? {
                console_log!(
                    "mail to {}: case {} opened",
                    org.id,
                    signed.write.ids.reference
                );
                for entry in signed.outbox() {
                    crate::notices::send_now(env.clone(), entry.id).await;
                }
                keep_files(&env, &db, org, &signed.write.ids.reference, files).await?;
            }
        }
    }
    Ok(())
}

/// Keeps a mail's `files` on the case `reference`, each by the system: its
/// attachments (one of a kind the case does not keep is left: the mail,
/// forwarded, still has it) and, for a mail Brud could not read, the mail
/// itself as it came (marked `true`).
async fn keep_files(
    env: &Env,
    db: &brud_store::d1::D1,
    org: &brud_shared::OrgProfile,
    reference: &str,
    files: Vec<(String, Vec<u8>, bool)>,
) -> Result<(), ApiError> {
    for (name, bytes, raw_mail) in files {
        let Some(loaded) = stored::load(db, org, reference).await? else {
            return Ok(());
        };
        let by = (Actor::System, None);
        let about = crate::desk::attachments::About {
            note: Some(if raw_mail {
                "Mailen, som den kom (den kunne ikke læses)".to_string()
            } else {
                "Vedhæftet mailen".to_string()
            }),
            authority_receipt: false,
            raw_mail,
        };
        if let Err(error) =
            crate::desk::attachments::keep(env, db, org, &loaded, (&name, &bytes), by, about).await
        {
            console_error!(
                "mail to {}: a file not kept on {reference} ({error:?})",
                org.id
            );
        }
    }
    Ok(())
}
