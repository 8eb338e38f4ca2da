//! Search results: facets with counts, the query and filters kept in the URL, helpful empty state, paging.

use super::{level_label, service_label, subject_label, ProcedureCard, SearchForm};
use crate::api::{get_json, with_query};
use crate::components::{ErrorBox, Loading};
use crate::i18n::{k, t, tf, tr};
use app::procedures::{GovLevel, ServiceLevel, SubjectKind};
use app::search::{FacetValue, SearchParams, SearchQuery, SearchResponse, Sort};
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};

/// The address of the results page for a query.
fn page_href(q: &SearchQuery) -> String {
    with_query("/tim-kiem", &q.to_pairs())
}

/// The same search with every filter taken off, from the first page.
fn without_filters(q: &SearchQuery) -> SearchQuery {
    SearchQuery {
        subject: None,
        field: None,
        service_level: None,
        level: None,
        agency: None,
        page: 1,
        ..q.clone()
    }
}

#[component]
pub fn ResultsPage() -> impl IntoView {
    let query_map = use_query_map();
    // The URL is the single source of truth: shareable, and the back button works.
    let params = Memo::new(move |_| {
        let m = query_map.get();
        SearchParams {
            q: m.get("q"),
            subject: m.get("subject"),
            field: m.get("field"),
            service_level: m.get("service_level"),
            level: m.get("level"),
            agency: m.get("agency"),
            page: m.get("page"),
            per_page: m.get("per_page"),
            sort: m.get("sort"),
            facet_limit: m.get("facet_limit"),
        }
    });
    let query = Memo::new(move |_| SearchQuery::parse(&params.get()).unwrap_or_default());
    let location = use_location();
    let results = LocalResource::new(move || {
        // The URL's own query string goes to the API as it is: the server
        // names any bad parameter, and the request matches the one the boot
        // script in index.html preloaded.
        let search = location.search.get();
        async move {
            get_json::<SearchResponse>(&format!(
                "{}{}",
                app::paths::PROCEDURES,
                if search.is_empty() {
                    String::new()
                } else {
                    format!("?{search}")
                }
            ))
            .await
        }
    });
    crate::use_page_title(move || {
        let q = query.get();
        if q.q.is_empty() {
            t(k::RESULTS_TITLE_ALL).to_owned()
        } else {
            format!("{} “{}”", t(k::RESULTS_TITLE), q.q)
        }
    });
    let has_filters = move || query.get().filter_count() > 0;
    let shown = StoredValue::new(false);
    view! {
        <div class="wrap page">
            <h1 id="page-title" tabindex="-1">
                {move || if query.get().q.is_empty() { t(k::RESULTS_TITLE_ALL) } else { t(k::RESULTS_TITLE) }}
            </h1>
            {move || view! { <SearchForm initial=query.get().q/> }}
            // Results and filters come from the same answer and appear in
            // the same frame, so neither pushes the other once shown.
            <Transition fallback=|| view! { <Loading key=k::RESULTS_LOADING/> }>
                {move || results.get().map(|r| match r {
                    Ok(r) => {
                        // New results after a filter, a chip, a page or a
                        // new search: the panel folds again on a phone and
                        // the focus goes to the new count, in view. Not on
                        // the first results (the page's own focus stands),
                        // nor after the order list, still in use.
                        if shown.get_value() {
                            request_animation_frame(|| {
                                use wasm_bindgen::JsCast;
                                let panel = document().get_element_by_id("filters-panel").and_then(|d| d.dyn_into::<web_sys::HtmlDetailsElement>().ok());
                                if let Some(d) = panel.filter(|_| narrow()) {
                                    d.set_open(false);
                                }
                                if document().active_element().is_none_or(|e| e.tag_name() != "SELECT") {
                                    crate::focus_element("results-found");
                                }
                            });
                        }
                        shown.set_value(true);
                        view! {
                        // The filters come first, on screen and in the focus order.
                        <div class="results-layout">
                            <FilterPanel r=r.clone() query=query.get_untracked() has_filters=has_filters()/>
                            <div class="results-main">
                                <ResultList r=r query=query.get_untracked() has_filters=has_filters()/>
                            </div>
                        </div>
                    }.into_any()},
                    Err(e) => view! { <ErrorBox failure=e/> }.into_any(),
                })}
            </Transition>
        </div>
    }
}

