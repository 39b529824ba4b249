//! Features of the tagger: per-token facts computed once per document ([`TokInfo`]: hashes of the
//! lowercased form, the exact form, shapes, affixes, capitalisation flags, gazetteer matches,
//! word class, how the same word is cased elsewhere in the document), and the feature templates
//! read from them: a local set (the word and a ±2 window) and a document set for the second pass
//! (how the first pass tagged the same word elsewhere in the document).
//!
//! Every feature is a 64-bit key, `hash::key(template, value)`; no strings are built.

use std::ops::Range;

use crate::gazetteer::Gazetteer;
use crate::hash::{self, FxHashMap, key, mix};
use crate::tags::{self, NT, Pos};

/// Seed of the lowercased-form hash (also used by the gazetteer and the word classes).
pub const LOWER_SEED: u64 = 0x006c_6f77_6572;
const FORM_SEED: u64 = 0x666f_726d;
const AFFIX_SEED: u64 = 0x6166_6678;
const BOS: u64 = 0xb05;
const EOS: u64 = 0xe05;

/// Capitalisation classes.
pub mod cap {
    /// No cased letter.
    pub const NONE: u8 = 0;
    pub const LOWER: u8 = 1;
    /// First letter upper case, some lower case after it ("Putin", "McDonald").
    pub const INIT: u8 = 2;
    /// Two or more letters, none lower case ("NATO", "U.S."), or one upper-case letter.
    pub const ALL: u8 = 3;
    /// First letter lower case, an upper-case letter later ("iPhone", "eBay").
    pub const MIXED: u8 = 4;
}

/// Token flags.
pub mod flag {
    pub const DIGIT: u16 = 1;
    pub const ALL_DIGIT: u16 = 1 << 1;
    pub const HYPHEN: u16 = 1 << 2;
    pub const PERIOD: u16 = 1 << 3;
    pub const APOS: u16 = 1 << 4;
    pub const NO_ALNUM: u16 = 1 << 5;
    pub const SENT_START: u16 = 1 << 6;
    pub const SENT_CAPS: u16 = 1 << 7;
    pub const NON_ASCII: u16 = 1 << 8;
    pub const LONG: u16 = 1 << 9;
    /// Mask of the word-internal flags used as one feature.
    pub const WORD: u16 = DIGIT | ALL_DIGIT | HYPHEN | PERIOD | APOS | NO_ALNUM | NON_ASCII | LONG;
}

/// What the tagger knows about one token before tagging.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TokInfo {
    pub lower: u64,
    pub form: u64,
    pub shape: u64,
    pub short: u64,
    pub pre: [u64; 4],
    pub suf: [u64; 4],
    pub flags: u16,
    pub cap: u8,
    /// Casing of the same lowercased word elsewhere in the document (mid-sentence, in normal
    /// text): bit 0 seen capitalised, bit 1 seen lower case, bit 2 seen all caps.
    pub doc_case: u8,
    /// Gazetteer matches: bit `list * 4 + position` (position: 0 B, 1 I, 2 L, 3 U).
    pub gaz: u32,
    /// Word class (from the class map), 0 when unknown.
    pub class: u32,
}

/// Hash of the lowercased form of a token (the gazetteer and class-map key).
#[must_use]
pub fn lower_hash(token: &str, buf: &mut String) -> u64 {
    lowercase_into(token, buf);
    hash::bytes(LOWER_SEED, buf.as_bytes())
}

fn lowercase_into(token: &str, buf: &mut String) {
    buf.clear();
    if token.is_ascii() {
        for b in token.bytes() {
            buf.push(char::from(b.to_ascii_lowercase()));
        }
    } else {
        for c in token.chars() {
            if c.is_lowercase() || !c.is_uppercase() {
                buf.push(match c {
                    '’' | '‘' | '`' => '\'',
                    _ => c,
                });
            } else {
                buf.extend(c.to_lowercase());
            }
        }
    }
}

fn class_of(c: char) -> u8 {
    if c.is_ascii_lowercase() {
        b'x'
    } else if c.is_ascii_uppercase() {
        b'X'
    } else if c.is_ascii_digit() {
        b'd'
    } else if c.is_ascii() {
        c as u8
    } else if c.is_lowercase() {
        b'x'
    } else if c.is_uppercase() {
        b'X'
    } else if c.is_alphabetic() {
        b'a'
    } else if c.is_numeric() {
        b'd'
    } else {
        match c {
            '’' | '‘' => b'\'',
            '“' | '”' => b'"',
            '–' | '—' => b'-',
            _ => b'o',
        }
    }
}

