//! The model: two weight tables (first pass: local features; second pass: local + document
//! features), the word-class map, and the gazetteer (embedded separately), with the binary file
//! format they are saved in.
//!
//! File format (little-endian): `b"NEWSNER1"`, `u32` format version, `u32` number of tags, `u32`
//! number of word classes and that many (`u64` lowercased-form hash, `u32` class) pairs, then
//! for each of the two passes: `u32` transitions length `NT*NT + 2*NT` and that many `i32`
//! (transitions from×to, start, end), `u32` number of features `n`, `n` sorted `u64` keys and
//! `n * NT` `i16` weights. Weights are quantized: the real weight is the stored value divided by
//! a per-model scale that never needs to be known at run time (scores are only compared).
//! Version 2 files then hold a web-text fold ([`WebFold`]): the domain classifier
//! ([`Classifier::write`]) and the two passes' weights of the fold, in the same layout.

use crate::domain::Classifier;
use crate::hash::FxHashMap;
use crate::tags::NT;

const MAGIC: &[u8; 8] = b"NEWSNER1";
const VERSION: u32 = 1;
/// Format version of a file that also holds a web-text fold (see [`WebFold`]).
const VERSION_WEB: u32 = 2;

/// One pass's weights, in an open-addressing table keyed by feature key.
#[derive(Debug, Clone, Default)]
pub struct Weights {
    shift: u32,
    /// `(key, row)`; key 0 = empty slot.
    slots: Vec<(u64, u32)>,
    rows: Vec<i16>,
    /// `NT*NT` transitions (from×to), then `NT` start, then `NT` end scores.
    pub trans: Vec<i32>,
}

impl Weights {
    /// Builds a table from sorted-or-not `(key, row)` pairs and the transition scores.
    #[must_use]
    pub fn new(features: Vec<(u64, [i16; NT])>, trans: Vec<i32>) -> Weights {
        let n = features.len();
        let mut bits = 4u32;
        while (1usize << bits) < n + n / 2 + 1 {
            bits += 1;
        }
        let mut slots = vec![(0u64, 0u32); 1 << bits];
        let mut rows = Vec::with_capacity(n * NT);
        let mask = (1usize << bits) - 1;
        for (r, (k, row)) in features.into_iter().enumerate() {
            rows.extend_from_slice(&row);
            let mut i = (k >> (64 - bits)) as usize;
            loop {
                if slots[i].0 == 0 || slots[i].0 == k {
                    slots[i] = (k, r as u32);
                    break;
                }
                i = (i + 1) & mask;
            }
        }
        let mut trans = trans;
        trans.resize(NT * NT + 2 * NT, 0);
        Weights { shift: 64 - bits, slots, rows, trans }
    }