#[component]
fn ResultList(r: SearchResponse, query: SearchQuery, has_filters: bool) -> impl IntoView {
    let total = r.total;
    let q_text = query.q.clone();
    let filters = query.filter_count();
    let status = move || {
        let mut found = tf(k::RESULTS_FOUND, &[("n", &total.to_string())]);
        if !q_text.is_empty() {
            found = format!("{found} {}", tf(k::RESULTS_FOR, &[("q", &q_text)]));
        }
        if filters > 0 {
            found = format!(
                "{found}, {}",
                tf(k::RESULTS_WITH_FILTERS, &[("n", &filters.to_string())])
            );
        }
        found
    };
    let expanded = r.expanded.clone();
    let navigate = use_navigate();
    let sort_query = query.clone();
    let on_sort = move |ev| {
        let mut q = sort_query.clone();
        q.sort = Sort::parse(&event_target_value(&ev));
        q.page = 1;
        navigate(&page_href(&q), Default::default());
    };
    let current_sort = query.effective_sort();
    let has_text = !query.q.is_empty();
    if r.items.is_empty() {
        let cleared = without_filters(&query);
        return view! {
            <div class="empty" role="status">
                <h2>{tr(k::RESULTS_EMPTY_TITLE)}</h2>
                <ul>
                    <li>{tr(k::RESULTS_EMPTY_TIP1)}</li>
                    <li>{tr(k::RESULTS_EMPTY_TIP2)}</li>
                    {has_filters.then(|| view! {
                        <li>{tr(k::RESULTS_EMPTY_TIP3)}" "<a href=page_href(&cleared)>{tr(k::RESULTS_CLEAR)}</a></li>
                    })}
                </ul>
                <p><a href="/tim-kiem?sort=popular">{tr(k::RESULTS_EMPTY_BROWSE)}</a></p>
            </div>
        }
        .into_any();
    }
    view! {
        <div class="results-head">
            <p class="found" id="results-found" tabindex="-1" role="status">{status}</p>
            <label class="sort">
                {tr(k::RESULTS_SORT)}" "
                <select on:change=on_sort>
                    {[Sort::Relevance, Sort::Popular, Sort::Name].into_iter().filter(|s| has_text || *s != Sort::Relevance).map(|s| {
                        let key = match s { Sort::Relevance => k::SORT_RELEVANCE, Sort::Popular => k::SORT_POPULAR, Sort::Name => k::SORT_NAME };
                        view! { <option value=s.as_str() selected=s == current_sort>{move || t(key)}</option> }
                    }).collect_view()}
                </select>
            </label>
        </div>
        {expanded.into_iter().map(|(a, b)| view! {
            <p class="understood">{move || tf(k::RESULTS_UNDERSTOOD, &[("a", &a), ("b", &b)])}</p>
        }).collect_view()}
        <div class="card-list">
            {r.items.into_iter().map(|p| view! { <ProcedureCard p=p/> }).collect_view()}
        </div>
        {
            let q = query.clone();
            let href = Callback::new(move |n: u32| {
                let mut q = q.clone();
                q.page = n;
                page_href(&q)
            });
            view! { <crate::components::Pager page=query.page pages=r.pages href=href/> }
        }
    }
    .into_any()
}

/// The filters, each value a link that toggles it, with the count it would give.
#[component]
fn FilterPanel(r: SearchResponse, query: SearchQuery, has_filters: bool) -> impl IntoView {
    let f = r.facets;
    let cleared = without_filters(&query);
    // Open on wide screens; folded away on a phone so results come first.
    let wide = !narrow();
    let q = query.clone();
    let toggle = move |set: &dyn Fn(&mut SearchQuery)| {
        let mut n = q.clone();
        set(&mut n);
        n.page = 1;
        page_href(&n)
    };
    let mut chips = Vec::new();
    let subject = group(
        k::FACET_SUBJECT,
        f.subject,
        query.subject.map(|s| s.as_str().to_owned()),
        |v| SubjectKind::parse(v).map(subject_label).unwrap_or(""),
        &|v| {
            toggle(&|n: &mut SearchQuery| {
                n.subject = if n.subject.map(|s| s.as_str()) == Some(v) {
                    None
                } else {
                    SubjectKind::parse(v)
                }
            })
        },
        &mut chips,
    );
    let service = group(
        k::FACET_SERVICE_LEVEL,
        f.service_level,
        query.service_level.map(|s| s.as_str().to_owned()),
        |v| ServiceLevel::parse(v).map(service_label).unwrap_or(""),
        &|v| {
            toggle(&|n: &mut SearchQuery| {
                n.service_level = if n.service_level.map(|s| s.as_str()) == Some(v) {
                    None
                } else {
                    ServiceLevel::parse(v)
                }
            })
        },
        &mut chips,
    );
    let level = group(
        k::FACET_LEVEL,
        f.level,
        query.level.map(|s| s.as_str().to_owned()),
        |v| GovLevel::parse(v).map(level_label).unwrap_or(""),
        &|v| {
            toggle(&|n: &mut SearchQuery| {
                n.level = if n.level.map(|s| s.as_str()) == Some(v) {
                    None
                } else {
                    GovLevel::parse(v)
                }
            })
        },
        &mut chips,
    );
    let field = group(
        k::FACET_FIELD,
        f.field,
        query.field.clone(),
        |_| "",
        &|v| {
            toggle(&|n: &mut SearchQuery| {
                n.field = if n.field.as_deref() == Some(v) {
                    None
                } else {
                    Some(v.to_owned())
                }
            })
        },
        &mut chips,
    );
    let agency = group(
        k::FACET_AGENCY,
        f.agency,
        query.agency.map(|a| a.to_string()),
        |_| "",
        &|v| {
            toggle(&|n: &mut SearchQuery| {
                let id = v.parse().ok();
                n.agency = if n.agency == id { None } else { id }
            })
        },
        &mut chips,
    );
    view! {
        <aside class="filters" aria-labelledby="filters-title">
            <details id="filters-panel" open=wide>
                <summary><h2 id="filters-title">{tr(k::RESULTS_FILTERS)}{(!chips.is_empty()).then(|| format!(" ({})", chips.len()))}</h2></summary>
                {has_filters.then(|| view! { <p><a href=page_href(&cleared)>{tr(k::RESULTS_CLEAR)}</a></p> })}
                {subject}
                {service}
                {level}
                {field}
                {agency}
            </details>
            // On a phone the panel is folded: what is chosen stays in view,
            // each taken off by one tap.
            {(!chips.is_empty()).then(|| view! {
                <ul class="chips" aria-label=tr(k::RESULTS_CHOSEN)>
                    {chips.into_iter().map(|(label, value, enum_label, link)| { let vi = (!label.is_empty()).then_some("vi"); view! {
                        <li><a class="chip" href=link>
                            <span lang=vi>{move || if label.is_empty() { enum_label(&value).to_owned() } else { label.clone() }}</span>
                            <span aria-hidden="true">" ×"</span><span class="sr-only">" — "{tr(k::RESULTS_REMOVE)}</span>
                        </a></li>
                    }}).collect_view()}
                </ul>
            })}
        </aside>
    }
}

