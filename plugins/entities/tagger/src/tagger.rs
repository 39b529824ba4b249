//! The tagger: two passes of feature scoring and Viterbi decoding over one document.
//!
//! Pass 1 tags every sentence from local features. Pass 2 tags again with the local features
//! plus document features read from pass 1 (how the same word was tagged elsewhere in the
//! document, the pass-1 tags around the token). Buffers live in a [`Scratch`] reused across
//! sentences and documents: no allocation per token.
//!
//! [`Tagger::tag`] sums the scores from per-word and load-time parts ([`crate::score`]);
//! [`Tagger::tag_reference`] probes every feature of every token and decodes by the plain
//! recursion. Both give the same scores and
//! tags (the tests compare them); the reference is the plain statement of the model.

use std::ops::Range;

use crate::decode::Viterbi;
use crate::domain::Classifier;
use crate::features::{DocFeats, Resources};
use crate::gazetteer::Gazetteer;
use crate::model::{Joint, ModelData, ModelError, Weights};
use crate::score::{Tables, WordScores};
use crate::tags::NT;

/// A loaded model, ready to tag.
pub struct Tagger {
    pub res: Resources,
    /// Number of features of pass 1 and pass 2 (of the main fold).
    pub features: (usize, usize),
    /// The main (news) fold, then the web fold if the model has one.
    heads: Vec<Head>,
    /// Picks the web fold for a document (with a web fold only).
    domain: Option<Classifier>,
    /// Which fold tags the documents (default: chosen per document).
    pub fold: Fold,
    two_pass: bool,
}

/// One weight fold ready to score: both passes in one table, load-time score tables, and the
/// transition scores.
struct Head {
    joint: Joint,
    tables: Tables,
    trans1: Vec<i32>,
    trans2: Vec<i32>,
}

impl Head {
    fn new(pass1: &Weights, pass2: &Weights) -> Head {
        let joint = Joint::new(pass1, pass2);
        let tables = Tables::new(&joint);
        Head { joint, tables, trans1: pass1.trans.clone(), trans2: pass2.trans.clone() }
    }
}

/// Which weight fold tags a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Fold {
    /// The web fold when the model has one and its domain classifier says web text.
    #[default]
    Auto,
    /// Always the main (news) fold.
    News,
    /// Always the web fold (the main one if the model has none).
    Web,
}

/// Reusable buffers for [`Tagger::tag`].
#[derive(Default)]
pub struct Scratch {
    pub feats: DocFeats,
    words: WordScores,
    /// The word scores of the web fold (its cache is apart: the scores differ).
    words_web: WordScores,
    keys: Vec<u64>,
    /// Pass-1 emission scores, `NT` per token of the document.
    em1: Vec<i32>,
    /// Pass-2 scores of the local features, `NT` per token of the document.
    em2: Vec<i32>,
    /// Pass-2 emission scores of one sentence.
    em: Vec<i32>,
    /// Pass-2 emission scores as decoded, `NT` per token of the document (reference path;
    /// the fast path adds them up in `em2`).
    fin2: Vec<i32>,
    /// Whether the last call was the fast path, whose decoded pass-2 scores are in `em2`.
    fin2_is_em2: bool,
    vit: Viterbi<i32>,
    p1: Vec<u8>,
    sent_tags: Vec<u8>,
}

impl Scratch {
    /// Clears the per-document buffers for `n` tokens.
    fn reset(&mut self, n: usize) {
        self.p1.clear();
        self.p1.resize(n, crate::tags::O);
        self.em1.clear();
        self.em1.resize(n * NT, 0);
        self.em2.clear();
        self.em2.resize(n * NT, 0);
        self.fin2.clear();
        self.fin2_is_em2 = false;
    }

    /// Zeroed `fin2` for `n` tokens (the reference path's pass-2 scores as decoded).
    fn reset_fin2(&mut self, n: usize) {
        self.fin2.clear();
        self.fin2.resize(n * NT, 0);
    }

    /// Gives back the memory a document longer than `tokens` tokens made the buffers grow, so
    /// that a scratch kept between documents holds what a usual article needs.
    pub fn shrink(&mut self, tokens: usize) {
        self.feats.shrink(tokens);
        self.words.shrink(tokens);
        self.words_web.shrink(tokens);
        self.keys.shrink_to(256);
        for v in [&mut self.em1, &mut self.em2, &mut self.em, &mut self.fin2] {
            v.shrink_to(tokens * NT);
        }
        self.vit.shrink(tokens);
        self.p1.shrink_to(tokens);
        self.sent_tags.shrink_to(tokens);
    }

    /// Number of words in the word cache that carries over between documents.
    #[must_use]
    pub fn word_cache_len(&self) -> usize {
        self.words.cache.len()
    }

