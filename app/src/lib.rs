//! The Brud form: a Leptos client-side app. It keeps the report in a store
//! (context), validates and assesses with `brud-shared` as people type,
//! keeps a draft on the device, and sends the finished report to the Worker.
//! Effects are used only to sync with the outside: localStorage, the clock,
//! the document's language and title.

pub mod api;
pub mod draft;
pub mod fields;
pub mod steps;
pub mod store;

use std::time::Duration;

use brud_shared::syntax::is_org_id;
use brud_shared::{Language, Report};
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::prelude::*;

use crate::api::{FieldProblem, SendError};
use crate::draft::StoredDraft;
use crate::fields::Later;
use crate::steps::*;
use crate::store::{
    load_receipt_texts, tr, use_store, DraftStatus, FormStore, SendState, Stage, Step,
};

/// A fresh report id (UUID v4 from the browser's crypto).
fn new_id() -> String {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
        .unwrap_or_default()
}

/// The `org` and `lang` query parameters.
fn query(name: &str) -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search)
        .ok()?
        .get(name)
}

fn local_hhmm() -> String {
    let local = brud_shared::time::to_datetime_local(chrono::Utc::now());
    local.get(11..16).unwrap_or_default().replace(':', ".")
}

/// Puts problems in the order their fields appear on the page, as the
/// error summary should list them (problems without a field on the page
/// last, in their own order).
fn in_page_order(problems: Vec<FieldProblem>) -> Vec<FieldProblem> {
    let ids: Vec<String> = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector_all("input[id], textarea[id]").ok())
        .map(|nodes| {
            (0..nodes.length())
                .filter_map(|i| nodes.item(i))
                .filter_map(|node| node.dyn_into::<web_sys::Element>().ok())
                .map(|element| element.id())
                .collect()
        })
        .unwrap_or_default();
    let position = |p: &FieldProblem| {
        let id = fields::field_id(fields::question_for(&p.field));
        ids.iter()
            .position(|candidate| *candidate == id)
            .unwrap_or(usize::MAX)
    };
    // An insertion by position: a handful of problems, and no std sort
    // code in the download.
    let mut ordered: Vec<(usize, FieldProblem)> = Vec::with_capacity(problems.len());
    for problem in problems {
        let key = position(&problem);
        let at = ordered.partition_point(|(other, _)| *other <= key);
        ordered.insert(at, (key, problem));
    }
    ordered.into_iter().map(|(_, problem)| problem).collect()
}

thread_local! {
    /// Sends not taken in a row (the backoff's exponent) and the number of
    /// the send again that is due, so that only the latest one fires.
    static RETRY: std::cell::Cell<(u32, u32)> = const { std::cell::Cell::new((0, 0)) };
}

/// Sends the report (kept in the outbox first, so nothing is lost). Not
/// taken for a reason that is not its content (no connection, 429, 409,
/// 413, 5xx, …), it stays in the outbox, the reporter is told what to do
/// meanwhile ([`SendStatus`]), and it is sent again by itself, after
/// 5 s, 10 s, 20 s, … at most 5 minutes apart (longer when the Worker's
/// `Retry-After` asks for it), until it is taken or the draft is deleted.
/// A 422 shows its problems by their fields instead.
fn send(store: FormStore, org: String) {
    if store.sending.get_untracked() == SendState::Sending {
        return;
    }
    // The report as sent, serialised in place (no copy of it).
    let body = store.report.with_untracked(|report| {
        draft::put_outbox(&org, report);
        api::to_json(report)
    });
    store.sending.set(SendState::Sending);
    spawn_local(async move {
        match api::send_report(body).await {
            Ok(receipt) => {
                RETRY.set((0, RETRY.get().1 + 1));
                draft::clear_outbox(&org);
                draft::delete(&org);
                store.receipt.set(Some(receipt));
                store.sending.set(SendState::Idle);
                store.step.set(Step::Receipt);
                load_receipt_texts(store);
            }
            Err(SendError::Invalid(problems)) => {
                draft::clear_outbox(&org);
                store.sending.set(SendState::Idle);
                store.shown_errors.set(problems);
            }
            Err(SendError::NotTaken {
                status,
                retry_after,
            }) => {
                if status == 409 {
                    // Another report has this id (an earlier version was
                    // taken and its answer lost): this one goes as a report
                    // of its own, which the DPO can dismiss as a duplicate.
                    store.edit(|r| r.id = new_id());
                    store.report.with_untracked(|r| draft::put_outbox(&org, r));
                }
                store.sending.set(SendState::Waiting { status });
                let (tries, due) = RETRY.get();
                let due = due + 1;
                RETRY.set((tries + 1, due));
                let wait = retry_after
                    .unwrap_or(0)
                    .max((5u32 << tries.min(6)).min(300));
                set_timeout(
                    move || {
                        if RETRY.get().1 == due && draft::outbox(&org).is_some() {
                            send(store, org);
                        }
                    },
                    Duration::from_secs(wait.into()),
                );
            }
        }
    });
}

