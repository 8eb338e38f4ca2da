//! The officers' workspace: their agencies' queues, a dossier with its answers, documents, history and the steps open now, and their agency's ratings.

use crate::api::{get_json, with_query, ApiFailure};
use crate::dossiers::receipt::{day, status_text};
use crate::dossiers::tracking::{
    dossier_frame, send_step, timeliness_class, timeliness_text, Notice, StatusPanel, StepErrors,
    SubmittedAnswers, Timeline,
};
use crate::dossiers::{english, Errors};
use crate::i18n::{k, t, tf, tr};
use crate::identity::Session;
use app::dossiers::{Dossier, Queue, QueueName};
use app::lifecycle::{Action, StepRequest};
use app::ratings::AgencySummary;
use app::units::HandoverRequest;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

fn queue_label(q: QueueName) -> &'static str {
    t(match q {
        QueueName::Mine => k::QUEUE_MINE,
        QueueName::Unassigned => k::QUEUE_UNASSIGNED,
        QueueName::New => k::QUEUE_NEW,
        QueueName::InProgress => k::QUEUE_IN_PROGRESS,
        QueueName::Waiting => k::QUEUE_WAITING,
        QueueName::DueSoon => k::QUEUE_DUE_SOON,
        QueueName::Overdue => k::QUEUE_OVERDUE,
        QueueName::Ready => k::QUEUE_READY,
        QueueName::All => k::QUEUE_ALL,
    })
}

/// `/can-bo?hang=&q=`: the queues, with counts, and a search by code or name.
#[component]
pub fn QueuePage() -> impl IntoView {
    crate::use_page_title(|| t(k::OFFICER_TITLE).to_owned());
    let query = use_query_map();
    let current = move || {
        let slug = query.get().get("hang").unwrap_or_else(|| "new".into());
        QueueName::ALL
            .into_iter()
            .find(|q| q.slug() == slug)
            .unwrap_or(QueueName::New)
    };
    let q = move || query.get().get("q").unwrap_or_default();
    let page = move || {
        query
            .get()
            .get("trang")
            .and_then(|p| p.parse::<u32>().ok())
            .filter(|p| (1..=10_000).contains(p))
            .unwrap_or(1)
    };
    let data = LocalResource::new(move || {
        let url = with_query(
            app::paths::OFFICER_DOSSIERS,
            &[
                ("queue", current().slug().into()),
                ("q", q()),
                ("page", page().to_string()),
            ],
        );
        async move { get_json::<Queue>(&url).await }
    });
    let typed = RwSignal::new(String::new());
    Effect::new(move |_| typed.set(q()));
    let navigate = leptos_router::hooks::use_navigate();
    let search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        navigate(
            &with_query(
                "/can-bo",
                &[("hang", "all".into()), ("q", typed.get_untracked())],
            ),
            Default::default(),
        );
    };
    view! {
        <div class="wrap page officer">
            <h1 id="page-title" tabindex="-1">{tr(k::OFFICER_TITLE)}</h1>
            <p class="officer-links"><A href="/can-bo/tiep-nhan">{tr(k::INTAKE_TITLE)}</A>" · "<A href="/can-bo/phan-anh">{tr(k::FB_OFFICER_TITLE)}</A>" · "<A href="/can-bo/danh-gia">{tr(k::OFFICER_RATINGS_LINK)}</A>" · "<A href="/can-bo/thong-ke">{tr(k::STATS_OFFICER_TITLE)}</A></p>
            <UnitLoads/>
            <form class="officer-search" role="search" on:submit=search>
                <label for="officer-q">{tr(k::OFFICER_SEARCH)}</label>
                <input id="officer-q" type="search" prop:value=move || typed.get() on:input=move |ev| typed.set(event_target_value(&ev))/>
                <button type="submit" class="button">{tr(k::SEARCH_BUTTON)}</button>
            </form>
            <Suspense fallback=|| view! { <crate::components::Loading key=k::PROC_LOADING/> }>
                {move || data.get().map(|r| match r {
                    Ok(queue) => {
                        let chosen = current();
                        let shown = queue.counts.iter().find(|(n, _)| *n == chosen).map_or(0, |(_, c)| *c);
                        let pages = u32::try_from(shown.div_ceil(queue.per_page.max(1) as usize)).unwrap_or(1);
                        let href = Callback::new(move |n: u32| with_query(
                            "/can-bo",
                            &[("hang", chosen.slug().into()), ("q", q()), ("trang", n.to_string())],
                        ));
                        view! {
                            <nav class="queue-tabs" aria-label=tr(k::OFFICER_QUEUES)>
                                <ul>
                                    {queue.counts.iter().map(|(name, n)| {
                                        let here = *name == chosen;
                                        let name = *name;
                                        let n = *n;
                                        // A plain link: the router's <A> marks every tab current, as
                                        // they share one path and differ in the query.
                                        view! { <li><a href=format!("/can-bo?hang={}", name.slug()) aria-current=here.then_some("page")>{move || queue_label(name)}" ("{n}")"</a></li> }
                                    }).collect_view()}
                                </ul>
                            </nav>
                            <h2>{move || queue_label(chosen)}</h2>
                            {if queue.items.is_empty() {
                                let asked = q();
                                view! { <p role="status">{if asked.trim().is_empty() { t(k::OFFICER_EMPTY).to_owned() } else { tf(k::OFFICER_NOT_FOUND, &[("q", asked.trim())]) }}</p> }.into_any()
                            } else {
                                view! {
                                    <ul class="card-list queue">
                                        {queue.items.into_iter().map(|d| {
                                            let (status, tl) = (d.status, d.timeliness);
                                            view! {
                                                <li>
                                                    <h3><A href=format!("/can-bo/ho-so/{}", d.code)>{d.code.clone()}</A></h3>
                                                    <p lang="vi">{d.procedure_name.clone()}</p>
                                                    <p class="hint"><span translate="no">{d.applicant.clone()}</span>" · "{move || status_text(status)}" · "{tf(k::MY_DOSSIER_DUE, &[("date", &day(&d.due_date))])}</p>
                                                    <p><span class=timeliness_class(tl)>{move || timeliness_text(tl)}</span></p>
                                                    {(!d.handler.is_empty()).then(|| view! { <p class="hint" translate="no">{tf(k::OFFICER_HELD_BY, &[("name", &d.handler)])}</p> })}
                                                </li>
                                            }
                                        }).collect_view()}
                                    </ul>
                                    <crate::components::Pager page=queue.page pages=pages href=href/>
                                }.into_any()
                            }}
                        }.into_any()
                    }
                    Err(ApiFailure::Api { status: 403, .. }) => view! { <p class="error-box" role="alert">{tr(k::OFFICER_ONLY)}</p> }.into_any(),
                    Err(e) => crate::components::failure_view(e),
                })}
            </Suspense>
        </div>
    }
}

