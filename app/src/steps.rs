//! The flow: one component per step, in the seeds' order, plus the
//! assessment panel, the error summary, check-your-answers and the receipt.

use brud_shared::lang::join_labels;
use brud_shared::model::*;
use brud_shared::texts::obligation_lines;
use brud_shared::time::{format_local, format_remaining};
use brud_shared::{FieldPath, Labelled, Language, OrgProfile};
use leptos::html;
use leptos::prelude::*;

use crate::fields::*;
use crate::store::{load_receipt_texts, tr, use_store, Stage, Step, TextsState};

fn text(value: Option<String>) -> Option<String> {
    value
}

/// The school's contacts from its profile, each with phone and role.
pub fn contact_items(org: &OrgProfile, lang: Language) -> impl IntoView {
    org.contacts
        .iter()
        .map(|c| {
            let phone = c
                .phone
                .as_deref()
                .map(|p| format!(", {p}"))
                .unwrap_or_default();
            let role = lang.pick(&c.role_da, &c.role_en).to_string();
            view! { <li><strong>{c.name.clone()}</strong>{format!("{phone} – {role}")}</li> }
        })
        .collect_view()
}

/// Step 1: what happened and when the school became aware.
#[component]
pub fn StepWhat() -> impl IntoView {
    let store = use_store();
    let precision = move || {
        store
            .report
            .with(|r| r.timeline.occurred.as_ref().map(|o| o.precision))
    };
    // The school's own contacts, from its profile, right where people start.
    let contacts = move || {
        let lang = store.lang.get();
        store.org.with(|org| {
            org.as_ref().map(|org| {
                view! {
                    <div class="inset">
                        <p><strong>{org.name.clone()}</strong>{lang.pick(": hvem du kan kontakte", ": whom to contact")}</p>
                        <ul class="list">{contact_items(org, lang)}</ul>
                    </div>
                }
            })
        })
    };
    view! {
        <p class="lead">{tr(
            "Stop bruddet, hvis du kan – fx ved at bede modtageren slette beskeden eller spærre kontoen. Udfyld så denne indberetning.",
            "Stop the breach if you can – for example ask the recipient to delete the message or lock the account. Then fill in this report.",
        )}</p>
        {contacts}
        <TextField field=FieldPath::NatureDescription label=("Hvad er der sket?", "What happened?") multiline=true
            hint=("Beskriv det kort. Skriv ikke navne eller CPR-numre på de berørte.", "Describe it briefly. Do not write names or CPR numbers of the people affected.")
            get=|r| r.nature.description.clone() set=|r, v| r.nature.description = text(v) />
        <Later stage=Stage::NEXT_QUESTIONS>
        <Radios field=FieldPath::NatureIncident legend=("Hvilken slags hændelse er det?", "What kind of incident is it?")
            get=|r| r.nature.incident set=|r, v| r.nature.incident = Some(v) />
        <Radios field=FieldPath::NatureCause legend=("Hvorfor skete det?", "Why did it happen?")
            get=|r| r.nature.cause set=|r, v| r.nature.cause = Some(v) />
        <div class="form-group">
            <fieldset class="fieldset" aria-describedby="nature-confidentiality-error">
                <legend class="fieldset__legend">{tr("Hvad gik galt med oplysningerne?", "What went wrong with the data?")}</legend>
                <CiaBox field=FieldPath::NatureConfidentiality da="Nogen uvedkommende kunne se dem" en="Someone unauthorised could see them"
                    get=|r| r.nature.confidentiality set=|r, v| r.nature.confidentiality = v />
                <CiaBox field=FieldPath::NatureIntegrity da="De blev ændret eller slettet" en="They were changed or deleted"
                    get=|r| r.nature.integrity set=|r, v| r.nature.integrity = v />
                <CiaBox field=FieldPath::NatureAvailability da="De var væk eller utilgængelige" en="They were lost or unavailable"
                    get=|r| r.nature.availability set=|r, v| r.nature.availability = v />
            </fieldset>
        </div>
        <Radios field=FieldPath::TimelineOccurredPrecision legend=("Ved du, hvornår det skete?", "Do you know when it happened?")
            get=|r| r.timeline.occurred.as_ref().map(|o| o.precision)
            set=|r, v| {
                let old = r.timeline.occurred.take();
                r.timeline.occurred = Some(Occurred {
                    precision: v,
                    at: if v == OccurredPrecision::Exact { old.as_ref().and_then(|o| o.at) } else { None },
                    from: if v == OccurredPrecision::Approximate { old.as_ref().and_then(|o| o.from) } else { None },
                    to: if v == OccurredPrecision::Approximate { old.as_ref().and_then(|o| o.to) } else { None },
                });
            } />
        <Show when=move || precision() == Some(OccurredPrecision::Exact)>
            <DateTimeField field=FieldPath::TimelineOccurredAt label=("Hvornår skete det?", "When did it happen?")
                get=|r| r.timeline.occurred.as_ref().and_then(|o| o.at)
                set=|r, v| if let Some(o) = r.timeline.occurred.as_mut() { o.at = v } />
        </Show>
        <Show when=move || precision() == Some(OccurredPrecision::Approximate)>
            <DateTimeField field=FieldPath::TimelineOccurredFrom label=("Tidligst", "Earliest")
                get=|r| r.timeline.occurred.as_ref().and_then(|o| o.from)
                set=|r, v| if let Some(o) = r.timeline.occurred.as_mut() { o.from = v } />
            <DateTimeField field=FieldPath::TimelineOccurredTo label=("Senest", "Latest")
                get=|r| r.timeline.occurred.as_ref().and_then(|o| o.to)
                set=|r, v| if let Some(o) = r.timeline.occurred.as_mut() { o.to = v } />
        </Show>
        </Later>
        <Later stage=Stage::REST_OF_STEP>
        <DateTimeField field=FieldPath::TimelineAwareAt label=("Hvornår blev skolen opmærksom på det?", "When did the school become aware of it?")
            hint=("Fristen på 72 timer regnes herfra – også i weekender og på helligdage.", "The 72-hour deadline runs from then – weekends and holidays included.")
            get=|r| r.timeline.aware_at set=|r, v| r.timeline.aware_at = v />
        <Radios field=FieldPath::TimelineDiscoveredBy legend=("Hvem opdagede det?", "Who discovered it?")
            get=|r| r.timeline.discovered_by set=|r, v| r.timeline.discovered_by = Some(v) />
        <TextField field=FieldPath::TimelineDiscovery label=("Hvordan blev det opdaget?", "How was it discovered?") optional=true multiline=true
            get=|r| r.timeline.discovery.clone() set=|r, v| r.timeline.discovery = text(v) />
        </Later>
    }
}

