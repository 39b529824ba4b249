//! Tokenizer: splits text into CoNLL-2003-style tokens with UTF-8 byte offsets.
//!
//! One left-to-right pass over the bytes, ASCII fast path, UTF-8 decoded only at
//! non-ASCII bytes, bounded look-ahead/look-behind: linear time, no allocation
//! besides the output vector, never panics.

use std::ops::Range;

use super::abbreviations;

/// A token: UTF-8 byte offsets into the text it came from, end exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Token {
    pub start: u32,
    pub end: u32,
    pub kind: TokenKind,
}

impl Token {
    /// The token's text. Returns `""` if the offsets do not fit `text` (wrong text).
    #[must_use]
    #[inline]
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.range()).unwrap_or("")
    }

    /// The byte range `start..end`.
    #[must_use]
    #[inline]
    pub fn range(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// Letters of any script, possibly with inner hyphens ("US-led"), apostrophes
    /// ("O'Brien"), periods ("U.S.", "Mr." keep their final period); contraction
    /// parts ("n't", "'m", "'re", "'ve", "'ll", "'d"); URLs, e-mail addresses,
    /// hashtags and @mentions; tokens that start with a digit but join a letter
    /// segment with a hyphen ("18-year-old").
    Word,
    /// Starts with a digit (or "-"/"−" + digit, or a decade "’90s"): "2023", "2,000",
    /// "3.5", "10:30", "9/11", "5-3", "1990s", "5th".
    Number,
    /// Punctuation: , . ; : ! ? ( ) [ ] { } / \ _ - -- – — … "..." and other
    /// Unicode punctuation.
    Punct,
    /// “ ‘ « „ ‚ ‹ 「 『, and straight " or ' in opening position.
    OpenQuote,
    /// ” ’ » › 」 』, and straight " or ' in closing position.
    CloseQuote,
    /// "'s"/"’s" split off a word ("Putin’s" → "Putin" + "’s"; also "it's" → "it" +
    /// "'s"), or a lone apostrophe after a plural ("countries’").
    Possessive,
    /// $ % & + * = < > # @ ^ | ~ and backtick, currency, emoji (with modifiers/ZWJ sequences),
    /// other non-letter, non-punctuation characters.
    Symbol,
}

/// Splits `text` into tokens. See [`tokenize_into`].
#[must_use]
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    tokenize_into(text, &mut out);
    out
}

/// Clears `out` and fills it with the tokens of `text`, reusing its allocation.
///
/// Separators (whitespace, control and invisible format characters — see
/// [`is_separator`]) are never part of a token; every other character is in exactly
/// one token. Text beyond `u32::MAX` bytes is ignored (offsets are `u32`).
pub fn tokenize_into(text: &str, out: &mut Vec<Token>) {
    out.clear();
    let mut n = text.len().min(u32::MAX as usize);
    while n > 0 && !text.is_char_boundary(n) {
        n -= 1;
    }
    let text = text.get(..n).unwrap_or("");
    out.reserve(text.len() / 5);
    let mut lexer = Lexer { text, b: text.as_bytes(), out, sq_open: false, dq_open: false };
    lexer.run();
}

/// True for characters that separate tokens and never belong to one: Unicode
/// whitespace (incl. NBSP, thin space), control characters, and invisible format
/// characters (zero-width space/joiners, soft hyphen, bidi marks, BOM). Zero-width
/// joiners and soft hyphens *inside* a word or emoji sequence stay in the token.
#[must_use]
pub fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(
            c,
            '\u{AD}'
                | '\u{180E}'
                | '\u{200B}'..='\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{206F}'
                | '\u{FEFF}'
        )
}

// ASCII byte classes.
const SEP: u8 = 0;
const ALNUM: u8 = 1;
const PERIOD: u8 = 2;
const HYPHEN: u8 = 3;
const DQUOTE: u8 = 4;
const SQUOTE: u8 = 5;
const PUNCT: u8 = 6;
const SYMBOL: u8 = 7;
const TAG: u8 = 8;

static ASCII_CLASS: [u8; 128] = ascii_classes();

const fn ascii_classes() -> [u8; 128] {
    let mut t = [SYMBOL; 128];
    let mut i = 0;
    while i < 128 {
        let c = i as u8;
        t[i] = if c <= b' ' || c == 0x7F {
            SEP
        } else if c.is_ascii_alphanumeric() {
            ALNUM
        } else {
            match c {
                b'.' => PERIOD,
                b'-' => HYPHEN,
                b'"' => DQUOTE,
                b'\'' => SQUOTE,
                b'#' | b'@' => TAG,
                b',' | b';' | b':' | b'!' | b'?' | b'(' | b')' | b'[' | b']' | b'{' | b'}' | b'/' | b'\\'
                | b'_' => PUNCT,
                _ => SYMBOL,
            }
        };
        i += 1;
    }
    t
}

/// Default direction of a quote character.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Dir {
    /// “ ‘ « „: opening unless attached to a preceding word and followed by a break.
    Open,
    /// ” ’ »: closing unless preceded by a break and followed by a word.
    Close,
    /// Straight " and ': decided by context, then by the open/closed state.
    Either,
}

/// Outcome of an apostrophe met inside a word.
enum Step {
    /// The apostrophe is word-internal ("O'Brien"); continue scanning at this offset.
    Continue(usize),
    /// Tokens were pushed; resume the main loop at this offset.
    Done(usize),
}

struct Lexer<'t, 'o> {
    text: &'t str,
    b: &'t [u8],
    out: &'o mut Vec<Token>,
    /// A single quote (‘, ‚ or an opening ') is open in the current paragraph.
    sq_open: bool,
    /// A straight double quote is open in the current paragraph.
    dq_open: bool,
}