    /// The emission scores of the last [`Tagger::tag`] call: pass 1 and pass 2, `NT` per token
    /// (zeros for tokens outside every sentence; pass 2 is all zeros for a one-pass model).
    #[must_use]
    pub fn scores(&self) -> (&[i32], &[i32]) {
        if self.fin2_is_em2 { (&self.em1, &self.em2) } else { (&self.em1, &self.fin2) }
    }
}

impl Tagger {
    /// Loads a model file (the gazetteer is the embedded one).
    pub fn from_bytes(b: &[u8]) -> Result<Tagger, ModelError> {
        // One fold's weight tables at a time: they are dropped once its scoring tables are
        // built (lower peak memory at load).
        let (m, web) = ModelData::from_bytes_main(b)?;
        let mut t = Tagger::new(m, Gazetteer::embedded());
        if let Some(web) = web {
            let w = ModelData::read_web(web)?;
            t.heads.push(Head::new(&w.pass1, &w.pass2));
            t.domain = Some(w.domain);
        }
        Ok(t)
    }

    #[must_use]
    pub fn new(m: ModelData, gaz: Gazetteer) -> Tagger {
        let mut heads = vec![Head::new(&m.pass1, &m.pass2)];
        let features = (m.pass1.len(), m.pass2.len());
        let two_pass = !m.pass2.is_empty();
        let domain = m.web.map(|w| {
            heads.push(Head::new(&w.pass1, &w.pass2));
            w.domain
        });
        Tagger {
            res: Resources { gaz, classes: m.classes },
            features,
            heads,
            domain,
            fold: Fold::Auto,
            two_pass,
        }
    }

    /// Whether the model holds a web fold.
    #[must_use]
    pub fn has_web_fold(&self) -> bool {
        self.heads.len() > 1
    }

    /// Sets the domain classifier's threshold (the probability of web text from which a
    /// document gets the web fold); for experiments.
    pub fn set_web_threshold(&mut self, t: f32) {
        if let Some(c) = &mut self.domain {
            c.threshold = t;
        }
    }

    /// The domain classifier's probability that a document is web text (`None` without a web
    /// fold).
    #[must_use]
    pub fn web_probability(&self, tokens: &[&str], sentences: &[Range<usize>]) -> Option<f32> {
        self.domain.as_ref().map(|c| c.prob(&crate::domain::features(tokens, sentences)))
    }

    /// Whether a document is tagged with the web fold.
    #[must_use]
    pub fn uses_web_fold(&self, tokens: &[&str], sentences: &[Range<usize>]) -> bool {
        if !self.has_web_fold() {
            return false;
        }
        match self.fold {
            Fold::News => false,
            Fold::Web => true,
            Fold::Auto => self.domain.as_ref().is_some_and(|c| c.is_web(tokens, sentences)),
        }
    }

    /// Tags one document: `tokens`, split into `sentences` (token ranges in order). Writes one
    /// BILOU tag per token to `out`. A sentence range that does not fit `tokens` is skipped
    /// (its tokens are tagged `O`).
    pub fn tag(&self, tokens: &[&str], sentences: &[Range<usize>], s: &mut Scratch, out: &mut Vec<u8>) {
        out.clear();
        out.resize(tokens.len(), crate::tags::O);
        let web = self.uses_web_fold(tokens, sentences);
        let h = &self.heads[usize::from(web)];
        s.reset(tokens.len());
        // Sentences in order and apart (as the plugin makes them): the pass-2 scores are summed
        // in place. Otherwise each sentence sums a copy, so that overlaps do not add up.
        let in_place = sentences.windows(2).all(|w| w[0].end <= w[1].start);
        s.fin2_is_em2 = in_place;
        if !in_place {
            s.reset_fin2(tokens.len());
        }
        let words = if web { &mut s.words_web } else { &mut s.words };
        words.cache.trim();
        let (cache, joint, res) = (&mut words.cache, &h.joint, &self.res);
        s.feats.prepare_with(res, tokens, sentences, |tok| cache.word(joint, res, tok));
        for r in sentences {
            if r.end > tokens.len() || r.start >= r.end {
                continue;
            }
            // Pass 1, and the local part of pass 2 in the same sums.
            for i in r.clone() {
                let row = words.local(&h.joint, &h.tables, &s.feats, r, i);
                let (a, b) = row.split_at(NT);
                s.em1[i * NT..(i + 1) * NT].copy_from_slice(a);
                s.em2[i * NT..(i + 1) * NT].copy_from_slice(b);
            }
            decode(&h.trans1, &s.em1[r.start * NT..r.end * NT], r.len(), &mut s.vit, &mut s.sent_tags);
            s.p1[r.clone()].copy_from_slice(&s.sent_tags);
        }
        if !self.two_pass {
            out.copy_from_slice(&s.p1);
            return;
        }
        s.feats.history(&s.p1);
        words.history(&h.joint, &s.feats);
        for r in sentences {
            if r.end > tokens.len() || r.start >= r.end {
                continue;
            }
            if in_place {
                // The document scores are added to the local ones in place: `em2` becomes the
                // decoded pass-2 scores of the sentence.
                for i in r.clone() {
                    let mut b = [0i32; NT];
                    words.doc(&h.joint, &h.tables, &s.feats, r, i, &s.p1, &mut b);
                    for (e, x) in s.em2[i * NT..(i + 1) * NT].iter_mut().zip(b) {
                        *e += x;
                    }
                }
                decode(&h.trans2, &s.em2[r.start * NT..r.end * NT], r.len(), &mut s.vit, &mut s.sent_tags);
            } else {
                s.em.clear();
                s.em.extend_from_slice(&s.em2[r.start * NT..r.end * NT]);
                for (k, i) in r.clone().enumerate() {
                    let mut b = [0i32; NT];
                    words.doc(&h.joint, &h.tables, &s.feats, r, i, &s.p1, &mut b);
                    for (e, x) in s.em[k * NT..(k + 1) * NT].iter_mut().zip(b) {
                        *e += x;
                    }
                }
                s.fin2[r.start * NT..r.end * NT].copy_from_slice(&s.em);
                decode(&h.trans2, &s.em, r.len(), &mut s.vit, &mut s.sent_tags);
            }
            out[r.clone()].copy_from_slice(&s.sent_tags);
        }
    }

