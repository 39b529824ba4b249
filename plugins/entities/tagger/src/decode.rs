//! Viterbi decoding of the best BILOU tag sequence of a sentence under a first-order model
//! (emission scores per token and tag, transition scores per tag pair, start and end scores),
//! with the BILOU constraints built in: a disallowed transition is never taken, so the output
//! is always a well-formed sequence.
//!
//! The recursion is written for the BILOU structure: the tags that may follow O, L-* and U-*
//! (O, B-*, U-*) share that one set of predecessors and are scored together, branch-free; I-t
//! and L-t have the two predecessors B-t and I-t. The result is that of the plain recursion
//! over [`tags::allowed`] ([`Viterbi::decode_reference`], compared in the tests), ties
//! included: the first best predecessor in tag order wins.

use std::ops::Add;
use std::sync::OnceLock;

use crate::tags::{self, NT};

/// A score type: `f32` while training, `i32` (quantized weights) at run time.
pub trait Score: Copy + PartialOrd + Add<Output = Self> + Default {
    const NEG: Self;
}

impl Score for f32 {
    const NEG: f32 = -1e30;
}

impl Score for i32 {
    const NEG: i32 = i32::MIN / 4;
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

/// Reusable decoding buffers.
#[derive(Default)]
pub struct Viterbi<S> {
    delta: Vec<S>,
    back: Vec<u8>,
}

impl<S: Score> Viterbi<S> {
    /// Decodes `n` tokens: `em` holds `n * NT` emission scores, `trans` `NT * NT` (from, to),
    /// `start`/`end` `NT` each. Writes `n` tags to `out`.
    pub fn decode(&mut self, em: &[S], n: usize, trans: &[S], start: &[S], end: &[S], out: &mut Vec<u8>) {
        out.clear();
        if n == 0 || em.len() < n * NT || trans.len() < NT * NT || start.len() < NT || end.len() < NT {
            out.resize(n, tags::O);
            return;
        }
        self.delta.clear();
        self.delta.resize(n * NT, S::NEG);
        self.back.clear();
        self.back.resize(n * NT, 0);
        for t in 0..NT {
            if tags::allowed_start(t as u8) {
                self.delta[t] = start[t] + em[t];
            }
        }
        // Transitions CLOSED -> OPEN, gathered once per sentence.
        let mut open = [[S::NEG; 9]; 9];
        for (row, &a) in open.iter_mut().zip(&CLOSED) {
            for (x, &b) in row.iter_mut().zip(&OPEN) {
                *x = trans[a * NT + b];
            }
        }
        for i in 1..n {
            let (prev, cur) = self.delta.split_at_mut(i * NT);
            let prev = &prev[(i - 1) * NT..];
            let cur = &mut cur[..NT];
            let back = &mut self.back[i * NT..(i + 1) * NT];
            let e = &em[i * NT..(i + 1) * NT];
            let mut best = [S::NEG; 9];
            let mut arg = [0u8; 9];
            for (row, &a) in open.iter().zip(&CLOSED) {
                let pa = prev[a];
                for ((b, g), &t) in best.iter_mut().zip(arg.iter_mut()).zip(row) {
                    let s = pa + t;
                    let up = s > *b;
                    *b = if up { s } else { *b };
                    *g = if up { a as u8 } else { *g };
                }
            }
            for ((&b, &g), &t) in best.iter().zip(&arg).zip(&OPEN) {
                cur[t] = b + e[t];
                back[t] = g;
            }
            for ty in 0..TYPES {
                let (tb, ti, tl) = (1 + 4 * ty, 2 + 4 * ty, 3 + 4 * ty);
                for t in [ti, tl] {
                    let mut best = S::NEG;
                    let mut arg = 0u8;
                    for a in [tb, ti] {
                        let s = prev[a] + trans[a * NT + t];
                        if s > best {
                            best = s;
                            arg = a as u8;
                        }
                    }
                    cur[t] = best + e[t];
                    back[t] = arg;
                }
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
