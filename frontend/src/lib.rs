//! The portal's web app: the router, the page frame (header, footer, language switch) and page helpers.

pub mod api;
pub mod components;
#[cfg(feature = "workspace")]
pub mod directory;
#[cfg(feature = "workspace")]
pub mod dossiers;
#[cfg(feature = "workspace")]
pub mod feedback;
#[cfg(feature = "workspace")]
pub mod grants;
pub mod i18n;
pub mod identity;
#[cfg(feature = "workspace")]
pub mod intake;
#[cfg(feature = "workspace")]
pub mod lookup;
#[cfg(feature = "workspace")]
pub mod officers;
pub mod procedures;
pub mod service_pages;
#[cfg(feature = "workspace")]
pub mod statistics;
#[cfg(feature = "workspace")]
pub mod units;

use i18n::{k, t, tr, Lang};
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes, A};
use leptos_router::path;
use wasm_bindgen::JsCast;

/// Mounts the app once the boot shell has been painted at least once, so
/// what a person sees first is never held back by the app's start-up.
pub fn start() {
    request_animation_frame(|| request_animation_frame(take_over));
}

/// Removes the static boot shell from `index.html` and mounts the app.
fn take_over() {
    if let Some(boot) = document().get_element_by_id("boot") {
        // On a slow phone the person may already be typing into the boot
        // shell's search box; what they typed, and the focus, carry over
        // to the app's search form (see `take_boot_search`).
        if let Some(input) = document()
            .get_element_by_id("boot-q")
            .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
        {
            let focused = document()
                .active_element()
                .is_some_and(|a| a.id() == "boot-q");
            BOOT_SEARCH.with(|b| *b.borrow_mut() = Some((input.value(), focused)));
        }
        boot.remove();
    }
    leptos::mount::mount_to_body(App);
}

thread_local! {
    static BOOT_SEARCH: std::cell::RefCell<Option<(String, bool)>> = const { std::cell::RefCell::new(None) };
}

/// What was typed in the boot shell's search box and whether it had focus;
/// given once, to the first search form that asks.
pub(crate) fn take_boot_search() -> Option<(String, bool)> {
    BOOT_SEARCH.with(|b| b.borrow_mut().take())
}

#[component]
pub fn App() -> impl IntoView {
    let lang = RwSignal::new(Lang::load());
    provide_context(lang);
    Effect::new(move |_| lang.get().apply_to_document());
    identity::Session::provide();
    view! {
        <Router>
            <a class="skip" href="#main" on:click=skip_to_main>{tr(k::SKIP)}</a>
            <Header/>
            <OfflineBanner/>
            <main id="main" tabindex="-1">
                <Routes fallback=components::NotFound>
                    <Route path=path!("/") view=procedures::home::HomePage/>
                    <Route path=path!("/tim-kiem") view=procedures::results::ResultsPage/>
                    <Route path=path!("/thu-tuc/:code") view=procedures::detail::ProcedurePage/>
                    <Route path=path!("/nop-ho-so/:code") view=workspace::submit/>
                    <Route path=path!("/dang-nhap/loi") view=workspace::login_error/>
                    <Route path=path!("/ca-nhan/thong-tin") view=workspace::profile/>
                    <Route path=path!("/ca-nhan/ho-so") view=workspace::my_dossiers/>
                    <Route path=path!("/ca-nhan/ho-so/:code") view=workspace::receipt/>
                    <Route path=path!("/ca-nhan/giay-to") view=workspace::documents/>
                    <Route path=path!("/ca-nhan/thong-bao") view=workspace::notifications/>
                    <Route path=path!("/ca-nhan/phan-anh") view=workspace::feedback_mine/>
                    <Route path=path!("/ca-nhan/phan-anh/gui") view=workspace::feedback_send/>
                    <Route path=path!("/can-bo") view=workspace::queue/>
                    <Route path=path!("/can-bo/ho-so/:code") view=workspace::officer_dossier/>
                    <Route path=path!("/can-bo/danh-gia") view=workspace::ratings/>
                    <Route path=path!("/can-bo/nhat-ky") view=workspace::audit/>
                    <Route path=path!("/can-bo/phan-quyen") view=workspace::grants/>
                    <Route path=path!("/can-bo/don-vi") view=workspace::units/>
                    <Route path=path!("/can-bo/tiep-nhan") view=workspace::intake/>
                    <Route path=path!("/can-bo/phan-anh") view=workspace::feedback_officer/>
                    <Route path=path!("/can-bo/thong-ke") view=workspace::statistics_officer/>
                    <Route path=path!("/co-quan") view=workspace::directory/>
                    <Route path=path!("/co-quan/:code") view=workspace::unit_page/>
                    <Route path=path!("/phan-anh-kien-nghi") view=workspace::feedback_public/>
                    <Route path=path!("/thong-ke") view=workspace::statistics/>
                    <Route path=path!("/thong-ke/ho-so") view=workspace::statistics_behind/>
                    <Route path=path!("/phan-anh-kien-nghi/:code") view=workspace::feedback_published/>
                    <Route path=path!("/tra-cuu-ho-so") view=workspace::lookup/>
                    <Route path=path!("/tra-cuu-ho-so/:code") view=workspace::lookup/>
                    <Route path=path!("/thong-tin/:page") view=service_pages::ServicePageView/>
                </Routes>
            </main>
            <identity::SessionWarning/>
            <footer class="site-footer">
                <div class="wrap">
                    <service_pages::FooterLinks/>
                    <p>{tr(k::FOOTER_TEXT)}</p>
                    <p>{tr(k::FOOTER_DATA)}</p>
                </div>
            </footer>
        </Router>
    }
}