/// A phone-sized screen, where the filters start folded.
fn narrow() -> bool {
    window()
        .inner_width()
        .ok()
        .and_then(|w| w.as_f64())
        .is_none_or(|w| w < 800.0)
}

/// Values shown before "show more" in long facets.
const SHOWN: usize = 8;

/// A filter in force, shown outside the folded panel: its name and the
/// address that takes it off.
type Chip = (String, String, fn(&str) -> &'static str, String);

fn group(
    title: usize,
    values: Vec<FacetValue>,
    selected: Option<String>,
    enum_label: fn(&str) -> &'static str,
    href: &dyn Fn(&str) -> String,
    chips: &mut Vec<Chip>,
) -> AnyView {
    if values.is_empty() {
        return ().into_any();
    }
    // (label, value, count, selected, link) for each value; the views for
    // the values past the first few are only built when the person opens
    // "show more": a long topic list is most of the page's DOM otherwise.
    let rows: Vec<(String, String, u64, bool, String)> = values
        .into_iter()
        .map(|v| {
            let is_selected = selected.as_deref() == Some(v.value.as_str());
            (
                v.label,
                v.value.clone(),
                v.count,
                is_selected,
                href(&v.value),
            )
        })
        .collect();
    // The selected value's link toggles it off.
    chips.extend(
        rows.iter()
            .filter(|r| r.3)
            .map(|r| (r.0.clone(), r.1.clone(), enum_label, r.4.clone())),
    );
    let item = move |(label, value, count, is_selected, link): (
        String,
        String,
        u64,
        bool,
        String,
    )| {
        let vi = (!label.is_empty()).then_some("vi");
        view! {
            <li>
                // A plain link: the router's <A> would mark every facet as the
                // current page, as they share the results' path.
                <a href=link aria-current=is_selected.then_some("true") class=if is_selected { "facet-on" } else { "" }>
                    // A topic's or agency's name is catalogue content, in Vietnamese.
                    <span lang=vi>{move || if label.is_empty() { enum_label(&value).to_owned() } else { label.clone() }}</span>
                    " " <span class="count">"("{count}")"</span>
                    {is_selected.then(|| view! { <span class="sr-only">" — "{tr(k::FACET_SELECTED)}</span> })}
                </a>
            </li>
        }
    };
    let mut first = rows;
    let rest = if first.len() > SHOWN {
        first.split_off(SHOWN)
    } else {
        vec![]
    };
    let open = RwSignal::new(rest.iter().any(|r| r.3));
    view! {
        <section class="facet">
            <h3>{move || t(title)}</h3>
            <ul>{first.into_iter().map(item).collect_view()}</ul>
            {(!rest.is_empty()).then(|| view! {
                <details class="more" prop:open=move || open.get() on:toggle=move |ev| {
                    use wasm_bindgen::JsCast;
                    if let Some(d) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlDetailsElement>().ok()) {
                        open.set(d.open());
                    }
                }>
                    <summary>{tr(k::FACET_MORE)}</summary>
                    <ul>{move || open.get().then(|| rest.clone().into_iter().map(item).collect_view())}</ul>
                </details>
            })}
        </section>
    }
    .into_any()
}
