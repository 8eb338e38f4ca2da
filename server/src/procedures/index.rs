//! The full-text index (tantivy) over the catalogue, and the query built from what a person typed.
//!
//! Text is folded by `app::text::fold` before it is indexed and before it is
//! searched, so tones, đ and i/y spellings never stand between a person and
//! a procedure. Filters and facets are not done here: the index answers which
//! procedures match and how well; the catalogue does the rest in memory.

use super::synonyms::Synonyms;
use app::text::{fold, tokens};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::query::{
    BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption, Schema, FAST, STRING, TEXT};
use tantivy::{
    DocId, Index, IndexReader, Score, SegmentOrdinal, SegmentReader, TantivyDocument, Term,
};

/// What the index needs of a procedure: its position in the catalogue and its text.
pub struct IndexDoc<'a> {
    pub pos: u32,
    pub code: &'a str,
    pub name: &'a str,
    /// Field, agency, results: short texts that describe the procedure.
    pub about: String,
    /// Steps, documents, conditions: long texts that mention things.
    pub body: String,
}

/// Words that carry no meaning in a search for a procedure: "thủ tục" is in
/// half the names. They are optional in the query rather than removed, so
/// they still help ranking when present.
const OPTIONAL_WORDS: [&str; 7] = ["thu", "tuc", "cach", "lam", "nhu", "the", "nao"];

pub struct SearchIndex {
    reader: IndexReader,
    code: Field,
    name: Field,
    about: Field,
    body: Field,
}

/// How a query was understood, for the person's benefit.
pub struct Matches {
    /// (catalogue position, score)
    pub hits: Vec<(u32, Score)>,
    /// (colloquial, official) pairs that were applied.
    pub expanded: Vec<(String, String)>,
}

