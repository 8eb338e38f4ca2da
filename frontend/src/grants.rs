//! The administrators' page of officers: who works in which unit with which role, granted by personal ID.

use crate::api::{get_json, send_json, ApiFailure};
use crate::dossiers::tracking::{failure_errors, StepErrors};
use crate::dossiers::{english, Errors};
use crate::i18n::{k, t, tf, tr};
use crate::identity::Session;
use crate::officers::{described_in, field_error_in};
use app::identity::Role;
use app::units::{GrantChange, GrantView, UnitGrant, UnitRole, UnitSummary};
use leptos::prelude::*;

fn role_name(r: Option<Role>) -> &'static str {
    t(match r {
        Some(Role::Officer) => k::GRANT_ROLE_OFFICER,
        Some(Role::Administrator) => k::GRANT_ROLE_ADMIN,
        _ => k::GRANT_ROLE_NONE,
    })
}

/// A grant problem in words that say what to do.
fn grant_reason(reason: &str) -> &'static str {
    match reason {
        "own_grant" => t(k::GRANT_ERR_OWN),
        "too_few" => t(k::GRANT_ERR_NO_UNIT),
        "too_many" => t(k::GRANT_ERR_TWICE),
        "unknown_value" => t(k::GRANT_ERR_UNKNOWN),
        r => crate::dossiers::fields::reason_text(r),
    }
}