    /// Number of features.
    #[must_use]
    pub fn len(&self) -> usize {
        self.rows.len() / NT
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The weight row of `key`, if the feature is known.
    #[inline]
    #[must_use]
    pub fn row(&self, key: u64) -> Option<&[i16]> {
        if self.slots.is_empty() {
            return None;
        }
        let mask = self.slots.len() - 1;
        let mut i = (key >> self.shift) as usize;
        loop {
            let (k, r) = self.slots[i];
            if k == key {
                let r = r as usize * NT;
                return self.rows.get(r..r + NT);
            }
            if k == 0 {
                return None;
            }
            i = (i + 1) & mask;
        }
    }

    /// Adds the weights of `keys` to `acc`.
    #[inline]
    pub fn add(&self, keys: &[u64], acc: &mut [i32; NT]) {
        for &k in keys {
            if let Some(row) = self.row(k) {
                for (a, &w) in acc.iter_mut().zip(row) {
                    *a += i32::from(w);
                }
            }
        }
    }

    /// Features and rows, sorted by key (for saving and for building joint tables).
    #[must_use]
    pub fn entries(&self) -> Vec<(u64, &[i16])> {
        let mut v: Vec<(u64, &[i16])> = self
            .slots
            .iter()
            .filter(|(k, _)| *k != 0)
            .filter_map(|&(k, r)| self.rows.get(r as usize * NT..(r as usize + 1) * NT).map(|row| (k, row)))
            .collect();
        v.sort_unstable_by_key(|(k, _)| *k);
        v
    }
}

/// Both passes' weights in one table: one probe per feature gives the pass-1 row and the
/// pass-2 row (`2 * NT` weights, zeros where a pass lacks the feature).
///
/// Laid out for the hot path: a 32-bit fingerprint per slot (the low half of the 64-bit key;
/// the slot position comes from the high half) and the row index are all a probe reads, so an
/// absent feature costs one read of a compact array; the rows are stored densely (no row for
/// an empty slot: half the memory of a row per slot); the row of a present feature is read afterwards, and the row
/// reads of a token's features are independent loads the CPU overlaps. Two different features
/// would be confused only if they share the slot chain and all 32 fingerprint bits.
#[derive(Debug, Clone, Default)]
pub struct Joint {
    shift: u32,
    /// Per slot: fingerprint (0 = empty) and index of the row in `rows`.
    fps: Vec<[u32; 2]>,
    /// The rows, one per feature (dense: empty slots take no row).
    rows: Vec<[i16; 2 * NT]>,
}

/// What [`Joint::new`] does with each key of the merged passes and its rows.
type MergeFn<'a> = dyn FnMut(u64, Option<&[i16]>, Option<&[i16]>) + 'a;

#[inline(always)]
fn fingerprint(key: u64) -> u32 {
    (key as u32) | 1
}

impl Joint {
    #[must_use]
    pub fn new(a: &Weights, b: &Weights) -> Joint {
        let (ea, eb) = (a.entries(), b.entries());
        // The keys of both passes in order, merged: counted first (the table's size), then
        // inserted (no merged copy of the rows: lower peak memory at load).
        let merge = |mut f: Box<MergeFn<'_>>| {
            let (mut i, mut j) = (0, 0);
            while i < ea.len() || j < eb.len() {
                let ka = ea.get(i).map_or(u64::MAX, |e| e.0);
                let kb = eb.get(j).map_or(u64::MAX, |e| e.0);
                let k = ka.min(kb);
                let ra = (ka == k).then(|| ea[i].1);
                let rb = (kb == k).then(|| eb[j].1);
                i += usize::from(ka == k);
                j += usize::from(kb == k);
                f(k, ra, rb);
            }
        };
        let mut n = 0usize;
        merge(Box::new(|_, _, _| n += 1));
        let mut bits = 4u32;
        while (1usize << bits) < n + n / 2 + 1 {
            bits += 1;
        }
        let mask = (1usize << bits) - 1;
        let mut fps = vec![[0u32; 2]; 1 << bits];
        let mut rows: Vec<[i16; 2 * NT]> = Vec::with_capacity(n);
        merge(Box::new(|k, ra, rb| {
            let mut row = [0i16; 2 * NT];
            if let Some(ra) = ra {
                row[..NT].copy_from_slice(ra);
            }
            if let Some(rb) = rb {
                row[NT..].copy_from_slice(rb);
            }
            let f = fingerprint(k);
            let mut s = (k >> (64 - bits)) as usize;
            while fps[s][0] != 0 && fps[s][0] != f {
                s = (s + 1) & mask;
            }
            fps[s] = [f, rows.len() as u32];
            rows.push(row);
        }));
        Joint { shift: 64 - bits, fps, rows }
    }

    /// The row index of `key`, if the feature is known.
    #[inline(always)]
    fn find(&self, key: u64) -> Option<usize> {
        let mask = self.fps.len().checked_sub(1)?;
        let f = fingerprint(key);
        let mut i = (key >> self.shift) as usize;
        loop {
            let [g, r] = self.fps[i];
            if g == f {
                return Some(r as usize);
            }
            if g == 0 {
                return None;
            }
            i = (i + 1) & mask;
        }
    }

    /// Replaces each key of `keys` by its row index (absent ones are removed).
    #[inline]
    pub fn resolve(&self, keys: &mut Vec<u64>) {
        keys.retain_mut(|k| match self.find(*k) {
            Some(i) => {
                *k = i as u64;
                true
            }
            None => false,
        });
    }

    /// Adds the rows of resolved `slots`: pass-1 weights to `a`, pass-2 weights to `b`.
    #[inline]
    pub fn add_both(&self, slots: &[u64], a: &mut [i32; NT], b: &mut [i32; NT]) {
        for &s in slots {
            if let Some(row) = self.rows.get(s as usize) {
                let (r1, r2) = row.split_at(NT);
                for (x, &w) in a.iter_mut().zip(r1) {
                    *x += i32::from(w);
                }
                for (x, &w) in b.iter_mut().zip(r2) {
                    *x += i32::from(w);
                }
            }
        }
    }

