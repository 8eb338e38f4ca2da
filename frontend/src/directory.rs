//! The public directory of the province's units: where each one is, its hours and what it takes in; and, for one procedure, the picker that says where to go.

use crate::api::{encode, get_json};
use crate::i18n::{k, t, tf, tr};
use app::units::{UnitDetail, UnitLevel, UnitSummary};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

/// The unit a person picked last, kept on this device: their commune, as
/// a rule, chosen again by default on every procedure's "where to go".
const REMEMBERED: &str = "noi-nop";

fn remembered() -> Option<String> {
    window()
        .local_storage()
        .ok()
        .flatten()
        .and_then(|s| s.get_item(REMEMBERED).ok().flatten())
}

fn remember(code: &str) {
    if let Some(s) = window().local_storage().ok().flatten() {
        let _ = s.set_item(REMEMBERED, code);
    }
}

fn level_name(l: UnitLevel) -> &'static str {
    t(match l {
        UnitLevel::Commune => k::DIR_LEVEL_COMMUNE,
        UnitLevel::Province => k::DIR_LEVEL_PROVINCE,
        UnitLevel::Centre => k::DIR_LEVEL_CENTRE,
        UnitLevel::Department => k::DIR_LEVEL_DEPARTMENT,
    })
}

fn name_of(u: &UnitSummary) -> String {
    u.name.get(crate::i18n::english()).to_owned()
}

/// `/co-quan` (every unit) and `/co-quan?thu-tuc=` (the units that take
/// one procedure in, with the person's own picked).
#[component]
pub fn DirectoryPage() -> impl IntoView {
    let query = use_query_map();
    let procedure = move || query.get().get("thu-tuc").filter(|c| !c.trim().is_empty());
    crate::use_page_title(move || {
        t(if procedure().is_some() {
            k::DIR_WHERE_TITLE
        } else {
            k::DIR_TITLE
        })
        .to_owned()
    });
    let units = LocalResource::new(move || {
        let path = procedure().map_or_else(
            || app::paths::UNITS.to_owned(),
            |c| app::paths::procedure_units(&c),
        );
        async move { get_json::<Vec<UnitSummary>>(&path).await }
    });
    let detail = LocalResource::new(move || {
        let code = procedure();
        async move {
            match code {
                Some(c) => get_json::<app::procedures::ProcedureDetail>(&app::paths::procedure(&c))
                    .await
                    .ok(),
                None => None,
            }
        }
    });
    // Filing online is offered only where the procedure is online.
    let online = Signal::derive(move || {
        detail
            .get()
            .flatten()
            .is_some_and(|d| d.summary.service_level.is_online())
    });
    view! {
        <div class="wrap page directory">
            <h1 id="page-title" tabindex="-1">{move || t(if procedure().is_some() { k::DIR_WHERE_TITLE } else { k::DIR_TITLE })}</h1>
            {move || procedure().is_none().then(|| view! { <p><a href="/thong-ke">{tr(k::STATS_LINK)}</a></p> })}
            {move || detail.get().flatten().map(|d| {
                let code = d.summary.code.clone();
                view! { <p>{tr(k::DIR_FOR_PROCEDURE)}" "<a href=format!("/thu-tuc/{}", encode(&code)) lang="vi">{d.summary.name.clone()}</a></p> }
            })}
            <Suspense fallback=|| view! { <crate::components::Loading key=k::PROC_LOADING/> }>
                {move || units.get().map(|r| match r {
                    Ok(list) if list.is_empty() => view! { <p>{tr(k::DIR_NONE)}</p> }.into_any(),
                    Ok(list) => match procedure() {
                        Some(code) => view! { <WherePicker units=list procedure=code online=online/> }.into_any(),
                        None => view! { <UnitList units=list/> }.into_any(),
                    },
                    Err(e) => crate::components::failure_view(e),
                })}
            </Suspense>
        </div>
    }
}