/// `/can-bo/ho-so/:code`
#[component]
pub fn OfficerDossierPage() -> impl IntoView {
    let back = view! { <p class="no-print"><A href="/can-bo">{tr(k::OFFICER_BACK)}</A></p> };
    dossier_frame(
        app::paths::officer_dossier,
        "officer",
        back,
        |d, current| view! { <Handling d=d current=current/> }.into_any(),
    )
}

#[component]
fn Handling(d: Dossier, current: RwSignal<Option<Dossier>>) -> impl IntoView {
    let code = d.code.clone();
    let docs = d.documents.clone();
    // A dossier taken in at the counter or by post prints as its receipt alone.
    let counter = d.channel != app::dossiers::Channel::Online;
    view! {
        <div class:no-print=counter>
        <p><span lang="vi">{d.procedure_name.clone()}</span>" ("{d.procedure.clone()}") · "<span translate="no">{d.applicant.clone()}</span></p>
        <StatusPanel d=d.clone() national=true/>
        <Actions d=d.clone() current=current/>
        {(!d.colleagues.is_empty() || d.can_transfer).then(|| view! { <Handover d=d.clone() current=current/> })}
        <SubmittedAnswers d=d.clone()/>
        <section aria-labelledby="documents-title">
            <h2 id="documents-title">{tr(k::RECEIPT_DOCUMENTS)}</h2>
            {if docs.is_empty() { view! { <p>{tr(k::RECEIPT_NO_DOCUMENTS)}</p> }.into_any() } else {
                view! { <ul>{docs.into_iter().map(|doc| view! {
                    <li>{crate::dossiers::kind_view(&doc.component)}": "<a href=app::paths::officer_document(&code, &doc.id) target="_blank" rel="noopener" translate="no">{doc.file_name.clone()}</a></li>
                }).collect_view()}</ul> }.into_any()
            }}
        </section>
        <section aria-labelledby="timeline-title">
            <h2 id="timeline-title">{tr(k::TRACK_TIMELINE)}</h2>
            <Timeline events=d.events.clone()/>
        </section>
        </div>
        // Form 01 for the person at the counter (or to post back), printed here.
        {counter.then(|| view! {
            <section class="receipt-section" aria-labelledby="receipt-title">
                <h2 id="receipt-title">{tr(k::RECEIPT_TITLE)}</h2>
                <crate::dossiers::receipt::Receipt d=d.clone() officer=true/>
            </section>
        })}
    }
}

