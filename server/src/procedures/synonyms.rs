//! The dictionary of words people use for administrative terms ("sổ đỏ" for the land-use certificate).

use app::text::tokens;
use std::path::Path;

/// One colloquial phrase and the official phrases it stands for, all folded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Synonym {
    pub colloquial: Vec<String>,
    pub official: Vec<Vec<String>>,
    /// As written in the file, to show the person what was understood.
    pub display: (String, String),
}

/// All synonyms, longest colloquial phrase first so "xin phép xây nhà" wins over "xây nhà".
#[derive(Debug, Clone, Default)]
pub struct Synonyms(pub Vec<Synonym>);

impl Synonyms {
    /// Parses `colloquial<TAB>official` lines; `#` starts a comment line.
    /// The same colloquial phrase on several lines gathers several meanings.
    pub fn parse(text: &str) -> Synonyms {
        let mut out: Vec<Synonym> = Vec::new();
        for line in text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
        {
            let Some((from, to)) = line.split_once('\t') else {
                continue;
            };
            let (cf, ct) = (tokens(from), tokens(to));
            if cf.is_empty() || ct.is_empty() {
                continue;
            }
            match out.iter_mut().find(|s| s.colloquial == cf) {
                Some(s) => s.official.push(ct),
                None => out.push(Synonym {
                    colloquial: cf,
                    official: vec![ct],
                    display: (from.trim().to_owned(), to.trim().to_owned()),
                }),
            }
        }
        out.sort_by_key(|s| std::cmp::Reverse(s.colloquial.len()));
        Synonyms(out)
    }

    /// Reads the operator's file; a missing file means no synonyms, said in the log.
    pub fn load(path: &Path) -> Synonyms {
        match std::fs::read_to_string(path) {
            Ok(t) => Synonyms::parse(&t),
            Err(e) => {
                tracing::warn!(path = %path.display(), error = %e, "synonyms file not read; search runs without it");
                Synonyms::default()
            }
        }
    }

    /// The synonym whose colloquial phrase starts at `words[at..]`, if any.
    pub fn match_at(&self, words: &[String], at: usize) -> Option<&Synonym> {
        self.0
            .iter()
            .find(|s| words[at..].starts_with(&s.colloquial))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# comment\nsổ đỏ\tgiấy chứng nhận quyền sử dụng đất\nso do\tquyền sử dụng đất\nxây nhà\tgiấy phép xây dựng\nxin phép xây nhà\tgiấy phép xây dựng\nbroken line\n";

    #[test]
    fn lines_are_folded_and_meanings_gathered() {
        let s = Synonyms::parse(SAMPLE);
        let so_do = s.0.iter().find(|x| x.colloquial == ["so", "do"]).unwrap();
        assert_eq!(so_do.official.len(), 2);
        assert_eq!(so_do.official[1], ["quyen", "su", "dung", "dat"]);
    }

    #[test]
    fn the_longest_phrase_matches_first() {
        let s = Synonyms::parse(SAMPLE);
        let words = tokens("xin phép xây nhà ở");
        assert_eq!(
            s.match_at(&words, 0).unwrap().colloquial,
            ["xin", "phep", "xay", "nha"]
        );
        assert_eq!(s.match_at(&words, 2).unwrap().colloquial, ["xay", "nha"]);
        assert!(s.match_at(&words, 4).is_none());
    }

    #[test]
    fn the_shipped_dictionary_parses() {
        let text =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../data/synonyms.tsv"))
                .unwrap();
        let s = Synonyms::parse(&text);
        assert!(s.0.len() > 30);
        assert!(s.0.iter().any(|x| x.colloquial == ["ho", "khau"]));
    }
}
