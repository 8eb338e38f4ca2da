//! Following a dossier: its status, due date and handler, the timeline of every step, the person's own steps (answer a supplement request, withdraw), the result, and the ratings.

use super::receipt::{day, status_text, when, Receipt};
use super::{DocumentView, Errors};
use crate::api::{get_json, send_json, ApiFailure};
use crate::i18n::{k, t, tf, tr};
use crate::identity::Session;
use app::dossiers::{Dossier, Event};
use app::forms::{FormDef, Kind};
use app::lifecycle::{Action, StepRequest, Timeliness};
use app::ratings::{FormRating, Rating, CRITERIA, LEVELS};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

/// "3 working days left", "overdue by 2", "on time"…
pub fn timeliness_text(tl: Timeliness) -> String {
    match tl {
        Timeliness::OnTime => t(k::TL_ON_TIME).to_owned(),
        Timeliness::Late => t(k::TL_LATE).to_owned(),
        Timeliness::Pending { days_left: 0 } => t(k::TL_DUE_TODAY).to_owned(),
        Timeliness::Pending { days_left } => tf(k::TL_LEFT, &[("n", &days_left.to_string())]),
        Timeliness::Overdue { days_over } => tf(k::TL_OVER, &[("n", &days_over.to_string())]),
        Timeliness::Paused => t(k::TL_PAUSED).to_owned(),
        Timeliness::Closed => String::new(),
    }
}

/// The class that colours a timeliness badge (never colour alone: the text says it too).
pub fn timeliness_class(tl: Timeliness) -> &'static str {
    if tl.is_late() {
        "badge badge-late"
    } else if matches!(tl, Timeliness::Pending { days_left } if days_left <= 2) {
        "badge badge-partial"
    } else {
        "badge badge-full"
    }
}

/// What a step did, in words.
pub fn action_text(action: &str) -> &'static str {
    t(match Action::parse(action) {
        None if action == "assign" => k::STEP_ASSIGN,
        None if action == "transfer" => k::STEP_TRANSFER,
        None => k::STEP_SUBMITTED,
        Some(Action::Accept) => k::STEP_ACCEPT,
        Some(Action::Refuse) => k::STEP_REFUSE,
        Some(Action::StartProcessing) => k::STEP_START_PROCESSING,
        Some(Action::RequestSupplement) => k::STEP_REQUEST_SUPPLEMENT,
        Some(Action::AnswerSupplement) => k::STEP_ANSWER_SUPPLEMENT,
        Some(Action::RequestPayment) => k::STEP_REQUEST_PAYMENT,
        Some(Action::ConfirmPayment) => k::STEP_CONFIRM_PAYMENT,
        Some(Action::Withdraw) => k::STEP_WITHDRAW,
        Some(Action::Stop) => k::STEP_STOP,
        Some(Action::Finish) => k::STEP_FINISH,
        Some(Action::ReturnResult) => k::STEP_RETURN_RESULT,
        Some(Action::Apologise) => k::STEP_APOLOGISE,
    })
}

/// How the dossier reached the unit, in words.
pub fn channel_text(c: app::dossiers::Channel) -> &'static str {
    t(match c {
        app::dossiers::Channel::Online => k::CHANNEL_ONLINE,
        app::dossiers::Channel::Counter => k::CHANNEL_IN_PERSON,
        app::dossiers::Channel::Post => k::CHANNEL_POST,
    })
}

