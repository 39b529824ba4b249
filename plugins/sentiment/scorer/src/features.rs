//! Features of the news models, hashed to `u64` ids (stable FNV-1a of the lowercased word, mixed
//! with a tag), for a sentence (the tone of what it says) and for a target mention in its sentence
//! (the tone of what it says about the target).
//!
//! A [`Prepared`] text holds what every feature needs once: news-core tokens and sentences, the
//! hash of each lowercased word, and VADER's per-word valences per sentence (VADER's own
//! whitespace tokenization, offsets mapped back to the text).

use std::ops::Range;

use news_core::text::{Sentence, Token, TokenKind, split_sentences, tokenize_into};

use crate::hash::fnv;
use crate::tone::{Tone, ToneFeats};
use crate::vader::{self, Polarity, Vader, Word};

/// A feature: hashed id and value.
pub type Feat = (u64, f32);

/// Mixes a word hash with a tag into a feature id.
#[inline]
pub fn mix(h: u64, tag: u64) -> u64 {
    let x = h ^ tag.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    (x ^ (x >> 29)).wrapping_mul(0xbf58_476d_1ce4_e5b9)
}

/// The id of a named dense feature.
pub fn named(name: &str) -> u64 {
    fnv(&[b"#", name.as_bytes()])
}

// Tags.
const T_WORD: u64 = 1;
const T_BIGRAM: u64 = 2;
const T_POS: u64 = 10; // + side * 8 + bucket
const T_CLAUSE: u64 = 40; // + side
const T_TARGET: u64 = 42;
const T_PREV: u64 = 43;
const T_NEXT: u64 = 44;
const T_VBUCKET: u64 = 45;
const T_NEGATED: u64 = 46;

/// Distance bucket of a word `d` ≥ 1 words from the target: 1-2, 3-5, 6-10, >10.
fn bucket_of(d: usize) -> usize {
    match d {
        0..=2 => 0,
        3..=5 => 1,
        6..=10 => 2,
        _ => 3,
    }
}

/// Word classes that matter to the target cues.
const SPEECH: &[&str] =
    &["said", "says", "say", "told", "tells", "added", "stated", "wrote", "argued", "claimed"];
const PRONOUNS: &[&str] =
    &["he", "she", "him", "her", "his", "hers", "they", "them", "their", "it", "its", "we", "i"];

/// Verbs that make a target right before them the *source* of what the sentence says ("Putin
/// praised …", "… Koellmann said"): speech, evaluation and stance verbs.
const SOURCE_VERBS: &[&str] = &[
    "said",
    "says",
    "say",
    "told",
    "tells",
    "added",
    "stated",
    "wrote",
    "argued",
    "claimed",
    "praised",
    "praises",
    "hailed",
    "hails",
    "welcomed",
    "welcomes",
    "thanked",
    "thanks",
    "lauded",
    "criticized",
    "criticised",
    "criticizes",
    "condemned",
    "condemns",
    "accused",
    "accuses",
    "warned",
    "warns",
    "urged",
    "urges",
    "called",
    "calls",
    "blamed",
    "blames",
    "slammed",
    "attacked",
    "defended",
    "insisted",
    "insists",
    "denied",
    "denies",
    "announced",
    "announces",
    "noted",
    "notes",
    "suggested",
    "acknowledged",
    "admitted",
    "promised",
    "promises",
    "vowed",
    "vows",
    "pledged",
    "expressed",
    "emphasized",
    "stressed",
    "raised",
    "asked",
    "asks",
    "explained",
    "explains",
    "believes",
    "believed",
    "thinks",
    "thought",
    "felt",
    "feels",
    "described",
    "describes",
    "recalled",
    "replied",
    "responded",
    "declared",
];
/// Words that may stand between a source and its verb ("Putin also said", "Smith has warned").
const SOURCE_SKIP: &[&str] =
    &["also", "then", "later", "again", "has", "had", "have", "would", "will", "once"];

