//! The gazetteer: places with their names, GeoNames ids and points, read from the compact text
//! file `data/gazetteer.tsv` built by `cargo xtask gazetteer` (format in `data/README.md`).
//!
//! Names are looked up by a normalized key ([`normalize`]): the name's tokens (the shared
//! tokenizer, words split at hyphens), lowercased, common Latin diacritics folded, "St."/"Ft."/
//! "Mt." expanded, joined by one space. The builder stores keys already normalized, so loading is
//! one pass over the lines and a hash map.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use news_core::text::{Token, TokenKind, tokenize};

/// What kind of place an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Country,
    Admin1,
    Admin2,
    Continent,
    Region,
    Water,
    Mountain,
    City,
}

impl Kind {
    /// The one-letter code of the file format.
    pub fn code(self) -> char {
        match self {
            Kind::Country => 'C',
            Kind::Admin1 => 'A',
            Kind::Admin2 => 'B',
            Kind::Continent => 'K',
            Kind::Region => 'R',
            Kind::Water => 'W',
            Kind::Mountain => 'M',
            Kind::City => 'P',
        }
    }

    pub fn from_code(c: &str) -> Option<Kind> {
        Some(match c {
            "C" => Kind::Country,
            "A" => Kind::Admin1,
            "B" => Kind::Admin2,
            "K" => Kind::Continent,
            "R" => Kind::Region,
            "W" => Kind::Water,
            "M" => Kind::Mountain,
            "P" => Kind::City,
            _ => return None,
        })
    }

    /// The `feature` string of the JSON output.
    pub fn feature(self) -> &'static str {
        match self {
            Kind::Country => "country",
            Kind::Admin1 => "admin1",
            Kind::Admin2 => "admin2",
            Kind::Continent => "continent",
            Kind::Region => "region",
            Kind::Water => "water",
            Kind::Mountain => "mountain",
            Kind::City => "city",
        }
    }
}

/// How a key names a place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NameKind {
    /// The place's own name (GeoNames `name`/`asciiname`, or a hand-kept main form).
    Main,
    /// An alternate name.
    Alt,
    /// An abbreviation ("Calif.", "B.C.", "U.S."): accepted without the capitalisation tests.
    Abbrev,
    /// A nationality word ("Chinese", "Russians") naming a country.
    Demonym,
}

impl NameKind {
    pub fn code(self) -> char {
        match self {
            NameKind::Main => 'm',
            NameKind::Alt => 'a',
            NameKind::Abbrev => 'b',
            NameKind::Demonym => 'd',
        }
    }

    fn from_code(c: u8) -> Option<NameKind> {
        Some(match c {
            b'm' => NameKind::Main,
            b'a' => NameKind::Alt,
            b'b' => NameKind::Abbrev,
            b'd' => NameKind::Demonym,
            _ => return None,
        })
    }
}

/// One place of the gazetteer.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    pub geonameid: Option<u64>,
    pub kind: Kind,
    /// ISO 3166-1 alpha-2, empty for places in no single country.
    pub country: &'static str,
    /// GeoNames admin1 code within the country ("TX", "08"), empty when none or unknown.
    pub admin1: &'static str,
    pub lat: f32,
    pub lon: f32,
    pub population: u64,
    /// A national capital.
    pub capital: bool,
    pub name: &'static str,
}

/// A key's reading: which place, and how the key names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    pub place: u32,
    pub how: NameKind,
}

/// FNV-1a: a fast hasher for the short keys of the name table (no untrusted-input DoS concern
/// that would matter here: keys come from the article, but the table is fixed and the worst case
/// is a slower lookup).
#[derive(Default, Clone, Copy)]
pub struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        // fmix64 (MurmurHash3): FNV's high bits, which the table's control bytes use, mix poorly.
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 { 0xcbf2_9ce4_8422_2325 } else { self.0 };
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

/// The loaded gazetteer.
///
/// Keys and names borrow from the (compiled-in, `'static`) file text: loading allocates no
/// strings. A key maps to the head of a linked list of its readings in `entries`.
#[derive(Debug, Default)]
pub struct Gazetteer {
    pub places: Vec<Place>,
    names: FastMap<&'static str, u32>,
    /// (reading, index of the next reading of the same key or `u32::MAX`).
    entries: Vec<(Entry, u32)>,
    common: FastMap<&'static str, ()>,
    countries: FastMap<&'static str, u32>,
    admin1: FastMap<(&'static str, &'static str), u32>,
    /// The longest key, in pieces.
    pub max_pieces: usize,
}

/// Why a gazetteer file could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("gazetteer line {line}: {message}")]
pub struct FormatError {
    pub line: usize,
    pub message: String,
}

