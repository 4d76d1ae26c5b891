//! Component tests in headless Chromium (wasm-bindgen-test): the draft
//! store against the browser's real localStorage, and the validation
//! display of the mounted form, and that every field a problem can name
//! has a question in the form.

use std::collections::HashSet;

use brud_app::api::FieldProblem;
use brud_app::draft::{self, StoredDraft, DRAFT_TTL_DAYS};
use brud_app::fields::{field_id, question_for, FILLED_IN_BY_THE_FORM};
use brud_app::steps::*;
use brud_app::store::FormStore;
use brud_shared::model::{
    Count, CountPrecision, DataCategory, IncidentType, Occurred, OccurredPrecision, Recipients,
    Role, SubjectCategory,
};
use brud_shared::{FieldPath, Language, Report};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn report(description: &str) -> Report {
    let mut report =
        Report::new_draft("0d9f4c1e-3b0a-4c55-9d0b-1f2e3a4b5c6d", "demo", Language::Da);
    report.nature.description = Some(description.to_string());
    report
}

fn now() -> u64 {
    draft::now_ms()
}

#[wasm_bindgen_test]
fn a_saved_draft_comes_back_and_can_be_deleted() {
    assert!(draft::storage_available());
    draft::delete("test-org");
    let saved = StoredDraft {
        saved_at: now(),
        step: 3,
        report: report("Et udkast"),
    };
    assert!(draft::save("test-org", &saved));
    let loaded = draft::load("test-org", now()).expect("the draft comes back");
    assert_eq!(loaded.step, 3);
    assert_eq!(loaded.report, saved.report);
    draft::delete("test-org");
    assert!(draft::load("test-org", now()).is_none(), "deleted for real");
}

#[wasm_bindgen_test]
fn a_draft_older_than_30_days_is_gone() {
    let old = StoredDraft {
        saved_at: now() - (DRAFT_TTL_DAYS + 1) * 86_400_000,
        step: 1,
        report: report("Gammelt"),
    };
    assert!(draft::save("old-org", &old));
    assert!(draft::load("old-org", now()).is_none());
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    assert_eq!(
        storage.get_item("brud.draft.v1.old-org").unwrap(),
        None,
        "and deleted from the device"
    );
}

#[wasm_bindgen_test]
fn drafts_are_kept_per_organisation() {
    assert!(draft::save(
        "org-a",
        &StoredDraft {
            saved_at: now(),
            step: 1,
            report: report("A")
        }
    ));
    assert!(draft::save(
        "org-b",
        &StoredDraft {
            saved_at: now(),
            step: 2,
            report: report("B")
        }
    ));
    assert_eq!(
        draft::load("org-a", now())
            .unwrap()
            .report
            .nature
            .description
            .as_deref(),
        Some("A")
    );
    assert_eq!(draft::load("org-b", now()).unwrap().step, 2);
    draft::delete("org-a");
    draft::delete("org-b");
}

#[wasm_bindgen_test]
fn the_outbox_keeps_a_report_until_cleared() {
    draft::clear_outbox("demo");
    assert!(draft::outbox("demo").is_none());
    assert!(draft::put_outbox("demo", &report("Sendes senere")));
    assert_eq!(
        draft::outbox("demo").unwrap().nature.description.as_deref(),
        Some("Sendes senere")
    );
    draft::clear_outbox("demo");
    assert!(draft::outbox("demo").is_none());
}

async fn settle() {
    // The first render alone takes four frames (`Stage`).
    for _ in 0..10 {
        leptos::task::tick().await;
        gloo_timers_sleep(20).await;
    }
}

async fn gloo_timers_sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// A fresh, empty `#app` for `brud_app::mount`, the only one on the page
/// (`mount` takes the first `#app`, so an earlier test's would be used).
fn fresh_app() -> web_sys::Element {
    let document = web_sys::window().unwrap().document().unwrap();
    while let Some(earlier) = document.get_element_by_id("app") {
        earlier.remove();
    }
    let app = document.create_element("div").unwrap();
    app.set_id("app");
    document.body().unwrap().append_child(&app).unwrap();
    app
}

/// A new element at the end of the page to mount components into.
fn new_root() -> web_sys::HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let root: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&root).unwrap();
    root
}

