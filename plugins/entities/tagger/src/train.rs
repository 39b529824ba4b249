//! Training: an averaged structured perceptron over BILOU tags with Viterbi decoding, in two
//! passes. Pass 1 learns from local features. Its predictions on the training documents are
//! made by jackknifing (each fold tagged by a model trained on the other folds), so that the
//! document features pass 2 learns from are as noisy as they will be at run time. Deterministic:
//! a fixed seed drives the shuffling and the folds.

use std::ops::Range;
use std::time::Instant;

use crate::conll::ConllDoc;
use crate::decode::Viterbi;
use crate::domain;
use crate::features::{DocFeats, Resources};
use crate::gazetteer::Gazetteer;
use crate::hash::{self, FxHashMap};
use crate::model::{ModelData, Weights};
use crate::tags::{self, NT, TokSpan};

/// One training document with BILOU gold tags.
#[derive(Debug, Clone, Default)]
pub struct TrainDoc {
    pub tokens: Vec<String>,
    pub sentences: Vec<Range<usize>>,
    pub tags: Vec<u8>,
    /// Corpus domain (see [`crate::model::DOMAINS`]); with domain adaptation on, every feature
    /// also gets a copy specific to this domain.
    pub domain: u8,
}

impl TrainDoc {
    /// Converts a CoNLL document (IOB tags) to BILOU.
    #[must_use]
    pub fn from_conll(d: &ConllDoc, domain: u8) -> TrainDoc {
        let mut out = vec![tags::O; d.tokens.len()];
        for (r, spans) in d.sentences.iter().zip(d.gold_spans()) {
            let t = tags::bilou_of_spans(r.len(), &spans);
            if let Some(dst) = out.get_mut(r.clone()) {
                dst.copy_from_slice(&t);
            }
        }
        TrainDoc { tokens: d.tokens.clone(), sentences: d.sentences.clone(), tags: out, domain }
    }
}

/// Training settings.
#[derive(Debug, Clone)]
pub struct Options {
    pub epochs: usize,
    pub folds: usize,
    pub seed: u64,
    /// Features seen fewer times in the training data are dropped.
    pub min_count: u32,
    /// Train the second (document-feature) pass.
    pub two_pass: bool,
    /// Progress messages on stderr.
    pub verbose: bool,
    /// Domain adaptation: domain-specific feature copies ("frustratingly easy", Daumé 2007).
    pub adapt: bool,
    /// With `adapt`, the domains whose copies are folded into the exported models (one model
    /// per target; the first is the main one).
    pub targets: Vec<u8>,
    /// Size of the perceptron updates on web-text (domain 2) sentences; 1 for the others
    /// (2 by default: UNER train, 540 documents, weighs as much as twice its size).
    pub web_weight: f32,
    /// Also train on a copy of the web-text (domain 2) sentences in which about half the
    /// entity mentions are lowercased (each mention by a seeded coin; sentences where no
    /// mention was lowercased are left out): web text writes names in lower case ("tampa bay",
    /// "google") far more often than its training file shows.
    pub lower_copies: bool,
    /// Report the jackknifed pass-1 F1 (held-out folds of the training data, news and web
    /// documents apart) after every epoch: the number of epochs chosen by cross-validation.
    pub cv_epochs: bool,
    /// With `cv_epochs`: stop after the report (no model; the returned list is empty).
    pub cv_only: bool,
    /// Each perceptron is trained this many times over differently shuffled sentence orders
    /// and the averaged weights of the runs are averaged again (less dependence on the order;
    /// tried with 2, not taken: see the model card).
    pub shuffles: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            epochs: 12,
            folds: 5,
            seed: 0x5eed,
            min_count: 2,
            two_pass: true,
            verbose: true,
            adapt: false,
            targets: vec![1],
            web_weight: 2.0,
            lower_copies: false,
            cv_epochs: false,
            cv_only: false,
            shuffles: 1,
        }
    }
}

/// A deterministic xorshift64* generator.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

