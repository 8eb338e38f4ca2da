//! Filling a procedure's e-form: a draft saved as the person goes (on the server and on the device), one section per page, "check your answers", and the idempotent submit.

pub mod documents;
pub mod fields;
pub mod notifications;
pub mod receipt;
pub mod tracking;

use crate::api::{get_json, send_json, ApiFailure};
use crate::i18n::{k, t, tf, tr};
use crate::identity::Session;
pub use app::dossiers::DocumentView;
use app::dossiers::{Dossier, Draft, DraftUpdate, NewDraft, SubmitRequest};
use app::forms::{Answers, FormDef, Kind, Lookup};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use leptos_router::NavigateOptions;
use std::collections::{BTreeMap, HashSet};

/// Everything the field widgets of one form share.
#[derive(Clone, Copy)]
pub struct FormCtx {
    pub answers: RwSignal<Answers>,
    /// The ids of the form's fields shown with the answers now (a detail
    /// of a hidden question is hidden too), worked out once per change.
    pub shown: Memo<HashSet<String>>,
    pub errors: RwSignal<Errors>,
    pub documents: RwSignal<Vec<DocumentView>>,
    pub csrf: Signal<String>,
    /// Called after every change: keeps the device copy current.
    pub changed: Callback<()>,
    /// The provinces for address fields, fetched once per form.
    pub provinces: LocalResource<Vec<app::dossiers::Unit>>,
    pub limits: LocalResource<Option<UploadLimits>>,
    /// The form itself, so errors can name their fields.
    pub form: StoredValue<FormDef>,
    /// An officer's intake: a document slot may be "paper only".
    pub paper: bool,
}

pub use crate::components::{fetch_limits, limits_text, picked_file, Errors, ProblemSummary};
pub use crate::i18n::english;
pub use app::dossiers::UploadLimits;

/// The browser's side of validation: the server checks communes and
/// documents again against its own records.
struct BrowserLookup {
    documents: HashSet<String>,
    paper: bool,
}

impl Lookup for BrowserLookup {
    fn commune_in_province(&self, _: &str, _: &str) -> bool {
        true
    }
    fn owns_document(&self, id: &str) -> bool {
        self.documents.contains(id)
    }
    fn paper_accepted(&self) -> bool {
        self.paper
    }
    fn today(&self) -> String {
        let d = js_sys::Date::new_0();
        format!(
            "{:04}-{:02}-{:02}",
            d.get_full_year(),
            d.get_month() + 1,
            d.get_date()
        )
    }
}

/// The device copy of a draft: answers not yet confirmed by the server,
/// and the server's answers they started from, so only what was changed
/// here is laid over the server's copy (another device may have saved too).
#[derive(serde::Serialize, serde::Deserialize)]
struct DeviceCopy {
    answers: Answers,
    base: Answers,
    /// The section the person was on.
    #[serde(default)]
    section: String,
    /// The server's revision `base` was read from.
    #[serde(default)]
    revision: i64,
}

impl DeviceCopy {
    /// The server's answers with this device's own changes on top.
    fn merge_into(&self, server: &Answers) -> Answers {
        let mut merged = server.clone();
        for (k, v) in &self.answers {
            if self.base.get(k) != Some(v) {
                merged.insert(k.clone(), v.clone());
            }
        }
        for k in self.base.keys() {
            if !self.answers.contains_key(k) {
                merged.remove(k);
            }
        }
        merged
    }
}

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

fn device_key(draft: &str) -> String {
    format!("draft-{draft}")
}

/// A key made once per draft and kept on the device, so a retry after a
/// lost answer is recognised by the server as the same submission.
fn submission_key(draft: &str) -> String {
    let name = format!("submit-{draft}");
    if let Some(k) = storage().and_then(|s| s.get_item(&name).ok().flatten()) {
        return k;
    }
    let mut buf = [0u8; 16];
    let key = match window()
        .crypto()
        .ok()
        .map(|c| c.get_random_values_with_u8_array(&mut buf))
    {
        Some(Ok(_)) => buf.iter().map(|b| format!("{b:02x}")).collect(),
        _ => format!("{}-{}", js_sys::Date::now(), js_sys::Math::random()),
    };
    if let Some(s) = storage() {
        let _ = s.set_item(&name, &key);
    }
    key
}

thread_local! {
    /// Drafts being (or already) submitted from this page.
    static SENDING: std::cell::RefCell<HashSet<String>> = std::cell::RefCell::new(HashSet::new());
}

