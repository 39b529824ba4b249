//! Training of the news models on NewsMTSC train (MIT): a 3-class log-linear model fitted by
//! AdaGrad with L2, deterministic (fixed shuffling seed, fixed feature order), with k-fold
//! cross-validation grouped by sentence (targets of one sentence never straddle folds).
//!
//! - target model: one example per target (its mention in its sentence, gold polarity);
//! - sentence model: one example per sentence, label = sign of the sum of its targets'
//!   polarities (NewsMTSC has no sentence-level label; this is the tone proxy);
//! - tone model ([`fit_tone`]): ridge regressions (own conjugate-gradient solver) on the VADER
//!   rated sets and the NewsMTSC sentences.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

use crate::data::Row;
use crate::features::{Feat, Prepared};
use crate::hash::fnv;
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
    /// The row's id (targets; empty for sentence examples).
    pub id: String,
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
            targets.push(Example { feats: feats.clone(), label, group, id: r.id.clone() });
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
        .map(|(feats, sum, group)| Example {
            feats,
            label: (sum.signum() + 1) as usize,
            group,
            id: String::new(),
        })
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
    let mut counts: FxHashMap<u64, u32> = FxHashMap::default();
    for e in examples {
        for &(id, _) in &e.feats {
            *counts.entry(id).or_default() += 1;
        }
    }
    let mut ids: Vec<u64> = counts.iter().filter(|&(_, &c)| c >= p.min_count).map(|(&k, _)| k).collect();
    ids.sort_unstable();
    let index: FxHashMap<u64, u32> = ids.iter().enumerate().map(|(i, &k)| (k, i as u32)).collect();
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

/// Out-of-fold class probabilities of every example under k-fold cross-validation (folds by
/// group hash), in the examples' order.
pub fn out_of_fold(examples: &[Example], k: u64, p: Params) -> Vec<[f64; 3]> {
    let mut out = vec![[0.0; 3]; examples.len()];
    for fold in 0..k {
        let train: Vec<&Example> = examples.iter().filter(|e| e.group % k != fold).collect();
        let m = fit(&train, p);
        for (e, o) in examples.iter().zip(out.iter_mut()).filter(|(e, _)| e.group % k == fold) {
            *o = m.probs(&e.feats);
        }
    }
    out
}

/// Macro-F1 and accuracy of k-fold cross-validation (folds by group hash).
pub fn cross_validate(examples: &[Example], k: u64, p: Params) -> (f64, f64) {
    let probs = out_of_fold(examples, k, p);
    let gold: Vec<usize> = examples.iter().map(|e| e.label).collect();
    let pred: Vec<usize> = probs.iter().map(|&pr| argmax(pr)).collect();
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
/// distinct sentence of NewsMTSC-style rows: the news sentences of the tone model.
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
    /// Ridge penalties of the polarity and the intensity model.
    pub l2: f64,
    pub l2_intensity: f64,
    /// Word and prefix weights are learned for keys in at least this many training sentences.
    pub min_count: u32,
    /// Weight of the NewsMTSC sentences (mean target polarity × `news_scale` as the score) in
    /// the regression, relative to one rated set.
    pub news_weight: f64,
    pub news_scale: f64,
    /// Whether prefixes get weights too.
    pub prefixes: bool,
    /// Word and prefix weights with both |weights| below this are left out (a smaller table).
    pub prune: f64,
}

impl Default for ToneParams {
    fn default() -> Self {
        ToneParams {
            l2: 5.0,
            l2_intensity: 15.0,
            min_count: 3,
            news_weight: 2.0,
            news_scale: 0.5,
            prefixes: true,
            prune: 0.02,
        }
    }
}

