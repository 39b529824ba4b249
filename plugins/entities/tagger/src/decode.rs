//! Viterbi decoding of the best BILOU tag sequence of a sentence under a first-order model
//! (emission scores per token and tag, transition scores per tag pair, start and end scores),
//! with the BILOU constraints built in: a disallowed transition is never taken, so the output
//! is always a well-formed sequence.
//!
//! The recursion is written for the BILOU structure: the tags that may follow O, L-* and U-*
//! (O, B-*, U-*) share that one set of predecessors and are scored together, branch-free; I-t
//! and L-t have the two predecessors B-t and I-t. The forward pass computes path scores only;
//! back pointers are found again for the one tag of the best path at each token. The result
//! is that of the plain recursion over [`tags::allowed`] ([`Viterbi::decode_reference`],
//! compared in the tests), ties included: the first best predecessor in tag order wins.

use std::ops::Add;
use std::sync::OnceLock;

use crate::tags::{self, NT};

/// A score type: `f32` while training, `i32` (quantized weights) at run time.
pub trait Score: Copy + PartialOrd + Add<Output = Self> + Default {
    const NEG: Self;

    /// The best score over the CLOSED predecessors of each OPEN tag (lane `l` is `OPEN[l]`):
    /// `open[k][l]` is the transition score from `CLOSED[k]`, `prev` the path scores at the
    /// previous token; `best` starts at [`Score::NEG`]. Which predecessor it was is found again
    /// when the best path is traced back (for one tag per token, not all of them).
    #[inline(always)]
    fn best_open(prev: &[Self; NT], open: &[[Self; LANES]; 9], best: &mut [Self; LANES]) {
        for (row, &a) in open.iter().zip(&CLOSED) {
            let pa = prev[a];
            for l in 0..LANES {
                let s = pa + row[l];
                if s > best[l] {
                    best[l] = s;
                }
            }
        }
    }
}

impl Score for f32 {
    const NEG: f32 = -1e30;
}

impl Score for i32 {
    const NEG: i32 = i32::MIN / 4;

    /// [`Score::best_open`] as a lane-wise maximum on arrays in memory: with AVX2 (checked at
    /// run time, once per process by std) the compiler makes it eight-lane `vpmaxsd`; without,
    /// compare-and-mask on SSE2. Scores stay far from overflow: they are sums of a few `i16`
    /// weights per token along a sentence, or near [`Self::NEG`].
    #[inline(always)]
    fn best_open(prev: &[i32; NT], open: &[[i32; LANES]; 9], best: &mut [i32; LANES]) {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU has AVX2, the only requirement of the function.
            unsafe { best_open_avx2(prev, open, best) };
            return;
        }
        best_open_masked(prev, open, best);
    }
}

/// [`Score::best_open`] for `i32`, compiled for AVX2 (not inlined: its own code, vectorized).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
#[inline(never)]
fn best_open_avx2(prev: &[i32; NT], open: &[[i32; LANES]; 9], best: &mut [i32; LANES]) {
    for (row, &a) in open.iter().zip(&CLOSED) {
        let pa = prev[a];
        for l in 0..LANES {
            best[l] = best[l].max(pa.wrapping_add(row[l]));
        }
    }
}

/// [`Score::best_open`] for `i32` with masks instead of branches or `max` (which SSE2 lacks
/// for `i32`), so the compiler vectorizes it on any x86-64 (not inlined: inlined, the arrays
/// become scalars and it no longer does).
#[inline(never)]
fn best_open_masked(prev: &[i32; NT], open: &[[i32; LANES]; 9], best: &mut [i32; LANES]) {
    for (row, &a) in open.iter().zip(&CLOSED) {
        let pa = prev[a];
        let mut s = [0i32; LANES];
        let mut m = [0i32; LANES];
        for l in 0..LANES {
            s[l] = pa.wrapping_add(row[l]);
        }
        for l in 0..LANES {
            m[l] = -i32::from(s[l] > best[l]);
        }
        for l in 0..LANES {
            best[l] = (s[l] & m[l]) | (best[l] & !m[l]);
        }
    }
}

