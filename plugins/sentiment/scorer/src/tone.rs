//! Sentence tone for news: a linear model over a few dense features of a sentence — VADER's
//! compound and proportions, and the sum of a *news lexicon* (per-word tone learned from NewsMTSC
//! train, MIT: the words news tone lives in, "invasion", "sanctions", "killed", "praised"), with
//! VADER's negation scope — fitted by ridge regression on human-rated sentences (the VADER
//! tweets, Amazon and movie sets, MIT) and clamped to [-1, 1].
//!
//! The NYT dev set is never used for fitting (only to choose between a few variants; see the
//! README).

use crate::fx::FxMap;
use crate::vader::{self, Polarity, Scratch, Vader, Word};

/// Number of tone features.
pub const N_FEATS: usize = 8;

/// Names of the tone features, in order (the model file names them).
pub const FEATURE_NAMES: [&str; N_FEATS] =
    ["bias", "vader_compound", "vader_pos", "vader_neg", "news_sum", "news_mean", "news_pos", "news_neg"];

/// Tone features of one sentence.
pub type ToneFeats = [f64; N_FEATS];

/// The tone model: the news lexicon and the regression weights.
#[derive(Debug, Clone, Default)]
pub struct Tone {
    /// Lowercased word → learned news tone (about −1..1).
    pub lexicon: FxMap<Box<str>, f32>,
    /// One weight per feature of [`FEATURE_NAMES`]; all zero = no tone model (VADER's compound is
    /// used instead).
    pub weights: ToneFeats,
}

impl Tone {
    /// Whether the model has weights.
    pub fn is_trained(&self) -> bool {
        self.weights.iter().any(|&w| w != 0.0)
    }

    /// The tone score in [-1, 1] of a sentence with features `f` (VADER's compound without a
    /// trained model).
    pub fn score(&self, f: &ToneFeats) -> f64 {
        if !self.is_trained() {
            return f[1];
        }
        let z: f64 = self.weights.iter().zip(f).map(|(w, x)| w * x).sum();
        if z.is_finite() { z.clamp(-1.0, 1.0) } else { 0.0 }
    }

