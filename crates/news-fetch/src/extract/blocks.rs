//! Linearization: the DOM becomes a sequence of text *blocks* (paragraphs, headings, list items,
//! anonymous runs of inline text), each with the facts the scorer needs (length, link text,
//! punctuation, which element owns it), and every element learns the range of blocks it holds.
//!
//! Element classes are decided once here: skipped (never text: scripts, forms controls, hidden
//! nodes), block-level (starts a new block) or inline; and each element gets a boilerplate mark
//! from its tag and its class/id/role (see [`super::rules`]).

use html5ever::{LocalName, local_name};

use super::dom::{Dom, NONE, NodeData, NodeId};
use super::rules::{self, Junk};

/// What kind of element produced a block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    Paragraph,
    Heading(u8),
    ListItem,
    Quote,
    Pre,
    Row,
    Caption,
    Other,
}

/// One block of text.
#[derive(Debug)]
pub struct Block {
    pub text: String,
    /// The innermost block-level element holding this text.
    pub owner: NodeId,
    pub kind: BlockKind,
    /// Characters that are not whitespace.
    pub chars: u32,
    /// Non-whitespace characters inside links.
    pub link_chars: u32,
    /// Whitespace-separated words, CJK characters counted as half a word each.
    pub words: f32,
    /// Sentence punctuation marks (. ! ? 。 etc.), commas counted separately.
    pub stops: u32,
    pub commas: u32,
    /// Index of the nearest boilerplate-marked ancestor element (in [`Linear::elems`]) or NONE.
    pub junk_anc: NodeId,
}

/// Per-element facts.
#[derive(Debug, Clone, Copy)]
pub struct ElemInfo {
    pub first_block: u32,
    pub end_block: u32,
    /// The element is boilerplate by tag or class/id/role.
    pub junk: bool,
    /// How sure the mark is (before the rescue of prose-holding wrappers).
    pub junk_kind: Junk,
    /// Depth from the document node.
    pub depth: u16,
}

impl Default for ElemInfo {
    fn default() -> Self {
        ElemInfo { first_block: 0, end_block: 0, junk: false, junk_kind: Junk::No, depth: 0 }
    }
}

/// The linearized document.
pub struct Linear {
    pub blocks: Vec<Block>,
    /// Indexed by node id; meaningful for elements only.
    pub elems: Vec<ElemInfo>,
    /// The `<body>` element, if any.
    pub body: NodeId,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Skip,
    Block,
    Inline,
    Break,
    Cell,
}

fn classify(tag: &LocalName) -> Class {
    match *tag {
        local_name!("script")
        | local_name!("style")
        | local_name!("noscript")
        | local_name!("template")
        | local_name!("svg")
        | local_name!("math")
        | local_name!("iframe")
        | local_name!("object")
        | local_name!("embed")
        | local_name!("canvas")
        | local_name!("video")
        | local_name!("audio")
        | local_name!("select")
        | local_name!("option")
        | local_name!("input")
        | local_name!("button")
        | local_name!("textarea")
        | local_name!("head")
        | local_name!("title")
        | local_name!("meta")
        | local_name!("link")
        | local_name!("base")
        | local_name!("map")
        | local_name!("source")
        | local_name!("track")
        | local_name!("dialog")
        | local_name!("frameset")
        | local_name!("frame") => Class::Skip,
        local_name!("a")
        | local_name!("abbr")
        | local_name!("b")
        | local_name!("bdi")
        | local_name!("bdo")
        | local_name!("cite")
        | local_name!("code")
        | local_name!("data")
        | local_name!("dfn")
        | local_name!("em")
        | local_name!("font")
        | local_name!("i")
        | local_name!("kbd")
        | local_name!("mark")
        | local_name!("q")
        | local_name!("s")
        | local_name!("samp")
        | local_name!("small")
        | local_name!("span")
        | local_name!("strong")
        | local_name!("sub")
        | local_name!("sup")
        | local_name!("time")
        | local_name!("u")
        | local_name!("var")
        | local_name!("wbr")
        | local_name!("label")
        | local_name!("del")
        | local_name!("ins")
        | local_name!("img")
        | local_name!("big")
        | local_name!("tt")
        | local_name!("strike")
        | local_name!("nobr")
        | local_name!("acronym")
        | local_name!("ruby")
        | local_name!("rt")
        | local_name!("rp")
        | local_name!("picture") => Class::Inline,
        local_name!("br") => Class::Break,
        // A table row is one block; its cells are separated by a space.
        local_name!("td") | local_name!("th") => Class::Cell,
        _ => Class::Block,
    }
}

