//! A faithful port of VADER (vaderSentiment 3.3.2, C.J. Hutto, MIT; lexicons in
//! `plugins/sentiment/data/` with their notice).
//!
//! Every rule of `SentimentIntensityAnalyzer.polarity_scores` is reproduced, quirks included:
//! emoji → description, whitespace tokenization with VADER's own punctuation stripping, boosters
//! and dampeners (distance-damped over 3 words), negation over 3 words ("never so", "without
//! doubt"), "no" as negator, ALL CAPS emphasis (only when the text mixes cases), "kind of",
//! "least", special-case idioms, the "but" rule (with the reference's first-equal-value quirk),
//! "!"/"?" amplification and the normalisation `x / sqrt(x² + 15)`.
//!
//! [`Vader::valences`] exposes the per-word valences after the rules, with byte offsets, for the
//! news and target models.

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

/// The VADER lexicon (word, mean valence, sd, ratings), unmodified.
pub const LEXICON: &str = include_str!("../../data/vader_lexicon.txt");
/// The VADER emoji lexicon (emoji, description), unmodified.
pub const EMOJI_LEXICON: &str = include_str!("../../data/emoji_utf8_lexicon.txt");

const B_INCR: f64 = 0.293;
const B_DECR: f64 = -0.293;
const C_INCR: f64 = 0.733;
const N_SCALAR: f64 = -0.74;

const NEGATE: &[&str] = &[
    "aint",
    "arent",
    "cannot",
    "cant",
    "couldnt",
    "darent",
    "didnt",
    "doesnt",
    "ain't",
    "aren't",
    "can't",
    "couldn't",
    "daren't",
    "didn't",
    "doesn't",
    "dont",
    "hadnt",
    "hasnt",
    "havent",
    "isnt",
    "mightnt",
    "mustnt",
    "neither",
    "don't",
    "hadn't",
    "hasn't",
    "haven't",
    "isn't",
    "mightn't",
    "mustn't",
    "neednt",
    "needn't",
    "never",
    "none",
    "nope",
    "nor",
    "not",
    "nothing",
    "nowhere",
    "oughtnt",
    "shant",
    "shouldnt",
    "uhuh",
    "wasnt",
    "werent",
    "oughtn't",
    "shan't",
    "shouldn't",
    "uh-uh",
    "wasn't",
    "weren't",
    "without",
    "wont",
    "wouldnt",
    "won't",
    "wouldn't",
    "rarely",
    "seldom",
    "despite",
];

/// Booster (+) and dampener (−) words, as in the reference `BOOSTER_DICT` (single words; the
/// three two-word entries are handled in [`code::booster2`]).
const BOOSTERS: &[(&str, f64)] = &[
    ("absolutely", B_INCR),
    ("amazingly", B_INCR),
    ("awfully", B_INCR),
    ("completely", B_INCR),
    ("considerable", B_INCR),
    ("considerably", B_INCR),
    ("decidedly", B_INCR),
    ("deeply", B_INCR),
    ("effing", B_INCR),
    ("enormous", B_INCR),
    ("enormously", B_INCR),
    ("entirely", B_INCR),
    ("especially", B_INCR),
    ("exceptional", B_INCR),
    ("exceptionally", B_INCR),
    ("extreme", B_INCR),
    ("extremely", B_INCR),
    ("fabulously", B_INCR),
    ("flipping", B_INCR),
    ("flippin", B_INCR),
    ("frackin", B_INCR),
    ("fracking", B_INCR),
    ("fricking", B_INCR),
    ("frickin", B_INCR),
    ("frigging", B_INCR),
    ("friggin", B_INCR),
    ("fully", B_INCR),
    ("fuckin", B_INCR),
    ("fucking", B_INCR),
    ("fuggin", B_INCR),
    ("fugging", B_INCR),
    ("greatly", B_INCR),
    ("hella", B_INCR),
    ("highly", B_INCR),
    ("hugely", B_INCR),
    ("incredible", B_INCR),
    ("incredibly", B_INCR),
    ("intensely", B_INCR),
    ("major", B_INCR),
    ("majorly", B_INCR),
    ("more", B_INCR),
    ("most", B_INCR),
    ("particularly", B_INCR),
    ("purely", B_INCR),
    ("quite", B_INCR),
    ("really", B_INCR),
    ("remarkably", B_INCR),
    ("so", B_INCR),
    ("substantially", B_INCR),
    ("thoroughly", B_INCR),
    ("total", B_INCR),
    ("totally", B_INCR),
    ("tremendous", B_INCR),
    ("tremendously", B_INCR),
    ("uber", B_INCR),
    ("unbelievably", B_INCR),
    ("unusually", B_INCR),
    ("utter", B_INCR),
    ("utterly", B_INCR),
    ("very", B_INCR),
    ("almost", B_DECR),
    ("barely", B_DECR),
    ("hardly", B_DECR),
    ("kinda", B_DECR),
    ("kindof", B_DECR),
    ("kind-of", B_DECR),
    ("less", B_DECR),
    ("little", B_DECR),
    ("marginal", B_DECR),
    ("marginally", B_DECR),
    ("occasional", B_DECR),
    ("occasionally", B_DECR),
    ("partly", B_DECR),
    ("scarce", B_DECR),
    ("scarcely", B_DECR),
    ("slight", B_DECR),
    ("slightly", B_DECR),
    ("somewhat", B_DECR),
    ("sorta", B_DECR),
    ("sortof", B_DECR),
    ("sort-of", B_DECR),
];

