//! The administrators' page of the province's units: rename one (and its address, phone, hours) from a date, or merge it into another.

use crate::api::{get_json, send_json};
use crate::dossiers::tracking::{failure_errors, StepErrors};
use crate::dossiers::Errors;
use crate::i18n::{k, t, tf, tr};
use crate::identity::Session;
use crate::officers::{described_in, field_error_in};
use app::units::{UnitChange, UnitDetail, UnitLevel, UnitMerge, UnitNew, UnitSummary};

/// The unit picker's value for "a new unit".
const NEW: &str = "+";
use leptos::prelude::*;

/// A unit change's problem in words that say what to do.
fn unit_reason(field: &str, reason: &str) -> &'static str {
    match (field, reason) {
        ("from", "out_of_range") => t(k::UNITS_ERR_BEFORE),
        ("from", "future_date") => t(k::UNITS_ERR_FUTURE),
        ("into", _) => t(k::UNITS_ERR_INTO),
        ("code", "already_exists") => t(k::UNITS_ERR_CODE_TAKEN),
        ("code", "unknown_value") => t(k::UNITS_ERR_CODE),
        ("level", _) => t(k::UNITS_ERR_LEVEL),
        (_, r) => crate::dossiers::fields::reason_text(r),
    }
}

/// One text field of the change form.
fn line(
    id: &'static str,
    label: usize,
    value: RwSignal<String>,
    errors: RwSignal<Errors>,
    kind: &'static str,
) -> impl IntoView {
    let field = &id["unit-".len()..];
    view! {
        <div class="field">
            <label for=id>{tr(label)}</label>
            {field_error_in(errors, "unit", field, unit_reason)}
            <input id=id type=kind autocomplete="off" aria-describedby=described_in(errors, "unit", field)
                aria-invalid=move || errors.with(|e| e.contains_key(field)).to_string()
                prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
        </div>
    }
}