impl TokInfo {
    /// Computes the word-internal facts of `token` (`buf` is scratch space).
    pub fn of(token: &str, buf: &mut String) -> TokInfo {
        let mut t = TokInfo::default();
        let mut shape = 0xa11u64;
        let mut short = 0x5a0u64;
        let (mut last, mut run) = (0u8, 0u32);
        let (mut n_upper, mut n_lower, mut n_alpha, mut n_digit, mut n_chars) =
            (0u32, 0u32, 0u32, 0u32, 0u32);
        let mut first_letter: Option<bool> = None; // Some(is_upper)
        let mut flags = 0u16;
        for c in token.chars() {
            n_chars += 1;
            let k = class_of(c);
            if k == last {
                run += 1;
            } else {
                run = 1;
                short = mix(short, u64::from(k));
            }
            if run <= 4 {
                shape = mix(shape, u64::from(k));
            }
            last = k;
            if c.is_alphabetic() {
                n_alpha += 1;
                let up = c.is_uppercase();
                let low = c.is_lowercase();
                if up {
                    n_upper += 1;
                }
                if low {
                    n_lower += 1;
                }
                if first_letter.is_none() && (up || low) {
                    first_letter = Some(up);
                }
            } else if c.is_numeric() {
                n_digit += 1;
            } else {
                match c {
                    '-' | '‐' | '‑' | '–' | '—' => flags |= flag::HYPHEN,
                    '.' => flags |= flag::PERIOD,
                    '\'' | '’' => flags |= flag::APOS,
                    _ => {}
                }
            }
            if !c.is_ascii() {
                flags |= flag::NON_ASCII;
            }
        }
        if n_digit > 0 {
            flags |= flag::DIGIT;
            if n_alpha == 0 {
                flags |= flag::ALL_DIGIT;
            }
        }
        if n_digit == 0 && n_alpha == 0 {
            flags |= flag::NO_ALNUM;
        }
        if n_chars > 12 {
            flags |= flag::LONG;
        }
        t.cap = match first_letter {
            None => cap::NONE,
            Some(true) if n_lower == 0 => cap::ALL,
            Some(true) => cap::INIT,
            Some(false) if n_upper == 0 => cap::LOWER,
            Some(false) => cap::MIXED,
        };
        t.flags = flags;
        t.shape = shape;
        t.short = short;
        t.form = hash::bytes(FORM_SEED, token.as_bytes());
        lowercase_into(token, buf);
        t.lower = hash::bytes(LOWER_SEED, buf.as_bytes());
        // Affixes of the lowercased form, 1..4 characters.
        let s = buf.as_str();
        let mut ends = s.char_indices().map(|(i, c)| i + c.len_utf8());
        for k in 0..4 {
            let Some(e) = ends.next() else { break };
            t.pre[k] = hash::bytes(AFFIX_SEED + k as u64, s.as_bytes().get(..e).unwrap_or(b""));
        }
        let mut starts = s.char_indices().map(|(i, _)| i).rev();
        for k in 0..4 {
            match starts.next() {
                Some(b) => {
                    t.suf[k] = hash::bytes(AFFIX_SEED + 8 + k as u64, s.as_bytes().get(b..).unwrap_or(b""));
                }
                None => break,
            }
        }
        t
    }
}

/// Data the features read besides the text: the gazetteer and the word-class map.
pub struct Resources {
    pub gaz: Gazetteer,
    /// Lowercased-form hash -> word class (hierarchical code, see `classes`).
    pub classes: FxHashMap<u64, u32>,
}

/// The facts of one word that depend on its string only: [`TokInfo::of`] with its word class
/// (no sentence flags, gazetteer bits or document casing), and the gazetteer's one-token entry
/// ([`Gazetteer::first`]).
#[must_use]
pub fn word_facts(res: &Resources, token: &str, buf: &mut String) -> (TokInfo, Option<u16>) {
    let mut info = TokInfo::of(token, buf);
    info.class = res.classes.get(&info.lower).copied().unwrap_or(0);
    (info, res.gaz.first(info.lower))
}

/// Per-document feature state, reused across documents.
#[derive(Default)]
pub struct DocFeats {
    pub toks: Vec<TokInfo>,
    /// The distinct words (exact forms) of the document, in order of first occurrence: their
    /// word-internal facts and `doc_case` (no sentence flags, no gazetteer bits).
    pub words: Vec<TokInfo>,
    /// Word id (index into `words`) of each token.
    pub ids: Vec<u32>,
    /// Per word: the id the word-facts source gave it ([`Self::prepare_with`]; 0 for
    /// [`Self::prepare`]).
    pub cids: Vec<u32>,
    /// Open-addressing table of the words: `(form hash, word id + 1)`, 0 = empty slot.
    slots: Vec<(u64, u32)>,
    /// A token of each word (to compare the strings when form hashes agree).
    first: Vec<u32>,
    /// Per word: the gazetteer's one-token entry ([`Gazetteer::first`]).
    gaz_first: Vec<Option<u16>>,
    /// The same per token of the sentence being marked.
    gaz_sent: Vec<Option<u16>>,
    buf: String,
    case: FxHashMap<u64, u8>,
    hist: FxHashMap<u64, [u16; 5]>,
}

