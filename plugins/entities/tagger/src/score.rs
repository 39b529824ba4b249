//! The tagger's fast scoring path: the same feature scores as probing every feature of every
//! token ([`crate::features::DocFeats::local`] / [`crate::features::DocFeats::doc`]), summed
//! from precomputed parts ([`crate::features::parts`]).
//!
//! - [`Tables`] (built once at load): the sentence-edge neighbour scores (BOS/EOS) and every
//!   feature with few possible values: neighbour capitalisation pairs, gazetteer bits and lists,
//!   pass-1 tag pairs of pass 2.
//! - [`WordScores`] (per document): for each distinct word, its own features (one row per
//!   sentence-bits value, made on first use) and what it adds as the neighbour at −2, −1, +1,
//!   +2; in pass 2, its history features.
//!
//! A token's local score is then five row additions, the table rows and three probes (the word
//! bigrams and the shape trigram). The scores are integer sums of the same weights, so they are
//! exactly those of the per-token probing (the tests compare both).

use crate::features::{DocFeats, Resources, TokInfo, parts, word_facts};
use crate::hash::FxHashMap;
use crate::model::Joint;
use crate::tags::NT;

/// Scores of both passes: pass 1 in the first `NT` lanes, pass 2 in the last `NT`.
pub type Row = [i32; 2 * NT];
/// Scores of one pass.
pub type Row1 = [i32; NT];

/// A row of zeros (an unknown word's).
const ZERO: Row = [0; 2 * NT];

/// Number of capitalisation classes (`features::cap`).
const CAPS: usize = 5;
/// Neighbour capitalisation values: the classes, then "outside the sentence".
const NB_CAPS: usize = CAPS + 1;
/// Sentence-bits values (`parts::sent_index`).
const SENTS: usize = 4;
/// Document-casing values (`TokInfo::doc_case`, three bits).
const DOC_CASES: usize = 8;
/// Pass-1 tag values of a neighbour: the tags, then "outside the sentence".
const NB_TAGS: usize = NT + 1;

/// A neighbour part of `features::parts` (`left1`, `left2`, `right1`, `right2`).
type Part = fn(Option<&TokInfo>, &mut Vec<u64>);

#[inline(always)]
fn add(acc: &mut Row, x: &Row) {
    for (a, b) in acc.iter_mut().zip(x) {
        *a += *b;
    }
}

#[inline(always)]
fn add1(acc: &mut Row1, x: &Row1) {
    for (a, b) in acc.iter_mut().zip(x) {
        *a += *b;
    }
}

/// Index of a neighbour's capitalisation class (`None`: outside the sentence); a value the
/// tables do not cover gives an index past them.
#[inline(always)]
fn nb_cap(c: Option<u8>) -> usize {
    match c {
        None => CAPS,
        Some(c) if usize::from(c) < CAPS => usize::from(c),
        Some(_) => NB_CAPS,
    }
}

/// Index of a neighbour's pass-1 tag (`None`: outside the sentence); a value the tables do not
/// cover gives an index past them.
#[inline(always)]
fn nb_tag(t: Option<u8>) -> usize {
    match t {
        None => NT,
        Some(t) if usize::from(t) < NT => usize::from(t),
        Some(_) => NB_TAGS,
    }
}

/// Scores that do not depend on the document, computed at load.
#[derive(Debug, Clone)]
pub struct Tables {
    /// What the sentence edges add as neighbours: at −1, −2, +1, +2.
    edge: [Row; 4],
    /// `CAPM1` by (previous word's class or outside, class, sentence bits).
    cap_m1: Vec<Row>,
    /// `CAPP1` by (next word's class or outside, class, sentence bits).
    cap_p1: Vec<Row>,
    /// `GAZ0` by `bit << 1 | capped`.
    gaz0: Vec<Row>,
    /// `GAZM1` by list bits of the previous word.
    gaz_m1: Vec<Row>,
    /// `GAZP1` by list bits of the next word.
    gaz_p1: Vec<Row>,
    /// `DOCCASE` by (document casing, class, sentence bits).
    doc_case: Vec<Row>,
    /// Pass 2: `P1TAG0` + `P1M1` by (previous tag or outside, tag).
    tags_m1: Vec<Row1>,
    /// Pass 2: `P1P1` by (tag, next tag or outside).
    tags_p1: Vec<Row1>,
}

