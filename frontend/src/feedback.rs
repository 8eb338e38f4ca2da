//! Feedback and petitions for the person who sends them: the form (from a dossier, a procedure, a unit or in general), its receipt with the code and the due day, and the list of what they sent.

use crate::api::{get_json, send_json, ApiFailure};
use crate::components::{day, when};
use crate::dossiers::tracking::{failure_errors, StepErrors};
use crate::dossiers::{DocumentView, Errors};
use crate::i18n::{k, t, tf, tr};
use crate::identity::Session;
use crate::officers::{described_in, field_error_in};
use app::feedback::{Feedback, Kind, NewFeedback, State};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

pub fn state_text(s: State) -> &'static str {
    t(match s {
        State::Received => k::FB_STATE_RECEIVED,
        State::Accepted => k::FB_STATE_ACCEPTED,
        State::Refused => k::FB_STATE_REFUSED,
        State::InfoRequested => k::FB_STATE_INFO,
        State::InProgress => k::FB_STATE_IN_PROGRESS,
        State::Answered => k::FB_STATE_ANSWERED,
        State::Closed => k::FB_STATE_CLOSED,
    })
}

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
                                    let input = format!("fb-doc-{}", d.id);
                                    view! {
                                        <div class="choice">
                                            <input type="checkbox" id=input.clone() on:change=move |ev| {
                                                let on = event_target_checked(&ev);
                                                chosen.update(|c| { c.retain(|x| *x != id); if on { c.push(id.clone()); } });
                                            }/>
                                            <label for=input translate="no">{d.file_name.clone()}</label>
                                        </div>
                                    }
                                }).collect_view().into_any(),
                                _ => view! { <p class="hint">{tr(k::FB_NO_DOCUMENTS)}</p> }.into_any(),
                            }}
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

/// `/ca-nhan/phan-anh`: what the person sent, newest first.
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
                    <ul class="card-list">{l.into_iter().map(|f| {
                        let (state, kind) = (f.state, f.kind);
                        view! { <li>
                            <h2 class="card-title" translate="no">{f.title.clone()}</h2>
                            <p class="hint"><span class="dossier-code">{f.code.clone()}</span>" · "{move || kind_text(kind)}" · "{move || state_text(state)}</p>
                            <p>{tf(k::FB_SENT_DUE, &[("date", &day(&f.due_date)), ("unit", &f.unit)])}</p>
                            <p class="hint">{tf(k::MY_DOSSIER_SENT, &[("date", &when(f.received_at))])}</p>
                        </li> }
                    }).collect_view()}</ul>
                }.into_any(),
                Err(e) => crate::components::failure_view(e),
            })}
        </div>
    }
}