/// Per-sentence VADER results.
#[derive(Debug, Clone, Default)]
pub struct SentVader {
    pub polarity: Polarity,
    /// Features of the tone model.
    pub tone: ToneFeats,
    /// Range into [`Prepared::vwords`] / [`Prepared::valences`].
    pub words: Range<usize>,
}

/// A text ready for featurization.
#[derive(Debug, Default)]
pub struct Prepared {
    pub tokens: Vec<Token>,
    pub sentences: Vec<Sentence>,
    /// Hash of each token's normalized lowercase form (numbers → "0"); 0 for tokens ignored.
    pub hashes: Vec<u64>,
    /// Lowercased token text (only the cue words are compared, so kept for all tokens).
    lower: String,
    lower_at: Vec<(u32, u32)>,
    /// Whether `hashes` and `lower` are filled for the current text.
    hashed: bool,
    pub vader: Vec<SentVader>,
    /// VADER words of every sentence, byte offsets into the whole text.
    pub vwords: Vec<Word>,
    pub valences: Vec<f64>,
    scratch: vader::Scratch,
    words: Vec<Word>,
}

/// Longest sentence (in bytes) VADER and the models look at; longer ones are cut (bounded work).
pub const MAX_SENTENCE_BYTES: usize = 4096;

impl Prepared {
    /// Tokenizes, splits and scores `text` with VADER, reusing buffers.
    pub fn prepare(&mut self, vader: &Vader, tone: &Tone, text: &str) {
        tokenize_into(text, &mut self.tokens);
        self.sentences = split_sentences(text, &self.tokens);
        self.hashed = false;
        self.vader_rest(vader, tone, text);
    }

    /// Fills [`hashes`](Self::hashes) and the lowercased tokens (needed by the target features
    /// only; done once per prepared text).
    pub fn ensure_hashes(&mut self, text: &str) {
        if self.hashed {
            return;
        }
        self.hashed = true;
        self.hashes.clear();
        self.lower.clear();
        self.lower_at.clear();
        for t in &self.tokens {
            let raw = t.text(text);
            let s = self.lower.len() as u32;
            if raw.is_ascii() {
                self.lower.push_str(raw);
                if let Some(l) = self.lower.get_mut(s as usize..) {
                    l.make_ascii_lowercase();
                }
            } else {
                self.lower.push_str(&raw.to_lowercase());
            }
            let e = self.lower.len() as u32;
            self.lower_at.push((s, e));
            let w = &self.lower[s as usize..e as usize];
            let h = match t.kind {
                TokenKind::Number => fnv(&[b"0"]),
                TokenKind::Punct if !matches!(w, "!" | "?") => 0,
                TokenKind::OpenQuote | TokenKind::CloseQuote => 0,
                _ => fnv(&[w.as_bytes()]),
            };
            self.hashes.push(h);
        }
    }

    fn vader_rest(&mut self, vader: &Vader, tone: &Tone, text: &str) {
        self.vader.clear();
        self.vwords.clear();
        self.valences.clear();
        for s in &self.sentences {
            let mut end = (s.end as usize).min(s.start as usize + MAX_SENTENCE_BYTES);
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            let stext = text.get(s.start as usize..end).unwrap_or("");
            let marks = vader::scan_words(stext, &mut self.words);
            vader.valences(stext, &self.words, &mut self.scratch);
            let polarity = vader::score_valence_with(&self.scratch.valences, marks.emphasis());
            let tone = tone.features_with(&polarity, &self.scratch, marks);
            let first = self.vwords.len();
            let at = s.start;
            self.vwords.extend(self.words.iter().map(|w| Word { start: w.start + at, end: w.end + at }));
            self.valences.extend_from_slice(&self.scratch.valences);
            self.vader.push(SentVader { polarity, tone, words: first..self.vwords.len() });
        }
    }

    /// The lowercased text of token `i`.
    pub fn lower(&self, i: usize) -> &str {
        self.lower_at.get(i).and_then(|&(s, e)| self.lower.get(s as usize..e as usize)).unwrap_or("")
    }