/// Status, dates, how it stands against the deadline, and who holds it.
#[component]
pub fn StatusPanel(
    d: Dossier,
    /// Officers also see the national portal's term and code for the status.
    #[prop(optional)]
    national: bool,
) -> impl IntoView {
    let status = d.status;
    let tl = d.timeliness;
    let moved = d.due_date != d.original_due_date;
    let channel = d.channel;
    view! {
        <dl class="facts status-panel">
            <div><dt>{tr(k::RECEIPT_STATUS)}</dt><dd><span class="dossier-status">{move || status_text(status)}</span>
                {national.then(|| view! { " " <span class="hint" lang="vi">{format!("({} – {})", status.code(), status.national_name())}</span> })}
            </dd></div>
            // A refused, withdrawn or stopped dossier, or one already
            // returned, has no date to wait for.
            {status.awaits_result().then(|| view! { <div><dt>{tr(k::RECEIPT_DUE)}</dt><dd>
                <span class="due-date">{day(&d.due_date)}</span>
                {moved.then(|| { let o = day(&d.original_due_date); view! { " " <span class="hint">{move || tf(k::TRACK_DUE_MOVED, &[("date", &o)])}</span> } })}
                " " <span class=timeliness_class(tl)>{move || timeliness_text(tl)}</span>
            </dd></div> })}
            // What the same procedure took at the same unit lately, so the
            // wait can be judged against more than the legal limit.
            {d.typical.filter(|_| status.awaits_result()).map(|t| view! { <div><dt>{tr(k::TRACK_TYPICAL)}</dt><dd>
                {move || tf(k::TRACK_TYPICAL_TEXT, &[("median", &t.median.to_string()), ("p90", &t.p90.to_string()), ("n", &t.count.to_string())])}
            </dd></div> })}
            <div><dt>{tr(k::TRACK_HANDLER)}</dt><dd class="handler" translate="no">{d.handler.clone()}</dd></div>
            <div><dt>{tr(k::TRACK_CHANNEL)}</dt><dd>{move || channel_text(channel)}</dd></div>
            {(!d.postal_in.is_empty()).then(|| view! { <div><dt>{tr(k::TRACK_POSTAL_IN)}</dt><dd translate="no">{d.postal_in.clone()}</dd></div> })}
            {(!d.return_tracking.is_empty()).then(|| view! { <div><dt>{tr(k::TRACK_RETURN_TRACKING)}</dt><dd translate="no">{d.return_tracking.clone()}</dd></div> })}
            <div><dt>{tr(k::RECEIPT_RECEIVED)}</dt><dd>{when(d.received_at)}</dd></div>
        </dl>
    }
}