    /// Adds both passes' rows of feature `key`, if it is known, to `acc` (pass 1 in the first
    /// `NT` lanes, pass 2 in the last `NT`).
    #[inline]
    pub fn add_key(&self, key: u64, acc: &mut [i32; 2 * NT]) {
        if let Some(row) = self.find(key).and_then(|s| self.rows.get(s)) {
            for (x, &w) in acc.iter_mut().zip(row) {
                *x += i32::from(w);
            }
        }
    }

    /// Adds the pass-2 row of feature `key`, if it is known, to `acc`.
    #[inline]
    pub fn add_key_second(&self, key: u64, acc: &mut [i32; NT]) {
        if let Some(row) = self.find(key).and_then(|s| self.rows.get(s)) {
            for (x, &w) in acc.iter_mut().zip(&row[NT..]) {
                *x += i32::from(w);
            }
        }
    }

    /// The summed rows of both passes of `keys` (unknown features count 0).
    #[must_use]
    pub fn sum(&self, keys: &[u64]) -> [i32; 2 * NT] {
        let mut acc = [0i32; 2 * NT];
        for &k in keys {
            self.add_key(k, &mut acc);
        }
        acc
    }

    /// Adds the pass-2 rows of resolved `slots` to `b`.
    #[inline]
    pub fn add_second(&self, slots: &[u64], b: &mut [i32; NT]) {
        for &s in slots {
            if let Some(row) = self.rows.get(s as usize) {
                for (x, &w) in b.iter_mut().zip(&row[NT..]) {
                    *x += i32::from(w);
                }
            }
        }
    }
}

/// The trained parts of the model.
#[derive(Debug, Clone, Default)]
pub struct ModelData {
    pub classes: FxHashMap<u64, u32>,
    pub pass1: Weights,
    pub pass2: Weights,
    /// A second weight fold for web text and the classifier that picks it per document.
    pub web: Option<WebFold>,
}

/// The web-text fold of a domain-adapted model: both passes' weights, used for the documents
/// that `domain` classes as web text.
#[derive(Debug, Clone)]
pub struct WebFold {
    pub domain: Classifier,
    pub pass1: Weights,
    pub pass2: Weights,
}

/// Why a model file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ModelError {
    Magic,
    Version(u32),
    Tags(u32),
    Truncated,
}

impl std::fmt::Display for ModelError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ModelError::Magic => write!(f, "not an entities model file (bad magic)"),
            ModelError::Version(v) => {
                write!(f, "model format version {v}, expected {VERSION} or {VERSION_WEB}")
            }
            ModelError::Tags(n) => write!(f, "model has {n} tags, expected {NT}"),
            ModelError::Truncated => write!(f, "model file is truncated"),
        }
    }
}

impl std::error::Error for ModelError {}

struct Reader<'a> {
    b: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], ModelError> {
        if self.b.len() < n {
            return Err(ModelError::Truncated);
        }
        let (a, rest) = self.b.split_at(n);
        self.b = rest;
        Ok(a)
    }
    fn u32(&mut self) -> Result<u32, ModelError> {
        let mut w = [0u8; 4];
        w.copy_from_slice(self.take(4)?);
        Ok(u32::from_le_bytes(w))
    }
    fn u64(&mut self) -> Result<u64, ModelError> {
        let mut w = [0u8; 8];
        w.copy_from_slice(self.take(8)?);
        Ok(u64::from_le_bytes(w))
    }
}