    /// Features of the words of the last [`Vader::valences`] call in `scratch` with their
    /// polarity `p`.
    pub fn features(&self, p: &Polarity, scratch: &Scratch) -> ToneFeats {
        let n = scratch.len();
        let (mut sum, mut pos, mut neg) = (0.0f64, 0.0f64, 0.0f64);
        if !self.lexicon.is_empty() {
            // Negation scope: a negation word flips the next three words (VADER's window).
            let mut flip_until = 0usize;
            let merged = scratch.has_news();
            for i in 0..n {
                if scratch.negation(i) {
                    flip_until = i + 4;
                    continue;
                }
                // One lookup per word: the news tone comes with VADER's own lookup when the
                // lexicon is merged into its table (the scorer's analyzer), else from the map.
                let v = if merged {
                    Some(scratch.news(i)).filter(|&v| v != 0.0)
                } else {
                    self.lexicon.get(scratch.lower(i)).copied()
                };
                if let Some(v) = v {
                    let v = if i < flip_until { -0.5 * v as f64 } else { v as f64 };
                    sum += v;
                    if v > 0.0 {
                        pos += v;
                    } else {
                        neg -= v;
                    }
                }
            }
        }
        [
            1.0,
            p.compound,
            p.pos,
            p.neg,
            sum / (sum * sum + 1.0).sqrt(),
            sum / (n.max(1) as f64).sqrt(),
            pos / (pos * pos + 1.0).sqrt(),
            neg / (neg * neg + 1.0).sqrt(),
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
        vader::words_into(text, words);
        vader.valences(text, words, scratch);
        let p = vader::score_valence(&scratch.valences, text);
        self.features(&p, scratch)
    }
}

/// Learns the news lexicon from targeted sentences: `(sentence words, mean gold polarity of its
/// targets in −1..1)`. A word's tone is the smoothed mean deviation of the sentences it occurs
/// in, `Σ (y − ȳ) / (count + smoothing)`, kept when the word occurs in at least `min_count`
/// sentences, starts with a letter and |tone| ≥ 0.02. Deterministic.
pub fn learn_lexicon(
    sentences: &[(Vec<String>, f64)],
    smoothing: f64,
    min_count: u32,
) -> FxMap<Box<str>, f32> {
    let n = sentences.len().max(1) as f64;
    let mean = sentences.iter().map(|s| s.1).sum::<f64>() / n;
    let mut stats: FxMap<&str, (f64, u32)> = FxMap::default();
    let mut seen: Vec<&str> = Vec::new();
    for (words, y) in sentences {
        seen.clear();
        for w in words {
            if !seen.contains(&w.as_str()) {
                seen.push(w.as_str());
            }
        }
        for w in &seen {
            let e = stats.entry(w).or_default();
            e.0 += y - mean;
            e.1 += 1;
        }
    }
    let mut out = FxMap::default();
    for (w, (s, c)) in stats {
        // Words only (no numbers or punctuation runs; a word never starts with `[`, which the
        // model file reserves for section headers).
        if c < min_count || !w.chars().next().is_some_and(char::is_alphabetic) {
            continue;
        }
        let v = s / (c as f64 + smoothing);
        if v.abs() >= 0.02 {
            // Rounded as the model file stores it.
            out.insert(w.into(), ((v * 1e3).round() / 1e3) as f32);
        }
    }
    out
}

/// Weighted ridge regression: the weights minimizing `Σ s (w·x − y)² + l2 |w[1..]|²` (the bias
/// is not penalized), by the normal equations and Gaussian elimination with partial pivoting.
pub fn ridge(xs: &[ToneFeats], ys: &[f64], weights: &[f64], l2: f64) -> ToneFeats {
    let k = N_FEATS;
    let mut a = [[0.0f64; N_FEATS + 1]; N_FEATS];
    for ((x, &y), &s) in xs.iter().zip(ys).zip(weights) {
        for i in 0..k {
            for j in 0..k {
                a[i][j] += s * x[i] * x[j];
            }
            a[i][k] += s * x[i] * y;
        }
    }
    for (i, row) in a.iter_mut().enumerate().skip(1) {
        row[i] += l2;
    }
    for col in 0..k {
        let piv = (col..k).max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs())).unwrap_or(col);
        a.swap(col, piv);
        let d = a[col][col];
        if d.abs() < 1e-12 {
            continue;
        }
        let pivot = a[col];
        for (r, row) in a.iter_mut().enumerate() {
            if r != col {
                let f = row[col] / d;
                for (x, p) in row.iter_mut().zip(pivot).skip(col) {
                    *x -= f * p;
                }
            }
        }
    }
    let mut w = [0.0; N_FEATS];
    for i in 0..k {
        w[i] = if a[i][i].abs() < 1e-12 { 0.0 } else { a[i][k] / a[i][i] };
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ridge_recovers_a_line() {
        let xs: Vec<ToneFeats> =
            (0..50).map(|i| [1.0, i as f64 / 50.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]).collect();
        let ys: Vec<f64> = xs.iter().map(|x| 0.5 - 2.0 * x[1]).collect();
        let w = ridge(&xs, &ys, &vec![1.0; ys.len()], 0.0);
        assert!((w[0] - 0.5).abs() < 1e-9 && (w[1] + 2.0).abs() < 1e-9, "{w:?}");
    }

    #[test]
    fn lexicon_learns_signs() {
        let s = |t: &str, y: f64| (t.split(' ').map(str::to_owned).collect::<Vec<_>>(), y);
        let data = vec![
            s("the invasion", -1.0),
            s("the invasion", -1.0),
            s("the praise", 1.0),
            s("the praise", 1.0),
        ];
        let lex = learn_lexicon(&data, 1.0, 2);
        assert!(lex["invasion"] < 0.0 && lex["praise"] > 0.0 && !lex.contains_key("the"));
    }
}