/// Every step, oldest first: time, unit, what happened, note.
#[component]
pub fn Timeline(events: Vec<Event>) -> impl IntoView {
    view! {
        <ol class="timeline">
            {events.into_iter().map(|e| {
                let status = e.status;
                let who = match (e.actor.is_empty(), e.unit.is_empty()) {
                    (_, true) => String::new(),
                    (true, false) => e.unit.clone(),
                    (false, false) => format!("{} — {}", e.actor, e.unit),
                };
                let new_due = e.new_due_date.clone();
                view! {
                    <li>
                        <p class="timeline-when">{when(e.at)}</p>
                        <p class="timeline-what"><strong>{move || action_text(&e.action)}</strong>" · "{move || status_text(status)}</p>
                        {(!who.is_empty()).then(|| view! { <p class="hint" translate="no">{who.clone()}</p> })}
                        {(!e.tracking.is_empty()).then(|| view! { <p>{tr(k::TRACK_TRACKING)}" "<span translate="no">{e.tracking.clone()}</span></p> })}
                        {e.to.clone().map(|to| view! { <p>{tr(k::TRACK_HANDED_TO)}" "<span translate="no">{move || handed_to(&to)}</span></p> })}
                        {(!e.items.is_empty()).then(|| view! { <ul translate="no">{e.items.iter().map(|i| view! { <li>{i.clone()}</li> }).collect_view()}</ul> })}
                        {(!new_due.is_empty()).then(|| { let d = day(&new_due); view! { <p>{move || tf(k::TRACK_NEW_DUE, &[("date", &d)])}</p> } })}
                        {(!e.note.is_empty()).then(|| view! { <p class="timeline-note" translate="no">{e.note.clone()}</p> })}
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}

/// Who a hand-over went to: the officer (or their role) and the unit.
pub fn handed_to(to: &app::units::HandedTo) -> String {
    let role = to.role.map(|r| r.name(super::english()));
    match (to.name.as_str(), role) {
        ("", None) => to.unit.clone(),
        ("", Some(r)) => format!("{r} — {}", to.unit),
        (n, Some(r)) => format!("{n} ({r}) — {}", to.unit),
        (n, None) => format!("{n} — {}", to.unit),
    }
}

/// The answers a dossier was submitted with, worded by the form version it
/// was filled with.
#[component]
pub fn SubmittedAnswers(d: Dossier) -> impl IntoView {
    let url = app::paths::form_version(&d.procedure, d.form_version);
    let form = LocalResource::new(move || {
        let url = url.clone();
        async move { get_json::<FormDef>(&url).await.ok() }
    });
    // The documents under the names the display knows them by.
    let docs: Vec<DocumentView> = d
        .documents
        .iter()
        .map(|x| DocumentView {
            id: x.id.clone(),
            kind: x.component.clone(),
            file_name: x.file_name.clone(),
            media_type: x.media_type.clone(),
            size: x.size,
            created_at: 0,
            used_in: vec![],
            location_removed: false,
        })
        .collect();
    let answers = d.answers.clone();
    view! {
        <section aria-labelledby="answers-title">
            <h2 id="answers-title">{tr(k::OFFICER_ANSWERS)}</h2>
            <Suspense fallback=|| ()>
                {move || form.get().flatten().map(|f| view! {
                    <dl class="facts">
                        {f.fields()
                            .filter(|x| x.visible(&answers, "") && !matches!(x.kind, Kind::Declaration))
                            .map(|x| (x.label.get(super::english()).to_owned(), super::fields::display_value(x, &x.id, &answers, &docs)))
                            .filter(|(_, v)| !v.is_empty())
                            .map(|(l, v)| view! { <div><dt>{l}</dt><dd translate="no">{v}</dd></div> })
                            .collect_view()}
                    </dl>
                })}
            </Suspense>
        </section>
    }
}

/// The message for a step's field error.
pub fn step_reason(reason: &str) -> &'static str {
    t(match reason {
        "not_allowed_now" => k::STEP_ERR_NOT_NOW,
        "not_yours" => k::STEP_ERR_NOT_YOURS,
        "already_requested" => k::STEP_ERR_ONCE,
        "not_later" => k::STEP_ERR_NOT_LATER,
        "invalid_tracking" => k::STEP_ERR_TRACKING,
        "not_yet" => k::RATE_ERR_NOT_YET,
        "closed" => k::RATE_ERR_CLOSED,
        r => return super::fields::reason_text(r),
    })
}

/// The problems with a step, at the top of its form; it takes focus when it
/// appears and each item leads to its field (`{prefix}-{field}`).
#[component]
pub fn StepErrors(errors: RwSignal<Errors>, prefix: &'static str) -> impl IntoView {
    let summary_id = format!("{prefix}-errors");
    let focus_id = summary_id.clone();
    Effect::new(move |_| {
        if !errors.get().is_empty() {
            let id = focus_id.clone();
            request_animation_frame(move || crate::focus_element(&id));
        }
    });
    // Field ids are `{prefix}-{field}`.
    view! { <super::ProblemSummary errors=errors id=summary_id prefix=format!("{prefix}-") message=step_reason/> }
}

/// The field errors of a failed request, or a network problem named as such.
pub fn failure_errors(f: ApiFailure) -> Errors {
    match f {
        ApiFailure::Api { error, .. } if !error.fields.is_empty() => error.fields,
        _ => [("action".to_owned(), vec!["network".to_owned()])].into(),
    }
}

/// A dossier page's frame, for the applicant and the officer alike: the
/// title, the line saying what the last step did (kept outside the part
/// redrawn with the dossier), loading and failures. `body` draws the
/// dossier; a step's answer (the dossier as it is now) goes into `current`.
pub fn dossier_frame(
    api: fn(&str) -> String,
    class: &'static str,
    before: impl IntoView,
    body: fn(Dossier, RwSignal<Option<Dossier>>) -> AnyView,
) -> impl IntoView {
    let params = use_params_map();
    let code = move || params.get().get("code").unwrap_or_default();
    crate::use_page_title(move || tf(k::TRACK_TITLE, &[("code", &code())]));
    let dossier = LocalResource::new(move || {
        let c = code();
        async move { get_json::<Dossier>(&api(&c)).await }
    });
    let current = RwSignal::new(None::<Dossier>);
    Effect::new(move |_| {
        if let Some(Ok(d)) = dossier.get() {
            current.set(Some(d));
        }
    });
    let notice = RwSignal::new(String::new());
    provide_context(Notice(notice));
    view! {
        <div class=format!("wrap page {class}")>
            {before}
            <h1 id="page-title" tabindex="-1">{move || tf(k::TRACK_TITLE, &[("code", &code())])}</h1>
            <p id="page-notice" class="notice" role="status" tabindex="-1" hidden=move || notice.get().is_empty()>{move || notice.get()}</p>
            <Suspense fallback=|| view! { <crate::components::Loading key=k::PROC_LOADING/> }>
                {move || dossier.get().map(|r| match r {
                    Ok(_) => view! { {move || current.get().map(|d| body(d, current))} }.into_any(),
                    Err(e) => crate::components::failure_view(e),
                })}
            </Suspense>
        </div>
    }
}

/// `/ca-nhan/ho-so/:code`: the dossier, its receipt, and what the person can do now.
#[component]
pub fn DossierPage() -> impl IntoView {
    dossier_frame(app::paths::my_dossier, "receipt", (), |d, current| {
        view! { <Tracking d=d current=current/> }.into_any()
    })
}

/// The query the e-form adds when it opens the dossier it has just sent.
pub const JUST_SENT: &str = "da-nop";

#[component]
fn Tracking(d: Dossier, current: RwSignal<Option<Dossier>>) -> impl IntoView {
    let actions = d.actions.clone();
    let code = d.code.clone();
    // Straight after submitting, the page is the confirmation (GOV.UK's
    // pattern): what was sent, its code, its date, what happens next, then
    // the receipt, before anything else asks for the person's attention.
    let just_sent = use_query_map().with_untracked(|q| q.get(JUST_SENT).is_some())
        && d.status == app::dossiers::Status::Submitted;
    let receipt = {
        let d = d.clone();
        move || {
            view! {
                <section class="receipt-section" aria-labelledby="receipt-title">
                    <h2 id="receipt-title">{tr(k::RECEIPT_TITLE)}</h2>
                    <Receipt d=d.clone()/>
                </section>
            }
        }
    };
    view! {
        {just_sent.then(|| view! { <Confirmation d=d.clone()/> })}
        {just_sent.then(receipt.clone())}
        {(just_sent && d.form_rating.is_none()).then(|| view! { <RateForm code=code.clone() current=current/> })}
        <StatusPanel d=d.clone()/>
        {actions.contains(&Action::AnswerSupplement).then(|| view! { <AnswerSupplement d=d.clone() current=current/> })}
        {d.result.clone().map(|r| view! {
            <section class="result-box" aria-labelledby="result-title">
                <h2 id="result-title">{tr(k::TRACK_RESULT)}</h2>
                <p><a class="button" href=app::paths::my_document_content(&r.id) target="_blank" rel="noopener">{move || tf(k::TRACK_RESULT_OPEN, &[("name", &r.file_name)])}</a></p>
                <p class="hint">{tr(k::TRACK_RESULT_STORE)}</p>
            </section>
        })}
        {d.can_rate.then(|| view! { <RateService d=d.clone() current=current/> })}
        {(!just_sent && d.form_rating.is_none()).then(|| view! { <RateForm code=code.clone() current=current/> })}
        <section aria-labelledby="timeline-title">
            <h2 id="timeline-title">{tr(k::TRACK_TIMELINE)}</h2>
            <Timeline events=d.events.clone()/>
        </section>
        <WhoOpened code=code.clone()/>
        <p class="no-print"><A href=format!("/ca-nhan/phan-anh/gui?ho-so={}", crate::api::encode(&code))>{tr(k::FB_FROM_DOSSIER)}</A></p>
        <SubmittedAnswers d=d.clone()/>
        {(!just_sent).then(receipt)}
        {actions.contains(&Action::Withdraw).then(|| view! { <Withdraw code=code.clone() current=current/> })}
    }
}

/// Which units opened the dossier and its documents, in which role and
/// when (from the audit log), read when the person opens the section.
#[component]
fn WhoOpened(code: String) -> impl IntoView {
    let open = RwSignal::new(false);
    let list = LocalResource::new(move || {
        let url = open.get().then(|| app::paths::my_dossier_access(&code));
        async move {
            match url {
                Some(u) => Some(get_json::<Vec<app::dossiers::AccessEntry>>(&u).await),
                None => None,
            }
        }
    });
    view! {
        <details class="who-opened" on:toggle=move |_| open.set(true)>
            <summary>{tr(k::ACCESS_TITLE)}</summary>
            <p class="hint">{tr(k::ACCESS_INTRO)}</p>
            {move || list.get().flatten().map(|r| match r {
                Ok(l) if l.is_empty() => view! { <p>{tr(k::ACCESS_NONE)}</p> }.into_any(),
                Ok(l) => view! { <ul>{l.into_iter().map(|e| {
                    let role = e.role;
                    let who = move || {
                        let role = role.map(|r| r.name(super::english())).unwrap_or_default();
                        match (e.officer.is_empty(), role.is_empty()) {
                            (true, _) => role.to_owned(),
                            (false, true) => e.officer.clone(),
                            (false, false) => format!("{} ({role})", e.officer),
                        }
                    };
                    let what = if e.document.is_empty() { None } else { Some(e.document.clone()) };
                    view! { <li>{when(e.at)}" · "<span lang="vi">{e.unit.clone()}</span>" · "<span translate="no">{who}</span>" · "{match what {
                        None => t(k::ACCESS_DOSSIER).to_owned(),
                        Some(name) => tf(k::ACCESS_DOCUMENT, &[("name", &name)]),
                    }}</li> }
                }).collect_view()}</ul> }.into_any(),
                Err(e) => view! { <crate::components::ErrorBox failure=e/> }.into_any(),
            })}
        </details>
    }
}

/// The panel at the top of the page after submitting: sent, the code, the
/// promised date, and what happens next.
#[component]
fn Confirmation(d: Dossier) -> impl IntoView {
    let due = day(&d.due_date);
    let agency = d.agency.clone();
    view! {
        <div class="confirmation-panel" role="status">
            <h2>{tr(k::CONFIRM_TITLE)}</h2>
            <p>{tr(k::RECEIPT_CODE)}<br/><strong class="dossier-code">{d.code.clone()}</strong></p>
            <p>{tr(k::RECEIPT_DUE)}": "<strong>{due.clone()}</strong></p>
        </div>
        <section class="next-steps" aria-labelledby="next-title">
            <h2 id="next-title">{tr(k::CONFIRM_NEXT)}</h2>
            <ol>
                // The agency's name is the catalogue's, in Vietnamese, inside
                // a sentence of the page's language.
                <li>{move || t(k::CONFIRM_NEXT_CHECK).split_once("{agency}").map(|(a, _)| a.to_owned())}<span lang="vi">{agency.clone()}</span>{move || t(k::CONFIRM_NEXT_CHECK).split_once("{agency}").map(|(_, b)| b.to_owned())}</li>
                <li>{tr(k::CONFIRM_NEXT_NOTIFY)}</li>
                <li>{move || tf(k::CONFIRM_NEXT_DUE, &[("date", &due)])}</li>
            </ol>
            <p class="no-print"><a href="#receipt-title">{tr(k::CONFIRM_TO_RECEIPT)}</a></p>
        </section>
    }
}

/// The page's line for what the last step did.
#[derive(Clone, Copy)]
pub struct Notice(pub RwSignal<String>);

/// Sends a step to `url`; on success the page shows the dossier as it is
/// now and says what was done in `notice` (`said` words it from the new
/// dossier). The notice is taken from context by the caller's component.
pub fn send_step(
    url: String,
    step: StepRequest,
    errors: RwSignal<Errors>,
    busy: RwSignal<bool>,
    current: RwSignal<Option<Dossier>>,
    notice: Option<Notice>,
    said: impl FnOnce(&Dossier) -> String + 'static,
) {
    let csrf = Session::get().csrf();
    busy.set(true);
    leptos::task::spawn_local(async move {
        let r = send_json::<_, Dossier>("POST", &url, &step, &csrf).await;
        busy.set(false);
        match r {
            Ok(d) => {
                errors.set(Errors::new());
                let text = said(&d);
                current.set(Some(d));
                if let Some(Notice(n)) = notice {
                    n.set(text);
                    request_animation_frame(|| crate::focus_element("page-notice"));
                }
            }
            Err(f) => errors.set(failure_errors(f)),
        }
    });
}

fn my_steps(code: &str) -> String {
    app::paths::my_dossier_part(code, "steps")
}

/// The open supplement request, and the answer: documents from the store
/// (or uploaded now, into the store) and a message.
#[component]
fn AnswerSupplement(d: Dossier, current: RwSignal<Option<Dossier>>) -> impl IntoView {
    let session = Session::get();
    let store = LocalResource::new(|| get_json::<Vec<DocumentView>>(app::paths::MY_DOCUMENTS));
    let extra = RwSignal::new(Vec::<DocumentView>::new());
    let chosen = RwSignal::new(Vec::<String>::new());
    let note = RwSignal::new(String::new());
    let errors = RwSignal::new(Errors::new());
    let busy = RwSignal::new(false);
    let upload_status = RwSignal::new(String::new());
    let limits = super::fetch_limits();
    let toggle = move |id: String, on: bool| {
        chosen.update(|c| {
            c.retain(|x| *x != id);
            if on {
                c.push(id);
            }
        })
    };
    let on_file = move |ev: leptos::ev::Event| {
        let Some(file) = super::picked_file(&ev) else {
            return;
        };
        upload_status.set(t(k::DOC_UPLOADING).to_owned());
        leptos::task::spawn_local(async move {
            let r = crate::api::upload_file::<DocumentView>(
                &file,
                app::dossiers::SUPPLEMENT_KIND,
                &session.csrf(),
                |_| {},
            )
            .await;
            match r {
                Ok(doc) => {
                    upload_status.set(super::fields::uploaded_notice(&doc));
                    chosen.update(|c| c.push(doc.id.clone()));
                    extra.update(|x| x.push(doc));
                }
                Err(f) => upload_status.set(crate::dossiers::fields::upload_failure(&f).to_owned()),
            }
        });
    };
    let code = d.code.clone();
    let notice = use_context::<Notice>();
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut step = StepRequest::new(Action::AnswerSupplement);
        step.documents = chosen.get_untracked();
        step.note = note.get_untracked();
        send_step(my_steps(&code), step, errors, busy, current, notice, |_| {
            t(k::TRACK_ANSWER_SENT).to_owned()
        });
    };
    let docs = move || {
        let mut all = store.get().and_then(Result::ok).unwrap_or_default();
        for x in extra.get() {
            if !all.iter().any(|d| d.id == x.id) {
                all.insert(0, x);
            }
        }
        all
    };
    view! {
        <section class="supplement-box" aria-labelledby="supplement-title">
            <h2 id="supplement-title">{tr(k::TRACK_SUPPLEMENT_TITLE)}</h2>
            <p>{tr(k::TRACK_SUPPLEMENT_INTRO)}</p>
            <ul class="supplement-items">{d.supplement_items.iter().map(|i| view! { <li>{i.clone()}</li> }).collect_view()}</ul>
            <StepErrors errors=errors prefix="answer"/>
            <form on:submit=send novalidate>
                <fieldset id="answer-documents" tabindex="-1">
                    <legend>{tr(k::TRACK_SUPPLEMENT_PICK)}</legend>
                    {move || docs().into_iter().map(|doc| {
                        let id = doc.id.clone();
                        let input_id = format!("pick-{}", doc.id);
                        let checked = { let id = id.clone(); move || chosen.get().contains(&id) };
                        view! {
                            <div class="choice">
                                <input type="checkbox" id=input_id.clone() prop:checked=checked on:change=move |ev| toggle(id.clone(), event_target_checked(&ev))/>
                                <label for=input_id><span translate="no">{doc.file_name.clone()}</span>{(!doc.kind.is_empty()).then(|| view! { " (" {super::kind_view(&doc.kind)} ")" })}</label>
                            </div>
                        }
                    }).collect_view()}
                </fieldset>
                <div class="field">
                    <label for="answer-upload">{tr(k::TRACK_SUPPLEMENT_UPLOAD)}</label>
                    <p class="hint" id="answer-upload-hint">{super::limits_text(limits)}</p>
                    <input id="answer-upload" type="file" accept="image/jpeg,image/png,application/pdf" aria-describedby="answer-upload-hint" on:change=on_file/>
                    <p role="status">{move || upload_status.get()}</p>
                </div>
                <div class="field">
                    <label for="answer-note">{tr(k::TRACK_SUPPLEMENT_NOTE)}</label>
                    <textarea id="answer-note" rows="3" prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))></textarea>
                </div>
                <button type="submit" class="button primary" disabled=move || busy.get()>{tr(k::TRACK_SUPPLEMENT_SEND)}</button>
            </form>
        </section>
    }
}

/// Withdrawing: a secondary action, confirmed on the page (a second,
/// clearly worded button) rather than by a browser dialog.
#[component]
fn Withdraw(code: String, current: RwSignal<Option<Dossier>>) -> impl IntoView {
    let errors = RwSignal::new(Errors::new());
    let busy = RwSignal::new(false);
    let asking = RwSignal::new(false);
    let notice = use_context::<Notice>();
    let ask = move |_| {
        asking.set(true);
        request_animation_frame(|| crate::focus_element("withdraw-question"));
    };
    let keep = move |_| {
        asking.set(false);
        request_animation_frame(|| crate::focus_element("withdraw-start"));
    };
    let go = Callback::new(move |_: ()| {
        send_step(
            my_steps(&code),
            StepRequest::new(Action::Withdraw),
            errors,
            busy,
            current,
            notice,
            |_| t(k::TRACK_WITHDRAWN).to_owned(),
        );
    });
    view! {
        <section class="no-print withdraw" aria-labelledby="withdraw-title">
            <h2 id="withdraw-title">{tr(k::TRACK_WITHDRAW_TITLE)}</h2>
            <StepErrors errors=errors prefix="withdraw"/>
            <p class="hint">{tr(k::TRACK_WITHDRAW_HINT)}</p>
            <Show when=move || asking.get() fallback=move || view! {
                <button type="button" id="withdraw-start" class="button secondary" on:click=ask>{tr(k::TRACK_WITHDRAW)}</button>
            }>
                <div class="warning-box">
                    <p id="withdraw-question" tabindex="-1"><strong>{tr(k::TRACK_WITHDRAW_CONFIRM)}</strong></p>
                    <p class="form-actions">
                        <button type="button" id="withdraw-action" class="button" on:click=move |_| go.run(()) disabled=move || busy.get()>{tr(k::TRACK_WITHDRAW_YES)}</button>
                        <button type="button" class="button secondary" on:click=keep>{tr(k::TRACK_WITHDRAW_NO)}</button>
                    </p>
                </div>
            </Show>
        </section>
    }
}

/// One radio group on the 5-level scale.
#[component]
fn Scale(
    prefix: &'static str,
    name: &'static str,
    legend: String,
    value: RwSignal<Option<u8>>,
) -> impl IntoView {
    view! {
        <fieldset class="scale" id=format!("{prefix}-{name}") tabindex="-1">
            <legend>{legend}</legend>
            {LEVELS.into_iter().map(|l| {
                let id = format!("{prefix}-{name}-{l}");
                view! {
                    <div class="choice">
                        <input type="radio" name=format!("{prefix}-{name}") id=id.clone() prop:checked=move || value.get() == Some(l) on:change=move |_| value.set(Some(l))/>
                        <label for=id>{move || app::ratings::level_name(l, super::english())}</label>
                    </div>
                }
            }).collect_view()}
        </fieldset>
    }
}

fn criterion_label(c: &str) -> &'static str {
    t(match c {
        "convenience" => k::RATE_CONVENIENCE,
        "punctuality" => k::RATE_PUNCTUALITY,
        "attitude" => k::RATE_ATTITUDE,
        "contacts" => k::RATE_CONTACTS,
        _ => k::RATE_CLARITY,
    })
}