impl SearchIndex {
    /// Builds an in-memory index; at 50,000 procedures it takes seconds and
    /// tens of megabytes, so rebuilding from the database at start is simpler
    /// than keeping an index on disk in step with it.
    pub fn build<'a>(docs: impl Iterator<Item = IndexDoc<'a>>) -> anyhow::Result<SearchIndex> {
        let mut sb = Schema::builder();
        let pos = sb.add_u64_field("pos", FAST);
        let code = sb.add_text_field("code", STRING);
        let name = sb.add_text_field("name", TEXT);
        let about = sb.add_text_field("about", TEXT);
        let body = sb.add_text_field("body", TEXT);
        let index = Index::create_in_ram(sb.build());
        let mut writer = index.writer_with_num_threads(1, 100_000_000)?;
        for d in docs {
            let mut doc = TantivyDocument::default();
            doc.add_u64(pos, u64::from(d.pos));
            doc.add_text(code, d.code.to_ascii_lowercase());
            doc.add_text(name, fold(d.name));
            doc.add_text(about, fold(&d.about));
            doc.add_text(body, fold(&d.body));
            writer.add_document(doc)?;
        }
        writer.commit()?;
        let reader = index.reader()?;
        Ok(SearchIndex {
            reader,
            code,
            name,
            about,
            body,
        })
    }

    /// Every procedure that matches `text`, with its score.
    pub fn search(&self, text: &str, synonyms: &Synonyms) -> anyhow::Result<Matches> {
        let mut expanded = Vec::new();
        let query = self.build_query(text, synonyms, &mut expanded);
        let searcher = self.reader.searcher();
        let hits = searcher.search(query.as_ref(), &AllMatches)?;
        Ok(Matches { hits, expanded })
    }

    fn term(&self, field: Field, word: &str) -> Term {
        Term::from_field_text(field, word)
    }

    fn word_query(&self, word: &str) -> Box<dyn Query> {
        let exact = |field, boost| -> (Occur, Box<dyn Query>) {
            (
                Occur::Should,
                Box::new(BoostQuery::new(
                    Box::new(TermQuery::new(
                        self.term(field, word),
                        IndexRecordOption::WithFreqs,
                    )),
                    boost,
                )),
            )
        };
        let mut clauses = vec![
            exact(self.name, 4.0),
            exact(self.about, 2.0),
            exact(self.body, 1.0),
        ];
        // One wrong letter is forgiven, but never on one- or two-letter
        // words, where a single edit turns a word into a different one, and
        // only in names and descriptions: in long step texts nearly every
        // three-letter syllable is one edit away from some other word.
        if word.chars().count() >= 3 {
            for (field, boost) in [(self.name, 0.6), (self.about, 0.3)] {
                let fuzzy = FuzzyTermQuery::new(self.term(field, word), 1, true);
                clauses.push((
                    Occur::Should,
                    Box::new(BoostQuery::new(Box::new(fuzzy), boost)),
                ));
            }
        }
        Box::new(BooleanQuery::new(clauses))
    }

    fn phrase_in(&self, field: Field, words: &[String], boost: Score) -> Box<dyn Query> {
        let q: Box<dyn Query> = if words.len() == 1 {
            Box::new(TermQuery::new(
                self.term(field, &words[0]),
                IndexRecordOption::WithFreqs,
            ))
        } else {
            Box::new(PhraseQuery::new(
                words.iter().map(|w| self.term(field, w)).collect(),
            ))
        };
        Box::new(BoostQuery::new(q, boost))
    }

    fn phrase_query(&self, words: &[String]) -> Box<dyn Query> {
        Box::new(BooleanQuery::new(vec![
            (Occur::Should, self.phrase_in(self.name, words, 4.0)),
            (Occur::Should, self.phrase_in(self.about, words, 2.0)),
            (Occur::Should, self.phrase_in(self.body, words, 1.0)),
        ]))
    }

    fn build_query(
        &self,
        text: &str,
        synonyms: &Synonyms,
        expanded: &mut Vec<(String, String)>,
    ) -> Box<dyn Query> {
        let trimmed = text.trim();
        if app::procedures::looks_like_code(trimmed) {
            return Box::new(TermQuery::new(
                self.term(self.code, &trimmed.to_ascii_lowercase()),
                IndexRecordOption::Basic,
            ));
        }
        let words = tokens(trimmed);
        let all_optional = words.iter().all(|w| OPTIONAL_WORDS.contains(&w.as_str()));
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut i = 0;
        while i < words.len() {
            if let Some(syn) = synonyms.match_at(&words, i) {
                // The colloquial phrase itself or any of its official meanings.
                let mut alternatives = vec![(Occur::Should, self.phrase_query(&syn.colloquial))];
                for official in &syn.official {
                    alternatives.push((Occur::Should, self.phrase_query(official)));
                }
                clauses.push((Occur::Must, Box::new(BooleanQuery::new(alternatives))));
                if !expanded.contains(&syn.display) {
                    expanded.push(syn.display.clone());
                }
                i += syn.colloquial.len();
                continue;
            }
            let occur = if !all_optional && OPTIONAL_WORDS.contains(&words[i].as_str()) {
                Occur::Should
            } else {
                Occur::Must
            };
            clauses.push((occur, self.word_query(&words[i])));
            i += 1;
        }
        // A name that contains the whole query, in order, ranks first.
        if words.len() >= 2 {
            clauses.push((Occur::Should, self.phrase_in(self.name, &words, 8.0)));
        }
        Box::new(BooleanQuery::new(clauses))
    }
}

/// Collects every matching document as (catalogue position, score).
struct AllMatches;

struct SegmentMatches {
    pos: Column<u64>,
    hits: Vec<(u32, Score)>,
}

impl Collector for AllMatches {
    type Fruit = Vec<(u32, Score)>;
    type Child = SegmentMatches;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<SegmentMatches> {
        Ok(SegmentMatches {
            pos: segment.fast_fields().u64("pos")?,
            hits: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<Vec<(u32, Score)>>) -> tantivy::Result<Vec<(u32, Score)>> {
        Ok(fruits.into_iter().flatten().collect())
    }
}

impl SegmentCollector for SegmentMatches {
    type Fruit = Vec<(u32, Score)>;

    fn collect(&mut self, doc: DocId, score: Score) {
        if let Some(p) = self.pos.first(doc) {
            self.hits.push((p as u32, score));
        }
    }

    fn harvest(self) -> Vec<(u32, Score)> {
        self.hits
    }
}
