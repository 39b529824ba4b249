//! Recognition and resolution of place names against the [`Gazetteer`].
//!
//! Recognition: longest gazetteer match over the text's pieces (tokens, words split at hyphens),
//! starting at a capitalised word, then filtered by context rules (see [`Geoparser::recognize`]):
//! common-word names need support, person contexts ("Gov. X", "Paris Hilton", "X said") are
//! dropped, places inside organisation names ("Bank of England") are not place mentions, and
//! entities from the `entities` plugin, when present, override: a PER mention covering a match
//! removes it, so does an ORG mention unless the match is a strong place (country, admin1, …), and
//! a LOC mention whose text is a gazetteer name adds it.
//!
//! Resolution ([`Geoparser::resolve`]): each mention's readings are scored by a prior (kind,
//! population, capital, name kind) plus the article's context: the share of the article's
//! confident mentions in the reading's country, an admin1 area of the reading mentioned in the
//! article, and the "City, State" / "City, Country" pattern. Two passes: the first fixes the
//! context from the priors, the second resolves with it.
//!
//! Focus countries: each resolved mention votes for its country with a weight by kind
//! (country 1.0, admin1 0.8, city 0.6, demonym 0.7, region 0.5); scores are shares of all votes.

use news_core::text::{split_sentences, tokenize};
use news_core::{Entity, EntityLabel, Focus, GeographyAnnotation, Place as OutPlace, Span};

use crate::gazetteer::{Entry, FastMap, Gazetteer, Kind, NameKind, Piece, pieces_of, push_piece};

/// Words that may join the capitalised words of a multi-word name ("Gulf of Mexico").
const CONNECTORS: &[&str] = &[
    "of", "the", "de", "du", "la", "le", "el", "al", "and", "upon", "on", "en", "di", "da", "del", "des",
    "y", "sur", "am", "an", "der", "-", ",", "&",
];

/// Titles before a name that make it a person ("Gov. Perry", "Sen. Lincoln").
const TITLES: &[&str] = &[
    "mr",
    "mr.",
    "mrs",
    "mrs.",
    "ms",
    "ms.",
    "dr",
    "dr.",
    "sen",
    "sen.",
    "gov",
    "gov.",
    "rep",
    "rep.",
    "president",
    "judge",
    "coach",
    "officer",
    "sgt",
    "sgt.",
    "lt",
    "lt.",
    "capt",
    "capt.",
    "col",
    "col.",
    "gen",
    "gen.",
    "prof",
    "prof.",
    "rev",
    "rev.",
    "sheriff",
    "mayor",
    "minister",
    "chairman",
    "senator",
    "governor",
    "secretary",
    "justice",
    "deputy",
    "detective",
    "trooper",
    "pastor",
    "father",
    "sister",
    "brother",
    "uncle",
    "aunt",
    "lady",
    "lord",
    "sir",
    "king",
    "queen",
    "prince",
    "princess",
    "pope",
    "saint",
    "st.",
    "miss",
    "councilman",
    "councilwoman",
    "commissioner",
    "superintendent",
    "principal",
    "attorney",
    "chief",
    "director",
    "manager",
    "spokesman",
    "spokeswoman",
    "jr.",
    "sr.",
];

/// Capitalised words before a place that keep it a place ("Northern Virginia", "Downtown Paris").
const PLACE_PREFIXES: &[&str] = &[
    "north",
    "south",
    "east",
    "west",
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "upper",
    "lower",
    "greater",
    "downtown",
    "metro",
    "rural",
    "suburban",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "northeastern",
    "northwestern",
    "southeastern",
    "southwestern",
    "in",
    "at",
    "from",
    "to",
    "across",
    "near",
    "outside",
    "inside",
    "throughout",
    "for",
    "and",
    "or",
    "but",
    "with",
    "the",
    "of",
    "on",
    "by",
    "into",
    "as",
    "while",
    "since",
    "after",
    "before",
    "when",
    "where",
    "both",
    "all",
    "like",
    "than",
    "about",
    "over",
    "under",
    "between",
    "within",
    "via",
    "around",
    "toward",
    "towards",
    "against",
    "through",
    "if",
    "that",
    "a",
    "an",
    "mainland",
    "occupied",
    "neighbouring",
    "neighboring",
    "nearby",
    "entire",
    "modern",
];

