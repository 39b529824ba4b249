//! HTML → [`Article`]: the main text with boilerplate removed, and the metadata.
//!
//! The page is parsed once by our own tokenizer and lenient tree builder ([`html`]) into a lean
//! arena DOM ([`dom`]: one-byte tags, text as ranges of the source), linearized into text
//! blocks ([`blocks`]) with boilerplate marks from tags and class/id/role words ([`rules`]). The
//! article container is the element whose blocks weigh most ([`content`]): prose counts for,
//! link lists and marked boilerplate count against. Inside it, boilerplate subtrees, captions,
//! link lists, the title and leading bylines are pruned; the rest are the paragraphs, joined by
//! `"\n\n"`. Metadata ([`meta`], dates in [`date`]) comes from JSON-LD, `<meta>` tags,
//! microdata, `<time>`, bylines and the URL; a date is reported only when the page states one.
//!
//! Any input is accepted: malformed HTML parses leniently, much as browsers parse it, and input
//! past [`MAX_INPUT`] bytes is cut (at a character boundary) before parsing.

mod blocks;
mod content;
mod date;
mod dom;
mod entities;
mod html;
mod meta;
mod rules;
mod tag;

use news_core::Article;

pub use content::ContentDiagnostics;

/// Input beyond this many bytes is ignored (a news page is rarely over 2 MB).
pub const MAX_INPUT: usize = 16 * 1024 * 1024;

/// An article and how it was found.
#[derive(Debug, Clone, Default)]
pub struct Extracted {
    pub article: Article,
    pub diagnostics: ContentDiagnostics,
}

/// Extracts an article from an HTML page. `url` is where the page came from, if known.
pub fn extract_html(html: &str, url: Option<&str>) -> Article {
    extract(html, url).article
}

/// Parses only (for benchmarks: the share of the time spent in the HTML parser). Returns the
/// number of nodes.
#[doc(hidden)]
pub fn parse_only(html: &str) -> usize {
    dom::Dom::parse(&html[..floor_char_boundary(html, MAX_INPUT)]).nodes.len()
}

fn floor_char_boundary(s: &str, max: usize) -> usize {
    let mut cut = s.len().min(max);
    while !s.is_char_boundary(cut) {
        cut -= 1;
    }
    cut
}

/// Like [`extract_html`], with diagnostics.
pub fn extract(html: &str, url: Option<&str>) -> Extracted {
    let html = &html[..floor_char_boundary(html, MAX_INPUT)];
    let dom = dom::Dom::parse(html);
    let mut found = meta::collect(&dom);
    let site_name = meta::site_name(&found);
    let title = meta::title(&found, site_name.as_deref());
    meta::locate_title(&dom, &mut found, title.as_deref());
    let lin = blocks::linearize(&dom);
    let (text, diagnostics, root) = content::main_text(&dom, &lin, title.as_deref());
    // Dates and bylines count only near the article: its container's grandparent.
    let mut scope = root;
    for _ in 0..2 {
        match dom.node(scope) {
            Some(n) if n.parent != dom::NONE && n.parent != 0 => scope = n.parent,
            _ => break,
        }
    }
    let published = meta::published(&dom, &found, scope, url);
    let authors = meta::authors(&dom, &found, scope, site_name.as_deref());
    let article = Article {
        url: url.map(str::to_owned),
        canonical_url: meta::canonical(&found),
        title,
        authors,
        published,
        language: meta::language(&found, &text),
        site_name,
        description: meta::description(&found),
        image: meta::image(&found),
        text,
    };
    Extracted { article, diagnostics }
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
          <p>First   paragraph, which is long enough to be prose,
             with a line break.</p>
          <div class="share-bar"><p>Share this</p></div>
          <p>Second paragraph, also a sentence of some length here.</p>
          <section class="comments"><p>Nice article! I really liked it, thanks for writing.</p></section>
        </article>
        <aside><p>Most read: something else entirely, which is a sentence too.</p></aside>
        </body></html>"#;

    #[test]
    fn extracts_main_paragraphs_and_metadata() {
        let article = extract_html(PAGE, Some("https://example.com/a"));
        assert_eq!(
            article.text,
            "First paragraph, which is long enough to be prose, with a line break.\n\n\
             Second paragraph, also a sentence of some length here."
        );
        assert_eq!(article.title.as_deref(), Some("Big news"));
        assert_eq!(article.authors, vec!["Ann Lee"]);
        assert_eq!(article.published.as_deref(), Some("2024-05-14T08:00:00Z"));
        assert_eq!(article.language.as_deref(), Some("en"));
        assert_eq!(article.site_name.as_deref(), Some("The Daily"));
        assert_eq!(article.url.as_deref(), Some("https://example.com/a"));
    }

    #[test]
    fn malformed_empty_huge_or_binary_input_does_not_panic() {
        let deep = "<div>".repeat(100_000) + "deep text, a sentence." + &"</div>".repeat(10);
        let huge = "<p>word word word, word.</p>".repeat(200_000);
        let binary: String = (0u8..=255).cycle().take(100_000).map(char::from).collect();
        for html in [
            "",
            "<",
            "<p>unclosed <b>bold <i>both</p></b>",
            "\u{0}\u{1}binary\u{fffd}",
            "<html><body></body>",
            "<table><tr><td>a<table><p>b</table></td></tr></table><frameset>",
            "<svg><p>foreign</svg><math><mi><p>x</math>",
            "<script>document.write('<p>x</p>')",
            "<template><p>t</p></template><select><p>s</select>",
            deep.as_str(),
            huge.as_str(),
            binary.as_str(),
        ] {
            let start = std::time::Instant::now();
            let article = extract_html(html, None);
            let head: String = html.chars().take(40).collect();
            let text: String = article.text.chars().take(80).collect();
            assert!(start.elapsed().as_secs() < 20, "{head:?} took {:?}", start.elapsed());
            if !html.contains('\u{1}') {
                assert!(!article.text.contains("<p"), "{head:?} -> {text:?}");
            }
        }
        assert_eq!(
            extract_html("<p>One sentence here, with words enough to count.<p>Two: another sentence, also long enough.", None)
                .text,
            "One sentence here, with words enough to count.\n\nTwo: another sentence, also long enough."
        );
    }

    #[test]
    fn no_date_is_invented() {
        let page = "<html><body><article><p>Text without any date, but long enough to be prose.</p></article></body></html>";
        assert_eq!(extract_html(page, Some("https://example.com/2019/11/story")).published, None);
        assert_eq!(
            extract_html(page, Some("https://example.com/2019/11/18/story")).published.as_deref(),
            Some("2019-11-18")
        );
    }
}
