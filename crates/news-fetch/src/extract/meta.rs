//! Metadata: title, authors, publication date, language, canonical URL, site name, description
//! and top image, from (in order of trust) JSON-LD, OpenGraph/Twitter/Dublin Core `<meta>`
//! tags, microdata (`itemprop`), `<time>` elements, the dates and bylines shown around the title,
//! the URL. The language is the declared one (`<html lang>`, `content-language`, `og:locale`),
//! else detected from the text (whatlang), as a lower-case primary subtag.
//!
//! The publication date is the exception to that order: the date a reader sees under the title
//! beats the declared one unless the metadata explains the difference (see [`published`]).
//!
//! Values are cleaned (site names cut from titles, "By"/"Updated"/"Email the author" cut from
//! authors) and a date is reported only when a source states it: never a guess.

use rustc_hash::FxHashMap;
use serde_json::Value;

use super::date::{self, Date};
use super::dom::{Dom, NONE, NodeData, NodeId};
use super::tag::local_name;

/// Everything found in one walk over the document.
#[derive(Debug, Default)]
pub struct Found {
    /// `<meta>` tags: (lower-cased key from property/name/itemprop/http-equiv, content, whether
    /// the key is an `itemprop`: microdata rather than a page-level tag).
    pub metas: Vec<(String, String, bool)>,
    pub canonical: Option<String>,
    pub html_lang: Option<String>,
    pub title_tag: Option<String>,
    pub h1s: Vec<(NodeId, String)>,
    /// Article-like JSON-LD objects (first is the best).
    pub ld: Vec<Value>,
    /// JSON-LD objects of other types (WebPage, Organization…), for fallbacks.
    pub ld_other: Vec<Value>,
    /// `<time>` elements and `itemprop=datePublished` elements: (node, value, is_published).
    pub times: Vec<(NodeId, String, bool)>,
    /// Elements that look like author bylines: (node, text).
    pub bylines: Vec<(NodeId, String)>,
    /// `rel=author` links and `itemprop=author` elements: (node, text).
    pub author_links: Vec<(NodeId, String)>,
    /// Elements whose class/id names a date (`date`, `posted-on`, …): (node, text).
    pub date_elems: Vec<(NodeId, String)>,
    /// On a page without `<h1>`, the element whose whole text is the title (see
    /// [`locate_title`]).
    pub title_elem: Option<NodeId>,
}

fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

fn text_of(dom: &Dom, id: NodeId) -> String {
    let mut s = String::new();
    dom.text_of(id, &mut s);
    clean(&s)
}

/// Walks the document once and collects metadata sources.
pub fn collect(dom: &Dom) -> Found {
    let mut f = Found::default();
    let mut stack = vec![0u32];
    let mut class_words: FxHashMap<&str, u16> = FxHashMap::default();
    while let Some(id) = stack.pop() {
        let Some(node) = dom.node(id) else { continue };
        let NodeData::Element { name, .. } = node.data else {
            if matches!(node.data, NodeData::Document) {
                push_children(dom, id, &mut stack);
            }
            continue;
        };
        let attr = |n: &str| dom.attr(id, n);
        match name {
            local_name!("meta") => {
                let named = attr("property").or_else(|| attr("name"));
                let itemprop = named.is_none() && attr("itemprop").is_some();
                let key = named.or_else(|| attr("itemprop")).or_else(|| attr("http-equiv"));
                if let (Some(key), Some(content)) = (key, attr("content")) {
                    // JSON-LD put in a `<meta name="script:ld+json">` (a Next.js metadata idiom).
                    if key.trim().eq_ignore_ascii_case("script:ld+json") {
                        json_ld(content, &mut f);
                        continue;
                    }
                    let content = clean(content);
                    if !content.is_empty() {
                        f.metas.push((key.trim().to_ascii_lowercase(), content, itemprop));
                    }
                }
                continue;
            }
            local_name!("link") => {
                if let (Some(rel), Some(href)) = (attr("rel"), attr("href"))
                    && rel.eq_ignore_ascii_case("canonical")
                    && f.canonical.is_none()
                    && !href.trim().is_empty()
                {
                    f.canonical = Some(href.trim().to_owned());
                }
                continue;
            }
            local_name!("html") => {
                if let Some(lang) = attr("lang").or_else(|| attr("xml:lang")) {
                    let lang = lang.trim();
                    if !lang.is_empty() && lang.len() < 20 {
                        f.html_lang = Some(lang.to_owned());
                    }
                }
            }
            local_name!("title") => {
                if f.title_tag.is_none() {
                    let t = text_of(dom, id);
                    if !t.is_empty() {
                        f.title_tag = Some(t);
                    }
                }
                continue;
            }
            local_name!("script") => {
                if attr("type").is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json")) {
                    let mut raw = String::new();
                    dom.text_of(id, &mut raw);
                    json_ld(&raw, &mut f);
                }
                continue;
            }
            local_name!("style") | local_name!("svg") | local_name!("noscript") | local_name!("template") => {
                continue;
            }
            local_name!("h1") => {
                let t = text_of(dom, id);
                if !t.is_empty() && f.h1s.len() < 8 {
                    f.h1s.push((id, t));
                }
            }
            local_name!("time") => {
                let pubdate = attr("pubdate").is_some()
                    || attr("itemprop").is_some_and(|p| p.eq_ignore_ascii_case("datePublished"));
                let value = attr("datetime").map(str::to_owned).unwrap_or_else(|| text_of(dom, id));
                if f.times.len() < 64 {
                    f.times.push((id, value, pubdate));
                }
            }
            _ => {}
        }
        // The attributes every element is read for, in one pass.
        let (mut itemprop, mut rel, mut class, mut ident) = (None, None, "", "");
        for (key, value) in dom.attrs(id) {
            match key {
                "itemprop" if itemprop.is_none() => itemprop = Some(value),
                "rel" if rel.is_none() => rel = Some(value),
                "class" if class.is_empty() => class = value,
                "id" if ident.is_empty() => ident = value,
                _ => {}
            }
        }
        if let Some(prop) = itemprop {
            if prop.eq_ignore_ascii_case("datePublished") && name != local_name!("time") {
                let value = attr("content")
                    .or_else(|| attr("datetime"))
                    .map(str::to_owned)
                    .unwrap_or_else(|| text_of(dom, id));
                f.times.push((id, value, true));
            } else if prop.eq_ignore_ascii_case("author") || prop.eq_ignore_ascii_case("creator") {
                let inner = find_itemprop_name(dom, id).unwrap_or_else(|| text_of(dom, id));
                if f.author_links.len() < 16 && !inner.is_empty() {
                    f.author_links.push((id, inner));
                }
            }
        }
        if name == local_name!("a")
            && rel.is_some_and(|r| r.split_whitespace().any(|r| r.eq_ignore_ascii_case("author")))
        {
            let t = text_of(dom, id);
            if !t.is_empty() && f.author_links.len() < 16 {
                f.author_links.push((id, t));
            }
        }
        let names_len = class.len() + ident.len();
        if names_len > 0 && names_len < 299 {
            // Pages repeat their class values: each distinct one is matched once.
            let class_words = match class_words.get(class) {
                Some(&w) => w,
                None => {
                    let w = name_words(class);
                    class_words.insert(class, w);
                    w
                }
            };
            let words = class_words | name_words(ident);
            let has = |w: NameWord| words & (1 << w as u16) != 0;
            if (has(NameWord::Byline) || has(NameWord::Author))
                && !has(NameWord::AuthorBio)
                && !has(NameWord::AuthorBioDash)
                && f.bylines.len() < 24
                && let Some(t) =
                    dom.text_limited(id, 400).map(|t| clean(&t)).filter(|t| !t.is_empty() && t.len() < 200)
            {
                f.bylines.push((id, t));
            }
            if (has(NameWord::Date)
                || has(NameWord::Posted)
                || has(NameWord::Published)
                || has(NameWord::Time)
                || has(NameWord::Meta))
                && !has(NameWord::Update)
                && f.date_elems.len() < 48
                && let Some(t) =
                    dom.text_limited(id, 400).map(|t| clean(&t)).filter(|t| !t.is_empty() && t.len() < 200)
            {
                f.date_elems.push((id, t));
            }
        }
        push_children(dom, id, &mut stack);
    }
    f
}

/// The words looked for in class and id values (as substrings, any case), in the order of
/// [`NAME_WORDS`].
#[derive(Clone, Copy)]
enum NameWord {
    Byline,
    Author,
    AuthorBio,
    AuthorBioDash,
    Date,
    Posted,
    Published,
    Time,
    Meta,
    Update,
}