/// A line under the header while the network is gone, so the person knows
/// why nothing new loads and that what they save waits on this device. The
/// live region is on the page from the start, so the change is announced.
#[component]
fn OfflineBanner() -> impl IntoView {
    let online = RwSignal::new(window().navigator().on_line());
    // For the life of the app: the listeners are never removed.
    std::mem::forget(window_event_listener(leptos::ev::online, move |_| {
        online.set(true)
    }));
    std::mem::forget(window_event_listener(leptos::ev::offline, move |_| {
        online.set(false)
    }));
    view! { <p class="offline-banner" role="status">{move || (!online.get()).then(|| t(k::OFFLINE_BANNER))}</p> }
}

/// The router would treat `#main` as a navigation; move focus ourselves.
fn skip_to_main(ev: leptos::ev::MouseEvent) {
    ev.prevent_default();
    focus_element("main");
}

/// Focuses an element by id, if it is there.
pub(crate) fn focus_element(id: &str) {
    if let Some(el) = document()
        .get_element_by_id(id)
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

#[component]
fn Header() -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let switch = move |_| {
        lang.update(|l| *l = l.other());
        lang.get_untracked().save();
    };
    view! {
        <header class="site-header">
            <div class="wrap header-row">
                // A plain link: the router's <A> to "/" says "current page" everywhere.
                <a href="/" class="brand">
                    <span class="brand-mark" aria-hidden="true">"DVC"</span>
                    <span class="brand-name">{tr(k::APP_NAME)}</span>
                </a>
                <nav aria-label=tr(k::NAV_LABEL)>
                    <A href="/tim-kiem" attr:class="nav-link">{tr(k::NAV_SEARCH)}</A>
                    <components::WorkspaceLink href="/tra-cuu-ho-so".into() class="nav-link">{tr(k::NAV_LOOKUP)}</components::WorkspaceLink>
                </nav>
                <identity::AccountMenu/>
                <button
                    type="button"
                    class="lang-switch"
                    on:click=switch
                    lang=move || lang.get().other().code()
                    aria-label=tr(k::LANG_SWITCH_LABEL)
                >
                    {tr(k::LANG_SWITCH)}
                </button>
            </div>
        </header>
    }
}

