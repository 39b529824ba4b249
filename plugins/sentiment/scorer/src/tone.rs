//! Sentence tone for news: two linear models over the same features of a sentence, a *polarity*
//! model `P` and an *intensity* model `I`, and the score `scale · P · max(I, 0.01)` clamped to
//! [-1, 1].
//!
//! Features: a few dense ones (VADER's compound and proportions, the number of negation words,
//! `?`, `!`, quotation marks, contrast and modal words, length, no valenced word) and the words
//! themselves — per lowercased word (VADER's tokenization) and per 4-character prefix of words
//! longer than 4 characters, a learned weight, summed over the sentence per √words. Both models
//! are fitted by ridge regression (own conjugate-gradient solver, [`crate::train::fit_tone`]) on
//! human-rated sentences (the VADER tweets, Amazon and movie sets, MIT; score / 4) and NewsMTSC
//! train sentences (MIT; mean target polarity × 0.5): `P` on the score, `I` on its absolute
//! value. The intensity factor shrinks the sentences that read as neutral (news sentences mostly
//! are) and keeps the opinionated ones.
//!
//! The NYT dev set is never used for fitting (only to choose between a few variants; see the
//! README).

use rustc_hash::FxHashMap;

use crate::vader::{self, Marks, Polarity, Scratch, Vader, Word};

/// Number of dense tone features.
pub const N_DENSE: usize = 12;

/// Names of the dense tone features, in order (the model file names them).
pub const DENSE_NAMES: [&str; N_DENSE] = [
    "bias",
    "vader_compound",
    "vader_pos",
    "vader_neg",
    "negations",
    "question",
    "contrast",
    "modal",
    "length",
    "no_valence",
    "exclaim",
    "quote",
];

/// Word prefixes: the first this many characters of words longer than that.
pub const PREFIX_CHARS: usize = 4;

/// Smallest intensity factor (the intensity model is linear and can go below 0).
pub const MIN_INTENSITY: f64 = 0.01;

/// Tone features of one sentence: the dense features of [`DENSE_NAMES`], then the sums over its
/// words of the polarity and of the intensity word weights, per √words.
pub type ToneFeats = [f64; N_DENSE + 2];

/// The tone model.
#[derive(Debug, Clone, Default)]
pub struct Tone {
    /// Lowercased word → (polarity, intensity) weights.
    pub words: FxHashMap<Box<str>, [f32; 2]>,
    /// Lowercased 4-character prefix (of words longer than 4 characters) → weights.
    pub prefixes: FxHashMap<Box<str>, [f32; 2]>,
    /// Per dense feature, (polarity, intensity) weights; all zero = no tone model (VADER's
    /// compound is used instead).
    pub dense: [[f64; 2]; N_DENSE],
    /// Final scale of `P · I` (least squares on the training data).
    pub scale: f64,
}

const CONTRAST: &[&str] = &["but", "however", "yet", "although", "though"];
const MODAL: &[&str] = &["should", "must", "ought", "would", "shouldn't", "needs"];
/// Word-class bits (merged into VADER's table by [`Tone::merged`]).
const C_CONTRAST: u8 = 1;
const C_MODAL: u8 = 2;

/// The word-class bits of a lowercased word.
fn class_of(w: &str) -> u8 {
    (CONTRAST.contains(&w) as u8 * C_CONTRAST) | (MODAL.contains(&w) as u8 * C_MODAL)
}

/// The prefix of a lowercased word that carries a prefix weight, if any: its first
/// [`PREFIX_CHARS`] characters when it has more.
#[inline]
pub fn prefix_of(w: &str) -> Option<&str> {
    let b = w.as_bytes();
    if b.len() <= PREFIX_CHARS {
        return None;
    }
    if b[..=PREFIX_CHARS].is_ascii() {
        return w.get(..PREFIX_CHARS);
    }
    let (end, _) = w.char_indices().nth(PREFIX_CHARS)?;
    w.get(..end)
}

impl Tone {
    /// Whether the model has weights.
    pub fn is_trained(&self) -> bool {
        self.scale != 0.0
    }

    /// The polarity and intensity of a sentence with features `f`.
    pub fn parts(&self, f: &ToneFeats) -> (f64, f64) {
        let (mut p, mut i) = (f[N_DENSE], f[N_DENSE + 1]);
        for (w, x) in self.dense.iter().zip(f) {
            p += w[0] * x;
            i += w[1] * x;
        }
        (p, i)
    }

    /// The tone score in [-1, 1] of a sentence with features `f` (VADER's compound without a
    /// trained model).
    pub fn score(&self, f: &ToneFeats) -> f64 {
        if !self.is_trained() {
            return f[1];
        }
        let (p, i) = self.parts(f);
        let z = self.scale * p * i.max(MIN_INTENSITY);
        if z.is_finite() { z.clamp(-1.0, 1.0) } else { 0.0 }
    }