/// The lowercased copies of the web-text documents (see [`Options::lower_copies`]): per copy,
/// the index of its original document and the copy, which holds only the sentences where at
/// least one mention was lowercased.
#[must_use]
pub fn lower_copies(docs: &[TrainDoc], seed: u64) -> Vec<(usize, TrainDoc)> {
    let mut out = Vec::new();
    let mut spans = Vec::new();
    for (d, doc) in docs.iter().enumerate() {
        if doc.domain != 2 {
            continue;
        }
        let mut copy = TrainDoc { domain: doc.domain, ..TrainDoc::default() };
        for (k, r) in doc.sentences.iter().enumerate() {
            let (Some(toks), Some(gold)) = (doc.tokens.get(r.clone()), doc.tags.get(r.clone())) else {
                continue;
            };
            tags::spans_bilou(gold, &mut spans);
            let mut sent: Vec<String> = toks.to_vec();
            let mut changed = false;
            for (m, sp) in spans.iter().enumerate() {
                let coin = hash::finish(hash::mix(hash::mix(seed ^ d as u64, k as u64), m as u64)) & 1;
                if coin == 0 {
                    continue;
                }
                for t in sent.get_mut(sp.start..sp.end).into_iter().flatten() {
                    let low = t.to_lowercase();
                    if low != *t {
                        *t = low;
                        changed = true;
                    }
                }
            }
            if changed {
                let start = copy.tokens.len();
                copy.tokens.extend(sent);
                copy.tags.extend_from_slice(gold);
                copy.sentences.push(start..copy.tokens.len());
            }
        }
        if !copy.sentences.is_empty() {
            out.push((d, copy));
        }
    }
    out
}

/// The training set flattened: global token indices, sentences as global ranges.
struct Flat {
    doc_start: Vec<usize>,
    sents: Vec<Range<usize>>,
    /// Document of each sentence.
    sent_doc: Vec<usize>,
    /// Domain of each document.
    doc_domain: Vec<u8>,
    gold: Vec<u8>,
}

/// Feature ids per token.
struct Table {
    ids: Vec<u32>,
    off: Vec<usize>,
    keys: Vec<u64>,
}

impl Table {
    fn of(&self, g: usize) -> &[u32] {
        &self.ids[self.off[g]..self.off[g + 1]]
    }
}

fn flatten(docs: &[TrainDoc]) -> Flat {
    let mut f = Flat {
        doc_start: Vec::new(),
        sents: Vec::new(),
        sent_doc: Vec::new(),
        doc_domain: docs.iter().map(|d| d.domain).collect(),
        gold: Vec::new(),
    };
    for (d, doc) in docs.iter().enumerate() {
        let base = f.gold.len();
        f.doc_start.push(base);
        f.gold.extend_from_slice(&doc.tags);
        for r in &doc.sentences {
            f.sents.push(base + r.start..base + r.end);
            f.sent_doc.push(d);
        }
    }
    f.doc_start.push(f.gold.len());
    f
}

/// Extracts the features of every token (local, plus document features from `p1` if given)
/// and interns them. `group[d]` is the document that `d` is a copy of (itself for an
/// original): a feature is kept if the originals or the copies alone show it `min_count` times,
/// so that a copied sentence does not let its features seen once pass.
fn build_table(
    docs: &[TrainDoc],
    group: &[usize],
    res: &Resources,
    p1: Option<&[u8]>,
    flat: &Flat,
    opts: &Options,
) -> Table {
    let min_count = opts.min_count;
    let mut all: Vec<u64> = Vec::new();
    let mut off = vec![0usize];
    // Where the tokens of the copies start in `all` (copies come after the originals).
    let mut copies_from = None;
    let mut feats = DocFeats::default();
    for (d, doc) in docs.iter().enumerate() {
        if copies_from.is_none() && group.get(d).is_some_and(|&g| g != d) {
            copies_from = Some(all.len());
        }
        let toks: Vec<&str> = doc.tokens.iter().map(String::as_str).collect();
        feats.prepare(res, &toks, &doc.sentences);
        let base = flat.doc_start[d];
        let dp1 = p1.map(|p| &p[base..base + doc.tokens.len()]);
        if let Some(dp1) = dp1 {
            feats.history(dp1);
        }
        for r in &doc.sentences {
            for i in r.clone() {
                let from = all.len();
                feats.local(r, i, &mut all);
                if let Some(dp1) = dp1 {
                    feats.doc(r, i, dp1, &mut all);
                }
                if opts.adapt && doc.domain != 0 {
                    for j in from..all.len() {
                        let k = all[j];
                        all.push(domain_key(k, doc.domain));
                    }
                }
                off.push(all.len());
            }
        }
    }
    let split = copies_from.unwrap_or(all.len());
    let mut count: FxHashMap<u64, u32> = FxHashMap::default();
    for &k in &all[..split] {
        *count.entry(k).or_insert(0) += 1;
    }
    let mut count_copies: FxHashMap<u64, u32> = FxHashMap::default();
    for &k in &all[split..] {
        *count_copies.entry(k).or_insert(0) += 1;
    }
    for (k, c) in count_copies {
        let e = count.entry(k).or_insert(0);
        *e = (*e).max(c);
    }
    let mut keys: Vec<u64> = count.iter().filter(|(_, c)| **c >= min_count).map(|(k, _)| *k).collect();
    keys.sort_unstable();
    let id_of: FxHashMap<u64, u32> = keys.iter().enumerate().map(|(i, &k)| (k, i as u32)).collect();
    let mut ids = Vec::with_capacity(all.len());
    let mut new_off = Vec::with_capacity(off.len());
    new_off.push(0);
    for w in off.windows(2) {
        for &k in &all[w[0]..w[1]] {
            if let Some(&id) = id_of.get(&k) {
                ids.push(id);
            }
        }
        new_off.push(ids.len());
    }
    Table { ids, off: new_off, keys }
}