/// A checkbox for one of confidentiality / integrity / availability.
#[component]
fn CiaBox(
    /// The answer.
    field: FieldPath,
    /// Label in Danish.
    da: &'static str,
    /// Label in English.
    en: &'static str,
    /// Reads it.
    get: fn(&Report) -> bool,
    /// Writes it.
    set: fn(&mut Report, bool),
) -> impl IntoView {
    let store = use_store();
    let answer = store.answer(field);
    let id = field_id(field.as_str());
    let error = move || {
        let lang = store.lang.get();
        store.shown_errors.with(|e| {
            e.iter()
                .find(|p| p.field == field.as_str())
                .map(|p| lang.pick(&p.da, &p.en).to_string())
        })
    };
    view! {
        {move || error().map(|message| view! { <p class="error-message" id=format!("{}-error", field_id(field.as_str()))>{message}</p> })}
        <div class="checkboxes__item">
            <input class="checkboxes__input" type="checkbox" id=id.clone()
                prop:checked=move || answer.read(get)
                on:change=move |ev| { let on = event_target_checked(&ev); answer.write(|r| set(r, on)) } />
            <label class="checkboxes__label" for=id>{tr(da, en)}</label>
        </div>
    }
}

/// Step 2: is it stopped, and how.
#[component]
pub fn StepStopped() -> impl IntoView {
    view! {
        <YesNo field=FieldPath::TimelineOngoing legend=("Står bruddet stadig på?", "Is the breach still going on?")
            get=|r| r.timeline.ongoing set=|r, v| r.timeline.ongoing = v />
        <Radios field=FieldPath::ContainmentStopped legend=("Er bruddet stoppet?", "Is the breach stopped?")
            get=|r| r.containment.stopped set=|r, v| r.containment.stopped = Some(v) />
        <TextField field=FieldPath::ContainmentHow label=("Hvordan blev det stoppet eller begrænset?", "How was it stopped or limited?") multiline=true
            hint=("Fx: modtageren har slettet beskeden, kontoen er spærret, filen er fjernet.", "E.g. the recipient deleted the message, the account is locked, the file is removed.")
            get=|r| r.containment.how.clone() set=|r, v| r.containment.how = text(v) />
    }
}

