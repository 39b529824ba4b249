//! Boilerplate rules: which elements are navigation, asides, share bars, comments, ads,
//! newsletter boxes, related/most-read lists, cookie banners, captions… judged from the tag, the
//! ARIA role, `itemprop`, the words of `class`/`id`, and whether the element is hidden.
//!
//! Class words are matched part by part (`post-share_bar` has the parts `post`, `share`, `bar`)
//! so that a rule for `ad` does not hit `header` or `shadow`; a few long, unambiguous fragments
//! (`comment`, `newsletter`, `sidebar`) match anywhere. Names that say "this is the article body"
//! (`article-body`, `entry-content`, …) protect an element from every class rule.
//!
//! Pages repeat their classes, so each distinct class attribute and each distinct class token
//! is judged once per page ([`ClassCache`]).

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;
use rustc_hash::FxHashMap;

use super::dom::{Dom, NodeId, Tag};

/// Fragments that mark boilerplate wherever they occur in a class or id. At most 100: past that
/// the automaton is no longer built as a DFA and matching costs twice as much (whole words belong
/// in [`junk_part`]).
const JUNK_SUBSTR: &[&str] = &[
    "sidebar",
    "newsletter",
    "breadcrumb",
    "cookie",
    "advert",
    "recommend",
    "subscribe",
    "sponsor",
    "mostread",
    "most-read",
    "most_read",
    "mostpopular",
    "most-popular",
    "popular-",
    "trending",
    "navbar",
    "navigation",
    "masthead",
    "pagination",
    "signup",
    "sign-up",
    "byline",
    "caption",
    "toolbar",
    "socialmedia",
    "social-",
    "sharing",
    "sharebar",
    "share-",
    "-share",
    "_share",
    "share_",
    "related",
    "readmore",
    "read-more",
    "read-next",
    "readnext",
    "morestories",
    "more-stories",
    "also-read",
    "promo",
    "consent",
    "gdpr",
    "screen-reader",
    "sr-only",
    "visually-hidden",
    "visuallyhidden",
    "skip-link",
    "skiplink",
    "author-bio",
    "authorbio",
    "author-box",
    "about-author",
    "post-tags",
    "article-tags",
    "tag-list",
    "taglist",
    "tagcloud",
    "post-meta",
    "entry-meta",
    "article-meta",
    "postmetadata",
    "article-footer",
    "post-footer",
    "entry-footer",
    "site-header",
    "site-footer",
    "page-header",
    "footer",
    "paywall",
    "login",
    "print-only",
    "dateline",
    "timestamp",
    "publish-date",
    "pubdate",
    "post-date",
    "article-date",
    "jump-link",
    "table-of-contents",
    "toc-",
    "ez-toc",
    "wp-caption",
    "photo-credit",
    "image-credit",
    "credit",
    "rating",
    "newsfeed",
    "outbrain",
    "taboola",
    "tooltip",
    "popup",
    "modal",
    "lightbox",
    "banner",
    "prev-next",
    "post-nav",
    "postnav",
];

/// Is this whole part (between `-`, `_`, spaces) a boilerplate word?
fn junk_part(part: &str) -> bool {
    matches!(
        part,
        "ad" | "ads"
            | "adv"
            | "advertisement"
            | "nav"
            | "menu"
            | "share"
            | "shares"
            | "social"
            | "tags"
            | "tag"
            | "meta"
            | "author"
            | "authors"
            | "footer"
            | "header"
            | "widget"
            | "widgets"
            | "print"
            | "search"
            | "rss"
            | "feedback"
            | "subnav"
            | "breadcrumbs"
            | "aside"
            | "disclaimer"
            | "copyright"
            | "hide"
            | "offscreen"
            | "sponsored"
            | "partner"
            | "partners"
            | "newsletters"
            | "sticky"
            | "follow"
            | "date"
            | "time"
            | "published"
            | "updated"
            | "topics"
            | "categories"
            | "category"
            | "footnote"
            | "footnotes"
            | "references"
            | "bibliography"
    )
}

/// Fragments that say "article body": they protect an element from the class rules.
const CONTENT_SUBSTR: &[&str] = &[
    "article-body",
    "articlebody",
    "article_body",
    "article__body",
    "article-content",
    "article__content",
    "articlecontent",
    "article-text",
    "articletext",
    "post-body",
    "postbody",
    "post-content",
    "post_content",
    "postcontent",
    "entry-content",
    "entry_content",
    "story-body",
    "storybody",
    "story-content",
    "story-text",
    "main-content",
    "maincontent",
    "content-body",
    "body-text",
    "bodytext",
    "rich-text",
    "richtext",
    "text-body",
    "single-content",
    "blog-content",
    "page-content",
    "td-post-content",
    "post-entry",
    "prose",
];

fn automaton(patterns: &[&str]) -> Option<AhoCorasick> {
    AhoCorasick::new(patterns).ok()
}

static JUNK_AC: LazyLock<Option<AhoCorasick>> = LazyLock::new(|| automaton(JUNK_SUBSTR));
static CONTENT_AC: LazyLock<Option<AhoCorasick>> = LazyLock::new(|| automaton(CONTENT_SUBSTR));

