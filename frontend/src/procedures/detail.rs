//! The procedure page: everything a person needs before starting, and the way in to apply online.

use super::{channel_label, level_label, ServiceBadge};
use crate::api::get_json;
use crate::components::{ErrorBox, Loading};
use crate::i18n::{k, t, tf, tr};
use app::procedures::ProcedureDetail;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ProcedurePage() -> impl IntoView {
    let params = use_params_map();
    let code = Memo::new(move |_| params.get().get("code").unwrap_or_default());
    let detail = LocalResource::new(move || {
        let c = code.get();
        async move {
            get_json::<ProcedureDetail>(&format!(
                "{}/{}",
                app::paths::PROCEDURES,
                crate::api::encode(&c)
            ))
            .await
        }
    });
    // One h1 for the life of the page whose text follows the data, so the
    // focus given to it on arrival is not lost when the record loads.
    let heading = move || match detail.get() {
        Some(Ok(d)) => d.summary.name,
        Some(Err(e)) if e.is_not_found() => t(k::NOTFOUND_TITLE).to_owned(),
        Some(Err(_)) => t(k::ERROR_TITLE).to_owned(),
        None => t(k::PROC_LOADING).to_owned(),
    };
    crate::use_page_title(heading);
    let eyebrow = move || match detail.get() {
        Some(Ok(d)) => Some(
            view! { <p class="eyebrow"><span class="code">{d.summary.code}</span>" · "<span lang="vi">{d.summary.field.name}</span></p> },
        ),
        _ => None,
    };
    view! {
        <div class="wrap page">
            <article class="procedure">
                {eyebrow}
                <h1 id="page-title" tabindex="-1" lang=move || matches!(detail.get(), Some(Ok(_))).then_some("vi")>{heading}</h1>
                // A plain match, not <Suspense>: the same, for fewer bytes of wasm.
                {move || match detail.get() {
                    None => view! { <Loading key=k::PROC_LOADING/> }.into_any(),
                    Some(Ok(d)) => view! { <Detail d=d/> }.into_any(),
                    Some(Err(e)) if e.is_not_found() => view! {
                        <p>{tr(k::NOTFOUND_TEXT)}</p>
                        <p><A href="/tim-kiem">{tr(k::NAV_SEARCH)}</A></p>
                    }.into_any(),
                    Some(Err(e)) => view! { <ErrorBox failure=e/> }.into_any(),
                }}
            </article>
        </div>
    }
}

/// A case's name without the list marks of the crawl ("* Giấy tờ phải nộp:").
fn case_name(s: &str) -> String {
    s.trim()
        .trim_start_matches(['*', '-', '+', '•'])
        .trim()
        .trim_end_matches(':')
        .trim()
        .to_owned()
}

/// "5 ngày làm việc", "15 ngày", "4 giờ", "Trong ngày" in the page's language.
fn limit_text(l: app::procedures::Limit) -> String {
    use app::procedures::LimitUnit;
    let key = match (l.unit, l.amount) {
        (LimitUnit::WorkingDays, 0) => return t(k::PROC_LIMIT_SAME_DAY).to_owned(),
        (LimitUnit::WorkingDays, 1) => k::PROC_LIMIT_WORKING_DAY,
        (LimitUnit::WorkingDays, _) => k::PROC_LIMIT_WORKING_DAYS,
        (LimitUnit::Days, 1) => k::PROC_LIMIT_DAY,
        (LimitUnit::Days, _) => k::PROC_LIMIT_DAYS,
        (LimitUnit::Hours, 1) => k::PROC_LIMIT_HOUR,
        (LimitUnit::Hours, _) => k::PROC_LIMIT_HOURS,
    };
    tf(key, &[("n", &l.amount.to_string())])
}