/// The tone model ([`crate::tone`]): dense features and word keys of every training sentence —
/// the NewsMTSC sentences of `targeted` (mean target polarity × `news_scale`) and the `rated`
/// rows (score / 4; each set weighted equally, the NewsMTSC sentences as `news_weight` sets) —
/// then the polarity model by ridge regression on the score, the intensity model on its absolute
/// value, and the scale of `P · I` by least squares. Deterministic.
pub fn fit_tone(targeted: &[Row], rated: &[Vec<Row>], p: ToneParams) -> Tone {
    // (text, regression target, weight)
    let mut items: Vec<(&str, f64, f64)> = Vec::new();
    let largest = rated.iter().map(Vec::len).max().unwrap_or(0) as f64;
    let sents = lexicon_sentences(targeted);
    let nw = if sents.is_empty() { 0.0 } else { p.news_weight * largest.max(1.0) / sents.len() as f64 };
    for (text, _, y) in &sents {
        items.push((text, y * p.news_scale, nw));
    }
    for set in rated {
        let w = largest / set.len().max(1) as f64;
        for r in set {
            if let Some(y) = r.score {
                items.push((&r.text, y / 4.0, w));
            }
        }
    }
    let vader = Vader::shipped();
    let plain = Tone::default();
    let (mut words, mut scratch, mut keys) = (Vec::new(), vader::Scratch::default(), Vec::new());
    let mut dense = Vec::with_capacity(items.len());
    // Per item: its word keys and its number of words.
    let mut item_keys: Vec<(Vec<String>, usize)> = Vec::with_capacity(items.len());
    // Sentences the model scores 0 whatever their words (no letter or digit) are left out.
    items.retain(|(text, _, _)| plain.text_features(vader, text, &mut words, &mut scratch)[0] != 0.0);
    for (text, _, _) in &items {
        let f = plain.text_features(vader, text, &mut words, &mut scratch);
        dense.push(f);
        tone::word_keys(&scratch, &mut keys);
        if !p.prefixes {
            keys.retain(|k| !k.ends_with(' '));
        }
        item_keys.push((keys.clone(), scratch.len()));
    }
    // Vocabulary: keys in ≥ min_count sentences, in sorted order; never an empty one or one
    // starting with `[` (the model file's section headers) or with whitespace inside (the file
    // separates fields by whitespace).
    let mut counts: BTreeMap<&str, u32> = BTreeMap::new();
    for (ks, _) in &item_keys {
        let mut u: Vec<&str> = ks.iter().map(String::as_str).collect();
        u.sort_unstable();
        u.dedup();
        for k in u {
            *counts.entry(k).or_default() += 1;
        }
    }
    let storable = |k: &str| {
        let w = k.strip_suffix(' ').unwrap_or(k);
        !w.is_empty() && !w.starts_with('[') && !w.contains(char::is_whitespace)
    };
    let vocab: Vec<&str> =
        counts.iter().filter(|&(k, &c)| c >= p.min_count && storable(k)).map(|(&k, _)| k).collect();
    let index: FxHashMap<&str, u32> =
        vocab.iter().enumerate().map(|(i, &k)| (k, (i + tone::N_DENSE - 1) as u32)).collect();
    let dim = vocab.len() + tone::N_DENSE - 1;
    // Rows: dense features but the bias (columns 0..N_DENSE-1), then the keys per √words.
    let mut xs: Vec<tone::Sparse> = Vec::with_capacity(items.len());
    for (f, (ks, n)) in dense.iter().zip(&item_keys) {
        let norm = 1.0 / ((*n).max(1) as f64).sqrt();
        let mut row: BTreeMap<u32, f64> = BTreeMap::new();
        for (j, &x) in f[1..tone::N_DENSE].iter().enumerate() {
            if x != 0.0 {
                row.insert(j as u32, x);
            }
        }
        for k in ks {
            if let Some(&j) = index.get(k.as_str()) {
                *row.entry(j).or_default() += norm;
            }
        }
        xs.push(row.into_iter().collect());
    }
    let ys: Vec<f64> = items.iter().map(|i| i.1).collect();
    let ya: Vec<f64> = ys.iter().map(|y| y.abs()).collect();
    let ss: Vec<f64> = items.iter().map(|i| i.2).collect();
    let (bp, wp) = tone::ridge_cg(&xs, &ys, &ss, dim, p.l2, 400);
    let (bi, wi) = tone::ridge_cg(&xs, &ya, &ss, dim, p.l2_intensity, 400);
    let mut t = Tone::default();
    t.dense[0] = [bp, bi];
    for j in 1..tone::N_DENSE {
        t.dense[j] = [wp[j - 1], wi[j - 1]];
    }
    // Word weights as the model file stores them (4 decimals); both zero: left out.
    let r4 = |x: f64| ((x * 1e4).round() / 1e4) as f32;
    for (i, k) in vocab.iter().enumerate() {
        let j = i + tone::N_DENSE - 1;
        let v = [r4(wp[j]), r4(wi[j])];
        if v == [0.0, 0.0] || (v[0].abs() as f64) < p.prune && (v[1].abs() as f64) < p.prune {
            continue;
        }
        match k.strip_suffix(' ') {
            Some(prefix) => t.prefixes.insert(prefix.into(), v),
            None => t.words.insert((*k).into(), v),
        };
    }
    for w in &mut t.dense {
        *w = w.map(|x| (x * 1e6).round() / 1e6);
    }
    // Scale: least squares of the score on P · max(I, MIN_INTENSITY) over the training data.
    let (mut sxy, mut sxx) = (0.0, 0.0);
    for ((text, y, s), _) in items.iter().zip(&dense) {
        let f = t.text_features(vader, text, &mut words, &mut scratch);
        let (pp, ii) = t.parts(&f);
        let x = pp * ii.max(tone::MIN_INTENSITY);
        sxy += s * x * y;
        sxx += s * x * x;
    }
    t.scale = if sxx > 0.0 { ((sxy / sxx) * 1e6).round() / 1e6 } else { 0.0 };
    t
}
