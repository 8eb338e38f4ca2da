//! Why a sign-in did not go through; part of the workspace build, where a failed sign-in lands (it is rare, and its texts cost every visitor bytes).

use super::login_href;
use crate::i18n::{k, t, tr};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// `/dang-nhap/loi?ly-do=...`: why a login did not go through.
#[component]
pub fn LoginErrorPage() -> impl IntoView {
    crate::use_page_title(|| t(k::AUTH_ERROR_TITLE).to_owned());
    let q = use_query_map();
    let reason = move || match q.get().get("ly-do").as_deref() {
        Some("expired") => k::AUTH_ERROR_EXPIRED,
        Some("cancelled") => k::AUTH_ERROR_CANCELLED,
        Some("other_browser") => k::AUTH_ERROR_OTHER_BROWSER,
        Some("provider") => k::AUTH_ERROR_PROVIDER,
        Some("token") => k::AUTH_ERROR_TOKEN,
        Some("bad_personal_id" | "missing_personal_id") => k::AUTH_ERROR_BAD_PERSONAL_ID,
        _ => k::AUTH_ERROR_OTHER,
    };
    view! {
        <div class="wrap page">
            <h1 id="page-title" tabindex="-1">{tr(k::AUTH_ERROR_TITLE)}</h1>
            <p class="error-box" role="alert">{move || t(reason())}</p>
            <p><a class="button" href=login_href("/") rel="external">{tr(k::AUTH_TRY_AGAIN)}</a></p>
        </div>
    }
}
