//! Merging mentions into entities, per article.
//!
//! - Every mention keeps its span as tagged (a trailing possessive "’s" is trimmed off).
//! - Names are compared case-insensitively, with curly apostrophes folded and a leading "the"
//!   dropped; PER names also lose leading titles ("Russian President Vladimir Putin" → "Vladimir
//!   Putin").
//! - A PER name whose words all occur, in order and contiguous, in a longer PER name of the
//!   article ("Putin" in "Vladimir Putin", "Xi" in "Xi Jinping") joins that longer name; when
//!   several fit ("Macron": "Emmanuel Macron", "Brigitte Macron"), the one mentioned most
//!   often, then first, wins.
//! - Common short forms of countries ("US", "U.S.", "America", "UK", "Britain") map to one
//!   entity named by the full form ("United States"), typed LOC.
//! - An acronym that abbreviates a longer ORG/MISC/LOC name of the article ("European Union
//!   (EU)") joins it.
//! - The canonical name is the fullest form: the longest name (titles stripped) of the group.
//!
//! Entities come out in order of first mention; mentions in text order.

use news_core::text::{Token, TokenKind};
use news_core::{Entity, EntityLabel, Span};

use crate::Mention;
use crate::tags;

/// Words that make a title before a person's name.
const TITLES: &[&str] = &[
    "president",
    "vice",
    "mr.",
    "mr",
    "mrs.",
    "mrs",
    "ms.",
    "ms",
    "dr.",
    "dr",
    "prof.",
    "sir",
    "dame",
    "lord",
    "lady",
    "prime",
    "minister",
    "premier",
    "chancellor",
    "secretary",
    "of",
    "state",
    "foreign",
    "defence",
    "defense",
    "finance",
    "interior",
    "king",
    "queen",
    "prince",
    "princess",
    "emperor",
    "pope",
    "cardinal",
    "bishop",
    "rev.",
    "general",
    "gen.",
    "colonel",
    "col.",
    "lt.",
    "capt.",
    "captain",
    "admiral",
    "sen.",
    "senator",
    "rep.",
    "representative",
    "gov.",
    "governor",
    "mayor",
    "chairman",
    "chairwoman",
    "ceo",
    "chief",
    "executive",
    "leader",
    "deputy",
    "spokesman",
    "spokeswoman",
    "judge",
    "justice",
    "coach",
    "ambassador",
    "envoy",
    "commissioner",
    "sheikh",
    "ayatollah",
    "supreme",
    "former",
    "late",
    "first",
];

/// Short forms of countries: (lowercased form, canonical name).
const COUNTRY_ALIASES: &[(&str, &str)] = &[
    ("us", "United States"),
    ("u.s.", "United States"),
    ("u.s", "United States"),
    ("usa", "United States"),
    ("u.s.a.", "United States"),
    ("america", "United States"),
    ("united states", "United States"),
    ("united states of america", "United States"),
    ("uk", "United Kingdom"),
    ("u.k.", "United Kingdom"),
    ("britain", "United Kingdom"),
    ("great britain", "United Kingdom"),
    ("united kingdom", "United Kingdom"),
    ("uae", "United Arab Emirates"),
    ("u.a.e.", "United Arab Emirates"),
    ("united arab emirates", "United Arab Emirates"),
    ("ussr", "Soviet Union"),
    ("u.s.s.r.", "Soviet Union"),
    ("soviet union", "Soviet Union"),
    ("prc", "China"),
    ("china", "China"),
    ("russian federation", "Russia"),
    ("russia", "Russia"),
    ("drc", "Democratic Republic of the Congo"),
    ("democratic republic of the congo", "Democratic Republic of the Congo"),
    ("south korea", "South Korea"),
    ("republic of korea", "South Korea"),
    ("north korea", "North Korea"),
    ("dprk", "North Korea"),
    ("the netherlands", "Netherlands"),
    ("holland", "Netherlands"),
    ("netherlands", "Netherlands"),
];

/// First words of institutions named after a person ("Rajaratnam School of …").
const INSTITUTIONS: &[&str] = &[
    "school",
    "university",
    "institute",
    "college",
    "foundation",
    "center",
    "centre",
    "hospital",
    "museum",
    "library",
    "academy",
    "prize",
    "award",
    "stadium",
    "airport",
];
/// Last words that make a mention a place ("Tourmalet Pass", "Yangtze River").
const PLACE_HEADS: &[&str] = &[
    "pass",
    "mountains",
    "mountain",
    "mount",
    "river",
    "lake",
    "sea",
    "ocean",
    "bay",
    "gulf",
    "strait",
    "island",
    "islands",
    "peninsula",
    "valley",
    "desert",
    "canyon",
    "falls",
    "coast",
    "province",
    "county",
    "square",
    "street",
    "avenue",
];
/// Last words that make a mention an event or other MISC name ("Paris Olympics", "Cold War").
const EVENT_HEADS: &[&str] = &[
    "olympics",
    "games",
    "war",
    "cup",
    "championship",
    "championships",
    "open",
    "festival",
    "expo",
    "grand prix",
    "prix",
    "marathon",
];

