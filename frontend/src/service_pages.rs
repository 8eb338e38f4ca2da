//! The operator's pages every public service has: help and contact, privacy, accessibility, terms of use.

use crate::api::get_json;
use crate::i18n::{english, k, t, tr};
use app::pages::ServicePage;
use leptos::prelude::*;

/// `/tro-giup`, `/quyen-rieng-tu`, `/tiep-can`, `/dieu-khoan`: the
/// operator's text (Markdown made HTML on the server) in the page's language.
#[component]
pub fn ServicePageView(slug: &'static str) -> impl IntoView {
    let page = LocalResource::new(move || {
        let url = app::paths::service_page(slug, if english() { "en" } else { "vi" });
        async move { get_json::<ServicePage>(&url).await }
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
            <h1 id="page-title" tabindex="-1" lang=move || title().map(|p| p.lang)>
                {move || title().map(|p| p.title)}
            </h1>
            <Suspense fallback=|| view! { <crate::components::Loading key=k::PROC_LOADING/> }>
                {move || page.get().map(|r| match r {
                    Ok(p) => view! {
                        <div class="prose" lang=p.lang.clone() inner_html=p.html.clone()></div>
                    }.into_any(),
                    Err(e) => crate::components::failure_view(e),
                })}
            </Suspense>
        </div>
    }
}

/// The footer's links to those pages.
#[component]
pub fn FooterLinks() -> impl IntoView {
    let links = [
        ("/tro-giup", k::FOOTER_HELP),
        ("/quyen-rieng-tu", k::FOOTER_PRIVACY),
        ("/tiep-can", k::FOOTER_ACCESSIBILITY),
        ("/dieu-khoan", k::FOOTER_TERMS),
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