/// One case's documents as a table a keyboard can reach and scroll.
#[component]
fn CaseTable(case: app::procedures::DossierCase, index: usize) -> impl IntoView {
    let case_label = case_name(&case.case);
    let region = move || {
        if case_label.is_empty() {
            format!("{} {}", t(k::PROC_DOCUMENTS), index + 1)
        } else {
            format!("{}: {}", t(k::PROC_DOCUMENTS), case_label)
        }
    };
    view! {
        <div class="table-scroll" tabindex="0" role="group" aria-label=region>
            <table>
                <thead><tr>
                    <th scope="col">{tr(k::PROC_DOCUMENT)}</th>
                    <th scope="col" class="num">{tr(k::PROC_ORIGINALS)}</th>
                    <th scope="col" class="num">{tr(k::PROC_COPIES)}</th>
                </tr></thead>
                <tbody>
                    {case.documents.into_iter().map(|doc| view! {
                        <tr>
                            <td>
                                <span lang="vi">{doc.name}</span>
                                {(!doc.forms.is_empty()).then(|| view! {
                                    <span class="forms">{tr(k::PROC_FORMS)}": "<span lang="vi">{doc.forms.join(", ")}</span></span>
                                })}
                            </td>
                            <td class="num">{doc.originals}</td>
                            <td class="num">{doc.copies}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        {(!case.note.is_empty()).then(|| view! { <p class="note" lang="vi">{case.note.clone()}</p> })}
    }
}

/// Splits a catalogue text into its lines for a list.
fn lines(s: &str) -> Vec<String> {
    s.lines()
        .map(|l| {
            l.trim()
                .trim_start_matches(['-', '+', '*', '•'])
                .trim()
                .to_owned()
        })
        .filter(|l| !l.is_empty())
        .collect()
}

#[component]
fn Detail(d: ProcedureDetail) -> impl IntoView {
    let s = d.summary.clone();
    let online = s.service_level.is_online();
    let levels = s.levels.clone();
    let steps = lines(&d.steps);
    let requirements = lines(&d.requirements);
    let has_dossier = d.dossier.iter().any(|c| !c.documents.is_empty());
    let not_stated = || t(k::PROC_NOT_STATED);
    view! {
        <div>
            <p><ServiceBadge level=s.service_level/></p>
            <dl class="facts">
                <div><dt>{tr(k::PROC_CODE)}</dt><dd>{s.code.clone()}</dd></div>
                <div><dt>{tr(k::PROC_FIELD)}</dt><dd lang="vi">{s.field.name.clone()}</dd></div>
                <div><dt>{tr(k::PROC_LEVEL)}</dt><dd>{move || levels.iter().map(|l| level_label(*l)).collect::<Vec<_>>().join(", ")}</dd></div>
                <div><dt>{tr(k::PROC_AGENCY)}</dt><dd lang="vi">{s.agency.name.clone()}</dd></div>
                {d.competent_authority.clone().filter(|c| c.id != s.agency.id).map(|c| view! {
                    <div><dt>{tr(k::PROC_COMPETENT)}</dt><dd lang="vi">{c.name}</dd></div>
                })}
                <div><dt>{tr(k::PROC_SUBJECTS)}</dt><dd lang="vi">{d.subjects.join(", ")}</dd></div>
                <div><dt>{tr(k::PROC_WHERE)}</dt><dd><a href=format!("/co-quan?thu-tuc={}", s.code) rel="external">{tr(k::PROC_WHERE_LINK)}</a></dd></div>
            </dl>
            // Published answers about it are one full load away (the
            // workspace bundle); fetching even their count here costs the
            // catalogue's bundle 2.7 KB (measured), over its budget.
            <p><a href=format!("/ca-nhan/phan-anh/gui?thu-tuc={}", s.code) rel="external">{tr(k::FB_FROM_PROCEDURE)}</a>
                " · "<a href=format!("/phan-anh-kien-nghi?thu-tuc={}", s.code) rel="external">{tr(k::FB_PROCEDURE_ANSWERS)}</a></p>
            {(!online).then(|| view! { <p class="apply note">{tr(k::PROC_NOT_ONLINE)}</p> })}
            {(!d.has_detail).then(|| view! { <p class="note">{tr(k::PROC_PARTIAL_RECORD)}</p> })}

            <section aria-labelledby="sec-docs">
                <h2 id="sec-docs">{tr(k::PROC_DOCUMENTS)}</h2>
                {if has_dossier {
                    // The common case is shown; the others are folded under
                    // their own names, so a phone is not 15,000 px of tables.
                    d.dossier.iter().filter(|c| !c.documents.is_empty()).enumerate().map(|(i, c)| {
                        let table = view! { <CaseTable case=c.clone() index=i/> };
                        if i == 0 {
                            view! {
                                <div class="dossier-case">
                                    {(!c.case.is_empty()).then(|| view! { <h3 lang="vi">{case_name(&c.case)}</h3> })}
                                    {table}
                                </div>
                            }.into_any()
                        } else {
                            let n = c.documents.len().to_string();
                            let name = c.case.clone();
                            view! {
                                <details class="dossier-case">
                                    <summary>
                                        {if name.is_empty() {
                                            view! { <span>{tr(k::PROC_OTHER_CASE)}</span> }.into_any()
                                        } else {
                                            view! { <span lang="vi">{case_name(&name)}</span> }.into_any()
                                        }}
                                        " "<span class="count">{move || tf(k::PROC_CASE_COUNT, &[("n", &n)])}</span>
                                    </summary>
                                    {table}
                                </details>
                            }.into_any()
                        }
                    }).collect_view().into_any()
                } else {
                    view! { <p>{tr(k::PROC_DOCUMENTS_NONE)}</p> }.into_any()
                }}
            </section>

            <section aria-labelledby="sec-fees">
                <h2 id="sec-fees">{tr(k::PROC_FEES)}</h2>
                <div class="table-scroll" tabindex="0" role="group" aria-label=tr(k::PROC_FEES)>
                    <table>
                        <thead><tr>
                            <th scope="col">{tr(k::PROC_CHANNEL)}</th>
                            <th scope="col">{tr(k::PROC_TIME_LIMIT)}</th>
                            <th scope="col">{tr(k::PROC_FEE)}</th>
                        </tr></thead>
                        <tbody>
                            {d.channels.iter().cloned().map(|c| {
                                let (time, limit, fee, note) = (c.time_limit.clone(), c.limit, c.fee.clone(), c.fee_note.clone());
                                // The catalogue's own words (a fee, a limit it could not read) are Vietnamese.
                                let (time_vi, fee_vi) = ((limit.is_none() && !time.is_empty()).then_some("vi"), (!fee.is_empty()).then_some("vi"));
                                view! {
                                    <tr>
                                        <th scope="row">{move || channel_label(c.kind)}</th>
                                        <td lang=time_vi>{move || match limit {
                                            Some(l) => limit_text(l),
                                            None if time.is_empty() => not_stated().to_owned(),
                                            None => time.clone(),
                                        }}</td>
                                        <td lang=fee_vi>
                                            {move || if fee.is_empty() { not_stated().to_owned() } else { fee.clone() }}
                                            {(!note.is_empty()).then(|| view! { <span class="fee-note" lang="vi">{note.clone()}</span> })}
                                        </td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            </section>

            <section aria-labelledby="sec-steps">
                <h2 id="sec-steps">{tr(k::PROC_STEPS)}</h2>
                {if steps.is_empty() {
                    view! { <p>{tr(k::PROC_NOT_STATED)}</p> }.into_any()
                } else {
                    view! { <ol class="steps" lang="vi">{steps.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ol> }.into_any()
                }}
            </section>

            <section aria-labelledby="sec-req">
                <h2 id="sec-req">{tr(k::PROC_REQUIREMENTS)}</h2>
                {if requirements.is_empty() {
                    view! { <p>{tr(k::PROC_NONE)}</p> }.into_any()
                } else {
                    view! { <ul lang="vi">{requirements.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul> }.into_any()
                }}
            </section>

            <section aria-labelledby="sec-results">
                <h2 id="sec-results">{tr(k::PROC_RESULTS)}</h2>
                {if d.results.is_empty() {
                    view! { <p>{tr(k::PROC_NOT_STATED)}</p> }.into_any()
                } else {
                    view! { <ul lang="vi">{d.results.iter().map(|r| view! { <li>{r.name.clone()}</li> }).collect_view()}</ul> }.into_any()
                }}
            </section>

            <section aria-labelledby="sec-legal">
                <h2 id="sec-legal">{tr(k::PROC_LEGAL)}</h2>
                {if d.legal_basis.is_empty() {
                    view! { <p lang="vi">{d.decision_no.clone()}</p> }.into_any()
                } else {
                    view! { <ul class="legal" lang="vi">{d.legal_basis.lines().map(|l| view! { <li>{l.to_owned()}</li> }).collect_view()}</ul> }.into_any()
                }}
                {(!d.decision_no.is_empty()).then(|| view! { <p>{tr(k::PROC_DECISION)}": "<span lang="vi">{d.decision_no.clone()}</span></p> })}
            </section>
            {(!d.receiving_address.is_empty()).then(|| view! {
                <section aria-labelledby="sec-addr">
                    <h2 id="sec-addr">{tr(k::PROC_ADDRESS)}</h2>
                    <p lang="vi">{d.receiving_address.clone()}</p>
                </section>
            })}
            {(!d.national_url.is_empty()).then(|| view! {
                <p><a href=d.national_url.clone() rel="noopener" target="_blank">{tr(k::PROC_NATIONAL)}</a></p>
            })}
            // Last in the page and stuck to the bottom of the screen while the
            // page is read: on a phone the way in is never 10 screens away.
            {online.then(|| view! { <div class="apply sticky"><SubmitButton code=s.code.clone()/></div> })}
        </div>
    }
}

/// "Nộp hồ sơ trực tuyến": a signed-in person goes to the e-form; anyone
/// else signs in first and lands on the e-form.
#[component]
fn SubmitButton(code: String) -> impl IntoView {
    let session = crate::identity::Session::get();
    let form = format!("/nop-ho-so/{code}");
    move || {
        if session.info().is_some_and(|s| s.user.is_some()) {
            view! { <crate::components::WorkspaceLink href=form.clone() class="button primary">{tr(k::PROC_SUBMIT_ONLINE)}</crate::components::WorkspaceLink> }.into_any()
        } else {
            // Sign-in started here comes back to the form, not to this page.
            view! { <a href=crate::identity::login_href(&form) class="button primary" rel="external">{tr(k::PROC_SUBMIT_ONLINE)}</a> }.into_any()
        }
    }
}
