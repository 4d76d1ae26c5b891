//! What every part of the Worker reads from its runtime: the organisation
//! profiles it was built with, the clock, and the per-request data the
//! router hands each handler. At the bottom of the Worker's modules, so
//! the handlers and the scheduled run use it without using the crate root.

use std::sync::OnceLock;

use brud_shared::OrgDirectory;
use chrono::{DateTime, Utc};
use worker::{console_error, Context, Date, Env};

/// The deployment's configuration as the build compiled it in
/// (`worker/build.rs`, [`brud_config::compiled_json`]).
#[derive(serde::Deserialize)]
struct Compiled {
    org: Vec<brud_shared::OrgProfile>,
    processors: Vec<(String, brud_case::control::Processor)>,
    mailboxes: Vec<brud_case::inbound::InboundMailbox>,
}

fn compiled() -> &'static Compiled {
    static COMPILED: OnceLock<Compiled> = OnceLock::new();
    COMPILED.get_or_init(|| {
        serde_json::from_str(include_str!(concat!(env!("OUT_DIR"), "/config.json")))
            .expect("the build wrote the configuration it checked")
    })
}

/// The processors of organisation `org`, in the file's order
/// ([`brud_case::control::processors_of`]).
pub(crate) fn processors_of(org: &str) -> Vec<brud_case::control::Processor> {
    brud_case::control::processors_of(&compiled().processors, org)
}

/// The breach mailbox routed to Brud at `address`, if any
/// ([`brud_case::inbound::mailbox_at`]).
pub(crate) fn mailbox_at(address: &str) -> Option<&'static brud_case::inbound::InboundMailbox> {
    brud_case::inbound::mailbox_at(&compiled().mailboxes, address)
}

/// The organisation profiles compiled into the Worker (`config/orgs.toml`,
/// checked at build time), with the loopback intranet origins of
/// `LOCAL_EMBED_ORIGINS` added for local runs and tests
/// ([`brud_config::with_local_embed_origins`]). Vars do not change while an
/// isolate lives, so this is built once.
pub(crate) fn directory(env: &Env) -> &'static OrgDirectory {
    static DIRECTORY: OnceLock<OrgDirectory> = OnceLock::new();
    DIRECTORY.get_or_init(|| {
        let builtin = OrgDirectory {
            orgs: compiled().org.clone(),
        };
        let Ok(spec) = env.var("LOCAL_EMBED_ORIGINS") else {
            return builtin;
        };
        let (directory, ignored) = brud_config::with_local_embed_origins(builtin, &spec.to_string());
        if !ignored.is_empty() {
            console_error!("LOCAL_EMBED_ORIGINS: ignored {ignored:?} (only org=loopback-origin pairs of configured organisations)");
        }
        directory
    })
}

/// A whole-number setting from the environment (`wrangler.toml`'s
/// `[vars]`), `default` when it is missing or not a number.
pub(crate) fn var_u32(env: &Env, name: &str, default: u32) -> u32 {
    env.var(name)
        .ok()
        .and_then(|value| value.to_string().trim().parse().ok())
        .unwrap_or(default)
}

/// The current time.
pub(crate) fn now() -> DateTime<Utc> {
    DateTime::from_timestamp_millis(Date::now().as_millis() as i64).unwrap_or_default()
}

/// The store on the `DB` binding.
pub(crate) fn db(env: &Env) -> worker::Result<brud_store::d1::D1> {
    Ok(brud_store::d1::D1(env.d1("DB")?))
}

/// A fresh random salt for a case's contact hash
/// ([`brud_case::contact_hash`]): two random UUIDs from the runtime's
/// WebCrypto, 244 random bits. `None` when the runtime has no crypto (the
/// case is then hashed without a salt, as cases from before salts are).
pub(crate) fn random_salt() -> Option<String> {
    use wasm_bindgen::JsCast;
    let scope: worker::web_sys::WorkerGlobalScope = worker::js_sys::global().unchecked_into();
    let crypto = scope.crypto().ok()?;
    Some(format!("{}{}", crypto.random_uuid(), crypto.random_uuid()).replace('-', ""))
}

/// A random UUID from the runtime's WebCrypto (a report received by mail
/// has no client to give it one).
pub(crate) fn random_uuid() -> Option<String> {
    use wasm_bindgen::JsCast;
    let scope: worker::web_sys::WorkerGlobalScope = worker::js_sys::global().unchecked_into();
    Some(scope.crypto().ok()?.random_uuid())
}

/// Per-request data for the handlers.
pub(crate) struct RequestMeta {
    pub(crate) origin: Option<String>,
    /// For work after the answer (`wait_until`): sending a case notice.
    pub(crate) background: Context,
}
