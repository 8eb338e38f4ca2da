//! Catalogue pages: home, search results and the procedure page, with their shared widgets.

pub mod detail;
pub mod home;
pub mod results;

use crate::api::with_query;
use crate::i18n::{k, t, tr};
use app::procedures::{ChannelKind, GovLevel, ProcedureSummary, ServiceLevel, SubjectKind};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

pub fn subject_label(s: SubjectKind) -> &'static str {
    t(match s {
        SubjectKind::Individual => k::SUBJECT_INDIVIDUAL,
        SubjectKind::Organisation => k::SUBJECT_ORGANISATION,
    })
}

pub fn service_label(s: ServiceLevel) -> &'static str {
    t(match s {
        ServiceLevel::Full => k::SERVICE_FULL,
        ServiceLevel::Partial => k::SERVICE_PARTIAL,
        ServiceLevel::None => k::SERVICE_NONE,
    })
}

pub fn level_label(l: GovLevel) -> &'static str {
    t(match l {
        GovLevel::Ministry => k::LEVEL_MINISTRY,
        GovLevel::Province => k::LEVEL_PROVINCE,
        GovLevel::Commune => k::LEVEL_COMMUNE,
        GovLevel::Other => k::LEVEL_OTHER,
    })
}

pub fn channel_label(c: ChannelKind) -> &'static str {
    t(match c {
        ChannelKind::InPerson => k::CHANNEL_IN_PERSON,
        ChannelKind::Online => k::CHANNEL_ONLINE,
        ChannelKind::Post => k::CHANNEL_POST,
    })
}

/// The page address of a procedure.
pub fn procedure_href(code: &str) -> String {
    format!("/thu-tuc/{code}")
}

/// The search box: a labelled field and a button; submitting goes to the results page.
#[component]
pub fn SearchForm(#[prop(into)] initial: String, #[prop(optional)] big: bool) -> impl IntoView {
    let boot = crate::take_boot_search();
    let text = RwSignal::new(match &boot {
        Some((typed, _)) if !typed.is_empty() => typed.clone(),
        _ => initial,
    });
    if boot.is_some_and(|(_, focused)| focused) {
        Effect::new(|_| crate::focus_element("search-q"));
    }
    let navigate = use_navigate();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let q = text.get_untracked();
        let pairs = if q.trim().is_empty() {
            vec![]
        } else {
            vec![("q", q.trim().to_owned())]
        };
        navigate(&with_query("/tim-kiem", &pairs), Default::default());
    };
    view! {
        <form class=if big { "search-form big" } else { "search-form" } role="search" on:submit=submit action="/tim-kiem">
            <label for="search-q">{tr(k::SEARCH_LABEL)}</label>
            <p class="hint" id="search-hint">{tr(k::SEARCH_HINT)}</p>
            <div class="search-row">
                <input
                    id="search-q"
                    name="q"
                    type="search"
                    autocomplete="off"
                    maxlength="200"
                    aria-describedby="search-hint"
                    placeholder=tr(k::SEARCH_PLACEHOLDER)
                    prop:value=move || text.get()
                    on:input=move |ev| text.set(event_target_value(&ev))
                />
                <button type="submit">{tr(k::SEARCH_BUTTON)}</button>
            </div>
        </form>
    }
}

/// A service-level badge; colour is never the only signal, the words are there.
#[component]
pub fn ServiceBadge(level: ServiceLevel) -> impl IntoView {
    view! { <span class=format!("badge badge-{}", level.as_str())>{move || service_label(level)}</span> }
}

/// One procedure in a list.
#[component]
pub fn ProcedureCard(p: ProcedureSummary, #[prop(optional)] heading_level: u8) -> impl IntoView {
    let href = procedure_href(&p.code);
    let levels = p.levels.clone();
    let name = p.name.clone();
    let title = if heading_level == 3 {
        view! { <h3 lang="vi"><A href=href.clone()>{name.clone()}</A></h3> }.into_any()
    } else {
        view! { <h2 lang="vi"><A href=href.clone()>{name.clone()}</A></h2> }.into_any()
    };
    view! {
        <article class="card">
            {title}
            <p class="meta">
                <span class="code">{p.code.clone()}</span>
                " · " <span lang="vi">{p.field.name.clone()}</span>
                " · " <span>{move || levels.iter().map(|l| level_label(*l)).collect::<Vec<_>>().join(", ")}</span>
            </p>
            <p class="meta"><ServiceBadge level=p.service_level/> " " <span class="agency" lang="vi">{p.agency.name.clone()}</span></p>
        </article>
    }
}
