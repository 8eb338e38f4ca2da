//! The unit's side of feedback: its queues, publishing an answer redacted, answer templates and the leader's-approval rule.

use super::Item;
use crate::api::{get_json, send_json, ApiFailure};
use crate::dossiers::tracking::{failure_errors, StepErrors};
use crate::dossiers::Errors;
use crate::i18n::{k, t, tf, tr};
use crate::identity::Session;
use crate::officers::{described_in, field_error_in};
use app::feedback::{Feedback, PublishRequest, Published, Template, UnitRules};
use app::units::UnitSummary;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// What every item of the officer's page draws on, loaded once a page:
/// the templates of their units and the units one may re-route to.
#[derive(Clone, Copy)]
pub(super) struct OfficerData {
    pub templates: RwSignal<Vec<Template>>,
    pub units: RwSignal<Vec<UnitSummary>>,
}

impl OfficerData {
    fn load() -> Self {
        let data = OfficerData {
            templates: RwSignal::new(Vec::new()),
            units: RwSignal::new(Vec::new()),
        };
        leptos::task::spawn_local(async move {
            if let Ok(l) = get_json::<Vec<UnitSummary>>(app::paths::UNITS).await {
                data.units.set(l);
            }
        });
        data.reload_templates();
        data
    }

    fn reload_templates(self) {
        leptos::task::spawn_local(async move {
            if let Ok(l) = get_json::<Vec<Template>>(app::paths::FEEDBACK_TEMPLATES).await {
                self.templates.set(l);
            }
        });
    }
}

/// The sentence for a refused publication or setting, by field and reason.
fn publish_reason(field: &str, r: &str) -> &'static str {
    match r {
        "not_agreed" => t(k::FB_ERR_NOT_AGREED),
        "already_published" => t(k::FB_ERR_ALREADY_PUBLISHED),
        "too_long" if field == "mask" => t(k::FB_ERR_MASK),
        "too_many" if field == "mask" => t(k::FB_ERR_MASK),
        "too_many" if field == "unit_code" => t(k::FB_ERR_TEMPLATES_FULL),
        r => crate::dossiers::tracking::step_reason(r),
    }
}

/// The problems of a small form, each in a sentence, announced at once.
fn problems(errors: RwSignal<Errors>) -> impl IntoView {
    move || {
        errors.with(|e| {
            (!e.is_empty()).then(|| {
                let lines: Vec<&'static str> = e
                    .iter()
                    .flat_map(|(f, rs)| rs.iter().map(move |r| publish_reason(f, r)))
                    .collect();
                view! { <div class="error-box" role="alert">{lines.into_iter().map(|l| view! { <p>{l}</p> }).collect_view()}</div> }
            })
        })
    }
}

/// Preview what the public would read (names, numbers and addresses
/// masked, and the officer's own phrases), then publish exactly that.
#[component]
pub(super) fn PublishPanel(current: RwSignal<Feedback>, prefix: &'static str) -> impl IntoView {
    let masks = RwSignal::new(String::new());
    let preview = RwSignal::new(None::<Published>);
    let errors = RwSignal::new(Errors::new());
    let busy = RwSignal::new(false);
    let run = move |publish: bool| {
        let code = current.with_untracked(|f| f.code.clone());
        let req = PublishRequest {
            mask: masks.with_untracked(|m| {
                m.lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(str::to_owned)
                    .collect()
            }),
        };
        let url = app::paths::feedback_publication(&code, publish);
        let csrf = Session::get().csrf();
        busy.set(true);
        leptos::task::spawn_local(async move {
            let r = send_json::<_, Published>("POST", &url, &req, &csrf).await;
            busy.set(false);
            match r {
                Ok(p) => {
                    errors.set(Errors::new());
                    if publish {
                        current.update(|f| f.published_at = Some(p.published_at));
                    }
                    preview.set(Some(p));
                }
                Err(e) => errors.set(failure_errors(e)),
            }
        });
    };
    let masks_id = format!("{prefix}-mask");
    view! {
        <details class="publish-panel">
            <summary>{tr(k::FB_PUBLISH_TITLE)}</summary>
            {problems(errors)}
            // Once published there is nothing left to mask: only the result.
            <Show when=move || current.with(|f| f.published_at.is_none())>
                <p class="hint">{tr(k::FB_PUBLISH_HINT)}</p>
                <div class="field">
                    <label for=masks_id.clone()>{tr(k::FB_PUBLISH_MASKS)}</label>
                    <textarea id=masks_id.clone() rows="3" maxlength="2000" prop:value=move || masks.get()
                        on:input=move |ev| { masks.set(event_target_value(&ev)); preview.set(None); }></textarea>
                </div>
                <p class="form-actions"><button type="button" class="button secondary" disabled=move || busy.get() on:click=move |_| run(false)>{tr(k::FB_PUBLISH_PREVIEW)}</button></p>
            </Show>
            <div aria-live="polite">
                {move || preview.get().map(|p| {
                    let done = current.with(|f| f.published_at.is_some());
                    view! {
                        <section class="note" aria-label=format!("{} · {}", t(k::FB_PUBLISH_PREVIEW_TITLE), p.code)>
                            <h3>{move || t(if done { k::FB_PUBLISHED } else { k::FB_PUBLISH_PREVIEW_TITLE })}</h3>
                            <p lang="vi"><strong>{p.title.clone()}</strong></p>
                            <p class="timeline-note" lang="vi">{p.content.clone()}</p>
                            <p class="timeline-note" lang="vi"><strong>{tr(k::FB_ANSWER)}": "</strong>{p.answer.clone()}</p>
                        </section>
                        {if done {
                            view! { <p><a href=format!("/phan-anh-kien-nghi/{}", crate::api::encode(&p.code)) rel="external">{tr(k::FB_PUBLISH_VIEW)}</a></p> }.into_any()
                        } else {
                            view! { <p class="form-actions"><button type="button" class="button primary" disabled=move || busy.get() on:click=move |_| run(true)>{tr(k::FB_PUBLISH_DO)}</button></p> }.into_any()
                        }}
                    }
                })}
            </div>
        </details>
    }
}

