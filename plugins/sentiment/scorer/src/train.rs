//! Training of the news models on NewsMTSC train (MIT): a 3-class log-linear model fitted by
//! AdaGrad with L2, deterministic (fixed shuffling seed, fixed feature order), with k-fold
//! cross-validation grouped by sentence (targets of one sentence never straddle folds).
//!
//! - target model: one example per target (its mention in its sentence, gold polarity);
//! - sentence model: one example per sentence, label = sign of the sum of its targets'
//!   polarities (NewsMTSC has no sentence-level label; this is the tone proxy).

use std::collections::BTreeMap;

use crate::data::Row;
use crate::features::{Feat, Prepared};
use crate::fx::{FxMap, fnv};
use crate::metrics::classification;
use crate::model::{Linear, softmax};
use crate::tone::{self, Tone};
use crate::vader::{self, Vader};

/// Hyperparameters.
#[derive(Debug, Clone, Copy)]
pub struct Params {
    pub epochs: usize,
    pub l2: f64,
    pub rate: f64,
    /// Features seen fewer times than this in training are dropped.
    pub min_count: u32,
}

impl Default for Params {
    fn default() -> Self {
        Params { epochs: 8, l2: 1e-4, rate: 0.01, min_count: 3 }
    }
}

/// A training example.
#[derive(Debug, Clone)]
pub struct Example {
    pub feats: Vec<Feat>,
    pub label: usize,
    /// Grouping key for cross-validation (the sentence).
    pub group: u64,
}

/// Target and sentence examples from NewsMTSC-style rows.
pub fn examples(rows: &[Row]) -> (Vec<Example>, Vec<Example>) {
    let vader = Vader::shipped();
    let mut prep = Prepared::default();
    let mut targets = Vec::new();
    // sentence key -> (features, sum of polarities)
    let mut sentences: BTreeMap<(String, usize), (Vec<Feat>, i32, u64)> = BTreeMap::new();
    let mut by_text: BTreeMap<&str, Vec<&Row>> = BTreeMap::new();
    for r in rows {
        by_text.entry(r.text.as_str()).or_default().push(r);
    }
    let mut feats = Vec::new();
    for (text, rs) in by_text {
        prep.prepare(vader, &Tone::default(), text);
        prep.ensure_hashes(text);
        for r in rs {
            let (Some((a, b)), Some(label)) = (r.target, r.polarity) else { continue };
            let Some(si) = prep.sentence_of(a) else { continue };
            let group = fnv(&[r.sentence_id.as_deref().unwrap_or(text).as_bytes()]);
            prep.target_features(text, si, a..b, &mut feats);
            targets.push(Example { feats: feats.clone(), label, group });
            let key = (r.sentence_id.clone().unwrap_or_else(|| text.to_owned()), si);
            let e = sentences.entry(key).or_insert_with(|| {
                prep.sentence_features(si, true, &mut feats);
                (feats.clone(), 0, group)
            });
            e.1 += label as i32 - 1;
        }
    }
    let sentences = sentences
        .into_values()
        .map(|(feats, sum, group)| Example { feats, label: (sum.signum() + 1) as usize, group })
        .collect();
    (targets, sentences)
}

/// A small deterministic PRNG (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
}

/// Fits a 3-class log-linear model.
pub fn fit(examples: &[&Example], p: Params) -> Linear {
    let mut counts: FxMap<u64, u32> = FxMap::default();
    for e in examples {
        for &(id, _) in &e.feats {
            *counts.entry(id).or_default() += 1;
        }
    }
    let mut ids: Vec<u64> = counts.iter().filter(|&(_, &c)| c >= p.min_count).map(|(&k, _)| k).collect();
    ids.sort_unstable();
    let index: FxMap<u64, u32> = ids.iter().enumerate().map(|(i, &k)| (k, i as u32)).collect();
    let data: Vec<(Vec<(u32, f64)>, usize)> = examples
        .iter()
        .map(|e| {
            let f = e.feats.iter().filter_map(|&(id, v)| index.get(&id).map(|&i| (i, v as f64))).collect();
            (f, e.label)
        })
        .collect();
    let mut w = vec![[0.0f64; 3]; ids.len()];
    let mut g = vec![[1e-8f64; 3]; ids.len()];
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut rng = Rng(0x5eed_1234_abcd_ef01);
    for _ in 0..p.epochs {
        for i in (1..order.len()).rev() {
            let j = (rng.next() % (i as u64 + 1)) as usize;
            order.swap(i, j);
        }
        for &k in &order {
            let (f, y) = &data[k];
            let mut z = [0.0; 3];
            for &(i, v) in f {
                for c in 0..3 {
                    z[c] += w[i as usize][c] * v;
                }
            }
            let pr = softmax(z);
            for &(i, v) in f {
                let (wi, gi) = (&mut w[i as usize], &mut g[i as usize]);
                for c in 0..3 {
                    let target = if c == *y { 1.0 } else { 0.0 };
                    let grad = (pr[c] - target) * v + p.l2 * wi[c];
                    gi[c] += grad * grad;
                    wi[c] -= p.rate * grad / gi[c].sqrt();
                }
            }
        }
    }
    let mut lin = Linear::default();
    for (k, (id, wi)) in ids.iter().zip(&w).enumerate() {
        let _ = k;
        // Weights are stored rounded to 4 decimals; features with every |w| < 0.005 are dropped (small file).
        if wi.iter().any(|x| x.abs() >= 5e-3) {
            lin.weights.insert(*id, [wi[0] as f32, wi[1] as f32, wi[2] as f32]);
        }
    }
    lin
}

