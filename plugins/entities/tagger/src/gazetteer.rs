//! Gazetteer: lists of known names (first and last names, countries, cities, states and
//! provinces, continents and regions, organisation words, titles), matched as lowercased token
//! sequences. A match marks its tokens with the list and the position in the match (B, I, L,
//! U), which the tagger reads as features; the lists only inform, the trained weights decide.
//!
//! The lists live in `data/gazetteer.tsv` (`list<TAB>entry` per line; see `data/README.md` for
//! their sources and licences, and `data/make_gazetteer.py` to regenerate them) and are embedded
//! in the plugin.

use news_core::text::tokenize;

use crate::features::{TokInfo, lower_hash};
use crate::hash::{FxHashMap, mix};

/// The lists, in bit order.
pub const LISTS: [&str; 8] = ["first", "last", "country", "city", "state", "region", "org", "title"];
const SEED: u64 = 0x0067_617a;
const PREFIX: u16 = 1 << 15;
/// Longest entry, in tokens.
const MAX_LEN: usize = 6;

/// The embedded list file.
pub const EMBEDDED: &str = include_str!("../../data/gazetteer.tsv");

/// Token sequences -> the lists they are in.
#[derive(Default)]
pub struct Gazetteer {
    map: FxHashMap<u64, u16>,
}

impl Gazetteer {
    /// Builds the matcher from `list<TAB>entry` lines; unknown lists and blank lines are skipped.
    #[must_use]
    pub fn parse(text: &str) -> Gazetteer {
        let mut map: FxHashMap<u64, u16> = FxHashMap::default();
        let mut buf = String::new();
        for line in text.lines() {
            let Some((list, entry)) = line.split_once('\t') else { continue };
            let Some(l) = LISTS.iter().position(|x| *x == list) else { continue };
            let toks = tokenize(entry);
            if toks.is_empty() || toks.len() > MAX_LEN {
                continue;
            }
            let mut h = SEED;
            for (k, t) in toks.iter().enumerate() {
                h = mix(h, lower_hash(t.text(entry), &mut buf));
                if k + 1 < toks.len() {
                    *map.entry(h).or_insert(0) |= PREFIX;
                }
            }
            *map.entry(h).or_insert(0) |= 1 << l;
        }
        Gazetteer { map }
    }

    /// The embedded lists.
    #[must_use]
    pub fn embedded() -> Gazetteer {
        Gazetteer::parse(EMBEDDED)
    }

    /// Number of distinct keys (entries and prefixes).
    #[must_use]
    pub fn len(&self) -> usize {
        self.map.len()
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Marks the matches in one sentence (`gaz` bits of its tokens).
    pub fn mark(&self, sent: &mut [TokInfo]) {
        let first: Vec<Option<u16>> = sent.iter().map(|t| self.first(t.lower)).collect();
        self.mark_with(sent, &first);
    }

    /// The entry of the one-token sequence of lowercased-form hash `lower` (the first lookup
    /// of [`Self::mark`] at each token; a function of the word, so callers may cache it).
    #[must_use]
    pub fn first(&self, lower: u64) -> Option<u16> {
        self.map.get(&mix(SEED, lower)).copied()
    }

    /// [`Self::mark`] with the first lookup at each token given: `first[i]` is
    /// [`Self::first`] of `sent[i]` (missing values count as no match).
    pub fn mark_with(&self, sent: &mut [TokInfo], first: &[Option<u16>]) {
        if self.map.is_empty() {
            return;
        }
        let n = sent.len();
        for i in 0..n {
            let mut h = SEED;
            for j in i..n.min(i + MAX_LEN) {
                h = mix(h, sent[j].lower);
                let v = if j == i { first.get(i).copied().flatten() } else { self.map.get(&h).copied() };
                let Some(v) = v else { break };
                let lists = v & 0xff;
                if lists != 0 {
                    for l in 0..8 {
                        if lists & (1 << l) == 0 {
                            continue;
                        }
                        if i == j {
                            sent[i].gaz |= 1 << (l * 4 + 3);
                        } else {
                            sent[i].gaz |= 1 << (l * 4);
                            for t in &mut sent[i + 1..j] {
                                t.gaz |= 1 << (l * 4 + 1);
                            }
                            sent[j].gaz |= 1 << (l * 4 + 2);
                        }
                    }
                }
                if v & PREFIX == 0 {
                    break;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_multi_token_matches() {
        let g = Gazetteer::parse("country\tUnited States\ncity\tNew York\ncity\tYork\nbogus\tX\n");
        let mut buf = String::new();
        let words = ["in", "new", "York", "and", "the", "UNITED", "States"];
        let mut toks: Vec<TokInfo> = words.iter().map(|w| TokInfo::of(w, &mut buf)).collect();
        g.mark(&mut toks);
        let city = 3;
        assert_eq!(toks[1].gaz, 1 << (city * 4));
        assert_eq!(toks[2].gaz, 1 << (city * 4 + 2) | 1 << (city * 4 + 3));
        assert_eq!(toks[5].gaz, 1 << 8);
        assert_eq!(toks[6].gaz, 1 << 10);
        assert_eq!(toks[0].gaz, 0);
    }
}
