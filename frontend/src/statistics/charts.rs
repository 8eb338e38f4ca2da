//! The statistics page's charts: dossiers received and finished month by month, and the ranking of units, each drawn in SVG beside the table that says the same.

use super::percent;
use crate::api::{get_json, with_query};
use crate::components::query_param;
use crate::i18n::{k, t, tr};
use app::statistics::{Months, OnlineServices, Rankings, RANKED};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

/// Received (light) and finished (dark) bars for each month, with the
/// numbers written under them; the table after it is what a screen reader
/// reads.
#[component]
pub fn MonthsChart(from: String, to: String) -> impl IntoView {
    let query = use_query_map();
    let unit = query_param(query, "don-vi").unwrap_or_default();
    let mut pairs = vec![("from", from), ("to", to)];
    if !unit.is_empty() {
        pairs.push(("unit", unit));
    }
    let url = with_query(&format!("{}/months", app::paths::STATISTICS), &pairs);
    let csv = with_query(&format!("{}/months.csv", app::paths::STATISTICS), &pairs);
    let months = LocalResource::new(move || {
        let url = url.clone();
        async move { get_json::<Months>(&url).await }
    });
    view! {
        <h2 id="st-months">{tr(k::STATS_MONTHS)}</h2>
        {move || months.get().and_then(Result::ok).map(|m| {
            let most = m.months.iter().map(|r| r.received.max(r.finished_on_time + r.finished_late)).max().unwrap_or(0).max(1);
            let n = m.months.len().max(1);
            // 40 units a month: two bars of 14 and room between.
            let width = (n * 40).to_string();
            let bars = m.months.iter().enumerate().map(|(i, r)| {
                let x = i * 40 + 4;
                let h = |v: u64| (v * 100 / most).to_string();
                let finished = r.finished_on_time + r.finished_late;
                view! {
                    <rect class="bar-received" x=x.to_string() y=(100 - r.received * 100 / most).to_string() width="14" height=h(r.received)></rect>
                    <rect class="bar-finished" x=(x + 16).to_string() y=(100 - finished * 100 / most).to_string() width="14" height=h(finished)></rect>
                    <text x=(x + 15).to_string() y="114" text-anchor="middle">{r.month[5..].to_owned()}</text>
                }
            }).collect_view();
            view! {
                <div class="month-chart" aria-hidden="true">
                    <svg viewBox=format!("0 0 {width} 120") focusable="false">{bars}</svg>
                    <p class="legend"><span class="key-received"></span>{tr(k::STATS_RECEIVED)}" "<span class="key-finished"></span>{tr(k::STATS_FINISHED)}</p>
                </div>
                <div class="table-scroll" tabindex="0" role="region" aria-labelledby="st-months"><table>
                    <thead><tr><th scope="col">{tr(k::STATS_MONTH)}</th><th scope="col" class="num">{tr(k::STATS_RECEIVED)}</th><th scope="col" class="num">{tr(k::STATS_FINISHED_ON_TIME)}</th><th scope="col" class="num">{tr(k::STATS_FINISHED_LATE)}</th><th scope="col" class="num">{tr(k::STATS_ON_TIME)}</th></tr></thead>
                    <tbody>{m.months.into_iter().map(|r| view! {
                        <tr><th scope="row">{format!("{}/{}", &r.month[5..], &r.month[..4])}</th><td class="num">{r.received}</td><td class="num">{r.finished_on_time}</td><td class="num">{r.finished_late}</td><td class="num">{percent(r.on_time)}</td></tr>
                    }).collect_view()}</tbody>
                </table></div>
                <p><a href=csv.clone() download="" rel="external">{tr(k::STATS_MONTHS_CSV)}</a></p>
            }
        })}
    }
}