impl Lexer<'_, '_> {
    fn run(&mut self) {
        let n = self.b.len();
        let mut i = 0;
        while i < n {
            let c = self.byte(i);
            if c >= 0x80 {
                i = self.non_ascii(i);
                continue;
            }
            i = match ASCII_CLASS.get(usize::from(c)).copied().unwrap_or(SEP) {
                SEP => {
                    if matches!(c, b'\n' | b'\r' | 0x0B | 0x0C) {
                        self.paragraph();
                    }
                    i + 1
                }
                ALNUM => self.scan(i, i),
                PERIOD => {
                    let e = self.run_of(i, b'.');
                    self.push(i, e, TokenKind::Punct)
                }
                HYPHEN => {
                    if self.byte(i + 1).is_ascii_digit() && self.left_open(i) {
                        self.scan(i, i + 1)
                    } else {
                        let e = self.run_of(i, b'-');
                        self.push(i, e, TokenKind::Punct)
                    }
                }
                DQUOTE => self.quote(i, 1, Dir::Either, false),
                SQUOTE => self.apostrophe(i, 1, '\''),
                PUNCT => self.push(i, i + 1, TokenKind::Punct),
                TAG if self.left_open(i) && self.letter_at(i + 1) => self.scan(i, i + 1),
                _ => self.push(i, i + 1, TokenKind::Symbol),
            };
        }
    }

    /// Paragraph break: quote state does not carry over.
    fn paragraph(&mut self) {
        self.sq_open = false;
        self.dq_open = false;
    }

    /// Pushes a token and returns its end.
    #[inline]
    fn push(&mut self, start: usize, end: usize, kind: TokenKind) -> usize {
        // Offsets fit: the text was clamped to u32::MAX bytes.
        self.out.push(Token { start: start as u32, end: end as u32, kind });
        end
    }

    /// The byte at `i`, or 0 (a separator) past either end.
    #[inline]
    fn byte(&self, i: usize) -> u8 {
        self.b.get(i).copied().unwrap_or(0)
    }

    /// The char starting at byte `i` and its length; `('\0', 1)` past the end.
    #[inline]
    fn char_at(&self, i: usize) -> (char, usize) {
        decode(self.b, i)
    }

    fn run_of(&self, i: usize, c: u8) -> usize {
        let mut e = i + 1;
        while self.byte(e) == c {
            e += 1;
        }
        e
    }

    /// The char before byte offset `i`, if any.
    fn prev_char(&self, i: usize) -> Option<char> {
        let mut j = i.checked_sub(1)?;
        let mut steps = 0;
        while j > 0 && steps < 3 && self.byte(j) & 0xC0 == 0x80 {
            j -= 1;
            steps += 1;
        }
        Some(self.char_at(j).0)
    }

    fn letter_at(&self, i: usize) -> bool {
        let c = self.byte(i);
        if c < 0x80 { c.is_ascii_alphabetic() } else { self.char_at(i).0.is_alphabetic() }
    }

    fn word_char_at(&self, i: usize) -> bool {
        let c = self.byte(i);
        if c < 0x80 { c.is_ascii_alphanumeric() } else { is_word_char(self.char_at(i).0) }
    }

    /// Number of ASCII letters starting at `i`, counting at most `max`.
    fn ascii_alpha_run(&self, i: usize, max: usize) -> usize {
        let mut r = 0;
        while r < max && self.byte(i + r).is_ascii_alphabetic() {
            r += 1;
        }
        r
    }

    /// Left context that makes a quote/minus/hashtag "opening": start of text,
    /// separator, opening bracket or quote, dash, slash.
    fn left_open(&self, i: usize) -> bool {
        self.prev_char(i).is_none_or(|p| is_separator(p) || is_open_context(p))
    }

    /// Right context that makes a quote "closing": end, separator, punctuation.
    fn right_close(&self, i: usize) -> bool {
        let (c, _) = self.char_at(i);
        is_separator(c) || is_close_context(c)
    }

    /// Dispatches a token starting with a non-ASCII character.
    fn non_ascii(&mut self, i: usize) -> usize {
        let (ch, len) = self.char_at(i);
        if is_word_char(ch) {
            return self.scan(i, i);
        }
        if is_separator(ch) {
            if matches!(ch, '\u{85}' | '\u{2028}' | '\u{2029}') {
                self.paragraph();
            }
            return i + len;
        }
        match ch {
            '\u{2018}' | '\u{2019}' | '\u{201B}' => self.apostrophe(i, len, ch),
            '\u{201C}' | '\u{201E}' | '\u{201F}' | '\u{AB}' | '\u{2039}' | '\u{300C}' | '\u{300E}'
            | '\u{301D}' | '\u{FF62}' => self.quote(i, len, Dir::Open, false),
            '\u{201A}' => self.quote(i, len, Dir::Open, true),
            '\u{201D}' | '\u{BB}' | '\u{203A}' | '\u{300D}' | '\u{300F}' | '\u{301E}' | '\u{301F}'
            | '\u{FF63}' => self.quote(i, len, Dir::Close, false),
            '\u{2212}' if self.byte(i + len).is_ascii_digit() && self.left_open(i) => self.scan(i, i + len),
            _ if is_punct_char(ch) => self.push(i, i + len, TokenKind::Punct),
            _ => self.symbol(i, len),
        }
    }