impl Tables {
    #[must_use]
    pub fn new(joint: &Joint) -> Tables {
        let mut keys = Vec::new();
        let mut part = |f: &dyn Fn(&mut Vec<u64>)| {
            keys.clear();
            f(&mut keys);
            joint.sum(&keys)
        };
        let edge = [
            part(&|k| parts::left1(None, k)),
            part(&|k| parts::left2(None, k)),
            part(&|k| parts::right1(None, k)),
            part(&|k| parts::right2(None, k)),
        ];
        let nb_cap_value = |c: usize| if c < CAPS { c as u8 } else { parts::NO_CAP };
        let mut cap_m1 = Vec::with_capacity(NB_CAPS * CAPS * SENTS);
        let mut cap_p1 = Vec::with_capacity(NB_CAPS * CAPS * SENTS);
        for nb in 0..NB_CAPS {
            for c in 0..CAPS {
                for s in 0..SENTS {
                    cap_m1.push(joint.sum(&[parts::cap_m1(nb_cap_value(nb), c as u8, s)]));
                    cap_p1.push(joint.sum(&[parts::cap_p1(nb_cap_value(nb), c as u8, s)]));
                }
            }
        }
        let mut doc_case = Vec::with_capacity(DOC_CASES * CAPS * SENTS);
        for d in 0..DOC_CASES {
            for c in 0..CAPS {
                for s in 0..SENTS {
                    doc_case.push(joint.sum(&[parts::doc_case(d as u8, c as u8, s)]));
                }
            }
        }
        let gaz0 = (0..64u32).map(|x| joint.sum(&[parts::gaz0(x >> 1, x & 1 == 1)])).collect();
        let gaz_m1 = (0..256u64).map(|l| joint.sum(&[parts::gaz_m1(l)])).collect();
        let gaz_p1 = (0..256u64).map(|l| joint.sum(&[parts::gaz_p1(l)])).collect();
        let tag_value = |t: usize| if t < NT { t as u64 } else { parts::NO_TAG };
        let mut tags_m1 = Vec::with_capacity(NB_TAGS * NT);
        for p in 0..NB_TAGS {
            for t in 0..NT {
                let mut k = Vec::new();
                parts::tags_m1(tag_value(p), t as u64, &mut k);
                tags_m1.push(second(&joint.sum(&k)));
            }
        }
        let mut tags_p1 = Vec::with_capacity(NT * NB_TAGS);
        for t in 0..NT {
            for n in 0..NB_TAGS {
                tags_p1.push(second(&joint.sum(&[parts::tags_p1(t as u64, tag_value(n))])));
            }
        }
        Tables { edge, cap_m1, cap_p1, doc_case, gaz0, gaz_m1, gaz_p1, tags_m1, tags_p1 }
    }
}

/// The pass-2 half of a row.
fn second(r: &Row) -> Row1 {
    let mut out = [0; NT];
    out.copy_from_slice(&r[NT..]);
    out
}

/// The facts and score parts of words that depend on the word's string only, kept across the
/// documents tagged with one [`crate::tagger::Scratch`]: the word facts
/// ([`crate::features::word_facts`]), what the word adds as the neighbour at −1, −2, +1, +2, and
/// its own features per sentence-bits value (made on first use). Most words of an article
/// (function words, frequent names) were seen in earlier articles: their parts are looked up,
/// not scored again. Bounded: past [`WordCache::CAPACITY`] words, the words not seen again are
/// dropped before the next document. The scores do not depend on what the cache holds.
#[derive(Default)]
pub struct WordCache {
    map: FxHashMap<Box<str>, u32>,
    info: Vec<TokInfo>,
    gaz_first: Vec<Option<u16>>,
    nb: Vec<[Row; 4]>,
    /// Per word and sentence-bits value: 1 + index into `own`, 0 while not computed.
    own_ix: Vec<[u32; SENTS]>,
    own: Vec<Row>,
    /// Per word: lookups that found it since the last [`Self::trim`].
    hits: Vec<u32>,
    keys: Vec<u64>,
    buf: String,
}

