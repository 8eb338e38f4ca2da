//! One widget per kind of e-form field, each labelled, described and marked when in error.

use super::{english, DocumentView, FormCtx};
use crate::api::ApiFailure;
use crate::i18n::{k, t, tf, tr};
use app::forms::{residence_kind_field, shown_date, Answers, Field, Kind};
use leptos::prelude::*;

use app::dossiers::Unit;

/// The message for a field error's reason.
pub fn reason_text(reason: &str) -> &'static str {
    t(match reason {
        "required" => k::FORM_ERR_REQUIRED,
        "not_12_digits" => k::FORM_ERR_NOT_12_DIGITS,
        "unknown_province" => k::FORM_ERR_UNKNOWN_PROVINCE,
        "bad_century_gender" => k::FORM_ERR_BAD_CENTURY,
        "invalid_email" => k::FIELD_EMAIL_INVALID_EMAIL,
        "invalid_phone" => k::FIELD_PHONE_INVALID_PHONE,
        "invalid_date" | "invalid_month" => k::FORM_ERR_DATE,
        "future_date" => k::FORM_ERR_FUTURE,
        "too_long" => k::FORM_ERR_TOO_LONG,
        "not_a_number" | "out_of_range" => k::FORM_ERR_NUMBER,
        "invalid_tax_code" | "tax_code_checksum" => k::FORM_ERR_TAX_CODE,
        "unknown_commune" => k::FORM_ERR_COMMUNE,
        "must_accept" => k::FORM_ERR_ACCEPT,
        "unknown_document" => k::FORM_ERR_DOCUMENT,
        "too_few" | "too_many" | "exactly_one" => k::FORM_ERR_ROWS,
        "choose_unit" => k::FORM_ERR_UNIT,
        "unknown_person" => k::INTAKE_ERR_UNKNOWN,
        "birth_year_mismatch" => k::INTAKE_ERR_BIRTH_YEAR,
        "not_receiving" => k::INTAKE_ERR_NOT_RECEIVING,
        "network" => k::ERROR_NETWORK,
        _ => k::FIELD_OTHER,
    })
}

fn value(ctx: FormCtx, path: &str) -> String {
    ctx.answers
        .with(|a| a.get(path).cloned().unwrap_or_default())
}

fn set(ctx: FormCtx, path: &str, v: String) {
    ctx.answers.update(|a| {
        a.insert(path.to_owned(), v);
    });
    ctx.changed.run(());
}

/// The error line under a label, and the ids that describe the input.
fn error_line(ctx: FormCtx, path: String) -> impl IntoView {
    let id = format!("{path}-error");
    move || {
        ctx.errors
            .with(|e| e.get(&path).and_then(|r| r.first()).cloned())
            .map(|r| crate::components::error_message(Some(ctx.form), &path, &r, reason_text))
            .map(|m| {
                view! { <p class="field-error" id=id.clone()>{m}</p> }
            })
    }
}

/// The characters left under a long field, so its limit is known before the
/// error says it (GOV.UK's character count). Not a live region: it would
/// speak at every key; the error message names the limit too.
fn counter(ctx: FormCtx, path: String, max: usize) -> impl IntoView {
    let id = format!("{path}-count");
    let used = Memo::new(move |_| {
        ctx.answers
            .with(|a| a.get(&path).map_or(0, |v| v.chars().count()))
    });
    let text = move || {
        let n = used.get();
        if n > max {
            tf(k::FORM_COUNT_OVER, &[("n", &(n - max).to_string())])
        } else {
            tf(
                k::FORM_COUNT_LEFT,
                &[("n", &(max - n).to_string()), ("max", &max.to_string())],
            )
        }
    };
    view! { <p class="hint counter" id=id class:over=move || { used.get() > max }>{text}</p> }
}

fn described(ctx: FormCtx, path: &str, hint: bool) -> impl Fn() -> Option<String> + 'static {
    let path = path.to_owned();
    move || {
        let mut ids = Vec::new();
        if hint {
            ids.push(format!("{path}-hint"));
        }
        if ctx.errors.with(|e| e.contains_key(&path)) {
            ids.push(format!("{path}-error"));
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    }
}

