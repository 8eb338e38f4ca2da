//! Feedback and petitions for the person who sends them: the form (from a dossier, a procedure, a unit or in general), its receipt with the code and the due day, and the list of what they sent.

use crate::api::{get_json, send_json, ApiFailure};
use crate::components::{day, when};
use crate::dossiers::tracking::{failure_errors, StepErrors};
use crate::dossiers::{DocumentView, Errors};
use crate::i18n::{k, t, tf, tr};
use crate::identity::Session;
use crate::officers::{described_in, field_error_in};
use app::feedback::{Feedback, Kind, NewFeedback, RefusalReason, State, Step, StepRequest};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use officer::{OfficerData, PublishPanel};

mod officer;
mod public;
pub use officer::OfficerPage;
pub use public::{PublicItemPage, PublicListPage};

pub fn state_text(s: State) -> &'static str {
    t(match s {
        State::Received => k::FB_STATE_RECEIVED,
        State::Accepted => k::FB_STATE_ACCEPTED,
        State::Refused => k::FB_STATE_REFUSED,
        State::InfoRequested => k::FB_STATE_INFO,
        State::InProgress => k::FB_STATE_IN_PROGRESS,
        State::Answered => k::FB_STATE_ANSWERED,
        State::Closed => k::FB_STATE_CLOSED,
        State::AwaitingApproval => k::FB_STATE_AWAITING,
    })
}

/// The kind in a list's line.
fn kind_short(kind: Kind) -> &'static str {
    t(match kind {
        Kind::Report => k::FB_KIND_REPORT_SHORT,
        Kind::Proposal => k::FB_KIND_PROPOSAL_SHORT,
    })
}

/// The kind as the form offers it.
fn kind_text(kind: Kind) -> &'static str {
    t(match kind {
        Kind::Report => k::FB_KIND_REPORT,
        Kind::Proposal => k::FB_KIND_PROPOSAL,
    })
}

/// What the person typed, kept on the device until it is sent, so a
/// dropped network or a refusal loses nothing.
const DEVICE_COPY: &str = "phan-anh-nhap";

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

fn reason(field: &str, r: &str) -> &'static str {
    match (field, r) {
        ("kind", _) => t(k::FB_ERR_KIND),
        ("attachments", _) => t(k::FB_ERR_ATTACHMENTS),
        ("action", "too_many_requests") => t(k::FB_ERR_LIMIT),
        (_, r) => crate::dossiers::tracking::step_reason(r),
    }
}

/// A random key made once per form, so a retry is the same feedback.
fn fresh_key() -> String {
    let mut buf = [0u8; 16];
    match window()
        .crypto()
        .ok()
        .map(|c| c.get_random_values_with_u8_array(&mut buf))
    {
        Some(Ok(_)) => buf.iter().map(|b| format!("{b:02x}")).collect(),
        _ => format!("{}-{}", js_sys::Date::now(), js_sys::Math::random()),
    }
}