/// The first line of a gazetteer file.
pub const HEADER: &str = "#news-gazetteer\t1";

impl Gazetteer {
    /// Parses the text format (see `data/README.md`).
    pub fn parse(text: &'static str) -> Result<Gazetteer, FormatError> {
        let mut g = Gazetteer::default();
        let mut lines = text.lines().enumerate();
        match lines.next() {
            Some((_, first)) if first.trim_end() == HEADER => {}
            _ => return Err(FormatError { line: 1, message: format!("expected `{HEADER}`") }),
        }
        let err = |line: usize, message: &str| FormatError { line: line + 1, message: message.to_owned() };
        // Sized from the text, not guessed: the keys of a place are the `|`-separated items of
        // its last field, so there are at most (separators + place lines) readings. The name
        // table is the largest part of the loaded gazetteer, and a hash table reserved twice
        // too large stays twice too large.
        let b = text.as_bytes();
        // A place line starts "P\t"; the byte count is a vectorized loop.
        let place_lines = memchr::memmem::find_iter(b, b"\nP\t").count();
        let separators = b.iter().filter(|&&x| x == b'|').count();
        g.names.reserve(separators + place_lines);
        g.entries.reserve(separators + place_lines);
        g.places.reserve(place_lines);
        for (n, line) in lines {
            let mut f = line.split('\t');
            match f.next() {
                Some("P") => {
                    let mut next = || f.next().ok_or_else(|| err(n, "too few fields"));
                    let gid = next()?;
                    let geonameid = if gid.is_empty() {
                        None
                    } else {
                        Some(gid.parse().map_err(|_| err(n, "bad geonameid"))?)
                    };
                    let kind = Kind::from_code(next()?).ok_or_else(|| err(n, "bad kind"))?;
                    let country = next()?;
                    let admin1 = next()?;
                    let lat: f32 = next()?.parse().map_err(|_| err(n, "bad lat"))?;
                    let lon: f32 = next()?.parse().map_err(|_| err(n, "bad lon"))?;
                    let population = next()?.parse().map_err(|_| err(n, "bad population"))?;
                    let capital = next()? == "1";
                    let name = next()?;
                    let keys = next()?;
                    let idx = u32::try_from(g.places.len()).map_err(|_| err(n, "too many places"))?;
                    for item in keys.split('|').filter(|k| k.len() > 2) {
                        let how =
                            NameKind::from_code(item.as_bytes()[0]).ok_or_else(|| err(n, "bad name kind"))?;
                        let key = item.get(2..).unwrap_or("");
                        g.max_pieces = g.max_pieces.max(key.bytes().filter(|&b| b == b' ').count() + 1);
                        let at = u32::try_from(g.entries.len()).map_err(|_| err(n, "too many names"))?;
                        // The builder writes each key once per place.
                        let head = g.names.entry(key).or_insert(u32::MAX);
                        g.entries.push((Entry { place: idx, how }, *head));
                        *head = at;
                    }
                    match kind {
                        Kind::Country => {
                            g.countries.insert(country, idx);
                        }
                        Kind::Admin1 => {
                            g.admin1.insert((country, admin1), idx);
                        }
                        _ => {}
                    }
                    g.places.push(Place {
                        geonameid,
                        kind,
                        country,
                        admin1,
                        lat,
                        lon,
                        population,
                        capital,
                        name,
                    });
                }
                Some("C") => {
                    if let Some(key) = f.next() {
                        g.common.insert(key, ());
                    }
                }
                Some(s) if s.starts_with('#') || s.is_empty() => {}
                Some(_) => return Err(err(n, "unknown record")),
                None => {}
            }
        }
        g.max_pieces = g.max_pieces.clamp(1, 8);
        Ok(g)
    }

    /// The readings of a normalized key, in file order.
    pub fn lookup(&self, key: &str) -> Vec<Entry> {
        let mut out = Vec::new();
        let mut k = self.names.get(key).copied().unwrap_or(u32::MAX);
        while let Some(&(e, next)) = self.entries.get(k as usize) {
            out.push(e);
            k = next;
        }
        out.reverse();
        out
    }

    /// True when the key names something.
    pub fn contains(&self, key: &str) -> bool {
        self.names.contains_key(key)
    }

    /// True when the key is also a common lower-case English word ("nice", "reading").
    pub fn is_common(&self, key: &str) -> bool {
        self.common.contains_key(key)
    }

    pub fn place(&self, idx: u32) -> Option<&Place> {
        self.places.get(idx as usize)
    }

    /// The country entry of an ISO code.
    pub fn country(&self, iso: &str) -> Option<u32> {
        self.countries.get(iso).copied()
    }