/// Feature templates.
mod t {
    pub const BIAS: u32 = 1;
    pub const W0: u32 = 2;
    pub const FORM0: u32 = 3;
    pub const WM1: u32 = 4;
    pub const WP1: u32 = 5;
    pub const WM2: u32 = 6;
    pub const WP2: u32 = 7;
    pub const SHAPE0: u32 = 8;
    pub const SHORT0: u32 = 9;
    pub const SHORTM1: u32 = 10;
    pub const SHORTP1: u32 = 11;
    pub const PRE: u32 = 12; // ..16
    pub const SUF: u32 = 16; // ..20
    pub const CAP: u32 = 20;
    pub const FLAGS: u32 = 21;
    pub const BI_M1: u32 = 22;
    pub const BI_P1: u32 = 23;
    pub const SHAPE3: u32 = 24;
    pub const GAZ0: u32 = 25;
    pub const GAZM1: u32 = 26;
    pub const GAZP1: u32 = 27;
    pub const DOCCASE: u32 = 28;
    pub const CLASS0: u32 = 29;
    pub const CLASSM1: u32 = 30;
    pub const CLASSP1: u32 = 31;
    pub const CAPM1: u32 = 32;
    pub const CAPP1: u32 = 33;
    pub const FORMM1: u32 = 34;
    pub const CLASS0P: u32 = 35;
    pub const HIST: u32 = 40;
    pub const P1TAG0: u32 = 41;
    pub const P1M1: u32 = 42;
    pub const P1P1: u32 = 43;
    pub const HISTCAP: u32 = 44;
}

/// Collapses gazetteer bits to one bit per list (any position).
fn gaz_lists(g: u32) -> u64 {
    let mut lists = 0u64;
    for l in 0..8 {
        if (g >> (l * 4)) & 0xf != 0 {
            lists |= 1 << l;
        }
    }
    lists
}

impl DocFeats {
    /// Gives back the memory a document of more than `tokens` tokens made the buffers grow.
    pub fn shrink(&mut self, tokens: usize) {
        self.toks.shrink_to(tokens);
        self.words.shrink_to(tokens);
        self.ids.shrink_to(tokens);
        self.cids.shrink_to(tokens);
        self.first.shrink_to(tokens);
        self.gaz_first.shrink_to(tokens);
        self.gaz_sent.shrink_to(tokens);
        self.slots.shrink_to(2 * tokens.next_power_of_two());
        self.case.shrink_to(tokens);
        self.hist.shrink_to(tokens);
    }

    /// Computes the token facts of one document: `tokens`, split into `sentences` (token ranges,
    /// in order, covering every token).
    pub fn prepare(&mut self, res: &Resources, tokens: &[&str], sentences: &[Range<usize>]) {
        let mut buf = std::mem::take(&mut self.buf);
        self.prepare_with(res, tokens, sentences, |tok| {
            let (info, gaz) = word_facts(res, tok, &mut buf);
            (info, gaz, 0)
        });
        self.buf = buf;
    }