/// Capitalised words after a place that keep it a place ("Boone County", "Texas Gov.").
const PLACE_SUFFIXES: &[&str] = &[
    "county",
    "parish",
    "city",
    "township",
    "province",
    "state",
    "region",
    "valley",
    "river",
    "island",
    "islands",
    "area",
    "district",
    "borough",
    "village",
    "town",
    "gov.",
    "sen.",
    "rep.",
    "gov",
    "sen",
    "rep",
    "mayor",
    "governor",
    "president",
    "premier",
    "police",
    "officials",
    "official",
    "authorities",
    "attorney",
    "general",
    "secretary",
    "minister",
    "prime",
    "foreign",
    "defense",
    "defence",
    "health",
    "republican",
    "republicans",
    "democrat",
    "democrats",
    "democratic",
    "coast",
    "sheriff",
    "capital",
    "government",
    "army",
    "navy",
    "air",
    "military",
    "embassy",
    "ambassador",
    "consulate",
    "interior",
    "national",
    "ministry",
];

/// Capitalised uncommon words after a place that still leave it a place ("Paris Olympics").
const EVENT_WORDS: &[&str] = &[
    "olympics",
    "olympic",
    "paralympics",
    "expo",
    "accords",
    "marathon",
    "derby",
    "fc",
    "airport",
    "zoo",
    "metro",
    "subway",
    "university",
    "hospital",
    "stadium",
    "arena",
    "cathedral",
    "diocese",
    "archdiocese",
];

/// Capitalised words before "of" that make the place part of a name ("Bank of England").
const ORG_HEADS: &[&str] = &[
    "bank",
    "university",
    "college",
    "department",
    "ministry",
    "church",
    "council",
    "institute",
    "school",
    "museum",
    "academy",
    "court",
    "board",
    "duke",
    "duchess",
    "prince",
    "princess",
    "king",
    "queen",
    "bishop",
    "archbishop",
    "earl",
    "lord",
    "governor",
    "mayor",
    "president",
    "chamber",
    "commonwealth",
    "federation",
    "association",
    "society",
    "league",
    "order",
    "office",
    "secretary",
    "minister",
    "hospital",
    "center",
    "centre",
    "club",
    "conference",
    "foundation",
    "library",
    "port",
    "state",
];

/// Lower-case words right after a bare name that make it a person ("Clinton said").
const PERSON_VERBS: &[&str] = &[
    "said",
    "says",
    "told",
    "added",
    "explained",
    "noted",
    "stated",
    "asked",
    "wrote",
    "argued",
    "who",
    "believes",
    "thinks",
    "insisted",
    "replied",
];

/// Words before a name that support a place reading ("in Springfield").
const PLACE_PREPOSITIONS: &[&str] = &[
    "in",
    "at",
    "near",
    "from",
    "to",
    "outside",
    "into",
    "across",
    "toward",
    "towards",
    "around",
    "between",
    "via",
    "throughout",
    "within",
    "of",
    "through",
    "visit",
    "visited",
    "visiting",
    "downtown",
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
];

/// Single-word keys that are never a place on their own (months, days, directions, street words,
/// organisations that share a town's name).
const STOP_KEYS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "north",
    "south",
    "east",
    "west",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "central",
    "western",
    "eastern",
    "northern",
    "southern",
    "street",
    "avenue",
    "road",
    "drive",
    "lane",
    "city",
    "county",
    "state",
    "island",
    "lake",
    "river",
    "mount",
    "saint",
    "university",
    "college",
    "hospital",
    "park",
    "square",
    "bridge",
    "church",
    "center",
    "centre",
    "hall",
    "house",
    "senate",
    "congress",
    "capitol",
    "god",
    "christ",
    "jesus",
    "allah",
    "hamas",
    "hezbollah",
    "taliban",
    "internet",
    "web",
    "valley",
    "union",
    "federal",
    "national",
    "republic",
    "kingdom",
    "christian",
    "muslim",
    "catholic",
    "jewish",
    "democrat",
    "republican",
    "white house",
    "main street",
    "police",
    "court",
    "christmas",
    "easter",
    "bible",
    "mass",
    "page",
    "post",
];