impl WordCache {
    /// The number of words kept across documents (about 1 kB each).
    pub const CAPACITY: usize = 2048;

    /// Number of words held.
    #[must_use]
    pub fn len(&self) -> usize {
        self.info.len()
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.info.is_empty()
    }

    /// When the cache holds more than [`Self::CAPACITY`] words, keeps those that were looked
    /// up again since the last trim (at most half the capacity, the most looked-up first) and
    /// drops the rest. Call between documents only: ids change.
    pub fn trim(&mut self) {
        if self.info.len() <= Self::CAPACITY {
            return;
        }
        let mut keep: Vec<(u32, u32)> =
            self.hits.iter().enumerate().filter(|(_, h)| **h > 0).map(|(i, &h)| (h, i as u32)).collect();
        if keep.len() > Self::CAPACITY / 2 {
            keep.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            keep.truncate(Self::CAPACITY / 2);
        }
        // Kept words move to the front in their old order (in place: a word never moves past
        // one not yet moved), then the buffers give back what a long document made them grow.
        keep.sort_unstable_by_key(|&(_, old)| old);
        let mut new_id = vec![u32::MAX; self.info.len()];
        for (n, &(_, old)) in keep.iter().enumerate() {
            if let Some(x) = new_id.get_mut(old as usize) {
                *x = n as u32;
            }
        }
        self.map.retain(|_, id| match new_id.get(*id as usize) {
            Some(&n) if n != u32::MAX => {
                *id = n;
                true
            }
            _ => false,
        });
        let mut own = Vec::with_capacity(keep.len());
        for (n, &(_, old)) in keep.iter().enumerate() {
            let old = old as usize;
            self.info.swap(n, old);
            self.gaz_first.swap(n, old);
            self.nb.swap(n, old);
            let mut ix = [0u32; SENTS];
            for (new, &was) in ix.iter_mut().zip(self.own_ix.get(old).unwrap_or(&[0; SENTS])) {
                if let Some(row) = was.checked_sub(1).and_then(|i| self.own.get(i as usize)) {
                    own.push(*row);
                    *new = own.len() as u32;
                }
            }
            if let Some(x) = self.own_ix.get_mut(n) {
                *x = ix;
            }
        }
        let n = keep.len();
        let room = Self::CAPACITY + Self::CAPACITY / 2;
        self.info.truncate(n);
        self.info.shrink_to(room);
        self.gaz_first.truncate(n);
        self.gaz_first.shrink_to(room);
        self.nb.truncate(n);
        self.nb.shrink_to(room);
        self.own_ix.truncate(n);
        self.own_ix.shrink_to(room);
        self.own = own;
        self.hits.clear();
        self.hits.resize(n, 0);
        self.hits.shrink_to(room);
        self.map.shrink_to(room);
    }

    /// The facts of word `tok` and its id in the cache (for [`DocFeats::prepare_with`]).
    pub fn word(&mut self, joint: &Joint, res: &Resources, tok: &str) -> (TokInfo, Option<u16>, u32) {
        if let Some(&id) = self.map.get(tok)
            && let (Some(info), Some(gaz)) = (self.info.get(id as usize), self.gaz_first.get(id as usize))
        {
            if let Some(h) = self.hits.get_mut(id as usize) {
                *h = h.saturating_add(1);
            }
            return (*info, *gaz, id);
        }
        let (info, gaz) = word_facts(res, tok, &mut self.buf);
        let mut rows = [[0; 2 * NT]; 4];
        let fns: [Part; 4] = [parts::left1, parts::left2, parts::right1, parts::right2];
        for (row, part) in rows.iter_mut().zip(fns) {
            self.keys.clear();
            part(Some(&info), &mut self.keys);
            *row = joint.sum(&self.keys);
        }
        let id = self.info.len() as u32;
        self.info.push(info);
        self.gaz_first.push(gaz);
        self.nb.push(rows);
        self.own_ix.push([0; SENTS]);
        self.hits.push(0);
        self.map.insert(tok.into(), id);
        (info, gaz, id)
    }