/// `negated([w])` of the reference for one word.
fn negated(w: &str) -> bool {
    NEGATE.contains(&w) || w.contains("n't")
}

/// Codes of the words the rules compare against (computed once per word, so that the rules
/// compare small integers instead of strings).
mod code {
    pub const NONE: u8 = 0;
    pub const NO: u8 = 1;
    pub const OR: u8 = 2;
    pub const NOR: u8 = 3;
    pub const KIND: u8 = 4;
    pub const OF: u8 = 5;
    pub const LEAST: u8 = 6;
    pub const AT: u8 = 7;
    pub const VERY: u8 = 8;
    pub const NEVER: u8 = 9;
    pub const SO: u8 = 10;
    pub const THIS: u8 = 11;
    pub const WITHOUT: u8 = 12;
    pub const DOUBT: u8 = 13;
    pub const BUT: u8 = 14;
    pub const THE: u8 = 15;
    pub const SHIT: u8 = 16;
    pub const BOMB: u8 = 17;
    pub const BAD: u8 = 18;
    pub const ASS: u8 = 19;
    pub const BUS: u8 = 20;
    pub const STOP: u8 = 21;
    pub const YEAH: u8 = 22;
    pub const RIGHT: u8 = 23;
    pub const BEATING: u8 = 24;
    pub const HEART: u8 = 25;
    pub const KISS: u8 = 26;
    pub const DEATH: u8 = 27;
    pub const TO: u8 = 28;
    pub const DIE: u8 = 29;
    pub const FOR: u8 = 30;
    pub const JUST: u8 = 31;
    pub const ENOUGH: u8 = 32;
    pub const SORT: u8 = 33;

    /// The words with a code.
    pub const WORDS: &[&str] = &[
        "no", "or", "nor", "kind", "of", "least", "at", "very", "never", "so", "this", "without", "doubt",
        "but", "the", "shit", "bomb", "bad", "ass", "bus", "stop", "yeah", "right", "beating", "heart",
        "kiss", "death", "to", "die", "for", "just", "enough", "sort",
    ];

    /// The code of a lowercased word.
    pub fn of(w: &str) -> u8 {
        match w {
            "no" => NO,
            "or" => OR,
            "nor" => NOR,
            "kind" => KIND,
            "of" => OF,
            "least" => LEAST,
            "at" => AT,
            "very" => VERY,
            "never" => NEVER,
            "so" => SO,
            "this" => THIS,
            "without" => WITHOUT,
            "doubt" => DOUBT,
            "but" => BUT,
            "the" => THE,
            "shit" => SHIT,
            "bomb" => BOMB,
            "bad" => BAD,
            "ass" => ASS,
            "bus" => BUS,
            "stop" => STOP,
            "yeah" => YEAH,
            "right" => RIGHT,
            "beating" => BEATING,
            "heart" => HEART,
            "kiss" => KISS,
            "death" => DEATH,
            "to" => TO,
            "die" => DIE,
            "for" => FOR,
            "just" => JUST,
            "enough" => ENOUGH,
            "sort" => SORT,
            _ => NONE,
        }
    }

    /// `SPECIAL_CASES` as two-word sequences ("badass", a single word, can never match one).
    pub fn special2(a: u8, b: u8) -> Option<f64> {
        Some(match (a, b) {
            (THE, SHIT) | (THE, BOMB) => 3.0,
            (BAD, ASS) => 1.5,
            (BUS, STOP) => 0.0,
            (YEAH, RIGHT) => -2.0,
            (BEATING, HEART) => 3.5,
            _ => return None,
        })
    }

    /// `SPECIAL_CASES` as three-word sequences.
    pub fn special3(a: u8, b: u8, c: u8) -> Option<f64> {
        match (a, b, c) {
            (KISS, OF, DEATH) => Some(-1.5),
            (TO, DIE, FOR) => Some(3.0),
            _ => None,
        }
    }

    /// The two-word entries of `BOOSTER_DICT`.
    pub fn booster2(a: u8, b: u8) -> Option<f64> {
        match (a, b) {
            (JUST, ENOUGH) | (KIND, OF) | (SORT, OF) => Some(super::B_DECR),
            _ => None,
        }
    }
}

/// Python's `str.isupper()`: at least one cased character and no lower- or title-case one.
pub fn py_isupper(s: &str) -> bool {
    if s.is_ascii() {
        let b = s.as_bytes();
        return !b.iter().any(u8::is_ascii_lowercase) && b.iter().any(u8::is_ascii_uppercase);
    }
    let mut cased = false;
    for c in s.chars() {
        if c.is_lowercase() {
            return false;
        }
        if c.is_uppercase() {
            cased = true;
        }
    }
    cased
}

/// Python's `str.isspace()` for one character (Unicode White_Space plus the separators 0x1C-0x1F).
pub fn py_isspace(c: char) -> bool {
    c.is_whitespace() || ('\x1c'..='\x1f').contains(&c)
}

/// VADER's `normalize`: `x / sqrt(x² + alpha)` with alpha = 15, clamped to [-1, 1].
pub fn normalize(score: f64) -> f64 {
    (score / (score * score + 15.0).sqrt()).clamp(-1.0, 1.0)
}