/// For each tag, the tags that may precede it.
fn predecessors() -> &'static [Vec<u8>; NT] {
    static P: OnceLock<[Vec<u8>; NT]> = OnceLock::new();
    P.get_or_init(|| std::array::from_fn(|b| (0..NT as u8).filter(|&a| tags::allowed(a, b as u8)).collect()))
}

/// Tags that may precede the tags of [`OPEN`]: O, L-*, U-* (in tag order).
const CLOSED: [usize; 9] = [0, 3, 4, 7, 8, 11, 12, 15, 16];
/// Tags that may follow the tags of [`CLOSED`]: O, B-*, U-* (in tag order).
const OPEN: [usize; 9] = [0, 1, 4, 5, 8, 9, 12, 13, 16];
/// Number of entity types.
const TYPES: usize = (NT - 1) / 4;
/// Lanes of the CLOSED -> OPEN step: the 9 OPEN tags, padded for vector registers.
pub const LANES: usize = 12;

/// Reusable decoding buffers.
#[derive(Default)]
pub struct Viterbi<S> {
    delta: Vec<S>,
    back: Vec<u8>,
}

impl<S: Score> Viterbi<S> {
    /// Gives back the memory a sentence longer than `tokens` made the buffers grow.
    pub fn shrink(&mut self, tokens: usize) {
        self.delta.shrink_to(tokens * NT);
        self.back.shrink_to(tokens * NT);
    }

    /// Decodes `n` tokens: `em` holds `n * NT` emission scores, `trans` `NT * NT` (from, to),
    /// `start`/`end` `NT` each. Writes `n` tags to `out`.
    ///
    /// The forward pass keeps only the path scores of every token; the trace back finds the
    /// best predecessor of the one tag chosen at each token again, from the same sums in the
    /// same order, so it is the predecessor the plain recursion would have stored.
    pub fn decode(&mut self, em: &[S], n: usize, trans: &[S], start: &[S], end: &[S], out: &mut Vec<u8>) {
        out.clear();
        if n == 0 || em.len() < n * NT || trans.len() < NT * NT || start.len() < NT || end.len() < NT {
            out.resize(n, tags::O);
            return;
        }
        self.delta.clear();
        self.delta.resize(n * NT, S::NEG);
        // Scores of the best paths ending in each tag at the previous token.
        let mut prev = [S::NEG; NT];
        for (t, p) in prev.iter_mut().enumerate() {
            if tags::allowed_start(t as u8) {
                *p = start[t] + em[t];
            }
        }
        self.delta[..NT].copy_from_slice(&prev);
        // Transitions CLOSED -> OPEN, gathered once per sentence, in lanes padded to `LANES`;
        // and B/I -> I/L per type.
        let mut open = [[S::NEG; LANES]; 9];
        for (row, &a) in open.iter_mut().zip(&CLOSED) {
            for (x, &b) in row.iter_mut().zip(&OPEN) {
                *x = trans[a * NT + b];
            }
        }
        let mut inner = [[[S::NEG; 2]; 2]; TYPES];
        for (ty, by_target) in inner.iter_mut().enumerate() {
            let (tb, ti, tl) = (1 + 4 * ty, 2 + 4 * ty, 3 + 4 * ty);
            for (to, t) in by_target.iter_mut().zip([ti, tl]) {
                for (x, a) in to.iter_mut().zip([tb, ti]) {
                    *x = trans[a * NT + t];
                }
            }
        }
        for (e, delta) in em[NT..n * NT].chunks_exact(NT).zip(self.delta[NT..].chunks_exact_mut(NT)) {
            // Best CLOSED predecessor of each OPEN tag: branch-free over fixed-size lanes.
            let mut best = [S::NEG; LANES];
            S::best_open(&prev, &open, &mut best);
            let mut cur = [S::NEG; NT];
            for (j, &t) in OPEN.iter().enumerate() {
                cur[t] = best[j] + e[t];
            }
            for (ty, by_target) in inner.iter().enumerate() {
                let (tb, ti, tl) = (1 + 4 * ty, 2 + 4 * ty, 3 + 4 * ty);
                for (to, t) in by_target.iter().zip([ti, tl]) {
                    let mut s = S::NEG;
                    for x in [prev[tb] + to[0], prev[ti] + to[1]] {
                        if x > s {
                            s = x;
                        }
                    }
                    cur[t] = s + e[t];
                }
            }
            delta.copy_from_slice(&cur);
            prev = cur;
        }
        let last = &prev;
        let mut best = S::NEG;
        let mut arg = 0u8;
        for t in 0..NT {
            if tags::allowed_end(t as u8) {
                let s = last[t] + end[t];
                if s > best || (t == 0 && best == S::NEG) {
                    best = s;
                    arg = t as u8;
                }
            }
        }
        out.resize(n, tags::O);
        out[n - 1] = arg;
        for i in (1..n).rev() {
            // The first predecessor in tag order with the best sum, as the plain recursion.
            let prev = &self.delta[(i - 1) * NT..i * NT];
            let b = arg as usize;
            let (mut best, mut from) = (S::NEG, 0u8);
            if let Some(j) = OPEN.iter().position(|&t| t == b) {
                for (row, &a) in open.iter().zip(&CLOSED) {
                    let s = prev[a] + row[j];
                    if s > best {
                        (best, from) = (s, a as u8);
                    }
                }
            } else {
                // I-t or L-t: from B-t or I-t.
                let ty = (b - 1) / 4;
                let to = &inner[ty][usize::from((b - 1) % 4 == 2)];
                let (tb, ti) = (1 + 4 * ty, 2 + 4 * ty);
                for (s, a) in [(prev[tb] + to[0], tb), (prev[ti] + to[1], ti)] {
                    if s > best {
                        (best, from) = (s, a as u8);
                    }
                }
            }
            arg = from;
            out[i - 1] = arg;
        }
    }

