//! CoNLL-style NER files (`token ... tag` per line, blank line between sentences, `-DOCSTART-`
//! between documents) and exact-span scoring with conlleval semantics, the same reading as the
//! reference scorer `ner_eval.py`: documents, sentences and token indices here match its
//! JSONL prediction format.

use std::fmt::Write as _;
use std::ops::Range;

use crate::tags::{self, TYPES, TokSpan};

/// One document: its tokens, their gold tags (as written in the file) and its sentences.
#[derive(Debug, Clone, Default)]
pub struct ConllDoc {
    pub tokens: Vec<String>,
    pub tags: Vec<String>,
    pub sentences: Vec<Range<usize>>,
}

impl ConllDoc {
    /// The gold spans of each sentence (token indices within the sentence).
    #[must_use]
    pub fn gold_spans(&self) -> Vec<Vec<TokSpan>> {
        self.sentences
            .iter()
            .map(|r| {
                let t: Vec<&str> = self.tags[r.clone()].iter().map(String::as_str).collect();
                tags::spans_iob(&t)
            })
            .collect()
    }

    /// Tokens as `&str`.
    #[must_use]
    pub fn token_strs(&self) -> Vec<&str> {
        self.tokens.iter().map(String::as_str).collect()
    }
}

/// Reads a CoNLL file: the first column is the token, the last the tag. Lines with one column
/// get tag `O`. A file without `-DOCSTART-` is one document; empty documents are dropped.
#[must_use]
pub fn read(text: &str) -> Vec<ConllDoc> {
    let mut docs = vec![ConllDoc::default()];
    let mut sent_start = 0usize;
    let close = |d: &mut ConllDoc, start: &mut usize| {
        if d.tokens.len() > *start {
            d.sentences.push(*start..d.tokens.len());
        }
        *start = d.tokens.len();
    };
    for line in text.lines() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            if let Some(d) = docs.last_mut() {
                close(d, &mut sent_start);
            }
            continue;
        }
        let cols: Vec<&str> =
            if line.contains('\t') { line.split('\t').collect() } else { line.split_whitespace().collect() };
        let (Some(&tok), Some(&tag)) = (cols.first(), cols.last()) else { continue };
        if tok == "-DOCSTART-" {
            if let Some(d) = docs.last_mut() {
                close(d, &mut sent_start);
                if !d.sentences.is_empty() {
                    docs.push(ConllDoc::default());
                    sent_start = 0;
                }
            }
            continue;
        }
        if let Some(d) = docs.last_mut() {
            d.tokens.push(tok.to_owned());
            d.tags.push(if cols.len() < 2 { "O".to_owned() } else { tag.trim().to_owned() });
        }
    }
    if let Some(d) = docs.last_mut() {
        close(d, &mut sent_start);
    }
    docs.retain(|d| !d.sentences.is_empty());
    docs
}

/// Counts of one type (or overall).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub gold: usize,
    pub pred: usize,
    pub correct: usize,
}

impl Counts {
    #[must_use]
    pub fn precision(&self) -> f64 {
        if self.pred == 0 { 0.0 } else { 100.0 * self.correct as f64 / self.pred as f64 }
    }
    #[must_use]
    pub fn recall(&self) -> f64 {
        if self.gold == 0 { 0.0 } else { 100.0 * self.correct as f64 / self.gold as f64 }
    }
    #[must_use]
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) }
    }
}

/// Exact-span scores per type and overall (micro average over the scored types).
#[derive(Debug, Clone, Default)]
pub struct Score {
    pub per_type: [Counts; 4],
    /// Which types are scored (`--types`).
    pub scored: [bool; 4],
}

impl Score {
    #[must_use]
    pub fn new(scored: [bool; 4]) -> Score {
        Score { per_type: [Counts::default(); 4], scored }
    }

    /// Adds one sentence: gold and predicted spans.
    pub fn add(&mut self, gold: &[TokSpan], pred: &[TokSpan]) {
        for g in gold.iter().filter(|s| self.scored[s.ty]) {
            self.per_type[g.ty].gold += 1;
        }
        let mut seen: Vec<TokSpan> = Vec::with_capacity(pred.len());
        for p in pred.iter().filter(|s| self.scored[s.ty]) {
            if seen.contains(p) {
                continue;
            }
            seen.push(*p);
            self.per_type[p.ty].pred += 1;
            if gold.contains(p) {
                self.per_type[p.ty].correct += 1;
            }
        }
    }

    #[must_use]
    pub fn overall(&self) -> Counts {
        let mut c = Counts::default();
        for (k, t) in self.per_type.iter().enumerate() {
            if self.scored[k] {
                c.gold += t.gold;
                c.pred += t.pred;
                c.correct += t.correct;
            }
        }
        c
    }

    /// A conlleval-like table.
    #[must_use]
    pub fn table(&self) -> String {
        let mut s = String::new();
        let o = self.overall();
        let _ = writeln!(
            s,
            "{:<8} {:>7} {:>7} {:>7} {:>7} {:>7} {:>7}",
            "type", "gold", "pred", "correct", "P", "R", "F1"
        );
        let mut row = |name: &str, c: &Counts| {
            let _ = writeln!(
                s,
                "{:<8} {:>7} {:>7} {:>7} {:>7.2} {:>7.2} {:>7.2}",
                name,
                c.gold,
                c.pred,
                c.correct,
                c.precision(),
                c.recall(),
                c.f1()
            );
        };
        row("overall", &o);
        for (k, t) in self.per_type.iter().enumerate() {
            if self.scored[k] {
                row(TYPES[k], t);
            }
        }
        s
    }
}

/// One line of `ner_eval.py`'s JSONL prediction format.
#[must_use]
pub fn jsonl_line(doc: usize, sentence: usize, spans: &[TokSpan]) -> String {
    let mut s = format!("{{\"doc\": {doc}, \"sentence\": {sentence}, \"entities\": [");
    for (k, e) in spans.iter().enumerate() {
        if k > 0 {
            s.push_str(", ");
        }
        let _ = write!(
            s,
            "{{\"start_token\": {}, \"end_token\": {}, \"type\": \"{}\"}}",
            e.start, e.end, TYPES[e.ty]
        );
    }
    s.push_str("]}");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_documents_and_sentences() {
        let text = "-DOCSTART-\tO\n\nEU\tB-ORG\nrejects\tO\n\nPeter\tB-PER\nBlackburn\tI-PER\n\n-DOCSTART- O\n\nX Y B-LOC\n";
        let docs = read(text);
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].sentences, vec![0..2, 2..4]);
        assert_eq!(docs[1].tokens, vec!["X"]);
        assert_eq!(docs[1].tags, vec!["B-LOC"]);
        let g = docs[0].gold_spans();
        assert_eq!(g[1], vec![TokSpan { start: 0, end: 2, ty: 0 }]);
        let mut sc = Score::new([true; 4]);
        sc.add(&g[1], &g[1]);
        assert_eq!(sc.overall().f1(), 100.0);
        assert_eq!(
            jsonl_line(0, 1, &g[1]),
            "{\"doc\": 0, \"sentence\": 1, \"entities\": [{\"start_token\": 0, \"end_token\": 2, \"type\": \"PER\"}]}"
        );
    }
}