/// The scores of `polarity_scores` (unrounded; the reference rounds compound to 4 decimals and the
/// proportions to 3).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Polarity {
    pub neg: f64,
    pub neu: f64,
    pub pos: f64,
    pub compound: f64,
}

/// One word of VADER's tokenization: byte range into the text it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word {
    pub start: u32,
    pub end: u32,
}

/// VADER's tokenization: split on whitespace, strip leading/trailing ASCII punctuation unless
/// that leaves 2 characters or fewer (emoticons such as ":)" survive).
pub fn words_into(text: &str, out: &mut Vec<Word>) {
    scan_words(text, out);
}

/// The punctuation of a text that VADER's and the tone model's sentence scores look at, seen by
/// [`scan_words`] in its pass over the text's bytes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Marks {
    /// Number of `!`.
    pub exclaim: u32,
    /// Number of `?`.
    pub question: u32,
    /// Whether the text has a quotation mark: `"`, `''` or `“`.
    pub quote: bool,
}

impl Marks {
    /// The marks of `text` (what [`scan_words`] returns).
    pub fn of(text: &str) -> Marks {
        let b = text.as_bytes();
        let count = |x: u8| b.iter().filter(|&&c| c == x).count() as u32;
        Marks {
            exclaim: count(b'!'),
            question: count(b'?'),
            quote: b.contains(&b'"')
                || b.windows(2).any(|w| w == b"''")
                || b.windows(3).any(|w| w == "\u{201c}".as_bytes()),
        }
    }

    /// `!` (up to 4) and `?` (2 or more) emphasis of the reference ([`punctuation_emphasis`]).
    pub fn emphasis(&self) -> f64 {
        let ep = self.exclaim.min(4) as f64 * 0.292;
        let qm = self.question;
        let qa = if qm > 1 { if qm <= 3 { qm as f64 * 0.18 } else { 0.96 } } else { 0.0 };
        ep + qa
    }
}

/// Byte classes of [`scan_words`]: 0 for the bytes of most words (letters, digits, most
/// punctuation), so that its inner loop tests one table entry per byte.
const SCAN: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut c = 0;
    while c < 256 {
        t[c] = match c as u8 {
            b' ' | 9..=13 | 0x1c..=0x1f => S_SPACE,
            b'!' => S_EXCLAIM,
            b'?' => S_QUESTION,
            b'"' => S_QUOTE,
            b'\'' => S_APOS,
            0x80.. => S_HIGH,
            _ => 0,
        };
        c += 1;
    }
    t
};
const S_SPACE: u8 = 1;
const S_EXCLAIM: u8 = 2;
const S_QUESTION: u8 = 3;
const S_QUOTE: u8 = 4;
const S_APOS: u8 = 5;
const S_HIGH: u8 = 6;

/// [`words_into`], and the text's [`Marks`], in one pass over its bytes.
pub fn scan_words(text: &str, out: &mut Vec<Word>) -> Marks {
    out.clear();
    let b = text.as_bytes();
    let n = b.len();
    let mut marks = Marks::default();
    // Byte length of the (Python) whitespace character starting at non-ASCII byte `i`, 0 when
    // none. Only lead bytes of multi-byte characters are decoded (whitespace never starts
    // elsewhere).
    let high_space_at = |i: usize| -> usize {
        if b[i] < 0xc0 {
            return 0;
        }
        match text.get(i..).and_then(|s| s.chars().next()) {
            Some(ch) if py_isspace(ch) => ch.len_utf8(),
            _ => 0,
        }
    };
    let mut i = 0;
    while i < n {
        match SCAN[b[i] as usize] {
            S_SPACE => {
                i += 1;
                continue;
            }
            S_HIGH => {
                let w = high_space_at(i);
                if w > 0 {
                    i += w;
                    continue;
                }
            }
            _ => {}
        }
        let s = i;
        // The word's bytes; (almost) all of class 0.
        while i < n {
            // The run of class-0 bytes in one tight loop.
            i += b[i..].iter().position(|&c| SCAN[c as usize] != 0).unwrap_or(n - i);
            let Some(&c) = b.get(i) else { break };
            match SCAN[c as usize] {
                S_SPACE => break,
                S_EXCLAIM => marks.exclaim += 1,
                S_QUESTION => marks.question += 1,
                S_QUOTE => marks.quote = true,
                S_APOS => marks.quote |= b.get(i + 1) == Some(&b'\''),
                _ => {
                    if high_space_at(i) > 0 {
                        break;
                    }
                    marks.quote |= b[i] == 0xe2 && b.get(i + 1..i + 3) == Some(&[0x80, 0x9c]);
                }
            }
            i += 1;
        }
        let (mut a, mut e) = (s, i);
        while a < e && b[a].is_ascii_punctuation() {
            a += 1;
        }
        while e > a && b[e - 1].is_ascii_punctuation() {
            e -= 1;
        }
        // Two characters or fewer once stripped: the token is kept whole.
        if e - a <= 2 || b[a..e].iter().filter(|&&x| x & 0xc0 != 0x80).nth(2).is_none() {
            (a, e) = (s, i);
        }
        out.push(Word { start: a as u32, end: e as u32 });
    }
    marks
}