/// Types `value` into the textarea `element`, as the browser reports it.
fn input(element: &web_sys::Element, value: &str) {
    let textarea: &web_sys::HtmlTextAreaElement = element.dyn_ref().unwrap();
    textarea.set_value(value);
    textarea
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
}

#[wasm_bindgen_test]
async fn continue_with_gaps_shows_a_focused_summary_and_inline_errors() {
    let document = web_sys::window().unwrap().document().unwrap();
    fresh_app();
    draft::delete("demo");
    brud_app::mount();
    settle().await;

    let description = document
        .get_element_by_id("nature-description")
        .expect("the first question");
    input(&description, "Noget gik galt.");
    let button: web_sys::HtmlElement = document
        .query_selector("button[type=submit]")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    button.click();
    settle().await;

    let summary = document.query_selector(".error-summary").unwrap().unwrap();
    assert!(
        !summary.class_list().contains("error-summary--hidden"),
        "the summary shows"
    );
    let active = document.active_element().unwrap();
    assert!(
        active.class_list().contains("error-summary"),
        "and has focus"
    );
    let links = document
        .query_selector_all(".error-summary__list a")
        .unwrap();
    assert!(links.length() >= 5);
    let first: web_sys::Element = links.item(0).unwrap().dyn_into().unwrap();
    assert_eq!(
        first.get_attribute("href").as_deref(),
        Some("#nature-incident")
    );
    let inline = document
        .get_element_by_id("nature-incident-error")
        .expect("inline message next to the field");
    assert!(inline
        .text_content()
        .unwrap()
        .contains(&first.text_content().unwrap()));
    assert!(document.title().starts_with("Fejl: "));
    let textarea: &web_sys::HtmlTextAreaElement = description.dyn_ref().unwrap();
    assert_eq!(textarea.value(), "Noget gik galt.", "the answer stays");
    // Personal data in free text: a masked warning next to the field.
    input(&description, "Mail fra mor@familien.dk");
    settle().await;
    let warning = document
        .query_selector(".warning-message")
        .unwrap()
        .expect("a warning");
    let text = warning.text_content().unwrap();
    assert!(
        text.contains("m•••@•••.dk") && !text.contains("mor@familien.dk"),
        "{text}"
    );
}

/// A report that opens the questions the form can hide: all three kinds of
/// breach, a known recipient, counts with numbers, an informed leader, and
/// the time as `occurred` says. A processor gets the controller's
/// questions; a controller aware long ago of health data sent astray is
/// late, and gets the late-reason question on the check page.
fn report_with_questions_open(occurred: OccurredPrecision, role: Role) -> Report {
    let mut report = report("Et brev til den forkerte forælder.");
    report.nature.confidentiality = true;
    report.nature.integrity = true;
    report.nature.availability = true;
    report.nature.incident = Some(IncidentType::MisdirectedMessage);
    report.timeline.occurred = Some(Occurred {
        precision: occurred,
        at: None,
        from: None,
        to: None,
    });
    report.timeline.aware_at = Some("2026-01-05T09:00:00+01:00".parse().unwrap());
    report.data.subjects = vec![SubjectCategory::Pupils];
    report.data.categories = vec![DataCategory::Health];
    let count = Some(Count {
        precision: CountPrecision::Exact,
        value: Some(3),
    });
    report.data.subject_count = count;
    report.data.record_count = count;
    report.circumstances.recipients = Some(Recipients::Known);
    report.handling.leader_informed = Some(true);
    report.role = Some(role);
    report
}

/// Every element id in the question steps and the check page, mounted for
/// `report`.
async fn element_ids(report: Report) -> HashSet<String> {
    let root = new_root();
    let handle = leptos::mount::mount_to(root.clone(), move || {
        provide_context(FormStore::new(report));
        view! {
            <StepWhat /> <StepStopped /> <StepData /> <StepCircumstances />
            <StepNext /> <StepPeople /> <CheckAnswers />
        }
    });
    settle().await;
    let nodes = root.query_selector_all("[id]").unwrap();
    let ids = (0..nodes.length())
        .filter_map(|i| nodes.item(i))
        .filter_map(|node| node.dyn_into::<web_sys::Element>().ok())
        .map(|element| element.id())
        .collect();
    drop(handle);
    root.remove();
    ids
}

