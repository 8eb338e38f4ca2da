//! The public statistics page: a period's figures for the province or one unit, each indicator with its numerator and denominator against the period before, the channel mix and the months drawn as bars with their tables, the ranking of units, and the dossiers behind any count.

mod behind;
mod charts;

pub use behind::BehindPage;

use crate::api::{get_json, with_query, ApiFailure};
use crate::components::{api_pairs, query_param, unit_options};
use crate::i18n::{k, t, tf, tr};
use app::statistics::{Figures, Ratio};
use app::units::UnitSummary;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

/// The page's address parameters and the API's.
const PARAMS: [(&str, &str); 3] = [("tu", "from"), ("den", "to"), ("don-vi", "unit")];

/// A unit's own figures this year and its rank, on its public page.
#[component]
pub fn UnitFigures(code: String) -> impl IntoView {
    let url = with_query(app::paths::STATISTICS, &[("unit", code)]);
    let figures = LocalResource::new(move || {
        let url = url.clone();
        async move { get_json::<Figures>(&url).await }
    });
    move || {
        figures.get().and_then(Result::ok).map(|f| {
            let rank = f.rank.clone().map(|r| {
                let level = if r.level == "department" { k::STATS_LEVEL_DEPARTMENT } else { k::STATS_LEVEL_COMMUNE };
                view! { <p class="rank-line">{move || tf(k::STATS_RANK, &[("rank", &r.rank.to_string()), ("of", &r.of.to_string()), ("level", t(level))])}</p> }
            });
            let rows = [
                (k::STATS_RECEIVED, f.dossiers.received.to_string()),
                (k::STATS_ON_TIME, percent(f.on_time)),
                (k::STATS_ONLINE, percent(f.online_share)),
                (k::STATS_SATISFACTION, percent(f.satisfaction)),
            ];
            view! {
                <section aria-labelledby="unit-figures">
                    <h2 id="unit-figures">{tr(k::STATS_UNIT_FIGURES)}</h2>
                    {rank}
                    <table><tbody>{rows.into_iter().map(|(name, v)| view! { <tr><th scope="row">{tr(name)}</th><td class="num">{v}</td></tr> }).collect_view()}</tbody></table>
                </section>
            }
        })
    }
}

/// `/can-bo/thong-ke`: the officer's units' figures, and for their leaders
/// the same officer by officer.
#[component]
pub fn OfficerPage() -> impl IntoView {
    crate::use_page_title(|| t(k::STATS_OFFICER_TITLE).to_owned());
    let units = LocalResource::new(|| {
        get_json::<Vec<app::statistics::UnitStatistics>>("/api/officer/statistics")
    });
    view! {
        <div class="wrap page statistics">
            <h1 id="page-title" tabindex="-1">{tr(k::STATS_OFFICER_TITLE)}</h1>
            <p>{tr(k::STATS_OFFICER_INTRO)}</p>
            {move || units.get().map(|r| match r {
                Ok(list) => list.into_iter().map(|u| {
                    let f = &u.figures;
                    let rows = [
                        (k::STATS_RECEIVED, f.dossiers.received.to_string()),
                        (k::STATS_ON_TIME, percent(f.on_time)),
                        (k::STATS_ONLINE, percent(f.online_share)),
                        (k::STATS_SATISFACTION, percent(f.satisfaction)),
                        (k::STATS_PENDING_OVERDUE, f.dossiers.pending_overdue.to_string()),
                    ];
                    let (id, labelled) = (format!("unit-{}", u.unit_code), format!("unit-{}", u.unit_code));
                    let public = with_query("/thong-ke", &[("don-vi", u.unit_code.clone())]);
                    view! {
                        <section aria-labelledby=labelled>
                            <h2 id=id lang="vi">{u.unit_name.clone()}</h2>
                            <table><tbody>{rows.into_iter().map(|(name, v)| view! { <tr><th scope="row">{tr(name)}</th><td class="num">{v}</td></tr> }).collect_view()}</tbody></table>
                            <p><a href=public>{tr(k::STATS_PUBLIC_PAGE)}</a></p>
                            {u.by_officer.map(|officers| view! {
                                <h3>{tr(k::STATS_BY_OFFICER)}</h3>
                                <div class="table-scroll" tabindex="0" role="region" aria-label=tr(k::STATS_BY_OFFICER)><table>
                                    <thead><tr><th scope="col">{tr(k::STATS_OFFICER)}</th><th scope="col" class="num">{tr(k::STATS_FINISHED_ON_TIME)}</th><th scope="col" class="num">{tr(k::STATS_FINISHED_LATE)}</th><th scope="col" class="num">{tr(k::STATS_PENDING_IN_TIME)}</th><th scope="col" class="num">{tr(k::STATS_PENDING_OVERDUE)}</th><th scope="col" class="num">{tr(k::STATS_ON_TIME)}</th></tr></thead>
                                    <tbody>{officers.into_iter().map(|o| {
                                        let name = if o.name.is_empty() { t(k::STATS_NO_OFFICER).to_owned() } else { o.name.clone() };
                                        view! { <tr><th scope="row" lang="vi">{name}</th><td class="num">{o.counts.finished_on_time}</td><td class="num">{o.counts.finished_late}</td><td class="num">{o.counts.pending_in_time}</td><td class="num">{o.counts.pending_overdue}</td><td class="num">{percent(o.on_time)}</td></tr> }
                                    }).collect_view()}</tbody>
                                </table></div>
                            })}
                        </section>
                    }
                }).collect_view().into_any(),
                Err(e) => crate::components::failure_view(e),
            })}
        </div>
    }
}