#[wasm_bindgen(module = "/js/offline.js")]
extern "C" {
    /// Registers the service worker that keeps the form for offline use.
    /// (`catch` gives the import a glue shim: scripts/minify-names.mjs
    /// expects every import in the glue's one import object.)
    #[wasm_bindgen(js_name = keepForOffline, catch)]
    fn keep_for_offline() -> Result<(), JsValue>;
}

/// Draws the next stage of the first render in a task of its own, after
/// the browser has painted this one (a timer started from an animation
/// frame runs after that frame), until everything is drawn and painted;
/// then lets the service worker in.
fn draw_next_stage(store: FormStore) {
    request_animation_frame(move || {
        set_timeout(
            move || {
                let drawn = store.stage.get_untracked();
                if drawn < Stage::ALL {
                    if drawn == Stage::SETUP {
                        // The page's static text, on screen until the form's own.
                        if let Some(text) = web_sys::window()
                            .and_then(|w| w.document())
                            .and_then(|d| d.get_element_by_id("main"))
                        {
                            text.remove();
                        }
                    }
                    store.stage.set(drawn + 1);
                    draw_next_stage(store);
                } else {
                    let _ = keep_for_offline();
                }
            },
            Duration::ZERO,
        );
    });
}

/// The whole form.
#[component]
pub fn App() -> impl IntoView {
    let org_id = query("org")
        .filter(|id| is_org_id(id))
        .unwrap_or_else(|| "demo".to_string());
    let restored = draft::load(&org_id, draft::now_ms());
    let language = match query("lang").as_deref() {
        Some("en") => Language::En,
        _ => Language::Da,
    };
    let (report, step) = match restored {
        Some(draft) => (draft.report, Some(draft.step)),
        None => (Report::new_draft(new_id(), org_id.clone(), language), None),
    };
    let store = FormStore::new(report);
    if let Some(step) = step {
        store.step.set(Step::from_number(step));
    }
    // On a slow phone the first render is the longest task of the start:
    // drawn in stages (`Stage`), after this task of setting up and then a
    // part per frame from the top down, it is several short tasks, and the
    // first screen paints sooner.
    store.stage.set(Stage::SETUP);
    draw_next_stage(store);
    provide_context(store);

    // The organisation's profile, for its steps and contacts: in the page
    // (the Worker puts it there; an unknown school has none). Read in a
    // task of its own, before the first screen's (a timer started before
    // the stages' runs first), which shows its contacts.
    {
        let org_id = org_id.clone();
        set_timeout(
            move || {
                if let Some((org, json)) = api::embedded_org(&org_id) {
                    store.org_json.set_value(Some(json));
                    store.org.set(Some(org));
                }
            },
            Duration::ZERO,
        );
    }

    // Sync: the draft to localStorage, debounced, never before submit elsewhere.
    let generation = StoredValue::new(0u64);
    {
        let org_id = org_id.clone();
        Effect::new(move |first: Option<()>| {
            // Tracked, not cloned: a keystroke only restarts the timer; the
            // report is read once, when the timer fires.
            store.report.track();
            let step = store.step.get();
            if first.is_none() || store.receipt.with(Option::is_some) {
                return;
            }
            generation.update_value(|g| *g += 1);
            let mine = generation.get_value();
            let org_id = org_id.clone();
            set_timeout(
                move || {
                    if generation.get_value() != mine
                        || store.receipt.with_untracked(Option::is_some)
                    {
                        return;
                    }
                    let saved = store.report.with_untracked(|report| {
                        draft::save(
                            &org_id,
                            &StoredDraft {
                                saved_at: draft::now_ms(),
                                step: step.number(),
                                report,
                            },
                        )
                    });
                    store.draft.set(if saved {
                        DraftStatus::Saved(local_hhmm())
                    } else {
                        DraftStatus::Unavailable
                    });
                },
                Duration::from_millis(400),
            );
        });
    }

    // Sync: save at once when the page goes away (reload, tab closed,
    // phone switching apps), so the debounce never costs the last words.
    {
        let org_id = org_id.clone();
        let flush = Closure::<dyn Fn()>::new(move || {
            if store.receipt.with_untracked(Option::is_some) {
                return;
            }
            store.report.with_untracked(|report| {
                draft::save(
                    &org_id,
                    &StoredDraft {
                        saved_at: draft::now_ms(),
                        step: store.step.get_untracked().number(),
                        report,
                    },
                )
            });
        });
        if let Some(window) = web_sys::window() {
            let _ =
                window.add_event_listener_with_callback("pagehide", flush.as_ref().unchecked_ref());
        }
        flush.forget();
    }

    // Sync: when embedded by public/embed.js, tell the parent page our
    // height so the iframe fits its content. Only the height is sent, and
    // only to the origin the embed script named; the browser delivers
    // nothing if the real parent has another origin.
    if let Some(parent_origin) = query("parent").filter(|o| brud_shared::syntax::is_origin(o)) {
        let report_height = Closure::<dyn Fn()>::new(move || {
            let Some(window) = web_sys::window() else {
                return;
            };
            let height = window
                .document()
                .and_then(|d| d.document_element())
                .map_or(0, |root| root.scroll_height());
            let message = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&message, &"type".into(), &"brud:height".into());
            let _ = js_sys::Reflect::set(&message, &"height".into(), &height.into());
            if let Ok(Some(parent)) = window.parent() {
                let _ = parent.post_message(&message, &parent_origin);
            }
        });
        if let Ok(observer) = web_sys::ResizeObserver::new(report_height.as_ref().unchecked_ref()) {
            if let Some(body) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.body())
            {
                observer.observe(&body);
            }
        }
        report_height.forget();
    }

    // Sync: the clock for the countdown.
    let _ = set_interval_with_handle(
        move || store.now.set(chrono::Utc::now()),
        Duration::from_secs(30),
    );

    // Sync: the document's language and title ("Fejl: " while errors show).
    Effect::new(move |_| {
        let lang = store.lang.get();
        let errors = store.shown_errors.with(|e| !e.is_empty());
        let title = format!(
            "{}{} – Brud",
            if errors {
                lang.pick("Fejl: ", "Error: ")
            } else {
                ""
            },
            step_title(store.step.get(), lang)
        );
        if let Some(document) = web_sys::window().and_then(|w| w.document()) {
            document.set_title(&title);
            if let Some(root) = document.document_element() {
                let _ = root.set_attribute("lang", lang.tag());
            }
        }
    });

    // A report sent offline goes out when the connection returns (same id).
    {
        let outbox_org = org_id.clone();
        let retry = Closure::<dyn Fn()>::new(move || {
            if draft::outbox(&outbox_org).is_some() {
                send(store, outbox_org.clone());
            }
        });
        if let Some(window) = web_sys::window() {
            let _ =
                window.add_event_listener_with_callback("online", retry.as_ref().unchecked_ref());
        }
        retry.forget();
        if let Some(pending) = draft::outbox(&org_id) {
            store.replace(pending);
            store.step.set(Step::Check);
            send(store, org_id.clone());
        }
    }

    let summary = NodeRef::<html::Div>::new();
    let go_to = move |step: Step| {
        store.shown_errors.set(Vec::new());
        store.step.set(step);
        if let Some(window) = web_sys::window() {
            window.scroll_to_with_x_and_y(0.0, 0.0);
        }
    };
    let continue_on = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let step = store.step.get_untracked();
        let errors = store.errors_for(step);
        if errors.is_empty() {
            if step == Step::Check {
                send(store, store.report.with_untracked(|r| r.org.clone()));
            } else {
                go_to(step.next());
            }
        } else {
            store.shown_errors.set(in_page_order(errors));
            request_animation_frame(move || {
                if let Some(element) = summary.get_untracked() {
                    let _ = element.focus();
                }
            });
        }
    };
    let delete_draft = {
        // Stored, so that the handler is `Copy` for the views it is drawn in.
        let org_id = StoredValue::new(org_id.clone());
        move |_| {
            let org_id = org_id.get_value();
            draft::delete(&org_id);
            draft::clear_outbox(&org_id);
            store.sending.set(SendState::Idle);
            store.replace(Report::new_draft(
                new_id(),
                org_id.clone(),
                store.lang.get_untracked(),
            ));
            store.step.set(Step::What);
            store.shown_errors.set(Vec::new());
            store.draft.set(DraftStatus::Idle);
        }
    };
    let lang = store.lang;
    let step = store.step;
    let on_receipt = move || step.get() == Step::Receipt;

    view! {
        <Later stage=Stage::SHELL>
        <header class="header">
            <span class="header__title">"Brud"</span>
            <button type="button" class="button button--secondary button--small" lang=move || if lang.get() == Language::Da { "en" } else { "da" }
                on:click=move |_| {
                    // The report carries its language (for the generated texts), so both change together.
                    let next = if lang.get_untracked() == Language::Da { Language::En } else { Language::Da };
                    lang.set(next);
                    store.edit(|r| r.language = next);
                }>
                {tr("English", "Dansk")}
            </button>
        </header>
        <main id="main" class="main">
            <ErrorSummary node_ref=summary />
            <Show when=move || !on_receipt() fallback=move || view! {
                <h1 class="heading-l">{move || step_title(Step::Receipt, lang.get())}</h1>
                <ReceiptView />
                <p class="no-print"><button type="button" class="button button--secondary" on:click=move |_| {
                    if let Some(w) = web_sys::window() { let _ = w.print(); }
                }>{tr("Udskriv", "Print")}</button></p>
            }>
                <p class="caption">{move || format!("{} {} {} 7", lang.get().pick("Trin", "Step"), step.get().number(), lang.get().pick("af", "of"))}</p>
                <h1 class="heading-l">{move || step_title(step.get(), lang.get())}</h1>
                <form novalidate on:submit=continue_on>
                    <Later stage=Stage::FIRST_SCREEN>
                    {move || match step.get() {
                        Step::What => view! { <StepWhat /> }.into_any(),
                        Step::Stopped => view! { <StepStopped /> }.into_any(),
                        Step::Data => view! { <StepData /> }.into_any(),
                        Step::Circumstances => view! { <StepCircumstances /> }.into_any(),
                        Step::Next => view! { <StepNext /> }.into_any(),
                        Step::People => view! { <StepPeople /> }.into_any(),
                        Step::Check | Step::Receipt => view! { <CheckAnswers /> }.into_any(),
                    }}
                    </Later>
                    <Later stage=Stage::REST_OF_STEP>
                    <SendStatus />
                    <div class="button-group">
                        <button type="submit" class="button">{move || if step.get() == Step::Check {
                            lang.get().pick("Send indberetningen", "Send the report")
                        } else {
                            lang.get().pick("Fortsæt", "Continue")
                        }}</button>
                        <Show when=move || step.get() != Step::What>
                            <button type="button" class="button button--secondary" on:click=move |_| go_to(step.get_untracked().previous())>
                                {tr("Tilbage", "Back")}
                            </button>
                        </Show>
                    </div>
                    </Later>
                </form>
                <Later stage=Stage::ASIDE>
                    <AssessmentPanel />
                    <DraftNotice on_delete=delete_draft />
                </Later>
            </Show>
        </main>
        </Later>
    }
}