/// What the rules need to know of a lowercased word, looked up once per word (16 bytes, so that
/// the table stays small in cache).
#[derive(Debug, Clone, Copy)]
struct Entry {
    /// Lexicon valence; NaN when none.
    lex: f64,
    /// The tone model's word weights (polarity, intensity; see [`Vader::with_news`]) in units of
    /// 1e-4 (the model file's precision); [`NO_NEWS`] when the word has none.
    news: [i16; 2],
    /// Booster: 1 for [`B_INCR`], -1 for [`B_DECR`], 0 when none.
    boost: i8,
    neg: bool,
    code: u8,
    /// Word-class bits of the tone model (see [`Vader::with_news`]); 0 when none.
    class: u8,
}

impl Default for Entry {
    fn default() -> Self {
        Entry { lex: f64::NAN, news: NO_NEWS, boost: 0, neg: false, code: 0, class: 0 }
    }
}

impl Entry {
    fn lex(&self) -> Option<f64> {
        (!self.lex.is_nan()).then_some(self.lex)
    }

    fn boost(&self) -> Option<f64> {
        match self.boost {
            1 => Some(B_INCR),
            -1 => Some(B_DECR),
            _ => None,
        }
    }
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x100_0000_01b3;
/// Characters of a word prefix with its own tone weights ([`crate::tone::PREFIX_CHARS`]).
const PREFIX_CHARS: usize = crate::tone::PREFIX_CHARS;

/// Appends the lowercased form of a non-ASCII word to `lower` (Python's `str.lower`, as Rust's
/// `str::to_lowercase`, without allocating unless the word has a capital sigma, whose lowercase
/// depends on its place in the word) and returns whether the word is upper case
/// ([`py_isupper`]).
fn lower_into(raw: &str, lower: &mut String) -> bool {
    if raw.contains('\u{3a3}') {
        lower.push_str(&raw.to_lowercase());
        return py_isupper(raw);
    }
    let (mut has_lower, mut cased) = (false, false);
    for c in raw.chars() {
        if c.is_ascii() {
            has_lower |= c.is_ascii_lowercase();
            cased |= c.is_ascii_uppercase();
            lower.push(c.to_ascii_lowercase());
        } else {
            has_lower |= c.is_lowercase();
            cased |= c.is_uppercase();
            lower.extend(c.to_lowercase());
        }
    }
    cased && !has_lower
}

/// The table key of a lowercased word: its 64-bit FNV-1a hash (the table holds 14k words; a
/// collision with a word outside it is a 1-in-10^15 event per lookup).
#[inline]
fn key_of(lower: &[u8]) -> u64 {
    let mut h: u64 = FNV_OFFSET;
    for &b in lower {
        h = (h ^ b as u64).wrapping_mul(FNV_PRIME);
    }
    h
}

/// Per-word facts the rules look at.
#[derive(Debug, Clone, Copy, Default)]
struct Info {
    lex: Option<f64>,
    /// Booster or dampener value.
    boost: Option<f64>,
    upper: bool,
    /// `negated([w])`.
    neg: bool,
    /// [`code::of`] the lowercased word.
    code: u8,
    /// The tone model's word weights ([`NO_NEWS`] when none).
    news: [i16; 2],
    /// Word-class bits of the tone model.
    class: u8,
}

/// [`Entry::news`] of a word without tone weights.
const NO_NEWS: [i16; 2] = [i16::MIN; 2];

/// Reusable buffers for [`Vader::valences`].
#[derive(Debug, Default)]
pub struct Scratch {
    lower: String,
    /// Range of each word's lowercased form in `lower`.
    lower_at: Vec<(u32, u32)>,
    info: Vec<Info>,
    pub words: Vec<Word>,
    pub valences: Vec<f64>,
    text: String,
    /// Whether the last [`Vader::valences`] call looked the news lexicon up too.
    news: bool,
}

/// The VADER analyzer: lexicon and emoji table.
#[derive(Debug, Clone)]
pub struct Vader {
    /// Lexicon valence, booster value, negation and rule code of every word that has any (and
    /// the news-lexicon tone, when merged in by [`Vader::with_news`]).
    table: FxHashMap<u64, Entry>,
    emojis: FxHashMap<char, Box<str>>,
    /// Whether a news lexicon is merged into `table`.
    news: bool,
    /// The tone model's prefix weights (units of 1e-4), keyed like `table` by the prefix
    /// ([`crate::tone::prefix_of`]): the weights of a word without its own.
    prefixes: FxHashMap<u64, [i16; 2]>,
}

impl Vader {
    /// Parses the lexicons (lines `word\tmean\t…` and `emoji\tdescription`); bad lines are skipped.
    pub fn parse(lexicon: &str, emojis: &str) -> Vader {
        let mut words: FxHashMap<Box<str>, Entry> = FxHashMap::default();
        for line in lexicon.lines() {
            let mut parts = line.trim().split('\t');
            if let (Some(w), Some(m)) = (parts.next(), parts.next())
                && let Ok(v) = m.parse::<f64>()
            {
                words.entry(w.into()).or_default().lex = v;
            }
        }
        for &(w, b) in BOOSTERS {
            words.entry(w.into()).or_default().boost = if b > 0.0 { 1 } else { -1 };
        }
        for w in NEGATE.iter().chain(code::WORDS) {
            words.entry((*w).into()).or_default();
        }
        let mut table = FxHashMap::default();
        for (w, mut e) in words {
            e.neg = negated(&w);
            e.code = code::of(&w);
            table.insert(key_of(w.as_bytes()), e);
        }
        let mut em = FxHashMap::default();
        for line in emojis.lines() {
            let mut parts = line.trim().split('\t');
            if let (Some(e), Some(d)) = (parts.next(), parts.next()) {
                let mut cs = e.chars();
                // Only single code points can match: the reference looks up one character at a time.
                if let (Some(c), None) = (cs.next(), cs.next()) {
                    em.insert(c, d.into());
                }
            }
        }
        Vader { table, emojis: em, news: false, prefixes: FxHashMap::default() }
    }