/// Rating the service once the result is ready; changeable for a while.
#[component]
fn RateService(d: Dossier, current: RwSignal<Option<Dossier>>) -> impl IntoView {
    let old = d.rating.clone().unwrap_or_default();
    let overall = RwSignal::new((old.overall > 0).then_some(old.overall));
    let criteria: Vec<(&'static str, RwSignal<Option<u8>>)> = CRITERIA
        .iter()
        .map(|c| (*c, RwSignal::new(old.criterion(c))))
        .collect();
    let comment = RwSignal::new(old.comment.clone());
    let errors = RwSignal::new(Errors::new());
    let notice = use_context::<Notice>();
    let code = d.code.clone();
    let until = d.rating_until.clone();
    let crit = criteria.clone();
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut r = Rating {
            overall: overall.get_untracked().unwrap_or(0),
            comment: comment.get_untracked(),
            ..Rating::default()
        };
        for (c, v) in &crit {
            r.set_criterion(c, v.get_untracked());
        }
        // The same check the server makes, before the round trip.
        if let Err(e) = r.validate() {
            errors.set(e.0);
            return;
        }
        let (code, csrf) = (code.clone(), Session::get().csrf());
        leptos::task::spawn_local(async move {
            match send_json::<_, Dossier>(
                "PUT",
                &app::paths::my_dossier_part(&code, "rating"),
                &r,
                &csrf,
            )
            .await
            {
                Ok(d) => {
                    errors.set(Errors::new());
                    current.set(Some(d));
                    if let Some(Notice(n)) = notice {
                        n.set(t(k::RATE_THANKS).to_owned());
                        request_animation_frame(|| crate::focus_element("page-notice"));
                    }
                }
                Err(f) => errors.set(failure_errors(f)),
            }
        });
    };
    view! {
        <section class="rating-box" aria-labelledby="rate-title">
            <h2 id="rate-title">{tr(k::RATE_TITLE)}</h2>
            {(!until.is_empty()).then(|| { let u = day(&until); view! { <p class="hint">{move || tf(k::RATE_UNTIL, &[("date", &u)])}</p> } })}
            <StepErrors errors=errors prefix="rate"/>
            <form on:submit=send novalidate>
                <Scale prefix="rate" name="overall" legend=t(k::RATE_OVERALL).to_owned() value=overall/>
                <details>
                    <summary>{tr(k::RATE_MORE)}</summary>
                    {criteria.into_iter().map(|(c, v)| view! { <Scale prefix="rate" name=c legend=criterion_label(c).to_owned() value=v/> }).collect_view()}
                </details>
                <div class="field">
                    <label for="rate-comment">{tr(k::RATE_COMMENT)}</label>
                    <textarea id="rate-comment" rows="3" prop:value=move || comment.get() on:input=move |ev| comment.set(event_target_value(&ev))></textarea>
                </div>
                <button type="submit" class="button primary">{tr(k::RATE_SEND)}</button>
            </form>
        </section>
    }
}