/// The drill-down's address: the dossiers counted as `figure`.
fn behind_href(figure: &str, unit: &str, from: &str, to: &str) -> String {
    with_query(
        "/thong-ke/ho-so",
        &[
            ("chi-so", figure.to_owned()),
            ("don-vi", unit.to_owned()),
            ("tu", from.to_owned()),
            ("den", to.to_owned()),
        ],
    )
}

/// The change of a rate against the period before, in words (not colour).
fn change(now: Ratio, before: Ratio) -> String {
    match (now.percent(), before.percent()) {
        (Some(a), Some(b)) => {
            let d = ((a - b) * 10.0).round() / 10.0;
            let n = decimal(d.abs());
            if d > 0.0 {
                tf(k::STATS_POINTS_UP, &[("n", &n)])
            } else if d < 0.0 {
                tf(k::STATS_POINTS_DOWN, &[("n", &n)])
            } else {
                t(k::STATS_POINTS_SAME).to_owned()
            }
        }
        _ => "—".to_owned(),
    }
}

/// One decimal, with the decimal comma in Vietnamese.
fn decimal(x: f64) -> String {
    let s = format!("{x:.1}");
    if crate::i18n::english() {
        s
    } else {
        s.replace('.', ",")
    }
}

fn percent(r: Ratio) -> String {
    r.percent()
        .map_or_else(|| "—".to_owned(), |p| format!("{} %", decimal(p)))
}

/// The sentence for a refused parameter.
fn reason(field: &str, r: &str) -> &'static str {
    t(match (field, r) {
        ("to", _) => k::STATS_ERR_TO,
        (_, "too_long") => k::STATS_ERR_LONG,
        ("unit", _) => k::STATS_ERR_UNIT,
        _ => k::STATS_ERR_DATE,
    })
}

