//! Mail from the Worker: Cloudflare Email Sending through the `MAIL`
//! binding (`[[send_email]]` in wrangler.toml), from the address in the
//! `MAIL_FROM` var (on the deployment's onboarded sending domain).
//!
//! What goes out is made by the domain ([`brud_shared::texts::MailMessage`]);
//! this module only hands it to the binding, with a timeout. The binding's
//! `send` cannot be aborted: a send that outlives the timeout is counted as
//! failed and tried again later, so a very slow send may, rarely, reach the
//! mailbox twice (the reference in the subject makes the twin plain).
//! Failures are logged and stored as short codes, never with content or
//! addresses.

use std::time::Duration;

use brud_shared::texts::MailMessage;
use futures_util::future::{select, Either};
use worker::{Delay, EmailAddress, Env, SendEmailBuilder};

/// The binding's name in wrangler.toml.
pub const BINDING: &str = "MAIL";

/// The sender, from the Worker's vars: `MAIL_FROM` (the address) and
/// `MAIL_FROM_NAME` (the name mail apps show; default "Brud").
pub struct Sender {
    address: String,
    name: String,
}

impl Sender {
    /// The configured sender, or `None` without a `MAIL_FROM`.
    pub fn from_env(env: &Env) -> Option<Sender> {
        let var = |name: &str| {
            env.var(name)
                .ok()
                .map(|value| value.to_string().trim().to_string())
                .filter(|value| !value.is_empty())
        };
        Some(Sender {
            address: var("MAIL_FROM")?,
            name: var("MAIL_FROM_NAME").unwrap_or_else(|| "Brud".to_string()),
        })
    }
}

/// Sends `message`; `Err` with a short code on failure: `no-mail-sender`
/// (no `MAIL_FROM`), `no-mail-binding`, `mail-rejected` (the binding
/// refused it: an address not allowed, a domain not onboarded, a limit),
/// `mail-timeout`.
pub async fn send(env: &Env, message: &MailMessage, timeout: Duration) -> Result<(), String> {
    let sender = Sender::from_env(env).ok_or("no-mail-sender")?;
    let binding = env
        .send_email(BINDING)
        .map_err(|_| "no-mail-binding".to_string())?;
    let from = EmailAddress::new(&sender.name, &sender.address);
    let builder = SendEmailBuilder::builder_with_email_address_and_slice(
        &from,
        &message.to,
        &message.subject,
    )
    .text(&message.text)
    .html(&message.html)
    .build();
    let send = Box::pin(binding.send_with_builder(&builder));
    let timer = Box::pin(Delay::from(timeout));
    // Bound before it is returned: the futures borrow `binding` and `builder`.
    let outcome = match select(send, timer).await {
        Either::Left((Ok(_), _)) => Ok(()),
        Either::Left((Err(_), _)) => Err("mail-rejected".to_string()),
        Either::Right(_) => Err("mail-timeout".to_string()),
    };
    outcome
}
