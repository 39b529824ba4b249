//! Linearization: the DOM becomes a sequence of text *blocks* (paragraphs, headings, list items,
//! anonymous runs of inline text), each with the facts the scorer needs (length, link text,
//! punctuation, which element owns it), and every element learns the range of blocks it holds.
//!
//! Element classes are decided once here: skipped (never text: scripts, styles, form controls,
//! SVG…), block-level (starts a new block) or inline; and each element gets a boilerplate mark
//! from its tag, its attributes and whether it is hidden (see [`super::rules`]). The walk follows
//! the tree's links and scans text once per word, without per-node allocations.

use std::collections::HashMap;

use super::dom::{Dom, NONE, NodeData, NodeId, Tag};
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

fn classify(tag: Tag) -> Class {
    match tag {
        Tag::Script
        | Tag::Style
        | Tag::Noscript
        | Tag::Template
        | Tag::Svg
        | Tag::Math
        | Tag::Iframe
        | Tag::Object
        | Tag::Embed
        | Tag::Canvas
        | Tag::Video
        | Tag::Audio
        | Tag::Select
        | Tag::Option
        | Tag::Input
        | Tag::Button
        | Tag::Textarea
        | Tag::Head
        | Tag::Title
        | Tag::Meta
        | Tag::Link
        | Tag::Base
        | Tag::Map
        | Tag::Source
        | Tag::Track
        | Tag::Dialog
        | Tag::Frameset
        | Tag::Frame => Class::Skip,
        Tag::A
        | Tag::Abbr
        | Tag::B
        | Tag::Bdi
        | Tag::Bdo
        | Tag::Cite
        | Tag::Code
        | Tag::Data
        | Tag::Dfn
        | Tag::Em
        | Tag::Font
        | Tag::I
        | Tag::Kbd
        | Tag::Mark
        | Tag::Q
        | Tag::S
        | Tag::Samp
        | Tag::Small
        | Tag::Span
        | Tag::Strong
        | Tag::Sub
        | Tag::Sup
        | Tag::Time
        | Tag::U
        | Tag::Var
        | Tag::Wbr
        | Tag::Label
        | Tag::Del
        | Tag::Ins
        | Tag::Img
        | Tag::Big
        | Tag::Tt
        | Tag::Strike
        | Tag::Nobr
        | Tag::Acronym
        | Tag::Ruby
        | Tag::Rt
        | Tag::Rp
        | Tag::Picture => Class::Inline,
        Tag::Br => Class::Break,
        // A table row is one block; its cells are separated by a space.
        Tag::Td | Tag::Th => Class::Cell,
        _ => Class::Block,
    }
}

fn block_kind(tag: Tag) -> BlockKind {
    match tag {
        Tag::P => BlockKind::Paragraph,
        Tag::H1 => BlockKind::Heading(1),
        Tag::H2 => BlockKind::Heading(2),
        Tag::H3 => BlockKind::Heading(3),
        Tag::H4 => BlockKind::Heading(4),
        Tag::H5 => BlockKind::Heading(5),
        Tag::H6 => BlockKind::Heading(6),
        Tag::Li | Tag::Dd | Tag::Dt => BlockKind::ListItem,
        Tag::Blockquote => BlockKind::Quote,
        Tag::Pre => BlockKind::Pre,
        Tag::Tr => BlockKind::Row,
        Tag::Figcaption | Tag::Caption => BlockKind::Caption,
        _ => BlockKind::Other,
    }
}

struct Builder<'d, 'a> {
    dom: &'d Dom<'a>,
    lin: Linear,
    cur: Option<Block>,
    /// The innermost block-level element (owner of new blocks).
    owner: NodeId,
    /// The innermost boilerplate-marked element.
    junk_anc: NodeId,
    in_link: u32,
    pending_space: bool,
    classes: rules::ClassCache<'d>,
}

/// ASCII whitespace as `char::is_whitespace` sees it.
#[inline]
fn is_ascii_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

/// What a word adds to its block.
#[derive(Default, Clone, Copy)]
struct WordFacts {
    chars: u32,
    stops: u32,
    commas: u32,
    /// CJK characters (half a word each).
    cjk: u32,
}