/// Function words skipped when reading an acronym off a name.
const ACRONYM_SKIP: &[&str] = &["of", "the", "and", "for", "de", "du", "des", "la", "le", "&", "on", "in"];

struct Item {
    /// Index into the input mentions.
    m: usize,
    span: Span,
    label: EntityLabel,
    /// Normalised words of the name (titles stripped for PER).
    words: Vec<String>,
    /// The name as written (titles stripped), whitespace collapsed.
    name: String,
    /// Fixed canonical name from the alias table.
    alias: Option<&'static str>,
}

fn norm_word(w: &str) -> String {
    w.chars().map(|c| if c == '’' || c == '‘' { '\'' } else { c }).flat_map(char::to_lowercase).collect()
}

fn find(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

fn union(parent: &mut [usize], child: usize, root: usize) {
    let (a, b) = (find(parent, child), find(parent, root));
    if a != b {
        parent[a] = b;
    }
}

fn acronym(words: &[String], raw: &[&str]) -> Option<String> {
    if words.len() < 2 {
        return None;
    }
    let mut s = String::new();
    for (w, r) in words.iter().zip(raw) {
        if ACRONYM_SKIP.contains(&w.as_str()) {
            continue;
        }
        let c = r.chars().next()?;
        if !c.is_uppercase() {
            return None;
        }
        s.extend(c.to_lowercase());
    }
    (s.chars().count() >= 2).then_some(s)
}

/// Fixes of the tagged mentions before merging, from the article as a whole:
/// - a PER mention right before an ORG mention that starts with an institution word becomes
///   part of it ("S. Rajaratnam" + "School of International Studies" → one ORG);
/// - a mention whose last word names a kind of place ("Pass", "River") is LOC, one whose last
///   word names an event ("Olympics", "War", "Cup") is MISC;
/// - a one-word mention whose text is, elsewhere in the article, a PER mention is PER.
pub fn refine(text: &str, tokens: &[Token], mentions: &mut Vec<Mention>) {
    let word = |i: usize| tokens.get(i).map_or(String::new(), |t| norm_word(t.text(text)));
    let mut out: Vec<Mention> = Vec::with_capacity(mentions.len());
    for m in mentions.drain(..) {
        if let Some(prev) = out.last_mut()
            && prev.ty == 0
            && m.ty == 1
            && prev.tokens.end == m.tokens.start
            && INSTITUTIONS.contains(&word(m.tokens.start).as_str())
        {
            prev.end = m.end;
            prev.tokens.end = m.tokens.end;
            prev.ty = 1;
            continue;
        }
        out.push(m);
    }
    let mut per_names: crate::hash::FxHashMap<String, ()> = crate::hash::FxHashMap::default();
    for m in &mut out {
        if m.tokens.len() > 1 {
            let last = word(m.tokens.end - 1);
            if PLACE_HEADS.contains(&last.as_str()) && m.ty != 0 {
                m.ty = 2;
            } else if EVENT_HEADS.contains(&last.as_str()) && m.ty != 0 {
                m.ty = 3;
            }
        }
        if m.ty == 0 {
            per_names.insert(text.get(m.start..m.end).unwrap_or("").to_owned(), ());
        }
    }
    for m in &mut out {
        if m.ty != 0 && m.tokens.len() == 1 && per_names.contains_key(text.get(m.start..m.end).unwrap_or(""))
        {
            m.ty = 0;
        }
    }
    *mentions = out;
}

/// Groups `mentions` (with the `tokens` of `text` they index) into entities.
#[must_use]
#[allow(clippy::needless_range_loop)] // parallel arrays indexed by the same id
pub fn merge(text: &str, tokens: &[Token], mentions: &[Mention]) -> Vec<Entity> {
    let mut items: Vec<Item> = Vec::with_capacity(mentions.len());
    for (mi, m) in mentions.iter().enumerate() {
        let mut r = m.tokens.clone();
        while r.end > r.start + 1 && tokens.get(r.end - 1).is_some_and(|t| t.kind == TokenKind::Possessive) {
            r.end -= 1;
        }
        let (Some(first), Some(last)) = (tokens.get(r.start), tokens.get(r.end.saturating_sub(1))) else {
            continue;
        };
        let Ok(span) = Span::of(text, first.start as usize, last.end as usize) else { continue };
        let label = tags::label(m.ty);
        let raw: Vec<&str> = tokens[r.clone()].iter().map(|t| t.text(text)).collect();
        let mut words: Vec<String> = raw.iter().map(|w| norm_word(w)).collect();
        let mut skip = 0;
        if label == EntityLabel::Person {
            // Strip a leading title: everything up to the last title word before the final word,
            // if what precedes it is titles or capitalised words ("Russian President").
            if let Some(last_title) =
                (0..words.len().saturating_sub(1)).rev().find(|&i| TITLES.contains(&words[i].as_str()))
            {
                let head_ok = raw[..last_title].iter().zip(&words[..last_title]).all(|(r, w)| {
                    TITLES.contains(&w.as_str()) || r.chars().next().is_some_and(char::is_uppercase)
                });
                if head_ok {
                    skip = last_title + 1;
                }
            }
        } else if words.len() > 1 && words[0] == "the" {
            skip = 1;
        }
        words.drain(..skip);
        let name = raw[skip..].join(" ");
        let joined = words.join(" ");
        let alias = if matches!(label, EntityLabel::Location | EntityLabel::Organization | EntityLabel::Misc)
        {
            COUNTRY_ALIASES.iter().find(|(k, _)| *k == joined).map(|(_, v)| *v)
        } else {
            None
        };
        let label = if alias.is_some() { EntityLabel::Location } else { label };
        items.push(Item { m: mi, span, label, words, name, alias });
    }
    let n = items.len();
    let mut parent: Vec<usize> = (0..n).collect();
    // Same label and same key: one group.
    let key = |it: &Item| -> String {
        match it.alias {
            Some(a) => format!("alias:{a}"),
            None => it.words.join(" "),
        }
    };
    {
        let mut first_of: crate::hash::FxHashMap<(EntityLabel, String), usize> =
            crate::hash::FxHashMap::default();
        for i in 0..n {
            let k = (items[i].label, key(&items[i]));
            match first_of.get(&k) {
                Some(&j) => union(&mut parent, i, j),
                None => {
                    first_of.insert(k, i);
                }
            }
        }
    }
    // Size and first position of each group, kept up to date on every union below.
    let mut size = vec![0usize; n];
    let mut first = vec![usize::MAX; n];
    for i in 0..n {
        let r = find(&mut parent, i);
        size[r] += 1;
        first[r] = first[r].min(items[i].span.start);
    }
    fn join(parent: &mut [usize], size: &mut [usize], first: &mut [usize], child: usize, root: usize) {
        let (a, b) = (find(parent, child), find(parent, root));
        if a != b {
            parent[a] = b;
            size[b] += size[a];
            first[b] = first[b].min(first[a]);
        }
    }
    // PER: shorter names join a longer name that contains them. Candidates come from an index
    // of the names by word, so the work stays near linear in the number of mentions.
    let mut per: Vec<usize> =
        (0..n).filter(|&i| items[i].label == EntityLabel::Person && find(&mut parent, i) == i).collect();
    per.sort_by_key(|&i| (std::cmp::Reverse(items[i].words.len()), items[i].span.start));
    let mut by_word: crate::hash::FxHashMap<&str, Vec<usize>> = crate::hash::FxHashMap::default();
    for &l in &per {
        if items[l].words.len() > 1 {
            for w in &items[l].words {
                let v = by_word.entry(w.as_str()).or_default();
                if v.last() != Some(&l) && v.len() < 64 {
                    v.push(l);
                }
            }
        }
    }
    for &s in &per {
        let sw = &items[s].words;
        let Some(w0) = sw.first() else { continue };
        let mut best: Option<(usize, usize, usize)> = None; // (size, first, root)
        for &l in by_word.get(w0.as_str()).map_or(&[][..], Vec::as_slice) {
            let lw = &items[l].words;
            if lw.len() <= sw.len() || !lw.windows(sw.len()).any(|w| w == sw.as_slice()) {
                continue;
            }
            let root = find(&mut parent, l);
            let (c, f) = (size[root], first[root]);
            if best.is_none_or(|(bc, bf, _)| c > bc || (c == bc && f < bf)) {
                best = Some((c, f, root));
            }
        }
        if let Some((_, _, root)) = best {
            join(&mut parent, &mut size, &mut first, s, root);
        }
    }
    // Acronyms: "EU" joins "European Union" (any non-PER label).
    let mut by_acronym: crate::hash::FxHashMap<String, usize> = crate::hash::FxHashMap::default();
    for (j, it) in items.iter().enumerate() {
        if it.label == EntityLabel::Person || it.words.len() < 2 {
            continue;
        }
        let raw_j: Vec<&str> = it.name.split(' ').collect();
        if raw_j.len() == it.words.len()
            && let Some(a) = acronym(&it.words, &raw_j)
        {
            by_acronym.entry(a).or_insert(j);
        }
    }
    for i in 0..n {
        if items[i].words.len() != 1 || items[i].label == EntityLabel::Person || items[i].alias.is_some() {
            continue;
        }
        let letters: String = items[i].span.text.chars().filter(|c| c.is_alphanumeric()).collect();
        if letters.chars().count() < 2 || letters.chars().any(char::is_lowercase) {
            continue;
        }
        if let Some(&j) = by_acronym.get(&letters.to_lowercase()) {
            join(&mut parent, &mut size, &mut first, i, j);
        }
    }
    // Build the entities.
    let mut groups: Vec<(usize, Vec<usize>)> = Vec::new(); // (root, members)
    let mut slot_of_root: crate::hash::FxHashMap<usize, usize> = crate::hash::FxHashMap::default();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&i| (items[i].span.start, items[i].m));
    for &i in &order {
        let r = find(&mut parent, i);
        let slot = *slot_of_root.entry(r).or_insert_with(|| {
            groups.push((r, Vec::new()));
            groups.len() - 1
        });
        groups[slot].1.push(i);
    }
    groups
        .into_iter()
        .map(|(root, members)| {
            let alias = members.iter().find_map(|&i| items[i].alias);
            let name = match alias {
                Some(a) => a.to_owned(),
                None => members
                    .iter()
                    .map(|&i| &items[i])
                    .max_by_key(|it| {
                        (it.words.len(), it.name.chars().count(), std::cmp::Reverse(it.span.start))
                    })
                    .map(|it| it.name.clone())
                    .unwrap_or_default(),
            };
            let label = items[root].label;
            let mentions = members.iter().map(|&i| items[i].span.clone()).collect();
            Entity { name, label, mentions }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use news_core::text::tokenize;

    /// Mentions given as (text, type) matched at their first unused occurrence.
    fn mentions_of(text: &str, tokens: &[Token], spans: &[(&str, usize)]) -> Vec<Mention> {
        let mut out = Vec::new();
        let mut from = 0;
        for (s, ty) in spans {
            let start = from + text[from..].find(s).expect("in text");
            let end = start + s.len();
            from = end;
            let a = tokens.iter().position(|t| t.start as usize == start).expect("token start");
            let b = tokens.iter().position(|t| t.end as usize == end).expect("token end") + 1;
            out.push(Mention { start, end, tokens: a..b, ty: *ty });
        }
        out
    }

    #[test]
    fn merges_people_titles_and_countries() {
        let text = "Russian President Vladimir Putin met Xi Jinping. Putin’s aides and President Xi spoke. \
                    Emmanuel Macron and Brigitte Macron came; Macron spoke. The US and the United States \
                    and America are one. The European Union (EU) agreed; the EU said.";
        let tokens = tokenize(text);
        let m = mentions_of(
            text,
            &tokens,
            &[
                ("Russian President Vladimir Putin", 0),
                ("Xi Jinping", 0),
                ("Putin", 0),
                ("Xi", 0),
                ("Emmanuel Macron", 0),
                ("Brigitte Macron", 0),
                ("Macron", 0),
                ("US", 2),
                ("United States", 2),
                ("America", 2),
                ("European Union", 1),
                ("EU", 1),
                ("EU", 1),
            ],
        );
        let e = merge(text, &tokens, &m);
        let names: Vec<(&str, usize)> = e.iter().map(|e| (e.name.as_str(), e.mentions.len())).collect();
        assert_eq!(
            names,
            vec![
                ("Vladimir Putin", 2),
                ("Xi Jinping", 2),
                ("Emmanuel Macron", 2),
                ("Brigitte Macron", 1),
                ("United States", 3),
                ("European Union", 3),
            ]
        );
        assert_eq!(e[0].mentions[0].text, "Russian President Vladimir Putin");
        assert_eq!(e[4].label, EntityLabel::Location);
        for ent in &e {
            for s in &ent.mentions {
                assert_eq!(s.validate(text), Ok(()));
            }
        }
    }

    #[test]
    fn trims_possessive_and_handles_nothing() {
        let text = "Del Frisco’s is open.";
        let tokens = tokenize(text);
        let m = vec![Mention { start: 0, end: 13, tokens: 0..3, ty: 2 }];
        let e = merge(text, &tokens, &m);
        assert_eq!(e[0].mentions[0].text, "Del Frisco");
        assert!(merge("", &[], &[]).is_empty());
    }
}