    /// Scans a word or number. `start` is the token start; `from` is its first
    /// word character (after a leading "-", "#" or "@").
    fn scan(&mut self, start: usize, from: usize) -> usize {
        let url = if from == start { self.url(start) } else { None };
        if let Some(end) = url {
            return self.push(start, end, TokenKind::Word);
        }
        let (first, _) = self.char_at(from);
        let cjk = is_cjk(first);
        let numeric_start = first.is_numeric();
        // Still inside the leading number ("1,234.56"): numeric separators allowed.
        let mut numeric = numeric_start;
        // A hyphen joined a non-numeric segment ("18-year-old" is a Word).
        let mut hyphen_word = false;
        // Inside a dotted abbreviation ("U.S.").
        let mut dotted = false;
        // Joined by a period + lowercase letter ("Amazon.com").
        let mut domain = false;
        // Start of the current period/hyphen-separated segment.
        let mut seg_start = from;
        let mut i = from;
        loop {
            let c = self.byte(i);
            if c < 0x80 {
                if c.is_ascii_alphabetic() {
                    if cjk {
                        break;
                    }
                    numeric = false;
                    // The rest of the run of ASCII letters at once (most of a word).
                    i += 1 + self
                        .b
                        .get(i + 1..)
                        .map_or(0, |r| r.iter().take_while(|c| c.is_ascii_alphabetic()).count());
                    continue;
                }
                if c.is_ascii_digit() {
                    if cjk {
                        break;
                    }
                    i += 1;
                    continue;
                }
                match c {
                    b',' if numeric && self.digit_group(i + 1) => {
                        i += 4;
                        continue;
                    }
                    b'.' => {
                        if numeric && self.byte(i + 1).is_ascii_digit() {
                            i += 1;
                            continue;
                        }
                        if !numeric_start && !domain {
                            if self.dotted_continues(seg_start, i) {
                                dotted = true;
                                i += 1;
                                seg_start = i;
                                continue;
                            }
                            if dotted
                                || self.is_abbreviation(start, i)
                                || (seg_start > start && self.is_listed(seg_start, i))
                            {
                                i += 1;
                                // "U.S.-led", "Calif.-based".
                                if self.byte(i) == b'-' && self.word_char_at(i + 1) {
                                    i += 1;
                                    seg_start = i;
                                    dotted = false;
                                    hyphen_word = true;
                                    continue;
                                }
                                break;
                            }
                            if self.byte(i + 1).is_ascii_lowercase() {
                                domain = true;
                                i += 1;
                                seg_start = i;
                                continue;
                            }
                        }
                    }
                    b':' | b'/' if numeric && self.byte(i + 1).is_ascii_digit() => {
                        i += 1;
                        continue;
                    }
                    b'-' => {
                        let (nc, _) = self.char_at(i + 1);
                        if is_word_char(nc) && is_cjk(nc) == cjk {
                            numeric = numeric && nc.is_ascii_digit();
                            hyphen_word |= !nc.is_numeric();
                            i += 1;
                            seg_start = i;
                            dotted = false;
                            continue;
                        }
                    }
                    b'_' if self.byte(i + 1).is_ascii_alphanumeric() => {
                        i += 1;
                        continue;
                    }
                    // "AT&T", "S&P", "R&D".
                    b'&' if self.byte(i.wrapping_sub(1)).is_ascii_uppercase()
                        && self.byte(i + 1).is_ascii_uppercase() =>
                    {
                        i += 1;
                        continue;
                    }
                    b'\'' => {
                        let kind = kind_of(numeric_start, hyphen_word);
                        match self.word_apostrophe(start, i, 1, kind) {
                            Step::Continue(k) => {
                                numeric = false;
                                i = k;
                                continue;
                            }
                            Step::Done(end) => return end,
                        }
                    }
                    b'@' => {
                        if let Some(end) = self.email_domain(i + 1) {
                            i = end;
                        }
                    }
                    _ => {}
                }
                break;
            }
            let (ch, len) = self.char_at(i);
            if is_word_char(ch) {
                if is_cjk(ch) != cjk && !is_mark(ch) {
                    break;
                }
                if ch.is_alphabetic() {
                    numeric = false;
                }
                i += len;
                continue;
            }
            match ch {
                '\u{2019}' => {
                    let kind = kind_of(numeric_start, hyphen_word);
                    match self.word_apostrophe(start, i, len, kind) {
                        Step::Continue(k) => {
                            numeric = false;
                            i = k;
                            continue;
                        }
                        Step::Done(end) => return end,
                    }
                }
                // Hyphen, non-breaking hyphen, soft hyphen, ZWNJ, ZWJ between letters.
                '\u{2010}' | '\u{2011}' | '\u{AD}' | '\u{200C}' | '\u{200D}' => {
                    let (nc, _) = self.char_at(i + len);
                    if is_word_char(nc) && is_cjk(nc) == cjk {
                        numeric = numeric && nc.is_ascii_digit();
                        if matches!(ch, '\u{2010}' | '\u{2011}') {
                            hyphen_word |= !nc.is_numeric();
                        }
                        i += len;
                        continue;
                    }
                }
                _ => {}
            }
            break;
        }
        self.push(start, i, kind_of(numeric_start, hyphen_word))
    }

    /// A comma inside a number: exactly three digits follow ("2,000", not "18,2023").
    fn digit_group(&self, i: usize) -> bool {
        self.byte(i).is_ascii_digit()
            && self.byte(i + 1).is_ascii_digit()
            && self.byte(i + 2).is_ascii_digit()
            && !self.byte(i + 3).is_ascii_digit()
    }

    /// At a period ending segment `seg_start..i`: the segment is 1–2 ASCII letters
    /// and so is the next one, which is followed by another period ("U.S.", "a.m.",
    /// "Ph.D.").
    fn dotted_continues(&self, seg_start: usize, i: usize) -> bool {
        let seg_ok = self
            .b
            .get(seg_start..i)
            .is_some_and(|s| (1..=2).contains(&s.len()) && s.iter().all(u8::is_ascii_alphabetic));
        if !seg_ok {
            return false;
        }
        let r = self.ascii_alpha_run(i + 1, 3);
        (1..=2).contains(&r) && self.byte(i + 1 + r) == b'.'
    }

