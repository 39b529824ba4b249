//! Main-content selection: every block gets a weight (long, punctuated, link-poor prose counts
//! for, short link lists and boilerplate-marked text count against), every element sums the
//! weights of its blocks, and the element with the highest sum is the article container: the
//! smallest subtree that holds the prose and as little else as possible. Inside it, boilerplate
//! subtrees and non-prose blocks (captions, link lists, the title, bylines before the first
//! paragraph) are pruned, and the remaining blocks become paragraphs.

use super::blocks::{Block, BlockKind, Linear};
use super::dom::{Dom, NONE, NodeId};
use super::rules::Junk;

/// Why the text is what it is (for diagnostics and evaluation).
#[derive(Debug, Clone, Default)]
pub struct ContentDiagnostics {
    /// A CSS-like path of the chosen container (`div#main > article.story`).
    pub container: String,
    pub container_score: f32,
    pub blocks_total: usize,
    pub blocks_kept: usize,
    /// Set when the scored container was too thin and the broad fallback was used.
    pub fallback: bool,
}

fn link_ratio(b: &Block) -> f32 {
    b.link_chars as f32 / b.chars.max(1) as f32
}

/// Is this block prose (a real paragraph)?
fn is_prose(b: &Block) -> bool {
    let lr = link_ratio(b);
    lr < 0.4 && b.words >= 8.0 && (b.stops > 0 || b.commas > 1) && !matches!(b.kind, BlockKind::Caption)
}

/// The weight of one block in container selection.
fn weight(b: &Block) -> f32 {
    let lr = link_ratio(b);
    if b.junk_anc != NONE {
        // Pruned from any container anyway: a small risk penalty, not its full size.
        return -1.0 - 0.1 * b.words.min(100.0);
    }
    if lr > 0.5 {
        return -(b.words * lr).min(60.0) - 1.0;
    }
    if let BlockKind::Heading(_) = b.kind {
        return 0.0;
    }
    if b.kind == BlockKind::Row && lr < 0.3 {
        // Data tables are neutral: kept when the article holds them, no evidence either way.
        return 0.0;
    }
    if is_prose(b) {
        return b.words * (1.0 - lr) + b.commas.min(10) as f32;
    }
    if b.words >= 25.0 {
        return b.words * 0.3;
    }
    if lr < 0.2 && b.text.ends_with(['.', '!', '?', ':', '"', '”', '»', '。']) {
        // A short sentence: weak evidence for.
        return if b.words >= 3.0 && b.text.ends_with(['.', '!', '?', '。']) { 0.1 * b.words } else { 0.0 };
    }
    -1.0
}

/// Whole-block texts that are never article text.
fn boilerplate_text(text: &str) -> bool {
    let t = text.trim().trim_end_matches([':', '.', '…']);
    // No phrase below is longer (lower-casing a paragraph to compare it would be wasted).
    if t.len() > 64 {
        return false;
    }
    let t = t.to_lowercase();
    matches!(
        t.as_str(),
        "advertisement"
            | "advertisements"
            | "ad"
            | "sponsored"
            | "sponsored content"
            | "share"
            | "share this"
            | "share this article"
            | "share this story"
            | "share on facebook"
            | "share on twitter"
            | "tweet"
            | "email"
            | "print"
            | "read more"
            | "continue reading"
            | "related"
            | "related articles"
            | "related stories"
            | "related content"
            | "recommended"
            | "more from"
            | "you may also like"
            | "you might also like"
            | "also read"
            | "trending"
            | "loading"
            | "comments"
            | "leave a comment"
            | "leave a reply"
            | "skip to content"
            | "skip to main content"
            | "back to top"
            | "scroll to top"
            | "subscribe"
            | "sign up"
            | "newsletter"
            | "image"
            | "photo"
            | "video"
            | "close"
            | "menu"
            | "search"
            | "story continues below advertisement"
            | "article continues below advertisement"
            | "continue reading below"
            | "scroll to continue with content"
    )
}