fn read_weights(r: &mut Reader<'_>) -> Result<Weights, ModelError> {
    let nt = r.u32()? as usize;
    let trans: Vec<i32> = r
        .take(nt.checked_mul(4).ok_or(ModelError::Truncated)?)?
        .chunks_exact(4)
        .map(|c| i32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect();
    let n = r.u32()? as usize;
    let keys = r.take(n.checked_mul(8).ok_or(ModelError::Truncated)?)?;
    let rows = r.take(n.checked_mul(NT * 2).ok_or(ModelError::Truncated)?)?;
    let mut features = Vec::with_capacity(n);
    for (k, row) in keys.chunks_exact(8).zip(rows.chunks_exact(NT * 2)) {
        let key = u64::from_le_bytes([k[0], k[1], k[2], k[3], k[4], k[5], k[6], k[7]]);
        let mut w = [0i16; NT];
        for (x, c) in w.iter_mut().zip(row.chunks_exact(2)) {
            *x = i16::from_le_bytes([c[0], c[1]]);
        }
        features.push((key, w));
    }
    Ok(Weights::new(features, trans))
}

fn write_weights(w: &Weights, out: &mut Vec<u8>) {
    out.extend_from_slice(&(w.trans.len() as u32).to_le_bytes());
    for t in &w.trans {
        out.extend_from_slice(&t.to_le_bytes());
    }
    let entries = w.entries();
    out.extend_from_slice(&(entries.len() as u32).to_le_bytes());
    for (k, _) in &entries {
        out.extend_from_slice(&k.to_le_bytes());
    }
    for (_, row) in &entries {
        for x in *row {
            out.extend_from_slice(&x.to_le_bytes());
        }
    }
}

impl ModelData {
    /// Reads a model file but its web fold: the main part (`web` left `None`) and, for a file
    /// with a web fold, the bytes that hold it (for [`Self::read_web`]), so that a loader can
    /// build one fold's tables at a time.
    pub fn from_bytes_main(b: &[u8]) -> Result<(ModelData, Option<&[u8]>), ModelError> {
        let mut r = Reader { b };
        if r.take(8)? != MAGIC {
            return Err(ModelError::Magic);
        }
        let v = r.u32()?;
        if v != VERSION && v != VERSION_WEB {
            return Err(ModelError::Version(v));
        }
        let nt = r.u32()?;
        if nt as usize != NT {
            return Err(ModelError::Tags(nt));
        }
        let nc = r.u32()? as usize;
        let mut classes = FxHashMap::default();
        classes.reserve(nc.min(1 << 22));
        for _ in 0..nc {
            let k = r.u64()?;
            let c = r.u32()?;
            classes.insert(k, c);
        }
        let pass1 = read_weights(&mut r)?;
        let pass2 = read_weights(&mut r)?;
        Ok((ModelData { classes, pass1, pass2, web: None }, (v == VERSION_WEB).then_some(r.b)))
    }

    /// Reads the web fold that [`Self::from_bytes_main`] left unread.
    pub fn read_web(b: &[u8]) -> Result<WebFold, ModelError> {
        let mut r = Reader { b };
        let domain = Classifier::read(r.take(Classifier::BYTES)?).ok_or(ModelError::Truncated)?;
        let pass1 = read_weights(&mut r)?;
        let pass2 = read_weights(&mut r)?;
        Ok(WebFold { domain, pass1, pass2 })
    }

    /// Reads a model file.
    pub fn from_bytes(b: &[u8]) -> Result<ModelData, ModelError> {
        let (mut m, web) = Self::from_bytes_main(b)?;
        m.web = web.map(Self::read_web).transpose()?;
        Ok(m)
    }

    /// Writes the model file.
    #[must_use]
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        let version = if self.web.is_some() { VERSION_WEB } else { VERSION };
        out.extend_from_slice(&version.to_le_bytes());
        out.extend_from_slice(&(NT as u32).to_le_bytes());
        let mut classes: Vec<(u64, u32)> = self.classes.iter().map(|(&k, &c)| (k, c)).collect();
        classes.sort_unstable();
        out.extend_from_slice(&(classes.len() as u32).to_le_bytes());
        for (k, c) in classes {
            out.extend_from_slice(&k.to_le_bytes());
            out.extend_from_slice(&c.to_le_bytes());
        }
        write_weights(&self.pass1, &mut out);
        write_weights(&self.pass2, &mut out);
        if let Some(web) = &self.web {
            web.domain.write(&mut out);
            write_weights(&web.pass1, &mut out);
            write_weights(&web.pass2, &mut out);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let mut row = [0i16; NT];
        row[3] = -7;
        let w = Weights::new(vec![(5, row), (1 << 63 | 9, [1; NT])], vec![2; NT * NT + 2 * NT]);
        let mut classes = FxHashMap::default();
        classes.insert(42u64, 7u32);
        let m = ModelData { classes, pass1: w.clone(), pass2: w.clone(), web: None };
        let back = ModelData::from_bytes(&m.to_bytes()).expect("reads");
        assert_eq!(back.pass2.row(5).map(|r| r[3]), Some(-7));
        assert_eq!(back.pass1.row(1 << 63 | 9).map(|r| r[0]), Some(1));
        assert!(back.pass1.row(77).is_none());
        assert_eq!(back.classes.get(&42), Some(&7));
        assert!(ModelData::from_bytes(b"nope").is_err());
        let bytes = m.to_bytes();
        assert!(ModelData::from_bytes(&bytes[..bytes.len() - 3]).is_err());
    }
}