fn any_of(ac: &LazyLock<Option<AhoCorasick>>, text: &str) -> bool {
    ac.as_ref().is_some_and(|ac| ac.is_match(text))
}

fn lower(s: &str) -> std::borrow::Cow<'_, str> {
    if s.bytes().any(|b| b.is_ascii_uppercase()) { s.to_ascii_lowercase().into() } else { s.into() }
}

/// How sure a boilerplate mark is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Junk {
    No,
    /// By tag, role or class words: lifted when the element holds most of the page's prose
    /// (a wrapper with an unlucky class name).
    Weak,
    /// Comments: never lifted.
    Strong,
}

/// Class tokens that carry no signal: CMS taxonomy (`tag-foo`, `category-bar`, `post-123`),
/// page-builder plumbing, utility-CSS variants (`md:hidden`, `grid-[…]`).
fn ignored_token(t: &str) -> bool {
    const PREFIXES: &[&str] = &[
        "tag-",
        "category-",
        "categories-",
        "cat-",
        "topic-",
        "topics-",
        "format-",
        "status-",
        "type-",
        "has-",
        "single-",
        "elementor-",
        "wp-block-",
        "is-",
        "js-",
        "page-id",
        "postid-",
        "library_",
        "lang-",
        "e-",
        "mv-",
        "td-",
        "jeg_",
        "template-",
        "section-",
        "vc_",
        "et_pb_",
        "wpb_",
        "fl-",
        "fusion-",
    ];
    t.contains([':', '[', '/', '(', '='])
        || responsive_hide(t)
        || t.starts_with("no-")
        || t.starts_with("with-")
        || t.contains("content-sidebar")
        || t.contains("sidebar-content")
        || PREFIXES.iter().any(|p| t.starts_with(p))
        || (t.starts_with("post-") && t[5..].bytes().all(|b| b.is_ascii_digit()))
}

/// An id made from a heading's words (`menu-planning-for-large-events`, `h-share-your-story`):
/// an anchor for the text, whose words say nothing about the element's role.
fn slug(id: &str) -> bool {
    // Parts between `-` and `_`: letters only (a word) or digits only; any other part (`2110a1e7`
    // in `modal_2110a1e7-afbc-…`) makes a generated key, not words.
    let (mut words, mut letters, mut digits) = (0, false, false);
    for &c in id.as_bytes().iter().chain(b"-") {
        match c {
            b'-' | b'_' => {
                words += usize::from(letters);
                (letters, digits) = (false, false);
            }
            b'a'..=b'z' | b'A'..=b'Z' if !digits => letters = true,
            b'0'..=b'9' if !letters => digits = true,
            _ => return false,
        }
    }
    words >= 5
}

/// A hide class for one screen size (`aem-GridColumn--sm--hide`, `hide-mobile`): the element is
/// shown on the others.
fn responsive_hide(t: &str) -> bool {
    if !t.as_bytes().windows(3).any(|w| w == b"hid") {
        return false;
    }
    let mut hide = false;
    let mut size = false;
    for part in t.split(['-', '_']) {
        match part {
            "hide" | "hidden" => hide = true,
            "xs" | "sm" | "md" | "lg" | "xl" | "xxl" | "mobile" | "desktop" | "tablet" | "phone" => {
                size = true
            }
            _ => {}
        }
    }
    hide && size
}

/// Does one class token or id name boilerplate?
fn junk_token(t: &str) -> Junk {
    if ignored_token(t) {
        return Junk::No;
    }
    if (t.contains("comment") && !t.contains("commentary")) || t.contains("disqus") || t.contains("respond") {
        return Junk::Strong;
    }
    if any_of(&JUNK_AC, t) {
        return Junk::Weak;
    }
    if t.split(['-', '_']).any(junk_part) {
        return Junk::Weak;
    }
    Junk::No
}

/// Does a class/id string name boilerplate? A name that says "article body" anywhere wins.
#[cfg(test)]
pub fn junk_name(names: &str) -> Junk {
    junk_names(judge_names(names, None), (false, Junk::No))
}

/// What the words of one class (or id) attribute say: (names the article body, strongest
/// boilerplate mark of its tokens). Token judgements are cached in `tokens` when given.
fn judge_names<'d>(names: &'d str, tokens: Option<&mut FxHashMap<&'d str, Junk>>) -> (bool, Junk) {
    let lowered = lower(names);
    if any_of(&CONTENT_AC, &lowered) {
        return (true, Junk::No);
    }
    let junk = match (tokens, lowered) {
        // Already lower case: the tokens borrow from the page and can be cached.
        (Some(cache), std::borrow::Cow::Borrowed(_)) => names
            .split_whitespace()
            .map(|t| *cache.entry(t).or_insert_with(|| junk_token(t)))
            .max()
            .unwrap_or(Junk::No),
        (_, lowered) => lowered.split_whitespace().map(junk_token).max().unwrap_or(Junk::No),
    };
    (false, junk)
}