/// The label of a ranked indicator and its Decision 766 group.
fn indicator_label(name: &str) -> String {
    let (label, group) = match name {
        "online_share" => (k::STATS_ONLINE, k::STATS_GROUP_ONLINE),
        "satisfaction" => (k::STATS_SATISFACTION, k::STATS_GROUP_SATISFACTION),
        "feedback_on_time" => (k::STATS_FB_ON_TIME, k::STATS_GROUP_SATISFACTION),
        "feedback_satisfaction" => (k::STATS_FB_SATISFACTION, k::STATS_GROUP_SATISFACTION),
        _ => (k::STATS_ON_TIME, k::STATS_GROUP_PROGRESS),
    };
    format!("{} — {}", t(label), t(group))
}

/// The units of one level best first by one indicator: the table, with
/// each unit's rate drawn as a bar in its row.
#[component]
pub fn Ranking(from: String, to: String) -> impl IntoView {
    let query = use_query_map();
    let level = RwSignal::new(query_param(query, "cap").unwrap_or_else(|| "commune".to_owned()));
    let by = RwSignal::new(query_param(query, "theo").unwrap_or_else(|| "on_time".to_owned()));
    let pairs = move || {
        vec![
            ("from", from.clone()),
            ("to", to.clone()),
            (
                "level",
                query_param(query, "cap").unwrap_or_else(|| "commune".to_owned()),
            ),
            (
                "by",
                query_param(query, "theo").unwrap_or_else(|| "on_time".to_owned()),
            ),
        ]
    };
    let url = {
        let pairs = pairs.clone();
        move || with_query(&format!("{}/rankings", app::paths::STATISTICS), &pairs())
    };
    let csv = move || {
        with_query(
            &format!("{}/rankings.csv", app::paths::STATISTICS),
            &pairs(),
        )
    };
    let ranking = LocalResource::new(move || {
        let url = url();
        async move { get_json::<Rankings>(&url).await }
    });
    let navigate = use_navigate();
    let show = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // Keeps the page's other parameters (the period, the unit).
        let mut pairs: Vec<(String, String)> = query
            .get_untracked()
            .into_iter()
            .filter(|(k, _)| k != "cap" && k != "theo")
            .map(|(k, v)| (k.to_string(), v))
            .collect();
        pairs.push(("cap".into(), level.get_untracked()));
        pairs.push(("theo".into(), by.get_untracked()));
        let pairs: Vec<(&str, String)> =
            pairs.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
        navigate(
            &with_query("/thong-ke", &pairs),
            leptos_router::NavigateOptions {
                scroll: false,
                ..Default::default()
            },
        );
    };
    view! {
        <h2 id="st-ranking">{tr(k::STATS_RANKING)}</h2>
        <p>{tr(k::STATS_RANKING_INTRO)}</p>
        <form class="step-form" on:submit=show>
            <div class="field">
                <label for="st-level">{tr(k::STATS_LEVEL)}</label>
                <select id="st-level" on:change=move |ev| level.set(event_target_value(&ev))>
                    <option value="commune" selected=move || level.get() == "commune">{tr(k::STATS_LEVEL_COMMUNE)}</option>
                    <option value="department" selected=move || level.get() == "department">{tr(k::STATS_LEVEL_DEPARTMENT)}</option>
                </select>
            </div>
            <div class="field">
                <label for="st-by">{tr(k::STATS_BY)}</label>
                <select id="st-by" on:change=move |ev| by.set(event_target_value(&ev))>
                    {RANKED.iter().map(|(name, _, _)| {
                        let name = *name;
                        view! { <option value=name selected=move || by.get() == name>{move || indicator_label(name)}</option> }
                    }).collect_view()}
                </select>
            </div>
            <p class="form-actions"><button type="submit" class="button">{tr(k::STATS_RANK_SHOW)}</button></p>
        </form>
        {move || ranking.get().and_then(Result::ok).map(|r| {
            let by = r.by.clone();
            view! {
                <div class="table-scroll" tabindex="0" role="region" aria-labelledby="st-ranking"><table class="ranking">
                    <thead><tr><th scope="col" class="num">{tr(k::STATS_RANK_COL)}</th><th scope="col">{tr(k::STATS_UNIT_COL)}</th><th scope="col">{move || indicator_label(&r.by)}</th><th scope="col" class="num">{tr(k::STATS_RECEIVED)}</th></tr></thead>
                    <tbody>{r.units.into_iter().map(|u| {
                        let ratio = u.figures.indicator(&by).unwrap_or(app::statistics::Ratio::new(0, 0));
                        let width = ratio.percent().unwrap_or(0.0).round().to_string();
                        let href = with_query("/thong-ke", &[("don-vi", u.unit.code.clone()), ("tu", r.from.clone()), ("den", r.to.clone())]);
                        let name = u.unit.name.clone();
                        view! {
                            <tr>
                                <td class="num">{u.rank.map(|n| n.to_string()).unwrap_or_else(|| "—".to_owned())}</td>
                                <th scope="row" translate="no"><a href=href>{move || name.get(crate::i18n::english()).to_owned()}</a></th>
                                <td>
                                    {match u.rank {
                                        Some(_) => format!("{} ({}/{})", percent(ratio), ratio.numerator, ratio.denominator).into_any(),
                                        None => tr(k::STATS_NOT_RANKED).into_any(),
                                    }}
                                    <svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false"><rect width=width.clone() height="10"></rect></svg>
                                </td>
                                <td class="num">{u.figures.dossiers.received}</td>
                            </tr>
                        }
                    }).collect_view()}</tbody>
                </table></div>
                <p><a href=csv() download="" rel="external">{tr(k::STATS_RANKING_CSV)}</a></p>
            }
        })}
    }
}

