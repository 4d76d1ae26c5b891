//! Component tests in headless Chromium (wasm-bindgen-test): the draft
//! store against the browser's real localStorage, and the validation
//! display of the mounted form.

use brud_app::draft::{self, StoredDraft, DRAFT_TTL_DAYS};
use brud_shared::{Language, Report};
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
    for _ in 0..5 {
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

#[wasm_bindgen_test]
async fn continue_with_gaps_shows_a_focused_summary_and_inline_errors() {
    let document = web_sys::window().unwrap().document().unwrap();
    let app = document.create_element("div").unwrap();
    app.set_id("app");
    document.body().unwrap().append_child(&app).unwrap();
    draft::delete("demo");
    brud_app::mount();
    settle().await;

    let description = document
        .get_element_by_id("nature-description")
        .expect("the first question");
    let textarea: web_sys::HtmlTextAreaElement = description.dyn_into().unwrap();
    textarea.set_value("Noget gik galt.");
    textarea
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
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
    assert_eq!(textarea.value(), "Noget gik galt.", "the answer stays");
    // Personal data in free text: a masked warning next to the field.
    textarea.set_value("Mail fra mor@familien.dk");
    textarea
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
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