    /// This analyzer with the tone model's word weights (lowercased word → polarity and
    /// intensity weights), prefix weights (the weights of a word without its own, by its
    /// [`crate::tone::prefix_of`]) and word classes (lowercased word → class bits) merged into
    /// its tables, so that one lookup per word serves the rules and the tone ([`Scratch::news`],
    /// [`Scratch::class`]). The VADER results are unchanged: a word added only for its weights
    /// or class has no valence, booster or rule code, and the negation flag a missing word would
    /// get.
    pub fn with_news<'a>(
        &self,
        lexicon: impl IntoIterator<Item = (&'a str, [f32; 2])>,
        prefixes: impl IntoIterator<Item = (&'a str, [f32; 2])>,
        classes: impl IntoIterator<Item = (&'a str, u8)>,
    ) -> Vader {
        let mut v = self.clone();
        fn entry<'t>(table: &'t mut FxHashMap<u64, Entry>, w: &str) -> &'t mut Entry {
            table.entry(key_of(w.as_bytes())).or_insert_with(|| Entry {
                neg: negated(w),
                code: code::of(w),
                ..Entry::default()
            })
        }
        // Weights in units of 1e-4 (exact for the model file's 4 decimals).
        let units = |tone: [f32; 2]| tone.map(|x| (x as f64 * 1e4).round().clamp(-32767.0, 32767.0) as i16);
        for (w, tone) in lexicon {
            entry(&mut v.table, w).news = units(tone);
        }
        for (p, tone) in prefixes {
            v.prefixes.insert(key_of(p.as_bytes()), units(tone));
        }
        for (w, class) in classes {
            entry(&mut v.table, w).class |= class;
        }
        v.news = true;
        v
    }

    /// The embedded lexicons, parsed once per process.
    pub fn shipped() -> &'static Vader {
        static V: OnceLock<Vader> = OnceLock::new();
        V.get_or_init(|| Vader::parse(LEXICON, EMOJI_LEXICON))
    }

    /// The lexicon valence of a lowercased word.
    pub fn lexicon(&self, lower: &str) -> Option<f64> {
        self.table.get(&key_of(lower.as_bytes())).and_then(Entry::lex)
    }

    /// The reference `polarity_scores(text)`, unrounded.
    pub fn polarity_scores(&self, text: &str) -> Polarity {
        let mut scratch = Scratch::default();
        self.polarity_scores_with(text, &mut scratch)
    }

    /// [`polarity_scores`](Self::polarity_scores) with reusable buffers.
    pub fn polarity_scores_with(&self, text: &str, scratch: &mut Scratch) -> Polarity {
        let mut conv = std::mem::take(&mut scratch.text);
        conv.clear();
        let text =
            if text.is_ascii() { text.trim_matches(py_isspace) } else { self.demojize(text, &mut conv) };
        let mut words = std::mem::take(&mut scratch.words);
        let marks = scan_words(text, &mut words);
        self.valences(text, &words, scratch);
        let p = score_valence_with(&scratch.valences, marks.emphasis());
        scratch.words = words;
        scratch.text = conv;
        p
    }