/// Sending progress; a report not taken says what happened, that it is
/// kept and sent again by itself, and whom to tell meanwhile if it is
/// urgent: the school's breach mailbox and contacts, from its profile.
#[component]
fn SendStatus() -> impl IntoView {
    let store = use_store();
    let message = move || {
        let lang = store.lang.get();
        let status = match store.sending.get() {
            SendState::Idle => return None,
            SendState::Sending => return Some(lang.pick("Sender …", "Sending …").into_any()),
            SendState::Waiting { status } => status,
        };
        let what = match status {
            0 => lang.pick("Du er offline.", "You are offline.").to_string(),
            429 => lang
                .pick(
                    "Brud tager ikke imod flere indberetninger lige nu.",
                    "Brud is not taking more reports just now.",
                )
                .to_string(),
            500.. => lang
                .pick("Brud har en fejl lige nu.", "Brud has a fault just now.")
                .to_string(),
            _ => format!(
                "{} {status}).",
                lang.pick(
                    "Brud tog ikke imod den (fejl",
                    "Brud did not take it (error"
                )
            ),
        };
        let urgent = store.org.with(|org| {
            org.as_ref().map(|org| {
                let mailbox = org.breach_mailbox.clone();
                view! {
                    <p>{lang.pick("Haster det, så skriv straks til ", "If it is urgent, write at once to ")}
                        <a class="link" href=format!("mailto:{mailbox}")>{mailbox.clone()}</a>
                        {lang.pick(" eller kontakt:", " or contact:")}</p>
                    <ul class="list">
                        {contact_items(org, lang)}
                        <li><strong>{org.dpo.name.clone()}</strong>{format!(
                            ", {} – {}",
                            org.dpo.phone.as_deref().unwrap_or(&org.dpo.email),
                            lang.pick("databeskyttelsesrådgiver", "data protection officer"),
                        )}</li>
                    </ul>
                }
            })
        });
        Some(view! {
            <div class="inset">
                <p><strong>{what}</strong>" "{lang.pick(
                    "Indberetningen er ikke sendt endnu. Den er gemt på denne enhed og sendes automatisk, så snart det kan lade sig gøre.",
                    "The report is not sent yet. It is kept on this device and sent automatically as soon as possible.",
                )}</p>
                {urgent}
            </div>
        }.into_any())
    };
    view! { <div class="send-status" role="status">{message}</div> }
}