    /// [`Self::prepare`] with the facts of each distinct word taken from `facts`: given the
    /// token's string, its [`word_facts`] and an id of the caller's (kept in [`Self::cids`]).
    pub fn prepare_with(
        &mut self,
        res: &Resources,
        tokens: &[&str],
        sentences: &[Range<usize>],
        mut facts: impl FnMut(&str) -> (TokInfo, Option<u16>, u32),
    ) {
        self.toks.clear();
        self.cids.clear();
        self.toks.reserve(tokens.len());
        self.words.clear();
        self.first.clear();
        self.gaz_first.clear();
        self.ids.clear();
        self.ids.reserve(tokens.len());
        let mut bits = 4u32;
        while (1usize << bits) < tokens.len().saturating_mul(2) {
            bits += 1;
        }
        let mask = (1usize << bits) - 1;
        self.slots.clear();
        self.slots.resize(1 << bits, (0, 0));
        // A word's facts are a function of its string: computed once per distinct word.
        for (ti, tok) in tokens.iter().enumerate() {
            let h = hash::bytes(FORM_SEED, tok.as_bytes());
            let mut s = (h >> (64 - bits)) as usize;
            let id = loop {
                let (sh, sid) = self.slots[s];
                if sid == 0 {
                    let (info, gaz, cid) = facts(tok);
                    let id = self.words.len() as u32;
                    self.gaz_first.push(gaz);
                    self.cids.push(cid);
                    self.words.push(info);
                    self.first.push(ti as u32);
                    self.slots[s] = (h, id + 1);
                    break id;
                }
                let id = sid - 1;
                if sh == h
                    && let Some(&f) = self.first.get(id as usize)
                    && tokens.get(f as usize) == Some(tok)
                {
                    break id;
                }
                s = (s + 1) & mask;
            };
            self.ids.push(id);
            self.toks.push(self.words.get(id as usize).copied().unwrap_or_default());
        }
        self.case.clear();
        for r in sentences {
            let Some(sent) = self.toks.get_mut(r.clone()) else { continue };
            let mut cased = 0;
            let mut lower = false;
            for t in sent.iter() {
                if t.cap != cap::NONE {
                    cased += 1;
                }
                if t.cap == cap::LOWER || t.cap == cap::INIT || t.cap == cap::MIXED {
                    lower = true;
                }
            }
            let caps = cased > 0 && !lower;
            // The first word-like token is the sentence start (skips opening quotes, dashes).
            let mut start_seen = false;
            for t in sent.iter_mut() {
                if caps {
                    t.flags |= flag::SENT_CAPS;
                }
                if !start_seen && t.flags & flag::NO_ALNUM == 0 {
                    t.flags |= flag::SENT_START;
                    start_seen = true;
                }
            }
            if !caps {
                for t in sent.iter() {
                    if t.flags & flag::SENT_START != 0 {
                        continue;
                    }
                    let bit = match t.cap {
                        cap::INIT | cap::MIXED => 1,
                        cap::LOWER => 2,
                        cap::ALL => 4,
                        _ => continue,
                    };
                    *self.case.entry(t.lower).or_insert(0) |= bit;
                }
            }
            self.gaz_sent.clear();
            let (ids, firsts) = (&self.ids, &self.gaz_first);
            self.gaz_sent.extend(ids[r.clone()].iter().map(|&id| firsts.get(id as usize).copied().flatten()));
            res.gaz.mark_with(&mut self.toks[r.clone()], &self.gaz_sent);
        }
        for w in &mut self.words {
            w.doc_case = self.case.get(&w.lower).copied().unwrap_or(0);
        }
        for (t, &id) in self.toks.iter_mut().zip(&self.ids) {
            t.doc_case = self.words.get(id as usize).map_or(0, |w| w.doc_case);
        }
    }

    /// The local features of token `i` of the sentence `s` (a token range), appended to `out`.
    pub fn local(&self, s: &Range<usize>, i: usize, out: &mut Vec<u64>) {
        let toks = &self.toks;
        let Some(w) = toks.get(i) else { return };
        let at = |d: isize| -> Option<&TokInfo> {
            let j = i as isize + d;
            if j < s.start as isize || j >= s.end as isize { None } else { toks.get(j as usize) }
        };
        let lower = |d: isize, edge: u64| at(d).map_or(edge, |t| t.lower);
        let short = |d: isize, edge: u64| at(d).map_or(edge, |t| t.short);
        let sent_bits = u64::from(w.flags & (flag::SENT_START | flag::SENT_CAPS));
        out.push(key(t::BIAS, 0));
        out.push(key(t::W0, w.lower));
        out.push(key(t::FORM0, w.form));
        out.push(key(t::WM1, lower(-1, BOS)));
        out.push(key(t::WP1, lower(1, EOS)));
        out.push(key(t::WM2, lower(-2, BOS)));
        out.push(key(t::WP2, lower(2, EOS)));
        out.push(key(t::SHAPE0, w.shape));
        out.push(key(t::SHORT0, mix(w.short, sent_bits)));
        out.push(key(t::SHORTM1, short(-1, BOS)));
        out.push(key(t::SHORTP1, short(1, EOS)));
        for k in 0..4 {
            if w.pre[k] != 0 {
                out.push(key(t::PRE + k as u32, w.pre[k]));
            }
            if w.suf[k] != 0 {
                out.push(key(t::SUF + k as u32, w.suf[k]));
            }
        }
        out.push(key(t::CAP, u64::from(w.cap) | sent_bits << 3));
        out.push(key(t::FLAGS, u64::from(w.flags & flag::WORD)));
        out.push(key(t::BI_M1, mix(lower(-1, BOS), w.lower)));
        out.push(key(t::BI_P1, mix(w.lower, lower(1, EOS))));
        out.push(key(t::SHAPE3, mix(mix(short(-1, BOS), w.short), short(1, EOS))));
        out.push(key(
            t::CAPM1,
            mix(at(-1).map_or(9, |t| u64::from(t.cap)), u64::from(w.cap) | sent_bits << 3),
        ));
        out.push(key(
            t::CAPP1,
            mix(at(1).map_or(9, |t| u64::from(t.cap)), u64::from(w.cap) | sent_bits << 3),
        ));
        out.push(key(t::FORMM1, at(-1).map_or(BOS, |t| t.form)));
        let capped = u32::from(w.cap == cap::INIT || w.cap == cap::ALL || w.cap == cap::MIXED);
        let mut g = w.gaz;
        while g != 0 {
            let bit = g.trailing_zeros();
            g &= g - 1;
            out.push(key(t::GAZ0, u64::from(bit << 1 | capped)));
        }
        if let Some(p) = at(-1)
            && p.gaz != 0
        {
            out.push(key(t::GAZM1, gaz_lists(p.gaz)));
        }
        if let Some(n) = at(1)
            && n.gaz != 0
        {
            out.push(key(t::GAZP1, gaz_lists(n.gaz)));
        }
        out.push(key(t::DOCCASE, u64::from(w.doc_case) | u64::from(w.cap) << 3 | sent_bits << 6));
        if w.class != 0 {
            out.push(key(t::CLASS0, u64::from(w.class & 0xffff)));
            out.push(key(t::CLASS0P, mix(u64::from(w.class >> 16), u64::from(w.cap) | sent_bits << 3)));
        }
        out.push(key(t::CLASSM1, at(-1).map_or(BOS, |t| u64::from(t.class >> 16))));
        out.push(key(t::CLASSP1, at(1).map_or(EOS, |t| u64::from(t.class >> 16))));
    }