/// Step 3: whose data and what kind.
#[component]
pub fn StepData() -> impl IntoView {
    view! {
        <Checkboxes field=FieldPath::DataSubjects legend=("Hvem handler oplysningerne om?", "Whom is the data about?")
            get=|r| &r.data.subjects get_mut=|r| &mut r.data.subjects />
        <YesNo field=FieldPath::DataMinors legend=("Er der børn under 18 blandt de berørte?", "Are there children under 18 among those affected?")
            get=|r| r.data.minors set=|r, v| r.data.minors = v />
        <YesNo field=FieldPath::DataVulnerable legend=("Er der sårbare personer blandt de berørte?", "Are there vulnerable persons among those affected?")
            hint=("Fx elever med særlige behov, børn i en børnesag eller personer med beskyttet adresse.", "E.g. pupils with special needs, children in a child-protection case or people with a protected address.")
            get=|r| r.data.vulnerable set=|r, v| r.data.vulnerable = v />
        <CountField field=FieldPath::DataSubjectCountPrecision value_field=FieldPath::DataSubjectCountValue
            legend=("Hvor mange personer er berørt?", "How many people are affected?")
            get=|r| r.data.subject_count set=|r, v| r.data.subject_count = v />
        <CountField field=FieldPath::DataRecordCountPrecision value_field=FieldPath::DataRecordCountValue
            legend=("Hvor mange dokumenter, beskeder eller registreringer?", "How many documents, messages or records?")
            get=|r| r.data.record_count set=|r, v| r.data.record_count = v />
        <Checkboxes field=FieldPath::DataCategories legend=("Hvilke slags oplysninger?", "What kinds of data?")
            hint=("Vælg alle, der passer. Helbred omfatter fx diagnoser og PPR; sociale forhold fx underretninger og familieforhold.", "Choose all that apply. Health includes diagnoses and PPR; social matters include child-protection reports and family matters.")
            get=|r| &r.data.categories get_mut=|r| &mut r.data.categories />
    }
}

/// Step 4: who got it and in what state.
#[component]
pub fn StepCircumstances() -> impl IntoView {
    let store = use_store();
    let confidentiality = move || store.report.with(|r| r.nature.confidentiality);
    let integrity = move || store.report.with(|r| r.nature.integrity);
    let availability = move || store.report.with(|r| r.nature.availability);
    let known = move || {
        store
            .report
            .with(|r| r.circumstances.recipients == Some(Recipients::Known))
    };
    // A backup and how long it took matter while the data is (or may be)
    // back: not when nothing was lost, nor when it is lost for good.
    let may_come_back = move || {
        store.report.with(|r| {
            !matches!(
                r.circumstances.availability_loss,
                Some(AvailabilityLoss::None | AvailabilityLoss::Permanent)
            )
        })
    };
    // Ransomware, malware or a hacked account may have copied the data.
    let attack = move || store.report.with(Report::is_attack_that_may_copy);
    // Whoever has a lost or stolen device may read it unless it was
    // encrypted: asked whatever was ticked above.
    let device = move || {
        store
            .report
            .with(|r| r.nature.incident.is_some_and(IncidentType::is_device))
    };
    view! {
        <Show when=confidentiality>
            <Radios field=FieldPath::CircumstancesRecipients legend=("Hvem har fået eller kunnet se oplysningerne?", "Who got or could see the data?")
                get=|r| r.circumstances.recipients set=|r, v| r.circumstances.recipients = Some(v) />
            <Show when=known>
                <YesNo field=FieldPath::CircumstancesRecipientBoundByConfidentiality legend=("Har modtageren tavshedspligt?", "Is the recipient bound by confidentiality?")
                    hint=("Fx en kollega eller en sagsbehandler i kommunen.", "E.g. a colleague or a municipal case worker.")
                    get=|r| r.circumstances.recipient_bound_by_confidentiality set=|r, v| r.circumstances.recipient_bound_by_confidentiality = v />
            </Show>
            <YesNo field=FieldPath::CircumstancesUnintelligible legend=("Var oplysningerne uforståelige for andre?", "Was the data unintelligible to others?")
                hint=("Fx krypteret med en kode, som modtageren ikke har.", "E.g. encrypted with a key the recipient does not have.")
                get=|r| r.circumstances.unintelligible set=|r, v| r.circumstances.unintelligible = v />
            <YesNo field=FieldPath::CircumstancesRecovered legend=("Er oplysningerne fået tilbage eller slettet hos modtageren?", "Has the data been recovered or deleted by the recipient?")
                get=|r| r.circumstances.recovered set=|r, v| r.circumstances.recovered = v />
        </Show>
        <Show when=integrity>
            <YesNo field=FieldPath::CircumstancesIntegrityRecoverable legend=("Kan de ændrede oplysninger genskabes?", "Can the changed data be restored?")
                get=|r| r.circumstances.integrity_recoverable set=|r, v| r.circumstances.integrity_recoverable = v />
        </Show>
        <Show when=availability>
            <Radios field=FieldPath::CircumstancesAvailabilityLoss legend=("Hvor meget er tabt?", "How much is lost?")
                get=|r| r.circumstances.availability_loss set=|r, v| r.circumstances.availability_loss = Some(v) />
            <Show when=may_come_back>
                <YesNo field=FieldPath::CircumstancesBackup optional=true
                    legend=("Var der en backup eller kopi, som oplysningerne kunne hentes fra?", "Was there a backup or copy the data could be restored from?")
                    hint=("Fx en sikkerhedskopi hos IT eller en kopi i et andet system. Spring over, hvis du ikke ved det.", "E.g. a backup kept by IT or a copy in another system. Skip this if you do not know.")
                    get=|r| r.circumstances.backup set=|r, v| r.circumstances.backup = v />
                <Radios field=FieldPath::CircumstancesUnavailableFor optional=true
                    legend=("Hvor længe var oplysningerne væk?", "How long was the data unavailable?")
                    hint=("Regn med tiden, til alle kunne bruge dem igen. Spring over, hvis du ikke ved det endnu.", "Count until everyone could use it again. Skip this if you do not know yet.")
                    get=|r| r.circumstances.unavailable_for set=|r, v| r.circumstances.unavailable_for = Some(v) />
            </Show>
        </Show>
        <Show when=device>
            <Radios field=FieldPath::CircumstancesEncrypted optional=true
                legend=("Var enheden eller filerne krypteret?", "Was the device or its files encrypted?")
                hint=("Fx BitLocker på skolens computer eller kode på telefonen. \"Ved ikke\" regnes som ukrypteret.", "E.g. BitLocker on the school's computer or a code on the phone. \"Don't know\" counts as not encrypted.")
                get=|r| r.circumstances.encrypted set=|r, v| r.circumstances.encrypted = Some(v) />
        </Show>
        <Show when=attack>
            <Radios field=FieldPath::CircumstancesExfiltration optional=true
                legend=("Kan angriberen have kopieret oplysningerne?", "Could the attacker have copied the data?")
                hint=("Spørg IT, om logs viser, at data er sendt ud.", "Ask IT whether logs show data leaving.")
                get=|r| r.circumstances.exfiltration set=|r, v| r.circumstances.exfiltration = Some(v) />
        </Show>
        <YesNo field=FieldPath::CircumstancesMalicious legend=("Handlede nogen med ond vilje?", "Did anyone act with malicious intent?")
            hint=("Fx tyveri, hacking eller phishing.", "E.g. theft, hacking or phishing.")
            get=|r| r.circumstances.malicious set=|r, v| r.circumstances.malicious = v />
        <Checkboxes field=FieldPath::Consequences legend=("Hvad kan det betyde for de berørte?", "What may it mean for those affected?") optional=true
            get=|r| &r.consequences get_mut=|r| &mut r.consequences />
    }
}