const NAME_WORDS: [&str; 10] =
    ["byline", "author", "authorbio", "author-bio", "date", "posted", "published", "time", "meta", "update"];

/// Which [`NameWord`]s occur in `value` (bit `w as u16`): one automaton pass, no allocation.
fn name_words(value: &str) -> u16 {
    static MATCHER: std::sync::LazyLock<Option<aho_corasick::AhoCorasick>> = std::sync::LazyLock::new(|| {
        aho_corasick::AhoCorasick::builder().ascii_case_insensitive(true).build(NAME_WORDS).ok()
    });
    let Some(matcher) = MATCHER.as_ref() else { return 0 };
    if value.is_empty() {
        return 0;
    }
    matcher.find_overlapping_iter(value).fold(0, |bits, m| bits | 1 << m.pattern().as_u32())
}

fn push_children(dom: &Dom, id: NodeId, stack: &mut Vec<NodeId>) {
    let start = stack.len();
    stack.extend(dom.children(id));
    stack[start..].reverse();
}

fn find_itemprop_name(dom: &Dom, id: NodeId) -> Option<String> {
    let mut stack: Vec<NodeId> = dom.children(id).collect();
    while let Some(c) = stack.pop() {
        if dom.attr(c, "itemprop").is_some_and(|p| p.eq_ignore_ascii_case("name")) {
            let v = dom.attr(c, "content").map(clean).unwrap_or_else(|| text_of(dom, c));
            if !v.is_empty() {
                return Some(v);
            }
        }
        stack.extend(dom.children(c));
    }
    None
}

