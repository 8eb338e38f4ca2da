//! Widgets with no domain of their own: not-found page, error box, error summary, file picker, loading line, pager.

use crate::api::{get_json, ApiFailure};
use crate::i18n::{k, t, tf, tr};
use app::calendar::LocalDateTime;
use app::dossiers::UploadLimits;
use leptos::prelude::*;
#[cfg(feature = "workspace")]
use leptos_router::components::A;
use std::collections::BTreeMap;

#[component]
pub fn NotFound() -> impl IntoView {
    crate::use_page_title(|| t(k::NOTFOUND_TITLE).to_owned());
    view! {
        <div class="wrap page">
            <h1 id="page-title" tabindex="-1">{tr(k::NOTFOUND_TITLE)}</h1>
            <p>{tr(k::NOTFOUND_TEXT)}</p>
            <p><a href="/">{tr(k::NOTFOUND_HOME)}</a></p>
        </div>
    }
}

/// An error the person can read: the server's own words (already in the
/// person's language), never the raw names of fields.
#[component]
pub fn ErrorBox(failure: ApiFailure) -> impl IntoView {
    let message = match &failure {
        ApiFailure::Api { error, .. } if !error.message.is_empty() => Some(error.message.clone()),
        _ => None,
    };
    let network = failure == ApiFailure::Network;
    view! {
        <div class="error-box" role="alert">
            <h2>{tr(k::ERROR_TITLE)}</h2>
            {network.then(|| view! { <p>{tr(k::ERROR_NETWORK)}</p> })}
            {message.map(|m| view! { <p>{m}</p> })}
        </div>
    }
}

/// What a page shows when its data could not be had: a session that ended
/// says so (with no error box), anything else is an error box.
pub fn failure_view(e: ApiFailure) -> AnyView {
    match e {
        ApiFailure::Api { status: 401, .. } => view! { <p>{tr(k::SESSION_ENDED)}</p> }.into_any(),
        e => view! { <ErrorBox failure=e/> }.into_any(),
    }
}

/// A polite status line while something loads.
#[component]
pub fn Loading(key: usize) -> impl IntoView {
    view! { <p class="loading" role="status">{move || t(key)}</p> }
}

/// A link into the signed-in workspace. Inside the workspace build it is an
/// ordinary in-app link; from the public build it loads the workspace app.
#[component]
pub fn WorkspaceLink(
    href: String,
    #[prop(optional, into)] class: String,
    children: Children,
) -> impl IntoView {
    #[cfg(feature = "workspace")]
    {
        view! { <A href=href attr:class=class>{children()}</A> }
    }
    #[cfg(not(feature = "workspace"))]
    {
        view! { <a href=href class=class rel="external">{children()}</a> }
    }
}

/// A workspace page reached inside the public app: only when the server
/// could not be asked (offline, the workspace not cached yet).
#[cfg(not(feature = "workspace"))]
#[component]
pub fn OpenInWorkspace() -> impl IntoView {
    crate::use_page_title(|| t(k::WORKSPACE_OFFLINE_TITLE).to_owned());
    let here = window().location().href().unwrap_or_default();
    view! {
        <div class="wrap page">
            <h1 id="page-title" tabindex="-1">{tr(k::WORKSPACE_OFFLINE_TITLE)}</h1>
            <p>{tr(k::WORKSPACE_OFFLINE_TEXT)}</p>
            <p><a href=here rel="external">{tr(k::WORKSPACE_OFFLINE_RETRY)}</a></p>
        </div>
    }
}

/// `12/03/2026 14:05` in Vietnam time.
pub fn when(unix: i64) -> String {
    let l = LocalDateTime::from_unix_seconds(unix);
    format!("{} {:02}:{:02}", day(&l.date.to_string()), l.hour, l.minute)
}

pub use app::calendar::vn_day as day;

/// Previous / "page n of m" / next, when there is more than one page.
/// Plain links: the router still navigates them, and its `<A>` would mark
/// every link of the same path as the current page.
/// `href` gives the address of page `n`.
#[component]
pub fn Pager(page: u32, pages: u32, href: Callback<u32, String>) -> impl IntoView {
    let (prev, next) = (href.run(page.saturating_sub(1).max(1)), href.run(page + 1));
    (pages > 1).then(|| {
        view! {
            <nav class="pager" aria-label=tr(k::RESULTS_PAGINATION)>
                {(page > 1).then(|| view! { <a href=prev.clone() rel="prev">{tr(k::RESULTS_PREV)}</a> })}
                <span aria-current="page">{move || tf(k::RESULTS_PAGE_OF, &[("n", &page.to_string()), ("m", &pages.to_string())])}</span>
                {(page < pages).then(|| view! { <a href=next.clone() rel="next">{tr(k::RESULTS_NEXT)}</a> })}
            </nav>
        }
    })
}

/// Field errors by path, as the API and the shared validation give them.
pub type Errors = BTreeMap<String, Vec<String>>;