impl Builder<'_, '_> {
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
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            // Whitespace (`char::is_whitespace`, so U+00A0 too) only sets a pending space.
            let c = bytes[i];
            if c < 0x80 {
                if is_ascii_space(c) {
                    self.pending_space = true;
                    i += 1;
                    continue;
                }
            } else if let Some(ch) = text[i..].chars().next()
                && ch.is_whitespace()
            {
                self.pending_space = true;
                i += ch.len_utf8();
                continue;
            }
            // A word: scanned once for its end and its facts.
            let start = i;
            let mut facts = WordFacts::default();
            while i < bytes.len() {
                let c = bytes[i];
                if c < 0x80 {
                    if is_ascii_space(c) {
                        break;
                    }
                    match c {
                        b'.' | b'!' | b'?' => facts.stops += 1,
                        b',' | b';' => facts.commas += 1,
                        _ => {}
                    }
                    facts.chars += 1;
                    i += 1;
                } else {
                    let Some(ch) = text[i..].chars().next() else { break };
                    if ch.is_whitespace() {
                        break;
                    }
                    match ch {
                        '。' | '！' | '？' | '؟' | '।' => facts.stops += 1,
                        '，' | '、' | '،' => facts.commas += 1,
                        '\u{3040}'..='\u{30ff}' | '\u{3400}'..='\u{9fff}' | '\u{ac00}'..='\u{d7af}' => {
                            facts.cjk += 1
                        }
                        _ => {}
                    }
                    facts.chars += 1;
                    i += ch.len_utf8();
                }
            }
            self.push_word(&text[start..i], facts);
        }
    }

    /// Appends a run of non-whitespace characters.
    fn push_word(&mut self, word: &str, facts: WordFacts) {
        let owner = self.owner;
        let junk_anc = self.junk_anc;
        let b = self.cur.get_or_insert_with(|| Block {
            text: String::with_capacity(64),
            owner,
            kind: BlockKind::Other,
            chars: 0,
            link_chars: 0,
            words: 0.0,
            stops: 0,
            commas: 0,
            junk_anc,
        });
        let line_start = b.text.is_empty() || b.text.ends_with('\n');
        if self.pending_space && !line_start {
            b.text.push(' ');
            b.words += 1.0;
        } else if line_start {
            b.words += 1.0;
        }
        self.pending_space = false;
        b.text.push_str(word);
        b.chars += facts.chars;
        b.stops += facts.stops;
        b.commas += facts.commas;
        b.words += 0.5 * facts.cjk as f32;
        if self.in_link > 0 {
            b.link_chars += facts.chars;
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

    /// Enters an element: returns whether its children are to be visited (and `leave` called).
    fn enter(&mut self, id: NodeId, tag: Tag, depth: u16, saved: &mut Vec<(NodeId, NodeId)>) -> bool {
        let class = classify(tag);
        match class {
            Class::Skip => return false,
            Class::Break => {
                self.line_break();
                return false;
            }
            Class::Cell => self.pending_space = true,
            Class::Block | Class::Inline => {}
        }
        if tag == Tag::Body && self.lin.body == NONE {
            self.lin.body = id;
        }
        if tag == Tag::A {
            self.in_link += 1;
        }
        saved.push((self.owner, self.junk_anc));
        if class == Class::Block {
            self.flush();
            self.owner = id;
        }
        let junk = rules::is_junk(self.dom, id, tag, &mut self.classes);
        let first_block = self.lin.blocks.len() as u32;
        let info = &mut self.lin.elems[id as usize];
        info.depth = depth;
        info.first_block = first_block;
        if junk != Junk::No {
            info.junk = true;
            info.junk_kind = junk;
            self.junk_anc = id;
        }
        true
    }

    fn leave(&mut self, id: NodeId, tag: Tag, saved: &mut Vec<(NodeId, NodeId)>) {
        if tag == Tag::A {
            self.in_link = self.in_link.saturating_sub(1);
        }
        if classify(tag) == Class::Block {
            self.flush();
        }
        if let Some((owner, junk_anc)) = saved.pop() {
            self.owner = owner;
            self.junk_anc = junk_anc;
        }
        self.lin.elems[id as usize].end_block = self.lin.blocks.len() as u32;
    }

    /// Depth-first walk along the tree's links (no recursion, no per-node allocation).
    fn walk(&mut self) {
        let dom = self.dom;
        let mut saved = Vec::with_capacity(64);
        let mut cur = dom.node(0).map_or(NONE, |n| n.first);
        let mut depth: u16 = 1;
        while let Some(node) = dom.node(cur) {
            let descend = match node.data {
                NodeData::Text(span) => {
                    self.push_text(dom.str(span));
                    false
                }
                NodeData::Element { name, .. } => self.enter(cur, name, depth, &mut saved),
                NodeData::Document => false,
            };
            if descend && node.first != NONE {
                cur = node.first;
                depth = depth.saturating_add(1);
                continue;
            }
            if descend && let NodeData::Element { name, .. } = node.data {
                self.leave(cur, name, &mut saved);
            }
            // Up to the next sibling, leaving the elements that end on the way.
            loop {
                let Some(n) = dom.node(cur) else {
                    cur = NONE;
                    break;
                };
                if n.next != NONE {
                    cur = n.next;
                    break;
                }
                cur = n.parent;
                depth = depth.saturating_sub(1);
                match dom.node(cur).map(|p| p.data) {
                    Some(NodeData::Element { name, .. }) => self.leave(cur, name, &mut saved),
                    _ => {
                        cur = NONE;
                        break;
                    }
                }
            }
        }
        self.flush();
    }
}

/// Linearizes the whole document.
pub fn linearize(dom: &Dom<'_>) -> Linear {
    let lin = Linear { blocks: Vec::new(), elems: vec![ElemInfo::default(); dom.nodes.len()], body: NONE };
    let mut b = Builder {
        dom,
        lin,
        cur: None,
        owner: NONE,
        junk_anc: NONE,
        in_link: 0,
        pending_space: false,
        classes: rules::ClassCache::default(),
    };
    b.walk();
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

/// The tag and class of an element marked for its class words (its group in [`rescue`]):
/// elements marked by their tag (`nav`, `aside`, `footer`…) form no group.
fn group_key<'d>(dom: &'d Dom, id: NodeId) -> Option<(Tag, &'d str)> {
    let tag = dom.tag(id)?;
    if matches!(
        tag,
        Tag::Nav | Tag::Aside | Tag::Footer | Tag::Header | Tag::Figure | Tag::Figcaption | Tag::Menu
    ) {
        return None;
    }
    let class = dom.attr(id, "class").filter(|c| !c.trim().is_empty())?;
    Some((tag, class))
}

/// Is `owner` (up to `figure`) a table or a quotation, the content a figure may hold?
fn holds_content(dom: &Dom, mut owner: NodeId, figure: NodeId) -> bool {
    for _ in 0..16 {
        if owner == figure || owner == NONE {
            break;
        }
        if matches!(dom.tag(owner), Some(Tag::Table | Tag::Tr | Tag::Td | Tag::Th | Tag::Blockquote)) {
            return true;
        }
        owner = dom.node(owner).map_or(NONE, |n| n.parent);
    }
    false
}

/// Lifts weak boilerplate marks from elements that hold most of the page's prose (a wrapper
/// whose class happens to contain `banner` or `sticky`), and from figures that hold content
/// rather than a picture (a data table, a pull quote, a paragraph of prose: only their captions
/// stay marked), then recomputes each block's nearest marked ancestor.
fn rescue(dom: &Dom, lin: &mut Linear) {
    let mut prefix = Vec::with_capacity(lin.blocks.len() + 1);
    let mut acc = 0.0f32;
    prefix.push(0.0);
    for b in &lin.blocks {
        acc += prose_words(b);
        prefix.push(acc);
    }
    let total = acc;
    let holds_most = |prose: f32| total > 0.0 && prose > 0.4 * total && prose > 100.0;
    // A group is weaker evidence than one element: it must hold more.
    let group_holds_most = |prose: f32| total > 0.0 && prose > 0.5 * total && prose > 200.0;
    // Marked elements of one tag and class are one region: an article cut into sections that
    // share a class (`content-nav-section`) holds most of the prose only together.
    let mut groups: HashMap<(Tag, &str), f32> = HashMap::new();
    for (id, info) in lin.elems.iter().enumerate() {
        if info.junk && info.junk_kind == Junk::Weak {
            let inside = prefix[info.end_block as usize] - prefix[info.first_block as usize];
            if let Some(key) = group_key(dom, id as NodeId).filter(|_| inside > 0.0) {
                *groups.entry(key).or_default() += inside;
            }
        }
    }
    let mut changed = false;
    for (id, info) in lin.elems.iter_mut().enumerate() {
        if !info.junk || info.junk_kind != Junk::Weak {
            continue;
        }
        let range = info.first_block as usize..info.end_block as usize;
        let inside = prefix[range.end] - prefix[range.start];
        let in_group = || {
            group_key(dom, id as NodeId)
                .is_some_and(|key| groups.get(&key).is_some_and(|&g| group_holds_most(g)))
        };
        let lift = if holds_most(inside) || (inside > 0.0 && in_group()) {
            true
        } else if dom.tag(id as NodeId) == Some(Tag::Figure) {
            lin.blocks[range]
                .iter()
                .any(|b| b.junk_anc == id as NodeId && holds_content(dom, b.owner, id as NodeId))
        } else {
            false
        };
        if lift {
            info.junk = false;
            changed = true;
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
