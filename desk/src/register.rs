//! The register (fortegnelsen): the cases of one organisation, or of all
//! the person's in one list (a shared DPO's, each row naming its school),
//! open ones first by deadline or newest first, filtered and searched on
//! the Worker, each row with what happened, the risk, the 72-hour clock and
//! what is still open. A table at a desk; on a phone each row is a card
//! (CSS).

use brud_case::desk::{case_path, list_path, CaseList, ListFilter, ListOrder};
use brud_case::summary::CaseStatus;
use brud_case::EventTag;
use brud_shared::model::RiskLevel;
use brud_shared::{Labelled, WireName};
use leptos::prelude::*;

use crate::actions::DismissSelected;
use crate::api;
use crate::record::{Drafts, Recorder, Selected};
use crate::school::ForTheDpo;
use crate::state::{error_text, use_desk, DeskRoute};

/// The register of `org`, or of every organisation of the person's.
///
/// - `org`: the id of the organisation shown; `None` for all the person's.
///   A person with several (a shared DPO) can switch between them and the
///   whole list, once `/api/desk/me` has answered.
#[component]
pub fn Register(org: Option<String>) -> impl IntoView {
    let desk = use_desk();
    // The filters as the form holds them (each select's value), read by
    // the same parser as the Worker's; they start as the register's first
    // view, the page the Worker preloads.
    let first = ListFilter::register_start();
    let start = first.pairs();
    let initial = |name: &str| {
        start
            .iter()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| value.clone())
            .unwrap_or_default()
    };
    let year = RwSignal::new(initial("year"));
    let status = RwSignal::new(initial("status"));
    let risk = RwSignal::new(initial("risk"));
    let overdue = RwSignal::new(initial("overdue") == "true");
    let search = RwSignal::new(initial("q"));
    // (The default order is left out of the query, but the select shows it.)
    let sort = RwSignal::new(first.order.as_str().to_string());
    let page = RwSignal::new(1u32);
    let per_page = initial("per_page");
    let filter = Memo::new(move |_| {
        let page = page.get().to_string();
        let (year, status, risk, search, sort) = (
            year.get(),
            status.get(),
            risk.get(),
            search.get(),
            sort.get(),
        );
        let overdue = if overdue.get() { "true" } else { "" };
        ListFilter::parse([
            ("year", year.as_str()),
            ("status", status.as_str()),
            ("risk", risk.as_str()),
            ("overdue", overdue),
            ("q", search.as_str()),
            ("sort", sort.as_str()),
            ("page", page.as_str()),
            ("per_page", per_page.as_str()),
        ])
        .unwrap_or_else(|_| ListFilter::register_start())
    });
    // The cases ticked for dismissal, and the recorder that dismisses them
    // (the list is read again after).
    let selection = RwSignal::new(Vec::<Selected>::new());
    let bulk = Recorder::for_selection(selection);
    let drafts = Drafts::new();
    // The first page as the page brought it (drawn by the Worker from the
    // same data), shown for the first filter until the list changes;
    // otherwise, and after a dismissal, the Worker's answer. While a new
    // answer is on its way the last one stays (the resource keeps it).
    let first_list = desk.take_first_list();
    let first_filter = filter.get_untracked();
    let has_first = first_list.is_some();
    // Taking over a drawn page, the rows come in a task after the rest of
    // the page (see `crate::mount`): two short tasks instead of one long.
    let rows_shown = RwSignal::new(!(desk.live && has_first));
    if !rows_shown.get_untracked() {
        set_timeout(move || rows_shown.set(true), std::time::Duration::ZERO);
    }
    let org_id = org.clone();
    let fetched = LocalResource::new(move || {
        let unchanged = bulk.version() == 0 && filter.get() == first_filter;
        let path = list_path(org_id.as_deref(), &filter.get());
        async move {
            if has_first && unchanged {
                None
            } else {
                Some(api::get::<CaseList>(&path).await)
            }
        }
    });
    // A memo: an answer equal to the one shown draws nothing again.
    let list = Memo::new(move |_| {
        fetched
            .get()
            .flatten()
            .or_else(|| first_list.clone().map(Ok))
    });

    // The person's organisations (`desk.orgs()`) are read from the signal
    // by each memo and view below, not through a memo of their own: a view
    // reading both a memo and another memo derived from it was seen to miss
    // an update (leptos 0.8.23).
    // The one organisation shown: the address's, or the person's only one.
    let org_shown = org.clone();
    let shown = Memo::new(move |_| {
        org_shown.clone().or_else(|| match desk.orgs().as_slice() {
            [only] => Some(only.id.clone()),
            _ => None,
        })
    });
    // Several schools in one list: each row says which.
    let all = org.is_none();
    let schools = Memo::new(move |_| all && desk.orgs().len() > 1);

    let csv = move || {
        shown.get().map(|org| {
            let href = format!("/api/desk/orgs/{org}/register.csv");
            // The workbook is written in the browser by a module of its
            // own, fetched on the click (desk/js/start.js).
            view! {
                <p class="body"><a href=href download>{desk.tr("Hent fortegnelsen som CSV (Excel)", "Download the register as CSV (Excel)")}</a></p>
                <p class="body"><button type="button" class="link" data-xlsx=org>{desk.tr("Hent fortegnelsen som Excel-projektmappe (.xlsx)", "Download the register as an Excel workbook (.xlsx)")}</button></p>
            }
        })
    };
    let rows = move || match list.get().filter(|_| rows_shown.get()) {
        None => view! { <p class="body">{desk.tr("Henter…", "Loading…")}</p> }.into_any(),
        Some(Err(error)) => view! {
            <div class="error-summary" role="alert">
                <p class="body">{error_text(&error, desk.lang.get())}</p>
            </div>
        }
        .into_any(),
        Some(Ok(list)) => {
            view! { <CaseRows list=list page=page schools=schools selection=selection/> }.into_any()
        }
    };
    let caption_org = org.clone();
    let caption = move || {
        let orgs = desk.orgs();
        match (&caption_org, orgs.as_slice()) {
            (Some(id), _) => desk.org_name(id).unwrap_or_default(),
            (None, [only]) => only.name.clone(),
            (None, []) => String::new(),
            (None, several) => format!(
                "{} ({})",
                desk.tr("Alle dine skoler", "All your schools"),
                several.len()
            ),
        }
    };
    view! {
        <h1 class="heading-l">{desk.tr("Fortegnelse over brud", "Breach register")}</h1>
        <p class="caption">{caption}</p>
        <Schools current=org.clone() control=false/>
        <form class="desk-filters" role="search" inert=!desk.live on:submit=|ev| ev.prevent_default()>
            <div class="form-group">
                <label class="label" for="filter-q">{desk.tr("Søg", "Search")}</label>
                <input class="input" id="filter-q" type="search" prop:value=search
                    on:change=move |ev| { search.set(event_target_value(&ev)); page.set(1); }/>
            </div>
            <div class="form-group">
                <label class="label" for="filter-year">{desk.tr("År", "Year")}</label>
                <select class="select" id="filter-year" prop:value=year
                    on:change=move |ev| { year.set(event_target_value(&ev)); page.set(1); }>
                    <option value="">{desk.tr("Alle", "All")}</option>
                    {move || {
                        use chrono::Datelike;
                        let this_year = brud_shared::time::to_copenhagen(chrono::Utc::now()).year();
                        (this_year - 5..=this_year).rev().map(|y| view! { <option value=y.to_string()>{y}</option> }).collect_view()
                    }}
                </select>
            </div>
            <div class="form-group">
                <label class="label" for="filter-status">{desk.tr("Status", "Status")}</label>
                <select class="select" id="filter-status" prop:value=status
                    on:change=move |ev| { status.set(event_target_value(&ev)); page.set(1); }>
                    <option value="open">{desk.tr("Åbne", "Open")}</option>
                    <option value="closed">{desk.tr("Lukkede", "Closed")}</option>
                    <option value="dismissed">{desk.tr("Afviste", "Dismissed")}</option>
                    <option value="">{desk.tr("Alle", "All")}</option>
                </select>
            </div>
            <div class="form-group">
                <label class="label" for="filter-risk">{desk.tr("Risiko", "Risk")}</label>
                <select class="select" id="filter-risk" prop:value=risk
                    on:change=move |ev| { risk.set(event_target_value(&ev)); page.set(1); }>
                    <option value="">{desk.tr("Alle", "All")}</option>
                    {RiskLevel::ALL
                        .iter()
                        .map(|level| {
                            let value = level.wire_name();
                            let level = *level;
                            view! { <option value=value>{level.label(desk.lang.get_untracked())}</option> }
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="form-group">
                <label class="label" for="filter-sort">{desk.tr("Rækkefølge", "Order")}</label>
                <select class="select" id="filter-sort" prop:value=sort
                    on:change=move |ev| { sort.set(event_target_value(&ev)); page.set(1); }>
                    <option value=ListOrder::Deadline.as_str()>{desk.tr("Efter frist", "By deadline")}</option>
                    <option value=ListOrder::Newest.as_str()>{desk.tr("Nyeste først", "Newest first")}</option>
                </select>
            </div>
            <div class="checkboxes__item">
                <input class="checkboxes__input" id="filter-overdue" type="checkbox" prop:checked=overdue
                    on:change=move |ev| { overdue.set(event_target_checked(&ev)); page.set(1); }/>
                <label class="label checkboxes__label" for="filter-overdue">
                    {desk.tr("Kun overskredne frister", "Overdue only")}
                </label>
            </div>
        </form>
        {csv}
        // Asked for by the desk's code once it runs the page, not drawn by
        // the Worker into the first screen.
        {move || shown.get().filter(|_| desk.live).map(|org| view! { <ForTheDpo org=org/> })}
        {rows}
        {move || {
            let count = Signal::derive(move || selection.with(Vec::len));
            (count.get() > 0).then(|| view! { <DismissSelected recorder=bulk drafts=drafts count=count/> })
        }}
    }
}

/// One page of cases, and the pager.
#[component]
fn CaseRows(
    /// The page of cases from the Worker.
    list: CaseList,
    /// The page shown (changed by the pager).
    page: RwSignal<u32>,
    /// Whether the rows come from several schools (a column says which).
    schools: Memo<bool>,
    /// The cases ticked for dismissal.
    selection: RwSignal<Vec<Selected>>,
) -> impl IntoView {
    let desk = use_desk();
    // The page's language is fixed (the other is a link to the page in
    // it): the rows' texts are drawn once, with no effect each.
    let lang = desk.lang.get_untracked();
    let now = chrono::Utc::now();
    let pages = list.total.div_ceil(list.per_page.max(1)).max(1);
    let count = {
        let total = list.total;
        match (lang, total) {
            (brud_shared::Language::Da, 1) => "1 sag".to_string(),
            (brud_shared::Language::Da, _) => format!("{total} sager"),
            (brud_shared::Language::En, 1) => "1 case".to_string(),
            (brud_shared::Language::En, _) => format!("{total} cases"),
        }
    };
    let rows = list
        .cases
        .into_iter()
        .map(|item| {
            let summary = item.summary;
            let route = DeskRoute {
                org: Some(item.org.clone()),
                case: Some(summary.reference.clone()),
                ..DeskRoute::default()
            };
            let org = item.org;
            let row_org = org.clone();
            let school = move || {
                schools.get().then(|| {
                    let org = org.clone();
                    view! {
                        <td class="table__cell" data-label=desk.tr("Skole", "School")>
                            {move || desk.org_name(&org).unwrap_or_default()}
                        </td>
                    }
                })
            };
            let href = route.href(desk.lang.get_untracked());
            let incident = summary.incident;
            let risk = summary.risk;
            let state = item.deadline_state;
            let overdue = matches!(state, brud_case::DeadlineState::Overdue { .. });
            let open = summary.open_obligations;
            let status = summary.status;
            // A processor case runs on the school's clock to tell its
            // controller: said by the clock.
            let processor = summary.processor;
            // A box to tick where the person may dismiss (the domain's
            // rule for the role); the case's state is the Worker's to
            // judge, each refusal named after.
            let may_dismiss = status == CaseStatus::Open
                && desk
                    .orgs()
                    .iter()
                    .any(|o| o.id == row_org && EventTag::Dismissed.may_be_recorded_by(o.role));
            let selected = Selected {
                path: case_path(&row_org, &summary.reference),
                reference: summary.reference.clone(),
                sequence: summary.sequence,
            };
            let reference = summary.reference.clone();
            let tick = move || {
                may_dismiss.then(|| {
                    let id = format!("select-{reference}");
                    let ticked = selected.clone();
                    let ticked_ref = ticked.reference.clone();
                    let label = format!("{} {}", desk.tr("Vælg", "Select"), reference);
                    view! {
                        <input class="desk-select" type="checkbox" id=id aria-label=label inert=!desk.live
                            prop:checked=move || selection.with(|s| s.iter().any(|c| c.reference == ticked_ref))
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                selection.update(|s| {
                                    s.retain(|c| c.reference != ticked.reference);
                                    if on {
                                        s.push(ticked.clone());
                                    }
                                });
                            }/>
                    }
                })
            };
            view! {
                <tr class="desk-row">
                    <th scope="row" class="table__cell">
                        {tick}
                        <a href=href on:click=move |ev| { ev.prevent_default(); desk.go(route.clone()); }>
                            {summary.reference.clone()}
                        </a>
                    </th>
                    {school}
                    <td class="table__cell" data-label=desk.tr("Hændelse", "Incident")>
                        {incident.map(|i| i.label(lang)).unwrap_or("–")}
                    </td>
                    <td class="table__cell" data-label=desk.tr("Risiko", "Risk")>
                        <strong class=format!("tag tag--risk-{}", risk.wire_name())>
                            {risk.label(lang)}
                        </strong>
                    </td>
                    <td class="table__cell" data-label=desk.tr("72-timersfristen", "72-hour deadline")>
                        {processor.then(|| desk.tr("Databehandler, underret den dataansvarlige: ", "Processor, tell the controller: "))}
                        <span class:desk-overdue=overdue>{state.describe(now, lang)}</span>
                    </td>
                    <td class="table__cell" data-label=desk.tr("Mangler", "Still open")>
                        {if status == CaseStatus::Closed {
                            desk.tr("Lukket", "Closed").to_string()
                        } else if status == CaseStatus::Dismissed {
                            desk.tr("Afvist", "Dismissed").to_string()
                        } else if open == 0 {
                            desk.tr("Intet", "Nothing").to_string()
                        } else {
                            format!("{open}")
                        }}
                    </td>
                </tr>
            }
        })
        .collect_view();
    let current = list.page;
    view! {
        <p class="body" aria-live="polite">{count}</p>
        <table class="table desk-table">
            <thead>
                <tr>
                    <th scope="col" class="table__header">{desk.tr("Journalnr.", "Reference")}</th>
                    {move || schools.get().then(|| view! {
                        <th scope="col" class="table__header">{desk.tr("Skole", "School")}</th>
                    })}
                    <th scope="col" class="table__header">{desk.tr("Hændelse", "Incident")}</th>
                    <th scope="col" class="table__header">{desk.tr("Risiko", "Risk")}</th>
                    <th scope="col" class="table__header">{desk.tr("72-timersfristen", "72-hour deadline")}</th>
                    <th scope="col" class="table__header">{desk.tr("Mangler", "Still open")}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
        {(pages > 1).then(|| view! {
            <nav class="desk-pager" aria-label=desk.tr("Sider", "Pages") inert=!desk.live>
                <button class="button button--secondary" type="button" disabled=current <= 1
                    on:click=move |_| page.set(current - 1)>{desk.tr("Forrige", "Previous")}</button>
                <span class="body">{format!("{current} / {pages}")}</span>
                <button class="button button--secondary" type="button" disabled=current >= pages
                    on:click=move |_| page.set(current + 1)>{desk.tr("Næste", "Next")}</button>
            </nav>
        })}
    }
}

/// The person's schools to switch between, for a person with several (a
/// shared DPO): links, so each is a page of its own with its address.
///
/// - `current`: the organisation shown; `None` for all of them (the
///   register only).
/// - `control`: links to the control report instead of the register.
#[component]
pub fn Schools(current: Option<String>, control: bool) -> impl IntoView {
    let desk = use_desk();
    move || {
        let orgs = desk.orgs();
        (orgs.len() > 1).then(|| {
            let all = DeskRoute {
                control,
                ..DeskRoute::default()
            };
            let links = std::iter::once((all, desk.tr("Alle skoler", "All schools").to_string()))
                .chain(orgs.into_iter().map(|o| {
                    let route = DeskRoute {
                        org: Some(o.id),
                        control,
                        ..DeskRoute::default()
                    };
                    (route, o.name)
                }))
                .map(|(route, name)| {
                    let href = route.href(desk.lang.get_untracked());
                    let here = (route.org == current).then_some("page");
                    view! {
                        <a href=href aria-current=here on:click=move |ev| {
                            ev.prevent_default();
                            desk.go(route.clone());
                        }>{name}</a>
                    }
                })
                .collect_view();
            view! {
                <nav class="desk-orgs desk-no-print" aria-label=desk.tr("Skoler", "Schools")>{links}</nav>
            }
        })
    }
}
