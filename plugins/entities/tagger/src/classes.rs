//! Word classes: a distributional clustering of the vocabulary computed by our own code from
//! unlabeled text (the training corpora's tokens, never evaluation text). Words that occur in
//! similar contexts get the same class, which lets the tagger generalise from "Nairobi" to an
//! unseen "Kigali".
//!
//! The clustering is the predictive exchange algorithm (Uszkoreit & Brants 2008): classes `c`
//! maximise the likelihood of a class bigram model `P(w | v) = P(c(w) | v) P(w | c(w))`, i.e.
//! `Σ N(v,c) log N(v,c) − Σ N(c) log N(c)`, by moving one word at a time to its best class.
//! It runs twice, for a fine and a coarse partition; a word's class code is
//! `fine | coarse << 16` (0 for words seen too rarely to cluster).

use crate::features::lower_hash;
use crate::hash::FxHashMap;
use crate::train::TrainDoc;

/// Lowercased-form hash -> class code.
pub type ClassMap = FxHashMap<u64, u32>;

/// Default number of fine classes for `train entities --classes`.
pub const DEFAULT_CLASSES: usize = 256;
/// Words seen fewer times are not clustered.
const MIN_COUNT: u32 = 3;
const ITERATIONS: usize = 12;

fn xlogx(x: f64) -> f64 {
    if x > 0.0 { x * x.ln() } else { 0.0 }
}

/// Word ids of the corpus, sentence by sentence (0 = sentence start / rare word).
struct Corpus {
    /// Number of word types (id 0 is the boundary/rare type).
    n_words: usize,
    /// Unigram count of each word id.
    count: Vec<u32>,
    /// For each word id: (predecessor id, bigram count), sorted by predecessor.
    preds: Vec<Vec<(u32, u32)>>,
    /// Hash of each word id.
    hashes: Vec<u64>,
}

fn corpus(docs: &[TrainDoc]) -> Corpus {
    let mut buf = String::new();
    let mut freq: FxHashMap<u64, u32> = FxHashMap::default();
    let mut seq: Vec<u64> = Vec::new();
    for d in docs {
        for r in &d.sentences {
            seq.push(0);
            for t in d.tokens.get(r.clone()).unwrap_or(&[]) {
                let h = lower_hash(t, &mut buf);
                *freq.entry(h).or_insert(0) += 1;
                seq.push(h);
            }
        }
    }
    // Ids by decreasing frequency (ties by hash: deterministic).
    let mut words: Vec<(u64, u32)> = freq.into_iter().filter(|(_, c)| *c >= MIN_COUNT).collect();
    words.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut id: FxHashMap<u64, u32> = FxHashMap::default();
    let mut hashes = vec![0u64];
    let mut count = vec![0u32];
    for (k, (h, c)) in words.iter().enumerate() {
        id.insert(*h, k as u32 + 1);
        hashes.push(*h);
        count.push(*c);
    }
    let n_words = hashes.len();
    let mut bigrams: FxHashMap<(u32, u32), u32> = FxHashMap::default();
    let mut prev = 0u32;
    for h in seq {
        let w = if h == 0 { 0 } else { id.get(&h).copied().unwrap_or(0) };
        if h != 0 && w != 0 {
            *bigrams.entry((w, prev)).or_insert(0) += 1;
        }
        prev = w;
    }
    let mut preds = vec![Vec::new(); n_words];
    let mut bg: Vec<((u32, u32), u32)> = bigrams.into_iter().collect();
    bg.sort_unstable();
    for ((w, v), c) in bg {
        preds[w as usize].push((v, c));
    }
    Corpus { n_words, count, preds, hashes }
}

/// One exchange clustering into `k` classes; returns the class of each word id (id 0 unused).
#[allow(clippy::needless_range_loop)] // parallel arrays indexed by the same id
fn exchange(c: &Corpus, k: usize) -> Vec<u32> {
    let k = k.max(2);
    let nw = c.n_words;
    // Initial classes: by frequency rank, round robin.
    let mut class: Vec<u32> = (0..nw).map(|w| (w % k) as u32).collect();
    // N(v, c) dense (v over all ids incl. 0), N(c).
    let mut nvc = vec![0u32; nw * k];
    let mut nc = vec![0u64; k];
    for w in 1..nw {
        let cw = class[w] as usize;
        nc[cw] += u64::from(c.count[w]);
        for &(v, n) in &c.preds[w] {
            nvc[v as usize * k + cw] += n;
        }
    }
    let mut delta = vec![0f64; k];
    for _ in 0..ITERATIONS {
        let mut moved = 0usize;
        for w in 1..nw {
            let old = class[w] as usize;
            let nw_count = u64::from(c.count[w]);
            // Take w out of its class.
            nc[old] -= nw_count;
            for &(v, n) in &c.preds[w] {
                nvc[v as usize * k + old] -= n;
            }
            // Gain of putting w into each class.
            for (j, d) in delta.iter_mut().enumerate() {
                *d = xlogx(nc[j] as f64) - xlogx((nc[j] + nw_count) as f64);
            }
            for &(v, n) in &c.preds[w] {
                let row = &nvc[v as usize * k..(v as usize + 1) * k];
                let n = f64::from(n);
                for (d, &x) in delta.iter_mut().zip(row) {
                    let x = f64::from(x);
                    *d += xlogx(x + n) - xlogx(x);
                }
            }
            let mut best = old;
            for j in 0..k {
                if delta[j] > delta[best] + 1e-9 {
                    best = j;
                }
            }
            if best != old {
                moved += 1;
            }
            class[w] = best as u32;
            nc[best] += nw_count;
            for &(v, n) in &c.preds[w] {
                nvc[v as usize * k + best] += n;
            }
        }
        if moved == 0 {
            break;
        }
    }
    class
}

/// Induces word classes (`n` fine classes, `n / 8` coarse ones) from the tokens of `docs`.
/// Deterministic: the result depends on the text only.
#[must_use]
pub fn induce(docs: &[TrainDoc], n: usize, _seed: u64) -> ClassMap {
    if n == 0 {
        return ClassMap::default();
    }
    let c = corpus(docs);
    let fine = exchange(&c, n.min(0xffff));
    let coarse = exchange(&c, (n / 8).clamp(2, 0xffff));
    let mut map = ClassMap::default();
    for w in 1..c.n_words {
        map.insert(c.hashes[w], (fine[w] + 1) | (coarse[w] + 1) << 16);
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn similar_contexts_share_a_class() {
        let mut tokens = Vec::new();
        let mut sentences = Vec::new();
        for i in 0..40 {
            let start = tokens.len();
            let city = ["paris", "london", "rome", "berlin"][i % 4];
            let verb = ["eats", "sleeps", "runs", "walks"][i % 4];
            tokens.extend(["he", "went", "to", city, "and", "he", verb, "."].map(String::from));
            sentences.push(start..tokens.len());
        }
        let docs = vec![TrainDoc { tags: vec![0; tokens.len()], tokens, sentences, domain: 0 }];
        let m = induce(&docs, 4, 1);
        let mut buf = String::new();
        let mut class = |w: &str| m.get(&lower_hash(w, &mut buf)).copied().unwrap_or(0) & 0xffff;
        assert_eq!(class("paris"), class("london"));
        assert_eq!(class("eats"), class("sleeps"));
        assert_ne!(class("paris"), class("eats"));
    }
}