/// `/can-bo/don-vi`: pick a unit, change it, or merge it into another.
#[component]
pub fn UnitsPage() -> impl IntoView {
    crate::use_page_title(|| t(k::UNITS_TITLE).to_owned());
    let chosen = RwSignal::new(String::new());
    let [vi, en, address, phone, email, hours, from, code] =
        std::array::from_fn(|_| RwSignal::new(String::new()));
    let level = RwSignal::new(UnitLevel::Department.as_str().to_owned());
    let auto_assign = RwSignal::new(false);
    let adding = move || chosen.get() == NEW;
    let (into, merge_from) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let (errors, merge_errors) = (RwSignal::new(Errors::new()), RwSignal::new(Errors::new()));
    let confirming = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let notice = RwSignal::new(String::new());
    let refresh = RwSignal::new(0u32);
    let units_now = LocalResource::new(move || {
        refresh.get();
        get_json::<Vec<UnitSummary>>(app::paths::UNITS)
    });
    let pick = move |code: String| {
        chosen.set(code.clone());
        errors.set(Errors::new());
        merge_errors.set(Errors::new());
        confirming.set(false);
        if code == NEW {
            for f in [vi, en, address, phone, email, hours, from] {
                f.set(String::new());
            }
            auto_assign.set(false);
            return;
        }
        if code.is_empty() {
            return;
        }
        leptos::task::spawn_local(async move {
            if let Ok(d) = get_json::<UnitDetail>(&app::paths::unit(&code)).await {
                vi.set(d.unit.name.vi);
                en.set(d.unit.name.en);
                address.set(d.address);
                phone.set(d.phone);
                email.set(d.email);
                hours.set(d.hours);
                auto_assign.set(d.auto_assign);
                from.set(String::new());
            }
        });
    };
    let done = move |text: String| {
        notice.set(text);
        refresh.update(|n| *n += 1);
        request_animation_frame(|| crate::focus_element("unit-notice"));
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let change = UnitChange {
            name_vi: vi.get_untracked(),
            name_en: en.get_untracked(),
            address: address.get_untracked(),
            phone: phone.get_untracked(),
            email: email.get_untracked(),
            hours: hours.get_untracked(),
            from: from.get_untracked(),
            auto_assign: auto_assign.get_untracked(),
        };
        let new = (chosen.get_untracked() == NEW).then(|| UnitNew {
            code: code.get_untracked(),
            level: level.get_untracked(),
            unit: change.clone(),
        });
        let url = app::paths::admin_unit(&chosen.get_untracked());
        let csrf = Session::get().csrf();
        busy.set(true);
        leptos::task::spawn_local(async move {
            let r = match &new {
                Some(n) => {
                    send_json::<_, UnitDetail>("POST", app::paths::ADMIN_UNITS, n, &csrf).await
                }
                None => send_json::<_, UnitDetail>("PUT", &url, &change, &csrf).await,
            };
            busy.set(false);
            match r {
                Ok(d) => {
                    errors.set(Errors::new());
                    let key = if new.is_some() {
                        k::UNITS_ADDED
                    } else {
                        k::UNITS_SAVED
                    };
                    chosen.set(d.unit.code.clone());
                    done(tf(key, &[("name", &d.unit.name.vi)]));
                }
                Err(f) => errors.set(failure_errors(f)),
            }
        });
    };
    let merge = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !confirming.get_untracked() {
            confirming.set(true);
            request_animation_frame(|| crate::focus_element("merge-confirm"));
            return;
        }
        let m = UnitMerge {
            into: into.get_untracked(),
            from: merge_from.get_untracked(),
        };
        let url = app::paths::admin_unit_merge(&chosen.get_untracked());
        let csrf = Session::get().csrf();
        busy.set(true);
        leptos::task::spawn_local(async move {
            let r = send_json::<_, UnitDetail>("POST", &url, &m, &csrf).await;
            busy.set(false);
            confirming.set(false);
            match r {
                Ok(d) => {
                    merge_errors.set(Errors::new());
                    chosen.set(String::new());
                    done(tf(k::UNITS_MERGED, &[("name", &d.unit.name.vi)]));
                }
                Err(f) => merge_errors.set(failure_errors(f)),
            }
        });
    };
    let options =
        move |except: String| {
            units_now.get().and_then(Result::ok).unwrap_or_default().into_iter()
            .filter(move |u| u.code != except)
            .map(|u| view! { <option value=u.code.clone() lang="vi">{u.name.vi.clone()}</option> })
            .collect_view()
        };
    view! {
        <div class="wrap page">
            <h1 id="page-title" tabindex="-1">{tr(k::UNITS_TITLE)}</h1>
            <p>{tr(k::UNITS_INTRO)}</p>
            <p id="unit-notice" role="status" tabindex="-1">{move || notice.get()}</p>
            <div class="field">
                <label for="unit-chosen">{tr(k::UNITS_PICK)}</label>
                <select id="unit-chosen" on:change=move |ev| pick(event_target_value(&ev))>
                    <option value="" selected=move || chosen.get().is_empty()>{tr(k::HANDOVER_CHOOSE_UNIT)}</option>
                    <option value=NEW selected=adding>{tr(k::UNITS_NEW)}</option>
                    {move || { let here = chosen.get(); units_now.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|u| {
                        let selected = u.code == here;
                        view! { <option value=u.code.clone() selected=selected lang="vi">{u.name.vi.clone()}</option> }
                    }).collect_view() }}
                </select>
            </div>
            <Show when=move || !chosen.get().is_empty()>
                <form class="step-form" on:submit=save novalidate>
                    <h2>{move || t(if adding() { k::UNITS_NEW } else { k::UNITS_CHANGE })}</h2>
                    <StepErrors errors=errors prefix="unit"/>
                    <Show when=adding>
                        {line("unit-code", k::UNITS_CODE, code, errors, "text")}
                        <div class="field">
                            <label for="unit-level">{tr(k::UNITS_LEVEL)}</label>
                            {field_error_in(errors, "unit", "level", unit_reason)}
                            <select id="unit-level" aria-describedby=described_in(errors, "unit", "level") on:change=move |ev| level.set(event_target_value(&ev))>
                                {[(UnitLevel::Department, k::DIR_LEVEL_DEPARTMENT), (UnitLevel::Centre, k::DIR_LEVEL_CENTRE), (UnitLevel::Commune, k::DIR_LEVEL_COMMUNE)].into_iter().map(|(l, key)| view! {
                                    <option value=l.as_str() selected=move || level.get() == l.as_str()>{tr(key)}</option>
                                }).collect_view()}
                            </select>
                        </div>
                    </Show>
                    {line("unit-name_vi", k::UNITS_NAME_VI, vi, errors, "text")}
                    {line("unit-name_en", k::UNITS_NAME_EN, en, errors, "text")}
                    {line("unit-address", k::UNITS_ADDRESS, address, errors, "text")}
                    {line("unit-phone", k::UNITS_PHONE, phone, errors, "tel")}
                    {line("unit-email", k::UNITS_EMAIL, email, errors, "email")}
                    {line("unit-hours", k::UNITS_HOURS, hours, errors, "text")}
                    <div class="choice">
                        <input id="unit-auto_assign" type="checkbox" prop:checked=move || auto_assign.get() on:change=move |ev| auto_assign.set(event_target_checked(&ev))/>
                        <label for="unit-auto_assign">{tr(k::UNITS_AUTO_ASSIGN)}</label>
                    </div>
                    {line("unit-from", k::UNITS_FROM, from, errors, "date")}
                    <button type="submit" class="button" disabled=move || busy.get()>{move || t(if adding() { k::UNITS_ADD } else { k::UNITS_SAVE })}</button>
                </form>
                <Show when=move || !adding()>
                <form class="step-form" on:submit=merge novalidate>
                    <h2>{tr(k::UNITS_MERGE_TITLE)}</h2>
                    <p class="hint">{tr(k::UNITS_MERGE_HINT)}</p>
                    <StepErrors errors=merge_errors prefix="merge"/>
                    <div class="field">
                        <label for="merge-into">{tr(k::UNITS_INTO)}</label>
                        {field_error_in(merge_errors, "merge", "into", unit_reason)}
                        <select id="merge-into" aria-describedby=described_in(merge_errors, "merge", "into") on:change=move |ev| into.set(event_target_value(&ev))>
                            <option value="">{tr(k::HANDOVER_CHOOSE_UNIT)}</option>
                            {move || options(chosen.get())}
                        </select>
                    </div>
                    <div class="field">
                        <label for="merge-from">{tr(k::UNITS_FROM)}</label>
                        {field_error_in(merge_errors, "merge", "from", unit_reason)}
                        <input id="merge-from" type="date" aria-describedby=described_in(merge_errors, "merge", "from") prop:value=move || merge_from.get() on:input=move |ev| merge_from.set(event_target_value(&ev))/>
                    </div>
                    {move || if confirming.get() {
                        view! { <button type="submit" id="merge-confirm" class="button destructive" disabled=move || busy.get()>{tr(k::UNITS_MERGE_CONFIRM)}</button>
                            " "<button type="button" class="link-button" on:click=move |_| confirming.set(false)>{tr(k::OFFICER_CANCEL)}</button> }.into_any()
                    } else {
                        view! { <button type="submit" class="button secondary destructive">{tr(k::UNITS_MERGE)}</button> }.into_any()
                    }}
                </form>
                </Show>
            </Show>
        </div>
    }
}