/// A field at `prefix` (the path of its group row), shown when its condition holds.
pub fn field_view(f: Field, prefix: String) -> AnyView {
    let ctx = expect_context::<FormCtx>();
    let shown = {
        let f = f.clone();
        let prefix = prefix.clone();
        // The form's own fields follow the chain of conditions; a group
        // row's fields their own condition within the row.
        move || match prefix.is_empty() {
            true => ctx.shown.with(|s| s.contains(&f.id)),
            false => ctx.answers.with(|a| f.visible(a, &prefix)),
        }
    };
    let path = format!("{prefix}{}", f.id);
    view! { <Show when=shown.clone()>{widget(f.clone(), path.clone(), ctx)}</Show> }.into_any()
}

fn widget(f: Field, path: String, ctx: FormCtx) -> AnyView {
    let label = f.label.get(english()).to_owned();
    let hint = f.hint.as_ref().map(|h| h.get(english()).to_owned());
    let required = f.required;
    let label_view = {
        let label = label.clone();
        move || view! { {label.clone()}{(!required).then(|| view! { " "<span class="optional">{tr(k::FORM_OPTIONAL)}</span> })} }
    };
    let hint_view = {
        let id = format!("{path}-hint");
        hint.clone()
            .map(|h| view! { <p class="hint" id=id>{h}</p> })
    };
    let has_hint = hint.is_some();
    let invalid = {
        let p = path.clone();
        move || ctx.errors.with(|e| e.contains_key(&p)).to_string()
    };
    match f.kind {
        Kind::Person { .. } | Kind::IdPaper { .. } | Kind::Address { .. } | Kind::Group { .. } => {
            compound(f, path, ctx, label_view().into_any(), hint)
        }
        Kind::Choice { options } => view! {
            <fieldset class="field" id=path.clone() tabindex="-1" aria-describedby=described(ctx, &path, has_hint)>
                <legend>{label_view}</legend>
                {hint_view}
                {error_line(ctx, path.clone())}
                {options.into_iter().map(|o| {
                    let (p, v, name) = (path.clone(), o.value.clone(), path.clone());
                    let label = o.label.get(english()).to_owned();
                    let radio = move || {
                        let (p, v, v2) = (p.clone(), v.clone(), v.clone());
                        let checked = { let p = p.clone(); move || value(ctx, &p) == v2 };
                        view! { <label class="choice"><input type="radio" name=name.clone() value=v.clone() prop:checked=checked
                            on:change=move |_| set(ctx, &p, v.clone())/>" "{label.clone()}</label> }
                    };
                    // A choice the other answers rule out is not offered
                    // (the server refuses it too).
                    if o.hide_if.is_some() {
                        let prefix = path.strip_suffix(f.id.as_str()).unwrap_or_default().to_owned();
                        view! { <Show when=move || ctx.answers.with(|a| o.offered(a, &prefix))>{radio.clone()}</Show> }.into_any()
                    } else {
                        radio().into_any()
                    }
                }).collect_view()}
            </fieldset>
        }.into_any(),
        Kind::YesNo | Kind::Declaration => {
            let declaration = matches!(f.kind, Kind::Declaration);
            let p = path.clone();
            let p2 = path.clone();
            if declaration {
                view! {
                    <div class="field declaration">
                        {error_line(ctx, path.clone())}
                        <label class="choice"><input type="checkbox" id=path.clone() prop:checked=move || value(ctx, &p) == "yes"
                            aria-invalid=invalid aria-describedby=described(ctx, &path, false)
                            on:change=move |ev| set(ctx, &p2, if event_target_checked(&ev) { "yes".into() } else { String::new() })/>" "{label}</label>
                    </div>
                }.into_any()
            } else {
                let yes = { let p = p.clone(); move || value(ctx, &p) == "yes" };
                let no = { let p = p.clone(); move || value(ctx, &p) == "no" };
                let (py, pn) = (p.clone(), p.clone());
                view! {
                    <fieldset class="field" id=path.clone() tabindex="-1" aria-describedby=described(ctx, &path, has_hint)>
                        <legend>{label_view}</legend>
                        {hint_view}
                        {error_line(ctx, path.clone())}
                        <label class="choice"><input type="radio" name=path.clone() prop:checked=yes on:change=move |_| set(ctx, &py, "yes".into())/>" "{tr(k::FORM_YES)}</label>
                        <label class="choice"><input type="radio" name=path.clone() prop:checked=no on:change=move |_| set(ctx, &pn, "no".into())/>" "{tr(k::FORM_NO)}</label>
                    </fieldset>
                }.into_any()
            }
        }
        Kind::Document { component, .. } => document_slot(path, label, component, required, ctx),
        Kind::Listed { list } => {
            let p = path.clone();
            // One subscription to the answers for the whole list, not one
            // per option (250 countries re-checked at every key pressed).
            let current = { let p = path.clone(); Memo::new(move |_| value(ctx, &p)) };
            view! {
                <div class="field">
                    <label for=path.clone()>{label_view}</label>
                    {hint_view}
                    {error_line(ctx, path.clone())}
                    <select id=path.clone() aria-invalid=invalid aria-describedby=described(ctx, &path, has_hint)
                        on:change=move |ev| set(ctx, &p, event_target_value(&ev))>
                        <option value="">{tr(k::FORM_CHOOSE)}</option>
                        {list.entries().iter().map(|e| {
                            let v = e.value.clone();
                            // Names with no English form are marked Vietnamese.
                            view! { <option value=e.value.clone() lang=list.vietnamese_only().then_some("vi") selected=move || current.with(|c| *c == v)>{e.label.get(english()).to_owned()}</option> }
                        }).collect_view()}
                    </select>
                </div>
            }.into_any()
        }
        kind => {
            // A date that may be a year alone, and a month, are typed
            // (dd/mm/yyyy, yyyy, mm/yyyy): no picker takes a year alone.
            let typed = matches!(kind, Kind::Date { year_allowed: true, .. } | Kind::Month { .. });
            let (input_type, mode, auto) = match kind {
                _ if typed => ("text", "", ""),
                Kind::Date { .. } => ("date", "", ""),
                Kind::Number { .. } => ("text", "numeric", ""),
                Kind::PersonalId | Kind::TaxCode => ("text", "numeric", ""),
                Kind::Phone => ("tel", "tel", "tel"),
                Kind::Email => ("email", "email", "email"),
                _ => ("text", "", ""),
            };
            let long = matches!(kind, Kind::LongText { .. });
            // Long texts, and short ones with a generous limit, show what is left.
            let count_max = match kind {
                Kind::LongText { max } => Some(max),
                Kind::Text { max } if max >= 200 => Some(max),
                _ => None,
            };
            let locked = f.locked && !value(ctx, &path).is_empty();
            let p = path.clone();
            let current = { let p = path.clone(); move || if typed { shown_date(&value(ctx, &p)) } else { value(ctx, &p) } };
            let input = if long {
                view! { <textarea id=path.clone() rows="4" prop:value=current aria-invalid=invalid.clone() aria-describedby=described(ctx, &path, has_hint)
                    on:input=move |ev| set(ctx, &p, event_target_value(&ev))></textarea> }.into_any()
            } else {
                view! { <input id=path.clone() type=input_type inputmode=(!mode.is_empty()).then_some(mode) autocomplete=(!auto.is_empty()).then_some(auto)
                    prop:value=current readonly=locked aria-invalid=invalid.clone() aria-describedby=described(ctx, &path, has_hint)
                    on:input=move |ev| set(ctx, &p, event_target_value(&ev))/> }.into_any()
            };
            view! {
                <div class="field">
                    <label for=path.clone()>{label_view}</label>
                    {locked.then(|| view! { <p class="hint">{tr(k::FORM_FROM_IDENTITY)}</p> })}
                    {hint_view}
                    {error_line(ctx, path.clone())}
                    {input}
                    {count_max.map(|m| counter(ctx, path.clone(), m))}
                </div>
            }.into_any()
        }
    }
}