/// The domain-specific copy of feature `k`.
#[must_use]
pub fn domain_key(k: u64, domain: u8) -> u64 {
    hash::finish(hash::mix(k, 0xd0_u64 + u64::from(domain))) | 1
}

/// Perceptron parameters: `nf * NT` feature weights, then `NT*NT + 2*NT` transition weights.
struct Perceptron {
    w: Vec<f32>,
    u: Vec<f32>,
    c: f32,
}

impl Perceptron {
    fn new(nf: usize) -> Perceptron {
        let n = nf * NT + NT * NT + 2 * NT;
        Perceptron { w: vec![0.0; n], u: vec![0.0; n], c: 1.0 }
    }

    fn bump(&mut self, i: usize, d: f32) {
        self.w[i] += d;
        self.u[i] += self.c * d;
    }

    fn averaged(&self) -> Vec<f32> {
        self.w.iter().zip(&self.u).map(|(w, u)| w - u / self.c).collect()
    }
}

fn emissions(w: &[f32], table: &Table, r: &Range<usize>, em: &mut Vec<f32>) {
    em.clear();
    em.resize(r.len() * NT, 0.0);
    for (k, g) in r.clone().enumerate() {
        let acc = &mut em[k * NT..(k + 1) * NT];
        for &id in table.of(g) {
            let row = &w[id as usize * NT..(id as usize + 1) * NT];
            for (a, x) in acc.iter_mut().zip(row) {
                *a += x;
            }
        }
    }
}

fn decode(
    w: &[f32],
    nf: usize,
    table: &Table,
    r: &Range<usize>,
    em: &mut Vec<f32>,
    v: &mut Viterbi<f32>,
    out: &mut Vec<u8>,
) {
    emissions(w, table, r, em);
    let t = &w[nf * NT..];
    v.decode(em, r.len(), &t[..NT * NT], &t[NT * NT..NT * NT + NT], &t[NT * NT + NT..], out);
}

/// Trains on the sentences `train` (indices into `flat.sents`); returns averaged weights.
fn perceptron(table: &Table, flat: &Flat, train: &[usize], opts: &Options, salt: u64) -> Vec<f32> {
    shuffled(table, flat, train, opts, salt, None)
}

/// [`perceptron_cb`] over `opts.shuffles` sentence orders, the weights averaged; with more than
/// one order, `hook` is called once, after the last epoch, with the averaged weights.
fn shuffled(
    table: &Table,
    flat: &Flat,
    train: &[usize],
    opts: &Options,
    salt: u64,
    mut hook: Option<EpochHook<'_>>,
) -> Vec<f32> {
    let n = opts.shuffles.max(1);
    if n == 1 {
        return perceptron_cb(table, flat, train, opts, salt, hook);
    }
    let mut sum = perceptron_cb(table, flat, train, opts, salt, None);
    for k in 1..n {
        let w = perceptron_cb(table, flat, train, opts, salt.wrapping_add(0x1000 * k as u64), None);
        for (a, b) in sum.iter_mut().zip(&w) {
            *a += b;
        }
    }
    let inv = 1.0 / n as f32;
    for a in &mut sum {
        *a *= inv;
    }
    if let Some(h) = hook.as_mut() {
        h(opts.epochs.saturating_sub(1), &sum);
    }
    sum
}