/// `/ca-nhan/phan-anh/gui?ho-so=&thu-tuc=&don-vi=`: the form.
#[component]
pub fn SendPage() -> impl IntoView {
    crate::use_page_title(|| t(k::FB_SEND_TITLE).to_owned());
    let query = use_query_map();
    let about = |name: &str| {
        query
            .with_untracked(|q| q.get(name))
            .filter(|v| !v.trim().is_empty())
    };
    let (dossier, procedure, unit) = (about("ho-so"), about("thu-tuc"), about("don-vi"));
    let kept: Option<(String, String)> = storage()
        .and_then(|s| s.get_item(DEVICE_COPY).ok().flatten())
        .and_then(|j| serde_json::from_str(&j).ok());
    let (title, content) = kept.unwrap_or_default();
    let kind = RwSignal::new(if procedure.is_some() && dossier.is_none() {
        Kind::Proposal
    } else {
        Kind::Report
    });
    let title = RwSignal::new(title);
    let content = RwSignal::new(content);
    let publish = RwSignal::new(true);
    let chosen = RwSignal::new(Vec::<String>::new());
    let errors = RwSignal::new(Errors::new());
    let busy = RwSignal::new(false);
    let sent = RwSignal::new(None::<Feedback>);
    let key = StoredValue::new(fresh_key());
    let docs = LocalResource::new(|| get_json::<Vec<DocumentView>>(app::paths::MY_DOCUMENTS));
    let keep = move || {
        if let (Some(s), Ok(j)) = (
            storage(),
            serde_json::to_string(&(title.get_untracked(), content.get_untracked())),
        ) {
            let _ = s.set_item(DEVICE_COPY, &j);
        }
    };
    let context = {
        let (d, p, u) = (dossier.clone(), procedure.clone(), unit.clone());
        move || match (&d, &p, &u) {
            (Some(d), _, _) => tf(k::FB_ABOUT_DOSSIER, &[("code", d)]),
            (None, Some(p), _) => tf(k::FB_ABOUT_PROCEDURE, &[("code", p)]),
            (None, None, Some(u)) => tf(k::FB_ABOUT_UNIT, &[("code", u)]),
            _ => t(k::FB_ABOUT_GENERAL).to_owned(),
        }
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = NewFeedback {
            kind: kind.get_untracked().as_str().to_owned(),
            title: title.get_untracked(),
            content: content.get_untracked(),
            dossier: dossier.clone(),
            procedure: procedure.clone(),
            unit: unit.clone(),
            commune: None,
            attachments: chosen.get_untracked(),
            publish: publish.get_untracked(),
            idempotency_key: key.get_value(),
        };
        let csrf = Session::get().csrf();
        busy.set(true);
        leptos::task::spawn_local(async move {
            let r = send_json::<_, Feedback>("POST", app::paths::MY_FEEDBACK, &body, &csrf).await;
            busy.set(false);
            match r {
                Ok(f) => {
                    if let Some(s) = storage() {
                        let _ = s.remove_item(DEVICE_COPY);
                    }
                    errors.set(Errors::new());
                    sent.set(Some(f));
                    request_animation_frame(|| crate::focus_element("page-title"));
                }
                Err(ApiFailure::Api { status: 429, .. }) => {
                    errors.set([("action".to_owned(), vec!["too_many_requests".to_owned()])].into())
                }
                Err(f) => errors.set(failure_errors(f)),
            }
        });
    };
    let field_error = move |field: &'static str| field_error_in(errors, "fb", field, reason);
    let invalid =
        move |field: &'static str| move || errors.with(|e| e.contains_key(field)).to_string();
    let radio = move |value: Kind| {
        let id = format!("fb-kind-{}", value.as_str());
        view! {
            <div class="choice">
                <input type="radio" name="fb-kind" id=id.clone() prop:checked=move || kind.get() == value on:change=move |_| kind.set(value)/>
                <label for=id>{move || kind_text(value)}</label>
            </div>
        }
    };
    view! {
        <div class="wrap page">
            {move || match sent.get() {
                Some(f) => view! {
                    <h1 id="page-title" tabindex="-1">{tr(k::FB_SENT_TITLE)}</h1>
                    <div class="confirmation-panel">
                        <p>{tr(k::FB_SENT_CODE)}</p>
                        <p class="dossier-code">{f.code.clone()}</p>
                        <p>{tf(k::FB_SENT_DUE, &[("date", &day(&f.due_date)), ("unit", &f.unit)])}</p>
                    </div>
                    <p>{tr(k::FB_SENT_NEXT)}</p>
                    <p><A href="/ca-nhan/phan-anh">{tr(k::FB_MINE)}</A></p>
                }.into_any(),
                None => view! {
                    <h1 id="page-title" tabindex="-1">{tr(k::FB_SEND_TITLE)}</h1>
                    <p>{context.clone()}</p>
                    <p class="note">{tr(k::FB_NOT_COMPLAINT)}</p>
                    <form class="step-form" on:submit=submit.clone() novalidate>
                        <StepErrors errors=errors prefix="fb"/>
                        <fieldset class="field" id="fb-kind" tabindex="-1">
                            <legend>{tr(k::FB_KIND)}</legend>
                            {field_error("kind")}
                            {radio(Kind::Report)}
                            {radio(Kind::Proposal)}
                        </fieldset>
                        <div class="field">
                            <label for="fb-title">{tr(k::FB_TITLE)}</label>
                            {field_error("title")}
                            <input id="fb-title" type="text" maxlength="200" autocomplete="off" aria-invalid=invalid("title") aria-describedby=described_in(errors, "fb", "title")
                                prop:value=move || title.get() on:input=move |ev| { title.set(event_target_value(&ev)); keep(); }/>
                        </div>
                        <div class="field">
                            <label for="fb-content">{tr(k::FB_CONTENT)}</label>
                            <p class="hint" id="fb-content-hint">{tr(k::FB_CONTENT_HINT)}</p>
                            {field_error("content")}
                            <textarea id="fb-content" rows="8" maxlength="5000" aria-invalid=invalid("content")
                                aria-describedby=move || described_in(errors, "fb", "content")().map_or("fb-content-hint".to_owned(), |e| format!("fb-content-hint {e}"))
                                prop:value=move || content.get() on:input=move |ev| { content.set(event_target_value(&ev)); keep(); }></textarea>
                        </div>
                        <fieldset class="field" id="fb-attachments" tabindex="-1">
                            <legend>{tr(k::FB_ATTACHMENTS)}" "<span class="optional">{tr(k::FORM_OPTIONAL)}</span></legend>
                            {field_error("attachments")}
                            {move || match docs.get() {
                                Some(Ok(list)) if !list.is_empty() => list.into_iter().map(|d| {
                                    let id = d.id.clone();
                                    let on = d.id.clone();
                                    let input = format!("fb-doc-{}", d.id);
                                    view! {
                                        <div class="choice">
                                            <input type="checkbox" id=input.clone() prop:checked=move || chosen.with(|c| c.contains(&on)) on:change=move |ev| {
                                                let on = event_target_checked(&ev);
                                                chosen.update(|c| { c.retain(|x| *x != id); if on { c.push(id.clone()); } });
                                            }/>
                                            <label for=input translate="no">{d.file_name.clone()}</label>
                                        </div>
                                    }
                                }).collect_view().into_any(),
                                _ => view! { <p class="hint">{tr(k::FB_NO_DOCUMENTS)}</p> }.into_any(),
                            }}
                            // A new file goes to the store (checked by its
                            // content, as every upload) and is attached.
                            <crate::dossiers::documents::StoreUpload id="fb-upload" stored=move |d: DocumentView| {
                                chosen.update(|c| c.push(d.id));
                                docs.refetch();
                            }/>
                        </fieldset>
                        <div class="choice">
                            <input type="checkbox" id="fb-publish" prop:checked=move || publish.get() on:change=move |ev| publish.set(event_target_checked(&ev))/>
                            <label for="fb-publish">{tr(k::FB_PUBLISH)}</label>
                        </div>
                        <p class="hint">{tr(k::FB_NOTIFY)}</p>
                        <p class="form-actions"><button type="submit" class="button primary" disabled=move || busy.get()>{tr(k::FB_SEND)}</button></p>
                    </form>
                }.into_any(),
            }}
        </div>
    }
}

