//! The operator's pages every public service has: help and contact, privacy, accessibility, terms of use.

use crate::api::get_json;
use crate::i18n::{english, k, t, tr};
use app::pages::ServicePage;
use leptos::prelude::*;

/// `/thong-tin/tro-giup`, `…/quyen-rieng-tu`, `…/tiep-can`, `…/dieu-khoan`:
/// the operator's text (Markdown made HTML on the server) in the page's
/// language. One route for the four: each route costs bytes of wasm.
#[component]
pub fn ServicePageView() -> impl IntoView {
    let params = leptos_router::hooks::use_params_map();
    let page = LocalResource::new(move || {
        let slug = params.get().get("page").unwrap_or_default();
        let url = app::paths::service_page(&slug, if english() { "en" } else { "vi" });
        async move { get_json::<ServicePage>(&url).await }
    });
    // The four share one route, so going from one to another keeps this
    // component: move focus to the new page's title as a new page would.
    Effect::new(move |before: Option<String>| {
        let slug = params.get().get("page").unwrap_or_default();
        if before.is_some_and(|b| b != slug) {
            request_animation_frame(|| crate::focus_element("page-title"));
        }
        slug
    });
    crate::use_page_title(move || {
        page.get()
            .and_then(|r| r.ok())
            .map_or_else(|| t(k::PROC_LOADING).to_owned(), |p| p.title)
    });
    // The heading is there from the start, so the route change can move
    // focus to it while the text is still coming.
    let title = move || page.get().and_then(|r| r.ok());
    view! {
        <div class="wrap page service-page">
            <h1 id="page-title" tabindex="-1">{move || title().map(|p| p.title)}</h1>
            // No <Suspense>: a plain match costs the citizen fewer bytes of wasm.
            {move || match page.get() {
                None => view! { <crate::components::Loading key=k::PROC_LOADING/> }.into_any(),
                Some(Ok(p)) => view! { <div class="prose" lang=p.lang inner_html=p.html></div> }.into_any(),
                Some(Err(e)) => crate::components::failure_view(e),
            }}
        </div>
    }
}

/// The footer's links to those pages.
#[component]
pub fn FooterLinks() -> impl IntoView {
    let links = [
        ("/thong-tin/tro-giup", k::FOOTER_HELP),
        ("/thong-tin/quyen-rieng-tu", k::FOOTER_PRIVACY),
        ("/thong-tin/tiep-can", k::FOOTER_ACCESSIBILITY),
        ("/thong-tin/dieu-khoan", k::FOOTER_TERMS),
    ];
    view! {
        <nav class="footer-links" aria-label=tr(k::FOOTER_NAV)>
            <ul>
                {links.into_iter().map(|(href, key)| view! {
                    <li><leptos_router::components::A href=href>{tr(key)}</leptos_router::components::A></li>
                }).collect_view()}
            </ul>
        </nav>
    }
}