/// Called after each epoch with the epoch (0-based) and the averaged weights so far.
type EpochHook<'a> = &'a mut dyn FnMut(usize, &[f32]);

/// [`perceptron`], calling `hook` after each epoch.
fn perceptron_cb(
    table: &Table,
    flat: &Flat,
    train: &[usize],
    opts: &Options,
    salt: u64,
    mut hook: Option<EpochHook<'_>>,
) -> Vec<f32> {
    let nf = table.keys.len();
    let mut p = Perceptron::new(nf);
    let mut order = train.to_vec();
    let mut rng = Rng(opts.seed ^ salt.wrapping_mul(0x9e37_79b9) | 1);
    let (mut em, mut v, mut pred) = (Vec::new(), Viterbi::default(), Vec::new());
    let tb = nf * NT;
    for epoch in 0..opts.epochs {
        rng.shuffle(&mut order);
        for &s in &order {
            let r = &flat.sents[s];
            decode(&p.w, nf, table, r, &mut em, &mut v, &mut pred);
            let gold = &flat.gold[r.clone()];
            let wt = if flat.doc_domain[flat.sent_doc[s]] == 2 { opts.web_weight } else { 1.0 };
            if pred.as_slice() != gold {
                for (k, g) in r.clone().enumerate() {
                    let (gt, pt) = (gold[k] as usize, pred[k] as usize);
                    if gt != pt {
                        for &id in table.of(g) {
                            p.bump(id as usize * NT + gt, wt);
                            p.bump(id as usize * NT + pt, -wt);
                        }
                    }
                    let (gp, pp) = if k == 0 {
                        (tb + NT * NT + gt, tb + NT * NT + pt)
                    } else {
                        (tb + gold[k - 1] as usize * NT + gt, tb + pred[k - 1] as usize * NT + pt)
                    };
                    if gp != pp {
                        p.bump(gp, wt);
                        p.bump(pp, -wt);
                    }
                }
                let n = r.len();
                let (ge, pe) =
                    (tb + NT * NT + NT + gold[n - 1] as usize, tb + NT * NT + NT + pred[n - 1] as usize);
                if ge != pe {
                    p.bump(ge, wt);
                    p.bump(pe, -wt);
                }
            }
            p.c += 1.0;
        }
        if let Some(h) = hook.as_mut() {
            h(epoch, &p.averaged());
        }
    }
    p.averaged()
}

/// Quantizes averaged weights into a run-time table; rows that round to all zeros are dropped.
fn export(w: &[f32], table: &Table, opts: &Options, target: u8) -> Weights {
    let nf = table.keys.len();
    let id_of: FxHashMap<u64, usize> = if opts.adapt {
        table.keys.iter().enumerate().map(|(i, &k)| (k, i)).collect()
    } else {
        FxHashMap::default()
    };
    let mut w = w.to_vec();
    if opts.adapt {
        // Fold the target domain's copies into the general features.
        for (f, &k) in table.keys.iter().enumerate() {
            if let Some(&d) = id_of.get(&domain_key(k, target)) {
                for t in 0..NT {
                    w[f * NT + t] += w[d * NT + t];
                }
            }
        }
    }
    let w = &w;
    let max = w.iter().fold(0.0f32, |m, x| m.max(x.abs()));
    let scale = if max > 0.0 { 32000.0 / max } else { 1.0 };
    let q = |x: f32| (x * scale).round().clamp(-32767.0, 32767.0) as i16;
    let mut feats = Vec::new();
    let copies: std::collections::HashSet<u64> = if opts.adapt {
        (1..8)
            .flat_map(|d| table.keys.iter().map(move |&k| domain_key(k, d)))
            .filter(|k| id_of.contains_key(k))
            .collect()
    } else {
        Default::default()
    };
    for (f, &k) in table.keys.iter().enumerate() {
        if copies.contains(&k) {
            continue;
        }
        let mut row = [0i16; NT];
        for (t, x) in row.iter_mut().enumerate() {
            *x = q(w[f * NT + t]);
        }
        if row.iter().any(|&x| x != 0) {
            feats.push((k, row));
        }
    }
    let trans = w[nf * NT..].iter().map(|&x| i32::from(q(x))).collect();
    Weights::new(feats, trans)
}