/// Pages of the signed-in workspace (profile, dossiers, e-forms) are a
/// second build of this crate with the `workspace` feature, served under
/// the prefixes in `app::paths::WORKSPACE` and loaded only by those who go
/// there, so the public catalogue stays small for everyone else.
#[cfg(feature = "workspace")]
mod workspace {
    use leptos::prelude::*;
    pub fn profile() -> impl IntoView {
        view! { <crate::identity::profile::ProfilePage/> }
    }
    pub fn my_dossiers() -> impl IntoView {
        view! { <crate::dossiers::receipt::MyDossiersPage/> }
    }
    pub fn documents() -> impl IntoView {
        view! { <crate::dossiers::documents::DocumentsPage/> }
    }
    pub fn receipt() -> impl IntoView {
        view! { <crate::dossiers::tracking::DossierPage/> }
    }
    pub fn notifications() -> impl IntoView {
        view! { <crate::dossiers::notifications::NotificationsPage/> }
    }
    pub fn queue() -> impl IntoView {
        view! { <crate::officers::QueuePage/> }
    }
    pub fn officer_dossier() -> impl IntoView {
        view! { <crate::officers::OfficerDossierPage/> }
    }
    pub fn ratings() -> impl IntoView {
        view! { <crate::officers::RatingsPage/> }
    }
    pub fn audit() -> impl IntoView {
        view! { <crate::officers::AuditPage/> }
    }
    pub fn grants() -> impl IntoView {
        view! { <crate::grants::GrantsPage/> }
    }
    pub fn units() -> impl IntoView {
        view! { <crate::units::UnitsPage/> }
    }
    pub fn intake() -> impl IntoView {
        view! { <crate::intake::IntakePage/> }
    }
    pub fn feedback_mine() -> impl IntoView {
        view! { <crate::feedback::MinePage/> }
    }
    pub fn feedback_send() -> impl IntoView {
        view! { <crate::feedback::SendPage/> }
    }
    pub fn feedback_officer() -> impl IntoView {
        view! { <crate::feedback::OfficerPage/> }
    }
    pub fn statistics() -> impl IntoView {
        view! { <crate::statistics::StatisticsPage/> }
    }
    pub fn statistics_officer() -> impl IntoView {
        view! { <crate::statistics::OfficerPage/> }
    }
    pub fn statistics_behind() -> impl IntoView {
        view! { <crate::statistics::BehindPage/> }
    }
    pub fn feedback_public() -> impl IntoView {
        view! { <crate::feedback::PublicListPage/> }
    }
    pub fn feedback_published() -> impl IntoView {
        view! { <crate::feedback::PublicItemPage/> }
    }
    pub fn directory() -> impl IntoView {
        view! { <crate::directory::DirectoryPage/> }
    }
    pub fn unit_page() -> impl IntoView {
        view! { <crate::directory::UnitPage/> }
    }
    pub fn lookup() -> impl IntoView {
        view! { <crate::lookup::LookupPage/> }
    }
    pub fn submit() -> impl IntoView {
        view! { <crate::dossiers::FormPage/> }
    }
    pub fn login_error() -> impl IntoView {
        view! { <crate::identity::login_error::LoginErrorPage/> }
    }
}

#[cfg(not(feature = "workspace"))]
mod workspace {
    pub use crate::components::OpenInWorkspace as profile;
    pub use crate::components::OpenInWorkspace as my_dossiers;
    pub use crate::components::OpenInWorkspace as receipt;
    pub use crate::components::OpenInWorkspace as documents;
    pub use crate::components::OpenInWorkspace as submit;
    pub use crate::components::OpenInWorkspace as notifications;
    pub use crate::components::OpenInWorkspace as queue;
    pub use crate::components::OpenInWorkspace as officer_dossier;
    pub use crate::components::OpenInWorkspace as ratings;
    pub use crate::components::OpenInWorkspace as lookup;
    pub use crate::components::OpenInWorkspace as audit;
    pub use crate::components::OpenInWorkspace as grants;
    pub use crate::components::OpenInWorkspace as units;
    pub use crate::components::OpenInWorkspace as intake;
    pub use crate::components::OpenInWorkspace as feedback_mine;
    pub use crate::components::OpenInWorkspace as feedback_send;
    pub use crate::components::OpenInWorkspace as feedback_officer;
    pub use crate::components::OpenInWorkspace as directory;
    pub use crate::components::OpenInWorkspace as feedback_public;
    pub use crate::components::OpenInWorkspace as statistics;
    pub use crate::components::OpenInWorkspace as statistics_behind;
    pub use crate::components::OpenInWorkspace as statistics_officer;
    pub use crate::components::OpenInWorkspace as feedback_published;
    pub use crate::components::OpenInWorkspace as unit_page;
    pub use crate::components::OpenInWorkspace as login_error;
}

thread_local! {
    static FIRST_PAGE: std::cell::Cell<bool> = const { std::cell::Cell::new(true) };
}

/// Every page calls this: it keeps the document title in step with the
/// page (and the language), and after a route change moves focus to the
/// page's `h1` so screen-reader users hear where they landed. The first page
/// of a visit keeps the browser's own focus.
pub fn use_page_title(title: impl Fn() -> String + 'static) {
    Effect::new(move |_| {
        let page = title();
        document().set_title(&format!("{page} | {}", t(k::APP_NAME)));
    });
    let first = FIRST_PAGE.with(|f| f.replace(false));
    if !first {
        request_animation_frame(|| focus_element("page-title"));
    }
}