/// Field paths are strings in the domain and element ids in the form:
/// every field a problem can name must have a question to link to and to
/// show the message beside (`timeline.occurred` once had none).
#[wasm_bindgen_test]
async fn every_field_a_problem_can_name_has_a_question_in_the_form() {
    let mut ids = element_ids(report_with_questions_open(
        OccurredPrecision::Exact,
        Role::Processor,
    ))
    .await;
    // An attack, so that the form also asks whether data was copied.
    let mut attack = report_with_questions_open(OccurredPrecision::Approximate, Role::Controller);
    attack.nature.incident = Some(IncidentType::Ransomware);
    ids.extend(element_ids(attack).await);
    // A lost device, so that it also asks whether it was encrypted.
    let mut device = report_with_questions_open(OccurredPrecision::Unknown, Role::Controller);
    device.nature.incident = Some(IncidentType::LostDevice);
    ids.extend(element_ids(device).await);
    let missing: Vec<(&str, String)> = FieldPath::ALL
        .iter()
        .map(|field| (field.as_str(), question_for(field.as_str())))
        .filter(|(_, question)| !FILLED_IN_BY_THE_FORM.contains(question))
        .map(|(field, question)| (field, field_id(question)))
        .filter(|(_, id)| !ids.contains(id))
        .collect();
    assert!(
        missing.is_empty(),
        "no question in the form for {missing:?}"
    );
    // The exemptions are real: the form asks none of them.
    for field in FILLED_IN_BY_THE_FORM {
        assert!(FieldPath::of(field).is_some(), "{field}");
        assert!(
            !ids.contains(&field_id(field)),
            "{field} is asked after all"
        );
    }
}

/// A problem with a whole group is shown at the group's first question,
/// and the error summary links there.
#[wasm_bindgen_test]
async fn a_problem_with_a_group_is_shown_at_its_first_question() {
    let root = new_root();
    let store = FormStore::new(report("Noget gik galt."));
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        provide_context(store);
        view! { <ErrorSummary node_ref=NodeRef::new() /> <StepWhat /> }
    });
    store.shown_errors.set(vec![FieldProblem {
        field: "timeline.occurred".into(),
        da: "Svar på hvornår det skete.".into(),
        en: "Answer when it happened.".into(),
    }]);
    settle().await;
    let inline = root
        .query_selector("#timeline-occurred-precision-error")
        .unwrap()
        .expect("the message beside the question");
    assert!(inline
        .text_content()
        .unwrap()
        .contains("Svar på hvornår det skete."));
    let link = root
        .query_selector(".error-summary__list a")
        .unwrap()
        .expect("a link in the summary");
    assert_eq!(
        link.get_attribute("href").as_deref(),
        Some("#timeline-occurred-precision")
    );
    root.remove();
}

/// How often the test's "why did it happen?" question read its answer.
static CAUSE_READS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Fine-grained state: a keystroke in one answer wakes that answer's view
/// and the readers of the whole report (the assessment), not the views of
/// the other questions; a whole new report (a deleted draft) reaches them all.
#[wasm_bindgen_test]
async fn typing_in_one_answer_leaves_the_other_questions_alone() {
    use brud_app::fields::{Radios, TextField};
    use std::sync::atomic::Ordering;

    let root = new_root();
    let store = FormStore::new(report("Et brev"));
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        provide_context(store);
        view! {
            <TextField field=FieldPath::NatureDescription label=("Hvad er der sket?", "What happened?") multiline=true
                get=|r| r.nature.description.clone() set=|r, v| r.nature.description = v />
            <Radios field=FieldPath::NatureCause legend=("Hvorfor skete det?", "Why did it happen?")
                get=|r| { CAUSE_READS.fetch_add(1, Ordering::SeqCst); r.nature.cause }
                set=|r, v| r.nature.cause = Some(v) />
        }
    });
    settle().await;
    let description = root.query_selector("#nature-description").unwrap().unwrap();
    let before = CAUSE_READS.load(Ordering::SeqCst);
    assert!(before > 0, "the question read its answer when drawn");

    for text in [
        "Et brev til",
        "Et brev til den forkerte",
        "Et brev til den forkerte forælder",
    ] {
        input(&description, text);
        settle().await;
    }
    assert_eq!(
        CAUSE_READS.load(Ordering::SeqCst),
        before,
        "three keystrokes in another answer did not wake this question"
    );
    assert_eq!(
        store
            .report
            .with_untracked(|r| r.nature.description.clone())
            .as_deref(),
        Some("Et brev til den forkerte forælder"),
        "the typed answer is in the report"
    );

    // Choosing the cause wakes its own view.
    let option: web_sys::HtmlInputElement = root
        .query_selector("#nature-cause")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    option.click();
    settle().await;
    assert!(CAUSE_READS.load(Ordering::SeqCst) > before);
    assert!(store.report.with_untracked(|r| r.nature.cause.is_some()));

    // A new, empty report (the draft deleted): every question shows it.
    store.replace(report(""));
    settle().await;
    let textarea: web_sys::HtmlTextAreaElement = description.dyn_into().unwrap();
    assert_eq!(textarea.value(), "", "the description is emptied");
    assert!(!option.checked(), "and the cause is no longer chosen");
    root.remove();
}