fn action_label(a: Action) -> &'static str {
    t(match a {
        Action::Accept => k::DO_ACCEPT,
        Action::Refuse => k::DO_REFUSE,
        Action::StartProcessing => k::DO_START_PROCESSING,
        Action::RequestSupplement => k::DO_REQUEST_SUPPLEMENT,
        Action::RequestPayment => k::DO_REQUEST_PAYMENT,
        Action::ConfirmPayment => k::DO_CONFIRM_PAYMENT,
        Action::Stop => k::DO_STOP,
        Action::Finish => k::DO_FINISH,
        Action::ReturnResult => k::DO_RETURN_RESULT,
        Action::Apologise => k::DO_APOLOGISE,
        Action::AnswerSupplement | Action::Withdraw => k::FIELD_OTHER,
    })
}

/// The steps open now. Choosing one opens what it needs (a reason, the
/// list of missing items, a new date, the result file); a step that needs
/// nothing more is confirmed in the same place.
#[component]
fn Actions(d: Dossier, current: RwSignal<Option<Dossier>>) -> impl IntoView {
    let chosen = RwSignal::new(None::<Action>);
    let note = RwSignal::new(String::new());
    let items = RwSignal::new(String::new());
    let new_due = RwSignal::new(String::new());
    let tracking = RwSignal::new(String::new());
    let errors = RwSignal::new(Errors::new());
    let busy = RwSignal::new(false);
    let upload_status = RwSignal::new(String::new());
    let code = d.code.clone();
    let has_result = RwSignal::new(d.result.clone());
    let session = Session::get();
    let on_result = {
        let code = code.clone();
        move |ev: leptos::ev::Event| {
            let Some(file) = crate::dossiers::picked_file(&ev) else {
                return;
            };
            let url = app::paths::officer_result(&code, &crate::api::encode(&file.name()));
            upload_status.set(t(k::DOC_UPLOADING).to_owned());
            leptos::task::spawn_local(async move {
                match crate::api::upload_to::<Dossier>("PUT", &url, &file, &session.csrf(), |_| {})
                    .await
                {
                    Ok(d) => {
                        upload_status.set(tf(k::DOC_UPLOADED, &[("name", &file.name())]));
                        has_result.set(d.result.clone());
                    }
                    Err(f) => {
                        upload_status.set(crate::dossiers::fields::upload_failure(&f).to_owned())
                    }
                }
            });
        }
    };
    let notice = use_context::<Notice>();
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(action) = chosen.get_untracked() else {
            return;
        };
        let mut step = StepRequest::new(action);
        step.note = note.get_untracked();
        step.items = items
            .get_untracked()
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect();
        step.new_due_date = new_due.get_untracked();
        step.tracking = tracking.get_untracked();
        send_step(
            app::paths::officer_steps(&code),
            step,
            errors,
            busy,
            current,
            notice,
            move |d| {
                chosen.set(None);
                note.set(String::new());
                items.set(String::new());
                tf(
                    k::OFFICER_DONE,
                    &[
                        ("action", action_label(action)),
                        ("status", status_text(d.status)),
                    ],
                )
            },
        );
    };
    let actions = d.actions.clone();
    let processing = d.status == app::dossiers::Status::Processing;
    let by_post = d.delivery == app::dossiers::Delivery::Post;
    view! {
        <section class="actions-box no-print" aria-labelledby="actions-title">
            <h2 id="actions-title">{tr(k::OFFICER_ACTIONS)}</h2>
            {if actions.is_empty() { view! { <p>{tr(k::OFFICER_NO_ACTIONS)}</p> }.into_any() } else {
                // The expected next step is the one main button; refusing
                // and stopping are set apart (and, like every step, asked
                // again before they are taken).
                let next = actions.iter().copied().find(|a| is_next_step(*a));
                view! { <div class="action-buttons">{actions.into_iter().map(|a| view! {
                    <button type="button" class=button_class(a, next) aria-pressed=move || (chosen.get() == Some(a)).to_string()
                        on:click=move |_| { errors.set(Errors::new()); chosen.set(Some(a)); request_animation_frame(|| crate::focus_element("step-form-title")); }>
                        {move || action_label(a)}
                    </button>
                }).collect_view()}</div> }.into_any()
            }}
            {processing.then(|| view! {
                <div class="field">
                    <label for="step-result">{tr(k::OFFICER_RESULT_UPLOAD)}</label>
                    <p class="hint">{move || match has_result.get() { Some(r) => tf(k::OFFICER_RESULT_READY, &[("name", &r.file_name)]), None => t(k::OFFICER_RESULT_NONE).to_owned() }}</p>
                    <input id="step-result" type="file" accept="image/jpeg,image/png,application/pdf" on:change=on_result.clone()/>
                    <p role="status">{move || upload_status.get()}</p>
                </div>
            })}
            {move || chosen.get().map(|a| {
                let needs_note = matches!(a, Action::Refuse | Action::Stop | Action::RequestPayment | Action::Apologise);
                view! {
                    <form class="step-form" on:submit=send.clone() novalidate>
                        <h3 id="step-form-title" tabindex="-1">{move || action_label(a)}</h3>
                        <StepErrors errors=errors prefix="step"/>
                        {(a == Action::RequestSupplement).then(|| view! {
                            <div class="field">
                                <label for="step-items">{tr(k::OFFICER_ITEMS)}</label>
                                <p class="hint" id="step-items-hint">{tr(k::OFFICER_ITEMS_HINT)}</p>
                                {field_error(errors, "items")}
                                <textarea id="step-items" rows="4" aria-describedby=described(errors, "items", "step-items-hint") aria-invalid=invalid(errors, "items") prop:value=move || items.get() on:input=move |ev| items.set(event_target_value(&ev))></textarea>
                            </div>
                        })}
                        {(a == Action::ReturnResult && by_post).then(|| view! {
                            <div class="field">
                                <label for="step-tracking">{tr(k::OFFICER_TRACKING)}</label>
                                <p class="hint" id="step-tracking-hint">{tr(k::OFFICER_TRACKING_HINT)}</p>
                                {field_error(errors, "tracking")}
                                <input id="step-tracking" autocomplete="off" aria-describedby=described(errors, "tracking", "step-tracking-hint") aria-invalid=invalid(errors, "tracking") prop:value=move || tracking.get() on:input=move |ev| tracking.set(event_target_value(&ev))/>
                            </div>
                        })}
                        {(a == Action::Apologise).then(|| view! {
                            <div class="field">
                                <label for="step-new_due_date">{tr(k::OFFICER_NEW_DUE)}</label>
                                {field_error(errors, "new_due_date")}
                                <input id="step-new_due_date" type="date" aria-describedby=described(errors, "new_due_date", "") aria-invalid=invalid(errors, "new_due_date") prop:value=move || new_due.get() on:input=move |ev| new_due.set(event_target_value(&ev))/>
                            </div>
                        })}
                        <div class="field">
                            <label for="step-note">{move || if needs_note { t(k::OFFICER_REASON) } else { t(k::OFFICER_NOTE) }}</label>
                            {field_error(errors, "note")}
                            <textarea id="step-note" rows="3" aria-describedby=described(errors, "note", "") aria-invalid=invalid(errors, "note") prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))></textarea>
                        </div>
                        <button type="submit" id="step-confirm" class="button primary" disabled=move || busy.get()>{move || tf(k::OFFICER_CONFIRM, &[("action", action_label(a))])}</button>
                        " "<button type="button" class="link-button" on:click=move |_| chosen.set(None)>{tr(k::OFFICER_CANCEL)}</button>
                    </form>
                }
            })}
        </section>
    }
}