fn type_names(v: &Value) -> Vec<&str> {
    match v.get("@type") {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

fn is_article_type(t: &str) -> bool {
    t.ends_with("Article")
        || matches!(
            t,
            "BlogPosting" | "Report" | "Posting" | "LiveBlogPosting" | "Review" | "Recipe" | "HowTo"
        )
}

fn json_ld(raw: &str, f: &mut Found) {
    let raw = raw.trim();
    let raw = raw.strip_prefix("<!--").unwrap_or(raw);
    let raw = raw.strip_suffix("-->").unwrap_or(raw);
    let Ok(value) = serde_json::from_str::<Value>(raw.trim()) else { return };
    let mut queue = vec![value];
    let mut seen = 0;
    while let Some(v) = queue.pop() {
        seen += 1;
        if seen > 200 {
            break;
        }
        match v {
            Value::Array(items) => queue.extend(items.into_iter().rev()),
            Value::Object(mut map) => {
                if let Some(graph) = map.remove("@graph") {
                    queue.push(graph);
                }
                let obj = Value::Object(map);
                let types = type_names(&obj);
                if types.iter().any(|t| is_article_type(t)) {
                    f.ld.push(obj);
                } else if !types.is_empty() {
                    if let Some(Value::Object(main)) = obj.get("mainEntity") {
                        queue.push(Value::Object(main.clone()));
                    }
                    f.ld_other.push(obj);
                }
            }
            _ => {}
        }
    }
}

fn ld_str(v: &Value, key: &str) -> Option<String> {
    match v.get(key)? {
        Value::String(s) => Some(clean(s)).filter(|s| !s.is_empty()),
        Value::Array(a) => a.iter().find_map(|x| x.as_str().map(clean)).filter(|s| !s.is_empty()),
        Value::Object(o) => o.get("name").or_else(|| o.get("url")).and_then(Value::as_str).map(clean),
        _ => None,
    }
}

impl Found {
    pub fn meta(&self, keys: &[&str]) -> Option<&str> {
        keys.iter().find_map(|k| self.metas.iter().find(|(key, ..)| key == k).map(|(_, v, _)| v.as_str()))
    }
}

/// Cuts a site name off a title: `Story | Site`, `Site - Story`, `Story – Site`.
pub fn strip_site(title: &str, site: Option<&str>) -> String {
    let title = clean(title);
    for sep in [" | ", " - ", " – ", " — ", " :: ", " · ", " • ", " / ", " » ", " « "] {
        let parts: Vec<&str> = title.split(sep).collect();
        if parts.len() < 2 {
            continue;
        }
        if let Some(site) = site {
            let site_n = norm(site);
            let kept: Vec<&str> = parts.iter().copied().filter(|p| norm(p) != site_n).collect();
            if kept.len() < parts.len() && !kept.is_empty() {
                return kept.join(sep);
            }
        }
        // Without a known site name: the last (or first) short part is the site.
        let first = parts[0];
        let last = parts[parts.len() - 1];
        if last.split_whitespace().count() <= 4 && first.split_whitespace().count() >= 3 {
            return parts[..parts.len() - 1].join(sep);
        }
        if parts.len() == 2 && first.split_whitespace().count() <= 3 && last.split_whitespace().count() >= 4 {
            return last.to_owned();
        }
    }
    title
}

pub fn norm(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// The title.
pub fn title(f: &Found, site: Option<&str>) -> Option<String> {
    let og =
        f.meta(&["og:title", "twitter:title", "title", "dc.title", "headline"]).map(|t| strip_site(t, site));
    let ld = f.ld.iter().find_map(|v| ld_str(v, "headline").or_else(|| ld_str(v, "name")));
    let tag = f.title_tag.as_deref().map(|t| strip_site(t, site));
    let refs: Vec<String> =
        [og.as_deref(), ld.as_deref(), tag.as_deref()].into_iter().flatten().map(norm).collect();
    // The visible <h1> when it agrees with a declared title (it is what a reader sees).
    for (_, h1) in &f.h1s {
        let n = norm(h1);
        if n.len() >= 8
            && refs.iter().any(|r| r == &n || (r.len() >= 8 && (r.contains(&n) || n.contains(r.as_str()))))
        {
            return Some(h1.clone());
        }
    }
    if f.h1s.len() == 1 && og.is_none() && ld.is_none() {
        return Some(f.h1s[0].1.clone());
    }
    og.or(ld).or(tag).or_else(|| f.h1s.first().map(|(_, h)| h.clone())).filter(|t| !t.is_empty())
}

/// Is `anc` an ancestor of (or equal to) `id`?
pub fn within(dom: &Dom, anc: NodeId, mut id: NodeId) -> bool {
    if anc == NONE {
        return false;
    }
    let mut steps = 0;
    while id != NONE && steps < 4096 {
        if id == anc {
            return true;
        }
        id = dom.node(id).map_or(NONE, |n| n.parent);
        steps += 1;
    }
    false
}

/// Tags whose content is never a visible date.
fn invisible(dom: &Dom, id: NodeId) -> bool {
    matches!(
        dom.tag(id),
        Some(
            local_name!("script")
                | local_name!("style")
                | local_name!("noscript")
                | local_name!("template")
                | local_name!("svg")
                | local_name!("iframe")
                | local_name!("select")
                | local_name!("button")
                | local_name!("nav")
        )
    )
}

/// The node after `id`'s subtree in document order.
fn next_after(dom: &Dom, mut id: NodeId) -> NodeId {
    let mut steps = 0;
    while id != NONE && steps < 4096 {
        let Some(n) = dom.node(id) else { return NONE };
        if n.next != NONE {
            return n.next;
        }
        id = n.parent;
        steps += 1;
    }
    NONE
}

/// The heading the dates are looked for around: the `<h1>` inside the article scope, else the
/// first `<h1>` of the page.
fn title_anchor(dom: &Dom, f: &Found, scope: NodeId) -> Option<NodeId> {
    f.h1s
        .iter()
        .find(|(id, _)| within(dom, scope, *id))
        .or_else(|| f.h1s.first())
        .map(|(id, _)| *id)
        .or(f.title_elem)
}

/// On a page without `<h1>` (site builders style the title as a `<p>` or `<div>`), finds the
/// first visible element whose whole text is the title, so that the date and byline shown
/// around it can be read as around an `<h1>`.
pub fn locate_title(dom: &Dom, f: &mut Found, title: Option<&str>) {
    if !f.h1s.is_empty() {
        return;
    }
    let Some(title) = title.filter(|t| t.len() >= 12) else { return };
    let (want, letters) = (norm(title), title.chars().filter(|c| c.is_alphanumeric()).count());
    for node in &dom.nodes {
        let NodeData::Text(span) = node.data else { continue };
        // A text node holds the title when its letters and digits are the title's (counted
        // first: most text nodes are ruled out without allocating).
        if span.len() < letters || span.len() > title.len() * 2 + 40 {
            continue;
        }
        let text = dom.str(span);
        if text.chars().filter(|c| c.is_alphanumeric()).count() != letters || norm(text) != want {
            continue;
        }
        let parent = node.parent;
        let mut anc = parent;
        let mut hidden = false;
        for _ in 0..64 {
            if anc == NONE {
                break;
            }
            if invisible(dom, anc)
                || matches!(dom.tag(anc), Some(local_name!("head") | local_name!("title") | local_name!("a")))
            {
                hidden = true;
                break;
            }
            anc = dom.node(anc).map_or(NONE, |n| n.parent);
        }
        if !hidden && parent != NONE {
            f.title_elem = Some(parent);
            return;
        }
    }
}

/// Text this long in one node is the article's prose: the header has ended.
const PROSE: usize = 160;

/// Dates shown around the title: the text just before the `<h1>` (within four levels of it)
/// and the header text after it, up to the first paragraph of prose. `<time datetime>` values
/// count where the element stands. Each date comes with whether it is labelled as an update.
fn header_dates(dom: &Dom, anchor: NodeId) -> Vec<(Date, bool)> {
    let mut out: Vec<(Date, bool)> = Vec::new();
    // After the title: walk in document order over at most ~500 bytes of short texts.
    let mut budget = 500usize;
    let mut label = String::new();
    let mut id = next_after(dom, anchor);
    let mut steps = 0;
    while id != NONE && budget > 0 && steps < 2000 {
        steps += 1;
        let Some(node) = dom.node(id) else { break };
        if invisible(dom, id) {
            id = next_after(dom, id);
            continue;
        }
        if dom.tag(id) == Some(local_name!("time")) {
            let text = text_of(dom, id);
            let value = dom.attr(id, "datetime").and_then(date::parse).or_else(|| date::parse_text(&text));
            if let Some(d) = value
                && !out.iter().any(|(o, _)| o.day_eq(&d))
            {
                let updated = date::says_updated(&label) || date::says_updated(&text);
                out.push((d, updated));
            }
            label = text;
            budget = budget.saturating_sub(label.len());
            id = next_after(dom, id);
            continue;
        }
        if listing_item(dom, id) {
            break;
        }
        if node.first != NONE {
            id = node.first;
            continue;
        }
        if let NodeData::Text(span) = node.data {
            let raw = dom.str(span);
            // Whitespace between tags: nothing to read (and nothing to allocate).
            let text = if raw.trim().is_empty() { String::new() } else { clean(raw) };
            if !text.is_empty() {
                if text.len() > PROSE {
                    if in_standfirst(dom, id) {
                        label.clear();
                        id = next_after(dom, id);
                        continue;
                    }
                    break;
                }
                if is_sentence(&text) {
                    // A standfirst, or the first short paragraph: its dates are what it talks
                    // about.
                    budget = budget.saturating_sub(text.len());
                    label.clear();
                    id = next_after(dom, id);
                    continue;
                }
                // The previous text node carries labels such as "Updated:" and split dates (a
                // date ending in this text has a digit in it: the others are not joined).
                if text.bytes().any(|b| b.is_ascii_digit()) {
                    let joined = format!("{label} {text}");
                    for (d, updated) in date::find_dates(&joined) {
                        if !out.iter().any(|(o, _)| o.day_eq(&d))
                            && date::find_dates(&label).iter().all(|(l, _)| !l.day_eq(&d))
                        {
                            out.push((d, updated));
                        }
                    }
                }
                budget = budget.saturating_sub(text.len());
                label = text;
            }
        }
        id = next_after(dom, id);
    }
    // Before the title: the preceding siblings of the heading and of its three nearest
    // ancestors, nearest first, ~300 bytes of short text at most.
    let mut child = anchor;
    let mut before_budget = 300usize;
    for _ in 0..4 {
        let Some(parent) = dom.node(child).map(|n| n.parent).filter(|&p| p != NONE) else { break };
        let preceding: Vec<NodeId> = dom.children(parent).take_while(|&c| c != child).collect();
        for &sib in preceding.iter().rev() {
            if before_budget == 0 {
                break;
            }
            if invisible(dom, sib) {
                continue;
            }
            let Some(text) = pieces(dom, sib, 300).map(|p| p.join(" ")) else {
                before_budget = 0;
                break;
            };
            if text.is_empty() {
                continue;
            }
            if text.len() > PROSE {
                before_budget = 0;
                break;
            }
            let mut found = date::find_dates(&text);
            if found.is_empty() {
                // A <time> whose text is relative ("3 days ago") still has its datetime.
                found.extend(time_values(dom, sib).into_iter().map(|d| (d, false)));
            }
            for (d, updated) in found {
                if !out.iter().any(|(o, _)| o.day_eq(&d)) {
                    out.push((d, updated));
                }
            }
            before_budget = before_budget.saturating_sub(text.len());
        }
        child = parent;
    }
    out
}

/// Is this text in the title's standfirst (an element named `description`, `dek`, `subtitle`,
/// `excerpt`…)? A long one does not end the header: the byline and date often follow it.
fn in_standfirst(dom: &Dom, text: NodeId) -> bool {
    const WORDS: &[&str] =
        &["description", "dek", "standfirst", "subtitle", "subhead", "excerpt", "summary", "teaser"];
    let mut id = dom.node(text).map_or(NONE, |n| n.parent);
    for _ in 0..3 {
        if id == NONE {
            break;
        }
        let names = [dom.attr(id, "class").unwrap_or(""), dom.attr(id, "id").unwrap_or("")];
        if names.iter().any(|n| n.len() < 300 && WORDS.iter().any(|w| find_ci(n, w).next().is_some())) {
            return true;
        }
        id = dom.node(id).map_or(NONE, |n| n.parent);
    }
    false
}

/// An item of a list of entries (`<li>` with its own heading, among three or more): the page
/// lists events or articles, and the dates in it are theirs.
fn listing_item(dom: &Dom, id: NodeId) -> bool {
    let is_heading =
        |c: NodeId| matches!(dom.tag(c), Some(local_name!("h2") | local_name!("h3") | local_name!("h4")));
    if dom.tag(id) != Some(local_name!("li")) {
        return false;
    }
    let has_heading =
        dom.children(id).take(8).any(|c| is_heading(c) || dom.children(c).take(8).any(is_heading));
    let parent = dom.node(id).map_or(NONE, |n| n.parent);
    has_heading && dom.children(parent).filter(|&c| dom.tag(c) == Some(local_name!("li"))).nth(2).is_some()
}

/// Is `id` inside an item of a list of entries (within six levels)?
fn in_listing(dom: &Dom, mut id: NodeId) -> bool {
    for _ in 0..6 {
        if id == NONE {
            break;
        }
        if listing_item(dom, id) {
            return true;
        }
        id = dom.node(id).map_or(NONE, |n| n.parent);
    }
    false
}

/// A sentence of prose, not a header line: a dozen words or more ending like a sentence. A
/// date inside it is what the text talks about ("the tax season ends April 15, 2025.").
fn is_sentence(text: &str) -> bool {
    text.split_whitespace().nth(11).is_some() && text.trim_end().ends_with(['.', '!', '?'])
}

/// Labels that introduce a publication date.
const PUBLISHED_LABELS: &[&str] = &[
    "posted on",
    "posted",
    "published on",
    "published",
    "date published",
    "first published",
    "publié le",
    "veröffentlicht am",
    "publicado el",
    "pubblicato il",
];

/// A date labelled as the publication ("Posted on" | "Nov 21, 2018", "Published: 14.05.2024")
/// among the short texts of the article, for a page where nothing else gives one.
fn labelled_date(dom: &Dom, scope: NodeId) -> Option<Date> {
    // Without allocating: most texts are not labels.
    let starts_labelled = |t: &str| {
        let t = t.trim_start().as_bytes();
        PUBLISHED_LABELS.iter().any(|p| {
            t.get(..p.len()).is_some_and(|head| head.eq_ignore_ascii_case(p.as_bytes()))
                && t.get(p.len()).is_none_or(|c| matches!(c, b' ' | b':' | b'\xc2' | b'\t' | b'\n' | b'\r'))
        })
    };
    let mut label: Option<String> = None;
    let mut stack = vec![scope];
    let mut seen = 0;
    while let Some(c) = stack.pop() {
        seen += 1;
        if seen > 20_000 {
            break;
        }
        if invisible(dom, c) {
            continue;
        }
        let Some(node) = dom.node(c) else { continue };
        if let NodeData::Text(span) = node.data {
            let raw = dom.str(span);
            if raw.trim().is_empty() {
                continue;
            }
            if raw.len() > PROSE * 2 {
                label = None;
                continue;
            }
            let joined = match label.take() {
                Some(l) => format!("{l} {}", clean(raw)),
                None if starts_labelled(raw) => clean(raw),
                None => continue,
            };
            if starts_labelled(&joined)
                && let Some((d, _)) = date::find_dates(&joined).into_iter().find(|(_, updated)| !updated)
            {
                return Some(d);
            }
            // A label alone ("Posted on") carries over to the next text.
            if starts_labelled(raw) && raw.trim().len() < 40 {
                label = Some(clean(raw));
            }
            continue;
        }
        let start = stack.len();
        stack.extend(dom.children(c));
        stack[start..].reverse();
    }
    None
}

/// `datetime` values of the `<time>` elements under `id`.
fn time_values(dom: &Dom, id: NodeId) -> Vec<Date> {
    let mut out = Vec::new();
    let mut stack = vec![id];
    let mut seen = 0;
    while let Some(c) = stack.pop() {
        seen += 1;
        if seen > 200 {
            break;
        }
        if dom.tag(c) == Some(local_name!("time"))
            && let Some(d) = dom.attr(c, "datetime").and_then(date::parse)
        {
            out.push(d);
        }
        stack.extend(dom.children(c));
    }
    out
}

/// The publication date. `scope` is the element that holds the article (its text and header).
///
/// What the reader sees comes first: a date shown next to the title and not labelled as an
/// update beats the declared metadata, which is often the CMS's record of a later save or an
/// import. The declared date wins over the shown one only when the difference is explained:
/// the shown date is the declared modification date (a page showing its last update without
/// saying so), the same instant in another time zone (unless the URL's date sides with the
/// shown day), or the same numbers read in the other order (`09.10.2024`).
///
/// Then, in order: the publication date declared by an article's JSON-LD or the `<meta>` tags
/// (one confirmed by a shown date when the sources disagree; a `<time pubdate>` or a shown
/// update date when the declared publication is the same day as the declared modification, a
/// CMS stamp); `<time pubdate>` / `itemprop=datePublished`; a shown update date; `<time>`
/// elements near the article; the URL; dated elements near the article; a date labelled
/// "Posted on" / "Published" in the article. A `WebPage` object's `datePublished` (the CMS's
/// record of the page, not an article's) is not taken on its own.
pub fn published(dom: &Dom, f: &Found, scope: NodeId, url: Option<&str>) -> Option<String> {
    let declared = declared_published_all(f);
    let modified = declared_modified(f);
    let pubtime =
        f.times.iter().filter(|t| t.2 && !in_comments(dom, t.0)).find_map(|(_, v, _)| date::parse(v));
    let shown = title_anchor(dom, f, scope).map(|a| header_dates(dom, a)).unwrap_or_default();
    // The most precise value for a day: a declared timestamp of that day, else the day.
    let precise = |d: &Date| -> String {
        declared.iter().chain(&pubtime).chain(&modified).find(|x| x.day_eq(d)).unwrap_or(d).render()
    };
    if let Some((s, _)) = shown.iter().find(|(_, updated)| !updated) {
        let Some(first) = declared.first() else { return Some(precise(s)) };
        if declared.iter().any(|d| d.day_eq(s)) {
            return Some(precise(s));
        }
        let url_day = url.and_then(date::from_url);
        let explained = modified.as_ref().is_some_and(|m| m.day_eq(s) && !m.day_eq(first))
            || (first.same_instant_elsewhere(s) && !url_day.is_some_and(|u| u.day_eq(s)))
            || first.swapped_eq(s);
        return Some(if explained { first.render() } else { precise(s) });
    }
    if let Some(first) = declared.first() {
        // Sources that disagree: the one the page shows.
        if let Some(d) = declared.iter().find(|d| shown.iter().any(|(s, _)| s.day_eq(d))) {
            return Some(d.render());
        }
        // Published and modified the same day: a stamp of the last save, when the page says
        // otherwise.
        if modified.as_ref().is_some_and(|m| m.day_eq(first)) {
            if let Some(p) = pubtime.as_ref().filter(|p| !p.day_eq(first)) {
                return Some(p.render());
            }
            if let Some((s, _)) = shown.first().filter(|(s, _)| !s.day_eq(first)) {
                return Some(precise(s));
            }
        }
        // Only an update date is shown, and the publication is declared only in structured
        // data (JSON-LD, microdata), which frameworks often fill with the record's creation:
        // the page's own date. A publication `<meta>` tag (OpenGraph, Dublin Core…) is kept.
        if let Some((s, _)) = shown.first()
            && !declared_by_tag(f)
        {
            return Some(precise(s));
        }
        return Some(first.render());
    }
    if let Some(d) = &pubtime {
        return Some(d.render());
    }
    if let Some((d, _)) = shown.first() {
        return Some(precise(d));
    }
    let near = |id: NodeId| within(dom, scope, id);
    if let Some(d) = f
        .times
        .iter()
        .filter(|t| near(t.0) && plain_time_states_a_day(dom, t.0) && !in_comments(dom, t.0))
        .find_map(|(_, v, _)| date::parse(v))
    {
        return Some(d.render());
    }
    if let Some(d) = url.and_then(date::from_url) {
        return Some(d.render());
    }
    let textual: Option<Date> =
        f.date_elems.iter().filter(|(id, _)| near(*id) && !in_listing(dom, *id)).find_map(|(id, t)| {
            // Read piece by piece: "Posted on" + "May 14, 2024" run together in `t`.
            pieces(dom, *id, 400).and_then(|p| date::parse_text(&p.join(" "))).or_else(|| date::parse_text(t))
        });
    textual.or_else(|| labelled_date(dom, scope)).map(|d| d.render())
}

/// Where `needle` (lower-case ASCII) occurs in `hay`, any case, as byte offsets.
fn find_ci<'h>(hay: &'h str, needle: &'h str) -> impl Iterator<Item = usize> + 'h {
    hay.as_bytes()
        .windows(needle.len())
        .enumerate()
        .filter(move |(_, w)| w.eq_ignore_ascii_case(needle.as_bytes()))
        .map(|(i, _)| i)
}

/// Is `id` inside the comments or a sidebar (`<aside>`, a class or id naming comments)? A
/// comment's `<time pubdate>` dates the comment.
fn in_comments(dom: &Dom, mut id: NodeId) -> bool {
    for _ in 0..64 {
        let Some(node) = dom.node(id) else { return false };
        if dom.tag(id) == Some(local_name!("aside")) {
            return true;
        }
        for key in ["class", "id", "itemprop"] {
            // `comment`, not `commentary` (an opinion section).
            if dom.attr(id, key).is_some_and(|v| {
                v.len() < 300
                    && find_ci(v, "comment").any(|at| {
                        !v.as_bytes()[at + 7..].get(..3).is_some_and(|r| r.eq_ignore_ascii_case(b"ary"))
                    })
            }) {
                return true;
            }
        }
        id = node.parent;
    }
    false
}

/// Whether a plain `<time>` may give the publication day: not when it is marked as the
/// modification date (`itemprop=dateModified`), nor when its text shows only a month
/// ("April 2025": the day in its `datetime` is not stated on the page).
fn plain_time_states_a_day(dom: &Dom, id: NodeId) -> bool {
    if dom.attr(id, "itemprop").is_some_and(|p| p.eq_ignore_ascii_case("dateModified")) {
        return false;
    }
    let text = text_of(dom, id);
    let month_only = date::parse_text(&text).is_none()
        && text.split_whitespace().any(|w| w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()))
        && text.split_whitespace().count() <= 3;
    !month_only
}

/// The publication dates declared by articles' JSON-LD and the page's `<meta>` tags, most
/// trusted first, one per day.
fn declared_published_all(f: &Found) -> Vec<Date> {
    let mut out: Vec<Date> = Vec::new();
    let mut push = |d: Option<Date>| {
        if let Some(d) = d
            && !out.iter().any(|o| o.day_eq(&d))
        {
            out.push(d);
        }
    };
    for v in &f.ld {
        push(
            ["datePublished", "dateCreated", "uploadDate"]
                .iter()
                .find_map(|k| ld_str(v, k).and_then(|s| date::parse(&s))),
        );
    }
    for k in PUBLISHED_KEYS {
        push(f.meta(&[k]).and_then(date::parse));
    }
    // Other publication keys (`w-published-date`, `article.publishdate`, …).
    for (k, v, _) in &f.metas {
        if (k.contains("publish") || k.contains("pubdate")) && !k.contains("modif") && !k.contains("updat") {
            push(date::parse(v));
        }
    }
    out
}

/// Does a page-level `<meta>` tag (not microdata) declare a publication date?
fn declared_by_tag(f: &Found) -> bool {
    f.metas.iter().any(|(k, v, itemprop)| {
        !itemprop
            && (PUBLISHED_KEYS.contains(&k.as_str())
                || ((k.contains("publish") || k.contains("pubdate"))
                    && !k.contains("modif")
                    && !k.contains("updat")))
            && date::parse(v).is_some()
    })
}

/// `<meta>` keys that declare the publication date, most trusted first.
const PUBLISHED_KEYS: &[&str] = &[
    "article:published_time",
    "og:published_time",
    "article:published",
    "published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "published-date",
    "publication_date",
    "date.published",
    "article.published",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dc.date",
    "dcterms.date",
    "dcterms.created",
    "dcterms.issued",
    "citation_publication_date",
    "citation_date",
    "original-publish-date",
    "date",
    "article:post_date",
    "article_date_original",
    "cxenseparse:recs:publishtime",
];

/// The modification date declared by JSON-LD (any object) or `<meta>` tags.
fn declared_modified(f: &Found) -> Option<Date> {
    f.ld.iter()
        .chain(&f.ld_other)
        .find_map(|v| ld_str(v, "dateModified").and_then(|s| date::parse(&s)))
        .or_else(|| {
            f.meta(&["article:modified_time", "og:updated_time", "last-modified", "dcterms.modified"])
                .and_then(date::parse)
        })
}

/// The texts under `id`, one per text node (scripts and styles skipped), or `None` past `max`
/// bytes. Bylines are read piece by piece: `<span>By</span><a>Ann Lee</a><span>Editor</span>`.
fn pieces(dom: &Dom, id: NodeId, max: usize) -> Option<Vec<String>> {
    let mut out = Vec::new();
    let mut total = 0;
    let mut stack = vec![id];
    while let Some(c) = stack.pop() {
        if invisible(dom, c) {
            continue;
        }
        let Some(node) = dom.node(c) else { continue };
        if dom.tag(c).is_none() && node.first == NONE {
            let t = match node.data {
                NodeData::Text(span) if dom.str(span).trim().is_empty() => String::new(),
                _ => text_of(dom, c),
            };
            total += t.len();
            if total > max {
                return None;
            }
            if !t.is_empty() {
                out.push(t);
            }
            continue;
        }
        let start = stack.len();
        stack.extend(dom.children(c));
        stack[start..].reverse();
    }
    Some(out)
}

/// The short texts after the title, up to the article's first paragraph of prose.
fn header_pieces(dom: &Dom, anchor: NodeId) -> Vec<String> {
    let mut out = Vec::new();
    let mut budget = 500usize;
    let mut id = next_after(dom, anchor);
    let mut steps = 0;
    while id != NONE && budget > 0 && steps < 2000 {
        steps += 1;
        let Some(node) = dom.node(id) else { break };
        if invisible(dom, id) {
            id = next_after(dom, id);
            continue;
        }
        if node.first != NONE {
            id = node.first;
            continue;
        }
        if dom.tag(id).is_none() {
            let text = text_of(dom, id);
            if text.len() > PROSE {
                break;
            }
            if !text.is_empty() {
                budget = budget.saturating_sub(text.len());
                out.push(text);
            }
        }
        id = next_after(dom, id);
    }
    out
}

/// A byline prefix standing alone (`By`, `Written by:`, `Von`).
fn is_prefix_only(piece: &str) -> bool {
    let l = piece.trim().trim_end_matches([':', ' ']).to_lowercase();
    BYLINE_PREFIXES.iter().any(|p| p.trim_end_matches(':') == l) || l == "author" || l == "authors"
}

/// Looks like a person's (or a team's) name: two to four words, capitalized, no digits.
fn looks_like_name(piece: &str) -> bool {
    let words: Vec<&str> = piece.split_whitespace().collect();
    (2..=4).contains(&words.len())
        && piece.len() <= 40
        && !piece.chars().any(|c| c.is_ascii_digit() || matches!(c, '|' | ':' | '?' | '!' | '@'))
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                || matches!(
                    *w,
                    "van" | "von" | "de" | "der" | "den" | "da" | "di" | "del" | "la" | "le" | "bin"
                )
        })
}