/// Person, identity paper, address and repeatable group: a fieldset of
/// inner fields, with the form's own hint for it (an age rule, a naming
/// rule, "only when…").
fn compound(f: Field, path: String, ctx: FormCtx, label: AnyView, hint: Option<String>) -> AnyView {
    let hint = hint.map(|h| view! { <p class="hint">{h}</p> });
    match f.kind.clone() {
        Kind::IdPaper { .. } => view! {
            <fieldset class="field group">
                <legend>{label}</legend>
                {hint}
                {f.kind.parts().unwrap_or_default().into_iter().map(|p| {
                    field_view(Field { required: f.required, ..p }, format!("{path}."))
                }).collect_view()}
            </fieldset>
        }
        .into_any(),
        Kind::Person { .. } => view! {
            <fieldset class="field group">
                <legend>{label}</legend>
                {hint}
                {f.kind.parts().unwrap_or_default().into_iter().map(|mut p| {
                    // The shared rule (app::forms): sex, ethnicity and
                    // nationality only without a personal ID, and then all
                    // required; they come right after the ID in the tab order.
                    p.required = app::forms::person_part_required(f.required, &p.id);
                    let without_id = app::forms::WITHOUT_ID.contains(&p.id.as_str());
                    let id_path = format!("{path}.personal_id");
                    let prefix = format!("{path}.");
                    if without_id {
                        let part = move || field_view(p.clone(), prefix.clone());
                        view! { <Show when=move || value(ctx, &id_path).is_empty()>{part.clone()}</Show> }.into_any()
                    } else {
                        field_view(p, prefix)
                    }
                }).collect_view()}
            </fieldset>
        }
        .into_any(),
        Kind::Address { residence } => address(path, label, hint, residence, ctx),
        Kind::Group { fields, .. } => {
            let count_path = format!("{path}.n");
            let rows = {
                let c = count_path.clone();
                Memo::new(move |_| value(ctx, &c).parse::<usize>().unwrap_or(0))
            };
            let add = {
                let c = count_path.clone();
                move |_| set(ctx, &c, (rows.get_untracked() + 1).to_string())
            };
            let remove = {
                let c = count_path.clone();
                move |_| set(ctx, &c, rows.get_untracked().saturating_sub(1).to_string())
            };
            let fields = StoredValue::new(fields);
            let p = path.clone();
            view! {
                <fieldset class="field group" id=count_path.clone() tabindex="-1">
                    <legend>{label}</legend>
                    {hint}
                    {error_line(ctx, count_path.clone())}
                    {move || (0..rows.get()).map(|i| {
                        let prefix = format!("{p}.{i}.");
                        view! { <div class="group-row"><p class="group-row-title">{tf(k::FORM_ROW, &[("n", &(i + 1).to_string())])}</p>
                            {fields.get_value().into_iter().map(|f| field_view(f, prefix.clone())).collect_view()}</div> }
                    }).collect_view()}
                    <p class="form-actions">
                        <button type="button" class="button" on:click=add>{tr(k::FORM_ADD_ROW)}</button>
                        <button type="button" class="link-button" on:click=remove hidden=move || rows.get() == 0>{tr(k::FORM_REMOVE_ROW)}</button>
                    </p>
                </fieldset>
            }.into_any()
        }
        _ => ().into_any(),
    }
}