/// The steps that move a dossier on: the first one offered is the main button.
fn is_next_step(a: Action) -> bool {
    matches!(
        a,
        Action::Accept
            | Action::StartProcessing
            | Action::ConfirmPayment
            | Action::Finish
            | Action::ReturnResult
    )
}

fn button_class(a: Action, next: Option<Action>) -> &'static str {
    match a {
        _ if Some(a) == next => "button",
        Action::Refuse | Action::Stop => "button secondary destructive",
        _ => "button secondary",
    }
}

/// A step field's own error line (`step-{field}-error`), as the summary says it.
fn field_error(errors: RwSignal<Errors>, field: &'static str) -> impl IntoView {
    field_error_in(errors, "step", field, step_field_reason)
}

/// What to do, at a step's field: the list of papers, the reason.
fn step_field_reason(field: &str, reason: &str) -> &'static str {
    match (field, reason) {
        ("items", "required") => t(k::OFFICER_ERR_ITEMS),
        ("note", "required") => t(k::OFFICER_ERR_REASON),
        ("tracking", "required") => t(k::OFFICER_ERR_TRACKING),
        (_, r) => crate::dossiers::tracking::step_reason(r),
    }
}

/// A form field's own error line (`{form}-{field}-error`).
pub(crate) fn field_error_in(
    errors: RwSignal<Errors>,
    form: &'static str,
    field: &'static str,
    text: fn(&str, &str) -> &'static str,
) -> impl IntoView {
    move || {
        errors
            .with(|e| e.get(field).and_then(|r| r.first()).cloned())
            .map(|r| view! { <p class="field-error" id=format!("{form}-{field}-error")>{text(field, &r)}</p> })
    }
}