/// What the province offers online, and the procedures most filed with
/// their digital take-up.
#[component]
pub fn Online(from: String, to: String) -> impl IntoView {
    let query = use_query_map();
    let mut pairs = vec![("from", from), ("to", to)];
    pairs.extend(query_param(query, "don-vi").map(|u| ("unit", u)));
    let url = with_query(&format!("{}/online", app::paths::STATISTICS), &pairs);
    let csv = with_query(&format!("{}/online.csv", app::paths::STATISTICS), &pairs);
    let online = LocalResource::new(move || {
        let url = url.clone();
        async move { get_json::<OnlineServices>(&url).await }
    });
    let level = |l: &str| {
        t(match l {
            "full" => k::STATS_LEVEL_FULL,
            "partial" => k::STATS_LEVEL_PARTIAL,
            _ => k::STATS_LEVEL_NONE,
        })
    };
    view! {
        <h2 id="st-online">{tr(k::STATS_ONLINE_TITLE)}</h2>
        {move || online.get().and_then(Result::ok).map(|o| {
            let offered = crate::i18n::tf(k::STATS_OFFERED, &[("full", &o.offered_full.to_string()), ("partial", &o.offered_partial.to_string()), ("none", &o.offered_none.to_string())]);
            view! {
                <p>{offered}</p>
                <h3 id="st-top">{tr(k::STATS_TOP_PROCEDURES)}</h3>
                <div class="table-scroll" tabindex="0" role="region" aria-labelledby="st-top"><table>
                    <thead><tr><th scope="col">{tr(k::STATS_PROCEDURE)}</th><th scope="col">{tr(k::STATS_SERVICE_LEVEL)}</th><th scope="col" class="num">{tr(k::STATS_RECEIVED)}</th><th scope="col" class="num">{tr(k::STATS_ONLINE)}</th><th scope="col" class="num">{tr(k::STATS_ON_TIME)}</th></tr></thead>
                    <tbody>{o.procedures.into_iter().take(10).map(|p| view! {
                        <tr><th scope="row" lang="vi"><a href=format!("/thu-tuc/{}", p.code)>{p.name}</a></th><td>{level(&p.service_level)}</td><td class="num">{p.received}</td><td class="num">{percent(p.online_share)}</td><td class="num">{percent(p.on_time)}</td></tr>
                    }).collect_view()}</tbody>
                </table></div>
                <p><a href=csv.clone() download="" rel="external">{tr(k::STATS_ONLINE_CSV)}</a></p>
            }
        })}
    }
}