/// Step 5: what more is planned and what prevents it in future.
#[component]
pub fn StepNext() -> impl IntoView {
    view! {
        <TextField field=FieldPath::ContainmentPlanned label=("Hvad skal der yderligere gøres for at rette op?", "What more will be done to put it right?") multiline=true
            get=|r| r.containment.planned.clone() set=|r, v| r.containment.planned = text(v) />
        <TextField field=FieldPath::ContainmentPrevention label=("Hvad skal forhindre, at det sker igen?", "What will prevent it from happening again?") multiline=true
            get=|r| r.containment.prevention.clone() set=|r, v| r.containment.prevention = text(v) />
    }
}

/// Step 6: reporter, leader, handler, role.
#[component]
pub fn StepPeople() -> impl IntoView {
    let store = use_store();
    let informed = move || {
        store
            .report
            .with(|r| r.handling.leader_informed == Some(true))
    };
    let processor = move || store.report.with(|r| r.role == Some(Role::Processor));
    view! {
        <TextField field=FieldPath::ReporterName label=("Dit navn", "Your name") autocomplete="name"
            get=|r| r.reporter.name.clone() set=|r, v| r.reporter.name = text(v) />
        <Radios field=FieldPath::ReporterRole legend=("Hvem er du i forhold til skolen?", "Who are you in relation to the school?")
            get=|r| r.reporter.role set=|r, v| r.reporter.role = Some(v) />
        <TextField field=FieldPath::ReporterEmail label=("Din e-mail", "Your e-mail") input_type="email" inputmode="email" autocomplete="email"
            hint=("Skriv din e-mail eller dit telefonnummer.", "Enter your e-mail or your phone number.")
            get=|r| r.reporter.email.clone() set=|r, v| r.reporter.email = text(v) />
        <TextField field=FieldPath::ReporterPhone label=("Dit telefonnummer", "Your phone number") optional=true input_type="tel" inputmode="tel" autocomplete="tel"
            get=|r| r.reporter.phone.clone() set=|r, v| r.reporter.phone = text(v) />
        <YesNo field=FieldPath::HandlingLeaderInformed legend=("Er din leder orienteret?", "Has your leader been told?")
            get=|r| r.handling.leader_informed set=|r, v| r.handling.leader_informed = v />
        <Show when=informed>
            <TextField field=FieldPath::HandlingLeaderName label=("Hvilken leder?", "Which leader?")
                get=|r| r.handling.leader_name.clone() set=|r, v| r.handling.leader_name = text(v) />
        </Show>
        <TextField field=FieldPath::HandlingHandler label=("Hvem tager sig af sagen herfra?", "Who handles the case from here?")
            get=|r| r.handling.handler.clone() set=|r, v| r.handling.handler = text(v) />
        <Radios field=FieldPath::Role legend=("Er skolen dataansvarlig for oplysningerne?", "Is the school controller for the data?")
            hint=("Vælg databehandler, hvis skolen behandler oplysningerne for en anden, fx en forening.", "Choose processor if the school handles the data for someone else, e.g. an association.")
            get=|r| r.role set=|r, v| r.role = Some(v) />
        <Show when=processor>
            <TextField field=FieldPath::ControllerName label=("Den dataansvarliges navn", "The controller's name")
                get=|r| r.controller.as_ref().and_then(|c| c.name.clone())
                set=|r, v| r.controller.get_or_insert_with(Controller::default).name = v />
            <TextField field=FieldPath::ControllerContact label=("Hvordan kontaktes den dataansvarlige?", "How to contact the controller")
                get=|r| r.controller.as_ref().and_then(|c| c.contact.clone())
                set=|r, v| r.controller.get_or_insert_with(Controller::default).contact = v />
        </Show>
    }
}

