//! Home page: a prominent search, the most used procedures, browse by who you are and by topic.

use super::{ProcedureCard, SearchForm};
use crate::api::get_json;
use crate::i18n::{k, t, tr};
use app::search::SearchResponse;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn HomePage() -> impl IntoView {
    crate::use_page_title(|| t(k::APP_TAGLINE).to_owned());
    // One call gives the most used procedures and the topic counts.
    let overview = LocalResource::new(|| {
        let url = format!(
            "{}?sort=popular&per_page=8&facet_limit=18",
            app::paths::PROCEDURES
        );
        async move { get_json::<SearchResponse>(&url).await }
    });
    view! {
        <section class="hero">
            <div class="wrap">
                <h1 id="page-title" tabindex="-1">{tr(k::HOME_TITLE)}</h1>
                <p class="lead">{tr(k::HOME_INTRO)}</p>
                <SearchForm initial="" big=true/>
            </div>
        </section>
        <div class="wrap page">
            <section aria-labelledby="by-subject">
                <h2 id="by-subject">{tr(k::HOME_BY_SUBJECT)}</h2>
                <ul class="tiles">
                    <li>
                        <A href="/tim-kiem?subject=individual" attr:class="tile">
                            <strong>{tr(k::HOME_INDIVIDUAL)}</strong>
                            <span>{tr(k::HOME_INDIVIDUAL_DESC)}</span>
                        </A>
                    </li>
                    <li>
                        <A href="/tim-kiem?subject=organisation" attr:class="tile">
                            <strong>{tr(k::HOME_ORGANISATION)}</strong>
                            <span>{tr(k::HOME_ORGANISATION_DESC)}</span>
                        </A>
                    </li>
                </ul>
            </section>
            // Both lists come from one answer and appear together, so
            // nothing already on screen moves when they arrive.
            // A plain match, not <Suspense>: the same, for fewer bytes of wasm.
            {move || match overview.get() {
                    None => view! { <crate::components::Loading key=k::RESULTS_LOADING/> }.into_any(),
                    Some(Ok(r)) => view! {
                        <section aria-labelledby="popular">
                            <h2 id="popular">{tr(k::HOME_POPULAR)}</h2>
                            <div class="card-list">
                                {r.items.into_iter().map(|p| view! { <ProcedureCard p=p heading_level=3/> }).collect_view()}
                            </div>
                        </section>
                        <section aria-labelledby="by-field">
                            <h2 id="by-field">{tr(k::HOME_BY_FIELD)}</h2>
                            <ul class="topics" lang="vi">
                                {r.facets.field.into_iter().map(|f| {
                                    let href = format!("/tim-kiem?field={}", f.value);
                                    view! { <li><A href=href>{f.label}" "<span class="count">"("{f.count}")"</span></A></li> }
                                }).collect_view()}
                            </ul>
                            <p><A href="/tim-kiem">{tr(k::HOME_ALL_FIELDS)}</A></p>
                        </section>
                    }.into_any(),
                    Some(Err(e)) => view! { <crate::components::ErrorBox failure=e/> }.into_any(),
            }}
        </div>
    }
}