    /// VADER `vader` with this model's word weights (each vocabulary word's own plus its
    /// prefix's), prefix weights and word classes merged into its tables ([`Vader::with_news`]).
    pub fn merged(&self, vader: &Vader) -> Vader {
        let classes = CONTRAST.iter().chain(MODAL).map(|&w| (w, class_of(w)));
        vader.with_news(
            self.words.iter().map(|(w, &v)| (&**w, self.with_prefix(w, v))),
            self.prefixes.iter().map(|(p, &v)| (&**p, v)),
            classes,
        )
    }

    /// The weights of a lowercased word outside the vocabulary: its prefix's, if any.
    #[inline]
    fn prefix_weights(&self, w: &str) -> [f32; 2] {
        prefix_of(w).and_then(|p| self.prefixes.get(p)).copied().unwrap_or([0.0; 2])
    }

    /// A vocabulary word's weights plus its prefix's (what [`Tone::merged`] stores).
    pub fn with_prefix(&self, w: &str, v: [f32; 2]) -> [f32; 2] {
        match prefix_of(w).and_then(|p| self.prefixes.get(p)) {
            Some(q) => [v[0] + q[0], v[1] + q[1]],
            None => v,
        }
    }

    /// Features of the sentence `text` whose words are those of the last [`Vader::valences`]
    /// call in `scratch`, with their polarity `p`. All zero (a score of 0) for a sentence without
    /// a letter or digit ("!!!", emoji only): nothing to read a tone from.
    pub fn features(&self, p: &Polarity, scratch: &Scratch, text: &str) -> ToneFeats {
        self.features_with(p, scratch, Marks::of(text))
    }

    /// [`features`](Self::features) with the sentence's punctuation marks given (as
    /// [`vader::scan_words`] returns them).
    pub fn features_with(&self, p: &Polarity, scratch: &Scratch, marks: Marks) -> ToneFeats {
        let n = scratch.len();
        if !(0..n).any(|k| scratch.lower(k).chars().any(char::is_alphanumeric)) {
            return [0.0; N_DENSE + 2];
        }
        let (mut sp, mut si) = (0.0f64, 0.0f64);
        let (mut negs, mut classes) = (0usize, 0u8);
        let lookup = !self.words.is_empty() || !self.prefixes.is_empty();
        // With a merged table ([`Tone::merged`]), the word's weights and class come with VADER's
        // own lookup; without, from the maps.
        let merged = scratch.has_news();
        if merged {
            for (neg, class, news) in scratch.tone_words() {
                negs += neg as usize;
                classes |= class;
                if let Some(v) = news {
                    // The table holds the weights in units of 1e-4 (the model file's 4 decimals).
                    sp += (v[0] as f32 * 1e-4) as f64;
                    si += (v[1] as f32 * 1e-4) as f64;
                }
            }
        } else {
            for k in 0..n {
                negs += scratch.negation(k) as usize;
                let w = scratch.lower(k);
                classes |= class_of(w);
                let v = match self.words.get(w) {
                    Some(&v) => self.with_prefix(w, v),
                    None if lookup => self.prefix_weights(w),
                    None => continue,
                };
                sp += v[0] as f64;
                si += v[1] as f64;
            }
        }
        let (question, exclaim, quote) = (marks.question > 0, marks.exclaim > 0, marks.quote);
        let norm = 1.0 / (n.max(1) as f64).sqrt();
        let negs = negs as f64;
        let b = |x: bool| x as u8 as f64;
        [
            1.0,
            p.compound,
            p.pos,
            p.neg,
            negs / (negs + 1.0),
            b(question),
            b(classes & C_CONTRAST != 0),
            b(classes & C_MODAL != 0),
            ((n + 1) as f64).ln() / 4.0,
            b(scratch.valences.iter().all(|&v| v == 0.0)),
            b(exclaim),
            b(quote),
            sp * norm,
            si * norm,
        ]
    }

    /// VADER and tone features of a free text (one sentence), with reusable buffers.
    pub fn text_features(
        &self,
        vader: &Vader,
        text: &str,
        words: &mut Vec<Word>,
        scratch: &mut Scratch,
    ) -> ToneFeats {
        let marks = vader::scan_words(text, words);
        vader.valences(text, words, scratch);
        let p = vader::score_valence_with(&scratch.valences, marks.emphasis());
        self.features_with(&p, scratch, marks)
    }
}

/// The keys of the word weights of the words of the last [`Vader::valences`] call: each
/// lowercased word, and `prefix ` (with a trailing space, which no word has) for each word with
/// a prefix ([`prefix_of`]).
pub fn word_keys(scratch: &Scratch, out: &mut Vec<String>) {
    out.clear();
    for k in 0..scratch.len() {
        let w = scratch.lower(k);
        out.push(w.to_owned());
        if let Some(p) = prefix_of(w) {
            out.push(format!("{p} "));
        }
    }
}