    /// `start..i` is a known abbreviation or a single uppercase initial.
    fn is_abbreviation(&self, start: usize, i: usize) -> bool {
        let word = self.text.get(start..i).unwrap_or("");
        let mut chars = word.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) => c.is_uppercase(),
            (Some(_), Some(_)) => abbreviations::lookup(word).is_some(),
            _ => false,
        }
    }

    /// The last hyphen segment `seg_start..i` is a listed abbreviation ("D-Mass.").
    fn is_listed(&self, seg_start: usize, i: usize) -> bool {
        let word = self.text.get(seg_start..i).unwrap_or("");
        word.len() > 1 && abbreviations::lookup(word).is_some()
    }

    /// A contraction/possessive suffix at `k` (just after an apostrophe), ending at a
    /// non-word character: returns its end and kind ("s" → Possessive; "m", "d",
    /// "re", "ve", "ll" → Word).
    fn contraction_suffix(&self, k: usize) -> Option<(usize, TokenKind)> {
        let r = self.ascii_alpha_run(k, 3);
        if !(1..=2).contains(&r) || self.word_char_at(k + r) {
            return None;
        }
        let s0 = self.byte(k) | 0x20;
        let s1 = if r == 2 { self.byte(k + 1) | 0x20 } else { 0 };
        let kind = match (r, s0, s1) {
            (1, b's', _) => TokenKind::Possessive,
            (1, b'm' | b'd', _) | (2, b'r' | b'v', b'e') | (2, b'l', b'l') => TokenKind::Word,
            _ => return None,
        };
        Some((k + r, kind))
    }

    /// An apostrophe (' or ’, `alen` bytes) at `j` inside the word `start..j`.
    fn word_apostrophe(&mut self, start: usize, j: usize, alen: usize, kind: TokenKind) -> Step {
        let k = j + alen;
        let prev = self.byte(j.wrapping_sub(1)) | 0x20;
        // "don't" → "do" + "n't".
        if prev == b'n' && j >= start + 2 && self.byte(k) | 0x20 == b't' && !self.word_char_at(k + 1) {
            self.push(start, j - 1, kind);
            return Step::Done(self.push(j - 1, k + 1, TokenKind::Word));
        }
        if let Some((end, suffix)) = self.contraction_suffix(k) {
            self.push(start, j, kind);
            return Step::Done(self.push(j, end, suffix));
        }
        if self.letter_at(k) {
            return Step::Continue(k);
        }
        // Apostrophe before a non-letter: plural possessive or closing quote.
        self.push(start, j, kind);
        let kind = if prev == b's' && !self.sq_open {
            TokenKind::Possessive
        } else {
            self.sq_open = false;
            TokenKind::CloseQuote
        };
        Step::Done(self.push(j, k, kind))
    }

    /// An apostrophe-like character (' ‘ ’ ‛) not inside a word.
    fn apostrophe(&mut self, i: usize, len: usize, ch: char) -> usize {
        let k = i + len;
        let attached = self
            .out
            .last()
            .is_some_and(|t| t.end as usize == i && matches!(t.kind, TokenKind::Word | TokenKind::Number));
        let open = !attached && self.left_open(i);
        // "U.S.’s"; "’s" or "'re" standing alone (pre-tokenized text).
        let suffix = if (attached || open) && ch != '\u{2018}' { self.contraction_suffix(k) } else { None };
        if let Some((end, kind)) = suffix {
            return self.push(i, end, kind);
        }
        if attached
            && ch != '\u{2018}'
            && self.byte(i.wrapping_sub(1)) | 0x20 == b's'
            && !self.letter_at(k)
            && !self.sq_open
        {
            return self.push(i, k, TokenKind::Possessive);
        }
        // Decade: "’90s".
        if open
            && self.byte(k).is_ascii_digit()
            && self.byte(k + 1).is_ascii_digit()
            && self.byte(k + 2) | 0x20 == b's'
            && !self.word_char_at(k + 3)
        {
            return self.push(i, k + 3, TokenKind::Number);
        }
        let dir = match ch {
            '\u{2018}' | '\u{201B}' => Dir::Open,
            '\u{2019}' => Dir::Close,
            _ => Dir::Either,
        };
        self.quote(i, len, dir, true)
    }

    /// A quote character at `i`. `single` quotes track/update the single-quote state;
    /// straight double quotes (`Dir::Either`, not single) track the double state.
    fn quote(&mut self, i: usize, len: usize, dir: Dir, single: bool) -> usize {
        let lo = self.left_open(i);
        let rc = self.right_close(i + len);
        let open = match dir {
            Dir::Open => lo || !rc,
            Dir::Close => lo && !rc,
            Dir::Either => {
                let state = if single { self.sq_open } else { self.dq_open };
                if lo && rc {
                    !state
                } else if lo {
                    true
                } else if rc {
                    false
                } else {
                    // Squeezed between characters: after a word it closes ("a"b),
                    // after punctuation it opens (said,"Hi).
                    !self.prev_char(i).is_some_and(is_word_char)
                }
            }
        };
        if single {
            self.sq_open = open;
        } else if dir == Dir::Either {
            self.dq_open = open;
        }
        let kind = if open { TokenKind::OpenQuote } else { TokenKind::CloseQuote };
        self.push(i, i + len, kind)
    }

    /// A symbol character (emoji etc.) plus trailing variation selectors, skin-tone
    /// modifiers, keycap, tags, ZWJ-joined symbols, or a second regional indicator.
    fn symbol(&mut self, i: usize, len: usize) -> usize {
        let (first, _) = self.char_at(i);
        let mut pending_ri = is_regional_indicator(first);
        let mut e = i + len;
        loop {
            let (c, l) = self.char_at(e);
            if matches!(
                c,
                '\u{FE00}'..='\u{FE0F}'
                    | '\u{1F3FB}'..='\u{1F3FF}'
                    | '\u{20E3}'
                    | '\u{E0020}'..='\u{E007F}'
            ) {
                e += l;
                continue;
            }
            if c == '\u{200D}' {
                let (c2, l2) = self.char_at(e + l);
                if !c2.is_ascii() && is_symbol_char(c2) {
                    pending_ri = false;
                    e += l + l2;
                    continue;
                }
                break;
            }
            if pending_ri && is_regional_indicator(c) {
                pending_ri = false;
                e += l;
                continue;
            }
            break;
        }
        self.push(i, e, TokenKind::Symbol)
    }

    /// A URL starting at `start` ("http://", "https://", "ftp://", "www."): its end,
    /// trailing sentence punctuation and unbalanced closing brackets excluded.
    fn url(&self, start: usize) -> Option<usize> {
        let prefix_len = match self.byte(start) | 0x20 {
            b'h' if self.starts_with_ci(start, b"https://") => 8,
            b'h' if self.starts_with_ci(start, b"http://") => 7,
            b'f' if self.starts_with_ci(start, b"ftp://") => 6,
            b'w' if self.starts_with_ci(start, b"www.") => 4,
            _ => return None,
        };
        let body = start + prefix_len;
        if !self.word_char_at(body) {
            return None;
        }
        let mut e = body;
        let (mut parens, mut brackets) = (0i64, 0i64);
        loop {
            let c = self.byte(e);
            if c >= 0x80 {
                let (ch, l) = self.char_at(e);
                if ch.is_alphanumeric() {
                    e += l;
                    continue;
                }
                break;
            }
            if c <= b' '
                || c == 0x7F
                || matches!(c, b'"' | b'<' | b'>' | b'`' | b'{' | b'}' | b'|' | b'\\' | b'^')
            {
                break;
            }
            match c {
                b'(' => parens += 1,
                b')' => parens -= 1,
                b'[' => brackets += 1,
                b']' => brackets -= 1,
                _ => {}
            }
            e += 1;
        }
        while e > body {
            match self.byte(e - 1) {
                b'.' | b',' | b';' | b':' | b'!' | b'?' | b'\'' | b'*' => e -= 1,
                b')' if parens < 0 => {
                    parens += 1;
                    e -= 1;
                }
                b']' if brackets < 0 => {
                    brackets += 1;
                    e -= 1;
                }
                _ => break,
            }
        }
        Some(e)
    }

    fn starts_with_ci(&self, i: usize, prefix: &[u8]) -> bool {
        self.b.get(i..i + prefix.len()).is_some_and(|s| s.eq_ignore_ascii_case(prefix))
    }

    /// After "@" at `k - 1` inside a word: the end of a domain "label(.label)+" whose
    /// last label has at least two letters ("a@b.com"), or `None`.
    fn email_domain(&self, k: usize) -> Option<usize> {
        let mut e = k;
        let mut labels = 0;
        let mut last_start;
        loop {
            last_start = e;
            while self.byte(e).is_ascii_alphanumeric() || self.byte(e) == b'-' {
                e += 1;
            }
            if e == last_start {
                return None;
            }
            labels += 1;
            if self.byte(e) == b'.' && self.byte(e + 1).is_ascii_alphanumeric() {
                e += 1;
                continue;
            }
            break;
        }
        let tld_ok =
            self.b.get(last_start..e).is_some_and(|s| s.len() >= 2 && s.iter().all(u8::is_ascii_alphabetic));
        (labels >= 2 && tld_ok).then_some(e)
    }
}

