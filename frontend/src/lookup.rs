//! The public dossier lookup (`/tra-cuu-ho-so`): a dossier's status and dates for whoever holds its code and the last four digits of the applicant's personal ID.

use crate::api::{get_json, with_query, ApiFailure};
use crate::components::{day, when};
use crate::i18n::{k, t, tf};
use app::dossiers::PublicStatus;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

fn english() -> bool {
    crate::i18n::lang() == crate::i18n::Lang::En
}

/// `/tra-cuu-ho-so` and `/tra-cuu-ho-so/:code` (the receipt's QR code).
#[component]
pub fn LookupPage() -> impl IntoView {
    crate::use_page_title(|| t(k::LOOKUP_TITLE).to_owned());
    let params = use_params_map();
    let code = RwSignal::new(params.get_untracked().get("code").unwrap_or_default());
    let digits = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<(&'static str, usize)>::new());
    let found = RwSignal::new(None::<PublicStatus>);
    let message = RwSignal::new(String::new());
    let go = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (c, d) = (
            code.get_untracked().trim().to_owned(),
            digits.get_untracked().trim().to_owned(),
        );
        let mut e = vec![];
        if c.is_empty() {
            e.push(("lookup-code", k::LOOKUP_ERR_CODE));
        }
        if d.len() != 4 || !d.bytes().all(|b| b.is_ascii_digit()) {
            e.push(("lookup-id", k::LOOKUP_ERR_ID));
        }
        found.set(None);
        message.set(String::new());
        errors.set(e.clone());
        if !e.is_empty() {
            request_animation_frame(|| crate::focus_element("lookup-errors"));
            return;
        }
        leptos::task::spawn_local(async move {
            match get_json::<PublicStatus>(&with_query("/api/lookup", &[("code", c), ("id", d)]))
                .await
            {
                Ok(s) => {
                    found.set(Some(s));
                    request_animation_frame(|| crate::focus_element("lookup-result"));
                }
                Err(ApiFailure::Api { status: 429, .. }) => {
                    message.set(t(k::LOOKUP_SLOW_DOWN).to_owned())
                }
                Err(ApiFailure::Api { status: 404, .. }) => {
                    message.set(t(k::LOOKUP_NOT_FOUND).to_owned())
                }
                Err(_) => message.set(t(k::ERROR_NETWORK).to_owned()),
            }
        });
    };
    let field_error = move |id: &'static str| {
        errors
            .get()
            .into_iter()
            .find(|(f, _)| *f == id)
            .map(|(_, m)| t(m))
    };
    view! {
        <div class="wrap page">
            <h1 id="page-title" tabindex="-1">{move || t(k::LOOKUP_TITLE)}</h1>
            <p>{move || t(k::LOOKUP_INTRO)}</p>
            <Show when=move || !errors.get().is_empty()>
                <div class="error-summary" id="lookup-errors" tabindex="-1" role="alert">
                    <h2>{move || tf(k::PROFILE_ERRORS_TITLE, &[("n", &errors.get().len().to_string())])}</h2>
                    <ul>{move || errors.get().into_iter().map(|(id, m)| view! {
                        <li><a href=format!("#{id}") on:click=move |ev| { ev.prevent_default(); crate::focus_element(id); }>{t(m)}</a></li>
                    }).collect_view()}</ul>
                </div>
            </Show>
            <form class="lookup-form" on:submit=go novalidate>
                <div class="field">
                    <label for="lookup-code">{move || t(k::LOOKUP_CODE)}</label>
                    {move || field_error("lookup-code").map(|m| view! { <p class="field-error" id="lookup-code-error">{m}</p> })}
                    <input id="lookup-code" type="text" autocomplete="off" spellcheck="false" prop:value=move || code.get() on:input=move |ev| code.set(event_target_value(&ev))
                        aria-invalid=move || field_error("lookup-code").is_some().to_string()/>
                </div>
                <div class="field">
                    <label for="lookup-id">{move || t(k::LOOKUP_ID)}</label>
                    <p class="hint" id="lookup-id-hint">{move || t(k::LOOKUP_ID_HINT)}</p>
                    {move || field_error("lookup-id").map(|m| view! { <p class="field-error" id="lookup-id-error">{m}</p> })}
                    <input id="lookup-id" type="text" inputmode="numeric" autocomplete="off" maxlength="4" aria-describedby="lookup-id-hint" prop:value=move || digits.get() on:input=move |ev| digits.set(event_target_value(&ev))
                        aria-invalid=move || field_error("lookup-id").is_some().to_string()/>
                </div>
                <button type="submit" class="button primary">{move || t(k::LOOKUP_BUTTON)}</button>
            </form>
            <p role="status" class="lookup-message">{move || message.get()}</p>
            {move || found.get().map(|s| {
                let status = s.status;
                view! {
                    <section class="lookup-result" aria-labelledby="lookup-result">
                        <h2 id="lookup-result" tabindex="-1">{s.code.clone()}</h2>
                        <dl class="facts">
                            <div><dt>{move || t(k::RECEIPT_PROCEDURE)}</dt><dd>{s.procedure_name.clone()}</dd></div>
                            <div><dt>{move || t(k::RECEIPT_AGENCY)}</dt><dd>{s.agency.clone()}</dd></div>
                            <div><dt>{move || t(k::RECEIPT_STATUS)}</dt><dd class="dossier-status">{move || status.name(english())}</dd></div>
                            <div><dt>{move || t(k::RECEIPT_RECEIVED)}</dt><dd>{when(s.received_at)}</dd></div>
                            <div><dt>{move || t(k::RECEIPT_DUE)}</dt><dd>{day(&s.due_date)}</dd></div>
                        </dl>
                        <ol class="timeline">{s.steps.iter().map(|(at, st)| { let st = *st; view! { <li><p class="timeline-when">{when(*at)}</p><p>{move || st.name(english())}</p></li> } }).collect_view()}</ol>
                    </section>
                }
            })}
        </div>
    }
}
