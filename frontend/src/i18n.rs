//! Vietnamese first, English by a remembered switch; every string comes from `locales/*.txt`.

use leptos::prelude::*;

include!(concat!(env!("OUT_DIR"), "/strings.rs"));

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Vi,
    En,
}

const STORAGE_KEY: &str = "lang";

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }
    pub fn other(self) -> Lang {
        match self {
            Lang::Vi => Lang::En,
            Lang::En => Lang::Vi,
        }
    }
    /// The remembered choice; Vietnamese when there is none.
    pub fn load() -> Lang {
        match storage()
            .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
            .as_deref()
        {
            Some("en") => Lang::En,
            _ => Lang::Vi,
        }
    }
    pub fn save(self) {
        if let Some(s) = storage() {
            let _ = s.set_item(STORAGE_KEY, self.code());
        }
    }
    /// `<html lang>` follows the choice so screen readers pronounce it right.
    pub fn apply_to_document(self) {
        if let Some(html) = document().document_element() {
            let _ = html.set_attribute("lang", self.code());
        }
    }
}

/// The current language; reactive when read inside a view closure.
pub fn lang() -> Lang {
    use_context::<RwSignal<Lang>>()
        .map(|l| l.get())
        .unwrap_or(Lang::Vi)
}

/// The text for a key in the current language.
pub fn t(key: usize) -> &'static str {
    let table: &[&str] = match lang() {
        Lang::Vi => &VI,
        Lang::En => &EN,
    };
    table.get(key).copied().unwrap_or("")
}

/// The text for a key as a reactive view: it follows the language switch.
/// One function (one closure type) for every key, so the wasm carries the
/// rendering code once instead of once per string.
pub fn tr(key: usize) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    move || t(key)
}

/// The text for a key with `{name}` placeholders filled in.
pub fn tf(key: usize, args: &[(&str, &str)]) -> String {
    let mut s = t(key).to_owned();
    for (name, value) in args {
        s = s.replace(&format!("{{{name}}}"), value);
    }
    s
}

/// Whether the page is in English (content written in both languages picks its side).
pub fn english() -> bool {
    crate::i18n::lang() == Lang::En
}