/// The error line, when there is one, that describes a form's field.
pub(crate) fn described_in(
    errors: RwSignal<Errors>,
    form: &'static str,
    field: &'static str,
) -> impl Fn() -> Option<String> {
    move || {
        errors
            .with(|e| e.contains_key(field))
            .then(|| format!("{form}-{field}-error"))
    }
}

fn invalid(errors: RwSignal<Errors>, field: &'static str) -> impl Fn() -> String {
    move || errors.with(|e| e.contains_key(field)).to_string()
}

/// The hint, and the error when there is one, that describe a step field.
fn described(
    errors: RwSignal<Errors>,
    field: &'static str,
    hint: &'static str,
) -> impl Fn() -> Option<String> {
    move || {
        let ids: Vec<String> = [
            (!hint.is_empty()).then(|| hint.to_owned()),
            errors
                .with(|e| e.contains_key(field))
                .then(|| format!("step-{field}-error")),
        ]
        .into_iter()
        .flatten()
        .collect();
        (!ids.is_empty()).then(|| ids.join(" "))
    }
}

/// Handing the dossier to a colleague of its unit (assigning it, passing
/// it to a leader to sign), or to another unit with a reason. Each is a
/// form of its own, with its problems named at its fields.
#[component]
fn Handover(d: Dossier, current: RwSignal<Option<Dossier>>) -> impl IntoView {
    let code = StoredValue::new(d.code.clone());
    let to_officer = RwSignal::new(String::new());
    let to_unit = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let (errors, unit_errors) = (RwSignal::new(Errors::new()), RwSignal::new(Errors::new()));
    let busy = RwSignal::new(false);
    let notice = use_context::<Notice>();
    let colleagues = d.colleagues.clone();
    let units = LocalResource::new(|| get_json::<Vec<app::units::UnitSummary>>(app::paths::UNITS));
    let here = d.agency.clone();
    let send = move |req: HandoverRequest, errs: RwSignal<Errors>| {
        let url = code.with_value(|c| app::paths::officer_handover(c));
        let csrf = Session::get().csrf();
        busy.set(true);
        leptos::task::spawn_local(async move {
            let r = crate::api::send_json::<_, Dossier>("POST", &url, &req, &csrf).await;
            busy.set(false);
            match r {
                Ok(d) => {
                    errs.set(Errors::new());
                    let text = tf(k::HANDOVER_DONE, &[("who", &d.handler)]);
                    current.set(Some(d));
                    if let Some(Notice(n)) = notice {
                        n.set(text);
                        request_animation_frame(|| crate::focus_element("page-notice"));
                    }
                }
                Err(f) => errs.set(crate::dossiers::tracking::failure_errors(f)),
            }
        });
    };
    let assign = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(id) = to_officer.get_untracked().parse::<i64>() else {
            errors.set([("to_officer".to_owned(), vec!["required".to_owned()])].into());
            return;
        };
        let req = HandoverRequest {
            to_officer: Some(id),
            to_unit: None,
            note: note.get_untracked(),
        };
        send(req, errors);
    };
    let transfer = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let unit = to_unit.get_untracked();
        if unit.is_empty() {
            unit_errors.set([("to_unit".to_owned(), vec!["unknown_value".to_owned()])].into());
            return;
        }
        let req = HandoverRequest {
            to_officer: None,
            to_unit: Some(unit),
            note: reason.get_untracked(),
        };
        send(req, unit_errors);
    };
    view! {
        <section class="actions-box no-print" aria-labelledby="handover-title">
            <h2 id="handover-title">{tr(k::HANDOVER_TITLE)}</h2>
            {(!colleagues.is_empty()).then(|| view! {
                <form class="step-form" on:submit=assign novalidate>
                    <StepErrors errors=errors prefix="handover"/>
                    <div class="field">
                        <label for="handover-to_officer">{tr(k::HANDOVER_TO_OFFICER)}</label>
                        {field_error_in(errors, "handover", "to_officer", handover_reason)}
                        <select id="handover-to_officer" aria-describedby=described_in(errors, "handover", "to_officer") aria-invalid=invalid(errors, "to_officer") on:change=move |ev| to_officer.set(event_target_value(&ev))>
                            <option value="">{tr(k::HANDOVER_CHOOSE)}</option>
                            {colleagues.iter().map(|c| {
                                let (name, role, n) = (c.name.clone(), c.role, c.open.to_string());
                                // The person's name leads the line: it is kept as written.
                                view! { <option value=c.id.to_string() translate="no">{move || tf(k::HANDOVER_OPTION, &[("name", &name), ("role", role.name(english())), ("n", &n)])}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="handover-note">{tr(k::HANDOVER_NOTE)}</label>
                        {field_error_in(errors, "handover", "note", handover_reason)}
                        <textarea id="handover-note" rows="2" aria-describedby=described_in(errors, "handover", "note") aria-invalid=invalid(errors, "note") prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))></textarea>
                    </div>
                    <button type="submit" id="handover-give" class="button secondary" disabled=move || busy.get()>{tr(k::HANDOVER_GIVE)}</button>
                </form>
            })}
            {d.can_transfer.then(|| view! {
                <form class="step-form" on:submit=transfer novalidate>
                    <h3>{tr(k::HANDOVER_TRANSFER_TITLE)}</h3>
                    <p class="hint" id="transfer-hint">{tr(k::HANDOVER_TRANSFER_HINT)}</p>
                    <StepErrors errors=unit_errors prefix="transfer"/>
                    <div class="field">
                        <label for="transfer-to_unit">{tr(k::HANDOVER_UNIT)}</label>
                        {field_error_in(unit_errors, "transfer", "to_unit", handover_reason)}
                        <select id="transfer-to_unit" aria-describedby=described_in(unit_errors, "transfer", "to_unit") aria-invalid=invalid(unit_errors, "to_unit") on:change=move |ev| to_unit.set(event_target_value(&ev))>
                            <option value="">{tr(k::HANDOVER_CHOOSE_UNIT)}</option>
                            {move || units.get().and_then(Result::ok).unwrap_or_default().into_iter()
                                .filter(|u| u.name.vi != here)
                                .map(|u| view! { <option value=u.code.clone() lang="vi">{u.name.vi.clone()}</option> })
                                .collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="transfer-note">{tr(k::HANDOVER_REASON)}</label>
                        {field_error_in(unit_errors, "transfer", "note", handover_reason)}
                        <textarea id="transfer-note" rows="2" aria-describedby=described_in(unit_errors, "transfer", "note") aria-invalid=invalid(unit_errors, "note") prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                    </div>
                    <button type="submit" id="transfer-send" class="button secondary" disabled=move || busy.get()>{tr(k::HANDOVER_TRANSFER)}</button>
                </form>
            })}
        </section>
    }
}

/// A hand-over problem in words that say what to do.
fn handover_reason(field: &str, reason: &str) -> &'static str {
    match (field, reason) {
        ("to_officer", "already_holds") => t(k::HANDOVER_ERR_HOLDS),
        ("to_officer", _) => t(k::HANDOVER_ERR_OFFICER),
        ("to_unit", _) => t(k::HANDOVER_ERR_UNIT),
        ("note", "required") => t(k::HANDOVER_ERR_REASON),
        (_, r) => crate::dossiers::tracking::step_reason(r),
    }
}

/// A leader's view: for each unit they lead, the open dossiers each
/// officer holds and those nobody holds yet. Nothing for other officers.
#[component]
fn UnitLoads() -> impl IntoView {
    let data =
        LocalResource::new(|| get_json::<Vec<app::units::UnitLoad>>(app::paths::OFFICER_LOAD));
    move || {
        data.get().and_then(Result::ok).map(|loads| loads.into_iter().map(|u| {
        let id = format!("load-{}", u.code);
        view! {
            <section class="unit-load" aria-labelledby=id.clone()>
                <h2 id=id.clone()>{tr(k::LOAD_TITLE)}": "<span lang="vi">{u.name.clone()}</span></h2>
                <p>{move || tf(k::LOAD_UNASSIGNED, &[("n", &u.unassigned.to_string())])}</p>
                <div class="table-scroll"><table>
                    <thead><tr>
                        <th scope="col">{tr(k::LOAD_OFFICER)}</th><th scope="col">{tr(k::LOAD_ROLE)}</th>
                        <th scope="col">{tr(k::LOAD_OPEN)}</th><th scope="col">{tr(k::LOAD_DUE_SOON)}</th><th scope="col">{tr(k::LOAD_OVERDUE)}</th>
                    </tr></thead>
                    <tbody>{u.officers.into_iter().map(|o| view! {
                        <tr><th scope="row" translate="no">{o.name}</th><td>{move || o.role.name(english())}</td><td>{o.open}</td><td>{o.due_soon}</td><td>{o.overdue}</td></tr>
                    }).collect_view()}</tbody>
                </table></div>
            </section>
        }
    }).collect_view())
    }
}

/// `/can-bo/danh-gia`: how the officer's agencies are rated.
#[component]
pub fn RatingsPage() -> impl IntoView {
    crate::use_page_title(|| t(k::OFFICER_RATINGS_TITLE).to_owned());
    let data = LocalResource::new(|| get_json::<Vec<AgencySummary>>(app::paths::OFFICER_RATINGS));
    view! {
        <div class="wrap page officer">
            <p><A href="/can-bo">{tr(k::OFFICER_BACK)}</A></p>
            <h1 id="page-title" tabindex="-1">{tr(k::OFFICER_RATINGS_TITLE)}</h1>
            <Suspense fallback=|| view! { <crate::components::Loading key=k::PROC_LOADING/> }>
                {move || data.get().map(|r| match r {
                    Ok(list) => list.into_iter().map(|a| view! {
                        <section class="rating-summary">
                            <h2 lang="vi">{a.agency.clone()}</h2>
                            <p>{move || tf(k::OFFICER_RATINGS_COUNT, &[("n", &a.count.to_string()), ("avg", &format!("{:.1}", a.average)), ("pct", &format!("{:.0}", a.satisfied_percent))])}</p>
                            <table>
                                <caption class="visually-hidden">{tr(k::OFFICER_RATINGS_TITLE)}</caption>
                                <thead><tr><th scope="col">{tr(k::RATE_OVERALL)}</th><th scope="col">{tr(k::OFFICER_RATINGS_N)}</th></tr></thead>
                                <tbody>{app::ratings::LEVELS.into_iter().zip(a.by_level).map(|(l, n)| view! {
                                    <tr><th scope="row">{move || app::ratings::level_name(l, english())}</th><td>{n}</td></tr>
                                }).collect_view()}</tbody>
                            </table>
                        </section>
                    }).collect_view().into_any(),
                    Err(e) => view! { <crate::components::ErrorBox failure=e/> }.into_any(),
                })}
            </Suspense>
        </div>
    }
}

/// An entry's action in words of the page's language, never its code.
fn audit_action(action: &str) -> String {
    match action {
        "upload_result" => t(k::AUDIT_UPLOAD_RESULT).to_owned(),
        "view_document" => t(k::AUDIT_VIEW_DOCUMENT).to_owned(),
        "set_procedure_units" => t(k::AUDIT_SET_PROCEDURE_UNITS).to_owned(),
        "assign" => t(k::AUDIT_ASSIGN).to_owned(),
        "transfer" => t(k::AUDIT_TRANSFER).to_owned(),
        "view_dossier" => t(k::AUDIT_VIEW_DOSSIER).to_owned(),
        "grant" => t(k::AUDIT_GRANT).to_owned(),
        "change_unit" => t(k::AUDIT_CHANGE_UNIT).to_owned(),
        "merge_unit" => t(k::AUDIT_MERGE_UNIT).to_owned(),
        "intake" => t(k::AUDIT_INTAKE).to_owned(),
        "create_unit" => t(k::AUDIT_CREATE_UNIT).to_owned(),
        "feedback_approval" => t(k::AUDIT_FEEDBACK_APPROVAL).to_owned(),
        "feedback_view_document" => {
            format!("{}: {}", t(k::AUDIT_FEEDBACK), t(k::AUDIT_VIEW_DOCUMENT))
        }
        a if a.starts_with("feedback_") => {
            match a
                .strip_prefix("feedback_")
                .and_then(crate::feedback::step_text_of)
            {
                Some(s) => format!("{}: {s}", t(k::AUDIT_FEEDBACK)),
                None => a.to_owned(),
            }
        }
        a if Action::parse(a).is_some() => crate::dossiers::tracking::action_text(a).to_owned(),
        a => a.to_owned(),
    }
}

/// An entry's detail in words: "1 -> 2" is a change of status, "N bytes
/// type" a file; anything else (a document id) as it is.
/// The flag says whether the words are the page's: otherwise the detail
/// is shown as recorded (names, a document's id, the record's Vietnamese).
fn audit_detail(detail: &str) -> (String, bool) {
    let status = |c: &str| {
        c.trim()
            .parse::<i64>()
            .ok()
            .and_then(app::dossiers::Status::from_code)
            .map(|s| s.name(english()).to_owned())
    };
    // How a dossier taken in by an officer came.
    let channel = match detail {
        "counter" => Some(app::dossiers::Channel::Counter),
        "post" => Some(app::dossiers::Channel::Post),
        _ => None,
    };
    if let Some(c) = channel {
        return (crate::dossiers::tracking::channel_text(c).to_owned(), true);
    }
    if let Some((from, to)) = detail.split_once("->") {
        if let (Some(a), Some(b)) = (status(from), status(to)) {
            return (format!("{a} → {b}"), true);
        }
    }
    if let Some((n, media)) = detail.split_once(" bytes ") {
        if let Ok(n) = n.parse::<u64>() {
            let kind = media.rsplit('/').next().unwrap_or(media).to_uppercase();
            return (format!("{kind}, {} KB", n.div_ceil(1024)), true);
        }
    }
    (detail.to_owned(), false)
}

/// `/can-bo/nhat-ky`: every officer action, for administrators.
#[component]
pub fn AuditPage() -> impl IntoView {
    crate::use_page_title(|| t(k::AUDIT_TITLE).to_owned());
    let data = LocalResource::new(|| get_json::<Vec<app::dossiers::AuditEntry>>(app::paths::AUDIT));
    view! {
        <div class="wrap page">
            <h1 id="page-title" tabindex="-1">{tr(k::AUDIT_TITLE)}</h1>
            <p>{tr(k::AUDIT_INTRO)}</p>
            <p><A href="/can-bo/phan-quyen">{tr(k::AUDIT_GRANTS_LINK)}</A>" · "<A href="/can-bo/don-vi">{tr(k::AUDIT_UNITS_LINK)}</A></p>
            <Suspense fallback=|| view! { <crate::components::Loading key=k::PROC_LOADING/> }>
                {move || data.get().map(|r| match r {
                    Ok(list) if list.is_empty() => view! { <p>{tr(k::AUDIT_NONE)}</p> }.into_any(),
                    Ok(list) => view! {
                        <div class="table-scroll" tabindex="0" role="region" aria-labelledby="page-title">
                            <table class="audit">
                                <thead><tr>
                                    <th scope="col">{tr(k::AUDIT_WHEN)}</th>
                                    <th scope="col">{tr(k::AUDIT_OFFICER)}</th>
                                    <th scope="col">{tr(k::AUDIT_ACTION)}</th>
                                    <th scope="col">{tr(k::AUDIT_DOSSIER)}</th>
                                    <th scope="col">{tr(k::AUDIT_DETAIL)}</th>
                                </tr></thead>
                                <tbody>{list.into_iter().map(|e| view! {
                                    <tr><td>{crate::components::when(e.at)}</td><td translate="no">{e.officer}</td><td>{audit_action(&e.action)}</td><td>{e.dossier}</td>{let (detail, words) = audit_detail(&e.detail); view! { <td translate=(!words).then_some("no")>{detail}</td> }}</tr>
                                }).collect_view()}</tbody>
                            </table>
                        </div>
                    }.into_any(),
                    Err(ApiFailure::Api { status: 403, .. }) => view! { <p class="error-box" role="alert">{tr(k::AUDIT_ONLY)}</p> }.into_any(),
                    Err(e) => view! { <crate::components::ErrorBox failure=e/> }.into_any(),
                })}
            </Suspense>
        </div>
    }
}