pub(crate) fn step_text(s: Step) -> &'static str {
    t(match s {
        Step::Accept => k::FB_STEP_ACCEPT,
        Step::Refuse => k::FB_STEP_REFUSE,
        Step::RequestInfo => k::FB_STEP_REQUEST_INFO,
        Step::GiveInfo => k::FB_STEP_GIVE_INFO,
        Step::Start => k::FB_STEP_START,
        Step::Answer => k::FB_STEP_ANSWER,
        Step::Reopen => k::FB_STEP_REOPEN,
        Step::Close => k::FB_STEP_CLOSE,
        Step::Reroute => k::FB_STEP_REROUTE,
        Step::Propose => k::FB_STEP_PROPOSE,
        Step::Approve => k::FB_STEP_APPROVE,
        Step::Return => k::FB_STEP_RETURN,
        Step::Rate => k::FB_STEP_RATE,
    })
}

/// A kept step's name, in words (`publish` is not a step of the machine).
pub(crate) fn step_text_of(action: &str) -> Option<&'static str> {
    match action {
        "publish" => Some(t(k::FB_PUBLISHED)),
        a => Step::ALL
            .into_iter()
            .find(|s| s.as_str() == a)
            .map(step_text),
    }
}

fn refusal_text(r: RefusalReason) -> &'static str {
    t(match r {
        RefusalReason::OutOfScope => k::FB_REFUSE_SCOPE,
        RefusalReason::Duplicate => k::FB_REFUSE_DUPLICATE,
        RefusalReason::NotEnoughInformation => k::FB_REFUSE_INFO,
    })
}