/// Whether each of the officer's units needs a leader's approval of
/// answers (switched by those who may), and the units' answer templates.
#[component]
fn RulesSection(data: OfficerData) -> impl IntoView {
    let rules = LocalResource::new(|| get_json::<Vec<UnitRules>>(app::paths::FEEDBACK_RULES));
    let status = RwSignal::new(String::new());
    let errors = RwSignal::new(Errors::new());
    let set_approval = move |code: String, unit: String, required: bool| {
        let csrf = Session::get().csrf();
        leptos::task::spawn_local(async move {
            let url = app::paths::feedback_approval(&code);
            let body = app::feedback::Approval { required };
            match send_json::<_, ()>("PUT", &url, &body, &csrf).await {
                Ok(()) => status.set(format!("{unit}: {}", t(k::FB_RULES_SAVED))),
                Err(e) => errors.set(failure_errors(e)),
            }
        });
    };
    // The template form's own problems, each at its field.
    let terrors = RwSignal::new(Errors::new());
    let (unit, title, body) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let new = Template {
            id: 0,
            unit_code: unit.get_untracked(),
            title: title.get_untracked(),
            body: body.get_untracked(),
        };
        let csrf = Session::get().csrf();
        leptos::task::spawn_local(async move {
            match send_json::<_, Template>("POST", app::paths::FEEDBACK_TEMPLATES, &new, &csrf)
                .await
            {
                Ok(t) => {
                    terrors.set(Errors::new());
                    title.set(String::new());
                    body.set(String::new());
                    status.set(tf(k::FB_TEMPLATE_ADDED, &[("title", &t.title)]));
                    data.reload_templates();
                }
                Err(e) => terrors.set(failure_errors(e)),
            }
        });
    };
    let remove = move |t: Template| {
        if !window()
            .confirm_with_message(&tf(k::FB_TEMPLATE_REMOVE, &[("title", &t.title)]))
            .unwrap_or(false)
        {
            return;
        }
        let csrf = Session::get().csrf();
        leptos::task::spawn_local(async move {
            let url = format!("{}/{}", app::paths::FEEDBACK_TEMPLATES, t.id);
            let res = gloo_net::http::Request::delete(&url)
                .header("x-csrf-token", &csrf)
                .send()
                .await;
            if res.is_ok_and(|r| r.ok()) {
                status.set(tf(k::FB_TEMPLATE_REMOVED, &[("title", &t.title)]));
                data.reload_templates();
            }
        });
    };
    view! {
        {move || rules.get().and_then(Result::ok).filter(|r| !r.is_empty()).map(|rules| {
            let managed: Vec<UnitRules> = rules.iter().filter(|r| r.may_manage).cloned().collect();
            let managed_codes: Vec<String> = managed.iter().map(|r| r.unit_code.clone()).collect();
            let may = move |code: &str| managed_codes.iter().any(|c| c == code);
            if unit.get_untracked().is_empty() {
                if let Some(first) = managed.first() {
                    unit.set(first.unit_code.clone());
                }
            }
            let switches = rules.iter().map(|r| {
                let id = format!("fbr-{}", r.unit_code);
                let (code, name) = (r.unit_code.clone(), r.unit.clone());
                view! {
                    <div class="choice">
                        <input type="checkbox" id=id.clone() prop:checked=r.approval disabled=!r.may_manage
                            on:change=move |ev| set_approval(code.clone(), name.clone(), event_target_checked(&ev))/>
                        <label for=id><span lang="vi">{r.unit.clone()}</span>": "{tr(k::FB_RULES_APPROVAL)}</label>
                    </div>
                }
            }).collect_view();
            let list = move || data.templates.get().into_iter().map(|tpl| {
                let removable = may(&tpl.unit_code);
                let label = format!("{} “{}”", t(k::FB_TEMPLATE_DELETE), tpl.title);
                let gone = tpl.clone();
                view! {
                    <li><p translate="no"><strong>{tpl.title.clone()}</strong></p><p class="timeline-note" translate="no">{tpl.body.clone()}</p>
                    {removable.then(|| view! { <button type="button" class="button secondary" aria-label=label on:click=move |_| remove(gone.clone())>{tr(k::FB_TEMPLATE_DELETE)}</button> })}</li>
                }
            }).collect_view();
            view! {
                <details class="rules">
                    <summary>{tr(k::FB_RULES_TITLE)}</summary>
                    <fieldset class="field">
                        <legend>{tr(k::FB_RULES_LEGEND)}</legend>
                        {switches}
                    </fieldset>
                    <p role="status">{move || status.get()}</p>
                    {problems(errors)}
                    <h2>{tr(k::FB_TEMPLATES)}</h2>
                    <ul class="card-list">{list}</ul>
                    {(!managed.is_empty()).then(|| view! {
                        <form class="step-form" on:submit=add novalidate>
                            <StepErrors errors=terrors prefix="fbt"/>
                            <div class="field">
                                <label for="fbt-unit_code">{tr(k::FB_TEMPLATE_UNIT)}</label>
                                {field_error_in(terrors, "fbt", "unit_code", publish_reason)}
                                <select id="fbt-unit_code" aria-describedby=described_in(terrors, "fbt", "unit_code") on:change=move |ev| unit.set(event_target_value(&ev))>
                                    {managed.iter().map(|r| view! { <option value=r.unit_code.clone() lang="vi">{r.unit.clone()}</option> }).collect_view()}
                                </select>
                            </div>
                            <div class="field">
                                <label for="fbt-title">{tr(k::FB_TEMPLATE_TITLE)}</label>
                                {field_error_in(terrors, "fbt", "title", publish_reason)}
                                <input id="fbt-title" type="text" maxlength="200" autocomplete="off" aria-invalid=move || terrors.with(|e| e.contains_key("title")).to_string()
                                    aria-describedby=described_in(terrors, "fbt", "title") prop:value=move || title.get() on:input=move |ev| title.set(event_target_value(&ev))/>
                            </div>
                            <div class="field">
                                <label for="fbt-body">{tr(k::FB_TEMPLATE_BODY)}</label>
                                {field_error_in(terrors, "fbt", "body", publish_reason)}
                                <textarea id="fbt-body" rows="4" maxlength="5000" aria-invalid=move || terrors.with(|e| e.contains_key("body")).to_string()
                                    aria-describedby=described_in(terrors, "fbt", "body") prop:value=move || body.get() on:input=move |ev| body.set(event_target_value(&ev))></textarea>
                            </div>
                            <p class="form-actions"><button type="submit" class="button secondary">{tr(k::FB_TEMPLATE_ADD)}</button></p>
                        </form>
                    })}
                </details>
            }
        })}
    }
}