    /// The index in `own` of the own-word row (without the document casing) of cached word
    /// `id` with sentence bits `sent`, made on first use; `None` for an unknown word.
    #[inline]
    fn own_index(&mut self, joint: &Joint, id: usize, sent: usize) -> Option<usize> {
        let ix = self.own_ix.get(id)?[sent % SENTS];
        if let Some(i) = ix.checked_sub(1) {
            return Some(i as usize);
        }
        let w = self.info.get(id)?;
        self.keys.clear();
        parts::own_word(w, sent, &mut self.keys);
        let row = joint.sum(&self.keys);
        self.own.push(row);
        if let Some(x) = self.own_ix.get_mut(id) {
            x[sent % SENTS] = self.own.len() as u32;
        }
        Some(self.own.len() - 1)
    }
}

/// Per-document scores of the distinct words ([`DocFeats::words`]) on top of the
/// [`WordCache`], reused across documents.
#[derive(Default)]
pub struct WordScores {
    /// Word facts and string-only score parts, kept across documents.
    pub cache: WordCache,
    /// Per word: pass-2 history scores.
    hist: Vec<Row1>,
    keys: Vec<u64>,
}

impl WordScores {
    /// Gives back the memory a document of more than `words` distinct words made the
    /// per-document buffers grow (the cache keeps its own bound).
    pub fn shrink(&mut self, words: usize) {
        self.hist.shrink_to(words);
    }

    /// Scores the history features of every word (after [`DocFeats::history`]).
    pub fn history(&mut self, joint: &Joint, f: &DocFeats) {
        self.hist.clear();
        self.hist.reserve(f.words.len());
        for w in &f.words {
            self.keys.clear();
            f.doc_word(w, &mut self.keys);
            let mut row = [0; NT];
            for &k in &self.keys {
                joint.add_key_second(k, &mut row);
            }
            self.hist.push(row);
        }
    }