/// The class and the id, judged as one list of names (no rule spans the two).
fn junk_names(class: (bool, Junk), id: (bool, Junk)) -> Junk {
    if class.0 || id.0 { Junk::No } else { class.1.max(id.1) }
}

/// Judgements of class attributes already seen in a document (pages repeat their classes).
#[derive(Default)]
pub struct ClassCache<'d> {
    map: FxHashMap<&'d str, (bool, Junk)>,
    tokens: FxHashMap<&'d str, Junk>,
}

/// Is this style attribute hiding its element (`display:none`, `visibility:hidden`)?
fn hiding_style(value: &str) -> bool {
    if value.len() >= 400 {
        return false;
    }
    // Lower-cased without whitespace, in a stack buffer.
    let mut buf = [0u8; 400];
    let mut n = 0;
    for &c in value.as_bytes() {
        if !c.is_ascii_whitespace() {
            buf[n] = c.to_ascii_lowercase();
            n += 1;
        }
    }
    let compact = &buf[..n];
    memchr::memmem::find(compact, b"display:none").is_some()
        || memchr::memmem::find(compact, b"visibility:hidden").is_some()
}

/// Is this element boilerplate: hidden from readers (`hidden`, `display:none`…: a weak mark,
/// as streamed pages keep the article in a hidden node until a script reveals it), or by its
/// tag, its ARIA role, its `itemprop`, its class/id words? One pass over the attributes.
pub fn is_junk<'d>(dom: &'d Dom<'_>, id: NodeId, tag: Tag, cache: &mut ClassCache<'d>) -> Junk {
    let mut names: [&str; 2] = ["", ""];
    let mut hidden = false;
    // The verdict of the first decisive role or itemprop, in attribute order.
    let mut decided = None;
    for (name, value) in dom.attrs(id) {
        match name {
            "class" if value.len() < 600 => names[0] = value,
            "id" if value.len() < 600 => names[1] = value,
            "hidden" => hidden = true,
            "style" => hidden |= hiding_style(value),
            "role" if decided.is_none() => {
                let role = lower(value);
                if matches!(
                    role.as_ref(),
                    "navigation"
                        | "banner"
                        | "contentinfo"
                        | "complementary"
                        | "search"
                        | "dialog"
                        | "alert"
                        | "menu"
                ) {
                    decided = Some(Junk::Weak);
                }
            }
            "itemprop" if decided.is_none() => {
                let prop = lower(value);
                if matches!(prop.as_ref(), "articlebody" | "text" | "reviewbody") {
                    decided = Some(Junk::No);
                } else if prop.contains("comment") {
                    decided = Some(Junk::Strong);
                }
            }
            _ => {}
        }
    }
    if hidden {
        return Junk::Weak;
    }
    match tag {
        Tag::Nav | Tag::Aside | Tag::Footer | Tag::Header | Tag::Figcaption | Tag::Figure | Tag::Menu => {
            return Junk::Weak;
        }
        Tag::Html | Tag::Body | Tag::Main => return Junk::No,
        _ => {}
    }
    if let Some(junk) = decided {
        return junk;
    }
    let [class, ident] = names;
    if class.is_empty() && ident.is_empty() {
        return Junk::No;
    }
    let class = match cache.map.get(class) {
        Some(&judged) => judged,
        None => {
            let judged = judge_names(class, Some(&mut cache.tokens));
            cache.map.insert(class, judged);
            judged
        }
    };
    let ident = if ident.is_empty() || slug(ident) {
        (false, Junk::No)
    } else {
        judge_names(ident, Some(&mut cache.tokens))
    };
    let junk = junk_names(class, ident);
    if junk == Junk::Weak && matches!(tag, Tag::H1 | Tag::H2 | Tag::H3 | Tag::H4 | Tag::H5 | Tag::H6) {
        // A heading's class names its look (`header-anchor`, `title-banner`), not a page region.
        return Junk::No;
    }
    junk
}

#[cfg(test)]
mod tests {
    use super::{Junk, junk_name};

    #[test]
    fn the_fragment_automaton_stays_a_dfa() {
        assert!(super::JUNK_SUBSTR.len() <= 100, "{} fragments", super::JUNK_SUBSTR.len());
    }

    #[test]
    fn class_rules() {
        for junk in [
            "comments",
            "share-bar",
            "ad",
            "ad-slot top",
            "related-stories",
            "sidebar",
            "cookie-banner",
            "footnotes",
            "c-references",
        ] {
            assert_ne!(junk_name(junk), Junk::No, "{junk}");
        }
        assert_eq!(junk_name("comment-list"), Junk::Strong);
        for ok in [
            "article-body comments-open",
            "story",
            "content",
            "commentary",
            "loaded",
            "post-123 post type-post tag-ads category-news",
            "elementor-widget-container",
            "md:[grid-template-areas:'sidebar_main']",
            "content-sidebar-wrap",
            "container aem-GridColumn--sm--hide",
            "hide-mobile",
        ] {
            assert_eq!(junk_name(ok), Junk::No, "{ok}");
        }
    }
}