fn kind_of(numeric_start: bool, hyphen_word: bool) -> TokenKind {
    if numeric_start && !hyphen_word { TokenKind::Number } else { TokenKind::Word }
}

/// Decodes the char at byte `i` of valid UTF-8; `('\0', 1)` past the end.
#[inline]
fn decode(b: &[u8], i: usize) -> (char, usize) {
    let Some(&b0) = b.get(i) else {
        return ('\0', 1);
    };
    if b0 < 0x80 {
        return (char::from(b0), 1);
    }
    let (len, init) = match b0 {
        0xF0.. => (4, u32::from(b0 & 0x07)),
        0xE0.. => (3, u32::from(b0 & 0x0F)),
        0xC0.. => (2, u32::from(b0 & 0x1F)),
        // A continuation byte: cannot happen at a char boundary of a `str`.
        _ => return ('\u{FFFD}', 1),
    };
    let mut cp = init;
    for k in 1..len {
        cp = (cp << 6) | u32::from(b.get(i + k).copied().unwrap_or(0x80) & 0x3F);
    }
    (char::from_u32(cp).unwrap_or('\u{FFFD}'), len)
}

/// Letters, digits (any script) and combining marks.
fn is_word_char(c: char) -> bool {
    // General Punctuation (curly quotes, dashes, spaces, format characters) holds no letter,
    // digit or mark: the common non-ASCII characters of news text, answered without the
    // Unicode tables.
    if ('\u{2000}'..='\u{206F}').contains(&c) {
        return false;
    }
    c.is_alphanumeric() || is_mark(c)
}

/// Combining marks and similar non-alphabetic word-internal characters (virama,
/// nukta, variation selectors, Thai tone marks).
fn is_mark(c: char) -> bool {
    // Below the first combining mark: the common case (ASCII, Latin-1) in one comparison.
    if c < '\u{300}' {
        return false;
    }
    matches!(
        c,
        '\u{300}'..='\u{36F}'
            | '\u{483}'..='\u{489}'
            | '\u{591}'..='\u{5BD}'
            | '\u{5BF}'
            | '\u{5C1}'..='\u{5C2}'
            | '\u{5C4}'..='\u{5C7}'
            | '\u{610}'..='\u{61A}'
            | '\u{64B}'..='\u{65F}'
            | '\u{670}'
            | '\u{6D6}'..='\u{6DC}'
            | '\u{6DF}'..='\u{6E4}'
            | '\u{6E7}'..='\u{6E8}'
            | '\u{6EA}'..='\u{6ED}'
            | '\u{1AB0}'..='\u{1AFF}'
            | '\u{1DC0}'..='\u{1DFF}'
            | '\u{20D0}'..='\u{20DC}'
            | '\u{20E1}'
            | '\u{20E5}'..='\u{20F0}'
            | '\u{3099}'..='\u{309A}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FE20}'..='\u{FE2F}'
            | '\u{E0100}'..='\u{E01EF}'
    ) || (matches!(c, '\u{900}'..='\u{DFF}' | '\u{E00}'..='\u{EFF}' | '\u{1000}'..='\u{109F}' | '\u{1780}'..='\u{17D3}')
        && !c.is_alphanumeric()
        && !matches!(
            c,
            '\u{964}' | '\u{965}' | '\u{970}' | '\u{E3F}' | '\u{E4F}' | '\u{E5A}' | '\u{E5B}' | '\u{104A}'
                ..='\u{104F}'
        ))
}

/// Han, kana, Hangul and related: a script change to/from these splits a word.
fn is_cjk(c: char) -> bool {
    // Below Hangul Jamo: the common case (Latin, Greek, Cyrillic, ...) in one comparison.
    if c < '\u{1100}' {
        return false;
    }
    matches!(
        c,
        '\u{1100}'..='\u{11FF}'
            | '\u{2E80}'..='\u{2FDF}'
            | '\u{3005}'..='\u{3007}'
            | '\u{3021}'..='\u{3029}'
            | '\u{3031}'..='\u{3035}'
            | '\u{3038}'..='\u{303C}'
            | '\u{3040}'..='\u{30FF}'
            | '\u{3100}'..='\u{31FF}'
            | '\u{3400}'..='\u{4DBF}'
            | '\u{4E00}'..='\u{9FFF}'
            | '\u{A960}'..='\u{A97F}'
            | '\u{AC00}'..='\u{D7FF}'
            | '\u{F900}'..='\u{FAFF}'
            | '\u{FF66}'..='\u{FF9F}'
            | '\u{20000}'..='\u{3FFFF}'
    )
}