/// The risk, why, and the deadline, updated as people type.
#[component]
pub fn AssessmentPanel() -> impl IntoView {
    let store = use_store();
    let risk = move || store.assessment.with(|a| a.risk);
    // A verdict only once there is something to judge.
    let assessable = move || {
        store.report.with(|r| {
            (r.nature.confidentiality || r.nature.integrity || r.nature.availability)
                && !r.data.categories.is_empty()
        })
    };
    // The clock that runs: as processor, the school's own for telling
    // the controller; else the 72 hours for Datatilsynet.
    let deadline = move || {
        let lang = store.lang.get();
        let now = store.now.get();
        store.assessment.with(|a| {
            let o = &a.obligations;
            let processor = o.notify_controller.required;
            let due = if processor {
                o.notify_controller.deadline
            } else {
                o.notify_authority.deadline
            };
            due.map(|due| {
                (
                    processor,
                    format_local(due.utc(), lang),
                    format_remaining(due.utc(), now, lang),
                )
            })
        })
    };
    let duties = move || {
        let lang = store.lang.get();
        store
            .assessment
            .with(|a| obligation_lines(&a.obligations, lang))
    };
    // The reasons' words come from the receipt module, fetched when "Why?"
    // is first opened (the form's build leaves them out), and follow the
    // answers while it is open.
    let why_open = RwSignal::new(false);
    let why_list = NodeRef::<html::Ul>::new();
    // Syncs with the receipt module, outside the form: the reasons are
    // asked for when "Why?" is opened and again when the answers or the
    // language change while it is open.
    Effect::new(move |_| {
        let open = why_open.get();
        let lang = store.lang.get();
        store.report.with(|report| {
            if let (true, Some(list)) = (open, why_list.get()) {
                let org = store.org_json.get_value();
                let now = store.now.get_untracked();
                crate::api::show_why(&list, report, org.as_deref(), now, lang);
            }
        });
    });
    view! {
        <aside class="panel" aria-labelledby="panel-heading">
            <h2 id="panel-heading" class="panel__heading">{tr("Vurdering indtil nu", "Assessment so far")}</h2>
            <Show when=assessable fallback=move || view! {
                <p class="panel__pending">{tr(
                    "Vurderingen vises, når du har svaret på, hvad der gik galt, og hvilke oplysninger det drejer sig om.",
                    "The assessment appears once you have answered what went wrong and what kinds of data are involved.",
                )}</p>
            }>
                <p class="panel__risk" data-risk=move || risk().da()>{move || risk().label(store.lang.get())}</p>
            </Show>
            {move || deadline().map(|(processor, due, left)| view! {
                <p class="panel__deadline">
                    {if processor { tr("Underret den dataansvarlige senest: ", "Tell the controller by: ") } else { tr("Frist for anmeldelse: ", "Notification deadline: ") }}<strong>{due}</strong>
                    <br /><span class="panel__countdown">{left}</span>
                </p>
            })}
            <Show when=assessable>
                <ul class="panel__duties">{move || duties().into_iter().map(|d| view! { <li>{d}</li> }).collect_view()}</ul>
                <details class="panel__why" on:toggle=move |ev| {
                    let open = event_target::<web_sys::HtmlDetailsElement>(&ev).open();
                    why_open.set(open);
                }>
                    <summary>{tr("Hvorfor?", "Why?")}</summary>
                    <ul node_ref=why_list><li>{tr("Henter …", "Fetching …")}</li></ul>
                </details>
            </Show>
            <details class="panel__why">
                <summary>{tr("Skolens procedure", "The school's procedure")}</summary>
                <ol>{move || {
                    let lang = store.lang.get();
                    store.assessment.with(|a| a.obligations.steps.iter()
                        .map(|s| view! { <li>{lang.pick(&s.da, &s.en).to_string()}</li> })
                        .collect_view())
                }}</ol>
            </details>
        </aside>
    }
}