    /// Collects the first-pass tags of the document (`p1`, one per token) for [`Self::doc`].
    pub fn history(&mut self, p1: &[u8]) {
        self.hist.clear();
        for (t, &tag) in self.toks.iter().zip(p1) {
            if t.cap == cap::NONE || t.cap == cap::LOWER && tag == tags::O {
                continue;
            }
            let (pos, ty) = tags::split(tag);
            let slot = if pos == Pos::Out { 0 } else { 1 + ty };
            let c = self.hist.entry(t.lower).or_insert([0; 5]);
            c[slot] = c[slot].saturating_add(1);
        }
    }

    /// The document features of token `i` of sentence `s`, given the first-pass tags `p1` of the
    /// whole document and [`Self::history`], appended to `out`.
    pub fn doc(&self, s: &Range<usize>, i: usize, p1: &[u8], out: &mut Vec<u64>) {
        let Some(w) = self.toks.get(i) else { return };
        let tag_at = |d: isize| -> u64 {
            let j = i as isize + d;
            if j < s.start as isize || j >= s.end as isize {
                99
            } else {
                p1.get(j as usize).map_or(99, |&t| u64::from(t))
            }
        };
        out.push(key(t::P1TAG0, tag_at(0)));
        out.push(key(t::P1M1, mix(tag_at(-1), tag_at(0))));
        out.push(key(t::P1P1, mix(tag_at(0), tag_at(1))));
        if let Some(c) = self.hist.get(&w.lower) {
            let total: u32 = c.iter().map(|&x| u32::from(x)).sum();
            let (best, &n) = c[1..].iter().enumerate().max_by_key(|(k, n)| (**n, 4 - k)).unwrap_or((0, &0));
            if n > 0 && total > 0 {
                let frac = u32::from(n) * 4 / total; // 0..=4
                out.push(key(t::HIST, (best as u64) << 3 | u64::from(frac)));
                out.push(key(t::HISTCAP, (best as u64) << 4 | u64::from(w.cap) << 1 | u64::from(total > 1)));
            } else {
                out.push(key(t::HIST, 1 << 6 | u64::from(total.min(3))));
            }
        }
    }
}

impl DocFeats {
    /// The history features of word `w` (read by [`Self::doc`] for every token of the word),
    /// appended to `out`. Call after [`Self::history`].
    pub fn doc_word(&self, w: &TokInfo, out: &mut Vec<u64>) {
        if let Some(c) = self.hist.get(&w.lower) {
            let total: u32 = c.iter().map(|&x| u32::from(x)).sum();
            let (best, &n) = c[1..].iter().enumerate().max_by_key(|(k, n)| (**n, 4 - k)).unwrap_or((0, &0));
            if n > 0 && total > 0 {
                let frac = u32::from(n) * 4 / total; // 0..=4
                out.push(key(t::HIST, (best as u64) << 3 | u64::from(frac)));
                out.push(key(t::HISTCAP, (best as u64) << 4 | u64::from(w.cap) << 1 | u64::from(total > 1)));
            } else {
                out.push(key(t::HIST, 1 << 6 | u64::from(total.min(3))));
            }
        }
    }
}