fn step_reason(field: &str, r: &str) -> &'static str {
    match (field, r) {
        ("step", "too_late") => t(k::FB_ERR_TOO_LATE),
        ("reason", _) => t(k::FB_ERR_REASON),
        ("duplicate_of", _) => t(k::FB_ERR_DUPLICATE),
        (_, r) => crate::dossiers::tracking::step_reason(r),
    }
}

/// One feedback: what was sent, the answer, the history, and the steps
/// open to whoever looks (the sender, or the unit's officer).
#[component]
fn Item(f: Feedback, officer: bool) -> impl IntoView {
    let current = RwSignal::new(f);
    let code = current.with_untracked(|f| f.code.clone());
    // The field ids of this item's form; the error helpers take a `'static`
    // prefix, so it lives as long as the page (a few bytes per item shown).
    let prefix: &'static str = Box::leak(format!("fb-{}", code.replace('.', "-")).into_boxed_str());
    let step = RwSignal::new(None::<Step>);
    let note = RwSignal::new(String::new());
    let reason = RwSignal::new(None::<RefusalReason>);
    let duplicate = RwSignal::new(String::new());
    let to_unit = RwSignal::new(String::new());
    let satisfied = RwSignal::new(None::<bool>);
    let errors = RwSignal::new(Errors::new());
    let busy = RwSignal::new(false);
    // The unit's templates and the units to re-route to (officers only).
    let data = officer.then(use_context::<OfficerData>).flatten();
    let answered =
        Memo::new(move |_| current.with(|f| matches!(f.state, State::Answered | State::Closed)));
    let send = {
        let code = code.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let Some(s) = step.get_untracked() else {
                errors.set([("step".to_owned(), vec!["required".to_owned()])].into());
                return;
            };
            let req = StepRequest {
                step: s,
                note: note.get_untracked(),
                reason: reason.get_untracked(),
                duplicate_of: duplicate.get_untracked(),
                unit: to_unit.get_untracked(),
                satisfied: satisfied.get_untracked(),
            };
            let url = app::paths::feedback_steps(officer, &code);
            let csrf = Session::get().csrf();
            busy.set(true);
            leptos::task::spawn_local(async move {
                let r = send_json::<_, Feedback>("POST", &url, &req, &csrf).await;
                busy.set(false);
                match r {
                    Ok(f) => {
                        errors.set(Errors::new());
                        note.set(String::new());
                        step.set(None);
                        current.set(f);
                    }
                    Err(e) => errors.set(failure_errors(e)),
                }
            });
        }
    };
    let id = move |field: &str| format!("{prefix}-{field}");
    view! {
        <li class="card">
            {move || current.with(|f| {
                let (state, kind) = (f.state, f.kind);
                view! {
                    <h2 translate="no">{f.title.clone()}</h2>
                    <p class="hint"><span class="dossier-code">{f.code.clone()}</span>" · "{move || kind_short(kind)}" · "<strong>{move || state_text(state)}</strong></p>
                    <p>{tf(k::FB_SENT_DUE, &[("date", &day(&f.due_date)), ("unit", &f.unit)])}</p>
                    {(!f.sender.is_empty()).then(|| view! { <p translate="no">{tf(k::FB_FROM, &[("name", &f.sender)])}</p> })}
                    {f.dossier.clone().map(|d| view! { <p>{tf(k::FB_ABOUT_DOSSIER, &[("code", &d)])}</p> })}
                    <p class="timeline-note" translate="no">{f.content.clone()}</p>
                    {(!f.attachments.is_empty()).then(|| view! {
                        <p>{tr(k::FB_ATTACHED)}</p>
                        <ul>{f.attachments.iter().map(|a| {
                            let href = if officer { app::paths::feedback_attachment(&f.code, &a.id) } else { app::paths::my_document_content(&a.id) };
                            view! { <li><a href=href rel="external" target="_blank" translate="no">{a.file_name.clone()}</a></li> }
                        }).collect_view()}</ul>
                    })}
                    {(!f.answer.is_empty()).then(|| view! {
                        <section class="result-box" aria-label=format!("{} · {}", t(k::FB_ANSWER), f.code)>
                            <h3>{tr(k::FB_ANSWER)}</h3>
                            <p class="timeline-note" translate="no">{f.answer.clone()}</p>
                        </section>
                    })}
                    {(!f.draft_answer.is_empty()).then(|| view! {
                        <section class="note" aria-label=format!("{} · {}", t(k::FB_DRAFT), f.code)>
                            <h3>{tr(k::FB_DRAFT)}</h3>
                            <p class="timeline-note" translate="no">{f.draft_answer.clone()}</p>
                        </section>
                    })}
                    {f.satisfied.map(|ok| view! {
                        <p>{tr(k::FB_RATING)}": "<strong>{move || t(if ok { k::FB_SATISFIED } else { k::FB_NOT_SATISFIED })}</strong>
                        {(!f.rating_note.is_empty()).then(|| format!(" — {}", f.rating_note))}</p>
                    })}
                    {f.published_at.map(|at| view! { <p class="hint"><a href=format!("/phan-anh-kien-nghi/{}", crate::api::encode(&f.code)) rel="external">{tr(k::FB_PUBLISHED)}</a>" · "{when(at)}</p> })}
                    {f.refusal.map(|r| view! { <p class="warning-box">{move || refusal_text(r)}{(!f.duplicate_of.is_empty()).then(|| format!(" {}", f.duplicate_of))}</p> })}
                    <details>
                        <summary>{tr(k::TRACK_TIMELINE)}</summary>
                        <ol class="timeline">{f.events.iter().map(|e| view! {
                            <li><p class="timeline-when">{when(e.at)}{(!e.unit.is_empty()).then(|| format!(" · {}", e.unit))}</p>
                            <p>{state_text(e.state)}</p>
                            {(!e.note.is_empty()).then(|| view! { <p class="timeline-note" translate="no">{e.note.clone()}</p> })}</li>
                        }).collect_view()}</ol>
                    </details>
                }
            })}
            {move || (!current.with(|f| f.steps.is_empty())).then(|| {
                let steps = current.with(|f| f.steps.clone());
                view! {
                    <form class="step-form" on:submit=send.clone() novalidate>
                        <StepErrors errors=errors prefix=prefix/>
                        <div class="field">
                            <label for=id("step")>{tr(k::FB_STEP)}</label>
                            {field_error_in(errors, prefix, "step", step_reason)}
                            <select id=id("step") on:change=move |ev| step.set(Step::ALL.into_iter().find(|s| s.as_str() == event_target_value(&ev)))>
                                <option value="">{tr(k::FORM_CHOOSE)}</option>
                                {steps.into_iter().map(|s| view! { <option value=s.as_str()>{step_text(s)}</option> }).collect_view()}
                            </select>
                        </div>
                        <Show when=move || step.get() == Some(Step::Refuse)>
                            <div class="field">
                                <label for=id("reason")>{tr(k::FB_REASON)}</label>
                                {field_error_in(errors, prefix, "reason", step_reason)}
                                <select id=id("reason") on:change=move |ev| reason.set(RefusalReason::parse(&event_target_value(&ev)))>
                                    <option value="">{tr(k::FORM_CHOOSE)}</option>
                                    {[RefusalReason::OutOfScope, RefusalReason::Duplicate, RefusalReason::NotEnoughInformation].into_iter().map(|r| view! { <option value=r.as_str()>{refusal_text(r)}</option> }).collect_view()}
                                </select>
                            </div>
                            <Show when=move || reason.get() == Some(RefusalReason::Duplicate)>
                                <div class="field">
                                    <label for=id("duplicate_of")>{tr(k::FB_DUPLICATE_OF)}</label>
                                    {field_error_in(errors, prefix, "duplicate_of", step_reason)}
                                    <input id=id("duplicate_of") type="text" autocomplete="off" prop:value=move || duplicate.get() on:input=move |ev| duplicate.set(event_target_value(&ev))/>
                                </div>
                            </Show>
                        </Show>
                        <Show when=move || step.get() == Some(Step::Reroute)>
                            <div class="field">
                                <label for=id("unit")>{tr(k::FB_UNIT_CODE)}</label>
                                {field_error_in(errors, prefix, "unit", step_reason)}
                                <select id=id("unit") on:change=move |ev| to_unit.set(event_target_value(&ev))>
                                    <option value="">{tr(k::FORM_CHOOSE)}</option>
                                    {move || data.map(|d| {
                                        let here = current.with_untracked(|f| f.unit_code.clone());
                                        let mut units = d.units.get();
                                        units.retain(|u| u.code != here);
                                        crate::components::unit_options(units, None)
                                    })}
                                </select>
                            </div>
                        </Show>
                        <Show when=move || step.get() == Some(Step::Rate)>
                            <fieldset class="field" id=id("satisfied") tabindex="-1">
                                <legend>{tr(k::FB_STEP_RATE)}</legend>
                                {field_error_in(errors, prefix, "satisfied", step_reason)}
                                {[(true, k::FB_SATISFIED), (false, k::FB_NOT_SATISFIED)].into_iter().map(|(v, key)| {
                                    let input = format!("{prefix}-satisfied-{v}");
                                    view! {
                                        <div class="choice">
                                            <input type="radio" name=id("satisfied") id=input.clone() on:change=move |_| satisfied.set(Some(v))/>
                                            <label for=input>{tr(key)}</label>
                                        </div>
                                    }
                                }).collect_view()}
                            </fieldset>
                        </Show>
                        <Show when=move || data.is_some() && matches!(step.get(), Some(Step::Answer | Step::Propose))>
                            <div class="field">
                                <label for=id("template")>{tr(k::FB_TEMPLATE_USE)}</label>
                                <select id=id("template") on:change=move |ev| {
                                    let chosen = event_target_value(&ev);
                                    if let Some(t) = data.and_then(|d| d.templates.with_untracked(|l| l.iter().find(|t| t.id.to_string() == chosen).cloned())) {
                                        note.set(t.body);
                                    }
                                }>
                                    <option value="">{tr(k::FORM_CHOOSE)}</option>
                                    {move || data.map(|d| {
                                        let unit = current.with_untracked(|f| f.unit_code.clone());
                                        d.templates.get().into_iter().filter(|t| t.unit_code == unit).map(|t| view! { <option value=t.id.to_string()>{t.title}</option> }).collect_view()
                                    })}
                                </select>
                            </div>
                        </Show>
                        <div class="field">
                            <label for=id("note")>{tr(k::FB_NOTE)}</label>
                            {field_error_in(errors, prefix, "note", step_reason)}
                            <textarea id=id("note") rows="4" maxlength="5000" prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))></textarea>
                        </div>
                        <button type="submit" class="button primary" disabled=move || busy.get()>{tr(k::FB_DO_STEP)}</button>
                    </form>
                }
            })}
            {move || {
                // Tracks the state only: the panel stays once it published,
                // to show where the public reads it.
                let ready = officer && answered.get() && current.with_untracked(|f| f.published_at.is_none());
                let agreed = current.with_untracked(|f| f.publish);
                (ready && agreed).then(|| view! { <PublishPanel current=current prefix=prefix/> }.into_any())
                    .or_else(|| (ready && !agreed).then(|| view! { <p class="hint">{tr(k::FB_ERR_NOT_AGREED)}</p> }.into_any()))
            }}
        </li>
    }
}

/// `/ca-nhan/phan-anh`: what the person sent, newest first, with the
/// answers and their own steps (give information, reopen, close).
#[component]
pub fn MinePage() -> impl IntoView {
    crate::use_page_title(|| t(k::FB_MINE).to_owned());
    let list = LocalResource::new(|| get_json::<Vec<Feedback>>(app::paths::MY_FEEDBACK));
    view! {
        <div class="wrap page">
            <h1 id="page-title" tabindex="-1">{tr(k::FB_MINE)}</h1>
            <p><A href="/ca-nhan/phan-anh/gui" attr:class="button primary">{tr(k::FB_SEND_TITLE)}</A></p>
            {move || list.get().map(|r| match r {
                Ok(l) if l.is_empty() => view! { <p>{tr(k::FB_NONE)}</p> }.into_any(),
                Ok(l) => view! {
                    <ul class="card-list">{l.into_iter().map(|f| view! { <Item f=f officer=false/> }).collect_view()}</ul>
                }.into_any(),
                Err(e) => crate::components::failure_view(e),
            })}
        </div>
    }
}
