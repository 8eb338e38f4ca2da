//! Turns `locales/*.txt` (`key = text` lines) into constant tables, so a
//! missing or misspelt key is a compile error, and the two languages must
//! have exactly the same keys.

use std::collections::BTreeMap;
use std::fmt::Write;

fn read(lang: &str) -> BTreeMap<String, String> {
    let path = format!("locales/{lang}.txt");
    println!("cargo:rerun-if-changed={path}");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut map = BTreeMap::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (k, v) = line
            .split_once(" = ")
            .unwrap_or_else(|| panic!("{path}:{}: expected `key = text`", n + 1));
        if map
            .insert(k.trim().to_owned(), v.trim().to_owned())
            .is_some()
        {
            panic!("{path}:{}: key {k} given twice", n + 1);
        }
    }
    map
}

fn main() {
    let vi = read("vi");
    let en = read("en");
    let missing: Vec<_> = vi
        .keys()
        .filter(|k| !en.contains_key(*k))
        .chain(en.keys().filter(|k| !vi.contains_key(*k)))
        .collect();
    assert!(missing.is_empty(), "keys not in both locales: {missing:?}");
    let mut out =
        String::from("/// Translation keys, generated from locales/*.txt.\npub mod k {\n");
    for (i, key) in vi.keys().enumerate() {
        let name = key.replace(['.', '-'], "_").to_uppercase();
        writeln!(out, "    pub const {name}: usize = {i};").unwrap();
    }
    out.push_str("}\n");
    for (lang, map) in [("VI", &vi), ("EN", &en)] {
        writeln!(out, "pub static {lang}: [&str; {}] = [", map.len()).unwrap();
        for v in map.values() {
            writeln!(out, "    {v:?},").unwrap();
        }
        out.push_str("];\n");
    }
    let dest = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("strings.rs");
    std::fs::write(dest, out).unwrap();
}