    /// Index of the sentence containing byte `at` (the last one starting at or before it).
    pub fn sentence_of(&self, at: usize) -> Option<usize> {
        if self.sentences.is_empty() {
            return None;
        }
        let i = self.sentences.partition_point(|s| (s.start as usize) <= at);
        Some(i.saturating_sub(1))
    }

    /// Token range of sentence `si`, capped at a bounded length.
    fn sent_tokens(&self, si: usize) -> Range<usize> {
        let r = self.sentences[si].tokens.clone();
        r.start..r.end.min(r.start + 400)
    }

    /// Whether the target mentioned at bytes `span` (in sentence `si`) is the *source* of what
    /// the sentence says: right before a speech, evaluation or stance verb ([`SOURCE_VERBS`]),
    /// with at most two adverbs ("…ly") or auxiliaries between ("Putin praised …", "Smith has
    /// also warned …"), not before a possessive. Needs [`ensure_hashes`](Self::ensure_hashes).
    pub fn target_is_source(&self, si: usize, span: Range<usize>) -> bool {
        let Some(s) = self.sentences.get(si) else { return false };
        let r = s.tokens.clone();
        let Some(first) = r.clone().find(|&i| (self.tokens[i].start as usize) >= span.end) else {
            return false;
        };
        if self.tokens[first].kind == TokenKind::Possessive {
            return false;
        }
        for i in first..r.end.min(first + 3) {
            let w = self.lower(i);
            if SOURCE_VERBS.contains(&w) {
                return true;
            }
            if !(SOURCE_SKIP.contains(&w) || (w.len() > 3 && w.ends_with("ly"))) {
                return false;
            }
        }
        false
    }

    /// Pronoun mentions of the entity mentioned at `mentions` (byte spans), added to `out`: in
    /// each sentence that follows one mentioning it (by name, or by pronoun in a chain) and does
    /// not name it, its first personal pronoun of the entity's gender ("he", "him", "his" or
    /// "she", "her", "hers"); the chain ends at a sentence without one. The gender is the more
    /// frequent one among the first such pronouns of the sentences right after a named one;
    /// none (no pronoun mentions) on a tie. Needs [`ensure_hashes`](Self::ensure_hashes).
    pub fn pronoun_mentions(&self, mentions: &[Range<usize>], out: &mut Vec<Range<usize>>) {
        const HE: &[&str] = &["he", "him", "his"];
        const SHE: &[&str] = &["she", "her", "hers"];
        let n = self.sentences.len();
        let mut named = vec![false; n];
        for m in mentions {
            if let Some(si) = self.sentence_of(m.start) {
                named[si] = true;
            }
        }
        let first = |si: usize, set: &[&str]| {
            self.sentences[si].tokens.clone().find(|&i| set.contains(&self.lower(i)))
        };
        let (mut he, mut she) = (0usize, 0usize);
        for si in 1..n {
            if named[si - 1] && !named[si] {
                match (first(si, HE), first(si, SHE)) {
                    (Some(a), Some(b)) if a < b => he += 1,
                    (Some(_), Some(_)) | (None, Some(_)) => she += 1,
                    (Some(_), None) => he += 1,
                    (None, None) => {}
                }
            }
        }
        let set = match he.cmp(&she) {
            std::cmp::Ordering::Greater => HE,
            std::cmp::Ordering::Less => SHE,
            std::cmp::Ordering::Equal => return,
        };
        let mut chained = false;
        for (si, &is_named) in named.iter().enumerate() {
            if is_named {
                chained = true;
                continue;
            }
            if !chained {
                continue;
            }
            match first(si, set) {
                Some(i) => out.push(self.tokens[i].start as usize..self.tokens[i].end as usize),
                None => chained = false,
            }
        }
    }