fn is_regional_indicator(c: char) -> bool {
    matches!(c, '\u{1F1E6}'..='\u{1F1FF}')
}

fn is_symbol_char(c: char) -> bool {
    !is_word_char(c) && !is_separator(c) && !is_punct_char(c)
}

/// Non-ASCII punctuation (dashes, ellipsis, bullets, CJK/Arabic/Indic marks).
/// Quote characters are matched before this is consulted.
fn is_punct_char(c: char) -> bool {
    matches!(
        c,
        '\u{A1}'
            | '\u{A7}'
            | '\u{B6}'
            | '\u{B7}'
            | '\u{BF}'
            | '\u{37E}'
            | '\u{387}'
            | '\u{55A}'..='\u{55F}'
            | '\u{589}'
            | '\u{5BE}'
            | '\u{5C0}'
            | '\u{5C3}'
            | '\u{5F3}'..='\u{5F4}'
            | '\u{60C}'..='\u{60D}'
            | '\u{61B}'
            | '\u{61D}'..='\u{61F}'
            | '\u{66A}'..='\u{66D}'
            | '\u{6D4}'
            | '\u{964}'..='\u{965}'
            | '\u{970}'
            | '\u{E4F}'
            | '\u{E5A}'..='\u{E5B}'
            | '\u{104A}'..='\u{104F}'
            | '\u{10FB}'
            | '\u{1361}'..='\u{1368}'
            | '\u{166E}'
            | '\u{17D4}'..='\u{17DA}'
            | '\u{2010}'..='\u{2027}'
            | '\u{2030}'..='\u{205E}'
            | '\u{2E00}'..='\u{2E7F}'
            | '\u{3001}'..='\u{3003}'
            | '\u{3008}'..='\u{3011}'
            | '\u{3014}'..='\u{301F}'
            | '\u{30FB}'
            | '\u{FE10}'..='\u{FE19}'
            | '\u{FE30}'..='\u{FE4F}'
            | '\u{FE50}'..='\u{FE6B}'
            | '\u{FF01}'..='\u{FF0F}'
            | '\u{FF1A}'..='\u{FF20}'
            | '\u{FF3B}'..='\u{FF40}'
            | '\u{FF5B}'..='\u{FF65}'
    )
}

/// Characters after which a quote opens: brackets, opening quotes, dashes, slash.
fn is_open_context(c: char) -> bool {
    matches!(
        c,
        '(' | '['
            | '{'
            | '<'
            | '/'
            | '-'
            | '\u{2013}'
            | '\u{2014}'
            | '\u{2015}'
            | '\u{201C}'
            | '\u{2018}'
            | '\u{201E}'
            | '\u{201A}'
            | '\u{AB}'
            | '\u{2039}'
            | '\u{300C}'
            | '\u{300E}'
            | '\u{FF08}'
    )
}

/// Characters before which a quote closes: sentence/clause punctuation, closing
/// brackets and quotes, dashes, ellipsis.
fn is_close_context(c: char) -> bool {
    matches!(
        c,
        ',' | '.'
            | ';'
            | ':'
            | '!'
            | '?'
            | ')'
            | ']'
            | '}'
            | '>'
            | '/'
            | '-'
            | '"'
            | '\''
            | '\u{2013}'
            | '\u{2014}'
            | '\u{2015}'
            | '\u{2026}'
            | '\u{201D}'
            | '\u{2019}'
            | '\u{BB}'
            | '\u{203A}'
            | '\u{300D}'
            | '\u{300F}'
            | '\u{3001}'
            | '\u{3002}'
            | '\u{FF09}'
            | '\u{FF0C}'
            | '\u{FF01}'
            | '\u{FF1F}'
    )
}

#[cfg(test)]
pub(crate) mod tests {
    use super::TokenKind::{CloseQuote, Number, OpenQuote, Possessive, Punct, Symbol, Word};
    use super::*;

    fn toks(s: &str) -> Vec<(&str, TokenKind)> {
        tokenize(s).iter().map(|t| (t.text(s), t.kind)).collect()
    }

    fn texts(s: &str) -> Vec<&str> {
        tokenize(s).iter().map(|t| t.text(s)).collect()
    }

