//! What the public reads of feedback: the searchable list of published questions and answers (redacted, no sender) and each one's page.

use super::kind_short;
use crate::api::{encode, get_json, with_query};
use crate::components::{api_pairs, query_param, unit_options, when};
use crate::i18n::{k, t, tf, tr};
use app::feedback::{Kind, Published, PublishedPage};
use app::units::UnitSummary;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

/// A page of the list holds this many (the server's page size).
const PAGE_SIZE: u64 = 20;

/// The page's address parameters and the API's, in the same order.
const PARAMS: [(&str, &str); 5] = [
    ("q", "q"),
    ("loai", "kind"),
    ("don-vi", "unit"),
    ("linh-vuc", "field"),
    ("thu-tuc", "procedure"),
];

/// The start of a long text, cut at a word, for the list.
fn excerpt(s: &str, chars: usize) -> String {
    if s.chars().count() <= chars {
        return s.to_owned();
    }
    let cut: String = s.chars().take(chars).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a);
    format!("{cut} …")
}

fn date_of(unix: i64) -> String {
    when(unix).split(' ').next().unwrap_or_default().to_owned()
}

/// `/phan-anh-kien-nghi?q=&loai=&don-vi=&linh-vuc=&thu-tuc=&trang=`.
#[component]
pub fn PublicListPage() -> impl IntoView {
    crate::use_page_title(|| t(k::FB_PUBLIC_TITLE).to_owned());
    let query = use_query_map();
    let param = move |name: &str| query_param(query, name);
    let page = move || {
        param("trang")
            .and_then(|p| p.parse::<u32>().ok())
            .filter(|p| *p >= 1)
            .unwrap_or(1)
    };
    let list = LocalResource::new(move || {
        let mut pairs = api_pairs(query, &PARAMS);
        pairs.push(("page", page().to_string()));
        let url = with_query(app::paths::PUBLIC_FEEDBACK, &pairs);
        async move { get_json::<PublishedPage>(&url).await }
    });
    let units = LocalResource::new(|| get_json::<Vec<UnitSummary>>(app::paths::UNITS));
    let q = RwSignal::new(param("q").unwrap_or_default());
    let kind = RwSignal::new(param("loai").unwrap_or_default());
    let unit = RwSignal::new(param("don-vi").unwrap_or_default());
    let navigate = use_navigate();
    // The address with some parameters changed (and the page reset to the
    // first unless it is one of them), so every search can be linked to.
    let address = move |changes: &[(&str, String)]| {
        let mut pairs: Vec<(&str, String)> = PARAMS
            .iter()
            .map(|(ours, _)| *ours)
            .chain(["trang"])
            .filter(|name| *name != "trang" || changes.iter().any(|(c, _)| *c == "trang"))
            .filter_map(|name| {
                changes
                    .iter()
                    .find(|(c, _)| *c == name)
                    .map(|(_, v)| v.clone())
                    .or_else(|| param(name))
                    .filter(|v| !v.is_empty())
                    .map(|v| (name, v))
            })
            .collect();
        pairs.retain(|(n, v)| *n != "trang" || v != "1");
        with_query("/phan-anh-kien-nghi", &pairs)
    };
    let search = {
        let navigate = navigate.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let to = address(&[
                ("q", q.get_untracked()),
                ("loai", kind.get_untracked()),
                ("don-vi", unit.get_untracked()),
            ]);
            navigate(&to, Default::default());
        }
    };
    // A filter reached by a link (a field, a procedure) shows with a way out.
    let chip = move |name: &'static str, key: usize| {
        param(name).map(|v| {
            let label = match (name, list.get()) {
                ("linh-vuc", Some(Ok(p))) => p
                    .items
                    .first()
                    .map(|i| i.field_name.clone())
                    .filter(|n| !n.is_empty())
                    .unwrap_or(v),
                _ => v,
            };
            view! {
                <li>{tr(key)}" "<span lang="vi">{label}</span>" "
                    <a href=address(&[(name, String::new())])>{tr(k::FB_PUBLIC_CLEAR)}</a></li>
            }
        })
    };
    view! {
        <div class="wrap page">
            <h1 id="page-title" tabindex="-1">{tr(k::FB_PUBLIC_TITLE)}</h1>
            <p>{tr(k::FB_PUBLIC_INTRO)}</p>
            <form class="step-form" role="search" on:submit=search>
                <div class="field">
                    <label for="fbp-q">{tr(k::FB_PUBLIC_SEARCH)}</label>
                    <input id="fbp-q" type="search" maxlength="200" autocomplete="off" prop:value=move || q.get() on:input=move |ev| q.set(event_target_value(&ev))/>
                </div>
                <div class="field">
                    <label for="fbp-kind">{tr(k::FB_KIND)}</label>
                    <select id="fbp-kind" on:change=move |ev| kind.set(event_target_value(&ev))>
                        <option value="">{tr(k::FB_PUBLIC_ALL)}</option>
                        {[Kind::Report, Kind::Proposal].into_iter().map(|v| view! {
                            <option value=v.as_str() selected=move || kind.get() == v.as_str()>{move || kind_short(v)}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="fbp-unit">{tr(k::FB_PUBLIC_UNIT)}</label>
                    <select id="fbp-unit" on:change=move |ev| unit.set(event_target_value(&ev))>
                        <option value="">{tr(k::FB_PUBLIC_ALL)}</option>
                        {move || units.get().and_then(Result::ok).map(|l| unit_options(l, Some(unit)))}
                    </select>
                </div>
                <p class="form-actions"><button type="submit" class="button primary">{tr(k::FB_PUBLIC_DO_SEARCH)}</button></p>
            </form>
            <ul class="chips">{move || chip("linh-vuc", k::FB_PUBLIC_FIELD)}{move || chip("thu-tuc", k::FB_PUBLIC_PROCEDURE)}</ul>
            {move || list.get().map(|r| match r {
                Ok(p) => {
                    let pages = p.total.div_ceil(PAGE_SIZE).max(1);
                    let at = u64::from(page());
                    let link = move |n: u64| address(&[("trang", n.to_string())]);
                    view! {
                        <p role="status">{tf(k::FB_PUBLIC_COUNT, &[("n", &p.total.to_string())])}</p>
                        {p.items.is_empty().then(|| view! { <p>{tr(k::FB_PUBLIC_NONE)}</p> })}
                        <ul class="card-list">{p.items.into_iter().map(|i| view! { <Card item=i/> }).collect_view()}</ul>
                        {(pages > 1).then(|| view! {
                            <nav class="pager" aria-label=tr(k::FB_PUBLIC_PAGES)>
                                {(at > 1).then(|| view! { <a href=link(at - 1) rel="prev">{tr(k::FB_PUBLIC_PREV)}</a> })}
                                " "<span>{tf(k::FB_PUBLIC_PAGE, &[("n", &at.to_string()), ("m", &pages.to_string())])}</span>" "
                                {(at < pages).then(|| view! { <a href=link(at + 1) rel="next">{tr(k::FB_PUBLIC_NEXT)}</a> })}
                            </nav>
                        })}
                    }.into_any()
                }
                Err(e) => crate::components::failure_view(e),
            })}
            <p><a href="/ca-nhan/phan-anh/gui">{tr(k::FB_PUBLIC_SEND)}</a></p>
        </div>
    }
}

/// One published item in the list.
#[component]
fn Card(item: Published) -> impl IntoView {
    let kind = item.kind;
    view! {
        <li class="card">
            <h2><a href=format!("/phan-anh-kien-nghi/{}", encode(&item.code)) lang="vi">{item.title.clone()}</a></h2>
            <p class="hint"><span class="dossier-code">{item.code.clone()}</span>" · "{move || kind_short(kind)}" · "<span lang="vi">{item.unit.clone()}</span>" · "{tf(k::FB_PUBLIC_ANSWERED, &[("date", &date_of(item.answered_at))])}</p>
            <p lang="vi">{excerpt(&item.content, 220)}</p>
            <p lang="vi"><strong>{tr(k::FB_ANSWER)}": "</strong>{excerpt(&item.answer, 220)}</p>
        </li>
    }
}

/// `/phan-anh-kien-nghi/:code`: one published question and its answer.
#[component]
pub fn PublicItemPage() -> impl IntoView {
    let params = use_params_map();
    let code = move || params.with(|p| p.get("code")).unwrap_or_default();
    let item = LocalResource::new(move || {
        let url = app::paths::public_feedback(&code());
        async move { get_json::<Published>(&url).await }
    });
    let loaded = move || item.with(|i| matches!(i, Some(Ok(_))));
    crate::use_page_title(move || {
        item.get()
            .and_then(Result::ok)
            .map(|p| p.title)
            .unwrap_or_else(|| t(k::FB_PUBLIC_TITLE).to_owned())
    });
    view! {
        <div class="wrap page">
            <p><a href="/phan-anh-kien-nghi">{tr(k::FB_PUBLIC_BACK)}</a></p>
            // One heading for the page's life: focus moves to it on arrival
            // and stays when the item has loaded.
            <h1 id="page-title" tabindex="-1" lang=move || loaded().then_some("vi")>{move || {
                item.get().and_then(Result::ok).map(|p| p.title).unwrap_or_else(|| t(k::FB_PUBLIC_TITLE).to_owned())
            }}</h1>
            {move || match item.get() {
                None => ().into_any(),
                Some(Ok(p)) => {
                    let kind = p.kind;
                    let filters = (!p.field.is_empty()).then(|| view! {
                        <p><a href=format!("/phan-anh-kien-nghi?linh-vuc={}", encode(&p.field))>{tr(k::FB_PUBLIC_FIELD)}" "<span lang="vi">{p.field_name.clone()}</span></a></p>
                    });
                    let procedure = (!p.procedure.is_empty()).then(|| view! {
                        <p><a href=format!("/thu-tuc/{}", encode(&p.procedure)) rel="external">{tr(k::FB_PUBLIC_PROCEDURE)}" "{p.procedure.clone()}</a></p>
                    });
                    view! {
                        <p class="hint"><span class="dossier-code">{p.code.clone()}</span>" · "{move || kind_short(kind)}</p>
                        <section aria-labelledby="fbp-question">
                            <h2 id="fbp-question">{tr(k::FB_PUBLIC_QUESTION)}</h2>
                            <p class="timeline-note" lang="vi">{p.content.clone()}</p>
                        </section>
                        <section class="result-box" aria-labelledby="fbp-answer">
                            <h2 id="fbp-answer">{tr(k::FB_PUBLIC_ANSWER_BY)}" "<span lang="vi">{p.unit.clone()}</span></h2>
                            <p class="timeline-note" lang="vi">{p.answer.clone()}</p>
                        </section>
                        <p>{tf(k::FB_PUBLIC_DATES, &[("received", &date_of(p.received_at)), ("answered", &date_of(p.answered_at)), ("published", &date_of(p.published_at))])}</p>
                        <p class="hint">{tr(k::FB_PUBLIC_MASKED)}</p>
                        {filters}
                        {procedure}
                        <p><a href=format!("/co-quan/{}", encode(&p.unit_code)) lang="vi">{p.unit.clone()}</a></p>
                    }.into_any()
                }
                Some(Err(e)) => crate::components::failure_view(e),
            }}
        </div>
    }
}