/// What to say of one error: from the form when there is one (the field's
/// label and what to do), else from the reason alone.
pub fn error_message(
    form: Option<StoredValue<app::forms::FormDef>>,
    path: &str,
    reason: &str,
    by_reason: fn(&str) -> &'static str,
) -> String {
    form.and_then(|f| f.with_value(|f| f.describe(path)))
        .map(|d| app::forms::message(reason, &d, crate::i18n::english()))
        .unwrap_or_else(|| by_reason(reason).to_owned())
}

/// A list of problems at the top of a form (`id`, focusable): each item
/// says what is wrong and leads to its field (`{prefix}{field}`). Given the
/// form, items name their fields and come in the order of the page.
#[component]
pub fn ProblemSummary(
    errors: RwSignal<Errors>,
    id: String,
    prefix: String,
    message: fn(&str) -> &'static str,
    #[prop(optional)] form: Option<StoredValue<app::forms::FormDef>>,
) -> impl IntoView {
    let items = move || {
        let errors = errors.get();
        let paths: Vec<&str> = match form {
            Some(f) => f.with_value(|f| f.in_page_order(errors.keys().map(String::as_str))),
            None => errors.keys().map(String::as_str).collect(),
        };
        paths
            .into_iter()
            .map(|p| {
                let reason = errors[p].first().map(String::as_str).unwrap_or("");
                (p.to_owned(), error_message(form, p, reason, message))
            })
            .collect::<Vec<_>>()
    };
    view! {
        <Show when=move || !errors.get().is_empty()>
            <div class="error-summary" id=id.clone() tabindex="-1" role="alert">
                <h2>{move || tf(k::PROFILE_ERRORS_TITLE, &[("n", &errors.get().len().to_string())])}</h2>
                <ul>
                    {let prefix = prefix.clone(); move || items().into_iter().map(|(field, msg)| {
                        let target = format!("{prefix}{field}");
                        let href = format!("#{target}");
                        let go = move |ev: leptos::ev::MouseEvent| {
                            ev.prevent_default();
                            crate::focus_element(&target);
                        };
                        view! { <li><a href=href on:click=go>{msg}</a></li> }
                    }).collect_view()}
                </ul>
            </div>
        </Show>
    }
}

/// "Up to N MB", from the server's own limit; fetched once per page.
pub fn limits_text(limits: LocalResource<Option<UploadLimits>>) -> impl Fn() -> String + Copy {
    move || {
        let mb = limits
            .get()
            .flatten()
            .map_or(10, |l| l.max_bytes / (1024 * 1024));
        tf(k::DOC_LIMITS, &[("mb", &mb.to_string())])
    }
}

pub fn fetch_limits() -> LocalResource<Option<UploadLimits>> {
    LocalResource::new(|| async {
        get_json::<UploadLimits>(app::paths::UPLOAD_LIMITS)
            .await
            .ok()
    })
}

/// The 2025 communes of the province `province` names (none while it
/// names none), refetched when it changes: for every address picker.
pub fn communes_of(
    province: impl Fn() -> String + 'static,
) -> LocalResource<Result<Vec<app::dossiers::Unit>, ApiFailure>> {
    LocalResource::new(move || {
        let p = province();
        async move {
            if p.is_empty() {
                Ok(vec![])
            } else {
                get_json::<Vec<app::dossiers::Unit>>(&app::paths::communes(&p)).await
            }
        }
    })
}

/// A page's address parameter, trimmed, when it says something (tracked).
pub fn query_param(query: Memo<leptos_router::params::ParamsMap>, name: &str) -> Option<String> {
    query
        .with(|q| q.get(name))
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

/// The API's query pairs for a page's address parameters: `names` pairs
/// each page name with the API's name; those not given are left out.
pub fn api_pairs(
    query: Memo<leptos_router::params::ParamsMap>,
    names: &[(&'static str, &'static str)],
) -> Vec<(&'static str, String)> {
    names
        .iter()
        .filter_map(|(ours, api)| query_param(query, ours).map(|v| (*api, v)))
        .collect()
}

/// The `<option>`s of a list of units, by name, the one `chosen` holds
/// selected: every unit picker (filters, re-routing) draws these.
pub fn unit_options(
    mut units: Vec<app::units::UnitSummary>,
    chosen: Option<RwSignal<String>>,
) -> impl IntoView {
    units.sort_by_key(|u| app::text::fold(&u.name.vi));
    units
        .into_iter()
        .map(|u| {
            let code = u.code.clone();
            let selected = move || chosen.is_some_and(|c| c.with(|v| *v == code));
            view! { <option value=u.code.clone() selected=selected lang="vi">{u.name.get(crate::i18n::english()).to_owned()}</option> }
        })
        .collect_view()
}

/// The file a person picked in a file input, if any.
pub fn picked_file(ev: &leptos::ev::Event) -> Option<web_sys::File> {
    use wasm_bindgen::JsCast;
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        .and_then(|i| i.files())
        .and_then(|f| f.get(0))
}