/// Words after a name that make it a county ("Boone County").
const COUNTY_WORDS: &[&str] = &["county", "parish", "borough"];

/// One recognised mention.
#[derive(Debug, Clone)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    /// Index of the first and one-past-last piece.
    pub first: usize,
    pub last: usize,
    pub entries: Vec<Entry>,
    pub demonym: bool,
    /// "Boone County": a county named like the entries (or after no known place).
    pub county: bool,
}

/// The geoparser: a gazetteer and its rules.
pub struct Geoparser<'g> {
    pub gaz: &'g Gazetteer,
}

struct Ctx<'t> {
    text: &'t str,
    pieces: Vec<Piece>,
    norm: String,
    norm_ranges: Vec<(usize, usize)>,
    /// Piece starts a sentence (or sits in a title-case sentence: capitalisation says nothing).
    initial: Vec<bool>,
}

impl<'t> Ctx<'t> {
    fn new(text: &'t str) -> Ctx<'t> {
        // One tokenization serves the pieces and the sentences.
        let tokens = tokenize(text);
        let pieces = pieces_of(text, &tokens);
        let mut norm = String::with_capacity(text.len() + 16);
        let mut norm_ranges = Vec::with_capacity(pieces.len());
        for p in &pieces {
            let s = norm.len();
            push_piece(text.get(p.start..p.end).unwrap_or(""), &mut norm);
            norm_ranges.push((s, norm.len()));
        }
        let mut initial = vec![false; pieces.len()];
        let mut pi = 0;
        for s in split_sentences(text, &tokens) {
            let (ss, se) = (s.start as usize, s.end as usize);
            while pi < pieces.len() && pieces[pi].end <= ss {
                pi += 1;
            }
            let first = pi;
            let mut words = 0usize;
            let mut caps = 0usize;
            let mut j = pi;
            while j < pieces.len() && pieces[j].start < se {
                if pieces[j].word {
                    words += 1;
                    if starts_upper(text, &pieces[j]) {
                        caps += 1;
                    }
                }
                j += 1;
            }
            // The first word of the sentence (after opening quotes/brackets).
            let mut k = first;
            while k < j && !pieces[k].word {
                k += 1;
            }
            if k < j {
                initial[k] = true;
            }
            if words >= 4 && caps * 10 >= words * 7 {
                for flag in initial.iter_mut().take(j).skip(first) {
                    *flag = true;
                }
            }
            pi = j;
        }
        // A word after a line break starts a line (headline, list item).
        for (k, p) in pieces.iter().enumerate() {
            let before = text.get(..p.start).unwrap_or("");
            if p.word && before.trim_end_matches([' ', '\t']).ends_with('\n') {
                initial[k] = true;
            }
        }
        Ctx { text, pieces, norm, norm_ranges, initial }
    }

    fn norm(&self, i: usize) -> &str {
        self.norm_ranges.get(i).and_then(|&(s, e)| self.norm.get(s..e)).unwrap_or("")
    }

    fn raw(&self, i: usize) -> &str {
        self.pieces.get(i).and_then(|p| self.text.get(p.start..p.end)).unwrap_or("")
    }

    fn upper(&self, i: usize) -> bool {
        self.pieces.get(i).is_some_and(|p| p.word && starts_upper(self.text, p))
    }

    fn all_caps(&self, i: usize) -> bool {
        let r = self.raw(i);
        r.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !r.chars().any(char::is_lowercase)
    }
}

fn starts_upper(text: &str, p: &Piece) -> bool {
    text.get(p.start..p.end).and_then(|s| s.chars().next()).is_some_and(char::is_uppercase)
}

impl<'g> Geoparser<'g> {
    pub fn new(gaz: &'g Gazetteer) -> Self {
        Geoparser { gaz }
    }