    /// Emojis replaced by their descriptions (space-separated as in the reference), stripped.
    fn demojize<'a>(&self, text: &str, out: &'a mut String) -> &'a str {
        let mut prev_space = true;
        for c in text.chars() {
            if let Some(d) = self.emojis.get(&c) {
                if !prev_space {
                    out.push(' ');
                }
                out.push_str(d);
                prev_space = false;
            } else {
                out.push(c);
                prev_space = c == ' ';
            }
        }
        out.trim_matches(py_isspace)
    }

    /// The per-word valences after every rule (booster, negation, caps, idioms, "least", "but"),
    /// for `words` of `text` (as made by [`words_into`]); result in `scratch.valences`.
    pub fn valences(&self, text: &str, words: &[Word], scratch: &mut Scratch) {
        use code::*;
        let Scratch { lower, lower_at, info, valences, news, .. } = scratch;
        *news = self.news;
        lower.clear();
        lower_at.clear();
        info.clear();
        valences.clear();
        let mut n_upper = 0usize;
        for w in words {
            let raw = text.get(w.start as usize..w.end as usize).unwrap_or("");
            let s = lower.len();
            // One pass over the bytes of an ASCII word: its lowercased form, the cases
            // `str.isupper` looks at, and the table keys ([`key_of`]) of the word and its prefix.
            let (mut has_lower, mut has_upper) = (false, false);
            let (mut key, mut key4) = (FNV_OFFSET, None);
            let mut ascii = true;
            for (j, &c) in raw.as_bytes().iter().enumerate() {
                if c >= 0x80 {
                    ascii = false;
                    break;
                }
                has_lower |= c.is_ascii_lowercase();
                has_upper |= c.is_ascii_uppercase();
                let l = c.to_ascii_lowercase();
                lower.push(l as char);
                if j == PREFIX_CHARS {
                    key4 = Some(key);
                }
                key = (key ^ l as u64).wrapping_mul(FNV_PRIME);
            }
            let upper = if ascii {
                has_upper && !has_lower
            } else {
                lower.truncate(s);
                lower_into(raw, lower)
            };
            let e = lower.len();
            lower_at.push((s as u32, e as u32));
            let lw = lower.get(s..e).unwrap_or("");
            if !ascii {
                key = key_of(lw.as_bytes());
            }
            n_upper += upper as usize;
            let mut e = match self.table.get(&key) {
                Some(e) => *e,
                None => Entry { neg: lw.as_bytes().windows(3).any(|x| x == b"n't"), ..Entry::default() },
            };
            if e.news == NO_NEWS && !self.prefixes.is_empty() {
                let prefix =
                    if ascii { key4 } else { crate::tone::prefix_of(lw).map(|p| key_of(p.as_bytes())) };
                if let Some(v) = prefix.and_then(|k| self.prefixes.get(&k)) {
                    e.news = *v;
                }
            }
            info.push(Info {
                lex: e.lex(),
                boost: e.boost(),
                upper,
                neg: e.neg,
                code: e.code,
                news: e.news,
                class: e.class,
            });
        }
        let n = words.len();
        let cap_diff = n - n_upper;
        let is_cap_diff = 0 < cap_diff && cap_diff < n;
        let c = |i: usize| info[i].code;
        for i in 0..n {
            let it = info[i];
            if it.boost.is_some() || (i + 1 < n && it.code == KIND && c(i + 1) == OF) {
                valences.push(0.0);
                continue;
            }
            let Some(lex) = it.lex else {
                valences.push(0.0);
                continue;
            };
            let mut valence = lex;
            if it.code == NO && i != n - 1 && info[i + 1].lex.is_some() {
                valence = 0.0;
            }
            if (i > 0 && c(i - 1) == NO)
                || (i > 1 && c(i - 2) == NO)
                || (i > 2 && c(i - 3) == NO && matches!(c(i - 1), OR | NOR))
            {
                valence = lex * N_SCALAR;
            }
            if it.upper && is_cap_diff {
                if valence > 0.0 {
                    valence += C_INCR;
                } else {
                    valence -= C_INCR;
                }
            }
            for start_i in 0..3 {
                if i > start_i && info[i - (start_i + 1)].lex.is_none() {
                    let j = i - (start_i + 1);
                    let mut s = 0.0;
                    if let Some(b) = info[j].boost {
                        s = b;
                        if valence < 0.0 {
                            s *= -1.0;
                        }
                        if info[j].upper && is_cap_diff {
                            if valence > 0.0 {
                                s += C_INCR;
                            } else {
                                s -= C_INCR;
                            }
                        }
                    }
                    if start_i == 1 && s != 0.0 {
                        s *= 0.95;
                    }
                    if start_i == 2 && s != 0.0 {
                        s *= 0.9;
                    }
                    valence += s;
                    // _negation_check
                    match start_i {
                        0 => {
                            if info[i - 1].neg {
                                valence *= N_SCALAR;
                            }
                        }
                        1 => {
                            if c(i - 2) == NEVER && matches!(c(i - 1), SO | THIS) {
                                valence *= 1.25;
                            } else if c(i - 2) == WITHOUT && c(i - 1) == DOUBT {
                            } else if info[i - 2].neg {
                                valence *= N_SCALAR;
                            }
                        }
                        _ => {
                            if (c(i - 3) == NEVER && matches!(c(i - 2), SO | THIS))
                                || matches!(c(i - 1), SO | THIS)
                            {
                                valence *= 1.25;
                            } else if c(i - 3) == WITHOUT && (c(i - 2) == DOUBT || c(i - 1) == DOUBT) {
                            } else if info[i - 3].neg {
                                valence *= N_SCALAR;
                            }
                            // _special_idioms_check
                            let (w3, w2, w1, w0) = (c(i - 3), c(i - 2), c(i - 1), it.code);
                            if let Some(v) = special2(w1, w0)
                                .or_else(|| special3(w2, w1, w0))
                                .or_else(|| special2(w2, w1))
                                .or_else(|| special3(w3, w2, w1))
                                .or_else(|| special2(w3, w2))
                            {
                                valence = v;
                            }
                            if n - 1 > i
                                && let Some(v) = special2(w0, c(i + 1))
                            {
                                valence = v;
                            }
                            if n > i + 2
                                && let Some(v) = special3(w0, c(i + 1), c(i + 2))
                            {
                                valence = v;
                            }
                            for b in [booster2(w3, w2), booster2(w2, w1)].into_iter().flatten() {
                                valence += b;
                            }
                        }
                    }
                }
            }
            // _least_check
            if i > 1 && info[i - 1].lex.is_none() && c(i - 1) == LEAST {
                if c(i - 2) != AT && c(i - 2) != VERY {
                    valence *= N_SCALAR;
                }
            } else if i > 0 && info[i - 1].lex.is_none() && c(i - 1) == LEAST {
                valence *= N_SCALAR;
            }
            valences.push(valence);
        }
        // _but_check, with the reference's quirk: each value is written back at the first index
        // holding an equal value.
        if let Some(bi) = (0..n).find(|&i| c(i) == BUT) {
            for k in 0..n {
                let v = valences[k];
                let si = valences.iter().position(|&x| x == v).unwrap_or(k);
                if si < bi {
                    valences[si] = v * 0.5;
                } else if si > bi {
                    valences[si] = v * 1.5;
                }
            }
        }
    }
}