/// GOV.UK error summary: takes focus, links to each field, same wording.
#[component]
pub fn ErrorSummary(
    /// Where the summary's element goes, so Continue can focus it.
    node_ref: NodeRef<html::Div>,
) -> impl IntoView {
    let store = use_store();
    let has_errors = move || store.shown_errors.with(|e| !e.is_empty());
    view! {
        <div node_ref=node_ref class="error-summary" class:error-summary--hidden=move || !has_errors()
            role="alert" aria-labelledby="error-summary-title" tabindex="-1">
            <Show when=has_errors>
                <h2 class="error-summary__title" id="error-summary-title">{tr("Der er et problem", "There is a problem")}</h2>
                <ul class="error-summary__list">
                    {move || {
                        let lang = store.lang.get();
                        store.shown_errors.get().into_iter().map(|p| {
                            let href = format!("#{}", field_id(question_for(&p.field)));
                            view! { <li><a href=href>{lang.pick(&p.da, &p.en).to_string()}</a></li> }
                        }).collect_view()
                    }}
                </ul>
            </Show>
        </div>
    }
}

fn yes_no(value: Option<bool>, lang: Language) -> String {
    match value {
        Some(true) => lang.pick("Ja", "Yes").into(),
        Some(false) => lang.pick("Nej", "No").into(),
        None => "–".into(),
    }
}

fn label<T: Labelled>(value: Option<T>, lang: Language) -> String {
    value.map_or_else(|| "–".to_string(), |v| v.label(lang).to_string())
}

fn list<T: Labelled>(values: &[T], lang: Language) -> String {
    if values.is_empty() {
        "–".to_string()
    } else {
        brud_shared::lang::capitalize(&join_labels(values, lang))
    }
}