    /// The whole analysis: recognition, resolution, focus.
    pub fn analyze(&self, text: &str, entities: &[Entity]) -> GeographyAnnotation {
        let ctx = Ctx::new(text);
        let mut mentions = self.recognize(&ctx, entities);
        self.fill_counties(&mut mentions);
        let chosen = self.resolve(&ctx, &mentions);
        self.output(text, &mentions, &chosen)
    }

    /// Longest matches, then the context rules.
    fn recognize(&self, ctx: &Ctx, entities: &[Entity]) -> Vec<Mention> {
        let n = ctx.pieces.len();
        let mut key = String::new();
        let mut raw: Vec<Mention> = Vec::new();
        let mut i = 0;
        while i < n {
            if !ctx.upper(i) {
                i += 1;
                continue;
            }
            let mut found = None;
            let max = self.gaz.max_pieces.min(n - i);
            for len in (1..=max).rev() {
                let last = i + len - 1;
                if !ctx.upper(last) {
                    continue;
                }
                // Inner pieces: capitalised words or connectors, within one sentence.
                if (i + 1..last).any(|k| !ctx.upper(k) && !CONNECTORS.contains(&ctx.norm(k))) {
                    continue;
                }
                key.clear();
                for k in i..=last {
                    if k > i {
                        key.push(' ');
                    }
                    key.push_str(ctx.norm(k));
                }
                if STOP_KEYS.contains(&key.as_str()) {
                    continue;
                }
                let county = ctx.upper(last + 1) && COUNTY_WORDS.contains(&ctx.norm(last + 1));
                if self.gaz.contains(&key) || (county && len <= 2) {
                    found = Some((len, self.gaz.lookup(&key), county));
                    break;
                }
            }
            match found {
                Some((len, entries, county)) => {
                    let (first, last) = (i, i + len + usize::from(county));
                    let mut entries = entries;
                    if county {
                        entries.retain(|e| {
                            e.how == NameKind::Main
                                && self.gaz.place(e.place).is_some_and(|p| p.kind == Kind::City)
                        });
                    }
                    raw.push(Mention {
                        start: ctx.pieces[first].start,
                        end: ctx.pieces[last - 1].end,
                        first,
                        last,
                        entries,
                        demonym: false,
                        county,
                    });
                    i = last;
                }
                None => i += 1,
            }
        }
        for m in &mut raw {
            m.demonym = !m.county && m.entries.iter().any(|e| e.how == NameKind::Demonym);
            if m.demonym {
                m.entries.retain(|e| e.how == NameKind::Demonym);
            } else {
                m.entries.retain(|e| e.how != NameKind::Demonym);
            }
        }

        // Entities: spans by label.
        let mut per: Vec<(usize, usize)> = Vec::new();
        let mut org: Vec<(usize, usize)> = Vec::new();
        let mut loc: Vec<(usize, usize)> = Vec::new();
        for e in entities {
            for s in &e.mentions {
                match e.label {
                    EntityLabel::Person => per.push((s.start, s.end)),
                    EntityLabel::Organization => org.push((s.start, s.end)),
                    EntityLabel::Location => loc.push((s.start, s.end)),
                    EntityLabel::Misc => {}
                }
            }
        }

        // Keys accepted with strong support anywhere propagate to their other mentions.
        let mut areas: FastMap<(&str, &str), usize> = FastMap::default();
        for o in &raw {
            for e in &o.entries {
                if let Some(p) = self.gaz.place(e.place)
                    && p.kind == Kind::Admin1
                    && e.how != NameKind::Alt
                {
                    *areas.entry((p.country, p.admin1)).or_default() += 1;
                }
            }
        }
        let verdicts: Vec<Verdict> = raw.iter().map(|m| self.judge(ctx, m, &raw, &areas)).collect();
        let mut supported: FastMap<String, ()> = FastMap::default();
        let mut persons: FastMap<String, ()> = FastMap::default();
        for (m, v) in raw.iter().zip(&verdicts) {
            let t = ctx.text.get(m.start..m.end).unwrap_or("").to_owned();
            match v {
                Verdict::Yes => {
                    supported.insert(t, ());
                }
                Verdict::Person => {
                    persons.insert(t, ());
                }
                _ => {}
            }
        }
        let verdicts: Vec<Verdict> = raw
            .iter()
            .zip(verdicts)
            .map(|(m, v)| {
                let t = ctx.text.get(m.start..m.end).unwrap_or("");
                if v != Verdict::Person && persons.contains_key(t) && !self.strong(m) {
                    Verdict::No
                } else {
                    v
                }
            })
            .collect();
        let mut out = Vec::new();
        for (m, v) in raw.into_iter().zip(verdicts) {
            let exact_loc = loc.iter().any(|&(s, e)| s == m.start && e == m.end);
            let covers = |&(s, e): &(usize, usize)| s <= m.start && m.end <= e;
            // Inside an organisation, only a strong place stays (as the corpora annotate it:
            // "Georgia Bureau of Investigation"), and still subject to the rules ("Bank of England").
            let vetoed = per.iter().any(covers) || (org.iter().any(covers) && !self.strong(&m));
            let keep = if exact_loc {
                true
            } else if vetoed {
                false
            } else {
                match v {
                    Verdict::Yes => true,
                    Verdict::No | Verdict::Person => false,
                    Verdict::IfSupported => {
                        supported.contains_key(ctx.text.get(m.start..m.end).unwrap_or(""))
                    }
                }
            };
            if keep {
                out.push(m);
            }
        }
        out
    }