    /// [`Self::tag`] the straightforward way: every feature of every token is looked up in
    /// the weight table. Same result, slower; the reference the fast path is tested against.
    pub fn tag_reference(
        &self,
        tokens: &[&str],
        sentences: &[Range<usize>],
        s: &mut Scratch,
        out: &mut Vec<u8>,
    ) {
        out.clear();
        out.resize(tokens.len(), crate::tags::O);
        let h = &self.heads[usize::from(self.uses_web_fold(tokens, sentences))];
        s.feats.prepare(&self.res, tokens, sentences);
        s.reset(tokens.len());
        s.reset_fin2(tokens.len());
        for r in sentences {
            if r.end > tokens.len() || r.start >= r.end {
                continue;
            }
            // Pass 1, and the local part of pass 2 in the same probes.
            for i in r.clone() {
                s.keys.clear();
                s.feats.local(r, i, &mut s.keys);
                h.joint.resolve(&mut s.keys);
                let mut a = [0i32; NT];
                let mut b = [0i32; NT];
                h.joint.add_both(&s.keys, &mut a, &mut b);
                s.em1[i * NT..(i + 1) * NT].copy_from_slice(&a);
                s.em2[i * NT..(i + 1) * NT].copy_from_slice(&b);
            }
            decode_reference(
                &h.trans1,
                &s.em1[r.start * NT..r.end * NT],
                r.len(),
                &mut s.vit,
                &mut s.sent_tags,
            );
            s.p1[r.clone()].copy_from_slice(&s.sent_tags);
        }
        if !self.two_pass {
            out.copy_from_slice(&s.p1);
            return;
        }
        s.feats.history(&s.p1);
        for r in sentences {
            if r.end > tokens.len() || r.start >= r.end {
                continue;
            }
            s.em.clear();
            s.em.extend_from_slice(&s.em2[r.start * NT..r.end * NT]);
            for (k, i) in r.clone().enumerate() {
                s.keys.clear();
                s.feats.doc(r, i, &s.p1, &mut s.keys);
                h.joint.resolve(&mut s.keys);
                let mut b = [0i32; NT];
                h.joint.add_second(&s.keys, &mut b);
                for (e, x) in s.em[k * NT..(k + 1) * NT].iter_mut().zip(b) {
                    *e += x;
                }
            }
            s.fin2[r.start * NT..r.end * NT].copy_from_slice(&s.em);
            decode_reference(&h.trans2, &s.em, r.len(), &mut s.vit, &mut s.sent_tags);
            out[r.clone()].copy_from_slice(&s.sent_tags);
        }
    }

    /// Pass-1 tags of the last [`Self::tag`] call.
    #[must_use]
    pub fn first_pass<'a>(&self, s: &'a Scratch) -> &'a [u8] {
        &s.p1
    }
}

fn decode(trans: &[i32], em: &[i32], n: usize, vit: &mut Viterbi<i32>, out: &mut Vec<u8>) {
    let (t, rest) = trans.split_at(NT * NT);
    let (start, end) = rest.split_at(NT);
    vit.decode(em, n, t, start, end, out);
}

fn decode_reference(trans: &[i32], em: &[i32], n: usize, vit: &mut Viterbi<i32>, out: &mut Vec<u8>) {
    let (t, rest) = trans.split_at(NT * NT);
    let (start, end) = rest.split_at(NT);
    vit.decode_reference(em, n, t, start, end, out);
}