/// On start-up the form draws its heading at once, then the page from the
/// top down, a part per frame (short tasks on a slow phone).
#[wasm_bindgen_test]
async fn the_form_draws_itself_from_the_top_down_in_parts() {
    let app = fresh_app();
    draft::delete("demo");
    let static_text = app
        .owner_document()
        .unwrap()
        .create_element("main")
        .unwrap();
    static_text.set_id("main");
    app.append_child(&static_text).unwrap();
    brud_app::mount();
    // Synchronously after mounting (the task that sets the form up): the
    // page's static text, nothing of the form yet.
    assert!(app.query_selector("#main").unwrap().is_some());
    assert!(app.query_selector("h1").unwrap().is_none());
    // Then each part in a later task than the one above it: the heading
    // (in place of the static text), the first question, the next
    // questions, the rest of the step with its button, the assessment
    // panel.
    let parts = [
        "h1",
        "#nature-description",
        "input[name=nature-incident]",
        "#timeline-aware_at",
        ".panel",
    ];
    // Which delivery of DOM changes first holds each part. Changes made in
    // one task are delivered together, after it, so two parts in different
    // deliveries were drawn in different tasks, however late a timer of the
    // test's own would have run on a loaded machine.
    let drawn_at = std::rc::Rc::new(std::cell::RefCell::new([None; 5]));
    let deliveries = std::rc::Rc::new(std::cell::Cell::new(0u32));
    let record = {
        let app = app.clone();
        let drawn_at = drawn_at.clone();
        let deliveries = deliveries.clone();
        wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || {
            let delivery = deliveries.get() + 1;
            deliveries.set(delivery);
            for (part, at) in parts.iter().zip(drawn_at.borrow_mut().iter_mut()) {
                if at.is_none() && app.query_selector(part).unwrap().is_some() {
                    *at = Some(delivery);
                }
            }
        })
    };
    let observer = web_sys::MutationObserver::new(record.as_ref().unchecked_ref()).unwrap();
    let options = web_sys::MutationObserverInit::new();
    options.set_child_list(true);
    options.set_subtree(true);
    observer.observe_with_options(&app, &options).unwrap();
    for _ in 0..400 {
        if drawn_at.borrow().iter().all(Option::is_some) {
            break;
        }
        gloo_timers_sleep(5).await;
    }
    observer.disconnect();
    let drawn_at = *drawn_at.borrow();
    let drawn_at = drawn_at.map(|at| at.expect("every part is drawn"));
    assert!(
        drawn_at.windows(2).all(|pair| pair[0] < pair[1]),
        "one part after the other, top first: {drawn_at:?}"
    );
    assert!(app.query_selector("button[type=submit]").unwrap().is_some());
    assert_eq!(
        app.query_selector_all("main").unwrap().length(),
        1,
        "the static text is gone"
    );
    app.remove();
}

