//! "Notifications": every step of the person's dossiers, newest first; opening the list marks them read.

use super::receipt::{status_text, when};
use super::tracking::action_text;
use crate::api::{get_json, send_json, ApiFailure};
use crate::i18n::{k, t, tr};
use crate::identity::Session;
use app::dossiers::Notification;
use leptos::prelude::*;
use leptos_router::components::A;

/// `/ca-nhan/thong-bao`
#[component]
pub fn NotificationsPage() -> impl IntoView {
    crate::use_page_title(|| t(k::NOTIF_TITLE).to_owned());
    let session = Session::get();
    let list = LocalResource::new(move || async move {
        let l = get_json::<Vec<Notification>>(app::paths::MY_NOTIFICATIONS).await?;
        if l.iter().any(|n| !n.read) {
            // Seen now: the header's badge goes back to zero.
            let _ = send_json::<_, serde_json::Value>(
                "POST",
                app::paths::NOTIFICATIONS_READ,
                &(),
                &session.csrf(),
            )
            .await;
            session.0.refetch();
        }
        Ok::<_, ApiFailure>(l)
    });
    view! {
        <div class="wrap page">
            <h1 id="page-title" tabindex="-1">{tr(k::NOTIF_TITLE)}</h1>
            <Suspense fallback=|| view! { <crate::components::Loading key=k::PROC_LOADING/> }>
                {move || list.get().map(|r| match r {
                    Ok(l) if l.is_empty() => view! { <p>{tr(k::NOTIF_NONE)}</p> }.into_any(),
                    Ok(l) => view! {
                        <ul class="card-list notifications">
                            {l.into_iter().map(|n| {
                                let (status, feedback) = (n.status, n.feedback);
                                let href = if feedback.is_some() { format!("/ca-nhan/phan-anh#{}", n.dossier) } else { format!("/ca-nhan/ho-so/{}", n.dossier) };
                                view! {
                                    <li class:unread=!n.read>
                                        <p class="hint">{when(n.at)}{(!n.read).then(|| view! { " · " <strong>{tr(k::NOTIF_NEW)}</strong> })}</p>
                                        <p><A href=href>{n.dossier.clone()}</A>" — "<span lang="vi">{n.procedure_name.clone()}</span></p>
                                        <p>{move || match feedback { Some(f) => crate::feedback::step_text_of(&n.action).unwrap_or_default().to_owned() + " · " + crate::feedback::state_text(f), None => format!("{} · {}", action_text(&n.action), status.map(status_text).unwrap_or_default()) }}</p>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(e) => crate::components::failure_view(e),
                })}
            </Suspense>
        </div>
    }
}