/// Where the draft lives, and a button that really deletes it.
#[component]
fn DraftNotice<F>(
    /// Deletes the draft and starts over.
    on_delete: F,
) -> impl IntoView
where
    F: Fn(leptos::ev::MouseEvent) + Clone + Send + Sync + 'static,
{
    let store = use_store();
    // Checked here, drawn after the first screen, not while starting up.
    if !draft::storage_available() {
        store.draft.set(DraftStatus::Unavailable);
    }
    let status = move || {
        let lang = store.lang.get();
        match store.draft.get() {
            DraftStatus::Idle => lang.pick(
                "Dine svar gemmes som kladde på denne enhed, mens du skriver. Kladden slettes efter 30 dage og sendes ikke, før du trykker Send.",
                "Your answers are kept as a draft on this device while you type. The draft is deleted after 30 days and not sent until you press Send.",
            ).to_string(),
            DraftStatus::Saved(at) => format!("{} {at}", lang.pick("Kladde gemt kl.", "Draft saved at")),
            DraftStatus::Unavailable => lang.pick(
                "Kladden kan ikke gemmes på denne enhed (fx privat browsing). Formularen virker, men dine svar forsvinder, hvis du lukker siden.",
                "The draft cannot be kept on this device (e.g. private browsing). The form works, but your answers are lost if you close the page.",
            ).to_string(),
        }
    };
    view! {
        <div class="draft">
            <p class="draft__status" role="status" aria-live="polite">{status}</p>
            <button type="button" class="button button--warning button--small" on:click=on_delete>
                {tr("Slet kladde", "Delete draft")}
            </button>
        </div>
    }
}

/// Mounts the form into `#app`. The page's static text there (`#main`)
/// stays until the form draws its own ([`Stage::SHELL`]).
pub fn mount() {
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app"))
    else {
        return;
    };
    let root: web_sys::HtmlElement = root.unchecked_into();
    leptos::mount::mount_to(root, App).forget();
}