    /// The admin1 entry of a country and GeoNames admin1 code.
    pub fn admin1(&self, iso: &str, code: &str) -> Option<u32> {
        if code.is_empty() {
            return None;
        }
        self.admin1.get(&(iso, code)).copied()
    }

    /// Number of distinct keys.
    pub fn key_count(&self) -> usize {
        self.names.len()
    }
}

/// Folds a lower-case character's common Latin diacritics ("é" → "e").
pub fn fold(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
        'ç' | 'ć' | 'č' | 'ĉ' => 'c',
        'ď' | 'đ' => 'd',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => 'e',
        'ğ' | 'ģ' => 'g',
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => 'i',
        'ķ' => 'k',
        'ł' | 'ľ' | 'ļ' => 'l',
        'ñ' | 'ń' | 'ň' | 'ņ' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => 'o',
        'ř' => 'r',
        'ś' | 'š' | 'ş' | 'ș' => 's',
        'ť' | 'ţ' | 'ț' => 't',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => 'u',
        'ý' | 'ÿ' => 'y',
        'ź' | 'ż' | 'ž' => 'z',
        '’' | 'ʻ' | '`' | '´' => '\'',
        _ => c,
    }
}

/// Appends the normalized form of one piece (a token or part of a hyphenated token) to `out`.
pub fn push_piece(piece: &str, out: &mut String) {
    let start = out.len();
    for c in piece.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            for l in c.to_lowercase() {
                out.push(fold(l));
            }
        }
    }
    let replacement = match out.get(start..) {
        Some("st." | "st") => Some("saint"),
        Some("ste." | "ste") => Some("sainte"),
        Some("ft." | "ft") => Some("fort"),
        Some("mt." | "mt") => Some("mount"),
        _ => None,
    };
    if let Some(r) = replacement {
        out.truncate(start);
        out.push_str(r);
    }
}

/// Splits text into matching pieces: the shared tokenizer's tokens, with words split at inner
/// hyphens ("US-led" → "US", "-", "led"). Returns byte ranges and whether the piece is a word.
pub fn pieces(text: &str) -> Vec<Piece> {
    pieces_of(text, &tokenize(text))
}

/// [`pieces`] from the tokens of `text` already made (`tokenize(text)`).
pub fn pieces_of(text: &str, tokens: &[Token]) -> Vec<Piece> {
    let mut out = Vec::with_capacity(tokens.len() + tokens.len() / 16);
    for t in tokens {
        let s = t.text(text);
        let word = t.kind == TokenKind::Word;
        if word && s.contains('-') && !s.starts_with('-') && !s.ends_with('-') {
            let mut pos = t.start as usize;
            for (i, part) in s.split('-').enumerate() {
                if i > 0 {
                    out.push(Piece { start: pos, end: pos + 1, word: false, hyphen: true });
                    pos += 1;
                }
                if !part.is_empty() {
                    out.push(Piece { start: pos, end: pos + part.len(), word: true, hyphen: false });
                }
                pos += part.len();
            }
        } else {
            let (start, end) = (t.start as usize, t.end as usize);
            out.push(Piece { start, end, word, hyphen: false });
        }
    }
    out
}

/// A piece of text for matching.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Piece {
    pub start: usize,
    pub end: usize,
    pub word: bool,
    pub hyphen: bool,
}

/// The normalized key of a name (see the module docs).
pub fn normalize(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for p in pieces(name) {
        if !out.is_empty() {
            out.push(' ');
        }
        push_piece(name.get(p.start..p.end).unwrap_or(""), &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_normalized() {
        assert_eq!(normalize("Zürich"), "zurich");
        assert_eq!(normalize("St. Louis"), "saint louis");
        assert_eq!(normalize("Winston-Salem"), "winston - salem");
        assert_eq!(normalize("Washington, D.C."), "washington , d.c.");
        assert_eq!(normalize("U.S."), "u.s.");
    }

    #[test]
    fn parses_the_format() {
        let text = "#news-gazetteer\t1\n\
                    P\t2988507\tP\tFR\t11\t48.85\t2.35\t2138551\t1\tParis\tm:paris|a:paree\n\
                    P\t\tW\t\t\t12\t113\t0\t0\tSouth China Sea\tm:south china sea\n\
                    C\tparee\n";
        let g = Gazetteer::parse(text).expect("parses");
        assert_eq!(g.places.len(), 2);
        assert_eq!(g.lookup("paris")[0].place, 0);
        assert_eq!(g.lookup("south china sea")[0].how, NameKind::Main);
        assert!(g.is_common("paree"));
        assert_eq!(g.max_pieces, 3);
        assert!(Gazetteer::parse("nonsense").is_err());
        assert!(Gazetteer::parse("#news-gazetteer\t1\nP\tx\n").is_err());
    }
}