/// The answers of a step, as (question, answer) rows.
fn answers(step: Step, r: &Report, lang: Language) -> Vec<(&'static str, String)> {
    let pick = |da: &'static str, en: &'static str| lang.pick(da, en);
    let at = |t: Option<brud_shared::time::Timestamp>| {
        t.map_or("–".to_string(), |t| format_local(t.utc(), lang))
    };
    let txt = |t: &Option<String>| t.clone().unwrap_or_else(|| "–".into());
    let count = |c: Option<Count>| match c {
        None => "–".to_string(),
        Some(c) => match c.value {
            Some(v) if c.precision != CountPrecision::Unknown => {
                format!("{} {v}", c.precision.label(lang))
            }
            _ => c.precision.label(lang).to_string(),
        },
    };
    match step {
        Step::What => vec![
            (
                pick("Hvad er der sket?", "What happened?"),
                txt(&r.nature.description),
            ),
            (pick("Hændelse", "Incident"), label(r.nature.incident, lang)),
            (pick("Årsag", "Cause"), label(r.nature.cause, lang)),
            (
                pick("Skete", "Happened"),
                match &r.timeline.occurred {
                    Some(o) if o.precision == OccurredPrecision::Exact => at(o.at),
                    Some(o) if o.precision == OccurredPrecision::Approximate => {
                        format!("{} – {}", at(o.from), at(o.to))
                    }
                    Some(o) => o.precision.label(lang).to_string(),
                    None => "–".into(),
                },
            ),
            (pick("Opdaget", "Became aware"), at(r.timeline.aware_at)),
            (
                pick("Opdaget af", "Discovered by"),
                label(r.timeline.discovered_by, lang),
            ),
        ],
        Step::Stopped => vec![
            (
                pick("Står stadig på", "Still going on"),
                yes_no(r.timeline.ongoing, lang),
            ),
            (
                pick("Stoppet", "Stopped"),
                label(r.containment.stopped, lang),
            ),
            (pick("Hvordan", "How"), txt(&r.containment.how)),
        ],
        Step::Data => vec![
            (pick("Hvem", "Whom"), list(&r.data.subjects, lang)),
            (
                pick("Børn under 18", "Children under 18"),
                yes_no(r.data.minors, lang),
            ),
            (
                pick("Sårbare personer", "Vulnerable persons"),
                yes_no(r.data.vulnerable, lang),
            ),
            (
                pick("Antal personer", "Number of people"),
                count(r.data.subject_count),
            ),
            (
                pick("Antal registreringer", "Number of records"),
                count(r.data.record_count),
            ),
            (pick("Oplysninger", "Data"), list(&r.data.categories, lang)),
        ],
        Step::Circumstances => {
            let c = &r.circumstances;
            let mut rows = vec![
                (pick("Modtagere", "Recipients"), label(c.recipients, lang)),
                (
                    pick("Uforståelige for andre", "Unintelligible to others"),
                    yes_no(c.unintelligible, lang),
                ),
                (
                    pick("Fået tilbage eller slettet", "Recovered or deleted"),
                    yes_no(c.recovered, lang),
                ),
            ];
            // The loss, its backup and its duration, when data was lost.
            if r.nature.availability {
                rows.extend([
                    (pick("Tabt", "Lost"), label(c.availability_loss, lang)),
                    (pick("Backup", "Backup"), yes_no(c.backup, lang)),
                    (
                        pick("Væk i", "Unavailable for"),
                        label(c.unavailable_for, lang),
                    ),
                ]);
            }
            if r.nature.incident.is_some_and(IncidentType::is_device) {
                rows.push((pick("Krypteret", "Encrypted"), label(c.encrypted, lang)));
            }
            if r.is_attack_that_may_copy() {
                rows.push((pick("Kopieret", "Copied"), label(c.exfiltration, lang)));
            }
            rows.extend([
                (
                    pick("Ond vilje", "Malicious intent"),
                    yes_no(c.malicious, lang),
                ),
                (
                    pick("Konsekvenser", "Consequences"),
                    list(&r.consequences, lang),
                ),
            ]);
            rows
        }
        Step::Next => vec![
            (pick("Planlagt", "Planned"), txt(&r.containment.planned)),
            (
                pick("Forebyggelse", "Prevention"),
                txt(&r.containment.prevention),
            ),
        ],
        Step::People => vec![
            (pick("Navn", "Name"), txt(&r.reporter.name)),
            (pick("Rolle", "Role"), label(r.reporter.role, lang)),
            (
                pick("Kontakt", "Contact"),
                [r.reporter.email.clone(), r.reporter.phone.clone()]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            (
                pick("Leder orienteret", "Leader informed"),
                yes_no(r.handling.leader_informed, lang),
            ),
            (pick("Håndteres af", "Handled by"), txt(&r.handling.handler)),
            (
                pick("Skolens rolle", "The school's role"),
                label(r.role, lang),
            ),
        ],
        Step::Check | Step::Receipt => Vec::new(),
    }
}

/// Step 7: every answer with a Change link.
#[component]
pub fn CheckAnswers() -> impl IntoView {
    let store = use_store();
    let late = move || {
        store.assessment.with(|a| {
            a.obligations.notify_authority.required && a.obligations.notify_authority.overdue
        })
    };
    let sections = move || {
        let lang = store.lang.get();
        Step::QUESTIONS
            .into_iter()
            .map(|step| {
                let rows = store.report.with(|r| answers(step, r, lang));
                view! {
                    <h2 class="heading-m">{format!("{}. {}", step.number(), step_title(step, lang))}</h2>
                    <dl class="summary-list">
                        {rows.into_iter().map(|(question, answer)| view! {
                            <div class="summary-list__row">
                                <dt class="summary-list__key">{question}</dt>
                                <dd class="summary-list__value">{answer}</dd>
                            </div>
                        }).collect_view()}
                    </dl>
                    <p><a href="#" class="link" on:click=move |ev| { ev.prevent_default(); store.step.set(step) }>
                        {lang.pick("Ændr", "Change")}<span class="visually-hidden">{format!(" {}", step_title(step, lang))}</span>
                    </a></p>
                }
            })
            .collect_view()
    };
    view! {
        {sections}
        <Show when=late>
            <TextField field=FieldPath::LateReason label=("Hvorfor kommer anmeldelsen efter fristen?", "Why is the notification after the deadline?") multiline=true
                hint=("Datatilsynet kræver en begrundelse, når fristen på 72 timer er overskredet.", "Datatilsynet requires a reason once the 72-hour deadline has passed.")
                get=|r| r.late_reason.clone() set=|r, v| r.late_reason = text(v) />
        </Show>
    }
}

/// The title of a step.
pub fn step_title(step: Step, lang: Language) -> &'static str {
    match step {
        Step::What => lang.pick("Indberet et brud", "Report a breach"),
        Step::Stopped => lang.pick("Er bruddet stoppet?", "Is the breach stopped?"),
        Step::Data => lang.pick("Hvis oplysninger?", "Whose data?"),
        Step::Circumstances => lang.pick("Hvem fik oplysningerne?", "Who got the data?"),
        Step::Next => lang.pick("Hvad sker der nu?", "What happens next?"),
        Step::People => lang.pick("Dig og sagen", "You and the case"),
        Step::Check => lang.pick("Tjek dine svar", "Check your answers"),
        Step::Receipt => lang.pick("Indberetningen er sendt", "The report is sent"),
    }
}