/// The features of [`DocFeats::local`] and [`DocFeats::doc`] split by what they depend on, for
/// the tagger's fast path: the parts that depend on one word only are scored once per distinct
/// word of the document, the parts with few possible values are scored once at load, and only
/// the rest is looked up per token. For every token the union of the parts is exactly the key
/// list of `local` / `doc` (checked by the tests below).
pub mod parts {
    use super::{BOS, EOS, TokInfo, cap, flag, gaz_lists, key, mix, t};

    /// Value of the previous/next tag outside the sentence (pass-2 tag features).
    pub const NO_TAG: u64 = 99;
    /// Value of the neighbour's capitalisation class outside the sentence.
    pub const NO_CAP: u8 = 9;

    /// The sentence bits of a token (`SENT_START`, `SENT_CAPS`) as an index `0..4`.
    #[inline(always)]
    #[must_use]
    pub fn sent_index(w: &TokInfo) -> usize {
        usize::from((w.flags & (flag::SENT_START | flag::SENT_CAPS)) >> 6)
    }

    #[inline(always)]
    fn sent_bits(sent: usize) -> u64 {
        (sent as u64 & 3) << 6
    }

    /// Features of the token's own word, its sentence bits (`sent`, see [`sent_index`]) and
    /// the word's document casing; includes the bias.
    pub fn own(w: &TokInfo, sent: usize, out: &mut Vec<u64>) {
        own_word(w, sent, out);
        out.push(doc_case(w.doc_case, w.cap, sent));
    }

    /// [`own`] without the document casing: a function of the word's string and the sentence
    /// bits only, so it can be scored once for many documents.
    pub fn own_word(w: &TokInfo, sent: usize, out: &mut Vec<u64>) {
        let sent_bits = sent_bits(sent);
        out.push(key(t::BIAS, 0));
        out.push(key(t::W0, w.lower));
        out.push(key(t::FORM0, w.form));
        out.push(key(t::SHAPE0, w.shape));
        out.push(key(t::SHORT0, mix(w.short, sent_bits)));
        for k in 0..4 {
            if w.pre[k] != 0 {
                out.push(key(t::PRE + k as u32, w.pre[k]));
            }
            if w.suf[k] != 0 {
                out.push(key(t::SUF + k as u32, w.suf[k]));
            }
        }
        out.push(key(t::CAP, u64::from(w.cap) | sent_bits << 3));
        out.push(key(t::FLAGS, u64::from(w.flags & flag::WORD)));
        if w.class != 0 {
            out.push(key(t::CLASS0, u64::from(w.class & 0xffff)));
            out.push(key(t::CLASS0P, mix(u64::from(w.class >> 16), u64::from(w.cap) | sent_bits << 3)));
        }
    }

    /// The word's document casing (`doc_case`) with its capitalisation class and sentence bits.
    #[inline]
    #[must_use]
    pub fn doc_case(doc_case: u8, cap: u8, sent: usize) -> u64 {
        key(t::DOCCASE, u64::from(doc_case) | u64::from(cap) << 3 | sent_bits(sent) << 6)
    }

    /// Features read from the word just before the token (`None`: sentence start).
    pub fn left1(p: Option<&TokInfo>, out: &mut Vec<u64>) {
        out.push(key(t::WM1, p.map_or(BOS, |p| p.lower)));
        out.push(key(t::SHORTM1, p.map_or(BOS, |p| p.short)));
        out.push(key(t::FORMM1, p.map_or(BOS, |p| p.form)));
        out.push(key(t::CLASSM1, p.map_or(BOS, |p| u64::from(p.class >> 16))));
    }

    /// Features read from the word two before the token (`None`: before the sentence start).
    pub fn left2(p: Option<&TokInfo>, out: &mut Vec<u64>) {
        out.push(key(t::WM2, p.map_or(BOS, |p| p.lower)));
    }

    /// Features read from the word just after the token (`None`: sentence end).
    pub fn right1(n: Option<&TokInfo>, out: &mut Vec<u64>) {
        out.push(key(t::WP1, n.map_or(EOS, |n| n.lower)));
        out.push(key(t::SHORTP1, n.map_or(EOS, |n| n.short)));
        out.push(key(t::CLASSP1, n.map_or(EOS, |n| u64::from(n.class >> 16))));
    }

