//! Brud's policy at the HTTP edge: what the Worker answers besides the
//! domain's data, and how the desk reads its address. Pure functions on
//! plain values, tested here on the host with `cargo test`; the Worker
//! (`worker/src/http.rs`, `lib.rs`, `delivery.rs`) and the desk
//! (`desk/src/state.rs`) only apply them.
//!
//! The modules, from the bottom: [`route`] (the desk's address),
//! [`headers`] (CORS and the security headers of each kind of answer),
//! [`intake`] (which rate limits a public request counts against),
//! [`preload`] (what the desk's page preloads, from its address),
//! [`page`] (the form's page with the school's profile in it) and
//! [`backoff`] (how long a failed delivery waits).

pub mod backoff;
pub mod headers;
pub mod intake;
pub mod page;
pub mod preload;
pub mod route;
