//! The receipt (Form 01: dossier code, applicant, documents received, promised date, QR of the tracking link) and "my dossiers".

use crate::api::{get_json, ApiFailure};
use crate::i18n::{k, t, tf, tr};
use app::dossiers::{Delivery, Dossier, DossierSummary, Draft, Status};
use leptos::prelude::*;
use leptos_router::components::A;

pub use crate::components::{day, when};

pub fn status_text(s: Status) -> &'static str {
    s.name(super::english())
}

fn delivery_text(d: Delivery) -> &'static str {
    t(match d {
        Delivery::Online => k::DELIVERY_ONLINE,
        Delivery::Counter => k::DELIVERY_COUNTER,
        Delivery::Post => k::DELIVERY_POST,
    })
}

/// Form 01's content: what was received, when, and the promised date.
#[component]
pub fn Receipt(
    d: Dossier,
    /// Printed by the officer who took it in at the counter.
    #[prop(optional)]
    officer: bool,
) -> impl IntoView {
    let qr = if officer {
        app::paths::officer_qr(&d.code)
    } else {
        app::paths::my_dossier_part(&d.code, "qr.svg")
    };
    let paper = d.paper.clone();
    let docs = d.documents.clone();
    let status = d.status;
    let delivery = d.delivery;
    view! {
        <p class="receipt-form">{tr(k::RECEIPT_FORM)}</p>
        <div class="receipt-body">
            <dl class="facts">
                <div><dt>{tr(k::RECEIPT_CODE)}</dt><dd class="dossier-code">{d.code.clone()}</dd></div>
                <div><dt>{tr(k::RECEIPT_APPLICANT)}</dt><dd translate="no">{d.applicant.clone()}</dd></div>
                <div><dt>{tr(k::RECEIPT_PROCEDURE)}</dt><dd><span lang="vi">{d.procedure_name.clone()}</span>" ("{d.procedure.clone()}")"</dd></div>
                <div><dt>{tr(k::RECEIPT_AGENCY)}</dt><dd lang="vi">{d.agency.clone()}</dd></div>
                <div><dt>{tr(k::RECEIPT_RECEIVED)}</dt><dd>{when(d.received_at)}</dd></div>
                <div><dt>{tr(k::RECEIPT_DUE)}</dt><dd class="due-date">{day(&d.due_date)}</dd></div>
                <div><dt>{tr(k::RECEIPT_DELIVERY)}</dt><dd>{move || delivery_text(delivery)}</dd></div>
                <div><dt>{tr(k::RECEIPT_STATUS)}</dt><dd>{move || status_text(status)}</dd></div>
            </dl>
            <img class="receipt-qr" src=qr width="160" height="160" alt=tr(k::RECEIPT_QR_ALT)/>
        </div>
        <h2>{tr(k::RECEIPT_DOCUMENTS)}</h2>
        {if docs.is_empty() {
            view! { <p>{tr(k::RECEIPT_NO_DOCUMENTS)}</p> }.into_any()
        } else {
            view! { <ul>{docs.into_iter().map(|doc| view! { <li>{super::kind_view(&doc.component)}": "<span translate="no">{doc.file_name}</span></li> }).collect_view()}</ul> }.into_any()
        }}
        {(!paper.is_empty()).then(|| view! {
            <h3>{tr(k::RECEIPT_PAPER)}</h3>
            <ul>{paper.into_iter().map(|c| view! { <li>{super::kind_view(&c)}</li> }).collect_view()}</ul>
        })}
        <p class="hint">{tr(k::RECEIPT_NOTE)}</p>
        <p class="form-actions no-print">
            <button type="button" class="button" on:click=|_| { let _ = window().print(); }>{tr(k::RECEIPT_PRINT)}</button>
            {if officer {
                view! { <A href="/can-bo">{tr(k::OFFICER_BACK)}</A> }.into_any()
            } else {
                view! { <A href="/ca-nhan/ho-so">{tr(k::AUTH_MY_DOSSIERS)}</A> }.into_any()
            }}
        </p>
    }
}

/// `/ca-nhan/ho-so`: drafts to go on with, and dossiers sent.
#[component]
pub fn MyDossiersPage() -> impl IntoView {
    crate::use_page_title(|| t(k::AUTH_MY_DOSSIERS).to_owned());
    let data = LocalResource::new(|| async {
        let drafts = get_json::<Vec<Draft>>(app::paths::MY_DRAFTS).await?;
        let dossiers = get_json::<Vec<DossierSummary>>(app::paths::MY_DOSSIERS).await?;
        Ok::<_, ApiFailure>((drafts, dossiers))
    });
    view! {
        <div class="wrap page">
            <h1 id="page-title" tabindex="-1">{tr(k::AUTH_MY_DOSSIERS)}</h1>
            <p><A href="/ca-nhan/phan-anh">{tr(k::FB_MINE)}</A></p>
            <Suspense fallback=|| view! { <crate::components::Loading key=k::PROC_LOADING/> }>
                {move || data.get().map(|r| match r {
                    Ok((drafts, dossiers)) => view! {
                        <section aria-labelledby="drafts-title">
                            <h2 id="drafts-title">{tr(k::MY_DRAFTS)}</h2>
                            {if drafts.is_empty() { view! { <p>{tr(k::MY_DRAFTS_NONE)}</p> }.into_any() } else {
                                view! { <ul class="card-list">{drafts.into_iter().map(|d| view! {
                                    <li><A href=format!("/nop-ho-so/{}", d.procedure) attr:lang="vi">{d.procedure_name.clone()}</A>
                                    <p class="hint">{tf(k::MY_DRAFT_KEPT, &[("date", &day(&d.expires_on))])}</p></li>
                                }).collect_view()}</ul> }.into_any()
                            }}
                        </section>
                        <section aria-labelledby="dossiers-title">
                            <h2 id="dossiers-title">{tr(k::MY_DOSSIERS_SENT)}</h2>
                            {if dossiers.is_empty() { view! { <p>{tr(k::MY_DOSSIERS_NONE)}</p> }.into_any() } else {
                                view! { <ul class="card-list">{dossiers.into_iter().map(|d| {
                                    let status = d.status;
                                    let tl = d.timeliness;
                                    view! {
                                        <li><A href=format!("/ca-nhan/ho-so/{}", d.code)>{d.code.clone()}</A>
                                        <p lang="vi">{d.procedure_name.clone()}</p>
                                        <p class="hint">{move || status_text(status)}" · "{tf(k::MY_DOSSIER_DUE, &[("date", &day(&d.due_date))])}" · "{tf(k::MY_DOSSIER_SENT, &[("date", &when(d.received_at))])}</p>
                                        {(tl != app::lifecycle::Timeliness::Closed).then(|| view! { <p><span class=super::tracking::timeliness_class(tl)>{move || super::tracking::timeliness_text(tl)}</span></p> })}</li>
                                    }
                                }).collect_view()}</ul> }.into_any()
                            }}
                        </section>
                    }.into_any(),
                    Err(e) => crate::components::failure_view(e),
                })}
            </Suspense>
        </div>
    }
}