/// `/thong-ke?tu=&den=&don-vi=`
#[component]
pub fn StatisticsPage() -> impl IntoView {
    crate::use_page_title(|| t(k::STATS_TITLE).to_owned());
    let query = use_query_map();
    let param = move |name: &str| query_param(query, name);
    let figures = LocalResource::new(move || {
        let url = with_query(app::paths::STATISTICS, &api_pairs(query, &PARAMS));
        async move { get_json::<Figures>(&url).await }
    });
    let units = LocalResource::new(|| get_json::<Vec<UnitSummary>>(app::paths::UNITS));
    let from = RwSignal::new(param("tu").unwrap_or_default());
    let to = RwSignal::new(param("den").unwrap_or_default());
    let unit = RwSignal::new(param("don-vi").unwrap_or_default());
    let navigate = use_navigate();
    let show = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let pairs: Vec<(&str, String)> = [("tu", from), ("den", to), ("don-vi", unit)]
            .into_iter()
            .map(|(n, s)| (n, s.get_untracked()))
            .filter(|(_, v)| !v.is_empty())
            .collect();
        navigate(&with_query("/thong-ke", &pairs), Default::default());
    };
    // A refused parameter, said at its field.
    let refused = move |field: &'static str| {
        move || {
            match figures.get() {
            Some(Err(ApiFailure::Api { error, .. })) => error
                .fields
                .get(field)
                .and_then(|r| r.first().cloned())
                .map(|r| view! { <p class="field-error" id=format!("st-{field}-error")>{reason(field, &r)}</p> }),
            _ => None,
        }
        }
    };
    let date_field = move |id: &'static str,
                           field: &'static str,
                           label: usize,
                           value: RwSignal<String>| {
        view! {
            <div class="field">
                <label for=id>{tr(label)}</label>
                {refused(field)}
                <input id=id type="date" prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
            </div>
        }
    };
    view! {
        <div class="wrap page statistics">
            <h1 id="page-title" tabindex="-1">{tr(k::STATS_TITLE)}</h1>
            <p>{tr(k::STATS_INTRO)}</p>
            <form class="step-form" on:submit=show>
                {date_field("st-from", "from", k::STATS_FROM, from)}
                {date_field("st-to", "to", k::STATS_TO, to)}
                <div class="field">
                    <label for="st-unit">{tr(k::STATS_UNIT)}</label>
                    {refused("unit")}
                    <select id="st-unit" on:change=move |ev| unit.set(event_target_value(&ev))>
                        <option value="">{tr(k::STATS_ALL_UNITS)}</option>
                        {move || units.get().and_then(Result::ok).map(|l| unit_options(l, Some(unit)))}
                    </select>
                </div>
                <p class="form-actions"><button type="submit" class="button primary">{tr(k::STATS_SHOW)}</button></p>
            </form>
            {move || figures.get().map(|r| match r {
                Ok(f) => {
                    // The same figures as open data, for the same filters.
                    let csv = with_query(&format!("{}/figures.csv", app::paths::STATISTICS), &api_pairs(query, &PARAMS));
                    let unit = param("don-vi").unwrap_or_default();
                    let (from, to) = (f.from.clone(), f.to.clone());
                    view! {
                        <FiguresView f=f unit=unit/>
                        <p><a href=csv download="" rel="external">{tr(k::STATS_CSV)}</a></p>
                        <charts::MonthsChart from=from.clone() to=to.clone()/>
                        <charts::Online from=from.clone() to=to.clone()/>
                        <charts::Ranking from=from to=to/>
                    }.into_any()
                }
                Err(ApiFailure::Api { status: 400, .. }) => ().into_any(),
                Err(e) => crate::components::failure_view(e),
            })}
        </div>
    }
}