fn block_kind(tag: &LocalName) -> BlockKind {
    match *tag {
        local_name!("p") => BlockKind::Paragraph,
        local_name!("h1") => BlockKind::Heading(1),
        local_name!("h2") => BlockKind::Heading(2),
        local_name!("h3") => BlockKind::Heading(3),
        local_name!("h4") => BlockKind::Heading(4),
        local_name!("h5") => BlockKind::Heading(5),
        local_name!("h6") => BlockKind::Heading(6),
        local_name!("li") | local_name!("dd") | local_name!("dt") => BlockKind::ListItem,
        local_name!("blockquote") => BlockKind::Quote,
        local_name!("pre") => BlockKind::Pre,
        local_name!("tr") => BlockKind::Row,
        local_name!("figcaption") | local_name!("caption") => BlockKind::Caption,
        _ => BlockKind::Other,
    }
}

/// Is this element hidden from readers (`hidden`, `display:none`, `aria-hidden`)?
fn hidden(dom: &Dom, id: NodeId) -> bool {
    let NodeData::Element { attrs, .. } = &dom.nodes[id as usize].data else { return false };
    for a in attrs {
        match a.name.local {
            local_name!("hidden") => return true,
            local_name!("style") => {
                let s = a.value.as_bytes();
                if s.len() < 400 {
                    let lower = a.value.to_ascii_lowercase();
                    let compact: String = lower.chars().filter(|c| !c.is_whitespace()).collect();
                    if compact.contains("display:none") || compact.contains("visibility:hidden") {
                        return true;
                    }
                }
            }
            _ => {}
        }
    }
    false
}

struct Builder<'a> {
    dom: &'a Dom,
    lin: Linear,
    cur: Option<Block>,
    /// Stack of (element, junk ancestor index) for block ownership.
    owner: NodeId,
    junk_anc: NodeId,
    in_link: u32,
    pending_space: bool,
}

impl Builder<'_> {
    fn flush(&mut self) {
        if let Some(mut b) = self.cur.take() {
            while b.text.ends_with([' ', '\n']) {
                b.text.pop();
            }
            if b.chars > 0 {
                self.lin.blocks.push(b);
            }
        }
        self.pending_space = false;
    }

    fn push_text(&mut self, text: &str) {
        for c in text.chars() {
            if c.is_whitespace() {
                self.pending_space = true;
                continue;
            }
            let owner = self.owner;
            let junk_anc = self.junk_anc;
            let b = self.cur.get_or_insert_with(|| Block {
                text: String::new(),
                owner,
                kind: BlockKind::Other,
                chars: 0,
                link_chars: 0,
                words: 0.0,
                stops: 0,
                commas: 0,
                junk_anc,
            });
            if self.pending_space && !b.text.is_empty() && !b.text.ends_with('\n') {
                b.text.push(' ');
                b.words += 1.0;
            } else if b.text.is_empty() || b.text.ends_with('\n') {
                b.words += 1.0;
            }
            self.pending_space = false;
            b.text.push(c);
            b.chars += 1;
            if self.in_link > 0 {
                b.link_chars += 1;
            }
            match c {
                '.' | '!' | '?' | '。' | '！' | '？' | '؟' | '।' => b.stops += 1,
                ',' | '，' | '、' | '،' | ';' => b.commas += 1,
                '\u{3040}'..='\u{30ff}' | '\u{3400}'..='\u{9fff}' | '\u{ac00}'..='\u{d7af}' => b.words += 0.5,
                _ => {}
            }
        }
    }

    fn line_break(&mut self) {
        if let Some(b) = &mut self.cur {
            while b.text.ends_with(' ') {
                b.text.pop();
            }
            if !b.text.is_empty() && !b.text.ends_with('\n') {
                b.text.push('\n');
            }
        }
        self.pending_space = false;
    }

    fn walk(&mut self, root: NodeId) {
        // Iterative depth-first walk: (node, entering?) events, so deep trees cannot overflow.
        let mut stack: Vec<(NodeId, bool, NodeId, NodeId, u16)> = vec![(root, true, NONE, NONE, 0)];
        while let Some((id, enter, saved_owner, saved_junk, depth)) = stack.pop() {
            let Some(node) = self.dom.node(id) else { continue };
            match &node.data {
                NodeData::Text(t) => {
                    if enter {
                        self.push_text(t);
                    }
                }
                NodeData::Other => {}
                NodeData::Document => {
                    if enter {
                        let children: Vec<NodeId> = self.dom.children(id).collect();
                        for c in children.into_iter().rev() {
                            stack.push((c, true, NONE, NONE, depth + 1));
                        }
                    }
                }
                NodeData::Element { name, .. } => {
                    let class = classify(&name.local);
                    if enter {
                        if class == Class::Skip {
                            continue;
                        }
                        if class == Class::Break {
                            self.line_break();
                            continue;
                        }
                        if class == Class::Cell {
                            self.pending_space = true;
                        }
                        let info = &mut self.lin.elems[id as usize];
                        info.depth = depth;
                        if name.local == local_name!("body") && self.lin.body == NONE {
                            self.lin.body = id;
                        }
                        let is_link = name.local == local_name!("a");
                        if is_link {
                            self.in_link += 1;
                        }
                        let prev_owner = self.owner;
                        let prev_junk = self.junk_anc;
                        if class == Class::Block {
                            self.flush();
                            self.owner = id;
                        }
                        // Hidden content is boilerplate (a weak mark: streamed pages keep the
                        // article in a hidden node until a script reveals it).
                        let junk = if hidden(self.dom, id) {
                            Junk::Weak
                        } else {
                            rules::is_junk(self.dom, id, &name.local)
                        };
                        if junk != Junk::No {
                            self.lin.elems[id as usize].junk = true;
                            self.lin.elems[id as usize].junk_kind = junk;
                            self.junk_anc = id;
                        }
                        self.lin.elems[id as usize].first_block = self.lin.blocks.len() as u32;
                        stack.push((id, false, prev_owner, prev_junk, depth));
                        let children: Vec<NodeId> = self.dom.children(id).collect();
                        for c in children.into_iter().rev() {
                            stack.push((c, true, NONE, NONE, depth.saturating_add(1)));
                        }
                    } else {
                        if name.local == local_name!("a") {
                            self.in_link = self.in_link.saturating_sub(1);
                        }
                        if class == Class::Block {
                            self.flush();
                        }
                        self.owner = saved_owner;
                        self.junk_anc = saved_junk;
                        self.lin.elems[id as usize].end_block = self.lin.blocks.len() as u32;
                    }
                }
            }
        }
        self.flush();
    }
}