/// The one question about the online form, asked once after submitting.
#[component]
fn RateForm(code: String, current: RwSignal<Option<Dossier>>) -> impl IntoView {
    let value = RwSignal::new(None::<u8>);
    let errors = RwSignal::new(Errors::new());
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(score) = value.get_untracked() else {
            errors.set([("score".to_owned(), vec!["required".to_owned()])].into());
            return;
        };
        let (code, csrf) = (code.clone(), Session::get().csrf());
        leptos::task::spawn_local(async move {
            match send_json::<_, Dossier>(
                "PUT",
                &app::paths::my_dossier_part(&code, "form-rating"),
                &FormRating { score },
                &csrf,
            )
            .await
            {
                Ok(d) => current.set(Some(d)),
                Err(f) => errors.set(failure_errors(f)),
            }
        });
    };
    view! {
        <section class="rating-box no-print" aria-labelledby="form-rate-title">
            <h2 id="form-rate-title">{tr(k::RATE_FORM_TITLE)}</h2>
            <StepErrors errors=errors prefix="formrate"/>
            <form on:submit=send novalidate>
                <Scale prefix="formrate" name="score" legend=t(k::RATE_FORM_QUESTION).to_owned() value=value/>
                <button type="submit" class="button">{tr(k::RATE_FORM_SEND)}</button>
            </form>
        </section>
    }
}