/// Where to go for a procedure: the one unit, or the person's pick among
/// several (their commune), remembered on the device.
#[component]
fn WherePicker(units: Vec<UnitSummary>, procedure: String, online: Signal<bool>) -> impl IntoView {
    let start = match units.as_slice() {
        [only] => only.code.clone(),
        _ => remembered()
            .filter(|c| units.iter().any(|u| &u.code == c))
            .unwrap_or_default(),
    };
    let chosen = RwSignal::new(start);
    let several = units.len() > 1;
    // A signed-in person's commune from their profile comes first: it is
    // where they live, the device's last pick only a guess.
    if several {
        let codes: Vec<String> = units.iter().map(|u| u.code.clone()).collect();
        Effect::new(move |done: Option<bool>| {
            let signed_in = crate::identity::Session::get()
                .info()
                .is_some_and(|i| i.user.is_some());
            if done == Some(true) || !signed_in {
                return done.unwrap_or(false);
            }
            let codes = codes.clone();
            leptos::task::spawn_local(async move {
                if let Ok(p) = get_json::<app::identity::Profile>(app::paths::PROFILE).await {
                    let home = app::units::commune_unit(&p.contact.commune);
                    if !p.contact.commune.is_empty() && codes.contains(&home) {
                        chosen.set(home);
                    }
                }
            });
            true
        });
    }
    let mut sorted = units;
    sorted.sort_by_key(|u| app::text::fold(&name_of(u)));
    view! {
        {several.then(|| view! {
            <div class="field">
                <label for="unit-pick">{tr(k::DIR_PICK)}</label>
                <p class="hint" id="unit-pick-hint">{tr(k::DIR_PICK_HINT)}</p>
                <select id="unit-pick" aria-describedby="unit-pick-hint" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    remember(&v);
                    chosen.set(v);
                }>
                    <option value="">{tr(k::FORM_CHOOSE)}</option>
                    {sorted.into_iter().map(|u| {
                        let code = u.code.clone();
                        view! { <option value=u.code.clone() selected=move || chosen.get() == code lang="vi">{name_of(&u)}</option> }
                    }).collect_view()}
                </select>
            </div>
        })}
        <div aria-live="polite">
            {move || {
                let code = chosen.get();
                (!code.is_empty()).then(|| view! { <UnitCard code=code procedure=procedure.clone() online=online/> })
            }}
        </div>
    }
}

/// A unit's address, phone, e-mail and hours, each said plainly when the
/// unit has not published it.
fn contact(d: &UnitDetail) -> impl IntoView {
    let or_none = |s: &str| {
        if s.trim().is_empty() {
            view! { <span class="hint">{tr(k::DIR_NOT_PUBLISHED)}</span> }.into_any()
        } else {
            view! { <span translate="no">{s.to_owned()}</span> }.into_any()
        }
    };
    view! {
        <dl class="facts">
            <div><dt>{tr(k::UNITS_ADDRESS)}</dt><dd>{or_none(&d.address)}</dd></div>
            <div><dt>{tr(k::UNITS_HOURS)}</dt><dd>{or_none(&d.hours)}</dd></div>
            <div><dt>{tr(k::UNITS_PHONE)}</dt><dd>{or_none(&d.phone)}</dd></div>
            <div><dt>{tr(k::UNITS_EMAIL)}</dt><dd>{or_none(&d.email)}</dd></div>
        </dl>
    }
}

#[component]
fn UnitCard(code: String, procedure: String, online: Signal<bool>) -> impl IntoView {
    let path = app::paths::unit(&code);
    let detail = LocalResource::new(move || {
        let path = path.clone();
        async move { get_json::<UnitDetail>(&path).await }
    });
    view! {
        {move || detail.get().map(|r| match r {
            Ok(d) => {
                let page = format!("/co-quan/{}", encode(&d.unit.code));
                let file = format!("/nop-ho-so/{}", encode(&procedure));
                view! {
                    <section class="unit-card" aria-labelledby="unit-card-title">
                        <h2 id="unit-card-title" lang="vi">{name_of(&d.unit)}</h2>
                        {contact(&d)}
                        <p class="form-actions">
                            {move || online.get().then(|| view! { <a class="button primary" href=file.clone()>{tr(k::DIR_FILE_ONLINE)}</a> })}
                            <a href=page>{tr(k::DIR_UNIT_PAGE)}</a>
                        </p>
                    </section>
                }.into_any()
            }
            Err(e) => crate::components::failure_view(e),
        })}
    }
}

