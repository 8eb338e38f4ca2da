//! The counter's intake page: the person by personal ID (or their details when the portal does not know them), the channel, the procedure; then the same e-form the person would fill.

use crate::api::{get_json, send_json, ApiFailure};
use crate::dossiers::tracking::{failure_errors, StepErrors};
use crate::dossiers::Errors;
use crate::i18n::{k, t, tf, tr};
use crate::identity::Session;
use crate::officers::{described_in, field_error_in};
use app::dossiers::{Channel, Draft, IntakeFound, IntakePerson, IntakeProcedure, IntakeStart};
use leptos::prelude::*;

fn intake_reason(field: &str, reason: &str) -> &'static str {
    match (field, reason) {
        ("postal_in", "required") => t(k::INTAKE_ERR_POSTAL),
        ("procedure", "unknown_value" | "required") => t(k::INTAKE_ERR_PROCEDURE),
        (_, r) => crate::dossiers::tracking::step_reason(r),
    }
}

/// `/can-bo/tiep-nhan`: a dossier brought to the counter or received by post.
#[component]
pub fn IntakePage() -> impl IntoView {
    crate::use_page_title(|| t(k::INTAKE_TITLE).to_owned());
    let channel = RwSignal::new(Channel::Counter);
    let postal = RwSignal::new(String::new());
    let personal_id = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let birth = RwSignal::new(String::new());
    let procedure = RwSignal::new(String::new());
    // Shown once the portal says it does not know the person.
    let details = RwSignal::new(false);
    let found = RwSignal::new(None::<IntakeFound>);
    let errors = RwSignal::new(Errors::new());
    let busy = RwSignal::new(false);
    let procedures =
        LocalResource::new(|| get_json::<Vec<IntakeProcedure>>(app::paths::INTAKE_PROCEDURES));
    let person = move || IntakePerson {
        personal_id: personal_id.get_untracked(),
        full_name: name.get_untracked(),
        birth_date: birth.get_untracked(),
    };
    // A refusal that says the person is unknown opens their details.
    let failed = move |f: ApiFailure| {
        let e = failure_errors(f);
        if e.values().flatten().any(|r| r == "unknown_person") {
            details.set(true);
        }
        found.set(None);
        errors.set(e);
    };
    let look_up = move |_| {
        let csrf = Session::get().csrf();
        let who = person();
        busy.set(true);
        leptos::task::spawn_local(async move {
            let r =
                send_json::<_, IntakeFound>("POST", app::paths::INTAKE_PERSON, &who, &csrf).await;
            busy.set(false);
            match r {
                Ok(p) => {
                    errors.set(Errors::new());
                    found.set(Some(p));
                    request_animation_frame(|| crate::focus_element("intake-person"));
                }
                Err(f) => failed(f),
            }
        });
    };
    let navigate = leptos_router::hooks::use_navigate();
    let start = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let req = IntakeStart {
            person: person(),
            procedure: procedure.get_untracked().trim().to_owned(),
            channel: channel.get_untracked(),
            postal_in: postal.get_untracked(),
        };
        let csrf = Session::get().csrf();
        let navigate = navigate.clone();
        busy.set(true);
        leptos::task::spawn_local(async move {
            let r = send_json::<_, Draft>("POST", app::paths::INTAKE, &req, &csrf).await;
            busy.set(false);
            match r {
                Ok(d) => navigate(
                    &format!(
                        "/nop-ho-so/{}?{}={}",
                        crate::api::encode(&d.procedure),
                        crate::dossiers::DRAFT_PARAM,
                        crate::api::encode(&d.id)
                    ),
                    Default::default(),
                ),
                Err(f) => failed(f),
            }
        });
    };
    let field_error =
        move |field: &'static str| field_error_in(errors, "intake", field, intake_reason);
    let invalid =
        move |field: &'static str| move || errors.with(|e| e.contains_key(field)).to_string();
    let radio = move |c: Channel, key: usize| {
        let id = format!(
            "intake-channel-{}",
            if c == Channel::Post {
                "post"
            } else {
                "counter"
            }
        );
        view! {
            <div class="choice">
                <input type="radio" name="intake-channel" id=id.clone() prop:checked=move || channel.get() == c on:change=move |_| channel.set(c)/>
                <label for=id>{tr(key)}</label>
            </div>
        }
    };
    view! {
        <div class="wrap page">
            <p class="no-print"><a href="/can-bo">{tr(k::OFFICER_BACK)}</a></p>
            <h1 id="page-title" tabindex="-1">{tr(k::INTAKE_TITLE)}</h1>
            <p>{tr(k::INTAKE_INTRO)}</p>
            <form class="step-form" on:submit=start novalidate>
                <StepErrors errors=errors prefix="intake"/>
                <fieldset class="field" id="intake-channel" tabindex="-1">
                    <legend>{tr(k::INTAKE_CHANNEL)}</legend>
                    {field_error("channel")}
                    {radio(Channel::Counter, k::INTAKE_AT_COUNTER)}
                    {radio(Channel::Post, k::INTAKE_CHANNEL_POST)}
                </fieldset>
                <Show when=move || channel.get() == Channel::Post>
                    <div class="field">
                        <label for="intake-postal_in">{tr(k::INTAKE_POSTAL)}</label>
                        <p class="hint" id="intake-postal_in-hint">{tr(k::INTAKE_POSTAL_HINT)}</p>
                        {field_error("postal_in")}
                        <input id="intake-postal_in" type="text" autocomplete="off" maxlength="30" aria-invalid=invalid("postal_in")
                            aria-describedby=move || described_in(errors, "intake", "postal_in")().map_or("intake-postal_in-hint".to_owned(), |e| format!("intake-postal_in-hint {e}"))
                            prop:value=move || postal.get() on:input=move |ev| postal.set(event_target_value(&ev))/>
                    </div>
                </Show>
                <div class="field">
                    <label for="intake-personal_id">{tr(k::INTAKE_PERSONAL_ID)}</label>
                    {field_error("personal_id")}
                    <input id="intake-personal_id" type="text" inputmode="numeric" autocomplete="off" maxlength="12" aria-invalid=invalid("personal_id")
                        aria-describedby=described_in(errors, "intake", "personal_id")
                        prop:value=move || personal_id.get() on:input=move |ev| { personal_id.set(event_target_value(&ev)); found.set(None); }/>
                    " "<button type="button" class="button secondary" on:click=look_up disabled=move || busy.get()>{tr(k::INTAKE_LOOK_UP)}</button>
                </div>
                <p id="intake-person" tabindex="-1" role="status">{move || found.get().map(|p| {
                    let line = tf(k::INTAKE_FOUND, &[("name", &p.full_name), ("date", &crate::components::day(&p.birth_date))]);
                    let account = if p.has_account { t(k::INTAKE_HAS_ACCOUNT) } else { t(k::INTAKE_NO_ACCOUNT) };
                    format!("{line} {account}")
                })}</p>
                <Show when=move || details.get() && found.get().is_none_or(|p| !p.has_account)>
                    <div class="field">
                        <label for="intake-full_name">{tr(k::INTAKE_NAME)}</label>
                        {field_error("full_name")}
                        <input id="intake-full_name" type="text" autocomplete="off" maxlength="100" aria-invalid=invalid("full_name")
                            aria-describedby=described_in(errors, "intake", "full_name")
                            prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
                    </div>
                    <div class="field">
                        <label for="intake-birth_date">{tr(k::INTAKE_BIRTH)}</label>
                        <p class="hint" id="intake-birth_date-hint">{tr(k::INTAKE_BIRTH_HINT)}</p>
                        {field_error("birth_date")}
                        <input id="intake-birth_date" type="text" autocomplete="off" inputmode="numeric" maxlength="10" aria-invalid=invalid("birth_date")
                            aria-describedby=move || described_in(errors, "intake", "birth_date")().map_or("intake-birth_date-hint".to_owned(), |e| format!("intake-birth_date-hint {e}"))
                            prop:value=move || birth.get() on:input=move |ev| birth.set(event_target_value(&ev))/>
                    </div>
                </Show>
                <div class="field">
                    <label for="intake-procedure">{tr(k::INTAKE_PROCEDURE)}</label>
                    <p class="hint" id="intake-procedure-hint">{tr(k::INTAKE_PROCEDURE_HINT)}</p>
                    {field_error("procedure")}
                    <input id="intake-procedure" type="text" list="intake-procedures" autocomplete="off" aria-invalid=invalid("procedure")
                        aria-describedby=move || described_in(errors, "intake", "procedure")().map_or("intake-procedure-hint".to_owned(), |e| format!("intake-procedure-hint {e}"))
                        prop:value=move || procedure.get() on:input=move |ev| procedure.set(event_target_value(&ev))/>
                    <datalist id="intake-procedures">
                        {move || procedures.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|p| view! {
                            <option value=p.code.clone() lang="vi">{p.name.clone()}</option>
                        }).collect_view()}
                    </datalist>
                </div>
                <p class="form-actions">
                    <button type="submit" class="button primary" disabled=move || busy.get()>{tr(k::INTAKE_OPEN)}</button>
                </p>
            </form>
        </div>
    }
}
