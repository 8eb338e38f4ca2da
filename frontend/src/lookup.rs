//! The public dossier lookup (`/tra-cuu-ho-so`): a dossier's status and dates for whoever holds its code and the last four digits of the applicant's personal ID.

use crate::api::{get_json, with_query, ApiFailure};
use crate::components::{day, when};
use crate::dossiers::english;
use crate::i18n::{k, t, tr};
use app::dossiers::PublicStatus;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

/// `/tra-cuu-ho-so` and `/tra-cuu-ho-so/:code` (the receipt's QR code).
///
/// A plain GET form: the answer is a page of its own (`?code=&id=`), so
/// the browser's back button and a bookmark work, and the page carries
/// little code. The server
/// judges the input; its field errors are shown as they come.
#[component]
pub fn LookupPage() -> impl IntoView {
    crate::use_page_title(|| t(k::LOOKUP_TITLE).to_owned());
    let params = use_params_map();
    let query = use_query_map();
    let code = move || {
        query
            .get()
            .get("code")
            .or_else(|| params.get().get("code"))
            .unwrap_or_default()
    };
    let answer = LocalResource::new(move || {
        let (c, id) = (code(), query.get().get("id"));
        async move {
            match id {
                None => None,
                Some(id) => Some(
                    get_json::<PublicStatus>(&with_query(
                        app::paths::LOOKUP,
                        &[("code", c), ("id", id)],
                    ))
                    .await,
                ),
            }
        }
    });
    Effect::new(move |_| {
        if let Some(Some(r)) = answer.get() {
            let target = if r.is_ok() {
                "lookup-result"
            } else {
                "lookup-message"
            };
            request_animation_frame(move || crate::focus_element(target));
        }
    });
    let problem = move |r: &ApiFailure| match r {
        ApiFailure::Api { status: 429, .. } => t(k::LOOKUP_SLOW_DOWN).to_owned(),
        ApiFailure::Api { status: 404, .. } => t(k::LOOKUP_NOT_FOUND).to_owned(),
        ApiFailure::Api { error, .. } if !error.fields.is_empty() => error
            .fields
            .keys()
            .map(|f| {
                t(if f == "code" {
                    k::LOOKUP_ERR_CODE
                } else {
                    k::LOOKUP_ERR_ID
                })
            })
            .collect::<Vec<_>>()
            .join(" "),
        _ => t(k::ERROR_NETWORK).to_owned(),
    };
    view! {
        <div class="wrap page">
            <h1 id="page-title" tabindex="-1">{tr(k::LOOKUP_TITLE)}</h1>
            <p>{tr(k::LOOKUP_INTRO)}</p>
            {move || answer.get().flatten().and_then(|r| r.err()).map(|e| view! {
                <p class="error-box" id="lookup-message" role="alert" tabindex="-1">{problem(&e)}</p>
            })}
            <form class="lookup-form" method="get" action="/tra-cuu-ho-so">
                <div class="field">
                    <label for="lookup-code">{tr(k::LOOKUP_CODE)}</label>
                    <p class="hint" id="lookup-code-hint">{tr(k::LOOKUP_CODE_HINT)}</p>
                    <input id="lookup-code" name="code" type="text" required autocomplete="off" spellcheck="false" aria-describedby="lookup-code-hint" prop:value=code/>
                </div>
                <div class="field">
                    <label for="lookup-id">{tr(k::LOOKUP_ID)}</label>
                    <p class="hint" id="lookup-id-hint">{tr(k::LOOKUP_ID_HINT)}</p>
                    <input id="lookup-id" name="id" type="text" required inputmode="numeric" pattern="[0-9]{4}" maxlength="4" autocomplete="off" aria-describedby="lookup-id-hint"/>
                </div>
                <button type="submit" class="button primary">{tr(k::LOOKUP_BUTTON)}</button>
            </form>
            {move || answer.get().flatten().and_then(|r| r.ok()).map(|s| {
                let status = s.status;
                view! {
                    <section class="lookup-result" aria-labelledby="lookup-result">
                        <h2 id="lookup-result" tabindex="-1">{s.code.clone()}</h2>
                        <dl class="facts">
                            <div><dt>{tr(k::RECEIPT_PROCEDURE)}</dt><dd>{s.procedure_name.clone()}</dd></div>
                            <div><dt>{tr(k::RECEIPT_AGENCY)}</dt><dd>{s.agency.clone()}</dd></div>
                            <div><dt>{tr(k::RECEIPT_STATUS)}</dt><dd class="dossier-status">{move || status.name(english())}</dd></div>
                            <div><dt>{tr(k::RECEIPT_RECEIVED)}</dt><dd>{when(s.received_at)}</dd></div>
                            <div><dt>{tr(k::RECEIPT_DUE)}</dt><dd>{day(&s.due_date)}</dd></div>
                        </dl>
                        <ol class="timeline">{s.steps.iter().map(|(at, st)| { let st = *st; view! { <li><p class="timeline-when">{when(*at)}</p><p>{move || st.name(english())}</p></li> } }).collect_view()}</ol>
                    </section>
                }
            })}
        </div>
    }
}