/// Every unit, by level, with a filter by name (accents optional).
#[component]
fn UnitList(units: Vec<UnitSummary>) -> impl IntoView {
    let typed = RwSignal::new(String::new());
    let units = StoredValue::new(units);
    let group = move |levels: &'static [UnitLevel], heading: usize| {
        let shown = move || {
            let q = app::text::fold(typed.get().trim());
            units.with_value(|l| {
                let mut v: Vec<UnitSummary> = l
                    .iter()
                    .filter(|u| levels.contains(&u.level))
                    .filter(|u| q.is_empty() || app::text::fold(&name_of(u)).contains(&q))
                    .cloned()
                    .collect();
                v.sort_by_key(|u| app::text::fold(&name_of(u)));
                v
            })
        };
        view! {
            <section aria-labelledby=format!("dir-{heading}")>
                <h2 id=format!("dir-{heading}")>{tr(heading)}" ("{move || shown().len()}")"</h2>
                <ul class="unit-list">
                    {move || shown().into_iter().map(|u| view! {
                        <li><a href=format!("/co-quan/{}", encode(&u.code)) lang="vi">{name_of(&u)}</a>
                        " "<span class="hint">{level_name(u.level)}</span></li>
                    }).collect_view()}
                </ul>
            </section>
        }
    };
    view! {
        <p>{tr(k::DIR_INTRO)}</p>
        <div class="field">
            <label for="dir-filter">{tr(k::DIR_FILTER)}</label>
            <input id="dir-filter" type="text" autocomplete="off" prop:value=move || typed.get() on:input=move |ev| typed.set(event_target_value(&ev))/>
        </div>
        {group(&[UnitLevel::Province, UnitLevel::Centre, UnitLevel::Department], k::DIR_PROVINCIAL)}
        {group(&[UnitLevel::Commune], k::DIR_COMMUNES)}
    }
}

/// `/co-quan/:code`: one unit, where and when, and what it takes in.
#[component]
pub fn UnitPage() -> impl IntoView {
    let params = use_params_map();
    let code = move || params.get().get("code").unwrap_or_default();
    let detail = LocalResource::new(move || {
        let c = code();
        async move { get_json::<UnitDetail>(&app::paths::unit(&c)).await }
    });
    let title = move || {
        detail
            .get()
            .and_then(Result::ok)
            .map_or_else(|| t(k::DIR_TITLE).to_owned(), |d| name_of(&d.unit))
    };
    crate::use_page_title(title);
    view! {
        <div class="wrap page directory">
            <p><a href="/co-quan">{tr(k::DIR_BACK)}</a></p>
            <h1 id="page-title" tabindex="-1" lang="vi">{title}</h1>
            {move || detail.get().map(|r| match r {
                Ok(d) => {
                    let received: Vec<_> = d.procedures.iter().filter(|p| p.receives).cloned().collect();
                    let decided = d.procedures.iter().filter(|p| p.processes && !p.receives).count();
                    view! {
                        <p>{level_name(d.unit.level)}</p>
                        {d.merged_into.clone().map(|m| view! { <p class="warning-box">{tf(k::DIR_MERGED, &[("date", &crate::components::day(d.valid_to.as_deref().unwrap_or_default())), ("code", &m)])}" "<a href=format!("/co-quan/{}", encode(&m))>{tr(k::DIR_UNIT_PAGE)}</a></p> })}
                        {contact(&d)}
                        <p><a href=format!("/ca-nhan/phan-anh/gui?don-vi={}", encode(&d.unit.code))>{tr(k::FB_FROM_UNIT)}</a></p>
                        <crate::statistics::UnitFigures code=d.unit.code.clone()/>
                        <p><a href=format!("/thong-ke?don-vi={}", encode(&d.unit.code))>{tr(k::STATS_UNIT_LINK)}</a></p>
                        <section aria-labelledby="dir-received">
                            <h2 id="dir-received">{tf(k::DIR_RECEIVES, &[("n", &received.len().to_string())])}</h2>
                            {(decided > 0).then(|| view! { <p class="hint">{tf(k::DIR_DECIDES, &[("n", &decided.to_string())])}</p> })}
                            <ul class="unit-procedures">
                                {received.into_iter().map(|p| view! {
                                    <li><a href=format!("/thu-tuc/{}", encode(&p.code)) lang="vi">{p.name}</a></li>
                                }).collect_view()}
                            </ul>
                        </section>
                    }.into_any()
                }
                Err(e) => crate::components::failure_view(e),
            })}
        </div>
    }
}