fn describe(dom: &Dom, lin: &Linear, id: NodeId) -> String {
    let mut parts = Vec::new();
    let mut cur = id;
    while let Some(node) = dom.node(cur) {
        if let Some(tag) = dom.tag_name(cur) {
            let mut s = tag.to_string();
            if let Some(i) = dom.attr(cur, "id") {
                s.push('#');
                s.push_str(i);
            }
            if let Some(c) = dom.attr(cur, "class") {
                for c in c.split_whitespace().take(2) {
                    s.push('.');
                    s.push_str(c);
                }
            }
            parts.push(s);
        }
        if parts.len() >= 4 || cur == lin.body {
            break;
        }
        cur = node.parent;
    }
    parts.reverse();
    parts.join(" > ")
}

/// Teaser cards: a prose block whose smallest multi-block container is a small card holding a
/// link-dominated title (a "related"/"more from" list item: title link, date, summary).
/// A teaser's summary is a sentence or two: a titled card with a longer text is an item of the
/// article (a book or a product in a list), not a link to another page.
const TEASER_MAX: f32 = 60.0;

fn teasers(dom: &Dom, lin: &Linear) -> Vec<bool> {
    let mut out = vec![false; lin.blocks.len()];
    for (i, b) in lin.blocks.iter().enumerate() {
        if !is_prose(b) || b.words >= TEASER_MAX {
            continue;
        }
        let mut cur = b.owner;
        let mut steps = 0;
        while cur != NONE && steps < 64 {
            let Some(info) = lin.elems.get(cur as usize) else { break };
            let n = info.end_block.saturating_sub(info.first_block);
            if n >= 2 {
                if n <= 6 {
                    let range = info.first_block as usize..info.end_block as usize;
                    let titled = lin.blocks[range.clone()]
                        .iter()
                        .enumerate()
                        .any(|(j, t)| range.start + j < i && t.words >= 3.0 && link_ratio(t) >= 0.7);
                    let prose = lin.blocks[range].iter().filter(|t| is_prose(t)).count();
                    out[i] = titled && prose <= 2;
                }
                break;
            }
            cur = dom.node(cur).map_or(NONE, |n| n.parent);
            steps += 1;
        }
    }
    out
}

/// Chooses the container and assembles the text.
pub fn main_text(dom: &Dom, lin: &Linear, title: Option<&str>) -> (String, ContentDiagnostics, NodeId) {
    let mut diag = ContentDiagnostics { blocks_total: lin.blocks.len(), ..Default::default() };
    let teaser = teasers(dom, lin);
    let mut prefix = Vec::with_capacity(lin.blocks.len() + 1);
    let mut acc = 0.0f32;
    prefix.push(0.0);
    for (b, &t) in lin.blocks.iter().zip(&teaser) {
        acc += if t { -0.5 * b.words.min(60.0) } else { weight(b) };
        prefix.push(acc);
    }
    let mut best = NONE;
    let mut best_score = f32::MIN;
    for (id, info) in lin.elems.iter().enumerate() {
        if info.end_block <= info.first_block || info.junk {
            continue;
        }
        let score = prefix[info.end_block as usize] - prefix[info.first_block as usize];
        // Document order visits parents before children: `>=` lets an equal child win.
        if score >= best_score {
            best_score = score;
            best = id as NodeId;
        }
    }
    if best == NONE {
        return (String::new(), diag, NONE);
    }
    diag.container = describe(dom, lin, best);
    diag.container_score = best_score;
    let info = lin.elems[best as usize];
    let root_depth = info.depth;
    let kept = select_blocks(
        dom,
        lin,
        &teaser,
        info.first_block as usize,
        info.end_block as usize,
        root_depth,
        title,
    );
    let mut text = assemble(lin, &kept);
    if text.len() < 200 {
        // Thin result: take every prose block outside boilerplate in the whole page.
        let all: Vec<usize> = (0..lin.blocks.len())
            .filter(|&i| lin.blocks[i].junk_anc == NONE && is_prose(&lin.blocks[i]))
            .collect();
        let broad = assemble(lin, &all);
        if broad.len() > text.len() * 2 {
            text = broad;
            diag.fallback = true;
            diag.blocks_kept = all.len();
            return (text, diag, best);
        }
    }
    if text.is_empty() {
        // Nothing outside boilerplate (a page wrapped whole in a "modal" or "widget" element):
        // every prose block rather than no text at all.
        let all: Vec<usize> = (0..lin.blocks.len()).filter(|&i| is_prose(&lin.blocks[i])).collect();
        text = assemble(lin, &all);
        diag.fallback = !text.is_empty();
        diag.blocks_kept = all.len();
        return (text, diag, best);
    }
    diag.blocks_kept = kept.len();
    (text, diag, best)
}