/// The query that names the draft a form page is filling, and the section
/// shown: each section has its own address, so Back goes to the previous
/// section and a reload lands on the same one.
pub const DRAFT_PARAM: &str = "ban-nhap";
pub const SECTION_PARAM: &str = "phan";
/// The section value of "check your answers".
const CHECK_SECTION: &str = "kiem-tra";

/// The address of one section of a draft's form.
fn section_href(procedure: &str, draft: &str, section: &str) -> String {
    format!(
        "/nop-ho-so/{}?{DRAFT_PARAM}={}&{SECTION_PARAM}={}",
        crate::api::encode(procedure),
        crate::api::encode(draft),
        crate::api::encode(section)
    )
}

/// What the form page found.
#[derive(Clone)]
enum Opened {
    Filling(FormDef, Draft, Vec<DocumentView>),
    /// The draft its address names is no longer a draft: sent from this
    /// device (its dossier's code), or from elsewhere, or removed.
    Sent(Option<String>),
}

/// Finds the person's draft of this procedure, or starts one. A draft named
/// by the address (`wanted`) that is gone is not replaced by a new one: the
/// person came back to a form already sent.
async fn open_draft(
    code: String,
    wanted: Option<String>,
    csrf: String,
) -> Result<Option<Draft>, ApiFailure> {
    let drafts: Vec<Draft> = get_json(app::paths::MY_DRAFTS).await?;
    if let Some(id) = wanted {
        return Ok(drafts.into_iter().find(|d| d.id == id));
    }
    if let Some(d) = drafts.into_iter().find(|d| d.procedure == code) {
        return Ok(Some(d));
    }
    send_json(
        "POST",
        app::paths::MY_DRAFTS,
        &NewDraft { procedure: code },
        &csrf,
    )
    .await
    .map(Some)
}

/// The sentence for a refusal by the procedure's rules of who may apply.
fn who_may_apply(e: &ApiFailure) -> Option<usize> {
    use app::procedures::refusals;
    let ApiFailure::Api { error, .. } = e else {
        return None;
    };
    error
        .fields
        .get("procedure")?
        .iter()
        .find_map(|r| match r.as_str() {
            refusals::ORGANISATIONS_ONLY => Some(k::APPLY_ORGANISATIONS_ONLY),
            refusals::INDIVIDUALS_ONLY => Some(k::APPLY_INDIVIDUALS_ONLY),
            refusals::NEEDS_LOA2 => Some(k::APPLY_NEEDS_LOA2),
            _ => None,
        })
}

