//! The receipt (Form 01: dossier code, applicant, documents received, promised date, QR of the tracking link) and "my dossiers".

use crate::api::{get_json, ApiFailure};
use crate::i18n::{k, t, tf};
use app::calendar::{Date, LocalDateTime};
use app::dossiers::{Delivery, Dossier, DossierSummary, Draft, Status};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

/// `12/03/2026 14:05` in Vietnam time.
pub fn when(unix: i64) -> String {
    let l = LocalDateTime::from_unix_seconds(unix);
    format!("{} {:02}:{:02}", day(&l.date.to_string()), l.hour, l.minute)
}

/// `YYYY-MM-DD` as `DD/MM/YYYY`.
pub fn day(iso: &str) -> String {
    Date::parse(iso).map_or_else(
        |_| iso.to_owned(),
        |d| format!("{:02}/{:02}/{}", d.day(), d.month(), d.year()),
    )
}

pub fn status_text(s: Status) -> &'static str {
    t(match s {
        Status::Submitted => k::STATUS_1,
        Status::Accepted => k::STATUS_2,
        Status::Refused => k::STATUS_3,
        Status::Processing => k::STATUS_4,
        Status::SupplementRequested => k::STATUS_5,
        Status::PaymentRequested => k::STATUS_6,
        Status::Withdrawn => k::STATUS_7,
        Status::Stopped => k::STATUS_8,
        Status::Processed => k::STATUS_9,
        Status::Returned => k::STATUS_10,
    })
}

fn delivery_text(d: Delivery) -> &'static str {
    t(match d {
        Delivery::Online => k::DELIVERY_ONLINE,
        Delivery::Counter => k::DELIVERY_COUNTER,
        Delivery::Post => k::DELIVERY_POST,
    })
}