    /// [`Self::decode`] by the plain recursion over the predecessor lists of [`tags::allowed`]
    /// (the reference of the tests).
    /// Decodes `n` tokens: `em` holds `n * NT` emission scores, `trans` `NT * NT` (from, to),
    /// `start`/`end` `NT` each. Writes `n` tags to `out`.
    pub fn decode_reference(
        &mut self,
        em: &[S],
        n: usize,
        trans: &[S],
        start: &[S],
        end: &[S],
        out: &mut Vec<u8>,
    ) {
        out.clear();
        if n == 0 || em.len() < n * NT || trans.len() < NT * NT || start.len() < NT || end.len() < NT {
            out.resize(n, tags::O);
            return;
        }
        let preds = predecessors();
        self.delta.clear();
        self.delta.resize(n * NT, S::NEG);
        self.back.clear();
        self.back.resize(n * NT, 0);
        for t in 0..NT {
            if tags::allowed_start(t as u8) {
                self.delta[t] = start[t] + em[t];
            }
        }
        for i in 1..n {
            let (prev, cur) = self.delta.split_at_mut(i * NT);
            let prev = &prev[(i - 1) * NT..];
            let cur = &mut cur[..NT];
            let back = &mut self.back[i * NT..(i + 1) * NT];
            let e = &em[i * NT..(i + 1) * NT];
            for b in 0..NT {
                let mut best = S::NEG;
                let mut arg = 0u8;
                for &a in &preds[b] {
                    let s = prev[a as usize] + trans[a as usize * NT + b];
                    if s > best {
                        best = s;
                        arg = a;
                    }
                }
                cur[b] = best + e[b];
                back[b] = arg;
            }
        }
        let last = &self.delta[(n - 1) * NT..n * NT];
        let mut best = S::NEG;
        let mut arg = 0u8;
        for t in 0..NT {
            if tags::allowed_end(t as u8) {
                let s = last[t] + end[t];
                if s > best || (t == 0 && best == S::NEG) {
                    best = s;
                    arg = t as u8;
                }
            }
        }
        out.resize(n, tags::O);
        out[n - 1] = arg;
        for i in (1..n).rev() {
            arg = self.back[i * NT + arg as usize];
            out[i - 1] = arg;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tags::{Pos, tag};

    #[test]
    fn follows_emissions_within_constraints() {
        // Two tokens that want B-PER then O: B-PER O is illegal, so the best legal path wins.
        let mut em = vec![0i32; 2 * NT];
        em[tag(Pos::Begin, 0) as usize] = 10;
        em[NT + tags::O as usize] = 10;
        em[NT + tag(Pos::Last, 0) as usize] = 5;
        let trans = vec![0i32; NT * NT];
        let z = vec![0i32; NT];
        let mut v = Viterbi::default();
        let mut out = Vec::new();
        v.decode(&em, 2, &trans, &z, &z, &mut out);
        assert_eq!(out, vec![tag(Pos::Begin, 0), tag(Pos::Last, 0)]);
        v.decode(&em, 0, &trans, &z, &z, &mut out);
        assert!(out.is_empty());
    }

    #[test]
    fn bilou_groups_match_allowed() {
        for a in 0..NT {
            for b in 0..NT {
                let grouped = (CLOSED.contains(&a) && OPEN.contains(&b))
                    || (a >= 1
                        && b >= 1
                        && (a - 1) / 4 == (b - 1) / 4
                        && matches!((a - 1) % 4, 0 | 1)
                        && matches!((b - 1) % 4, 1 | 2));
                assert_eq!(tags::allowed(a as u8, b as u8), grouped, "{a} -> {b}");
            }
        }
    }

    /// Both forms of the `i32` lane maximum agree with the plain one, near `NEG` included.
    #[test]
    fn lane_maximum_forms_agree() {
        let mut x = 0x0bad_cafe_f00d_1234u64;
        let mut next = |m: i64| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % m as u64) as i64 - m / 2
        };
        for round in 0..2000 {
            let m = [3, 1000, 1 << 24][round % 3];
            let prev: [i32; NT] =
                std::array::from_fn(|_| if next(8) == 0 { i32::NEG } else { next(m) as i32 });
            let open: [[i32; LANES]; 9] = std::array::from_fn(|_| std::array::from_fn(|_| next(m) as i32));
            let mut plain = [i32::NEG; LANES];
            for (row, &a) in open.iter().zip(&CLOSED) {
                for l in 0..LANES {
                    plain[l] = plain[l].max(prev[a] + row[l]);
                }
            }
            let mut masked = [i32::NEG; LANES];
            best_open_masked(&prev, &open, &mut masked);
            assert_eq!(masked, plain, "round {round}");
            let mut dispatched = [i32::NEG; LANES];
            i32::best_open(&prev, &open, &mut dispatched);
            assert_eq!(dispatched, plain, "round {round}");
        }
    }