/// Names from a byline read piece by piece: the piece after a lone prefix (`By` | `Ann Lee`),
/// a piece that starts with a prefix (`By Ann Lee and Bo Chen`), or, with `dated` set, a
/// name-like piece next to a date (`Ann Lee` | `May 14, 2024`).
fn byline_names(pieces: &[String], site: Option<&str>, dated: bool) -> Vec<String> {
    let mut out = Vec::new();
    for (i, p) in pieces.iter().enumerate() {
        if is_prefix_only(p) {
            // The names, with their joiners: `Ann Lee` `,` `Bo Chen` / `Ann Lee` `and` `Bo Chen`.
            let mut joined = String::new();
            for next in pieces.iter().skip(i + 1).take(5) {
                let n = next.trim().to_lowercase();
                let joiner = matches!(n.as_str(), "," | "and" | "&" | "und" | "et" | "y" | "e" | ", and");
                if !joined.is_empty() && !joiner && !joined.ends_with(" , ") {
                    break;
                }
                joined.push_str(if joiner { " , " } else { next });
            }
            push_names(&mut out, &joined, site);
            if !out.is_empty() {
                return out;
            }
        }
        let lower = p.to_lowercase();
        if BYLINE_PREFIXES.iter().any(|pre| {
            lower.starts_with(&format!("{} ", pre.trim_end_matches(':')))
                || (pre.ends_with(':') && lower.starts_with(pre))
        }) {
            push_names(&mut out, p, site);
            if !out.is_empty() {
                return out;
            }
        }
    }
    if dated {
        for (i, p) in pieces.iter().enumerate() {
            let near_date = pieces[i.saturating_sub(2)..pieces.len().min(i + 3)]
                .iter()
                .any(|q| !date::find_dates(q).is_empty());
            if looks_like_name(p) && near_date && site.is_none_or(|s| norm(s) != norm(p)) {
                push_names(&mut out, p, site);
                if !out.is_empty() {
                    return out;
                }
            }
        }
    }
    out
}