/// Linearizes the whole document.
pub fn linearize(dom: &Dom) -> Linear {
    let lin = Linear { blocks: Vec::new(), elems: vec![ElemInfo::default(); dom.nodes.len()], body: NONE };
    let mut b =
        Builder { dom, lin, cur: None, owner: NONE, junk_anc: NONE, in_link: 0, pending_space: false };
    b.walk(0);
    let mut lin = b.lin;
    for block in &mut lin.blocks {
        if let Some(tag) = dom.tag(block.owner) {
            block.kind = block_kind(tag);
        }
    }
    rescue(dom, &mut lin);
    lin
}

/// Words of a block if it reads as prose (long enough, punctuated, few links), else 0.
pub fn prose_words(b: &Block) -> f32 {
    let lr = b.link_chars as f32 / b.chars.max(1) as f32;
    if lr < 0.4 && b.words >= 8.0 && (b.stops > 0 || b.commas > 1) && b.kind != BlockKind::Caption {
        b.words
    } else {
        0.0
    }
}

/// Lifts weak boilerplate marks from elements that hold most of the page's prose (a wrapper
/// whose class happens to contain `banner` or `sticky`), then recomputes each block's nearest
/// marked ancestor.
fn rescue(dom: &Dom, lin: &mut Linear) {
    let mut prefix = Vec::with_capacity(lin.blocks.len() + 1);
    let mut acc = 0.0f32;
    prefix.push(0.0);
    for b in &lin.blocks {
        acc += prose_words(b);
        prefix.push(acc);
    }
    let total = acc;
    if total <= 0.0 {
        return;
    }
    let mut changed = false;
    for info in &mut lin.elems {
        if info.junk && info.junk_kind == Junk::Weak {
            let inside = prefix[info.end_block as usize] - prefix[info.first_block as usize];
            if inside > 0.4 * total && inside > 100.0 {
                info.junk = false;
                changed = true;
            }
        }
    }
    if !changed {
        return;
    }
    for b in &mut lin.blocks {
        let mut cur = b.owner;
        b.junk_anc = NONE;
        let mut steps = 0;
        while cur != NONE && steps < 2048 {
            if lin.elems.get(cur as usize).is_some_and(|e| e.junk) {
                b.junk_anc = cur;
                break;
            }
            cur = dom.node(cur).map_or(NONE, |n| n.parent);
            steps += 1;
        }
    }
}