    fn judge(
        &self,
        ctx: &Ctx,
        m: &Mention,
        all: &[Mention],
        areas: &FastMap<(&str, &str), usize>,
    ) -> Verdict {
        let (first, last) = (m.first, m.last);
        let single = last - first == 1;
        let prev = first.checked_sub(1);
        let prev_norm = prev.map(|p| ctx.norm(p)).unwrap_or("");
        let next_norm = ctx.norm(last);
        // `all` is in text order: the match covering piece k, if any.
        let at = |k: usize| {
            let i = all.partition_point(|o| o.first <= k);
            i.checked_sub(1).and_then(|i| all.get(i)).filter(|o| k < o.last)
        };
        let is_place_at = |k: usize| at(k).is_some();
        let is_strong_at = |k: usize| at(k).is_some_and(|o| self.strong(o));

        // Person: a title before, or a capitalised uncommon non-place word right before
        // ("Hillary Clinton"; but "United Georgia", "Northeast Georgia" stay places).
        if TITLES.contains(&prev_norm) && prev.is_some_and(|p| ctx.upper(p)) && !self.strong(m) {
            return Verdict::Person;
        }
        if let Some(p) = prev
            && ctx.upper(p)
            && !ctx.initial[p]
            && !is_place_at(p)
            && !PLACE_PREFIXES.contains(&prev_norm)
            && !ctx.all_caps(p)
            && !self.gaz.is_common(prev_norm)
            && !ctx.pieces[p].hyphen
        {
            return if self.strong(m) { Verdict::No } else { Verdict::Person };
        }
        // Part of a hyphenated compound with a capitalised non-place word ("Wal-Mart").
        let hyph_before = prev.is_some_and(|p| ctx.pieces[p].hyphen)
            && first >= 2
            && ctx.upper(first - 2)
            && !is_place_at(first - 2);
        let hyph_after =
            ctx.pieces.get(last).is_some_and(|p| p.hyphen) && ctx.upper(last + 1) && !is_place_at(last + 1);
        if (hyph_before || hyph_after) && (m.demonym || !self.strong(m)) {
            return Verdict::No;
        }
        if m.demonym && prev_norm == "native" {
            return Verdict::No;
        }
        // Inside an organisation or title: "Bank of England", "University of Texas".
        if prev_norm == "of"
            && let Some(h) = first.checked_sub(2)
            && ctx.upper(h)
            && ORG_HEADS.contains(&ctx.norm(h))
        {
            return Verdict::No;
        }
        // A capitalised uncommon word after: a person or a name ("Paris Hilton"); a common word
        // after makes an organisation named after the place ("Georgia Bureau of Investigation"),
        // which the corpora count as a place mention, and so do we, for strong places.
        let next_upper = ctx.upper(last) && !is_strong_at(last);
        if next_upper
            && !PLACE_SUFFIXES.contains(&next_norm)
            && !EVENT_WORDS.contains(&next_norm)
            && !m.demonym
        {
            if !self.gaz.is_common(next_norm) {
                return Verdict::No;
            }
            if !self.strong(m) {
                return Verdict::No;
            }
        }
        if m.demonym || m.county {
            return Verdict::Yes;
        }
        let abbrev = m.entries.iter().any(|e| e.how == NameKind::Abbrev);
        let major = self.major(m);
        let key = ctx.norm(first);
        let common = single && self.gaz.is_common(key);
        let initial = ctx.initial[first];
        let person_verb = PERSON_VERBS.contains(&next_norm);
        let prep = PLACE_PREPOSITIONS.contains(&prev_norm);
        let comma_place = next_norm == "," && is_place_at(last + 1);
        let suffix_place = PLACE_SUFFIXES.iter().take(13).any(|s| *s == next_norm);
        if person_verb && !major {
            return Verdict::No;
        }
        if abbrev && !single {
            return Verdict::Yes;
        }
        if common {
            if initial {
                return if comma_place { Verdict::Yes } else { Verdict::No };
            }
            return if major || prep || comma_place || suffix_place {
                Verdict::Yes
            } else {
                Verdict::IfSupported
            };
        }
        if major || !single || comma_place || suffix_place {
            return Verdict::Yes;
        }
        if prep && !initial {
            return Verdict::Yes;
        }
        // A minor single-word name: only with support elsewhere, or as the article's own
        // (an area it mentions contains a place of this name).
        if self.in_mentioned_area(m, areas) {
            return Verdict::Yes;
        }
        Verdict::IfSupported
    }