/// `/ca-nhan/ho-so/:code`
#[component]
pub fn ReceiptPage() -> impl IntoView {
    let params = use_params_map();
    let code = move || params.get().get("code").unwrap_or_default();
    crate::use_page_title(move || format!("{} {}", t(k::RECEIPT_TITLE), code()));
    let dossier = LocalResource::new(move || {
        let c = code();
        async move { get_json::<Dossier>(&format!("/api/me/dossiers/{c}")).await }
    });
    view! {
        <div class="wrap page receipt">
            <h1 id="page-title" tabindex="-1">{move || t(k::RECEIPT_TITLE)}</h1>
            <Suspense fallback=|| view! { <crate::components::Loading key=k::PROC_LOADING/> }>
                {move || dossier.get().map(|r| match r {
                    Ok(d) => view! { <Receipt d=d/> }.into_any(),
                    Err(ApiFailure::Api { status: 401, .. }) => view! { <p>{move || t(k::SESSION_ENDED)}</p> }.into_any(),
                    Err(e) => view! { <crate::components::ErrorBox failure=e/> }.into_any(),
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn Receipt(d: Dossier) -> impl IntoView {
    let qr = format!("/api/me/dossiers/{}/qr.svg", d.code);
    let docs = d.documents.clone();
    let status = d.status;
    let delivery = d.delivery;
    view! {
        <p class="receipt-form">{move || t(k::RECEIPT_FORM)}</p>
        <div class="receipt-body">
            <dl class="facts">
                <div><dt>{move || t(k::RECEIPT_CODE)}</dt><dd class="dossier-code">{d.code.clone()}</dd></div>
                <div><dt>{move || t(k::RECEIPT_APPLICANT)}</dt><dd>{d.applicant.clone()}</dd></div>
                <div><dt>{move || t(k::RECEIPT_PROCEDURE)}</dt><dd>{d.procedure_name.clone()}" ("{d.procedure.clone()}")"</dd></div>
                <div><dt>{move || t(k::RECEIPT_AGENCY)}</dt><dd>{d.agency.clone()}</dd></div>
                <div><dt>{move || t(k::RECEIPT_RECEIVED)}</dt><dd>{when(d.received_at)}</dd></div>
                <div><dt>{move || t(k::RECEIPT_DUE)}</dt><dd class="due-date">{day(&d.due_date)}</dd></div>
                <div><dt>{move || t(k::RECEIPT_DELIVERY)}</dt><dd>{move || delivery_text(delivery)}</dd></div>
                <div><dt>{move || t(k::RECEIPT_STATUS)}</dt><dd>{move || status_text(status)}</dd></div>
            </dl>
            <img class="receipt-qr" src=qr width="160" height="160" alt=move || t(k::RECEIPT_QR_ALT)/>
        </div>
        <h2>{move || t(k::RECEIPT_DOCUMENTS)}</h2>
        {if docs.is_empty() {
            view! { <p>{move || t(k::RECEIPT_NO_DOCUMENTS)}</p> }.into_any()
        } else {
            view! { <ul>{docs.into_iter().map(|doc| view! { <li>{doc.component}": "{doc.file_name}</li> }).collect_view()}</ul> }.into_any()
        }}
        <p class="hint">{move || t(k::RECEIPT_NOTE)}</p>
        <p class="form-actions no-print">
            <button type="button" class="button" on:click=|_| { let _ = window().print(); }>{move || t(k::RECEIPT_PRINT)}</button>
            <A href="/ca-nhan/ho-so">{move || t(k::AUTH_MY_DOSSIERS)}</A>
        </p>
    }
}

/// `/ca-nhan/ho-so`: drafts to go on with, and dossiers sent.
#[component]
pub fn MyDossiersPage() -> impl IntoView {
    crate::use_page_title(|| t(k::AUTH_MY_DOSSIERS).to_owned());
    let data = LocalResource::new(|| async {
        let drafts = get_json::<Vec<Draft>>("/api/me/drafts").await?;
        let dossiers = get_json::<Vec<DossierSummary>>("/api/me/dossiers").await?;
        Ok::<_, ApiFailure>((drafts, dossiers))
    });
    view! {
        <div class="wrap page">
            <h1 id="page-title" tabindex="-1">{move || t(k::AUTH_MY_DOSSIERS)}</h1>
            <Suspense fallback=|| view! { <crate::components::Loading key=k::PROC_LOADING/> }>
                {move || data.get().map(|r| match r {
                    Ok((drafts, dossiers)) => view! {
                        <section aria-labelledby="drafts-title">
                            <h2 id="drafts-title">{move || t(k::MY_DRAFTS)}</h2>
                            {if drafts.is_empty() { view! { <p>{move || t(k::MY_DRAFTS_NONE)}</p> }.into_any() } else {
                                view! { <ul class="card-list">{drafts.into_iter().map(|d| view! {
                                    <li><A href=format!("/nop-ho-so/{}", d.procedure)>{d.procedure_name.clone()}</A>
                                    <p class="hint">{tf(k::MY_DRAFT_KEPT, &[("date", &day(&d.expires_on))])}</p></li>
                                }).collect_view()}</ul> }.into_any()
                            }}
                        </section>
                        <section aria-labelledby="dossiers-title">
                            <h2 id="dossiers-title">{move || t(k::MY_DOSSIERS_SENT)}</h2>
                            {if dossiers.is_empty() { view! { <p>{move || t(k::MY_DOSSIERS_NONE)}</p> }.into_any() } else {
                                view! { <ul class="card-list">{dossiers.into_iter().map(|d| {
                                    let status = d.status;
                                    view! {
                                        <li><A href=format!("/ca-nhan/ho-so/{}", d.code)>{d.code.clone()}</A>
                                        <p>{d.procedure_name.clone()}</p>
                                        <p class="hint">{move || status_text(status)}" · "{tf(k::MY_DOSSIER_DUE, &[("date", &day(&d.due_date))])}</p></li>
                                    }
                                }).collect_view()}</ul> }.into_any()
                            }}
                        </section>
                    }.into_any(),
                    Err(ApiFailure::Api { status: 401, .. }) => view! { <p>{move || t(k::SESSION_ENDED)}</p> }.into_any(),
                    Err(e) => view! { <crate::components::ErrorBox failure=e/> }.into_any(),
                })}
            </Suspense>
        </div>
    }
}