fn norm_title(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// The blocks of `[first, end)` that stay.
fn select_blocks(
    dom: &Dom,
    lin: &Linear,
    teaser: &[bool],
    first: usize,
    end: usize,
    root_depth: u16,
    title: Option<&str>,
) -> Vec<usize> {
    let title = title.map(norm_title).unwrap_or_default();
    // An aside within the article's flow (a box of prose with more article after it) is part of
    // the article; one at its end is a bio or a call to action.
    let prose_after = |e: usize| lin.blocks[e..end].iter().any(|b| b.junk_anc == NONE && is_prose(b));
    let inline_aside = |id: NodeId| {
        let e = lin.elems[id as usize];
        let range = e.first_block as usize..e.end_block as usize;
        dom.tag(id) == Some(super::dom::Tag::Aside)
            && e.junk_kind == Junk::Weak
            && lin.blocks[range.clone()].iter().any(is_prose)
            && prose_after(range.end)
    };
    let mut asides: Vec<(NodeId, bool)> = Vec::new();
    let mut inside = |b: &Block| {
        if b.junk_anc == NONE || lin.elems[b.junk_anc as usize].depth <= root_depth {
            return true;
        }
        match asides.iter().find(|a| a.0 == b.junk_anc) {
            Some(a) => a.1,
            None => {
                let ok = inline_aside(b.junk_anc);
                asides.push((b.junk_anc, ok));
                ok
            }
        }
    };
    let mut kept = Vec::new();
    // A short page without any real paragraph (a note) keeps its short blocks.
    let any_prose = lin.blocks.len() > 30 || lin.blocks.iter().any(|b| b.junk_anc == NONE && is_prose(b));
    let mut seen_prose = !any_prose;
    for (i, b) in lin.blocks.iter().enumerate().take(end).skip(first) {
        if !inside(b) || teaser[i] || matches!(b.kind, BlockKind::Caption) || boilerplate_text(&b.text) {
            continue;
        }
        let lr = link_ratio(b);
        if lr > 0.6 && b.words < 40.0 && !heads_prose(lin, teaser, i, end) {
            continue;
        }
        if let BlockKind::Heading(level) = b.kind
            && (level == 1 || (!title.is_empty() && norm_title(&b.text) == title))
        {
            continue;
        }
        let prose = is_prose(b);
        if !seen_prose
            && !prose
            && b.words < 12.0
            && !matches!(b.kind, BlockKind::Heading(_) | BlockKind::ListItem)
        {
            // Bylines, datelines, kickers and share bars before the first paragraph.
            continue;
        }
        seen_prose |= prose;
        kept.push(i);
    }
    // Trailing short non-prose blocks after the last paragraph (tags, "share", bios).
    while let Some(&last) = kept.last().filter(|_| any_prose) {
        let b = &lin.blocks[last];
        let sentence = b.words >= 3.0 && link_ratio(b) < 0.2 && b.text.ends_with(['.', '!', '?', '。']);
        // A list of plain items (no links) ends the article as a table would.
        let item = b.kind == BlockKind::ListItem && b.words >= 3.0 && link_ratio(b) < 0.2;
        if is_prose(b) || sentence || b.words >= 12.0 || b.kind == BlockKind::Row || item {
            break;
        }
        kept.pop();
    }
    kept
}

/// Is block `i` a heading (a linked one, as in a list of places or events) followed, within a
/// few short lines, by a paragraph of the article?
fn heads_prose(lin: &Linear, teaser: &[bool], i: usize, end: usize) -> bool {
    if !matches!(lin.blocks[i].kind, BlockKind::Heading(_)) {
        return false;
    }
    for (b, &t) in lin.blocks[i + 1..end.min(i + 4)].iter().zip(&teaser[i + 1..]) {
        if is_prose(b) {
            return b.junk_anc == NONE && !t;
        }
        if matches!(b.kind, BlockKind::Heading(_)) {
            return false;
        }
    }
    false
}

fn assemble(lin: &Linear, kept: &[usize]) -> String {
    let mut text = String::new();
    for &i in kept {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str(&lin.blocks[i].text);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::super::extract_html;

    const PROSE: &str = "<p>The council met on Monday to debate the budget, and the vote was close.</p>\
        <p>Members argued for hours about the new library, which will open next year.</p>";

    fn page(body: &str) -> String {
        format!("<html><body><nav><a href='/'>Home</a></nav><article>{body}</article></body></html>")
    }

    #[test]
    fn figures_holding_tables_or_quotes_are_content_but_captions_are_not() {
        let html = page(&format!(
            "{PROSE}<figure class='wp-block-table'><table><tr><td>Year</td><td>Budget</td></tr>\
             <tr><td>2024</td><td>$1.2m</td></tr></table><figcaption>Source: the council</figcaption></figure>\
             <figure class='pull-quote'><blockquote><p>We will build it, whatever it costs us, said the mayor.</p></blockquote>\
             <figcaption>Jane Roe, mayor</figcaption></figure>\
             <figure><img src='a.jpg'><figcaption>The library site, seen from the river, in May.</figcaption></figure>\
             <figure class='card'><img src='b.jpg'><p>A gallery of the library designs, which were shown to the public, drawn by the architects.</p></figure>{PROSE}"
        ));
        let text = extract_html(&html, None).text;
        assert!(text.contains("2024 $1.2m"), "{text}");
        assert!(text.contains("We will build it"), "{text}");
        assert!(!text.contains("Source: the council"), "{text}");
        assert!(!text.contains("Jane Roe"), "{text}");
        assert!(!text.contains("seen from the river"), "{text}");
        assert!(!text.contains("A gallery"), "{text}");
    }

    #[test]
    fn list_items_with_long_texts_are_not_teasers() {
        let long = "It is the first book you should read, as it guides you through exercises that change \
            how you see, and the author explains each one with care, patience and many examples drawn \
            from her own classes, so that even a beginner with no training at all can follow them step \
            by step and see real progress within a few weeks of practice.";
        let short = "Our guide to the best pens for sketching, with prices.";
        let html = page(&format!(
            "{PROSE}<ol><li><p><a href='https://shop.example/1'>Drawing on the Right Side of the Brain</a></p><p>{long}</p></li>\
             <li><p><a href='https://shop.example/2'>The Natural Way to Draw</a></p><p>{long}</p></li></ol>{PROSE}\
             <ul><li><p><a href='/pens'>The best pens for sketching</a></p><p>{short} Read it today, then come back.</p></li>\
             <li><p><a href='/paper'>The best paper for sketching</a></p><p>{short} Read it today, then come back.</p></li></ul>"
        ));
        let text = extract_html(&html, None).text;
        assert!(text.contains("It is the first book"), "{text}");
        assert!(!text.contains("Our guide"), "{text}");
    }

    #[test]
    fn a_heading_is_not_boilerplate_for_its_class_words() {
        let html = page(&format!(
            "{PROSE}<h2 class='header-anchor-post'>How the vote went</h2>{PROSE}\
             <div class='widget'><h3 class='widget-title'>Popular now</h3><p>Another story entirely, with a long title.</p></div>"
        ));
        let text = extract_html(&html, None).text;
        assert!(text.contains("How the vote went"), "{text}");
        assert!(!text.contains("Popular now"), "{text}");
    }

    #[test]
    fn an_id_made_of_heading_words_says_nothing_about_the_element() {
        let html = page(&format!(
            "{PROSE}<section id='menu-planning-for-large-family-events'><h2>Menu planning</h2>\
             <p>Plan the menu early, and ask the guests about allergies before you order.</p></section>\
             <div id='menu-main'><p>Home, world, sports, and more sections, all in one place.</p></div>{PROSE}"
        ));
        let text = extract_html(&html, None).text;
        assert!(text.contains("Plan the menu early"), "{text}");
        assert!(!text.contains("Home, world"), "{text}");
    }

    #[test]
    fn footnotes_and_references_are_not_article_text() {
        let html = page(&format!(
            "{PROSE}{PROSE}<section class='c-references'><h2>References</h2><ul>\
             <li>Smith J, Lee A. A study of council budgets, and of their votes. Journal of Towns. 2019;4:1-9.</li></ul></section>\
             <div class='footnotes'><ol><li><p>The library was first proposed in 1998, by a council member.</p></li></ol></div>"
        ));
        let text = extract_html(&html, None).text;
        assert!(text.contains("new library"), "{text}");
        assert!(!text.contains("A study of council budgets"), "{text}");
        assert!(!text.contains("first proposed"), "{text}");
    }

    #[test]
    fn an_aside_in_the_flow_of_the_article_is_kept_one_at_its_end_is_not() {
        let html = page(&format!(
            "{PROSE}<aside class='callout'><p>Not all budgets are the same: some cover one year, and others cover two.</p></aside>{PROSE}\
             <aside><h4>The Staff of The Daily</h4><p>For more than forty years, readers have trusted us, and we thank them for it.</p></aside>"
        ));
        let text = extract_html(&html, None).text;
        assert!(text.contains("Not all budgets"), "{text}");
        assert!(!text.contains("forty years"), "{text}");
    }

    #[test]
    fn sections_sharing_a_class_hold_the_article_together() {
        let para = "<p>The council met on Monday to debate the budget, and the vote was close. Members argued \
            for hours about the new library, which will open next year, and about the roads, the schools \
            and the parks, which all need money. In the end the budget passed, by one vote, late at night.</p>";
        let section =
            |n: u32| format!("<div class='content-nav-section'><h2>Part {n}</h2>{para}{para}{para}</div>");
        let html = format!(
            "<html><body><nav><a href='/'>Home</a></nav><main>{}{}{}</main>\
             <div class='sidebar'><p>Sign up for our newsletter, which comes out every week, on Fridays.</p></div></body></html>",
            section(1),
            section(2),
            section(3)
        );
        let text = extract_html(&html, None).text;
        for n in 1..=3 {
            assert!(text.contains(&format!("Part {n}")), "{text}");
        }
        assert!(!text.contains("newsletter"), "{text}");
    }

    #[test]
    fn a_linked_heading_over_a_paragraph_is_kept() {
        let html = page(&format!(
            "<h1>Top events of the year</h1>{PROSE}\
             <h2><a href='/e/1'>FABCON</a></h2><p>Atlanta</p><p>The largest conference on data, which brings together \
             engineers, analysts and leaders for three days of talks.</p>\
             <h2><a href='/e/2'>SecureWorld</a></h2><p>Charlotte</p><p>A mission more than a job, they say, and the \
             talks cover every corner of security, from networks to people.</p>\
             <h3><a href='#a'>Contents</a></h3><h3><a href='#b'>Part one</a></h3>{PROSE}"
        ));
        let text = extract_html(&html, None).text;
        assert!(text.contains("FABCON\n\nAtlanta\n\nThe largest"), "{text}");
        assert!(text.contains("SecureWorld"), "{text}");
        assert!(!text.contains("Contents"), "{text}");
    }

    #[test]
    fn a_plain_list_that_ends_the_article_is_kept_tags_are_not() {
        let html = page(&format!(
            "{PROSE}<h3>Qualified teams</h3><ul><li>England (Group A): tenth time</li><li>Spain (Group F): eleventh time</li>\
             <li>France (Group H): tenth time</li></ul>\
             <ul class='list'><li><a href='/t/1'>Football</a></li><li><a href='/t/2'>Euro</a></li></ul>"
        ));
        let text = extract_html(&html, None).text;
        assert!(text.contains("France (Group H): tenth time"), "{text}");
        assert!(!text.contains("Football"), "{text}");
    }

    #[test]
    fn a_list_before_the_first_paragraph_is_kept_a_byline_is_not() {
        let html = page(&format!(
            "<p>By Ann Lee</p><p>May 14, 2024</p><ul><li>New tasks for the game</li><li>Better Android support</li></ul>{PROSE}"
        ));
        let text = extract_html(&html, None).text;
        assert!(
            text.starts_with("New tasks for the game\n\nBetter Android support\n\nThe council"),
            "{text}"
        );
    }
}