    /// Features read from the word two after the token (`None`: past the sentence end).
    pub fn right2(n: Option<&TokInfo>, out: &mut Vec<u64>) {
        out.push(key(t::WP2, n.map_or(EOS, |n| n.lower)));
    }

    /// The features of word pairs and triples around the token: bigrams (−1,0) and (0,+1),
    /// shape trigram.
    #[inline]
    #[must_use]
    pub fn pairs(p: Option<&TokInfo>, w: &TokInfo, n: Option<&TokInfo>) -> [u64; 3] {
        let (pl, ps) = p.map_or((BOS, BOS), |p| (p.lower, p.short));
        let (nl, ns) = n.map_or((EOS, EOS), |n| (n.lower, n.short));
        [
            key(t::BI_M1, mix(pl, w.lower)),
            key(t::BI_P1, mix(w.lower, nl)),
            key(t::SHAPE3, mix(mix(ps, w.short), ns)),
        ]
    }

    /// Capitalisation class of the previous word ([`NO_CAP`] outside the sentence) with the
    /// token's class and sentence bits.
    #[must_use]
    pub fn cap_m1(prev: u8, cap: u8, sent: usize) -> u64 {
        key(t::CAPM1, mix(u64::from(prev), u64::from(cap) | sent_bits(sent) << 3))
    }

    /// Capitalisation class of the next word ([`NO_CAP`] outside the sentence) with the
    /// token's class and sentence bits.
    #[must_use]
    pub fn cap_p1(next: u8, cap: u8, sent: usize) -> u64 {
        key(t::CAPP1, mix(u64::from(next), u64::from(cap) | sent_bits(sent) << 3))
    }

    /// Is the capitalisation class one that counts as capitalised for the gazetteer feature?
    #[inline(always)]
    #[must_use]
    pub fn capped(c: u8) -> bool {
        c == cap::INIT || c == cap::ALL || c == cap::MIXED
    }

    /// One gazetteer match bit of the token (`bit`: list * 4 + position), with its casing.
    #[must_use]
    pub fn gaz0(bit: u32, capped: bool) -> u64 {
        key(t::GAZ0, u64::from(bit << 1 | u32::from(capped)))
    }

    /// The gazetteer lists (one bit per list, see [`lists`]) of the previous word.
    #[must_use]
    pub fn gaz_m1(lists: u64) -> u64 {
        key(t::GAZM1, lists)
    }

    /// The gazetteer lists (one bit per list, see [`lists`]) of the next word.
    #[must_use]
    pub fn gaz_p1(lists: u64) -> u64 {
        key(t::GAZP1, lists)
    }

    /// Gazetteer match bits collapsed to one bit per list (`0..256`).
    #[inline]
    #[must_use]
    pub fn lists(g: u32) -> u64 {
        gaz_lists(g)
    }

    /// Pass-2 features of the token's own first-pass tag and the previous one ([`NO_TAG`] at
    /// the sentence start).
    pub fn tags_m1(prev: u64, tag: u64, out: &mut Vec<u64>) {
        out.push(key(t::P1TAG0, tag));
        out.push(key(t::P1M1, mix(prev, tag)));
    }

    /// Pass-2 feature of the token's first-pass tag and the next one ([`NO_TAG`] at the
    /// sentence end).
    #[must_use]
    pub fn tags_p1(tag: u64, next: u64) -> u64 {
        key(t::P1P1, mix(tag, next))
    }
}

