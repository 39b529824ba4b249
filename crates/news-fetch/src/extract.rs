//! A simple HTML → Article extractor: metadata from OpenGraph, JSON-LD and `<title>`; text from
//! the paragraphs of the element holding most paragraph text (`<article>` when there is one),
//! skipping navigation, asides, footers, forms and elements whose class or id names boilerplate
//! (comments, related links, share bars, ads, newsletters).
//!
//! It is deliberately simple: the fetcher issue replaces it with the scored extractor.

use news_core::Article;
use scraper::{ElementRef, Html, Selector};

/// Tags whose content is never article text.
const SKIP_TAGS: &[&str] = &[
    "script",
    "style",
    "noscript",
    "nav",
    "aside",
    "footer",
    "header",
    "form",
    "button",
    "svg",
    "iframe",
    "template",
    "figcaption",
    "select",
];

/// Class/id fragments that mark boilerplate containers.
const BOILERPLATE: &[&str] = &[
    "comment",
    "related",
    "share",
    "social",
    "advert",
    "ad-",
    "ads",
    "promo",
    "newsletter",
    "subscribe",
    "cookie",
    "sidebar",
    "most-read",
    "popular",
    "recommend",
    "byline",
    "caption",
];

/// Block tags whose text becomes a paragraph.
const BLOCK_TAGS: &[&str] = &["p", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre"];

fn selector(css: &str) -> Selector {
    // The selectors below are constants of this file, so parsing cannot fail at run time.
    Selector::parse(css).unwrap_or_else(|e| panic!("invalid built-in selector {css:?}: {e}"))
}

/// Extracts an article from an HTML page. `url` is where the page came from, if known.
pub fn extract_html(html: &str, url: Option<&str>) -> Article {
    let doc = Html::parse_document(html);
    let meta = |attr: &str, value: &str| -> Option<String> {
        let sel = selector(&format!("meta[{attr}=\"{value}\"]"));
        doc.select(&sel).filter_map(|m| m.value().attr("content")).map(clean_space).find(|c| !c.is_empty())
    };
    let ld = json_ld_article(&doc);
    let ld_str = |key: &str| ld.as_ref().and_then(|v| v.get(key)).and_then(|v| v.as_str()).map(clean_space);
    let title = meta("property", "og:title")
        .or_else(|| ld_str("headline"))
        .or_else(|| first_text(&doc, "h1"))
        .or_else(|| first_text(&doc, "title"));
    let mut authors: Vec<String> = ld.as_ref().map(ld_authors).unwrap_or_default();
    if authors.is_empty() {
        authors.extend(meta("name", "author"));
    }
    let published = ld_str("datePublished").or_else(|| meta("property", "article:published_time"));
    let canonical_url = doc
        .select(&selector("link[rel=\"canonical\"]"))
        .filter_map(|l| l.value().attr("href"))
        .map(clean_space)
        .next()
        .or_else(|| meta("property", "og:url"));
    let language = doc
        .select(&selector("html"))
        .filter_map(|h| h.value().attr("lang"))
        .map(clean_space)
        .find(|l| !l.is_empty());
    Article {
        url: url.map(str::to_owned),
        canonical_url,
        title,
        authors,
        published,
        language,
        site_name: meta("property", "og:site_name"),
        description: meta("property", "og:description").or_else(|| meta("name", "description")),
        image: meta("property", "og:image"),
        text: main_text(&doc),
    }
}

fn first_text(doc: &Html, css: &str) -> Option<String> {
    doc.select(&selector(css)).map(|e| clean_space(&e.text().collect::<String>())).find(|t| !t.is_empty())
}

/// The first JSON-LD object whose `@type` is an article type.
fn json_ld_article(doc: &Html) -> Option<serde_json::Value> {
    let is_article = |v: &serde_json::Value| {
        let ty = |t: &serde_json::Value| t.as_str().is_some_and(|t| t.ends_with("Article") || t == "Report");
        match v.get("@type") {
            Some(serde_json::Value::Array(types)) => types.iter().any(ty),
            Some(t) => ty(t),
            None => false,
        }
    };
    for script in doc.select(&selector("script[type=\"application/ld+json\"]")) {
        let Ok(value) = serde_json::from_str::<serde_json::Value>(&script.text().collect::<String>()) else {
            continue;
        };
        let candidates: Vec<serde_json::Value> = match value {
            serde_json::Value::Array(items) => items,
            serde_json::Value::Object(ref map) if map.contains_key("@graph") => {
                map.get("@graph").and_then(|g| g.as_array()).cloned().unwrap_or_default()
            }
            other => vec![other],
        };
        if let Some(found) = candidates.into_iter().find(is_article) {
            return Some(found);
        }
    }
    None
}

fn ld_authors(ld: &serde_json::Value) -> Vec<String> {
    let name = |v: &serde_json::Value| match v {
        serde_json::Value::String(s) => Some(clean_space(s)),
        other => other.get("name").and_then(|n| n.as_str()).map(clean_space),
    };
    match ld.get("author") {
        Some(serde_json::Value::Array(items)) => items.iter().filter_map(name).collect(),
        Some(one) => name(one).into_iter().collect(),
        None => Vec::new(),
    }
    .into_iter()
    .filter(|n| !n.is_empty())
    .collect()
}

fn is_skipped(el: &ElementRef) -> bool {
    let value = el.value();
    if SKIP_TAGS.contains(&value.name()) {
        return true;
    }
    let marks = [value.attr("class"), value.attr("id"), value.attr("role")];
    marks.iter().flatten().any(|mark| {
        let mark = mark.to_ascii_lowercase();
        BOILERPLATE.iter().any(|b| mark.contains(b)) || mark == "navigation" || mark == "banner"
    })
}

/// Paragraph texts under `root`, skipping boilerplate subtrees.
fn paragraphs(root: ElementRef, out: &mut Vec<String>) {
    for child in root.children() {
        let Some(el) = ElementRef::wrap(child) else { continue };
        if is_skipped(&el) {
            continue;
        }
        if BLOCK_TAGS.contains(&el.value().name()) {
            let text = clean_space(&el.text().collect::<String>());
            if !text.is_empty() {
                out.push(text);
            }
        } else {
            paragraphs(el, out);
        }
    }
}

/// The text of the container with the most paragraph text.
fn main_text(doc: &Html) -> String {
    let mut best: Vec<String> = Vec::new();
    let mut best_len = 0;
    for css in ["article", "main", "body"] {
        for root in doc.select(&selector(css)) {
            let mut paras = Vec::new();
            paragraphs(root, &mut paras);
            let len: usize = paras.iter().map(String::len).sum();
            if len > best_len {
                best_len = len;
                best = paras;
            }
        }
        if best_len > 0 && css != "body" {
            break;
        }
    }
    best.join("\n\n")
}

/// Collapses runs of whitespace to one space and trims.
fn clean_space(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!doctype html><html lang="en"><head>
        <title>Big news | The Daily</title>
        <meta property="og:site_name" content="The Daily">
        <script type="application/ld+json">{"@type":"NewsArticle","headline":"Big news","author":[{"@type":"Person","name":"Ann Lee"}],"datePublished":"2024-05-14T08:00:00Z"}</script>
        </head><body>
        <nav><ul><li>Home</li><li>World</li></ul></nav>
        <article><h1>Big news</h1>
          <p>First   paragraph,
             with a line break.</p>
          <div class="share-bar"><p>Share this</p></div>
          <p>Second paragraph.</p>
          <section class="comments"><p>Nice article!</p></section>
        </article>
        <aside><p>Most read: something else</p></aside>
        </body></html>"#;

    #[test]
    fn extracts_main_paragraphs_and_metadata() {
        let article = extract_html(PAGE, Some("https://example.com/a"));
        assert_eq!(article.text, "First paragraph, with a line break.\n\nSecond paragraph.");
        assert_eq!(article.title.as_deref(), Some("Big news"));
        assert_eq!(article.authors, vec!["Ann Lee"]);
        assert_eq!(article.published.as_deref(), Some("2024-05-14T08:00:00Z"));
        assert_eq!(article.language.as_deref(), Some("en"));
        assert_eq!(article.site_name.as_deref(), Some("The Daily"));
        assert_eq!(article.url.as_deref(), Some("https://example.com/a"));
    }

    #[test]
    fn malformed_or_empty_html_does_not_panic() {
        for html in [
            "",
            "<",
            "<p>unclosed <b>bold <i>both</p></b>",
            "\u{0}\u{1}binary\u{fffd}",
            "<html><body></body>",
        ] {
            let article = extract_html(html, None);
            assert!(!article.text.contains('<'), "{html:?} -> {:?}", article.text);
        }
        assert_eq!(extract_html("<p>One<p>Two", None).text, "One\n\nTwo");
    }
}