    /// A reading that is a country, admin1 area, continent or region by its main name.
    fn strong(&self, m: &Mention) -> bool {
        m.demonym
            || m.entries.iter().any(|e| {
                e.how != NameKind::Alt
                    && self.gaz.place(e.place).is_some_and(|p| !matches!(p.kind, Kind::City | Kind::Admin2))
            })
    }

    /// Strong, or a big city or capital by its main name.
    fn major(&self, m: &Mention) -> bool {
        self.strong(m)
            || m.entries.iter().any(|e| {
                e.how != NameKind::Alt
                    && self
                        .gaz
                        .place(e.place)
                        .is_some_and(|p| p.kind == Kind::City && (p.population >= 100_000 || p.capital))
            })
    }

    /// True when a place of this name lies in an admin1 area or country named in the article.
    /// (`areas`: admin1 readings of all the article's matches, counted.)
    fn in_mentioned_area(&self, m: &Mention, areas: &FastMap<(&str, &str), usize>) -> bool {
        let own = |c: &str, a: &str| {
            m.entries
                .iter()
                .filter(|e| e.how != NameKind::Alt)
                .filter_map(|e| self.gaz.place(e.place))
                .filter(|p| p.kind == Kind::Admin1 && p.country == c && p.admin1 == a)
                .count()
        };
        m.entries.iter().any(|e| {
            self.gaz.place(e.place).is_some_and(|p| {
                p.kind == Kind::City
                    && e.how == NameKind::Main
                    && areas.get(&(p.country, p.admin1)).is_some_and(|&n| n > own(p.country, p.admin1))
            })
        })
    }