impl Scratch {
    /// The lowercased form of word `i` of the last [`Vader::valences`] call.
    pub fn lower(&self, i: usize) -> &str {
        self.lower_at.get(i).and_then(|&(s, e)| self.lower.get(s as usize..e as usize)).unwrap_or("")
    }

    /// The number of words of the last [`Vader::valences`] call.
    pub fn len(&self) -> usize {
        self.lower_at.len()
    }

    /// Whether the last [`Vader::valences`] call had no word.
    pub fn is_empty(&self) -> bool {
        self.lower_at.is_empty()
    }

    /// Whether word `i` of the last call is a negation word (`negated([w])` of the reference).
    pub fn negation(&self, i: usize) -> bool {
        self.info.get(i).is_some_and(|x| x.neg)
    }

    /// Whether [`news`](Self::news) holds the tone model's word weights (the last call was made
    /// with a [`Vader::with_news`] analyzer).
    pub fn has_news(&self) -> bool {
        self.news
    }

    /// The tone model's word weights of word `i` of the last call: its own (plus its prefix's)
    /// or else its prefix's (`None` when it has neither, or without merged weights).
    pub fn news(&self, i: usize) -> Option<[f32; 2]> {
        self.info.get(i).map(|x| x.news).filter(|v| *v != NO_NEWS).map(|v| v.map(|x| x as f32 * 1e-4))
    }

    /// Per word of the last call: whether it is a negation word, its word-class bits and its
    /// tone weights in units of 1e-4 (`None` when it has none; see [`news`](Self::news)).
    pub fn tone_words(&self) -> impl Iterator<Item = (bool, u8, Option<[i16; 2]>)> + '_ {
        self.info.iter().map(|x| (x.neg, x.class, (x.news != NO_NEWS).then_some(x.news)))
    }

    /// The tone model's word-class bits of word `i` of the last call (0 when none or without
    /// merged classes).
    pub fn class(&self, i: usize) -> u8 {
        self.info.get(i).map_or(0, |x| x.class)
    }

    /// VADER's lexicon valence of word `i` of the last call, before the rules.
    pub fn lexicon(&self, i: usize) -> Option<f64> {
        self.info.get(i).and_then(|x| x.lex)
    }
}

/// `!` (up to 4) and `?` (2 or more) emphasis of the reference.
pub fn punctuation_emphasis(text: &str) -> f64 {
    let ep = text.bytes().filter(|&b| b == b'!').count().min(4) as f64 * 0.292;
    let qm = text.bytes().filter(|&b| b == b'?').count();
    let qa = if qm > 1 { if qm <= 3 { qm as f64 * 0.18 } else { 0.96 } } else { 0.0 };
    ep + qa
}

/// The reference `score_valence`: compound and the neg/neu/pos proportions.
pub fn score_valence(sentiments: &[f64], text: &str) -> Polarity {
    if sentiments.is_empty() {
        return Polarity::default();
    }
    score_valence_with(sentiments, punctuation_emphasis(text))
}