    /// The local scores (both passes) of token `i` of sentence `r` (a valid range of `f`'s
    /// tokens).
    #[inline]
    pub fn local(
        &mut self,
        joint: &Joint,
        tab: &Tables,
        f: &DocFeats,
        r: &std::ops::Range<usize>,
        i: usize,
    ) -> Row {
        let (toks, ids) = (&f.toks, &f.ids);
        let (Some(w), Some(&id)) = (toks.get(i), ids.get(i)) else { return [0; 2 * NT] };
        let sent = parts::sent_index(w);
        let cid = |id: usize| f.cids.get(id).map_or(usize::MAX, |&c| c as usize);
        let own = self.cache.own_index(joint, cid(id as usize), sent);
        let own = own.and_then(|k| self.cache.own.get(k)).unwrap_or(&ZERO);
        let c = usize::from(w.cap);
        // The own row plus the document casing, summed straight into the accumulator.
        let mut acc: Row = [0; 2 * NT];
        match tab.doc_case.get((usize::from(w.doc_case) * CAPS + c) * SENTS + sent) {
            Some(x) if c < CAPS => {
                for ((a, o), d) in acc.iter_mut().zip(own).zip(x) {
                    *a = *o + *d;
                }
            }
            _ => {
                add(&mut acc, own);
                joint.add_key(parts::doc_case(w.doc_case, w.cap, sent), &mut acc);
            }
        }
        let at = |j: usize| -> Option<(&TokInfo, usize)> {
            if j < r.start || j >= r.end {
                return None;
            }
            Some((toks.get(j)?, *ids.get(j)? as usize))
        };
        let p = i.checked_sub(1).and_then(at);
        let p2 = i.checked_sub(2).and_then(at);
        let n = at(i + 1);
        let n2 = at(i + 2);
        let nb = &self.cache.nb;
        let row =
            |x: Option<(&TokInfo, usize)>, k: usize| x.and_then(|(_, id)| nb.get(cid(id))).map(|r| &r[k]);
        add(&mut acc, row(p, 0).unwrap_or(&tab.edge[0]));
        add(&mut acc, row(p2, 1).unwrap_or(&tab.edge[1]));
        add(&mut acc, row(n, 2).unwrap_or(&tab.edge[2]));
        add(&mut acc, row(n2, 3).unwrap_or(&tab.edge[3]));
        let (pt, nt) = (p.map(|x| x.0), n.map(|x| x.0));
        for k in parts::pairs(pt, w, nt) {
            joint.add_key(k, &mut acc);
        }
        let (pc, nc) = (nb_cap(pt.map(|t| t.cap)), nb_cap(nt.map(|t| t.cap)));
        match tab.cap_m1.get((pc * CAPS + c) * SENTS + sent) {
            Some(x) if c < CAPS => add(&mut acc, x),
            _ => joint.add_key(parts::cap_m1(pt.map_or(parts::NO_CAP, |t| t.cap), w.cap, sent), &mut acc),
        }
        match tab.cap_p1.get((nc * CAPS + c) * SENTS + sent) {
            Some(x) if c < CAPS => add(&mut acc, x),
            _ => joint.add_key(parts::cap_p1(nt.map_or(parts::NO_CAP, |t| t.cap), w.cap, sent), &mut acc),
        }
        let capped = usize::from(parts::capped(w.cap));
        let mut g = w.gaz;
        while g != 0 {
            let bit = g.trailing_zeros() as usize;
            g &= g - 1;
            if let Some(x) = tab.gaz0.get(bit << 1 | capped) {
                add(&mut acc, x);
            }
        }
        if let Some(t) = pt
            && t.gaz != 0
            && let Some(x) = tab.gaz_m1.get(parts::lists(t.gaz) as usize)
        {
            add(&mut acc, x);
        }
        if let Some(t) = nt
            && t.gaz != 0
            && let Some(x) = tab.gaz_p1.get(parts::lists(t.gaz) as usize)
        {
            add(&mut acc, x);
        }
        acc
    }

    /// Adds the pass-2 document scores of token `i` of sentence `r`, given the pass-1 tags
    /// `p1` of the document, to `acc`.
    #[inline]
    #[allow(clippy::too_many_arguments)]
    pub fn doc(
        &self,
        joint: &Joint,
        tab: &Tables,
        f: &DocFeats,
        r: &std::ops::Range<usize>,
        i: usize,
        p1: &[u8],
        acc: &mut Row1,
    ) {
        let tag_at = |j: usize| if j < r.start || j >= r.end { None } else { p1.get(j).copied() };
        let (pv, tv, nv) = (i.checked_sub(1).and_then(tag_at), tag_at(i), tag_at(i + 1));
        let t = nb_tag(tv);
        let (p, n) = (nb_tag(pv), nb_tag(nv));
        match tab.tags_m1.get(p * NT + t) {
            Some(x) if t < NT => add1(acc, x),
            _ => {
                let value = |v: Option<u8>| v.map_or(parts::NO_TAG, u64::from);
                let mut keys = Vec::new();
                parts::tags_m1(value(pv), value(tv), &mut keys);
                for k in keys {
                    joint.add_key_second(k, acc);
                }
            }
        }
        match tab.tags_p1.get(t * NB_TAGS + n) {
            Some(x) if t < NT && n < NB_TAGS => add1(acc, x),
            _ => {
                let value = |v: Option<u8>| v.map_or(parts::NO_TAG, u64::from);
                joint.add_key_second(parts::tags_p1(value(tv), value(nv)), acc);
            }
        }
        if let Some(x) = f.ids.get(i).and_then(|&id| self.hist.get(id as usize)) {
            add1(acc, x);
        }
    }
}