/// Authors, cleaned and de-duplicated. The site's name counts as an author only alone
/// ("Author: Swoogo"), not beside people's names ("By Ann Lee, CNN").
pub fn authors(dom: &Dom, f: &Found, scope: NodeId, site: Option<&str>) -> Vec<String> {
    let mut out = authors_found(dom, f, scope, site);
    if out.len() > 1
        && let Some(site) = site.map(norm).filter(|s| !s.is_empty())
    {
        out.retain(|n| norm(n) != site);
    }
    out
}

fn authors_found(dom: &Dom, f: &Found, scope: NodeId, site_name: Option<&str>) -> Vec<String> {
    let site = None;
    // A source that names only the site (an Organization author) is a fallback: a person named
    // by a later source is preferred.
    let mut fallback: Vec<String> = Vec::new();
    let site_n = site_name.map(norm).unwrap_or_default();
    let mut settle = |out: &mut Vec<String>| {
        if out.is_empty() {
            return false;
        }
        if !site_n.is_empty() && out.iter().all(|n| norm(n) == site_n) {
            if fallback.is_empty() {
                fallback = std::mem::take(out);
            }
            out.clear();
            return false;
        }
        true
    };
    let mut out: Vec<String> = Vec::new();
    for v in &f.ld {
        let list = match v.get("author").or_else(|| v.get("creator")) {
            Some(Value::Array(a)) => a.iter().collect::<Vec<_>>(),
            Some(one) => vec![one],
            None => Vec::new(),
        };
        for a in list {
            let name = match a {
                Value::String(s) => Some(s.clone()),
                Value::Object(o) => o.get("name").and_then(|n| match n {
                    Value::String(s) => Some(s.clone()),
                    Value::Array(a) => a.first().and_then(Value::as_str).map(str::to_owned),
                    _ => None,
                }),
                _ => None,
            };
            if let Some(name) = name {
                push_names(&mut out, &name, site);
            }
        }
        if settle(&mut out) {
            return out;
        }
    }
    for key in [
        "author",
        "article:author",
        "parsely-author",
        "sailthru.author",
        "dc.creator",
        "byl",
        "twitter:creator:name",
        "citation_author",
    ] {
        for (k, v, _) in &f.metas {
            if k == key && !v.starts_with("http") && !v.starts_with('@') {
                push_names(&mut out, v, site);
            }
        }
        if settle(&mut out) {
            return out;
        }
    }
    for (_, t) in &f.author_links {
        push_names(&mut out, t, site);
    }
    if settle(&mut out) {
        return out;
    }
    // Byline elements (comment bylines, "X says", excepted), piece by piece, then whole.
    for (id, t) in &f.bylines {
        if t.contains(" says") {
            continue;
        }
        let parts = pieces(dom, *id, 400).unwrap_or_default();
        let mut names = byline_names(&parts, site, true);
        if settle(&mut names) {
            return names;
        }
        if parts.len() > 1 {
            for part in &parts {
                push_names(&mut out, part, site);
                if settle(&mut out) {
                    return out;
                }
            }
        }
        push_names(&mut out, t, site);
        if settle(&mut out) {
            return out;
        }
    }
    // The header under the title: `By` | `Ann Lee`, or a name next to the date.
    if let Some(anchor) = title_anchor(dom, f, scope) {
        let mut names = byline_names(&header_pieces(dom, anchor), site, true);
        if settle(&mut names) {
            return names;
        }
    }
    fallback
}