/// `/nop-ho-so/:code`
#[component]
pub fn FormPage() -> impl IntoView {
    let params = use_params_map();
    let code = move || params.get().get("code").unwrap_or_default();
    let session = Session::get();
    crate::use_page_title(|| t(k::SUBMIT_TITLE).to_owned());
    // Wait for the session (and its CSRF token) before starting a draft;
    // a later refresh of the session must not reload the form under the person.
    let signed_in = Memo::new(move |_| session.info().map(|i| i.user.is_some()));
    // Read once: the form itself keeps its address in step afterwards.
    let wanted = use_query_map().with_untracked(|q| q.get(DRAFT_PARAM));
    let loaded = LocalResource::new(move || {
        let code = code();
        let signed_in = signed_in.get();
        let wanted = wanted.clone();
        async move {
            match signed_in {
                None => return None,
                Some(false) => {
                    return Some(Err(ApiFailure::Api {
                        status: 401,
                        error: Default::default(),
                    }))
                }
                Some(true) => {}
            }
            // Back (or a reload) after this device sent the draft.
            if let Some(sent) = wanted.as_ref().and_then(|id| {
                storage().and_then(|s| s.get_item(&format!("sent-{id}")).ok().flatten())
            }) {
                return Some(Ok(Opened::Sent(Some(sent))));
            }
            let csrf = session.csrf();
            let form = get_json::<FormDef>(&app::paths::form(&code)).await;
            let draft = open_draft(code, wanted, csrf).await;
            let docs = get_json::<Vec<DocumentView>>(app::paths::MY_DOCUMENTS)
                .await
                .unwrap_or_default();
            Some(form.and_then(|f| {
                draft.map(|d| match d {
                    Some(d) => {
                        let mut docs = docs;
                        // At the counter the officer's store holds scans of
                        // other people's papers: offer only this form's own.
                        if d.intake.is_some() {
                            docs.retain(|x| d.answers.values().any(|v| *v == x.id));
                        }
                        Opened::Filling(f, d, docs)
                    }
                    None => Opened::Sent(None),
                })
            }))
        }
    });
    let procedure = move || code();
    // No <Suspense> here: the fields load resources of their own (an
    // address's communes), and a suspense boundary would put the whole form
    // back to "loading" while they come, dropping the focus to the page body.
    view! {
        <div class="wrap page form-page">
            {move || match loaded.get().flatten() {
                None => view! { <h1 id="page-title" tabindex="-1">{tr(k::SUBMIT_TITLE)}</h1><crate::components::Loading key=k::PROC_LOADING/> }.into_any(),
                Some(Ok(Opened::Filling(form, draft, docs))) => view! { <Filling form=form draft=draft docs=docs/> }.into_any(),
                Some(Ok(Opened::Sent(code))) => view! { <AlreadySent dossier=code procedure=procedure()/> }.into_any(),
                Some(Err(ApiFailure::Api { status: 401, .. })) => view! {
                    <h1 id="page-title" tabindex="-1">{tr(k::SUBMIT_TITLE)}</h1>
                    <p>{tr(k::SESSION_ENDED)}" "
                        <a href=crate::identity::login_href(&window().location().pathname().unwrap_or_default()) rel="external">{tr(k::AUTH_LOGIN)}</a></p>
                }.into_any(),
                Some(Err(e)) => match who_may_apply(&e) {
                    Some(key) => view! {
                        <h1 id="page-title" tabindex="-1">{tr(k::SUBMIT_TITLE)}</h1>
                        <p class="error-box" role="alert">{tr(key)}</p>
                    }.into_any(),
                    None => view! {
                        <h1 id="page-title" tabindex="-1">{tr(k::SUBMIT_TITLE)}</h1>
                        <crate::components::ErrorBox failure=e/>
                    }.into_any(),
                },
            }}
        </div>
    }
}

/// Whom an officer is filling the form for, and how the dossier came.
#[component]
fn IntakeBanner(i: app::dossiers::IntakeFor) -> impl IntoView {
    let how = match i.channel {
        app::dossiers::Channel::Post => tf(k::INTAKE_BY_POST, &[("n", &i.postal_in)]),
        _ => t(k::INTAKE_AT_COUNTER).to_owned(),
    };
    view! {
        <p class="intake-banner">{tf(k::INTAKE_FOR, &[("name", &i.applicant), ("id", &i.masked_id)])}" · "{how}</p>
    }
}

/// The page met by going Back to a form already sent: no new empty form,
/// but where the dossier is, and a way to start another one on purpose.
#[component]
fn AlreadySent(dossier: Option<String>, procedure: String) -> impl IntoView {
    request_animation_frame(|| crate::focus_element("page-title"));
    let again = format!("/nop-ho-so/{}", crate::api::encode(&procedure));
    view! {
        <h1 id="page-title" tabindex="-1">{tr(k::FORM_SENT_TITLE)}</h1>
        {match dossier {
            Some(code) => view! {
                <p>{tf(k::FORM_SENT_TEXT, &[("code", &code)])}</p>
                <p><a class="button primary" href=format!("/ca-nhan/ho-so/{code}")>{tf(k::FORM_SENT_OPEN, &[("code", &code)])}</a></p>
            }.into_any(),
            None => view! {
                <p>{tr(k::FORM_GONE_TEXT)}</p>
                <p><a class="button primary" href="/ca-nhan/ho-so">{tr(k::FORM_GONE_MINE)}</a></p>
            }.into_any(),
        }}
        <p><a href=again>{tr(k::FORM_START_AGAIN)}</a></p>
    }
}