fn log(opts: &Options, t0: Instant, msg: &str) {
    if opts.verbose {
        eprintln!("[{:7.1}s] {msg}", t0.elapsed().as_secs_f64());
    }
}

/// Trains the two-pass model on `docs`; returns one model per target domain (`opts.targets`,
/// at least one).
#[must_use]
pub fn train(
    docs: &[TrainDoc],
    classes: FxHashMap<u64, u32>,
    gaz: Gazetteer,
    opts: &Options,
) -> Vec<ModelData> {
    let targets: Vec<u8> = if opts.targets.is_empty() { vec![1] } else { opts.targets.clone() };
    let t0 = Instant::now();
    let res = Resources { gaz, classes };
    // Jackknife group of each document: a lowercased copy goes with its original, so that no
    // pass-1 model tags a document it has seen a copy of.
    let mut group: Vec<usize> = (0..docs.len()).collect();
    let with_copies: Vec<TrainDoc>;
    let docs = if opts.lower_copies {
        let copies = lower_copies(docs, opts.seed);
        log(
            opts,
            t0,
            &format!(
                "lowercased copies: {} sentences of {} web documents",
                copies.iter().map(|(_, c)| c.sentences.len()).sum::<usize>(),
                copies.len()
            ),
        );
        group.extend(copies.iter().map(|(d, _)| *d));
        with_copies = docs.iter().cloned().chain(copies.into_iter().map(|(_, c)| c)).collect();
        &with_copies[..]
    } else {
        docs
    };
    let flat = flatten(docs);
    log(
        opts,
        t0,
        &format!("{} documents, {} sentences, {} tokens", docs.len(), flat.sents.len(), flat.gold.len()),
    );
    let table = build_table(docs, &group, &res, None, &flat, opts);
    log(opts, t0, &format!("pass 1: {} features", table.keys.len()));
    let all: Vec<usize> = (0..flat.sents.len()).collect();
    let cv_only = opts.cv_epochs && opts.cv_only;
    let pass1: Vec<Weights> = if cv_only {
        Vec::new()
    } else {
        let w1 = perceptron(&table, &flat, &all, opts, 1);
        targets.iter().map(|&t| export(&w1, &table, opts, t)).collect()
    };
    if let Some(p) = pass1.first() {
        log(opts, t0, &format!("pass 1 trained: {} features kept", p.len()));
    }
    if !opts.two_pass {
        return pass1
            .into_iter()
            .map(|pass1| ModelData {
                classes: res.classes.clone(),
                pass1,
                pass2: Weights::default(),
                web: None,
            })
            .collect();
    }
    // Jackknifed pass-1 tags of the training documents.
    let folds = opts.folds.max(2);
    let fold_of = |d: usize| (hash::finish(opts.seed ^ group[d] as u64) % folds as u64) as usize;
    let mut p1 = vec![tags::O; flat.gold.len()];
    let (mut em, mut v, mut pred) = (Vec::new(), Viterbi::default(), Vec::new());
    // Per epoch, news / web: gold, predicted, correct spans of the held-out folds.
    let mut cv = vec![[[0usize; 3]; 2]; opts.epochs];
    for k in 0..folds {
        let train: Vec<usize> = all.iter().copied().filter(|&s| fold_of(flat.sent_doc[s]) != k).collect();
        let nf = table.keys.len();
        let mut hook = |epoch: usize, w: &[f32]| {
            let (mut em, mut v, mut pred) = (Vec::new(), Viterbi::default(), Vec::new());
            let (mut gs, mut ps) = (Vec::new(), Vec::new());
            for (s, r) in flat.sents.iter().enumerate() {
                let d = flat.sent_doc[s];
                if fold_of(d) != k || group[d] != d {
                    continue;
                }
                decode(w, nf, &table, r, &mut em, &mut v, &mut pred);
                tags::spans_bilou(&flat.gold[r.clone()], &mut gs);
                tags::spans_bilou(&pred, &mut ps);
                let web = flat.doc_domain[d] == 2;
                if web {
                    // As UNER is scored: PER, ORG, LOC only.
                    ps.retain(|x| x.ty != 3);
                }
                let c = &mut cv[epoch][usize::from(web)];
                c[0] += gs.len();
                c[1] += ps.len();
                c[2] += ps.iter().filter(|x| gs.contains(x)).count();
            }
        };
        let w = shuffled(
            &table,
            &flat,
            &train,
            opts,
            100 + k as u64,
            if opts.cv_epochs { Some(&mut hook) } else { None },
        );
        for (s, r) in flat.sents.iter().enumerate() {
            if fold_of(flat.sent_doc[s]) == k {
                decode(&w, nf, &table, r, &mut em, &mut v, &mut pred);
                p1[r.clone()].copy_from_slice(&pred);
            }
        }
        log(opts, t0, &format!("jackknife fold {}/{folds} done", k + 1));
    }
    if opts.cv_epochs {
        let f1 = |c: [usize; 3]| 200.0 * c[2] as f64 / (c[0] + c[1]).max(1) as f64;
        for (e, c) in cv.iter().enumerate() {
            eprintln!(
                "cv epochs: after epoch {:2}: jackknifed pass-1 F1 news {:.2}, web (PER/ORG/LOC) {:.2}",
                e + 1,
                f1(c[0]),
                f1(c[1])
            );
        }
    }
    if cv_only {
        return Vec::new();
    }
    let (mut gold_spans, mut pred_spans) = (Vec::new(), Vec::new());
    let mut counts = [0usize; 3];
    for r in &flat.sents {
        tags::spans_bilou(&flat.gold[r.clone()], &mut gold_spans);
        tags::spans_bilou(&p1[r.clone()], &mut pred_spans);
        counts[0] += gold_spans.len();
        counts[1] += pred_spans.len();
        counts[2] += pred_spans.iter().filter(|s: &&TokSpan| gold_spans.contains(s)).count();
    }
    let f1 = 200.0 * counts[2] as f64 / (counts[0] + counts[1]).max(1) as f64;
    log(opts, t0, &format!("jackknifed pass-1 F1 on the training data: {f1:.2}"));
    drop(table);
    let table2 = build_table(docs, &group, &res, Some(&p1), &flat, opts);
    log(opts, t0, &format!("pass 2: {} features", table2.keys.len()));
    let w2 = perceptron(&table2, &flat, &all, opts, 2);
    let pass2: Vec<Weights> = targets.iter().map(|&t| export(&w2, &table2, opts, t)).collect();
    log(opts, t0, &format!("pass 2 trained: {} features kept", pass2[0].len()));
    pass1
        .into_iter()
        .zip(pass2)
        .map(|(pass1, pass2)| ModelData { classes: res.classes.clone(), pass1, pass2, web: None })
        .collect()
}