/// Where the device refuses to keep anything (private browsing, a blocked
/// iframe), the form says so where it tells people about the draft.
#[wasm_bindgen_test]
async fn a_device_that_cannot_keep_the_draft_is_told_so() {
    let app = fresh_app();
    draft::delete("demo");
    let refuse = js_sys::Function::new_no_args(
        "Storage.prototype.keptSetItem = Storage.prototype.setItem;
         Storage.prototype.setItem = function () { throw new DOMException('full', 'QuotaExceededError'); };",
    );
    let restore =
        js_sys::Function::new_no_args("Storage.prototype.setItem = Storage.prototype.keptSetItem;");
    refuse.call0(&wasm_bindgen::JsValue::NULL).unwrap();
    brud_app::mount();
    settle().await;
    let notice = app
        .query_selector(".draft__status")
        .unwrap()
        .map(|status| status.text_content().unwrap_or_default());
    restore.call0(&wasm_bindgen::JsValue::NULL).unwrap();
    assert!(
        notice
            .as_deref()
            .is_some_and(|text| text.starts_with("Kladden kan ikke gemmes")),
        "the notice says the draft cannot be kept: {notice:?}"
    );
    app.remove();
}

/// A lost or stolen computer, phone or USB stick is asked whether it was
/// encrypted whatever else was ticked (a hurried reporter ticks only "the
/// data is gone"); no other incident is, and the check page shows the
/// answer.
#[wasm_bindgen_test]
async fn a_lost_or_stolen_device_is_asked_whether_it_was_encrypted_whatever_was_ticked() {
    let encrypted = field_id("circumstances.encrypted");
    let mut gone = report_with_questions_open(OccurredPrecision::Exact, Role::Controller);
    gone.nature.confidentiality = false;
    gone.nature.integrity = false;
    gone.nature.availability = true;
    for incident in [IncidentType::LostDevice, IncidentType::StolenDevice] {
        gone.nature.incident = Some(incident);
        let ids = element_ids(gone.clone()).await;
        assert!(ids.contains(&encrypted), "{incident:?}: not asked");
    }
    for incident in [IncidentType::LostPaper, IncidentType::MisdirectedEmail] {
        gone.nature.incident = Some(incident);
        let ids = element_ids(gone.clone()).await;
        assert!(!ids.contains(&encrypted), "{incident:?}: asked");
    }
    // The answer on the check page.
    gone.nature.incident = Some(IncidentType::LostDevice);
    gone.circumstances.encrypted = Some(brud_shared::model::Encryption::Unknown);
    let root = new_root();
    let handle = leptos::mount::mount_to(root.clone(), move || {
        provide_context(FormStore::new(gone));
        view! { <CheckAnswers /> }
    });
    settle().await;
    let text = root.text_content().unwrap_or_default();
    assert!(
        text.contains("Krypteret") && text.contains("Ved ikke"),
        "{text}"
    );
    drop(handle);
    root.remove();
}

/// A report held beyond its network's limit (the Worker's receipt has no
/// reference) says it waits for the DPO and where to turn if it is urgent,
/// instead of showing an empty reference; a taken one shows its reference.
#[wasm_bindgen_test]
async fn a_held_report_says_it_waits_for_the_dpo_instead_of_an_empty_reference() {
    for (reference, expected) in [
        ("", "venter på, at DPO'en åbner den"),
        ("DEMO-2026-0042", "DEMO-2026-0042"),
    ] {
        let root = new_root();
        let store = FormStore::new(Report::new_draft(
            "0d9f4c1e-3b0a-4c55-9d0b-1f2e3a4b5c6d",
            "demo",
            Language::Da,
        ));
        store.texts.set(brud_app::store::TextsState::NoOrg);
        store.receipt.set(Some(brud_app::api::Received {
            reference: reference.to_string(),
            risk: brud_shared::model::RiskLevel::Risk,
            deadline: None,
            steps: Vec::new(),
            receipt_json: String::new(),
        }));
        let handle = leptos::mount::mount_to(root.clone(), move || {
            provide_context(store);
            view! { <ReceiptView /> }
        });
        settle().await;
        let text = root.text_content().unwrap_or_default();
        assert!(text.contains(expected), "{reference:?}: {text}");
        assert_eq!(
            text.contains("Jeres reference"),
            !reference.is_empty(),
            "{text}"
        );
        drop(handle);
        root.remove();
    }
}