/// Macro-F1 and accuracy of k-fold cross-validation (folds by group hash).
pub fn cross_validate(examples: &[Example], k: u64, p: Params) -> (f64, f64) {
    let mut gold = Vec::new();
    let mut pred = Vec::new();
    for fold in 0..k {
        let train: Vec<&Example> = examples.iter().filter(|e| e.group % k != fold).collect();
        let m = fit(&train, p);
        for e in examples.iter().filter(|e| e.group % k == fold) {
            let pr = m.probs(&e.feats);
            gold.push(e.label);
            pred.push(argmax(pr));
        }
    }
    let c = classification(&gold, &pred);
    (c.macro_f1, c.accuracy)
}

/// Index of the largest probability.
pub fn argmax(p: [f64; 3]) -> usize {
    let mut best = 1;
    for c in [0, 2] {
        if p[c] > p[best] {
            best = c;
        }
    }
    best
}

/// The text, words (VADER's tokenization, lowercased) and mean target polarity (−1..1) of each
/// distinct sentence of NewsMTSC-style rows: the data of the news lexicon.
pub fn lexicon_sentences(rows: &[Row]) -> Vec<(String, Vec<String>, f64)> {
    let vader = Vader::shipped();
    let mut by_sentence: BTreeMap<&str, (i32, u32)> = BTreeMap::new();
    for r in rows {
        if let Some(p) = r.polarity {
            let e = by_sentence.entry(r.text.as_str()).or_default();
            e.0 += p as i32 - 1;
            e.1 += 1;
        }
    }
    let (mut words, mut scratch) = (Vec::new(), vader::Scratch::default());
    by_sentence
        .into_iter()
        .map(|(text, (sum, n))| {
            vader::words_into(text, &mut words);
            vader.valences(text, &words, &mut scratch);
            let ws = (0..scratch.len()).map(|i| scratch.lower(i).to_owned()).collect();
            (text.to_owned(), ws, sum as f64 / n.max(1) as f64)
        })
        .collect()
}

/// Tone hyperparameters.
#[derive(Debug, Clone, Copy)]
pub struct ToneParams {
    /// News lexicon: smoothing count and minimum count.
    pub smoothing: f64,
    pub min_count: u32,
    /// Ridge penalty.
    pub l2: f64,
    /// Weight of the NewsMTSC sentences (mean target polarity × `news_scale` as the score) in
    /// the regression, relative to one rated set; their lexicon features are out-of-fold (5
    /// folds), so the regression sees the lexicon as it works on unseen sentences.
    pub news_weight: f64,
    pub news_scale: f64,
    /// Whether the lexicon also learns from the rated sets.
    pub rated_lexicon: bool,
}

impl Default for ToneParams {
    fn default() -> Self {
        ToneParams {
            smoothing: 5.0,
            min_count: 3,
            l2: 1.0,
            news_weight: 1.0,
            news_scale: 0.5,
            rated_lexicon: false,
        }
    }
}

/// The tone model: the lexicon learned from `targeted` (NewsMTSC train sentences, mean target
/// polarity) and, with `rated_lexicon`, from the `rated` rows too (score / 4); then ridge weights
/// fitted on the rated rows (score / 4, each set weighted equally) and the NewsMTSC sentences
/// (see [`ToneParams`]), with out-of-fold lexicon features (5 folds) so that the regression sees
/// the lexicon as it works on unseen sentences.
pub fn fit_tone(targeted: &[Row], rated: &[Vec<Row>], p: ToneParams) -> Tone {
    // (text, words, lexicon target, regression target, regression weight)
    let mut items: Vec<(String, Vec<String>, f64, f64, f64)> = Vec::new();
    let largest = rated.iter().map(Vec::len).max().unwrap_or(0) as f64;
    let sents = lexicon_sentences(targeted);
    let nw = if sents.is_empty() { 0.0 } else { p.news_weight * largest / sents.len() as f64 };
    for (text, words, y) in sents {
        items.push((text, words, y, y * p.news_scale, nw));
    }
    let vader = Vader::shipped();
    let (mut words, mut scratch) = (Vec::new(), vader::Scratch::default());
    for set in rated {
        let w = largest / set.len().max(1) as f64;
        for r in set {
            let Some(y) = r.score else { continue };
            vader::words_into(&r.text, &mut words);
            vader.valences(&r.text, &words, &mut scratch);
            let ws = (0..scratch.len()).map(|i| scratch.lower(i).to_owned()).collect();
            let ly = if p.rated_lexicon { (y / 4.0).clamp(-1.0, 1.0) } else { f64::NAN };
            items.push((r.text.clone(), ws, ly, y / 4.0, w));
        }
    }
    let lex_of = |keep: &dyn Fn(usize) -> bool| {
        let data: Vec<(Vec<String>, f64)> = items
            .iter()
            .enumerate()
            .filter(|(i, it)| keep(*i) && !it.2.is_nan())
            .map(|(_, it)| (it.1.clone(), it.2))
            .collect();
        tone::learn_lexicon(&data, p.smoothing, p.min_count)
    };
    let k = 5;
    let (mut xs, mut ys, mut ws) = (Vec::new(), Vec::new(), Vec::new());
    for fold in 0..k {
        let ft = Tone { lexicon: lex_of(&|i| i % k != fold), ..Tone::default() };
        for (i, it) in items.iter().enumerate() {
            if i % k == fold && it.4 > 0.0 {
                xs.push(ft.text_features(vader, &it.0, &mut words, &mut scratch));
                ys.push(it.3);
                ws.push(it.4);
            }
        }
    }
    Tone { lexicon: lex_of(&|_| true), weights: tone::ridge(&xs, &ys, &ws, p.l2) }
}
