//! "My profile": what the national account says, and the contact details and notification choices a person adds.

use super::{login_href, Session};
use crate::api::{get_json, send_json, ApiFailure};
use crate::i18n::{k, t, tf, tr};
use app::dossiers::Unit;
use app::identity::{AccountType, Profile, ProfileUpdate};
use leptos::prelude::*;
use std::collections::BTreeMap;

/// The message for a field error, in the person's language.
fn field_message(field: &str, reason: &str) -> &'static str {
    match (field, reason) {
        ("email", "invalid_email") => t(k::FIELD_EMAIL_INVALID_EMAIL),
        ("email", "required") => t(k::FIELD_EMAIL_REQUIRED),
        ("phone", "invalid_phone") => t(k::FIELD_PHONE_INVALID_PHONE),
        ("phone", "required") => t(k::FIELD_PHONE_REQUIRED),
        ("province", _) => t(k::PROFILE_ERR_PROVINCE),
        ("commune", _) => t(k::PROFILE_ERR_COMMUNE),
        _ => t(k::FIELD_OTHER),
    }
}

#[component]
pub fn ProfilePage() -> impl IntoView {
    crate::use_page_title(|| t(k::PROFILE_TITLE).to_owned());
    let session = Session::get();
    let profile = LocalResource::new(|| get_json::<Profile>(app::paths::PROFILE));
    view! {
        <div class="wrap page">
            <h1 id="page-title" tabindex="-1">{tr(k::PROFILE_TITLE)}</h1>
            <Suspense fallback=|| view! { <crate::components::Loading key=k::PROC_LOADING/> }>
                {move || profile.get().map(|r| match r {
                    Ok(p) => view! { <ProfileView p=p session=session/> }.into_any(),
                    Err(ApiFailure::Api { status: 401, .. }) => view! {
                        <p>{tr(k::SESSION_ENDED)}" "<a href=login_href("/ca-nhan/thong-tin") rel="external">{tr(k::AUTH_LOGIN)}</a></p>
                    }.into_any(),
                    Err(e) => view! { <crate::components::ErrorBox failure=e/> }.into_any(),
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn ProfileView(p: Profile, session: Session) -> impl IntoView {
    let email = RwSignal::new(p.contact.email.clone());
    let phone = RwSignal::new(p.contact.phone.clone());
    let lang = RwSignal::new(p.contact.preferred_lang.clone());
    let notify_email = RwSignal::new(p.contact.notify_email);
    let notify_sms = RwSignal::new(p.contact.notify_sms);
    let province = RwSignal::new(p.contact.province.clone());
    let commune = RwSignal::new(p.contact.commune.clone());
    let provinces = LocalResource::new(|| get_json::<Vec<Unit>>(app::paths::PROVINCES));
    let communes = crate::components::communes_of(move || province.get());
    let errors = RwSignal::new(BTreeMap::<String, Vec<String>>::new());
    let saved = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        let update = ProfileUpdate {
            email: email.get_untracked(),
            phone: phone.get_untracked(),
            preferred_lang: lang.get_untracked(),
            notify_email: notify_email.get_untracked(),
            notify_sms: notify_sms.get_untracked(),
            province: province.get_untracked(),
            commune: commune.get_untracked(),
        };
        // The same rules as the server, checked here first.
        match update.clone().validate() {
            Err(e) => {
                errors.set(e.0);
                request_animation_frame(|| crate::focus_element("error-summary"));
            }
            Ok(valid) => {
                errors.set(BTreeMap::new());
                let csrf = session.csrf();
                leptos::task::spawn_local(async move {
                    match send_json::<_, Profile>("PUT", app::paths::PROFILE, &valid, &csrf).await {
                        Ok(p) => {
                            phone.set(p.contact.phone);
                            saved.set(true);
                        }
                        Err(ApiFailure::Api { error, .. }) if !error.fields.is_empty() => {
                            errors.set(error.fields);
                            request_animation_frame(|| crate::focus_element("error-summary"));
                        }
                        Err(_) => errors.set(BTreeMap::from([(
                            "form".to_owned(),
                            vec!["other".to_owned()],
                        )])),
                    }
                });
            }
        }
    };
    let error_for = move |field: &'static str| {
        move || {
            errors
                .get()
                .get(field)
                .and_then(|r| r.first().cloned())
                .map(|r| field_message(field, &r))
        }
    };
    let described = move |field: &'static str, hint: &'static str| {
        move || {
            let mut ids = hint.to_owned();
            if errors.get().contains_key(field) {
                ids.push_str(&format!(" {field}-error"));
            }
            ids.trim().to_owned()
        }
    };
    let account = match p.account_type {
        AccountType::Citizen => k::PROFILE_ACCOUNT_CITIZEN,
        AccountType::Organisation => k::PROFILE_ACCOUNT_ORGANISATION,
    };
    view! {
        <section aria-labelledby="national">
            <h2 id="national">{tr(k::PROFILE_NATIONAL)}</h2>
            <p class="hint">{tr(k::PROFILE_NATIONAL_NOTE)}</p>
            <dl class="facts">
                <div><dt>{tr(k::PROFILE_FULL_NAME)}</dt><dd translate="no">{p.full_name.clone()}</dd></div>
                <div><dt>{tr(k::PROFILE_PERSONAL_ID)}</dt><dd>{p.personal_id.clone()}</dd></div>
                <div><dt>{tr(k::PROFILE_BIRTH_DATE)}</dt><dd>{crate::components::day(&p.birth_date)}</dd></div>
                <div><dt>{tr(k::PROFILE_ACCOUNT_TYPE)}</dt><dd>{move || t(account)}</dd></div>
                <div><dt>{tr(k::PROFILE_LOA)}</dt><dd>{p.loa}</dd></div>
                {p.tax_code.clone().map(|c| view! { <div><dt>{tr(k::PROFILE_TAX_CODE)}</dt><dd>{c}</dd></div> })}
            </dl>
        </section>
        <section aria-labelledby="contact">
            <h2 id="contact">{tr(k::PROFILE_CONTACT)}</h2>
            <Show when=move || !errors.get().is_empty()>
                <div class="error-summary" id="error-summary" tabindex="-1" role="alert">
                    <h3>{move || tf(k::PROFILE_ERRORS_TITLE, &[("n", &errors.get().values().map(Vec::len).sum::<usize>().to_string())])}</h3>
                    <ul>
                        {move || errors.get().into_iter().map(|(f, rs)| {
                            let href = format!("#{f}");
                            let msg = field_message(&f, rs.first().map(String::as_str).unwrap_or(""));
                            // The router would take the #fragment as a route; focus the field ourselves.
                            let go = move |ev: leptos::ev::MouseEvent| {
                                ev.prevent_default();
                                crate::focus_element(&f);
                            };
                            view! { <li><a href=href on:click=go>{msg}</a></li> }
                        }).collect_view()}
                    </ul>
                </div>
            </Show>
            // The live region is on the page from the start and only its text
            // changes: a region inserted already filled is not announced.
            <p class="saved" role="status" class:empty=move || !saved.get()>
                {move || saved.get().then(|| tr(k::PROFILE_SAVED))}
            </p>
            <form on:submit=submit novalidate>
                <div class="field">
                    <label for="email">{tr(k::PROFILE_EMAIL)}</label>
                    {move || error_for("email")().map(|m| view! { <p class="field-error" id="email-error">{m}</p> })}
                    <input id="email" type="email" autocomplete="email" prop:value=move || email.get() on:input=move |ev| email.set(event_target_value(&ev))
                        aria-invalid=move || errors.get().contains_key("email").to_string() aria-describedby=described("email", "")/>
                </div>
                <div class="field">
                    <label for="phone">{tr(k::PROFILE_PHONE)}</label>
                    <p class="hint" id="phone-hint">{tr(k::PROFILE_PHONE_HINT)}</p>
                    {move || error_for("phone")().map(|m| view! { <p class="field-error" id="phone-error">{m}</p> })}
                    <input id="phone" type="tel" autocomplete="tel" inputmode="tel" prop:value=move || phone.get() on:input=move |ev| phone.set(event_target_value(&ev))
                        aria-invalid=move || errors.get().contains_key("phone").to_string() aria-describedby=described("phone", "phone-hint")/>
                </div>
                <fieldset class="field group">
                    <legend>{tr(k::PROFILE_HOME)}</legend>
                    <p class="hint" id="home-hint">{tr(k::PROFILE_HOME_HINT)}</p>
                    <div class="field">
                        <label for="province">{tr(k::FORM_PROVINCE)}</label>
                        {move || error_for("province")().map(|m| view! { <p class="field-error" id="province-error">{m}</p> })}
                        <select id="province" aria-describedby=described("province", "home-hint") aria-invalid=move || errors.get().contains_key("province").to_string()
                            on:change=move |ev| { province.set(event_target_value(&ev)); commune.set(String::new()); }>
                            <option value="">{tr(k::FORM_CHOOSE)}</option>
                            {move || provinces.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|u| {
                                let c = u.code.clone();
                                view! { <option value=u.code.clone() selected=move || province.with(|p| *p == c) lang="vi">{u.name}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="commune">{tr(k::FORM_COMMUNE)}</label>
                        {move || error_for("commune")().map(|m| view! { <p class="field-error" id="commune-error">{m}</p> })}
                        <select id="commune" aria-describedby=described("commune", "") aria-invalid=move || errors.get().contains_key("commune").to_string()
                            on:change=move |ev| commune.set(event_target_value(&ev))>
                            <option value="">{tr(k::FORM_CHOOSE)}</option>
                            {move || communes.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|u| {
                                let c = u.code.clone();
                                view! { <option value=u.code.clone() selected=move || commune.with(|v| *v == c) lang="vi">{u.name}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                </fieldset>
                <fieldset class="field">
                    <legend>{tr(k::PROFILE_LANG)}</legend>
                    <label><input type="radio" name="lang" value="vi" prop:checked=move || lang.get() == "vi" on:change=move |_| lang.set("vi".into())/>" "<span lang="vi">{tr(k::LANG_VI)}</span></label>
                    <label><input type="radio" name="lang" value="en" prop:checked=move || lang.get() == "en" on:change=move |_| lang.set("en".into())/>" "<span lang="en">{tr(k::LANG_EN)}</span></label>
                </fieldset>
                <fieldset class="field">
                    <legend>{tr(k::PROFILE_NOTIFY)}</legend>
                    <label><input type="checkbox" prop:checked=move || notify_email.get() on:change=move |ev| notify_email.set(event_target_checked(&ev))/>" "{tr(k::PROFILE_NOTIFY_EMAIL)}</label>
                    <label><input type="checkbox" prop:checked=move || notify_sms.get() on:change=move |ev| notify_sms.set(event_target_checked(&ev))/>" "{tr(k::PROFILE_NOTIFY_SMS)}</label>
                </fieldset>
                <button type="submit" class="button">{tr(k::PROFILE_SAVE)}</button>
            </form>
        </section>
    }
}