#[component]
fn Filling(form: FormDef, draft: Draft, docs: Vec<DocumentView>) -> impl IntoView {
    let session = Session::get();
    let csrf = Signal::derive(move || session.csrf());
    // What this device typed and the server has not confirmed comes first.
    let device = storage()
        .and_then(|s| s.get_item(&device_key(&draft.id)).ok().flatten())
        .and_then(|j| serde_json::from_str::<DeviceCopy>(&j).ok());
    // Offline, the draft may come from the service worker's older copy:
    // then the device knows the server's newer answers (its base) itself.
    let stale = device.as_ref().is_some_and(|c| c.revision > draft.revision);
    let (server_answers, server_revision) = match &device {
        Some(c) if stale => (c.base.clone(), c.revision),
        _ => (draft.answers.clone(), draft.revision),
    };
    let start_answers = device
        .as_ref()
        .map_or_else(|| server_answers.clone(), |c| c.merge_into(&server_answers));
    let start_section = device
        .map(|c| c.section)
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| draft.section.clone());
    let unsynced = start_answers != server_answers;
    let answers = RwSignal::new(start_answers);
    // The answers the server is known to hold, and their revision.
    let confirmed = StoredValue::new(server_answers);
    let confirmed_revision = StoredValue::new(server_revision);
    let errors = RwSignal::new(Errors::new());
    let documents = RwSignal::new(docs);
    let sections = form.sections.len();
    // 0..sections are the sections; `sections` is "check your answers".
    // The address says which one is shown (`?phan=`): Back, Forward and a
    // reload move between sections as between pages.
    let query = use_query_map();
    // One copy of the form for every closure of the page.
    let form_sv = StoredValue::new(form.clone());
    // A section's id; empty for "check your answers" (as drafts store it).
    let section_id = move |n: usize| {
        form_sv.with_value(|f| f.sections.get(n).map(|s| s.id.clone()).unwrap_or_default())
    };
    let index_of = move |name: &str| {
        if name == CHECK_SECTION {
            Some(sections)
        } else {
            form_sv.with_value(|f| f.sections.iter().position(|s| s.id == name))
        }
    };
    let name_of = move |n: usize| match section_id(n) {
        id if id.is_empty() => CHECK_SECTION.to_owned(),
        id => id,
    };
    let in_address = query
        .with_untracked(|q| q.get(SECTION_PARAM))
        .and_then(|s| index_of(&s));
    let start = in_address.unwrap_or_else(|| {
        form.sections
            .iter()
            .position(|s| s.id == start_section)
            .unwrap_or(0)
    });
    let step = RwSignal::new(start);
    let href = {
        let (procedure, id) = (form.procedure.clone(), draft.id.clone());
        move |n: usize| section_href(&procedure, &id, &name_of(n))
    };
    let navigate_to = use_navigate();
    if in_address != Some(start)
        || query.with_untracked(|q| q.get(DRAFT_PARAM)).as_deref() != Some(draft.id.as_str())
    {
        // The first address of the form becomes the section's own, in place.
        let (navigate, to) = (navigate_to.clone(), href(start));
        request_animation_frame(move || {
            navigate(
                &to,
                NavigateOptions {
                    replace: true,
                    scroll: false,
                    ..Default::default()
                },
            )
        });
    }
    // Back to a page the browser kept whole (back/forward cache): load it
    // anew, so a form sent meanwhile says so instead of offering to send.
    let restored = window_event_listener(leptos::ev::pageshow, |ev| {
        if ev.persisted() {
            let _ = window().location().reload();
        }
    });
    on_cleanup(move || restored.remove());
    let saving = RwSignal::new(None::<bool>);
    let draft_id = draft.id.clone();
    let expires = draft.expires_on.clone();
    let intake = draft.intake.clone();
    let paper = intake.is_some();
    let procedure_name = StoredValue::new(form.title.clone());

    let id_for_change = draft_id.clone();
    let changed = Callback::new(move |_| {
        if let Some(s) = storage() {
            let copy = DeviceCopy {
                answers: answers.get_untracked(),
                base: confirmed.get_value(),
                revision: confirmed_revision.get_value(),
                section: section_id(step.get_untracked()),
            };
            if let Ok(j) = serde_json::to_string(&copy) {
                let _ = s.set_item(&device_key(&id_for_change), &j);
            }
        }
    });
    let provinces = LocalResource::new(|| async {
        get_json::<Vec<app::dossiers::Unit>>(app::paths::PROVINCES)
            .await
            .unwrap_or_default()
    });
    // Where the dossier is filed, where several units take it in: the
    // commune of the residence declared, unless the person picks another.
    let receiving_path = app::paths::procedure_units(&form_sv.with_value(|f| f.procedure.clone()));
    let receiving = LocalResource::new(move || {
        let path = receiving_path.clone();
        async move {
            get_json::<Vec<app::units::UnitSummary>>(&path)
                .await
                .unwrap_or_default()
        }
    });
    let unit = RwSignal::new(String::new());
    let ctx = FormCtx {
        shown: Memo::new(move |_| answers.with(|a| form_sv.with_value(|f| f.shown(a)))),
        answers,
        errors,
        documents,
        csrf,
        changed,
        provinces,
        limits: fetch_limits(),
        form: form_sv,
        paper,
    };
    provide_context(ctx);

    let id_for_save = draft_id.clone();
    let id_for_online = draft_id.clone();
    // Saves to the server; the device copy stays until the server has it.
    let save = Callback::new(move |section: String| {
        let id = id_for_save.clone();
        saving.set(Some(true));
        let update = DraftUpdate {
            answers: answers.get_untracked(),
            section,
        };
        leptos::task::spawn_local(async move {
            let url = app::paths::my_draft(&id);
            match send_json::<_, Draft>("PUT", &url, &update, &csrf.get_untracked()).await {
                Ok(d) => {
                    confirmed.set_value(d.answers.clone());
                    confirmed_revision.set_value(d.revision);
                    // Typed while the save was on its way: keep it on the
                    // device, now based on the server's new revision.
                    if answers.get_untracked() == update.answers {
                        if let Some(s) = storage() {
                            let _ = s.remove_item(&device_key(&id));
                        }
                    } else {
                        changed.run(());
                    }
                    saving.set(Some(false));
                }
                Err(_) => saving.set(None),
            }
        });
    });
    // Back online: send what was kept on the device meanwhile.
    let online = move || {
        if storage().is_some_and(|s| {
            s.get_item(&device_key(&id_for_online))
                .ok()
                .flatten()
                .is_some()
        }) {
            save.run(section_id(step.get_untracked()));
        }
    };
    let listener = leptos::prelude::window_event_listener(leptos::ev::online, move |_| online());
    on_cleanup(move || listener.remove());
    if unsynced {
        // Changes made here while offline or before a reload: send them now.
        save.run(section_id(start));
    }
    let lookup = move || BrowserLookup {
        paper,
        documents: documents
            .get_untracked()
            .into_iter()
            .map(|d| d.id)
            .collect(),
    };
    // Moving to a section is moving to its address; the effect below then
    // shows it, whether the move came from a button or from Back/Forward.
    let go = Callback::new(move |n: usize| navigate_to(&href(n), Default::default()));
    Effect::new(move |_| {
        let Some(n) = query
            .with(|q| q.get(SECTION_PARAM))
            .and_then(|s| index_of(&s))
        else {
            return;
        };
        if n == step.get_untracked() {
            return;
        }
        step.set(n);
        // The device knows at once where the person is, in case the page
        // is reloaded before the server has the draft.
        changed.run(());
        save.run(section_id(n));
        request_animation_frame(|| crate::focus_element("page-title"));
        window().scroll_to_with_x_and_y(0.0, 0.0);
    });
    let next = Callback::new(move |_: ()| {
        let n = step.get_untracked();
        let result = form_sv.with_value(|f| {
            let section = f.sections.get(n).map(|s| s.id.clone());
            f.validate(&answers.get_untracked(), section.as_deref(), &lookup())
        });
        match result {
            Ok(_) => {
                errors.set(Errors::new());
                go.run(n + 1);
            }
            Err(e) => {
                errors.set(e.0);
                request_animation_frame(|| crate::focus_element("error-summary"));
            }
        }
    });
    let submitting = RwSignal::new(false);
    let navigate = use_navigate();
    let id_for_submit = draft_id.clone();
    let submit = Callback::new(move |_: ()| {
        // One submission of a draft at a time from this page, however many
        // taps arrive; the server's idempotency key covers other devices.
        if !SENDING.with(|s| s.borrow_mut().insert(id_for_submit.clone())) {
            return;
        }
        // Sent already (by another tap or tab of this device): show its receipt.
        if let Some(code) =
            storage().and_then(|s| s.get_item(&format!("sent-{id_for_submit}")).ok().flatten())
        {
            let _ = window()
                .location()
                .assign(&format!("/ca-nhan/ho-so/{code}?{}=1", tracking::JUST_SENT));
            return;
        }
        let chosen_unit = match unit_choice(
            &receiving.get_untracked().unwrap_or_default(),
            &unit.get_untracked(),
            &answers.get_untracked(),
        ) {
            Ok(u) => u,
            Err(()) => {
                SENDING.with(|s| s.borrow_mut().remove(&id_for_submit));
                errors.set(BTreeMap::from([(
                    "unit".to_owned(),
                    vec!["choose_unit".to_owned()],
                )]));
                request_animation_frame(|| crate::focus_element("error-summary"));
                return;
            }
        };
        // Everything again, in the browser first.
        if let Err(e) =
            form_sv.with_value(|f| f.validate(&answers.get_untracked(), None, &lookup()))
        {
            SENDING.with(|s| s.borrow_mut().remove(&id_for_submit));
            errors.set(e.0);
            request_animation_frame(|| crate::focus_element("error-summary"));
            return;
        }
        submitting.set(true);
        let id = id_for_submit.clone();
        let navigate = navigate.clone();
        let procedure_code = form_sv.with_value(|f| f.procedure.clone());
        let update = DraftUpdate {
            answers: answers.get_untracked(),
            section: String::new(),
        };
        leptos::task::spawn_local(async move {
            let retry = storage()
                .is_some_and(|s| s.get_item(&format!("submit-{id}")).ok().flatten().is_some());
            let key = submission_key(&id);
            let csrf = csrf.get_untracked();
            let saved =
                send_json::<_, Draft>("PUT", &app::paths::my_draft(&id), &update, &csrf).await;
            let result = match saved {
                // The draft is gone and this device never sent it: it was
                // submitted elsewhere; the dossiers page lists it.
                Err(ApiFailure::Api { status: 404, .. }) if !retry => {
                    submitting.set(false);
                    let newest =
                        get_json::<Vec<app::dossiers::DossierSummary>>(app::paths::MY_DOSSIERS)
                            .await
                            .ok()
                            .and_then(|l| l.into_iter().find(|d| d.procedure == procedure_code));
                    match newest {
                        Some(d) => {
                            let _ = window()
                                .location()
                                .assign(&format!("/ca-nhan/ho-so/{}", d.code));
                        }
                        None => navigate("/ca-nhan/ho-so", Default::default()),
                    }
                    return;
                }
                // Already submitted from here (the draft became the dossier): the key finds it.
                Ok(_) | Err(ApiFailure::Api { status: 404, .. }) => {
                    send_json::<_, Dossier>(
                        "POST",
                        app::paths::MY_DOSSIERS,
                        &SubmitRequest {
                            draft: id.clone(),
                            idempotency_key: key,
                            unit: chosen_unit,
                        },
                        &csrf,
                    )
                    .await
                }
                Err(e) => Err(e),
            };
            submitting.set(false);
            if result.is_err() {
                SENDING.with(|s| s.borrow_mut().remove(&id));
            }
            match result {
                Ok(d) => {
                    if let Some(s) = storage() {
                        let _ = s.remove_item(&device_key(&id));
                        let _ = s.remove_item(&format!("submit-{id}"));
                        let _ = s.set_item(&format!("sent-{id}"), &d.code);
                    }
                    // A fresh page for the receipt: nothing of the form (saves
                    // in flight, its timers) lives on behind it. The officer
                    // who filed it at the counter prints it from their page.
                    let _ = window().location().assign(&if paper {
                        format!("/can-bo/ho-so/{}?{}=1", d.code, tracking::JUST_SENT)
                    } else {
                        format!("/ca-nhan/ho-so/{}?{}=1", d.code, tracking::JUST_SENT)
                    });
                }
                Err(ApiFailure::Api { error, .. }) if !error.fields.is_empty() => {
                    let mut fields = error.fields;
                    // Where to file is the page's own question, with its own words.
                    if fields
                        .get("unit")
                        .is_some_and(|r| !r.iter().any(|r| r == "not_receiving"))
                    {
                        fields.insert("unit".to_owned(), vec!["choose_unit".to_owned()]);
                    }
                    errors.set(fields);
                    request_animation_frame(|| crate::focus_element("error-summary"));
                }
                Err(_) => {
                    errors.set(BTreeMap::from([(
                        "form".to_owned(),
                        vec!["network".to_owned()],
                    )]));
                    request_animation_frame(|| crate::focus_element("error-summary"));
                }
            }
        });
    });

    let form = form_sv;
    let title = move || {
        let n = step.get();
        form.with_value(|f| match f.sections.get(n) {
            Some(s) => s.title.get(english()).to_owned(),
            None => t(k::FORM_CHECK_TITLE).to_owned(),
        })
    };
    crate::use_page_title(move || {
        format!(
            "{} – {}",
            title(),
            procedure_name.with_value(|p| p.get(english()).to_owned())
        )
    });
    view! {
        {intake.map(|i| view! { <IntakeBanner i=i/> })}
        <p class="form-procedure">{move || procedure_name.with_value(|p| p.get(english()).to_owned())}</p>
        <p class="form-progress">{move || {
            let n = step.get();
            if n < sections { tf(k::FORM_STEP, &[("n", &(n + 1).to_string()), ("total", &sections.to_string())]) } else { t(k::FORM_CHECK_STEP).to_owned() }
        }}</p>
        <progress class="form-progress-bar" max=sections + 1 value=move || step.get() + 1 aria-hidden="true"></progress>
        <h1 id="page-title" tabindex="-1">{title}</h1>
        <ErrorSummary/>
        <p class="form-saved" role="status">{move || match saving.get() {
            Some(true) => t(k::FORM_SAVING).to_owned(),
            Some(false) => tf(k::FORM_SAVED, &[("date", &expires)]),
            None => String::new(),
        }}</p>
        {move || {
            let n = step.get();
            if n < sections {
                let section = form.with_value(|f| f.sections[n].clone());
                view! {
                    <form novalidate on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); next.run(()); }>
                        {section.intro.map(|i| view! { <p class="hint">{i.get(english()).to_owned()}</p> })}
                        {section.fields.into_iter().map(|f| fields::field_view(f, String::new())).collect_view()}
                        <div class="form-actions">
                            <button type="submit" class="button primary">{tr(k::FORM_CONTINUE)}</button>
                            {(n > 0).then(|| view! { <button type="button" class="link-button" on:click=move |_| go.run(n - 1)>{tr(k::FORM_BACK)}</button> })}
                        </div>
                    </form>
                }.into_any()
            } else {
                let f = form.get_value();
                view! {
                    <CheckAnswers form=f on_change=go/>
                    <UnitPicker units=receiving unit=unit/>
                    <div class="form-actions">
                        <button type="button" class="button primary" on:click=move |_| submit.run(()) disabled=move || submitting.get()>{move || if submitting.get() { t(k::FORM_SUBMITTING) } else { t(k::FORM_SUBMIT) }}</button>
                        <button type="button" class="link-button" on:click=move |_| go.run(sections - 1)>{tr(k::FORM_BACK)}</button>
                    </div>
                }.into_any()
            }
        }}
    }
}