#[component]
fn FiguresView(f: Figures, unit: String) -> impl IntoView {
    let d = f.dossiers.clone();
    let before = f.previous.as_deref().cloned();
    let compared = before.as_ref().map(|b| {
        let (from, to) = (
            crate::components::day(&b.from),
            crate::components::day(&b.to),
        );
        view! { <p>{move || tf(k::STATS_PREVIOUS_PERIOD, &[("from", &from), ("to", &to)])}</p> }
    });
    let rank = f.rank.clone().map(|r| {
        let level = if r.level == "department" { k::STATS_LEVEL_DEPARTMENT } else { k::STATS_LEVEL_COMMUNE };
        view! { <p class="rank-line">{move || tf(k::STATS_RANK, &[("rank", &r.rank.to_string()), ("of", &r.of.to_string()), ("level", t(level))])}</p> }
    });
    // Each count leads to its dossiers when one unit is shown.
    let (from_day, to_day) = (f.from.clone(), f.to.clone());
    let count_cell = move |name: &'static str, n: u64| {
        let cell = if unit.is_empty() || n == 0 {
            n.to_string().into_any()
        } else {
            let href = behind_href(name, &unit, &from_day, &to_day);
            view! { <a href=href>{n}</a> }.into_any()
        };
        view! { <td class="num">{cell}</td> }
    };
    let fb = f.feedback.clone();
    let (from, to, at) = (
        crate::components::day(&f.from),
        crate::components::day(&f.to),
        crate::components::when(f.computed_at),
    );
    let period = move || {
        tf(
            k::STATS_PERIOD,
            &[("from", &from), ("to", &to), ("at", &at)],
        )
    };
    let indicators = [
        (k::STATS_ON_TIME, k::STATS_ON_TIME_HOW, f.on_time, "on_time"),
        (
            k::STATS_ONLINE,
            k::STATS_ONLINE_HOW,
            f.online_share,
            "online_share",
        ),
        (
            k::STATS_SATISFACTION,
            k::STATS_SATISFACTION_HOW,
            f.satisfaction,
            "satisfaction",
        ),
        (
            k::STATS_FB_ON_TIME,
            k::STATS_FB_ON_TIME_HOW,
            f.feedback_on_time,
            "feedback_on_time",
        ),
        (
            k::STATS_FB_SATISFACTION,
            k::STATS_FB_SATISFACTION_HOW,
            f.feedback_satisfaction,
            "feedback_satisfaction",
        ),
    ];
    let counts = [
        (k::STATS_RECEIVED, d.received, "received"),
        (
            k::STATS_FINISHED_ON_TIME,
            d.finished_on_time,
            "finished_on_time",
        ),
        (k::STATS_FINISHED_LATE, d.finished_late, "finished_late"),
        (
            k::STATS_PENDING_IN_TIME,
            d.pending_in_time,
            "pending_in_time",
        ),
        (
            k::STATS_PENDING_OVERDUE,
            d.pending_overdue,
            "pending_overdue",
        ),
        (k::STATS_REFUSED, d.refused, "refused"),
        (k::STATS_WITHDRAWN, d.withdrawn, "withdrawn"),
        (k::STATS_STOPPED, d.stopped, "stopped"),
        (k::STATS_SUPPLEMENTED, d.supplemented, "supplemented"),
        (
            k::STATS_SUPPLEMENTED_AGAIN,
            d.supplemented_again,
            "supplemented_again",
        ),
        (k::STATS_DISSATISFIED, d.dissatisfied, "dissatisfied"),
    ];
    let feedback_counts = [
        (k::STATS_FB_RECEIVED, fb.received),
        (k::STATS_FB_OVERDUE, fb.overdue),
    ];
    let channels = [
        (k::STATS_CH_COUNTER, d.by_channel[0]),
        (k::STATS_CH_ONLINE, d.by_channel[1]),
        (k::STATS_CH_POST, d.by_channel[2]),
    ];
    let most = channels.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
    let most_rated = d.ratings.iter().copied().max().unwrap_or(0).max(1);
    let demo = (f.demo_dossiers > 0).then(|| {
        let n = f.demo_dossiers.to_string();
        view! { <p class="notice">{move || tf(k::STATS_DEMO, &[("n", &n)])}</p> }
    });
    view! {
        <p role="status">{period}</p>
        {demo}
        {rank}
        {compared}
        <h2 id="st-indicators">{tr(k::STATS_INDICATORS)}</h2>
        // Scrolls sideways on a narrow screen: focusable, so a keyboard
        // can scroll it too.
        <div class="table-scroll" tabindex="0" role="region" aria-labelledby="st-indicators"><table>
            <thead><tr><th scope="col">{tr(k::STATS_INDICATOR)}</th><th scope="col" class="num">{tr(k::STATS_NUMERATOR)}</th><th scope="col" class="num">{tr(k::STATS_DENOMINATOR)}</th><th scope="col" class="num">{tr(k::STATS_RATE)}</th><th scope="col" class="num">{tr(k::STATS_PREVIOUS)}</th><th scope="col">{tr(k::STATS_CHANGE)}</th></tr></thead>
            <tbody>{indicators.into_iter().map(|(name, how, r, key)| {
                let then = before.as_ref().and_then(|b| b.indicator(key));
                view! {
                    <tr><th scope="row">{tr(name)}<br/><span class="hint">{tr(how)}</span></th>
                    <td class="num">{r.numerator}</td><td class="num">{r.denominator}</td><td class="num">{percent(r)}</td>
                    <td class="num">{then.map(percent).unwrap_or_else(|| "—".to_owned())}</td>
                    <td>{move || then.map(|b| change(r, b)).unwrap_or_else(|| "—".to_owned())}</td></tr>
                }
            }).collect_view()}</tbody>
        </table></div>
        <h2>{tr(k::STATS_COUNTS)}</h2>
        <table>
            <tbody>
                {counts.into_iter().map(|(name, n, key)| view! { <tr><th scope="row">{tr(name)}</th>{count_cell(key, n)}</tr> }).collect_view()}
                {feedback_counts.into_iter().map(|(name, n)| view! { <tr><th scope="row">{tr(name)}</th><td class="num">{n}</td></tr> }).collect_view()}
            </tbody>
        </table>
        {f.days_to_result.map(|s| view! {
            <p>{move || tf(k::STATS_DAYS, &[("avg", &decimal(s.average)), ("median", &s.median.to_string()), ("p90", &s.p90.to_string())])}</p>
        })}
        <h2 id="st-ratings">{tr(k::STATS_RATINGS)}</h2>
        <table aria-labelledby="st-ratings">
            <thead><tr><th scope="col">{tr(k::STATS_RATING_LEVEL)}</th><th scope="col" class="num">{tr(k::STATS_RATING_COUNT)}</th><td></td></tr></thead>
            <tbody>{app::ratings::LEVELS.into_iter().map(|level| {
                let n = d.ratings[usize::from(level) - 1];
                // The bar repeats the number beside it, for the eye only.
                let width = (n * 100 / most_rated).to_string();
                view! { <tr><th scope="row">{move || app::ratings::level_name(level, crate::i18n::english())}</th><td class="num">{n}</td>
                    <td class="bar-cell"><svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false"><rect width=width height="10"></rect></svg></td></tr> }
            }).collect_view()}</tbody>
        </table>
        <h3 id="st-criteria">{tr(k::STATS_CRITERIA)}</h3>
        <table aria-labelledby="st-criteria">
            <thead><tr><th scope="col">{tr(k::STATS_CRITERION)}</th><th scope="col" class="num">{tr(k::STATS_AVERAGE)}</th><th scope="col" class="num">{tr(k::STATS_RATING_COUNT)}</th></tr></thead>
            <tbody>{[k::RATE_CONVENIENCE, k::RATE_PUNCTUALITY, k::RATE_ATTITUDE, k::RATE_CONTACTS, k::RATE_CLARITY].into_iter().enumerate().map(|(i, name)| {
                let (sum, n) = (d.criteria_sum[i], d.criteria_count[i]);
                let avg = if n == 0 { "—".to_owned() } else { decimal(sum as f64 / n as f64) };
                view! { <tr><th scope="row">{tr(name)}</th><td class="num">{avg}</td><td class="num">{n}</td></tr> }
            }).collect_view()}</tbody>
        </table>
        <h2 id="st-channels">{tr(k::STATS_CHANNELS)}</h2>
        // The bars repeat the table beside them, which is what a screen
        // reader reads; each bar carries its number, not colour alone.
        <div class="bars" aria-hidden="true">{channels.iter().map(|(name, n)| {
            // An SVG rectangle, not a styled box: the portal's content
            // policy allows no inline styles.
            let width = (n * 100 / most).to_string();
            view! { <div class="bar-row"><span class="bar-label">{tr(*name)}</span>
                <svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" focusable="false"><rect width=width height="10"></rect></svg>
                <span class="bar-value">{*n}</span></div> }
        }).collect_view()}</div>
        <table aria-labelledby="st-channels">
            <tbody>{channels.into_iter().map(|(name, n)| view! { <tr><th scope="row">{tr(name)}</th><td class="num">{n}</td></tr> }).collect_view()}</tbody>
        </table>
    }
}
