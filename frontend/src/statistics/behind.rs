//! The dossiers behind one of a unit's figures: codes, procedures, channels and days, nothing about the people, so anyone can check a count line by line.

use super::PARAMS;
use crate::api::{get_json, with_query};
use crate::components::query_param;
use crate::i18n::{k, t, tf, tr};
use app::statistics::CountedPage;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// A count's name on the page.
fn figure_label(figure: &str) -> &'static str {
    t(match figure {
        "received_counter" => k::STATS_CH_COUNTER,
        "received_online" => k::STATS_CH_ONLINE,
        "received_post" => k::STATS_CH_POST,
        "finished_on_time" => k::STATS_FINISHED_ON_TIME,
        "finished_late" => k::STATS_FINISHED_LATE,
        "pending_in_time" => k::STATS_PENDING_IN_TIME,
        "pending_overdue" => k::STATS_PENDING_OVERDUE,
        "refused" => k::STATS_REFUSED,
        "withdrawn" => k::STATS_WITHDRAWN,
        "stopped" => k::STATS_STOPPED,
        "supplemented" => k::STATS_SUPPLEMENTED,
        "supplemented_again" => k::STATS_SUPPLEMENTED_AGAIN,
        "dissatisfied" => k::STATS_DISSATISFIED,
        _ => k::STATS_RECEIVED,
    })
}

fn channel_label(c: u8) -> &'static str {
    t(match c {
        1 => k::STATS_CH_COUNTER,
        3 => k::STATS_CH_POST,
        _ => k::STATS_CH_ONLINE,
    })
}

/// `/thong-ke/ho-so?chi-so=&don-vi=&tu=&den=&trang=`
#[component]
pub fn BehindPage() -> impl IntoView {
    crate::use_page_title(|| t(k::STATS_BEHIND_TITLE).to_owned());
    let query = use_query_map();
    let pairs = move || {
        let mut pairs = crate::components::api_pairs(query, &PARAMS);
        pairs.extend(query_param(query, "chi-so").map(|v| ("figure", v)));
        pairs
    };
    let page = LocalResource::new(move || {
        let mut p = pairs();
        p.extend(query_param(query, "trang").map(|v| ("page", v)));
        let url = with_query(&format!("{}/dossiers", app::paths::STATISTICS), &p);
        async move { get_json::<CountedPage>(&url).await }
    });
    let back = move || {
        let p: Vec<(&str, String)> = ["tu", "den", "don-vi"]
            .into_iter()
            .filter_map(|n| query_param(query, n).map(|v| (n, v)))
            .collect();
        with_query("/thong-ke", &p)
    };
    view! {
        <div class="wrap page statistics">
            <h1 id="page-title" tabindex="-1">{tr(k::STATS_BEHIND_TITLE)}</h1>
            <p><a href=back>{tr(k::STATS_BACK)}</a></p>
            <p>{tr(k::STATS_BEHIND_PRIVACY)}</p>
            {move || page.get().map(|r| match r {
                Ok(p) => {
                    let unit = p.unit.clone();
                    let intro = {
                        let (figure, from, to, total) = (p.figure.clone(), crate::components::day(&p.from), crate::components::day(&p.to), p.total.to_string());
                        move || tf(k::STATS_BEHIND_INTRO, &[("figure", figure_label(&figure)), ("unit", &unit), ("from", &from), ("to", &to), ("total", &total)])
                    };
                    let csv = with_query(&format!("{}/dossiers.csv", app::paths::STATISTICS), &pairs());
                    let pages = (p.total as u32).div_ceil(p.per_page).max(1);
                    let href = Callback::new(move |n: u32| {
                        let mut q: Vec<(String, String)> = query.get_untracked().into_iter().filter(|(k, _)| k != "trang").map(|(k, v)| (k.to_string(), v)).collect();
                        q.push(("trang".into(), n.to_string()));
                        let q: Vec<(&str, String)> = q.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
                        with_query("/thong-ke/ho-so", &q)
                    });
                    view! {
                        <p role="status">{intro}</p>
                        {(p.total == 0).then(|| view! { <p>{tr(k::STATS_BEHIND_NONE)}</p> })}
                        {(p.total > 0).then(|| view! {
                            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="page-title"><table>
                                <thead><tr><th scope="col">{tr(k::STATS_CODE)}</th><th scope="col">{tr(k::STATS_PROCEDURE)}</th><th scope="col">{tr(k::STATS_CHANNEL)}</th><th scope="col">{tr(k::STATS_RECEIVED_ON)}</th><th scope="col">{tr(k::STATS_DUE_ON)}</th><th scope="col">{tr(k::STATS_ENDED_ON)}</th></tr></thead>
                                <tbody>{p.items.into_iter().map(|d| {
                                    let ended = d.ready.clone().or(d.closed.clone()).map(|x| crate::components::day(&x)).unwrap_or_else(|| "—".to_owned());
                                    view! {
                                        <tr><th scope="row">{d.code}</th><td lang="vi">{d.procedure_name}</td><td>{move || channel_label(d.channel)}</td>
                                        <td>{crate::components::day(&d.received)}</td><td>{crate::components::day(&d.due)}</td><td>{ended}</td></tr>
                                    }
                                }).collect_view()}</tbody>
                            </table></div>
                        })}
                        <crate::components::Pager page=p.page pages=pages href=href/>
                        <p><a href=csv download="" rel="external">{tr(k::STATS_BEHIND_CSV)}</a></p>
                    }.into_any()
                }
                Err(e) => crate::components::failure_view(e),
            })}
        </div>
    }
}