/// The unit to file with: none asked where at most one unit takes the
/// procedure in (the server knows it); the one picked; else the commune of
/// the residence or address declared. `Err` when several take it in and
/// none is known.
fn unit_choice(
    units: &[app::units::UnitSummary],
    picked: &str,
    answers: &Answers,
) -> Result<Option<String>, ()> {
    if units.len() < 2 {
        return Ok(None);
    }
    if !picked.is_empty() {
        return Ok(Some(picked.to_owned()));
    }
    declared_unit(units, answers).map(Some).ok_or(())
}

/// The commune unit of the residence or address the person declared, if
/// it takes the procedure in.
fn declared_unit(units: &[app::units::UnitSummary], answers: &Answers) -> Option<String> {
    ["residence.commune", "applicant_address.commune"]
        .iter()
        .filter_map(|k| answers.get(*k))
        .map(|c| format!("X{c}"))
        .find(|u| units.iter().any(|x| x.code == *u))
}

/// "Nơi nộp hồ sơ": a choice where several units take the procedure in
/// (a commune procedure: every commune's People's Committee), the commune
/// of the declared residence first; the one unit's name where there is one.
#[component]
fn UnitPicker(
    units: LocalResource<Vec<app::units::UnitSummary>>,
    unit: RwSignal<String>,
) -> impl IntoView {
    let ctx = expect_context::<FormCtx>();
    let errors = ctx.errors;
    // The declared commune is the default until the person picks.
    Effect::new(move |_| {
        if let Some(list) = units.get() {
            if unit.get_untracked().is_empty() {
                if let Some(u) = ctx.answers.with_untracked(|a| declared_unit(&list, a)) {
                    unit.set(u);
                }
            }
        }
    });
    move || {
        let list = units.get().unwrap_or_default();
        match list.len() {
            0 => ().into_any(),
            1 => view! {
                <p class="unit-one">{tf(k::FORM_UNIT_ONE, &[("name", list[0].name.get(english()))])}</p>
            }
            .into_any(),
            _ => {
                let invalid = move || errors.with(|e| e.contains_key("unit")).to_string();
                let described = move || {
                    if errors.with(|e| e.contains_key("unit")) { "unit-hint unit-error" } else { "unit-hint" }
                };
                view! {
                    <div class="field unit-picker">
                        <label for="unit">{tr(k::FORM_UNIT)}</label>
                        <p class="hint" id="unit-hint">{tr(k::FORM_UNIT_HINT)}</p>
                        {move || errors.with(|e| e.contains_key("unit")).then(|| view! {
                            <p class="field-error" id="unit-error">{tr(k::FORM_ERR_UNIT)}</p>
                        })}
                        <select id="unit" aria-invalid=invalid aria-describedby=described
                            on:change=move |ev| {
                                unit.set(event_target_value(&ev));
                                errors.update(|e| { e.remove("unit"); });
                            }>
                            <option value="">{tr(k::FORM_CHOOSE)}</option>
                            {list.into_iter().map(|u| {
                                let code = u.code.clone();
                                view! { <option value=u.code.clone() selected=move || unit.with(|v| *v == code)>{u.name.get(english()).to_owned()}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                }
                .into_any()
            }
        }
    }
}

/// A stored document kind read: the portal's own kinds ("Giấy tờ bổ sung",
/// "Kết quả: …") as a text key, and what stays Vietnamese (a procedure's or
/// a catalogue component's name).
fn kind_parts(kind: &str) -> (Option<usize>, &str) {
    if kind == app::dossiers::SUPPLEMENT_KIND {
        (Some(k::DOC_KIND_SUPPLEMENT), "")
    } else if let Some(procedure) = kind.strip_prefix(app::dossiers::RESULT_KIND_PREFIX) {
        (Some(k::DOC_KIND_RESULT), procedure)
    } else {
        (None, kind)
    }
}

/// A document's kind as a person reads it, as plain text (a list option).
pub fn kind_text(kind: &str) -> String {
    match kind_parts(kind) {
        (Some(key), "") => t(key).to_owned(),
        (Some(key), name) => format!("{} {name}", t(key)),
        (None, name) => name.to_owned(),
    }
}

/// The same, with the Vietnamese part marked as such, for a page.
pub fn kind_view(kind: &str) -> AnyView {
    let (key, name) = kind_parts(kind);
    let name = (!name.is_empty()).then(|| view! { <span lang="vi">{name.to_owned()}</span> });
    match key {
        Some(key) => {
            view! { <span>{tr(key)}{name.is_some().then_some(" ")}{name}</span> }.into_any()
        }
        None => name.into_any(),
    }
}

/// The e-form's list of problems at the top; the form moves focus to it.
#[component]
fn ErrorSummary() -> impl IntoView {
    let ctx = expect_context::<FormCtx>();
    view! { <ProblemSummary errors=ctx.errors id="error-summary".into() prefix=String::new() message=fields::reason_text form=ctx.form/> }
}

/// "Check your answers": every shown answer, with a link back to its section.
#[component]
fn CheckAnswers(form: FormDef, on_change: Callback<usize>) -> impl IntoView {
    let ctx = expect_context::<FormCtx>();
    let answers = ctx.answers.get_untracked();
    // The page's own reading of what is shown, not a second one.
    let shown = ctx.shown.get_untracked();
    let docs = ctx.documents.get_untracked();
    form.sections
        .into_iter()
        .enumerate()
        .map(|(i, s)| {
            let rows: Vec<_> = s
                .fields
                .iter()
                .filter(|f| shown.contains(&f.id) && !matches!(f.kind, Kind::Declaration))
                .map(|f| {
                    let value = fields::display_value(f, &f.id, &answers, &docs);
                    let label = f.label.get(english()).to_owned();
                    view! { <div><dt>{label}</dt><dd>{if value.is_empty() { t(k::FORM_NOT_GIVEN).to_owned() } else { value }}</dd></div> }
                })
                .collect();
            let title = s.title.get(english()).to_owned();
            let change_label = tf(k::FORM_CHANGE_SECTION, &[("s", &title)]);
            view! {
                <section class="check-section" aria-labelledby=format!("check-{i}")>
                    <h2 id=format!("check-{i}")>{title.clone()}</h2>
                    <dl class="facts">{rows}</dl>
                    <p><button type="button" class="link-button" on:click=move |_| on_change.run(i)>{change_label.clone()}</button></p>
                </section>
            }
        })
        .collect_view()
}