/// Domain-classifier examples from training documents: each document whole and cut into runs
/// of 1, 4 and 16 sentences (documents at run time may be a single sentence), labelled web
/// text for the web domain (2). Returns (document index, statistics, is web).
#[must_use]
pub fn domain_examples(docs: &[TrainDoc]) -> Vec<(usize, [f32; domain::NDF], bool)> {
    let mut out = Vec::new();
    for (d, doc) in docs.iter().enumerate() {
        let toks: Vec<&str> = doc.tokens.iter().map(String::as_str).collect();
        let web = doc.domain == 2;
        out.push((d, domain::features(&toks, &doc.sentences), web));
        for size in [1usize, 4, 16] {
            if doc.sentences.len() <= size {
                continue;
            }
            for c in doc.sentences.chunks(size) {
                out.push((d, domain::features(&toks, c), web));
            }
        }
    }
    out
}

/// L2 strength of the domain classifier.
pub const DOMAIN_L2: f32 = 1e-3;

/// Trains the domain classifier on `docs` (web text = domain 2). With `verbose`, reports 5-fold
/// cross-validated accuracy (folds by document) on whole documents and on single sentences.
#[must_use]
pub fn train_domain(docs: &[TrainDoc], threshold: f32, verbose: bool) -> domain::Classifier {
    let ex = domain_examples(docs);
    if verbose {
        let folds = 5u64;
        // [whole docs, single sentences] x [news, web] x [right, all]
        let mut acc = [[[0usize; 2]; 2]; 2];
        let mut chunk_size = vec![0usize; docs.len()];
        for (d, doc) in docs.iter().enumerate() {
            chunk_size[d] = doc.sentences.len();
        }
        for k in 0..folds {
            let fold = |d: usize| hash::finish(0xd0c ^ d as u64) % folds == k;
            let train: Vec<([f32; domain::NDF], bool)> =
                ex.iter().filter(|e| !fold(e.0)).map(|e| (e.1, e.2)).collect();
            let c = domain::Classifier::train(&train, DOMAIN_L2, threshold);
            let mut seen_whole = vec![false; docs.len()];
            for e in ex.iter().filter(|e| fold(e.0)) {
                let right = (c.prob(&e.1) >= threshold) == e.2;
                let kind = if seen_whole[e.0] { 1 } else { 0 };
                seen_whole[e.0] = true;
                // Runs of one sentence: the examples past the whole document whose document
                // was cut into single sentences come first.
                if kind == 1 && chunk_size[e.0] <= 1 {
                    continue;
                }
                let a = &mut acc[kind][usize::from(e.2)];
                a[0] += usize::from(right);
                a[1] += 1;
            }
        }
        let pct = |a: [usize; 2]| 100.0 * a[0] as f64 / a[1].max(1) as f64;
        eprintln!(
            "domain classifier, 5-fold CV: whole documents news {:.2}% web {:.2}% right; parts (1, 4, 16 sentences) news {:.2}% web {:.2}%",
            pct(acc[0][0]),
            pct(acc[0][1]),
            pct(acc[1][0]),
            pct(acc[1][1])
        );
    }
    let all: Vec<([f32; domain::NDF], bool)> = ex.iter().map(|e| (e.1, e.2)).collect();
    let c = domain::Classifier::train(&all, DOMAIN_L2, threshold);
    if verbose {
        let ws: Vec<String> = domain::NAMES.iter().zip(c.w).map(|(n, w)| format!("{n} {w:+.2}")).collect();
        eprintln!("domain classifier weights: {} (bias {:+.2})", ws.join(", "), c.bias);
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(domain: u8) -> TrainDoc {
        let mut d = TrainDoc { domain, ..TrainDoc::default() };
        for i in 0..20 {
            let start = d.tokens.len();
            let words = ["I", "flew", "to", "Tampa", "Bay", "with", "Ann", "Lee", "of", "Acme", "."];
            d.tokens.extend(words.iter().map(|w| format!("{w}{}", if i % 2 == 0 { "" } else { "x" })));
            let loc = tags::tag(tags::Pos::Begin, 2);
            let loc_l = tags::tag(tags::Pos::Last, 2);
            let per = tags::tag(tags::Pos::Begin, 0);
            let per_l = tags::tag(tags::Pos::Last, 0);
            let org = tags::tag(tags::Pos::Unit, 1);
            d.tags.extend([
                tags::O,
                tags::O,
                tags::O,
                loc,
                loc_l,
                tags::O,
                per,
                per_l,
                tags::O,
                org,
                tags::O,
            ]);
            d.sentences.push(start..d.tokens.len());
        }
        d
    }

    #[test]
    fn lower_copies_lowercase_whole_mentions_of_web_documents_only() {
        let docs = vec![doc(1), doc(2)];
        let copies = lower_copies(&docs, 7);
        assert_eq!(copies.len(), 1);
        let (of, copy) = &copies[0];
        assert_eq!(*of, 1);
        assert_eq!(copy.domain, 2);
        assert!(!copy.sentences.is_empty() && copy.sentences.len() < 20, "a coin per mention");
        let mut spans = Vec::new();
        for r in &copy.sentences {
            let (toks, gold) = (&copy.tokens[r.clone()], &copy.tags[r.clone()]);
            assert_eq!(gold, &docs[1].tags[..gold.len()]);
            // The words outside mentions keep their case; a mention is lowercased whole or not at all.
            assert_eq!(toks[0].chars().next(), Some('I'));
            tags::spans_bilou(gold, &mut spans);
            let mut lowered = 0;
            for s in &spans {
                let low: Vec<bool> =
                    toks[s.start..s.end].iter().map(|t| !t.chars().any(char::is_uppercase)).collect();
                assert!(low.iter().all(|&l| l) || low.iter().all(|&l| !l), "{toks:?}");
                lowered += usize::from(low[0]);
            }
            assert!(lowered > 0);
        }
        // Deterministic.
        let again = lower_copies(&docs, 7);
        assert_eq!(again[0].1.tokens, copy.tokens);
    }
}
