//! "My documents": the person's document store, with where each was used, preview, upload and delete.

use super::DocumentView;
use crate::api::get_json;
use crate::i18n::{k, t, tf, tr};
use crate::identity::Session;
use leptos::prelude::*;

fn size_text(bytes: i64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{} KB", (bytes + 1023) / 1024)
    }
}

/// "Upload from this device" into the person's store: the limits, the
/// file checked by the server on its content, progress, and what came of
/// it; `stored` is told of each document kept.
#[component]
pub fn StoreUpload(
    id: &'static str,
    #[prop(into)] stored: Callback<DocumentView>,
) -> impl IntoView {
    let limits = super::fetch_limits();
    let status = RwSignal::new(String::new());
    let percent = RwSignal::new(None::<u32>);
    let on_file = move |ev: leptos::ev::Event| {
        let Some(file) = super::picked_file(&ev) else {
            return;
        };
        percent.set(Some(0));
        let csrf = Session::get().csrf();
        leptos::task::spawn_local(async move {
            let shown = move |p: u32| percent.set(Some(p));
            let r = crate::api::upload_file::<DocumentView>(&file, "", &csrf, shown).await;
            percent.set(None);
            match r {
                Ok(d) => {
                    status.set(crate::dossiers::fields::uploaded_notice(&d));
                    stored.run(d);
                }
                Err(f) => status.set(crate::dossiers::fields::upload_failure(&f).to_owned()),
            }
        });
    };
    let hint = format!("{id}-hint");
    view! {
        <div class="field">
            <label for=id>{tr(k::DOC_UPLOAD)}</label>
            <p class="hint" id=hint.clone()>{super::limits_text(limits)}</p>
            <input id=id type="file" accept="image/jpeg,image/png,application/pdf" aria-describedby=hint on:change=on_file/>
            <progress class="upload-progress" max="100" value=move || percent.get().unwrap_or(0) hidden=move || percent.get().is_none() aria-hidden="true"></progress>
            <p role="status">{move || match percent.get() { Some(p) => tf(k::DOC_UPLOADING_PCT, &[("n", &p.to_string())]), None => status.get() }}</p>
        </div>
    }
}

/// `/ca-nhan/giay-to`
#[component]
pub fn DocumentsPage() -> impl IntoView {
    crate::use_page_title(|| t(k::DOCS_TITLE).to_owned());
    let session = Session::get();
    let docs = LocalResource::new(|| get_json::<Vec<DocumentView>>(app::paths::MY_DOCUMENTS));
    // What came of a deletion.
    let status = RwSignal::new(String::new());
    let remove = move |id: String, name: String| {
        if !window()
            .confirm_with_message(&tf(k::DOCS_CONFIRM_DELETE, &[("name", &name)]))
            .unwrap_or(false)
        {
            return;
        }
        leptos::task::spawn_local(async move {
            let res = gloo_net::http::Request::delete(&app::paths::my_document(&id))
                .header("x-csrf-token", &session.csrf())
                .send()
                .await;
            match res {
                Ok(r) if r.ok() => {
                    status.set(tf(k::DOCS_DELETED, &[("name", &name)]));
                    docs.refetch();
                }
                _ => status.set(t(k::DOCS_DELETE_FAILED).to_owned()),
            }
        });
    };
    view! {
        <div class="wrap page">
            <h1 id="page-title" tabindex="-1">{tr(k::DOCS_TITLE)}</h1>
            <p>{tr(k::DOCS_INTRO)}</p>
            <StoreUpload id="store-upload" stored=move |_| docs.refetch()/>
            <p role="status">{move || status.get()}</p>
            <Suspense fallback=|| view! { <crate::components::Loading key=k::PROC_LOADING/> }>
                {move || docs.get().map(|r| match r {
                    Ok(list) if list.is_empty() => view! { <p>{tr(k::DOCS_NONE)}</p> }.into_any(),
                    Ok(list) => view! {
                        <ul class="card-list documents">
                            {list.into_iter().map(|d| {
                                let (id, name) = (d.id.clone(), d.file_name.clone());
                                let used = !d.used_in.is_empty();
                                let used_text = d.used_in.join(", ");
                                view! {
                                    <li>
                                        <h2 class="doc-name"><a href=app::paths::my_document_content(&d.id) target="_blank" rel="noopener" translate="no">{d.file_name.clone()}</a></h2>
                                        {(!d.kind.is_empty()).then(|| view! { <p>{super::kind_view(&d.kind)}</p> })}
                                        <p class="hint">{tf(k::DOCS_ADDED, &[("date", &super::receipt::when(d.created_at))])}" · "{size_text(d.size)}" · "{d.media_type.clone()}</p>
                                        <p>{if used { tf(k::DOCS_USED_IN, &[("codes", &used_text)]) } else { t(k::DOCS_UNUSED).to_owned() }}</p>
                                        {(!used).then(|| {
                                            let label = tf(k::DOCS_DELETE, &[("name", &name)]);
                                            view! { <button type="button" class="link-button" on:click=move |_| remove(id.clone(), name.clone())>{label}</button> }
                                        })}
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