/// A sparse row: (column, value).
pub type Sparse = Vec<(u32, f64)>;

/// Weighted ridge regression by conjugate gradient: the `w` minimizing
/// `Σ s (w₀ + w·x − y)² + l2 |w|²` (the bias `w₀` is not penalized) over sparse rows with columns
/// `< dim`; returns `(w₀, w)`. Deterministic (fixed order, fixed number of iterations at most).
pub fn ridge_cg(xs: &[Sparse], ys: &[f64], ss: &[f64], dim: usize, l2: f64, iters: usize) -> (f64, Vec<f64>) {
    // Column `dim` is the bias (a constant 1, a tiny penalty for a well-posed system).
    let d = dim + 1;
    let matvec = |v: &[f64], out: &mut Vec<f64>| {
        out.clear();
        out.resize(d, 0.0);
        for (x, &s) in xs.iter().zip(ss) {
            let mut z = v[dim];
            for &(i, a) in x {
                z += v[i as usize] * a;
            }
            let z = z * s;
            for &(i, a) in x {
                out[i as usize] += z * a;
            }
            out[dim] += z;
        }
        for (o, x) in out.iter_mut().zip(v).take(dim) {
            *o += l2 * x;
        }
        out[dim] += 1e-6 * v[dim];
    };
    let mut b = vec![0.0; d];
    for ((x, &y), &s) in xs.iter().zip(ys).zip(ss) {
        for &(i, a) in x {
            b[i as usize] += s * y * a;
        }
        b[dim] += s * y;
    }
    let mut w = vec![0.0; d];
    let mut r = b;
    let mut p = r.clone();
    let mut ap = Vec::new();
    let mut rr: f64 = r.iter().map(|x| x * x).sum();
    for _ in 0..iters {
        if rr < 1e-14 {
            break;
        }
        matvec(&p, &mut ap);
        let pap: f64 = p.iter().zip(&ap).map(|(a, b)| a * b).sum();
        if pap <= 0.0 {
            break;
        }
        let alpha = rr / pap;
        for i in 0..d {
            w[i] += alpha * p[i];
            r[i] -= alpha * ap[i];
        }
        let rr2: f64 = r.iter().map(|x| x * x).sum();
        let beta = rr2 / rr;
        rr = rr2;
        for i in 0..d {
            p[i] = r[i] + beta * p[i];
        }
    }
    let bias = w[dim];
    w.truncate(dim);
    (bias, w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ridge_cg_recovers_a_line() {
        let xs: Vec<Sparse> = (0..50).map(|i| vec![(0, i as f64 / 50.0)]).collect();
        let ys: Vec<f64> = xs.iter().map(|x| 0.5 - 2.0 * x[0].1).collect();
        let (b, w) = ridge_cg(&xs, &ys, &vec![1.0; ys.len()], 1, 0.0, 50);
        assert!((b - 0.5).abs() < 1e-6 && (w[0] + 2.0).abs() < 1e-6, "{b} {w:?}");
    }

    #[test]
    fn prefixes() {
        assert_eq!(prefix_of("tyranny"), Some("tyra"));
        assert_eq!(prefix_of("tyran"), Some("tyra"));
        assert_eq!(prefix_of("tyra"), None);
        assert_eq!(prefix_of("éééééé"), Some("éééé"));
    }

    /// Word weights come from the word and its prefix, merged into VADER's table or not.
    #[test]
    fn word_and_prefix_weights() {
        let mut t = Tone::default();
        t.words.insert("invasion".into(), [-0.5, 0.25]);
        t.prefixes.insert("inva".into(), [-0.1, 0.0]);
        t.prefixes.insert("tyra".into(), [-0.3, 0.1]);
        t.dense[1] = [1.0, 0.0];
        t.dense[0] = [0.0, 1.0];
        t.scale = 1.0;
        let merged = t.merged(Vader::shipped());
        let text = "But the invasion by the tyrants should \u{201c}end\u{201d}?";
        for v in [Vader::shipped(), &merged] {
            let (mut words, mut s) = (Vec::new(), Scratch::default());
            let f = t.text_features(v, text, &mut words, &mut s);
            let norm = 1.0 / 8f64.sqrt();
            assert!((f[N_DENSE] - (-0.6 - 0.3) * norm).abs() < 1e-6, "{f:?}");
            assert!((f[N_DENSE + 1] - 0.35 * norm).abs() < 1e-6, "{f:?}");
            // question, contrast, modal, exclaim, quote
            assert_eq!([f[5], f[6], f[7], f[10], f[11]], [1.0, 1.0, 1.0, 0.0, 1.0], "{f:?}");
        }
    }
}
