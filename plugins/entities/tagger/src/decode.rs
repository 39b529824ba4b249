//! Viterbi decoding of the best BILOU tag sequence of a sentence under a first-order model
//! (emission scores per token and tag, transition scores per tag pair, start and end scores),
//! with the BILOU constraints built in: a disallowed transition is never taken, so the output
//! is always a well-formed sequence.

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
}