const BYLINE_PREFIXES: &[&str] = &[
    "written by",
    "text by",
    "article by:",
    "article by",
    "authored by:",
    "authored by",
    "written by:",
    "posted by",
    "reviewed by",
    "words by",
    "story by",
    "published by",
    "author:",
    "authors:",
    "by:",
    "by",
    "von",
    "par",
    "por",
    "door",
    "di",
];

/// Splits a byline into names and pushes the clean ones.
fn push_names(out: &mut Vec<String>, raw: &str, site: Option<&str>) {
    let mut s = clean(raw);
    // Cut at phrases that end a byline.
    for stop in [
        "Reviewed by",
        "Fact checked",
        "Medically reviewed",
        "Updated",
        "Published",
        "Posted",
        "Last updated",
        " on ",
        "|",
        "•",
        "·",
        "Email the author",
        "Follow",
        "Contact",
        "Reporter",
        "Senior",
        "Staff",
        "Correspondent",
        "Editor",
        " - ",
        " – ",
        " — ",
    ] {
        if let Some(i) = s.find(stop)
            && i > 0
        {
            s.truncate(i);
        }
    }
    let lower = s.to_lowercase();
    for p in BYLINE_PREFIXES {
        if lower.starts_with(p) && lower[p.len()..].starts_with([' ', ':'])
            || lower.starts_with(p) && p.ends_with(':')
        {
            s = s[p.len()..].trim_start_matches([' ', ':']).to_owned();
            break;
        }
    }
    let site_n = site.map(norm).unwrap_or_default();
    for part in s.split([',', ';', '&', '\n']).flat_map(|p| p.split(" and ")) {
        let name = part
            .trim()
            .trim_matches(|c: char| !c.is_alphanumeric() && c != '.' && c != ')' && c != '(')
            .trim();
        if name.is_empty() || name.len() > 60 || name.contains('@') || name.starts_with("http") {
            continue;
        }
        let words = name.split_whitespace().count();
        if words > 5 || name.chars().any(|c| c.is_ascii_digit()) {
            continue;
        }
        let l = name.to_lowercase();
        // Interface words, not names ("Your Name", "No Comments", "In This Article").
        if l.split_whitespace().any(|w| {
            matches!(
                w,
                "name"
                    | "comments"
                    | "comment"
                    | "article"
                    | "picks"
                    | "share"
                    | "menu"
                    | "search"
                    | "subscribe"
                    | "contents"
                    | "insights"
                    | "reply"
                    | "read"
                    | "min"
                    | "minutes"
                    | "says"
                    | "more"
            )
        }) || is_prefix_only(name)
        {
            continue;
        }
        if matches!(
            l.as_str(),
            "by" | "admin"
                | "staff"
                | "updated"
                | "email"
                | "author"
                | "anonymous"
                | "unknown"
                | "guest"
                | "editor"
                | "more"
        ) {
            continue;
        }
        if !site_n.is_empty() && norm(name) == site_n {
            continue;
        }
        if !name.chars().next().is_some_and(char::is_uppercase) {
            continue;
        }
        if !out.iter().any(|o| norm(o) == norm(name)) {
            out.push(name.to_owned());
        }
    }
}

/// The site name.
pub fn site_name(f: &Found) -> Option<String> {
    f.meta(&["og:site_name", "application-name", "twitter:site:name", "publisher"]).map(clean).or_else(|| {
        f.ld.iter().chain(&f.ld_other).find_map(|v| {
            v.get("publisher").and_then(|p| ld_str(p, "name").or_else(|| p.as_str().map(clean)))
        })
    })
}

pub fn canonical(f: &Found) -> Option<String> {
    f.canonical.clone().or_else(|| f.meta(&["og:url"]).map(str::to_owned))
}

pub fn description(f: &Found) -> Option<String> {
    f.meta(&["og:description", "description", "twitter:description", "dc.description"])
        .map(str::to_owned)
        .or_else(|| f.ld.iter().find_map(|v| ld_str(v, "description")))
}

pub fn image(f: &Found) -> Option<String> {
    f.meta(&["og:image", "og:image:url", "og:image:secure_url", "twitter:image", "twitter:image:src"])
        .map(str::to_owned)
        .or_else(|| {
            f.ld.iter().find_map(|v| match v.get("image")? {
                Value::String(s) => Some(s.clone()),
                Value::Array(a) => {
                    a.iter().find_map(|x| x.as_str().map(str::to_owned).or_else(|| ld_str(x, "url")))
                }
                Value::Object(o) => o.get("url").and_then(Value::as_str).map(str::to_owned),
                _ => None,
            })
        })
}

/// The declared language: `<html lang>`, then `content-language`, `dc.language`, `og:locale`,
/// JSON-LD `inLanguage`; normalized to a lower-case primary subtag (`en-US` → `en`).
pub fn declared_language(f: &Found) -> Option<String> {
    let metas =
        ["content-language", "language", "dc.language", "dcterms.language", "og:locale", "inlanguage"];
    f.html_lang
        .as_deref()
        .and_then(primary_subtag)
        .or_else(|| metas.iter().find_map(|k| f.meta(&[k]).and_then(primary_subtag)))
        .or_else(|| {
            f.ld.iter()
                .chain(&f.ld_other)
                .find_map(|v| ld_str(v, "inLanguage"))
                .as_deref()
                .and_then(primary_subtag)
        })
}

/// The language: declared by the page, else detected from the extracted text (when the
/// detector is confident and the text is long enough to judge).
pub fn language(f: &Found, text: &str) -> Option<String> {
    declared_language(f).or_else(|| detect_language(text))
}

/// `en-US`, `en_GB`, `EN`, `de-DE, en` → `en`, `de`; `x-default`, `und`, `*` and non-tags give
/// nothing.
pub fn primary_subtag(tag: &str) -> Option<String> {
    let first = tag.split([',', ';', ' ']).find(|p| !p.trim().is_empty())?.trim();
    let primary = first.split(['-', '_']).next()?.to_ascii_lowercase();
    let ok = (2..=3).contains(&primary.len()) && primary.bytes().all(|b| b.is_ascii_lowercase());
    (ok && primary != "und" && primary != "mul" && primary != "zxx").then_some(primary)
}

/// Detects the language of `text` with whatlang, as a two-letter ISO 639-1 code where one
/// exists (whatlang names languages by ISO 639-3).
pub fn detect_language(text: &str) -> Option<String> {
    // A few sentences are enough; the start of the article is the most reliable part.
    let sample = &text[..super::floor_char_boundary(text, 4000)];
    if sample.chars().filter(|c| c.is_alphabetic()).count() < 40 {
        return None;
    }
    let info = whatlang::detect(sample)?;
    if !info.is_reliable() {
        return None;
    }
    let code = info.lang().code();
    Some(iso639_1(code).unwrap_or(code).to_owned())
}