    /// Features of sentence `si`: VADER's scores, its words and (with `bigrams`) word pairs.
    pub fn sentence_features(&self, si: usize, bigrams: bool, out: &mut Vec<Feat>) {
        out.clear();
        out.push((named("bias"), 1.0));
        if si >= self.sentences.len() {
            return;
        }
        let p = self.vader[si].polarity;
        out.push((named("vader"), p.compound as f32));
        out.push((named("vpos"), p.pos as f32));
        out.push((named("vneg"), p.neg as f32));
        let r = self.sent_tokens(si);
        let mut prev = 0u64;
        for i in r {
            let h = self.hashes[i];
            if h == 0 {
                prev = 0;
                continue;
            }
            out.push((mix(h, T_WORD), 1.0));
            if prev != 0 && bigrams {
                out.push((mix(prev.rotate_left(7) ^ h, T_BIGRAM), 1.0));
            }
            prev = h;
        }
    }

    /// Features of the target mention at bytes `span` (within sentence `si`) for the target model.
    pub fn target_features(&self, text: &str, si: usize, span: Range<usize>, out: &mut Vec<Feat>) {
        // The sentence's words without bigrams (cross-validated on NewsMTSC train: bigrams of
        // the whole sentence say nothing about which target they concern).
        self.sentence_features(si, false, out);
        if si >= self.sentences.len() {
            return;
        }
        let r = self.sent_tokens(si);
        // Target tokens: those overlapping the span.
        let first = r.clone().find(|&i| (self.tokens[i].end as usize) > span.start).unwrap_or(r.end);
        let last =
            r.clone().rev().find(|&i| (self.tokens[i].start as usize) < span.end).map_or(first, |i| i + 1);
        let (t0, t1) = (first, last.max(first));
        for i in r.clone() {
            let h = self.hashes[i];
            if h == 0 || (t0..t1).contains(&i) {
                continue;
            }
            let (side, d) = if i < t0 { (0u64, t0 - i) } else { (1u64, i + 1 - t1) };
            let bucket = match d {
                1..=2 => 0,
                3..=5 => 1,
                6..=10 => 2,
                _ => 3,
            };
            out.push((mix(h, T_POS + side * 8 + bucket), 1.0));
        }
        // VADER valences by side, distance-weighted.
        let sv = &self.vader[si];
        let (mut left, mut right, mut near) = (0.0f64, 0.0f64, 0.0f64);
        let mut left_words = 0usize;
        for k in sv.words.clone().rev() {
            let w = self.vwords[k];
            if (w.end as usize) <= span.start {
                left_words += 1;
                let v = self.valences[k];
                left += v;
                near += v / (1.0 + left_words as f64 * 0.5);
            }
        }
        let mut right_words = 0usize;
        for k in sv.words.clone() {
            let w = self.vwords[k];
            if (w.start as usize) >= span.end {
                right_words += 1;
                let v = self.valences[k];
                right += v;
                near += v / (1.0 + right_words as f64 * 0.5);
            }
        }
        out.push((named("vleft"), vader::normalize(left) as f32));
        out.push((named("vright"), vader::normalize(right) as f32));
        out.push((named("vnear"), vader::normalize(near) as f32));
        // Cues.
        let mut quotes = 0;
        for i in r.start..t0 {
            if matches!(self.tokens[i].kind, TokenKind::OpenQuote) {
                quotes += 1;
            } else if matches!(self.tokens[i].kind, TokenKind::CloseQuote) {
                quotes -= 1;
            }
        }
        if quotes > 0 {
            out.push((named("inquote"), 1.0));
        }
        let next = (t1..r.end).find(|&i| self.hashes[i] != 0 && self.tokens[i].kind != TokenKind::Possessive);
        let prev = (r.start..t0).rev().find(|&i| self.hashes[i] != 0);
        if next.is_some_and(|i| SPEECH.contains(&self.lower(i)))
            || prev.is_some_and(|i| SPEECH.contains(&self.lower(i)))
        {
            out.push((named("speaker"), 1.0));
        }
        if t0 < r.end && self.tokens.get(t1).is_some_and(|t| t.kind == TokenKind::Possessive) {
            out.push((named("possessive"), 1.0));
        }
        if t0 - r.start <= 2 {
            out.push((named("subjectpos"), 1.0));
        }
        if prev.is_some_and(|i| self.lower(i) == "by") {
            out.push((named("byagent"), 1.0));
        }
        // Clause of the target: up to the nearest clause boundary on each side.
        let boundary = |i: usize| {
            matches!(
                self.lower(i),
                "," | ";"
                    | ":"
                    | "("
                    | ")"
                    | "—"
                    | "–"
                    | "--"
                    | "but"
                    | "while"
                    | "although"
                    | "though"
                    | "whereas"
                    | "because"
                    | "however"
                    | "which"
                    | "who"
                    | "after"
                    | "before"
            )
        };
        let c0 = (r.start..t0).rev().find(|&i| boundary(i)).map_or(r.start, |i| i + 1);
        let c1 = (t1..r.end).find(|&i| boundary(i)).unwrap_or(r.end);
        // Words of the target's clause, by side; those within 3 words after a negation also as
        // negated words.
        let mut negated_until = 0usize;
        for i in c0..c1 {
            let h = self.hashes[i];
            if matches!(self.lower(i), "not" | "n't" | "no" | "never" | "without" | "nor") {
                negated_until = i + 4;
                continue;
            }
            if h != 0 && !(t0..t1).contains(&i) {
                out.push((mix(h, T_CLAUSE + (i >= t1) as u64), 1.0));
                if i < negated_until {
                    out.push((mix(h, T_NEGATED), 1.0));
                }
            }
        }
        // VADER valences inside the target's clause (by side) and outside it, and within 3
        // words of the target.
        let (cb0, cb1) = (
            self.tokens.get(c0).map_or(span.start, |t| t.start as usize),
            self.tokens.get(c1.saturating_sub(1)).map_or(span.end, |t| t.end as usize),
        );
        let (mut cl, mut cr, mut outside, mut l3, mut r3) = (0.0f64, 0.0f64, 0.0f64, 0.0f64, 0.0f64);
        let (mut nl, mut nr) = (0usize, 0usize);
        for k in sv.words.clone().rev() {
            let w = self.vwords[k];
            if (w.end as usize) <= span.start {
                nl += 1;
                let v = self.valences[k];
                if nl <= 3 {
                    l3 += v;
                }
                if (w.start as usize) >= cb0 { cl += v } else { outside += v }
            }
        }
        for k in sv.words.clone() {
            let w = self.vwords[k];
            if (w.start as usize) >= span.end {
                nr += 1;
                let v = self.valences[k];
                if nr <= 3 {
                    r3 += v;
                }
                if (w.end as usize) <= cb1 { cr += v } else { outside += v }
            }
        }
        out.push((named("vclause_l"), vader::normalize(cl) as f32));
        out.push((named("vclause_r"), vader::normalize(cr) as f32));
        out.push((named("voutside"), vader::normalize(outside) as f32));
        out.push((named("vl3"), vader::normalize(l3) as f32));
        out.push((named("vr3"), vader::normalize(r3) as f32));
        // The target's own words.
        for i in t0..t1 {
            let h = self.hashes[i];
            if h != 0 {
                out.push((mix(h, T_TARGET), 1.0));
            }
        }
        // VADER valence by side and distance bucket (in VADER words).
        let mut acc = [0.0f64; 8];
        let mut d = 0usize;
        for k in sv.words.clone().rev() {
            if (self.vwords[k].end as usize) <= span.start {
                d += 1;
                acc[bucket_of(d)] += self.valences[k];
            }
        }
        d = 0;
        for k in sv.words.clone() {
            if (self.vwords[k].start as usize) >= span.end {
                d += 1;
                acc[4 + bucket_of(d)] += self.valences[k];
            }
        }
        for (j, v) in acc.iter().enumerate() {
            if *v != 0.0 {
                out.push((mix(j as u64, T_VBUCKET), vader::normalize(*v) as f32));
            }
        }
        // Nearest word on each side, exactly.
        if let Some(i) = prev {
            out.push((mix(self.hashes[i], T_PREV), 1.0));
        }
        if let Some(i) = next {
            out.push((mix(self.hashes[i], T_NEXT), 1.0));
        }
        let ttext = text.get(span.clone()).unwrap_or("").to_lowercase();
        if PRONOUNS.contains(&ttext.as_str()) {
            out.push((named("pronoun"), 1.0));
        }
        out.push((named("relpos"), ((t0 - r.start) as f32 / (r.len().max(1)) as f32)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feats(text: &str, target: &str) -> Vec<Feat> {
        let mut p = Prepared::default();
        p.prepare(Vader::shipped(), &Tone::default(), text);
        p.ensure_hashes(text);
        let a = text.find(target).expect("target in text");
        let mut out = Vec::new();
        p.target_features(text, 0, a..a + target.len(), &mut out);
        out
    }

    fn has(f: &[Feat], word: &str, tag: u64) -> bool {
        let id = mix(fnv(&[word.as_bytes()]), tag);
        f.iter().any(|&(i, _)| i == id)
    }

    /// Clause words are the target's own: "praised" is in Smith's clause, "condemned" in Jones's.
    #[test]
    fn clause_words_follow_the_target() {
        let t = "Smith praised the plan, while Jones condemned the brutal attack.";
        let (s, j) = (feats(t, "Smith"), feats(t, "Jones"));
        assert!(has(&s, "praised", T_CLAUSE + 1) && !has(&s, "condemned", T_CLAUSE + 1));
        assert!(has(&j, "condemned", T_CLAUSE + 1) && !has(&j, "praised", T_CLAUSE));
        assert!(has(&s, "smith", T_TARGET) && has(&j, "jones", T_TARGET));
        // VADER valence inside the clause, right of the target: positive for Smith, negative for Jones.
        let v = |f: &[Feat]| f.iter().find(|x| x.0 == named("vclause_r")).map_or(0.0, |x| x.1);
        assert!(v(&s) > 0.0 && v(&j) < 0.0, "{} {}", v(&s), v(&j));
    }

    /// The target as the source of the sentence: before a speech or evaluation verb.
    #[test]
    fn source_targets() {
        let is = |t: &str, target: &str| {
            let mut p = Prepared::default();
            p.prepare(Vader::shipped(), &Tone::default(), t);
            p.ensure_hashes(t);
            let a = t.find(target).expect("target");
            p.target_is_source(0, a..a + target.len())
        };
        assert!(is("Putin praised the great prospects.", "Putin"));
        assert!(is("“It will work,” Smith added.", "Smith"));
        assert!(is("Smith has also criticized the plan.", "Smith"));
        assert!(is("Smith strongly criticized the plan.", "Smith"));
        assert!(!is("Putin’s trip was praised.", "Putin"));
        assert!(!is("Critics condemned Putin for the war.", "Putin"));
        assert!(!is("Putin will visit Beijing on Thursday.", "Putin"));
    }

    /// Pronoun mentions follow a named mention sentence by sentence.
    #[test]
    fn pronoun_chain() {
        let t = "Smith won the race. He was happy. His wife cheered. The crowd left. He slept.";
        let mut p = Prepared::default();
        p.prepare(Vader::shipped(), &Tone::default(), t);
        p.ensure_hashes(t);
        let mut out = Vec::new();
        p.pronoun_mentions(std::slice::from_ref(&(0..5)), &mut out);
        let got: Vec<&str> = out.iter().map(|r| &t[r.clone()]).collect();
        assert_eq!(got, ["He", "His"]);
    }

    /// Words within three words after a negation in the clause are marked as negated.
    #[test]
    fn negated_clause_words() {
        let f = feats("Smith did not support the deal.", "Smith");
        assert!(has(&f, "support", T_NEGATED) && !has(&f, "smith", T_NEGATED));
        assert!(!has(&feats("Smith did support the deal.", "Smith"), "support", T_NEGATED));
    }
}