/// Step 8: reference, deadline, obligations, the organisation's next
/// steps and contacts, and the texts to copy or download (made by the
/// receipt module, fetched now: see `receipt/`).
#[component]
pub fn ReceiptView() -> impl IntoView {
    let store = use_store();
    let texts_view = move || {
        let lang = store.lang.get();
        match store.texts.get() {
            TextsState::Loading => Some(view! { <p class="send-status" role="status">{lang.pick("Teksterne hentes …", "Fetching the texts …")}</p> }.into_any()),
            TextsState::NoOrg => None,
            TextsState::Failed => Some(view! {
                <p class="send-status" role="status">{lang.pick(
                    "Teksterne kunne ikke hentes lige nu. Indberetningen er modtaget.",
                    "The texts could not be fetched just now. The report has been received.",
                )}</p>
                <p><button type="button" class="button button--secondary" on:click=move |_| load_receipt_texts(store)>
                    {lang.pick("Prøv igen", "Try again")}
                </button></p>
            }.into_any()),
            // Made by the receipt module, texts escaped there (see receipt/).
            TextsState::Ready(texts) => Some(view! { <div inner_html=texts.get(lang).to_string()></div> }.into_any()),
        }
    };
    let content = move || {
        let lang = store.lang.get();
        let receipt = store.receipt.get()?;
        let org = store.org.get();
        let due = receipt.deadline.map(|d| format_local(d.utc(), lang));
        let steps = receipt
            .steps
            .iter()
            .map(|s| lang.pick(&s.da, &s.en).to_string())
            .collect::<Vec<_>>();
        let contacts = org.as_ref().map(|o| o.contacts.clone()).unwrap_or_default();
        Some(view! {
            <div class="panel panel--confirmation">
                {if receipt.reference.is_empty() {
                    // Held: beyond the limit of its network or its school,
                    // kept for the DPO (no case, no reference yet).
                    view! { <p class="panel__held">{lang.pick(
                        "Indberetningen er gemt og venter på, at DPO'en åbner den: der kommer mange indberetninger lige nu. Haster det, så kontakt skolen nedenfor.",
                        "The report is kept and waits for the DPO to open it: many reports are arriving just now. If it is urgent, contact the school below.",
                    )}</p> }.into_any()
                } else {
                    view! {
                        <p>{lang.pick("Jeres reference", "Your reference")}</p>
                        <p class="panel__reference">{receipt.reference.clone()}</p>
                    }.into_any()
                }}
            </div>
            <p class="lead">{format!("{}: {}", lang.pick("Risiko", "Risk"), receipt.risk.label(lang))}</p>
            {due.map(|due| view! { <p>{lang.pick("Frist for anmeldelse til Datatilsynet: ", "Deadline for notifying Datatilsynet: ")}<strong>{due}</strong></p> })}
            <h2 class="heading-m">{lang.pick("Det sker nu", "What happens next")}</h2>
            <ol class="list list--number">{steps.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}</ol>
            <h2 class="heading-m">{lang.pick("Kontakter", "Contacts")}</h2>
            <ul class="list">{contacts.into_iter().map(|c| view! {
                <li><strong>{c.name}</strong>{format!(" – {}", lang.pick(&c.role_da, &c.role_en))}{c.phone.map(|p| format!(" Tlf. {p}."))}</li>
            }).collect_view()}</ul>
        })
    };
    view! { {content} {texts_view} }
}