/// Number of tags, re-exported for the weight tables.
pub const N_TAGS: usize = NT;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_and_caps() {
        let mut buf = String::new();
        let a = TokInfo::of("Putin", &mut buf);
        let b = TokInfo::of("Merkel", &mut buf);
        assert_eq!(a.cap, cap::INIT);
        assert_eq!(a.short, b.short);
        assert_eq!(TokInfo::of("NATO", &mut buf).cap, cap::ALL);
        assert_eq!(TokInfo::of("U.S.", &mut buf).cap, cap::ALL);
        assert_eq!(TokInfo::of("iPhone", &mut buf).cap, cap::MIXED);
        assert_eq!(TokInfo::of("1996-08-30", &mut buf).flags & flag::ALL_DIGIT, flag::ALL_DIGIT);
        assert_eq!(TokInfo::of("PUTIN", &mut buf).lower, a.lower);
        let x = TokInfo::of("Xi", &mut buf);
        assert_ne!(x.pre[1], 0);
        assert_eq!(x.pre[2], 0);
        assert_eq!(TokInfo::of("", &mut buf).cap, cap::NONE);
        assert_eq!(TokInfo::of("Öl", &mut buf).cap, cap::INIT);
    }

    /// The per-word facts of `prepare` (computed once per distinct word) are those of each
    /// token, and the parts of the fast path add up to exactly the keys of `local` and `doc`.
    #[test]
    fn parts_cover_local_and_doc_features() {
        use news_core::text::{split_sentences, tokenize};
        let m = crate::model::ModelData::from_bytes(crate::MODEL).expect("model");
        let res = Resources { gaz: Gazetteer::embedded(), classes: m.classes };
        let text = "“Paris,” he said. Paris is in France. FRANCE WINS IN PARIS\n\n... !!!\n\n\
                    New York City is in the United States. In York, John Smith met JOHN SMITH and \
                    john smith. The the THE. U.S. officials said. Владимир Путин, iPhone, 1996-08-30.";
        let tokens = tokenize(text);
        let strs: Vec<&str> = tokens.iter().map(|t| t.text(text)).collect();
        let ranges: Vec<Range<usize>> =
            split_sentences(text, &tokens).iter().map(|s| s.tokens.clone()).collect();
        let mut f = DocFeats::default();
        f.prepare(&res, &strs, &ranges);
        let mut buf = String::new();
        for (i, tok) in strs.iter().enumerate() {
            let w = f.words[f.ids[i] as usize];
            let mut t = TokInfo::of(tok, &mut buf);
            t.class = res.classes.get(&t.lower).copied().unwrap_or(0);
            t.doc_case = f.toks[i].doc_case;
            assert_eq!(w, t, "{tok}");
            let mut u = f.toks[i];
            u.flags &= !(flag::SENT_START | flag::SENT_CAPS);
            u.gaz = 0;
            assert_eq!(u, t, "{tok}");
        }
        assert!(f.words.len() < strs.len());
        // Gazetteer bits with the per-word first lookups = looked up at each token.
        for r in &ranges {
            let mut plain: Vec<TokInfo> =
                f.toks[r.clone()].iter().map(|t| TokInfo { gaz: 0, ..*t }).collect();
            res.gaz.mark(&mut plain);
            assert!(plain.iter().zip(&f.toks[r.clone()]).all(|(a, b)| a.gaz == b.gaz));
        }
        assert!(f.toks.iter().any(|t| t.gaz != 0));
        let p1: Vec<u8> = (0..strs.len()).map(|i| ((i * 7) % NT) as u8).collect();
        f.history(&p1);
        for r in &ranges {
            for i in r.clone() {
                let mut a = Vec::new();
                f.local(r, i, &mut a);
                f.doc(r, i, &p1, &mut a);
                a.sort_unstable();
                let at = |j: Option<usize>| j.filter(|j| r.contains(j)).map(|j| &f.toks[j]);
                let (p, p2, n, n2) =
                    (at(i.checked_sub(1)), at(i.checked_sub(2)), at(Some(i + 1)), at(Some(i + 2)));
                let w = &f.toks[i];
                let sent = parts::sent_index(w);
                let mut b = Vec::new();
                parts::own(&f.words[f.ids[i] as usize], sent, &mut b);
                parts::left1(p, &mut b);
                parts::left2(p2, &mut b);
                parts::right1(n, &mut b);
                parts::right2(n2, &mut b);
                b.extend(parts::pairs(p, w, n));
                b.push(parts::cap_m1(p.map_or(parts::NO_CAP, |t| t.cap), w.cap, sent));
                b.push(parts::cap_p1(n.map_or(parts::NO_CAP, |t| t.cap), w.cap, sent));
                for bit in 0..32 {
                    if w.gaz & (1 << bit) != 0 {
                        b.push(parts::gaz0(bit, parts::capped(w.cap)));
                    }
                }
                if let Some(p) = p.filter(|p| p.gaz != 0) {
                    b.push(parts::gaz_m1(parts::lists(p.gaz)));
                }
                if let Some(n) = n.filter(|n| n.gaz != 0) {
                    b.push(parts::gaz_p1(parts::lists(n.gaz)));
                }
                let tag = |j: Option<usize>| {
                    j.filter(|j| r.contains(j)).map_or(parts::NO_TAG, |j| u64::from(p1[j]))
                };
                parts::tags_m1(tag(i.checked_sub(1)), tag(Some(i)), &mut b);
                b.push(parts::tags_p1(tag(Some(i)), tag(Some(i + 1))));
                f.doc_word(&f.words[f.ids[i] as usize], &mut b);
                b.sort_unstable();
                assert_eq!(a, b, "token {i} {:?}", strs[i]);
            }
        }
    }
}