/// The 34 provinces, fetched once for the whole form (see `FormCtx`).
fn provinces() -> LocalResource<Vec<Unit>> {
    expect_context::<FormCtx>().provinces
}

/// Province, then its communes (2025 units), then the street line. The
/// names chosen are kept beside the codes for "check your answers"; the
/// server keeps only the codes.
fn address(
    path: String,
    label: AnyView,
    hint: Option<impl IntoView + 'static>,
    residence: bool,
    ctx: FormCtx,
) -> AnyView {
    // Which residence it is comes first: it decides what the address is.
    let kind = residence.then(|| {
        field_view(
            Field {
                required: true,
                ..residence_kind_field()
            },
            format!("{path}."),
        )
    });
    let (pp, cp, sp) = (
        format!("{path}.province"),
        format!("{path}.commune"),
        format!("{path}.street"),
    );
    let province = {
        let pp = pp.clone();
        Memo::new(move |_| value(ctx, &pp))
    };
    let communes = crate::components::communes_of(move || province.get());
    let list = provinces();
    let on_province = {
        let (pp, cp) = (pp.clone(), cp.clone());
        move |ev| {
            let code = event_target_value(&ev);
            let name = list
                .get_untracked()
                .and_then(|l| l.into_iter().find(|u| u.code == code))
                .map(|u| u.name)
                .unwrap_or_default();
            set(ctx, &format!("{pp}_name"), name);
            set(ctx, &pp, code);
            set(ctx, &cp, String::new());
        }
    };
    let on_commune = {
        let cp = cp.clone();
        move |ev| {
            let code = event_target_value(&ev);
            let name = communes
                .get_untracked()
                .and_then(|r: Result<Vec<Unit>, ApiFailure>| r.ok())
                .and_then(|l| l.into_iter().find(|u| u.code == code))
                .map(|u| u.name)
                .unwrap_or_default();
            set(ctx, &format!("{cp}_name"), name);
            set(ctx, &cp, code);
        }
    };
    let (pi, ci) = (pp.clone(), cp.clone());
    // The options read these, not the answers: one subscription per list.
    let commune = {
        let cp = cp.clone();
        Memo::new(move |_| value(ctx, &cp))
    };
    let street_value = {
        let sp = sp.clone();
        move || value(ctx, &sp)
    };
    let sp2 = sp.clone();
    view! {
        <fieldset class="field group">
            <legend>{label}</legend>
            {hint}
            {kind}
            <div class="field">
                <label for=pp.clone()>{tr(k::FORM_PROVINCE)}</label>
                {error_line(ctx, pp.clone())}
                <select id=pp.clone() on:change=on_province aria-describedby=described(ctx, &pi, false) aria-invalid=move || ctx.errors.with(|e| e.contains_key(&pi)).to_string()>
                    <option value="">{tr(k::FORM_CHOOSE)}</option>
                    {move || list.get().unwrap_or_default().into_iter().map(|u| {
                        let selected = { let c = u.code.clone(); move || province.with(|p| *p == c) };
                        view! { <option value=u.code.clone() selected=selected lang="vi">{u.name}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for=cp.clone()>{tr(k::FORM_COMMUNE)}</label>
                {error_line(ctx, cp.clone())}
                <select id=cp.clone() on:change=on_commune aria-describedby=described(ctx, &ci, false) aria-invalid=move || ctx.errors.with(|e| e.contains_key(&ci)).to_string()>
                    <option value="">{tr(k::FORM_CHOOSE)}</option>
                    {move || communes.get().and_then(|r| r.ok()).unwrap_or_default().into_iter().map(|u| {
                        let selected = { let c = u.code.clone(); move || commune.with(|v| *v == c) };
                        view! { <option value=u.code.clone() selected=selected lang="vi">{u.name}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for=sp.clone()>{tr(k::FORM_STREET)}</label>
                {error_line(ctx, sp.clone())}
                <input id=sp.clone() type="text" autocomplete="street-address" prop:value=street_value on:input=move |ev| set(ctx, &sp2, event_target_value(&ev))/>
                {counter(ctx, sp.clone(), app::forms::STREET_MAX)}
            </div>
        </fieldset>
    }.into_any()
}

/// A document slot: upload a file (checked by the server on its content)
/// or pick one already in the person's store, matching kinds first.
fn document_slot(
    path: String,
    label: String,
    component: String,
    required: bool,
    ctx: FormCtx,
) -> AnyView {
    let status = RwSignal::new(String::new());
    let uploading = RwSignal::new(false);
    let percent = RwSignal::new(0u32);
    // Why the last upload was refused; shown as this slot's error.
    let failed = RwSignal::new(None::<&'static str>);
    let input_id = format!("{path}-file");
    let failed_id = format!("{path}-upload-error");
    let p_upload = path.clone();
    let kind = component.clone();
    let (focus_input, focus_failed) = (input_id.clone(), failed_id.clone());
    let on_file = move |ev: leptos::ev::Event| {
        // The input stays enabled while a file goes up (disabling it would
        // drop the focus to the page body); a second pick waits its turn.
        if uploading.get_untracked() {
            return;
        }
        let Some(file) = super::picked_file(&ev) else {
            return;
        };
        let path = p_upload.clone();
        let kind = kind.clone();
        let (focus_input, focus_failed) = (focus_input.clone(), focus_failed.clone());
        uploading.set(true);
        failed.set(None);
        percent.set(0);
        status.set(t(k::DOC_UPLOADING).to_owned());
        leptos::task::spawn_local(async move {
            let shown = move |pct: u32| {
                percent.set(pct);
                status.set(tf(k::DOC_UPLOADING_PCT, &[("n", &pct.to_string())]));
            };
            match crate::api::upload_file(&file, &kind, &ctx.csrf.get_untracked(), shown).await {
                Ok(doc) => {
                    let doc: DocumentView = doc;
                    status.set(uploaded_notice(&doc));
                    // The same bytes again come back as the same document,
                    // under the name given this time: the list shows that name.
                    ctx.documents.update(|d| {
                        d.retain(|x| x.id != doc.id);
                        d.insert(0, doc.clone());
                    });
                    set(ctx, &path, doc.id);
                    ctx.errors.update(|e| {
                        e.remove(&path);
                    });
                    crate::focus_element(&focus_input);
                }
                Err(f) => {
                    status.set(String::new());
                    failed.set(Some(upload_failure(&f)));
                    request_animation_frame(move || crate::focus_element(&focus_failed));
                }
            }
            uploading.set(false);
        });
    };
    let p_pick = path.clone();
    let pick_id = format!("{path}-pick");
    let chosen = {
        let p = path.clone();
        Memo::new(move |_| value(ctx, &p))
    };
    let component_folded = app::text::fold(&component);
    let options = move || {
        let mut docs = ctx.documents.get();
        // Documents of the matching kind first.
        docs.sort_by_key(|d| app::text::fold(&d.kind) != component_folded);
        docs
    };
    let chosen_name = move || {
        if chosen.get() == app::forms::PAPER_ONLY {
            return Some(t(k::INTAKE_PAPER_CHOSEN).to_owned());
        }
        ctx.documents.with(|d| {
            d.iter()
                .find(|x| x.id == chosen.get())
                .map(|x| x.file_name.clone())
        })
    };
    let paper_id = format!("{path}-paper");
    let p_paper = path.clone();
    let label_for_error = label.clone();
    view! {
        <fieldset class="field document-slot" id=path.clone() tabindex="-1">
            <legend>{label}{(!required).then(|| view! { " "<span class="optional">{tr(k::FORM_OPTIONAL)}</span> })}</legend>
            <p class="hint">{super::limits_text(ctx.limits)}</p>
            {error_line(ctx, path.clone())}
            <p class="doc-chosen">{move || match chosen_name() {
                Some(n) => tf(k::DOC_CHOSEN, &[("name", &n)]),
                None => t(k::DOC_NONE).to_owned(),
            }}</p>
            <div class="field" class:has-error=move || failed.get().is_some()>
                <label for=input_id.clone()>{tr(k::DOC_UPLOAD)}</label>
                {let (id, label) = (failed_id.clone(), label_for_error.clone()); move || failed.get().map(|m| view! {
                    <p class="field-error" id=id.clone() tabindex="-1">{format!("{label}: {m}")}</p>
                })}
                <input id=input_id.clone() type="file" accept="image/jpeg,image/png,application/pdf" on:change=on_file
                    aria-invalid=move || failed.get().map(|_| "true") aria-describedby={let id = failed_id.clone(); move || failed.get().map(|_| id.clone())}/>
                <progress class="upload-progress" max="100" value=move || percent.get() hidden=move || !uploading.get() aria-hidden="true"></progress>
                <p class="doc-status" role="status">{move || status.get()}</p>
            </div>
            <div class="field" hidden=move || ctx.documents.with(Vec::is_empty)>
                <label for=pick_id.clone()>{tr(k::DOC_PICK)}</label>
                <select id=pick_id.clone() on:change=move |ev| set(ctx, &p_pick, event_target_value(&ev))>
                    <option value="">{tr(k::FORM_CHOOSE)}</option>
                    {move || options().into_iter().map(|d| {
                        let id = d.id.clone();
                        let text = if d.kind.is_empty() { d.file_name.clone() } else { format!("{} ({})", d.file_name, super::kind_text(&d.kind)) };
                        view! { <option translate="no" value=d.id.clone() selected=move || chosen.get() == id>{text}</option> }
                    }).collect_view()}
                </select>
            </div>
            // At the counter: the paper was taken in and not scanned, which
            // counts against the unit's digitisation rate.
            {ctx.paper.then(|| view! {
                <div class="choice">
                    <input id=paper_id.clone() type="checkbox" prop:checked=move || chosen.get() == app::forms::PAPER_ONLY
                        on:change=move |ev| set(ctx, &p_paper, if event_target_checked(&ev) { app::forms::PAPER_ONLY.to_owned() } else { String::new() })/>
                    <label for=paper_id.clone()>{tr(k::INTAKE_PAPER)}</label>
                </div>
            })}
        </fieldset>
    }.into_any()
}

/// Why an upload was refused, in words: the server names the file's problem.
pub fn upload_failure(f: &ApiFailure) -> &'static str {
    match f {
        ApiFailure::Api { error, .. } => upload_error(
            error
                .fields
                .get("file")
                .and_then(|r| r.first())
                .map(String::as_str)
                .unwrap_or(""),
        ),
        ApiFailure::Network => t(k::ERROR_NETWORK),
    }
}

/// What the person is told once a file is in their store; that a photo's
/// location was removed is said too, so nobody wonders why the file changed.
pub fn uploaded_notice(doc: &DocumentView) -> String {
    let mut s = tf(k::DOC_UPLOADED, &[("name", &doc.file_name)]);
    if doc.location_removed {
        s.push(' ');
        s.push_str(t(k::DOC_LOCATION_REMOVED));
    }
    s
}

fn upload_error(reason: &str) -> &'static str {
    t(match reason {
        "too_large" => k::DOC_ERR_TOO_LARGE,
        "type_mismatch" | "not_accepted_type" => k::DOC_ERR_TYPE,
        "malformed" => k::DOC_ERR_MALFORMED,
        "too_many_pixels" => k::DOC_ERR_PIXELS,
        "active_content" => k::DOC_ERR_ACTIVE,
        "empty" => k::DOC_ERR_EMPTY,
        _ => k::FIELD_OTHER,
    })
}

/// An answer as a person reads it on "check your answers".
pub fn display_value(f: &Field, path: &str, a: &Answers, docs: &[DocumentView]) -> String {
    let get = |p: &str| a.get(p).cloned().unwrap_or_default();
    match &f.kind {
        Kind::Choice { options } | Kind::MultiChoice { options } => get(path)
            .split('|')
            .filter_map(|v| {
                options
                    .iter()
                    .find(|o| o.value == v)
                    .map(|o| o.label.get(english()).to_owned())
            })
            .collect::<Vec<_>>()
            .join(", "),
        Kind::YesNo => match get(path).as_str() {
            "yes" => t(k::FORM_YES).to_owned(),
            "no" => t(k::FORM_NO).to_owned(),
            _ => String::new(),
        },
        Kind::Document { .. } if get(path) == app::forms::PAPER_ONLY => {
            t(k::INTAKE_PAPER_CHOSEN).to_owned()
        }
        Kind::Document { .. } => docs
            .iter()
            .find(|d| d.id == get(path))
            .map(|d| d.file_name.clone())
            .unwrap_or_default(),
        Kind::Address { residence } => [
            if *residence {
                display_value(&residence_kind_field(), &format!("{path}.kind"), a, docs)
            } else {
                String::new()
            },
            get(&format!("{path}.street")),
            get(&format!("{path}.commune_name")),
            get(&format!("{path}.province_name")),
        ]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", "),
        Kind::Person { .. } | Kind::IdPaper { .. } => f
            .kind
            .parts()
            .unwrap_or_default()
            .iter()
            .map(|p| display_value(p, &format!("{path}.{}", p.id), a, docs))
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" · "),
        Kind::Group { fields, .. } => {
            let n: usize = get(&format!("{path}.n")).parse().unwrap_or(0);
            (0..n)
                .map(|i| {
                    fields
                        .iter()
                        .map(|g| display_value(g, &format!("{path}.{i}.{}", g.id), a, docs))
                        .collect::<Vec<_>>()
                        .join(" · ")
                })
                .collect::<Vec<_>>()
                .join("; ")
        }
        Kind::Date { .. } | Kind::Month { .. } => shown_date(&get(path)),
        Kind::Listed { list } => list.label_of(&get(path), english()),
        _ => get(path),
    }
}