/// ISO 639-3 → ISO 639-1 for the languages whatlang knows.
fn iso639_1(code: &str) -> Option<&'static str> {
    Some(match code {
        "afr" => "af",
        "aka" => "ak",
        "amh" => "am",
        "ara" | "arb" => "ar",
        "aze" | "azj" => "az",
        "bel" => "be",
        "ben" => "bn",
        "bul" => "bg",
        "cat" => "ca",
        "ces" => "cs",
        "cmn" | "zho" => "zh",
        "dan" => "da",
        "deu" => "de",
        "ell" => "el",
        "eng" => "en",
        "epo" => "eo",
        "est" => "et",
        "fin" => "fi",
        "fra" => "fr",
        "guj" => "gu",
        "heb" => "he",
        "hin" => "hi",
        "hrv" => "hr",
        "hun" => "hu",
        "hye" => "hy",
        "ind" => "id",
        "ita" => "it",
        "jav" => "jv",
        "jpn" => "ja",
        "kan" => "kn",
        "kat" => "ka",
        "khm" => "km",
        "kor" => "ko",
        "lat" => "la",
        "lav" => "lv",
        "lit" => "lt",
        "mal" => "ml",
        "mar" => "mr",
        "mkd" => "mk",
        "mya" => "my",
        "nep" => "ne",
        "nld" => "nl",
        "nob" => "nb",
        "nno" => "nn",
        "ori" => "or",
        "pan" => "pa",
        "pes" | "fas" => "fa",
        "pol" => "pl",
        "por" => "pt",
        "ron" => "ro",
        "rus" => "ru",
        "sin" => "si",
        "slk" => "sk",
        "slv" => "sl",
        "sna" => "sn",
        "spa" => "es",
        "srp" => "sr",
        "swe" => "sv",
        "tam" => "ta",
        "tel" => "te",
        "tgl" => "tl",
        "tha" => "th",
        "tuk" => "tk",
        "tur" => "tr",
        "ukr" => "uk",
        "urd" => "ur",
        "uzb" => "uz",
        "vie" => "vi",
        "yid" => "yi",
        "zul" => "zu",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_and_id_words_are_found_in_any_case_and_overlapping() {
        let bit = |w: NameWord| 1u16 << w as u16;
        assert_eq!(name_words(""), 0);
        assert_eq!(name_words("post-body"), 0);
        assert_eq!(name_words("Article-BYLINE"), bit(NameWord::Byline));
        assert_eq!(
            name_words("c-authorBio"),
            bit(NameWord::Author) | bit(NameWord::AuthorBio),
            "author inside authorbio counts too"
        );
        assert_eq!(
            name_words("entry-meta updated-date"),
            bit(NameWord::Meta) | bit(NameWord::Update) | bit(NameWord::Date)
        );
    }
    use crate::extract::extract_html;

    fn page(head: &str, body: &str) -> String {
        format!("<!doctype html><html><head>{head}</head><body>{body}</body></html>")
    }

    const PROSE_P: &str = "<p>This is the first paragraph of the article, a sentence long enough to be prose, \
        and it goes on for a while so that the extractor counts it as the body of the story.</p>";

    #[test]
    fn language_is_declared_then_detected_and_normalized() {
        let lang = |html: &str| extract_html(html, None).language;
        assert_eq!(
            lang(&format!("<html lang=\"en-US\"><body>{PROSE_P}</body></html>")).as_deref(),
            Some("en")
        );
        let meta = page(r#"<meta http-equiv="content-language" content="de-DE">"#, PROSE_P);
        assert_eq!(lang(&meta).as_deref(), Some("de"));
        let locale = page(r#"<meta property="og:locale" content="fr_FR">"#, PROSE_P);
        assert_eq!(lang(&locale).as_deref(), Some("fr"));
        // Nothing declared: detected from the text.
        let german = page(
            "",
            "<article><p>Die Bundesregierung hat am Dienstag neue Maßnahmen beschlossen, die den Ausbau der \
             erneuerbaren Energien beschleunigen sollen. Die Opposition kritisierte die Pläne als unzureichend \
             und forderte weitere Schritte für den Klimaschutz.</p></article>",
        );
        assert_eq!(lang(&german).as_deref(), Some("de"));
        assert_eq!(lang(&page("", "<p>Short.</p>")), None);
        assert_eq!(primary_subtag("x-default"), None);
        assert_eq!(primary_subtag("EN_gb").as_deref(), Some("en"));
        assert_eq!(detect_language(PROSE_P).as_deref(), Some("en"));
    }

    #[test]
    fn the_date_shown_under_the_title_is_taken_when_nothing_is_declared() {
        let html = page(
            "",
            &format!(
                "<article><h1>A headline for the story</h1><div>By Ann Lee</div><div>14 mai 2024</div>{PROSE_P}</article>"
            ),
        );
        assert_eq!(extract_html(&html, None).published.as_deref(), Some("2024-05-14"));
    }

    #[test]
    fn a_shown_publication_date_beats_a_shown_update_date() {
        let both = page(
            "",
            &format!(
                "<article><h1>A headline for the story</h1><p>Updated May 20, 2024</p><p>Published May 14, 2024</p>{PROSE_P}</article>"
            ),
        );
        assert_eq!(extract_html(&both, None).published.as_deref(), Some("2024-05-14"));
        let only_update = page(
            "",
            &format!(
                "<article><h1>A headline for the story</h1><p>Last updated: 20.05.2024</p>{PROSE_P}</article>"
            ),
        );
        assert_eq!(extract_html(&only_update, None).published.as_deref(), Some("2024-05-20"));
    }

    #[test]
    fn a_declared_publication_date_beats_a_shown_update_date() {
        let html = page(
            r#"<meta property="article:published_time" content="2024-05-01T10:00:00Z">"#,
            &format!(
                "<article><h1>A headline for the story</h1><p>Updated May 20, 2024</p>{PROSE_P}</article>"
            ),
        );
        assert_eq!(extract_html(&html, None).published.as_deref(), Some("2024-05-01T10:00:00Z"));
        let other_key = page(r#"<meta name="w-published-date" content="2024-05-02">"#, PROSE_P);
        assert_eq!(extract_html(&other_key, None).published.as_deref(), Some("2024-05-02"));
    }

    #[test]
    fn a_modified_or_month_only_time_is_not_a_publication_day() {
        let modified = page(
            "",
            &format!(
                "<article><h1>A headline for the story</h1>{PROSE_P}<time itemprop=\"dateModified\" \
                 datetime=\"2025-10-03T06:02:26-07:00\">later</time></article>"
            ),
        );
        assert_eq!(extract_html(&modified, None).published, None);
        let month = page(
            "",
            &format!(
                "<article><h1>A headline for the story</h1>{PROSE_P}<time datetime=\"2025-04-14T12:00:00Z\">April 2025</time></article>"
            ),
        );
        assert_eq!(extract_html(&month, None).published, None);
        let day = month.replace("April 2025", "April 14, 2025");
        assert_eq!(extract_html(&day, None).published.as_deref(), Some("2025-04-14T12:00:00Z"));
    }

    #[test]
    fn a_webpage_record_date_or_a_deadline_is_not_a_publication_date() {
        let webpage = page(
            r#"<script type="application/ld+json">{"@type":"WebPage","datePublished":"2020-01-01T00:00:00Z"}</script>"#,
            &format!("<article><h1>A headline for the story</h1>{PROSE_P}</article>"),
        );
        assert_eq!(extract_html(&webpage, None).published, None);
        let deadline = page(
            "",
            &format!(
                "<article><h1>A headline for the story</h1><p>Offer valid through 01/23/2026</p>{PROSE_P}</article>"
            ),
        );
        assert_eq!(extract_html(&deadline, None).published, None);
    }

    #[test]
    fn bylines_are_read_piece_by_piece() {
        let html = page(
            "",
            &format!(
                "<article><h1>A headline for the story</h1><div class=\"byline\"><span>Written by</span><a>Ann Lee</a>\
                 <span>AI Writer</span></div>{PROSE_P}</article>"
            ),
        );
        assert_eq!(extract_html(&html, None).authors, vec!["Ann Lee"]);
        let two = page(
            "",
            &format!(
                "<article><h1>A headline for the story</h1><div class=\"byline\"><span>By</span><a>Ann Lee</a>\
                 <span>and</span><a>Bo Chen</a></div>{PROSE_P}</article>"
            ),
        );
        assert_eq!(extract_html(&two, None).authors, vec!["Ann Lee", "Bo Chen"]);
    }

    #[test]
    fn a_name_next_to_the_header_date_is_the_author() {
        let html = page(
            "",
            &format!(
                "<article><h1>A headline for the story</h1><p>Ann Lee</p><p>May 14, 2024</p>{PROSE_P}</article>"
            ),
        );
        let a = extract_html(&html, None);
        assert_eq!(a.authors, vec!["Ann Lee"]);
        let ui = page(
            "",
            &format!(
                "<article><h1>A headline for the story</h1><p>No Comments</p><p>May 14, 2024</p>{PROSE_P}</article>"
            ),
        );
        assert!(extract_html(&ui, None).authors.is_empty());
    }

    #[test]
    fn the_site_as_author_is_a_fallback_and_dropped_beside_people() {
        let head = r#"<meta property="og:site_name" content="Acme">
            <script type="application/ld+json">{"@type":"Article","author":{"@type":"Organization","name":"Acme"}}</script>"#;
        let with_person = page(
            head,
            &format!(
                "<article><h1>A headline for the story</h1><div class=\"author-name\">By Ann Lee</div>{PROSE_P}</article>"
            ),
        );
        assert_eq!(extract_html(&with_person, None).authors, vec!["Ann Lee"]);
        let alone = page(head, &format!("<article><h1>A headline for the story</h1>{PROSE_P}</article>"));
        assert_eq!(extract_html(&alone, None).authors, vec!["Acme"]);
        let mut out = Vec::new();
        push_names(&mut out, "More About Ann Lee", None);
        push_names(&mut out, "Written By", None);
        assert!(out.is_empty(), "{out:?}");
    }

    /// The publication date of a page with `head` metadata and `body` under `<article>`.
    fn date_of(head: &str, body: &str, url: Option<&str>) -> Option<String> {
        extract_html(&page(head, &format!("<article>{body}{PROSE_P}</article>")), url).published
    }

    const H1: &str = "<h1>A headline for the story</h1>";

    #[test]
    fn the_date_shown_under_the_title_beats_the_declared_one() {
        let head = r#"<meta property="article:published_time" content="2025-06-12T10:00:00Z">"#;
        assert_eq!(
            date_of(head, &format!("{H1}<p>November 2, 2022</p>"), None).as_deref(),
            Some("2022-11-02")
        );
        // The same day: the declared timestamp is kept.
        assert_eq!(
            date_of(head, &format!("{H1}<p>June 12, 2025</p>"), None).as_deref(),
            Some("2025-06-12T10:00:00Z")
        );
    }

    #[test]
    fn a_shown_date_explained_by_the_metadata_gives_way_to_the_declared_one() {
        // The shown date is the declared modification: the last update, shown without a label.
        let modified = r#"<meta property="article:published_time" content="2025-11-17T12:53:27+00:00">
            <meta property="article:modified_time" content="2025-11-20T07:36:34+00:00">"#;
        assert_eq!(
            date_of(modified, &format!("{H1}<p>Nov 20, 2025</p>"), None).as_deref(),
            Some("2025-11-17T12:53:27+00:00")
        );
        // The same instant seen from another time zone.
        let utc = r#"<meta property="article:published_time" content="2025-07-05T00:04:00+00:00">"#;
        let shown = format!("{H1}<p>July 4, 2025</p>");
        assert_eq!(date_of(utc, &shown, None).as_deref(), Some("2025-07-05T00:04:00+00:00"));
        // … unless the URL sides with the shown day.
        assert_eq!(
            date_of(utc, &shown, Some("https://example.com/2025/07/04/story/")).as_deref(),
            Some("2025-07-04")
        );
        // Further apart than any time zone: the shown day.
        let late = r#"<meta property="article:published_time" content="2025-12-19T22:02:58Z">"#;
        assert_eq!(date_of(late, &format!("{H1}<p>Dec 18, 2025</p>"), None).as_deref(), Some("2025-12-18"));
        // Month and day read the other way round.
        let iso = r#"<meta property="article:published_time" content="2024-09-10">"#;
        assert_eq!(date_of(iso, &format!("{H1}<p>09.10.2024</p>"), None).as_deref(), Some("2024-09-10"));
    }

    #[test]
    fn a_shown_update_date_beats_a_publication_declared_only_in_structured_data() {
        let ld = r#"<script type="application/ld+json">{"@type":"Article","datePublished":"2024-04-10T19:30:39Z","dateModified":"2025-09-04T19:24:33Z"}</script>"#;
        let body = format!("{H1}<p>Last updated: Sep 4, 2025</p>");
        assert_eq!(date_of(ld, &body, None).as_deref(), Some("2025-09-04T19:24:33Z"));
        // A publication <meta> tag is kept over the shown update.
        let tag = format!(r#"{ld}<meta property="article:published_time" content="2024-04-10T19:30:39Z">"#);
        assert_eq!(date_of(&tag, &body, None).as_deref(), Some("2024-04-10T19:30:39Z"));
        // Declared sources that disagree: the one the page shows.
        let both = r#"<script type="application/ld+json">{"@type":"Article","datePublished":"2018-04-03T16:50:31Z"}</script>
            <meta property="article:published_time" content="2025-12-19T18:06:00Z">"#;
        assert_eq!(
            date_of(both, &format!("{H1}<p>Updated: Dec 19, 2025</p>"), None).as_deref(),
            Some("2025-12-19T18:06:00Z")
        );
    }

    #[test]
    fn a_declared_publication_stamped_with_the_modification_gives_way_to_time_pubdate() {
        let head = r#"<script type="application/ld+json">{"@type":"Article","datePublished":"2025-11-29T12:28:31-05:00","dateModified":"2025-11-29T12:28:31-05:00"}</script>"#;
        let body = format!(
            "{H1}{PROSE_P}<div>Published <time pubdate datetime=\"2025-08-13\">August 13, 2025</time></div>"
        );
        assert_eq!(date_of(head, &body, None).as_deref(), Some("2025-08-13"));
    }

    #[test]
    fn comment_and_sidebar_dates_are_not_taken() {
        let comment = format!(
            "{H1}{PROSE_P}<div class=\"comment-list\"><p>Nice!</p>\
             <time pubdate datetime=\"2025-12-19T00:00:43-05:00\">December 19, 2025</time></div>"
        );
        assert_eq!(date_of("", &comment, None), None);
        let aside = format!(
            "{H1}{PROSE_P}</article><aside><time pubdate datetime=\"2025-12-19\">December 19, 2025</time></aside><article>"
        );
        assert_eq!(date_of("", &aside, None), None);
        // A date in a list of other entries (events, related posts) is theirs.
        let item = "<li><div class=\"date\">March 16, 2026</div><h2><a href=\"/e\">An event</a></h2></li>";
        let listing = format!("{H1}<ul class=\"events\">{item}{item}{item}</ul>");
        assert_eq!(date_of("", &listing, None), None);
    }

    #[test]
    fn a_date_inside_a_sentence_is_what_the_text_talks_about() {
        let body = format!(
            "{H1}<p>The end of the tax season for most Americans is April 15, 2025, so file before then.</p>"
        );
        assert_eq!(date_of("", &body, None), None);
        // A short standfirst sentence does not hide the date after it, nor does a long one.
        let dek = format!(
            "{H1}<h3>And sends perfect summaries to my inbox every week by using a tool.</h3><p>Dec 04, 2025</p>"
        );
        assert_eq!(date_of("", &dek, None).as_deref(), Some("2025-12-04"));
        let long = format!(
            "{H1}<div class=\"article-description\">{}</div><div>May 14, 2024</div>",
            "A standfirst that runs on for a long while, describing what the guide covers. ".repeat(3)
        );
        assert_eq!(date_of("", &long, None).as_deref(), Some("2024-05-14"));
    }

    #[test]
    fn a_labelled_publication_date_after_the_intro_is_taken_when_nothing_else_is() {
        let body = format!("{H1}{PROSE_P}<div><span>Posted on</span> <span>Nov 21, 2018</span></div>");
        assert_eq!(date_of("", &body, None).as_deref(), Some("2018-11-21"));
        // An update label is not a publication.
        let updated = format!("{H1}{PROSE_P}<div><span>Last updated</span> <span>Nov 21, 2018</span></div>");
        assert_eq!(date_of("", &updated, None), None);
    }

    #[test]
    fn on_a_page_without_h1_the_title_text_anchors_the_header() {
        let html = page(
            "<title>Top 5 HR Management Software in 2026 | DianaHR</title>",
            &format!(
                "<div><p>Top 5 HR Management Software in 2026</p><p>DianaHR Team</p><p>Feb 16, 2026</p></div>{PROSE_P}"
            ),
        );
        assert_eq!(extract_html(&html, None).published.as_deref(), Some("2026-02-16"));
    }

    #[test]
    fn json_ld_in_a_meta_tag_is_read() {
        let head = r#"<meta name="script:ld+json" content="{&quot;@type&quot;:&quot;Article&quot;,&quot;datePublished&quot;:&quot;2025-11-17T09:00:00-05:00&quot;}">"#;
        assert_eq!(date_of(head, H1, None).as_deref(), Some("2025-11-17T09:00:00-05:00"));
    }

    #[test]
    fn a_date_range_is_not_a_publication_date() {
        assert_eq!(date_of("", &format!("{H1}<p>DATE: 2025-12-12 - 2025-12-17</p>"), None), None);
    }
}
