//! Signing in and out, the account menu, the session-expiry warning, and the profile page.

#[cfg(feature = "workspace")]
pub mod login_error;
#[cfg(feature = "workspace")]
pub mod profile;

use crate::api::{encode, get_json, send_json};
use crate::i18n::{k, t, tf, tr};
use app::identity::SessionInfo;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// The session as the whole app sees it; refetched after sign-in changes.
/// The flag says the server could not be asked (offline): then nobody is
/// known to be signed in, but nobody is said to be signed out either.
#[derive(Clone, Copy)]
pub struct Session(pub LocalResource<SessionInfo>, RwSignal<bool>);

impl Session {
    pub fn provide() -> Session {
        let unreachable = RwSignal::new(false);
        let s = Session(
            LocalResource::new(move || async move {
                let answer = get_json::<SessionInfo>(app::paths::SESSION).await;
                unreachable.set(matches!(answer, Err(crate::api::ApiFailure::Network)));
                answer.unwrap_or(SessionInfo {
                    user: None,
                    csrf: String::new(),
                    idle_seconds_left: 0,
                    idle_seconds: 0,
                    absolute_seconds_left: 0,
                    unread: 0,
                })
            }),
            unreachable,
        );
        // Ask again what could not be asked: as soon as the network is
        // back, and every few seconds while it is not (a poor connection
        // comes and goes without telling).
        let again = move || {
            if unreachable.get_untracked() {
                s.0.refetch();
            }
        };
        std::mem::forget(window_event_listener(leptos::ev::online, move |_| again()));
        Effect::new(move |_| {
            if unreachable.get() {
                set_timeout(again, std::time::Duration::from_secs(5));
            }
        });
        provide_context(s);
        s
    }

    /// Whether the server could not be asked who is signed in.
    pub fn unknown(&self) -> bool {
        self.1.get()
    }

    pub fn get() -> Session {
        expect_context::<Session>()
    }

    /// The current value, if loaded.
    pub fn info(&self) -> Option<SessionInfo> {
        self.0.get()
    }

    pub fn csrf(&self) -> String {
        self.0.get_untracked().map(|s| s.csrf).unwrap_or_default()
    }
}

/// The address that starts a login and comes back to `return_to`.
pub fn login_href(return_to: &str) -> String {
    app::paths::login(&encode(return_to))
}

/// Header part: "Sign in", or the person's name opening a menu.
#[component]
pub fn AccountMenu() -> impl IntoView {
    let session = Session::get();
    let location = use_location();
    let open = RwSignal::new(false);
    let here = move || {
        format!(
            "{}{}",
            location.pathname.get(),
            if location.search.get().is_empty() {
                String::new()
            } else {
                format!("?{}", location.search.get())
            }
        )
    };
    let logout = move |_| {
        let csrf = session.csrf();
        leptos::task::spawn_local(async move {
            let target =
                send_json::<_, app::identity::LogoutAnswer>("POST", app::paths::LOGOUT, &(), &csrf)
                    .await
                    .map(|o| o.redirect)
                    .unwrap_or_else(|_| "/".into());
            let _ = window().location().set_href(&target);
        });
    };
    // The menu closes with Escape (focus back on its button) and when focus
    // leaves it, as a menu button should.
    let close_on_escape = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" && open.get_untracked() {
            open.set(false);
            crate::focus_element("account-button");
        }
    };
    let close_on_leaving = move |ev: leptos::ev::FocusEvent| {
        use wasm_bindgen::JsCast;
        let node =
            |t: Option<web_sys::EventTarget>| t.and_then(|t| t.dyn_into::<web_sys::Node>().ok());
        let stays = match (node(ev.current_target()), node(ev.related_target())) {
            (Some(menu), Some(to)) => menu.contains(Some(&to)),
            _ => false,
        };
        if !stays {
            open.set(false);
        }
    };
    view! {
        {move || match session.info().and_then(|s| s.user) {
            // Offline and not known: no "sign in", which would claim the
            // person is signed out (and cannot work without the network).
            None if session.unknown() => ().into_any(),
            None => view! {
                <a class="nav-link login" href=login_href(&here()) rel="external" title=tr(k::AUTH_LOGIN_HINT)>{tr(k::AUTH_LOGIN)}</a>
            }.into_any(),
            Some(u) => {
                let name = u.name.clone();
                let officer = u.role == app::identity::Role::Officer;
                let admin = u.role == app::identity::Role::Administrator;
                let unread = session.info().map_or(0, |s| s.unread);
                view! {
                    <div class="account" on:keydown=close_on_escape on:focusout=close_on_leaving>
                        <button type="button" id="account-button" class="account-button" translate="no" aria-label={ let n = name.clone(); move || {
                            let who = tf(k::AUTH_MENU, &[("name", &n)]);
                            if unread > 0 { format!("{who}, {}", tf(k::NOTIF_UNREAD, &[("n", &unread.to_string())])) } else { who }
                        } } aria-expanded=move || open.get().to_string() aria-controls="account-menu"
                            on:click=move |_| open.update(|o| *o = !*o)>
                            {name.clone()}
                            {(unread > 0).then(|| view! { " " <span class="count-badge" aria-hidden="true">{unread}</span> })}
                        </button>
                        <ul id="account-menu" class="account-menu" hidden=move || !open.get() on:click=move |_| open.set(false)>
                            {officer.then(|| view! { <li><crate::components::WorkspaceLink href="/can-bo".into()>{tr(k::OFFICER_TITLE)}</crate::components::WorkspaceLink></li> })}
                            {admin.then(|| view! { <li><crate::components::WorkspaceLink href="/can-bo/nhat-ky".into()>{tr(k::AUDIT_TITLE)}</crate::components::WorkspaceLink></li> })}
                            <li><crate::components::WorkspaceLink href="/ca-nhan/thong-bao".into()>{move || if unread > 0 { tf(k::NOTIF_MENU_N, &[("n", &unread.to_string())]) } else { t(k::NOTIF_TITLE).to_owned() }}</crate::components::WorkspaceLink></li>
                            <li><crate::components::WorkspaceLink href="/ca-nhan/thong-tin".into()>{tr(k::AUTH_PROFILE)}</crate::components::WorkspaceLink></li>
                            <li><crate::components::WorkspaceLink href="/ca-nhan/ho-so".into()>{tr(k::AUTH_MY_DOSSIERS)}</crate::components::WorkspaceLink></li>
                            <li><crate::components::WorkspaceLink href="/ca-nhan/giay-to".into()>{tr(k::AUTH_DOCUMENTS)}</crate::components::WorkspaceLink></li>
                            <li><button type="button" class="link-button" on:click=logout>{tr(k::AUTH_LOGOUT)}</button></li>
                        </ul>
                    </div>
                }.into_any()
            }
        }}
    }
}

