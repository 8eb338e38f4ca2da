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
    // The public catalogue build carries only the texts its own code uses:
    // the workspace's (forms, officers, tracking …) are most of the
    // strings, and every byte of wasm is paid for on a phone. Its keys come
    // first and the tables hold only them; a workspace key is numbered past
    // their end and reads as empty there (`t` never indexes out of range).
    let public_keys = (std::env::var_os("CARGO_FEATURE_WORKSPACE").is_none()).then(public_keys);
    let name_of = |key: &str| key.replace(['.', '-'], "_").to_uppercase();
    let kept = |key: &str| {
        public_keys
            .as_ref()
            .is_none_or(|used| used.contains(&name_of(key)))
    };
    let order: Vec<&String> = vi
        .keys()
        .filter(|k| kept(k))
        .chain(vi.keys().filter(|k| !kept(k)))
        .collect();
    let in_tables = vi.keys().filter(|k| kept(k)).count();
    let mut out =
        String::from("/// Translation keys, generated from locales/*.txt.\npub mod k {\n");
    for (i, key) in order.iter().enumerate() {
        writeln!(out, "    pub const {}: usize = {i};", name_of(key)).unwrap();
    }
    out.push_str("}\n");
    for (lang, map) in [("VI", &vi), ("EN", &en)] {
        writeln!(out, "pub static {lang}: [&str; {in_tables}] = [").unwrap();
        for key in &order[..in_tables] {
            writeln!(out, "    {:?},", map[key.as_str()]).unwrap();
        }
        out.push_str("];\n");
    }
    let dest = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("strings.rs");
    std::fs::write(dest, out).unwrap();
}

/// The files of the public build (everything else is the workspace's), and
/// the keys they name (`k::NAME`).
fn public_keys() -> std::collections::BTreeSet<String> {
    let mut files: Vec<std::path::PathBuf> = [
        "src/lib.rs",
        "src/api.rs",
        "src/components.rs",
        "src/i18n.rs",
        "src/identity.rs",
        "src/service_pages.rs",
        "src/procedures.rs",
    ]
    .iter()
    .map(std::path::PathBuf::from)
    .collect();
    for e in std::fs::read_dir("src/procedures").expect("src/procedures") {
        files.push(e.expect("a file").path());
    }
    let mut keys = std::collections::BTreeSet::new();
    for f in files {
        println!("cargo:rerun-if-changed={}", f.display());
        let text = std::fs::read_to_string(&f).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        for (i, _) in text.match_indices("k::") {
            let name: String = text[i + 3..]
                .chars()
                .take_while(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || *c == '_')
                .collect();
            if !name.is_empty() {
                keys.insert(name);
            }
        }
    }
    keys
}