    /// The grouped recursion gives the tags of the plain one, on random scores with many ties.
    #[test]
    fn same_as_reference() {
        let mut x = 0x1234_5678_9abc_def0u64;
        let mut next = |m: i64| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % m as u64) as i64 - m / 2
        };
        let (mut v, mut w) = (Viterbi::default(), Viterbi::default());
        let (mut a, mut b) = (Vec::new(), Vec::new());
        for round in 0..3000 {
            let m = [3, 10, 1000, 1 << 20][round % 4];
            let n = 1 + (round % 23);
            let em: Vec<i32> = (0..n * NT).map(|_| next(m) as i32).collect();
            let trans: Vec<i32> = (0..NT * NT).map(|_| next(m) as i32).collect();
            let st: Vec<i32> = (0..NT).map(|_| next(m) as i32).collect();
            let en: Vec<i32> = (0..NT).map(|_| next(m) as i32).collect();
            v.decode(&em, n, &trans, &st, &en, &mut a);
            w.decode_reference(&em, n, &trans, &st, &en, &mut b);
            assert_eq!(a, b, "round {round}");
            let emf: Vec<f32> = em.iter().map(|&x| x as f32).collect();
            let tf: Vec<f32> = trans.iter().map(|&x| x as f32).collect();
            let sf: Vec<f32> = st.iter().map(|&x| x as f32).collect();
            let ef: Vec<f32> = en.iter().map(|&x| x as f32).collect();
            let (mut vf, mut wf) = (Viterbi::default(), Viterbi::default());
            vf.decode(&emf, n, &tf, &sf, &ef, &mut a);
            wf.decode_reference(&emf, n, &tf, &sf, &ef, &mut b);
            assert_eq!(a, b, "f32 round {round}");
        }
    }
}