    /// Counties ("Licking County") are placed in the article's main admin1 area: their entries
    /// become the cities of that name in it, or else the area itself.
    fn fill_counties(&self, mentions: &mut Vec<Mention>) {
        if !mentions.iter().any(|m| m.county) {
            return;
        }
        let mut admin_w: FastMap<u32, f64> = FastMap::default();
        for m in mentions.iter().filter(|m| !m.county && !m.demonym) {
            let c = self.best(m, |e| self.prior(e));
            let Some(p) = m.entries.get(c).and_then(|e| self.gaz.place(e.place)) else { continue };
            let (idx, w) = match p.kind {
                Kind::Admin1 => (m.entries[c].place, 1.0),
                Kind::City => match self.gaz.admin1(p.country, p.admin1) {
                    Some(a) => (a, 0.3),
                    None => continue,
                },
                _ => continue,
            };
            *admin_w.entry(idx).or_default() += w;
        }
        let top = admin_w.into_iter().max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0))).map(|(i, _)| i);
        for m in mentions.iter_mut().filter(|m| m.county) {
            match top.and_then(|t| self.gaz.place(t).map(|p| (t, p))) {
                Some((t, area)) => {
                    let inside: Vec<Entry> = m
                        .entries
                        .iter()
                        .copied()
                        .filter(|e| {
                            self.gaz
                                .place(e.place)
                                .is_some_and(|p| p.country == area.country && p.admin1 == area.admin1)
                        })
                        .collect();
                    m.entries = if inside.is_empty() {
                        vec![Entry { place: t, how: NameKind::Main }]
                    } else {
                        inside
                    };
                }
                None => m.entries.retain(|e| self.gaz.place(e.place).is_some_and(|p| p.population >= 5000)),
            }
        }
        mentions.retain(|m| !m.entries.is_empty());
    }

    fn prior(&self, e: &Entry) -> f64 {
        let Some(p) = self.gaz.place(e.place) else { return f64::NEG_INFINITY };
        let pop = (p.population as f64 + 1.0).log10();
        let base = match p.kind {
            Kind::Country => 12.0,
            Kind::Continent => 11.0,
            Kind::Admin1 => 7.5 + 0.3 * pop,
            Kind::Admin2 => 4.0,
            Kind::Region | Kind::Water | Kind::Mountain => 10.0,
            Kind::City => pop + if p.capital { 4.0 } else { 0.0 },
        };
        let how = match e.how {
            NameKind::Alt if p.kind == Kind::City => -2.5,
            NameKind::Alt => -1.0,
            _ => 0.0,
        };
        base + how
    }

    /// Picks a reading per mention (index into `m.entries`).
    fn resolve(&self, ctx: &Ctx, mentions: &[Mention]) -> Vec<usize> {
        let mut chosen: Vec<usize> = mentions.iter().map(|m| self.best(m, |e| self.prior(e))).collect();
        for _ in 0..2 {
            // Context from the current choice.
            let mut country_w: FastMap<&str, f64> = FastMap::default();
            let mut admin_w: FastMap<(&str, &str), f64> = FastMap::default();
            let mut total = 0.0;
            for (m, &c) in mentions.iter().zip(&chosen) {
                let Some(p) = m.entries.get(c).and_then(|e| self.gaz.place(e.place)) else { continue };
                if p.country.is_empty() {
                    continue;
                }
                let w = match p.kind {
                    Kind::Country | Kind::Admin1 => 1.0,
                    Kind::City if p.population >= 100_000 => 0.7,
                    _ => 0.4,
                };
                *country_w.entry(p.country).or_default() += w;
                total += w;
                if p.kind == Kind::Admin1 {
                    *admin_w.entry((p.country, p.admin1)).or_default() += 1.0;
                } else if p.kind == Kind::City && !p.admin1.is_empty() {
                    *admin_w.entry((p.country, p.admin1)).or_default() += 0.3;
                }
            }
            let next: Vec<usize> = mentions
                .iter()
                .enumerate()
                .map(|(mi, m)| {
                    // "City, State": the readings of the mention right after the comma.
                    let after: Vec<(&str, &str, Kind)> = mentions
                        .get(mi + 1)
                        .filter(|o| ctx.norm(m.last) == "," && o.first == m.last + 1)
                        .map(|o| {
                            o.entries
                                .iter()
                                .filter_map(|e| self.gaz.place(e.place))
                                .map(|p| (p.country, p.admin1, p.kind))
                                .collect()
                        })
                        .unwrap_or_default();
                    self.best(m, |e| {
                        let Some(p) = self.gaz.place(e.place) else { return f64::NEG_INFINITY };
                        let mut s = self.prior(e);
                        if total > 0.0 && !p.country.is_empty() {
                            let own = match p.kind {
                                Kind::Country => 1.0,
                                Kind::Admin1 => 1.0,
                                _ => 0.0,
                            };
                            // Leave the mention's own vote out.
                            let w = (country_w.get(p.country).copied().unwrap_or(0.0) - own).max(0.0);
                            s += 7.0 * w / total.max(1.0);
                        }
                        if matches!(p.kind, Kind::City | Kind::Admin2)
                            && admin_w.get(&(p.country, p.admin1)).is_some_and(|&w| w >= 0.6)
                        {
                            s += 2.5;
                        }
                        for &(c, a, k) in &after {
                            if k == Kind::Admin1 && c == p.country && a == p.admin1 {
                                s += 8.0;
                            } else if k == Kind::Country && c == p.country {
                                s += 6.0;
                            }
                        }
                        s
                    })
                })
                .collect();
            if next == chosen {
                break;
            }
            chosen = next;
        }
        chosen
    }

    fn best(&self, m: &Mention, score: impl Fn(&Entry) -> f64) -> usize {
        let mut best = 0;
        let mut best_s = f64::NEG_INFINITY;
        for (i, e) in m.entries.iter().enumerate() {
            let s = score(e);
            if s > best_s {
                best_s = s;
                best = i;
            }
        }
        best
    }

    fn output(&self, text: &str, mentions: &[Mention], chosen: &[usize]) -> GeographyAnnotation {
        let mut places: Vec<OutPlace> = Vec::new();
        let mut by_place: FastMap<(u32, Option<&str>), usize> = FastMap::default();
        let mut votes: FastMap<&str, f64> = FastMap::default();
        for (m, &c) in mentions.iter().zip(chosen) {
            let Some(e) = m.entries.get(c) else { continue };
            let Some(p) = self.gaz.place(e.place) else { continue };
            let Some(span_text) = text.get(m.start..m.end) else { continue };
            let span = Span { start: m.start, end: m.end, text: span_text.to_owned() };
            let county = m.county.then_some(span_text);
            let idx = *by_place.entry((e.place, county)).or_insert_with(|| {
                places.push(OutPlace {
                    name: county.unwrap_or(p.name).to_owned(),
                    country: (!p.country.is_empty()).then(|| p.country.to_owned()),
                    lat: f64::from(p.lat),
                    lon: f64::from(p.lon),
                    geonameid: if m.county { None } else { p.geonameid },
                    feature: if m.county { "admin2" } else { p.kind.feature() }.to_owned(),
                    mentions: Vec::new(),
                    demonyms: Vec::new(),
                });
                places.len() - 1
            });
            if m.demonym {
                places[idx].demonyms.push(span);
            } else {
                places[idx].mentions.push(span);
            }
            if !p.country.is_empty() {
                let w = if m.demonym {
                    0.7
                } else {
                    match p.kind {
                        _ if m.county => 0.8,
                        Kind::Country => 1.0,
                        Kind::Admin1 | Kind::Admin2 => 0.8,
                        Kind::City => 0.6,
                        _ => 0.5,
                    }
                };
                *votes.entry(p.country).or_default() += w;
            }
        }
        let total: f64 = votes.values().sum();
        let mut focus: Vec<Focus> = votes
            .into_iter()
            .map(|(c, v)| Focus { country: c.to_owned(), score: ((v / total) * 1000.0).round() / 1000.0 })
            .collect();
        focus.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.country.cmp(&b.country)));
        GeographyAnnotation { places, focus }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    Yes,
    No,
    /// Kept only if the same text is accepted elsewhere in the article.
    IfSupported,
    /// A person's name: this text is dropped everywhere in the article (unless a strong place).
    Person,
}