/// `/can-bo/phan-anh?hang=`: what was routed to the officer's units.
#[component]
pub fn OfficerPage() -> impl IntoView {
    crate::use_page_title(|| t(k::FB_OFFICER_TITLE).to_owned());
    let data = OfficerData::load();
    provide_context(data);
    let query = use_query_map();
    let queue = move || {
        query
            .get()
            .get("hang")
            .filter(|q| ["open", "new", "soon", "overdue", "reopened", "all"].contains(&q.as_str()))
            .unwrap_or_else(|| "open".to_owned())
    };
    let list = LocalResource::new(move || {
        let url = crate::api::with_query(app::paths::OFFICER_FEEDBACK, &[("queue", queue())]);
        async move { get_json::<Vec<Feedback>>(&url).await }
    });
    let tabs = [
        ("open", k::FB_QUEUE_OPEN),
        ("new", k::FB_QUEUE_NEW),
        ("soon", k::FB_QUEUE_SOON),
        ("overdue", k::FB_QUEUE_OVERDUE),
        ("reopened", k::FB_QUEUE_REOPENED),
        ("all", k::QUEUE_ALL),
    ];
    view! {
        <div class="wrap page officer">
            <p class="no-print"><a href="/can-bo">{tr(k::OFFICER_BACK)}</a></p>
            <h1 id="page-title" tabindex="-1">{tr(k::FB_OFFICER_TITLE)}</h1>
            <RulesSection data=data/>
            <nav class="queue-tabs" aria-label=tr(k::FB_OFFICER_TITLE)>
                <ul>{tabs.into_iter().map(|(slug, key)| view! {
                    <li><a href=format!("/can-bo/phan-anh?hang={slug}") aria-current=move || (queue() == slug).then_some("page")>{tr(key)}</a></li>
                }).collect_view()}</ul>
            </nav>
            {move || list.get().map(|r| match r {
                Ok(l) if l.is_empty() => view! { <p role="status">{tr(k::FB_OFFICER_NONE)}</p> }.into_any(),
                Ok(l) => view! {
                    <ul class="card-list">{l.into_iter().map(|f| view! { <Item f=f officer=true/> }).collect_view()}</ul>
                }.into_any(),
                Err(ApiFailure::Api { status: 403, .. }) => view! { <p class="error-box" role="alert">{tr(k::OFFICER_ONLY)}</p> }.into_any(),
                Err(e) => crate::components::failure_view(e),
            })}
        </div>
    }
}