    /// Tokens are ordered, non-overlapping, on char boundaries, non-empty, contain no
    /// whitespace, and only separators lie between them.
    pub(crate) fn assert_token_invariants(text: &str, tokens: &[Token]) {
        let mut pos = 0usize;
        for t in tokens {
            let r = t.range();
            assert!(r.start >= pos && r.start < r.end, "bad order/empty: {t:?}");
            assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end), "{t:?}");
            let gap = text.get(pos..r.start).unwrap_or("\u{FFFD}");
            assert!(gap.chars().all(is_separator), "non-separator gap {gap:?} before {t:?}");
            assert!(!t.text(text).chars().any(char::is_whitespace), "whitespace in {t:?}");
            pos = r.end;
        }
        let tail = text.get(pos..).unwrap_or("\u{FFFD}");
        assert!(tail.chars().all(is_separator), "untokenized tail {tail:?}");
    }

    #[test]
    fn possessives() {
        assert_eq!(
            toks("Putin’s two-day mission"),
            [("Putin", Word), ("’s", Possessive), ("two-day", Word), ("mission", Word)]
        );
        assert_eq!(
            toks("the couple’s “boundless” partnership"),
            [
                ("the", Word),
                ("couple", Word),
                ("’s", Possessive),
                ("“", OpenQuote),
                ("boundless", Word),
                ("”", CloseQuote),
                ("partnership", Word)
            ]
        );
        assert_eq!(
            toks("the countries’ partnership"),
            [("the", Word), ("countries", Word), ("’", Possessive), ("partnership", Word)]
        );
        assert_eq!(toks("Putin's war")[1], ("'s", Possessive));
        assert_eq!(toks("PUTIN'S WAR")[..2], [("PUTIN", Word), ("'S", Possessive)]);
        assert_eq!(toks("the boys' toys")[2], ("'", Possessive));
        assert_eq!(texts("U.S.’s role"), ["U.S.", "’s", "role"]);
        assert_eq!(toks("1990's music")[..2], [("1990", Number), ("'s", Possessive)]);
    }

    #[test]
    fn single_quotes_vs_possessive() {
        assert_eq!(
            toks("of ‘responsibly managing’ differences"),
            [
                ("of", Word),
                ("‘", OpenQuote),
                ("responsibly", Word),
                ("managing", Word),
                ("’", CloseQuote),
                ("differences", Word)
            ]
        );
        // An open ‘ in the paragraph makes the ’ after "s" a closing quote...
        assert_eq!(toks("a ‘free countries’ club")[4], ("’", CloseQuote));
        // ...but not across a paragraph break.
        assert_eq!(toks("a ‘free\nthe countries’ club")[5], ("’", Possessive));
        assert_eq!(toks("'rock' on"), [("'", OpenQuote), ("rock", Word), ("'", CloseQuote), ("on", Word)]);
    }

    #[test]
    fn contractions() {
        assert_eq!(texts("I’m sure Putin"), ["I", "’m", "sure", "Putin"]);
        assert_eq!(toks("I’m")[1], ("’m", Word));
        assert_eq!(texts("don't"), ["do", "n't"]);
        assert_eq!(texts("DON'T"), ["DO", "N'T"]);
        assert_eq!(texts("can’t won't"), ["ca", "n’t", "wo", "n't"]);
        assert_eq!(
            texts("we're they've she'll I'd it's"),
            ["we", "'re", "they", "'ve", "she", "'ll", "I", "'d", "it", "'s"]
        );
        assert_eq!(
            texts("o'clock O'Brien rock'n'roll y'all"),
            ["o'clock", "O'Brien", "rock'n'roll", "y'all"]
        );
        assert_eq!(texts("O’Neill’s"), ["O’Neill", "’s"]);
    }

    #[test]
    fn hyphens_and_dashes() {
        assert_eq!(
            texts("US-led Singapore-based dual-use long-term"),
            ["US-led", "Singapore-based", "dual-use", "long-term"]
        );
        assert_eq!(texts("von der Leyen"), ["von", "der", "Leyen"]);
        assert_eq!(
            toks("Beijing – by itself — a -- b - c"),
            [
                ("Beijing", Word),
                ("–", Punct),
                ("by", Word),
                ("itself", Word),
                ("—", Punct),
                ("a", Word),
                ("--", Punct),
                ("b", Word),
                ("-", Punct),
                ("c", Word)
            ]
        );
        assert_eq!(texts("pre- and post-war"), ["pre", "-", "and", "post-war"]);
        assert_eq!(toks("COVID-19")[0], ("COVID-19", Word));
    }

    #[test]
    fn abbreviations() {
        assert_eq!(
            texts("U.S. U.K. a.m. p.m. e.g. i.e. U.S.-led Ph.D. U.S.A."),
            ["U.S.", "U.K.", "a.m.", "p.m.", "e.g.", "i.e.", "U.S.-led", "Ph.D.", "U.S.A."]
        );
        assert_eq!(
            texts("Mr. Mrs. Dr. Gen. St. Inc. Co. No. vs. etc. Oct. Sept. Calif. Wash."),
            [
                "Mr.", "Mrs.", "Dr.", "Gen.", "St.", "Inc.", "Co.", "No.", "vs.", "etc.", "Oct.", "Sept.",
                "Calif.", "Wash."
            ]
        );
        assert_eq!(
            texts("Singapore’s S. Rajaratnam School"),
            ["Singapore", "’s", "S.", "Rajaratnam", "School"]
        );
        assert_eq!(texts("George W. Bush"), ["George", "W.", "Bush"]);
        assert_eq!(texts("lives in the U.S."), ["lives", "in", "the", "U.S."]);
        assert_eq!(texts("the war. in"), ["the", "war", ".", "in"]);
        assert_eq!(texts("a. b"), ["a", ".", "b"]);
        assert_eq!(texts("e.g., this"), ["e.g.", ",", "this"]);
        assert_eq!(texts("Calif.-based"), ["Calif.-based"]);
        assert_eq!(texts("D-Mass., said"), ["D-Mass.", ",", "said"]);
        assert_eq!(texts("No.1"), ["No.", "1"]);
    }

    #[test]
    fn numbers() {
        assert_eq!(
            toks("Oct. 18, 2023. Putin"),
            [("Oct.", Word), ("18", Number), (",", Punct), ("2023", Number), (".", Punct), ("Putin", Word)]
        );
        assert_eq!(
            toks("2,000 3.5 1,234.56 10:30 9/11 1990s 5-3"),
            [
                ("2,000", Number),
                ("3.5", Number),
                ("1,234.56", Number),
                ("10:30", Number),
                ("9/11", Number),
                ("1990s", Number),
                ("5-3", Number)
            ]
        );
        assert_eq!(toks("10%"), [("10", Number), ("%", Symbol)]);
        assert_eq!(toks("$5"), [("$", Symbol), ("5", Number)]);
        assert_eq!(toks("is -5 (-3)")[1], ("-5", Number));
        assert_eq!(texts("is -5 (-3)"), ["is", "-5", "(", "-3", ")"]);
        assert_eq!(texts("10-5"), ["10-5"]);
        assert_eq!(toks("18-year-old")[0], ("18-year-old", Word));
        assert_eq!(texts("18,2023"), ["18", ",", "2023"]);
        assert_eq!(texts("18:"), ["18", ":"]);
        assert_eq!(toks("the ’90s")[1], ("’90s", Number));
        assert_eq!(toks("−7")[0], ("−7", Number));
    }

    #[test]
    fn straight_quotes() {
        assert_eq!(
            toks(r#"He said "hello" and "bye"."#).iter().map(|t| t.1).collect::<Vec<_>>(),
            [Word, Word, OpenQuote, Word, CloseQuote, Word, OpenQuote, Word, CloseQuote, Punct]
        );
        assert_eq!(
            toks(r#""Hello," she said."#)[..4],
            [("\"", OpenQuote), ("Hello", Word), (",", Punct), ("\"", CloseQuote)]
        );
        // Isolated straight quotes alternate.
        let k: Vec<_> = toks(r#"a " b " c"#).iter().map(|t| t.1).collect();
        assert_eq!(k, [Word, OpenQuote, Word, CloseQuote, Word]);
        assert_eq!(toks("said:\"Hi")[2], ("\"", OpenQuote));
    }

    #[test]
    fn curly_quotes_by_context() {
        assert_eq!(toks("“Hi”")[0].1, OpenQuote);
        assert_eq!(toks("«Oui» ok")[2].1, CloseQuote);
        // German „…“: the “ after a word before a break closes.
        assert_eq!(toks("„Ja“ sagte")[2], ("“", CloseQuote));
        assert_eq!(toks("’")[0].1, CloseQuote);
    }

    #[test]
    fn punctuation() {
        assert_eq!(
            texts("wait... what… no?! (yes) [x]"),
            ["wait", "...", "what", "…", "no", "?", "!", "(", "yes", ")", "[", "x", "]"]
        );
        assert_eq!(toks("a & b @ #")[1].1, Symbol);
        assert_eq!(texts("AT&T S&P"), ["AT&T", "S&P"]);
    }

    #[test]
    fn urls_emails_tags() {
        assert_eq!(
            texts("see https://example.com/a-b?x=1. Then"),
            ["see", "https://example.com/a-b?x=1", ".", "Then"]
        );
        assert_eq!(texts("(www.example.org)"), ["(", "www.example.org", ")"]);
        assert_eq!(
            texts("https://en.wikipedia.org/wiki/Foo_(bar)."),
            ["https://en.wikipedia.org/wiki/Foo_(bar)", "."]
        );
        assert_eq!(toks("mail a@b.com now")[1], ("a@b.com", Word));
        assert_eq!(texts("john.smith@example.co.uk."), ["john.smith@example.co.uk", "."]);
        assert_eq!(texts("Amazon.com said"), ["Amazon.com", "said"]);
        assert_eq!(texts("#MeToo @elonmusk C#"), ["#MeToo", "@elonmusk", "C", "#"]);
        assert_eq!(texts("a @ b"), ["a", "@", "b"]);
    }

    #[test]
    fn unicode() {
        assert_eq!(texts("Zürich Москва Ελλάδα"), ["Zürich", "Москва", "Ελλάδα"]);
        assert_eq!(texts("北京欢迎你"), ["北京欢迎你"]);
        assert_eq!(texts("在Beijing举行2023年"), ["在", "Beijing", "举行", "2023", "年"]);
        assert_eq!(texts("你好。我很好！"), ["你好", "。", "我很好", "！"]);
        assert_eq!(texts("Cafe\u{301} ok"), ["Cafe\u{301}", "ok"]);
        assert_eq!(texts("नमस्ते दुनिया"), ["नमस्ते", "दुनिया"]);
        assert_eq!(
            toks("ok 👍🏽 🇺🇸🇫🇷 👨\u{200D}👩\u{200D}👧"),
            [
                ("ok", Word),
                ("👍🏽", Symbol),
                ("🇺🇸", Symbol),
                ("🇫🇷", Symbol),
                ("👨\u{200D}👩\u{200D}👧", Symbol)
            ]
        );
        assert_eq!(toks("\u{301}")[0], ("\u{301}", Word));
    }

    #[test]
    fn separators() {
        let s = "a\u{A0}b\u{2009}c\u{200B}d\r\ne\tf\u{FEFF}g\u{0}h";
        assert_eq!(texts(s), ["a", "b", "c", "d", "e", "f", "g", "h"]);
        assert!(tokenize("").is_empty());
        assert!(tokenize(" \n\t\u{A0}\u{3000}").is_empty());
    }

    #[test]
    fn buffer_reuse() {
        let mut buf = tokenize("one two three four");
        let cap = buf.capacity();
        tokenize_into("five", &mut buf);
        assert_eq!(buf.len(), 1);
        assert_eq!(buf.capacity(), cap);
        tokenize_into("", &mut buf);
        assert!(buf.is_empty());
    }

    #[test]
    fn token_text_out_of_range_is_empty() {
        let t = Token { start: 3, end: 99, kind: Word };
        assert_eq!(t.text("abc"), "");
        assert_eq!(t.range(), 3..99);
    }

    #[test]
    fn robustness_and_invariants() {
        let quotes = "\"".repeat(100_000);
        let curly = "’‘“”".repeat(25_000);
        let dots = "a. ".repeat(350_000);
        let cases = [
            "",
            " ",
            "\u{0}\u{1}\u{2}\u{7F}\u{80}\u{9F}\u{FFFD}\u{10FFFF}",
            "’",
            "'s",
            "’s at start",
            "'",
            "n't",
            "-",
            "-5",
            "#",
            "@",
            "http://",
            "www.",
            "a@",
            "a@b",
            "x@y.",
            "U.S",
            "U.",
            "...",
            "\u{301}\u{301}",
            "a\u{200D}",
            "\u{200D}👍",
            "👍\u{200D}",
            "🇺",
            "1,",
            "1,00",
            "1.",
            "'90",
            "’90s",
            "A.B.C.D.E.F.G.",
            "don’t’s''",
            "a&",
            "&b",
            "_a_",
            "e\u{AD}",
            "ÿ.ÿ.ÿ.",
            "日本語のテキスト、です。",
            &quotes,
            &curly,
            &dots,
        ];
        for s in cases {
            assert_token_invariants(s, &tokenize(s));
        }
    }

    #[test]
    fn every_char_boundary_prefix_is_safe() {
        let s = "Putin’s “U.S.-led” 10% $5 a@b.com ’90s 🇺🇸 don't Zürich 北京 -5 https://x.y/z.";
        for (i, _) in s.char_indices() {
            let (a, b) = s.split_at(i);
            assert_token_invariants(a, &tokenize(a));
            assert_token_invariants(b, &tokenize(b));
        }
    }
}