/// `/can-bo/phan-quyen`: every grant, and the form that gives, changes or
/// takes one away.
#[component]
pub fn GrantsPage() -> impl IntoView {
    crate::use_page_title(|| t(k::GRANT_TITLE).to_owned());
    let list = RwSignal::new(None::<Result<Vec<GrantView>, ApiFailure>>);
    leptos::task::spawn_local(async move {
        list.set(Some(get_json::<Vec<GrantView>>(app::paths::GRANTS).await));
    });
    let units = LocalResource::new(|| get_json::<Vec<UnitSummary>>(app::paths::UNITS));
    let unit_name = move |code: &str| {
        units
            .get()
            .and_then(Result::ok)
            .and_then(|l| l.into_iter().find(|u| u.code == code))
            .map_or_else(|| code.to_owned(), |u| u.name.vi)
    };
    // The form: a new grant, or the one being changed (by reference).
    let editing = RwSignal::new(None::<GrantView>);
    let personal_id = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let role = RwSignal::new(Some(Role::Officer));
    let rows = RwSignal::new(vec![UnitGrant {
        unit: String::new(),
        role: UnitRole::Receiving,
    }]);
    let errors = RwSignal::new(Errors::new());
    let busy = RwSignal::new(false);
    let notice = RwSignal::new(String::new());
    let edit = move |g: GrantView| {
        name.set(g.full_name.clone());
        role.set(Some(g.role));
        rows.set(g.units.clone());
        errors.set(Errors::new());
        editing.set(Some(g));
        request_animation_frame(|| crate::focus_element("grant-form-title"));
    };
    let reset = move || {
        editing.set(None);
        personal_id.set(String::new());
        name.set(String::new());
        role.set(Some(Role::Officer));
        rows.set(vec![UnitGrant {
            unit: String::new(),
            role: UnitRole::Receiving,
        }]);
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let change = GrantChange {
            reference: editing.get_untracked().map(|g| g.reference),
            personal_id: personal_id.get_untracked(),
            full_name: name.get_untracked(),
            role: role.get_untracked(),
            units: rows.get_untracked(),
        };
        let csrf = Session::get().csrf();
        busy.set(true);
        leptos::task::spawn_local(async move {
            let r = send_json::<_, Vec<GrantView>>("PUT", app::paths::GRANTS, &change, &csrf).await;
            busy.set(false);
            match r {
                Ok(l) => {
                    errors.set(Errors::new());
                    notice.set(tf(k::GRANT_SAVED, &[("name", &change.full_name)]));
                    list.set(Some(Ok(l)));
                    reset();
                    request_animation_frame(|| crate::focus_element("grant-notice"));
                }
                Err(f) => errors.set(failure_errors(f)),
            }
        });
    };
    let field_error =
        move |field: &'static str| field_error_in(errors, "grant", field, |_, r| grant_reason(r));
    let invalid =
        move |field: &'static str| move || errors.with(|e| e.contains_key(field)).to_string();
    view! {
        <div class="wrap page">
            <h1 id="page-title" tabindex="-1">{tr(k::GRANT_TITLE)}</h1>
            <p>{tr(k::GRANT_INTRO)}</p>
            <p id="grant-notice" role="status" tabindex="-1">{move || notice.get()}</p>
            {move || list.get().map(|r| match r {
                Ok(l) if l.is_empty() => view! { <p>{tr(k::GRANT_NONE)}</p> }.into_any(),
                Ok(l) => view! {
                    <div class="table-scroll" tabindex="0" role="region" aria-labelledby="page-title">
                        <table class="grants">
                            <thead><tr>
                                <th scope="col">{tr(k::GRANT_NAME)}</th>
                                <th scope="col">{tr(k::GRANT_ID)}</th>
                                <th scope="col">{tr(k::GRANT_ROLE)}</th>
                                <th scope="col">{tr(k::GRANT_UNITS)}</th>
                                <th scope="col"><span class="visually-hidden">{tr(k::GRANT_EDIT)}</span></th>
                            </tr></thead>
                            <tbody>{l.into_iter().map(|g| {
                                let shown = g.clone();
                                let who = g.full_name.clone();
                                view! { <tr>
                                    <th scope="row" translate="no">{g.full_name.clone()}{(!g.signed_in).then(|| view! { <span class="hint">" "{tr(k::GRANT_NOT_YET)}</span> })}</th>
                                    <td translate="no">{g.personal_id.clone()}</td>
                                    <td>{move || role_name(Some(g.role))}</td>
                                    <td><ul>{g.units.iter().map(|u| {
                                        let (code, r) = (u.unit.clone(), u.role);
                                        view! { <li><span lang="vi">{move || unit_name(&code)}</span>" — "{move || r.name(english())}</li> }
                                    }).collect_view()}</ul></td>
                                    <td><button type="button" class="link-button" aria-label=move || tf(k::GRANT_EDIT_WHO, &[("name", &who)]) on:click=move |_| edit(shown.clone())>{tr(k::GRANT_EDIT)}</button></td>
                                </tr> }
                            }).collect_view()}</tbody>
                        </table>
                    </div>
                }.into_any(),
                Err(ApiFailure::Api { status: 403, .. }) => view! { <p class="error-box" role="alert">{tr(k::AUDIT_ONLY)}</p> }.into_any(),
                Err(e) => view! { <crate::components::ErrorBox failure=e/> }.into_any(),
            })}
            <form class="step-form" on:submit=save novalidate>
                <h2 id="grant-form-title" tabindex="-1">{move || match editing.get() {
                    Some(g) => tf(k::GRANT_FORM_EDIT, &[("name", &g.full_name)]),
                    None => t(k::GRANT_FORM_NEW).to_owned(),
                }}</h2>
                <StepErrors errors=errors prefix="grant"/>
                <Show when=move || editing.get().is_none()>
                    <div class="field">
                        <label for="grant-personal_id">{tr(k::GRANT_ID)}</label>
                        {field_error("personal_id")}
                        <input id="grant-personal_id" inputmode="numeric" autocomplete="off" maxlength="12" aria-describedby=described_in(errors, "grant", "personal_id") aria-invalid=invalid("personal_id") prop:value=move || personal_id.get() on:input=move |ev| personal_id.set(event_target_value(&ev))/>
                    </div>
                </Show>
                <div class="field">
                    <label for="grant-full_name">{tr(k::GRANT_NAME)}</label>
                    <p class="hint" id="grant-full_name-hint">{tr(k::GRANT_NAME_HINT)}</p>
                    {field_error("full_name")}
                    <input id="grant-full_name" autocomplete="off" aria-describedby=move || described_in(errors, "grant", "full_name")().map_or("grant-full_name-hint".to_owned(), |e| format!("grant-full_name-hint {e}")) aria-invalid=invalid("full_name") prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
                </div>
                <div class="field">
                    <label for="grant-role">{tr(k::GRANT_ROLE)}</label>
                    {field_error("role")}
                    <select id="grant-role" aria-describedby=described_in(errors, "grant", "role") aria-invalid=invalid("role") on:change=move |ev| role.set(Role::parse(&event_target_value(&ev)))>
                        {[Some(Role::Officer), Some(Role::Administrator), None].into_iter().map(|r| view! {
                            <option value=r.map_or("", Role::as_str) selected=move || role.get() == r>{move || role_name(r)}</option>
                        }).collect_view()}
                    </select>
                </div>
                <fieldset id="grant-units" tabindex="-1">
                    <legend>{tr(k::GRANT_UNITS)}</legend>
                    {field_error("units")}
                    {move || (0..rows.with(Vec::len)).map(|i| {
                        let unit_id = format!("grant-units.{i}.unit");
                        let role_id = format!("grant-units.{i}.role");
                        let current = rows.with_untracked(|r| r[i].clone());
                        let err = move || errors.with(|e| e.get(&format!("units.{i}.unit")).and_then(|r| r.first()).cloned())
                            .map(|r| view! { <p class="field-error">{grant_reason(&r)}</p> });
                        view! {
                            <div class="unit-row">
                                <div class="field">
                                    <label for=unit_id.clone()>{move || tf(k::GRANT_UNIT_N, &[("n", &(i + 1).to_string())])}</label>
                                    {err}
                                    <select id=unit_id on:change=move |ev| rows.update(|r| r[i].unit = event_target_value(&ev))>
                                        <option value="">{tr(k::HANDOVER_CHOOSE_UNIT)}</option>
                                        {let chosen = current.unit.clone(); move || units.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|u| {
                                            let here = u.code == chosen;
                                            view! { <option value=u.code.clone() selected=here lang="vi">{u.name.vi.clone()}</option> }
                                        }).collect_view()}
                                    </select>
                                </div>
                                <div class="field">
                                    <label for=role_id.clone()>{tr(k::LOAD_ROLE)}</label>
                                    <select id=role_id on:change=move |ev| if let Some(r) = UnitRole::parse(&event_target_value(&ev)) { rows.update(|x| x[i].role = r) }>
                                        {UnitRole::ALL.into_iter().map(|r| view! { <option value=r.as_str() selected=current.role == r>{move || r.name(english())}</option> }).collect_view()}
                                    </select>
                                </div>
                                <button type="button" class="link-button" on:click=move |_| rows.update(|r| { r.remove(i); })>{move || tf(k::GRANT_REMOVE_UNIT, &[("n", &(i + 1).to_string())])}</button>
                            </div>
                        }
                    }).collect_view()}
                    <button type="button" class="button secondary" on:click=move |_| rows.update(|r| r.push(UnitGrant { unit: String::new(), role: UnitRole::Specialist }))>{tr(k::GRANT_ADD_UNIT)}</button>
                </fieldset>
                <button type="submit" class="button" disabled=move || busy.get()>{tr(k::GRANT_SAVE)}</button>
                <Show when=move || editing.get().is_some()>
                    " "<button type="button" class="link-button" on:click=move |_| reset()>{tr(k::OFFICER_CANCEL)}</button>
                </Show>
            </form>
        </div>
    }
}