/// Warns before the session ends for inactivity and offers to stay.
#[component]
pub fn SessionWarning() -> impl IntoView {
    let session = Session::get();
    let left = RwSignal::new(i64::MAX);
    let ended = RwSignal::new(false);
    // A countdown from what the server said; the server stays the judge.
    Effect::new(move |_| {
        if let Some(info) = session.info() {
            // Still signed in by the server's clock: go on counting, unless
            // only the last seconds remain (the page's own count reached
            // zero a moment early); then the end stands.
            if info.user.is_some() && !(ended.get_untracked() && info.idle_seconds_left <= 5) {
                left.set(info.idle_seconds_left);
                ended.set(false);
            }
        }
    });
    let _tick = set_interval_with_handle(
        move || {
            if session.0.get_untracked().and_then(|s| s.user).is_some() {
                left.update(|l| *l = (*l - 1).max(0));
                if left.get_untracked() == 0 && !ended.get_untracked() {
                    ended.set(true);
                    // Ask the server a little after its own end, so a
                    // request in flight does not find the session alive.
                    set_timeout(
                        move || session.0.refetch(),
                        std::time::Duration::from_secs(3),
                    );
                }
            }
        },
        std::time::Duration::from_secs(1),
    );
    // Two minutes before the end, or half the idle time when it is short.
    let warn_at = move || {
        session
            .0
            .get_untracked()
            .map_or(120, |s| (s.idle_seconds / 2).clamp(1, 120))
    };
    // Where the person was when the warning took focus: they go back there.
    let was_at = StoredValue::new_local(None::<web_sys::HtmlElement>);
    let stay = move |_| {
        let csrf = session.csrf();
        leptos::task::spawn_local(async move {
            if let Ok(info) =
                send_json::<_, SessionInfo>("POST", app::paths::SESSION_REFRESH, &(), &csrf).await
            {
                left.set(info.idle_seconds_left);
                if let Some(el) = was_at.get_value() {
                    let _ = el.focus();
                }
            }
        });
    };
    let showing = Memo::new(move |_| {
        let l = left.get();
        l <= warn_at() && l > 0 && !ended.get()
    });
    // Focus moves to the warning once, when it appears, not on every tick.
    Effect::new(move |_| {
        if showing.get() {
            use wasm_bindgen::JsCast;
            was_at.set_value(
                document()
                    .active_element()
                    .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()),
            );
            request_animation_frame(|| crate::focus_element("session-stay"));
        }
    });
    view! {
        <Show when=move || showing.get()>
            <div class="session-warning" role="alertdialog" aria-modal="false" aria-labelledby="session-warning-title" aria-describedby="session-warning-text">
                <h2 id="session-warning-title">{tr(k::SESSION_WARNING_TITLE)}</h2>
                <p id="session-warning-text">{move || tf(k::SESSION_WARNING_TEXT, &[("s", &left.get().to_string())])}</p>
                <button type="button" id="session-stay" class="button" on:click=stay>{tr(k::SESSION_STAY)}</button>
            </div>
        </Show>
        <Show when=move || ended.get()>
            <p class="session-ended" role="status">{tr(k::SESSION_ENDED)}" "<a href=login_href("/") rel="external">{tr(k::AUTH_LOGIN)}</a></p>
        </Show>
    }
}