/// [`score_valence`] with the text's punctuation emphasis `amp` ([`Marks::emphasis`]) given.
pub fn score_valence_with(sentiments: &[f64], amp: f64) -> Polarity {
    if sentiments.is_empty() {
        return Polarity::default();
    }
    // One pass; each sum is taken in the reference's order.
    let (mut sum_s, mut pos_sum, mut neg_sum, mut neu) = (0.0f64, 0.0f64, 0.0f64, 0usize);
    for &s in sentiments {
        sum_s += s;
        if s > 0.0 {
            pos_sum += s + 1.0;
        } else if s < 0.0 {
            neg_sum += s - 1.0;
        } else if s == 0.0 {
            neu += 1;
        }
    }
    if sum_s > 0.0 {
        sum_s += amp;
    } else if sum_s < 0.0 {
        sum_s -= amp;
    }
    let compound = normalize(sum_s);
    if pos_sum > neg_sum.abs() {
        pos_sum += amp;
    } else if pos_sum < neg_sum.abs() {
        neg_sum -= amp;
    }
    let total = pos_sum + neg_sum.abs() + neu as f64;
    if total == 0.0 {
        return Polarity { compound, ..Polarity::default() };
    }
    Polarity {
        neg: (neg_sum / total).abs(),
        neu: (neu as f64 / total).abs(),
        pos: (pos_sum / total).abs(),
        compound,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(text: &str) -> f64 {
        (Vader::shipped().polarity_scores(text).compound * 1e4).round() / 1e4
    }

    /// The reference's own examples, with the scores vaderSentiment 3.3.2 prints.
    #[test]
    fn reference_examples() {
        let cases = [
            ("VADER is smart, handsome, and funny.", 0.8316),
            ("VADER is smart, handsome, and funny!", 0.8439),
            ("VADER is very smart, handsome, and funny.", 0.8545),
            ("VADER is VERY SMART, handsome, and FUNNY.", 0.9227),
            ("VADER is VERY SMART, handsome, and FUNNY!!!", 0.9342),
            ("VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!", 0.9469),
            ("VADER is not smart, handsome, nor funny.", -0.7424),
            ("The book was good.", 0.4404),
            ("At least it isn't a horrible book.", 0.431),
            ("The book was only kind of good.", 0.3832),
            ("The plot was good, but the characters are uncompelling and the dialog is not great.", -0.7042),
            ("Today SUX!", -0.5461),
            ("Today only kinda sux! But I'll get by, lol", 0.5249),
            ("Make sure you :) or :D today!", 0.8633),
            ("Catch utf-8 emoji such as 💘 and 💋 and 😁", 0.875),
            ("Not bad at all", 0.431),
        ];
        for (text, want) in cases {
            assert!((c(text) - want).abs() < 1e-4, "{text}: {} != {want}", c(text));
        }
    }

    #[test]
    fn edge_cases() {
        assert_eq!(c(""), 0.0);
        assert_eq!(c("   "), 0.0);
        assert_eq!(c("!!!"), 0.0);
        assert!(c("GREAT GREAT") > 0.0);
    }

    /// VADER's tokenization on non-ASCII text (the byte-level path): Unicode whitespace splits,
    /// curly quotes are not ASCII punctuation and stay, and the two-character rule counts
    /// characters, not bytes.
    #[test]
    fn words_of_non_ascii_text() {
        let t = "“Great” day\u{a0}ok!! é! :) —war.";
        let mut w = Vec::new();
        words_into(t, &mut w);
        let got: Vec<&str> = w.iter().map(|w| &t[w.start as usize..w.end as usize]).collect();
        assert_eq!(got, ["“Great”", "day", "ok!!", "é!", ":)", "—war"]);
    }

    /// A merged news lexicon changes no VADER result and is readable per word.
    #[test]
    fn merged_news_lexicon_keeps_vader() {
        let v = Vader::shipped();
        let m = v.with_news(
            [("invasion", [-0.5f32, 0.5]), ("good", [0.25, 0.0]), ("isn't", [0.1, 0.0])],
            [("invi", [0.5f32, 0.0])],
            [("but", 1u8), ("should", 2), ("good", 4)],
        );
        for t in ["The invasion was not good.", "It isn't a horrible book, but kind of good!", "NO WAY 😁"]
        {
            assert_eq!(v.polarity_scores(t), m.polarity_scores(t), "{t}");
        }
        let mut s = Scratch::default();
        let t = "the invasion was good";
        let mut w = Vec::new();
        words_into(t, &mut w);
        m.valences(t, &w, &mut s);
        assert!(s.has_news());
        assert_eq!((s.news(0), s.news(1), s.news(3)), (None, Some([-0.5, 0.5]), Some([0.25, 0.0])));
        assert_eq!((s.class(0), s.class(3)), (0, 4));
        let t = "the invitation";
        words_into(t, &mut w);
        m.valences(t, &w, &mut s);
        assert_eq!((s.news(0), s.news(1)), (None, Some([0.5, 0.0])));
        assert_eq!(std::mem::size_of::<Entry>(), 16);
        v.valences(t, &w, &mut s);
        assert!(!s.has_news() && s.news(1).is_none());
    }

    /// The one-pass tokenizer finds the punctuation marks that a separate scan finds, and the
    /// words' lowercased forms and prefix weights are those of the plain definitions.
    #[test]
    fn scan_words_marks_and_lowercasing() {
        for t in [
            "Is it? No!! \"Yes\" he said\u{2009}\u{201c}fine\u{201d} -- ''ok'' it's",
            "\u{3a3}\u{39f}\u{3a3} \u{39f}\u{3a3}\u{39f}\u{3a3} \u{c9}TAIT \u{e9}t\u{c9} INVITATIONS\u{2019}",
            "",
            "   ",
        ] {
            let (mut a, mut b) = (Vec::new(), Vec::new());
            let marks = scan_words(t, &mut a);
            words_into(t, &mut b);
            assert_eq!((a, marks), (b, Marks::of(t)), "{t}");
        }
        let m =
            Vader::shipped().with_news([], [("invi", [0.5f32, 0.0]), ("\u{e9}t\u{e9}e", [0.25, 0.0])], []);
        let t = "\u{3a3}\u{39f}\u{3a3} \u{c9}T\u{c9}E INVITATIONS\u{2019} \u{c9}t\u{e9}es";
        let (mut w, mut s) = (Vec::new(), Scratch::default());
        words_into(t, &mut w);
        m.valences(t, &w, &mut s);
        let lower: Vec<&str> = (0..s.len()).map(|i| s.lower(i)).collect();
        let expected: Vec<String> =
            w.iter().map(|x| t[x.start as usize..x.end as usize].to_lowercase()).collect();
        assert_eq!(lower, expected);
        assert_eq!(s.news(2), Some([0.5, 0.0]));
        assert_eq!(s.news(3), Some([0.25, 0.0]));
        assert_eq!(s.news(1), None);
    }
}
