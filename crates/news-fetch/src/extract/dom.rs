//! The lean arena DOM the extractor works on, built by our own parser ([`super::html`]): nodes
//! live in one `Vec`, linked by `u32` indices; tags are a one-byte [`Tag`]; text and attribute
//! values are byte ranges ([`Span`]) into the source page, or into one side buffer when entity
//! decoding changed them. Parsing a page makes no per-node allocation.

pub use super::tag::Tag;

/// Index of a node in [`Dom::nodes`].
pub type NodeId = u32;

/// "No node" in the links of [`Node`].
pub const NONE: NodeId = u32::MAX;

/// Nesting depth past which start tags no longer open elements: deeper content goes into the
/// deepest open element (browsers render such pages badly anyway, and every walk stays bounded).
pub const MAX_DEPTH: u32 = 1024;

/// Set in [`Span::start`] when the span is in [`Dom`]'s decoded buffer, not in the source.
const DECODED: u32 = 1 << 31;

/// A string of the document: a byte range of the source or of the decoded buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Span {
    start: u32,
    end: u32,
}

impl Span {
    pub(super) fn source(start: usize, end: usize) -> Span {
        Span { start: start as u32, end: end as u32 }
    }

    pub(super) fn decoded(start: usize, end: usize) -> Span {
        Span { start: start as u32 | DECODED, end: end as u32 }
    }

    pub fn is_empty(self) -> bool {
        self.len() == 0
    }

    /// Length in bytes.
    #[inline]
    pub fn len(self) -> usize {
        self.end.saturating_sub(self.start & !DECODED) as usize
    }

    /// `other` directly follows `self` in the same buffer.
    pub(super) fn joins(self, other: Span) -> bool {
        self.end == other.start & !DECODED && (self.start & DECODED) == (other.start & DECODED)
    }

    pub(super) fn extend(&mut self, other: Span) {
        self.end = other.end;
    }
}

/// One attribute: its (lower-case) name and its value.
#[derive(Debug, Clone, Copy)]
pub struct Attr {
    pub name: Span,
    pub value: Span,
}

/// A range of [`Dom::attrs`].
#[derive(Debug, Clone, Copy, Default)]
pub struct Attrs {
    pub start: u32,
    pub end: u32,
}

/// What a node is.
#[derive(Debug, Clone, Copy)]
pub enum NodeData {
    Document,
    Element { name: Tag, attrs: Attrs },
    Text(Span),
}

/// One node and its links.
#[derive(Debug, Clone)]
pub struct Node {
    pub parent: NodeId,
    pub prev: NodeId,
    pub next: NodeId,
    pub first: NodeId,
    pub last: NodeId,
    pub data: NodeData,
}

/// The parsed document: node 0 is the document node.
#[derive(Debug)]
pub struct Dom<'a> {
    src: &'a str,
    pub nodes: Vec<Node>,
    pub(super) attrs: Vec<Attr>,
    /// Text and attribute values that entity decoding (or lower-casing) changed.
    pub(super) decoded: String,
    /// The names of [`Tag::Other`] elements, by node id (in id order).
    pub(super) other_names: Vec<(NodeId, Span)>,
}

impl<'a> Dom<'a> {
    pub(super) fn new(src: &'a str) -> Dom<'a> {
        // About one node per 60 bytes of HTML on typical news pages.
        let mut nodes = Vec::with_capacity(src.len() / 60 + 16);
        nodes.push(Node {
            parent: NONE,
            prev: NONE,
            next: NONE,
            first: NONE,
            last: NONE,
            data: NodeData::Document,
        });
        Dom {
            src,
            nodes,
            attrs: Vec::with_capacity(src.len() / 80 + 16),
            decoded: String::with_capacity(src.len() / 32),
            other_names: Vec::new(),
        }
    }

    /// Parses a whole HTML document (any input: see [`super::html`]).
    pub fn parse(html: &'a str) -> Dom<'a> {
        super::html::parse(html)
    }

    /// The text of a span.
    #[inline]
    pub fn str(&self, span: Span) -> &str {
        let (buf, start) = if span.start & DECODED != 0 {
            (self.decoded.as_str(), (span.start & !DECODED) as usize)
        } else {
            (self.src, span.start as usize)
        };
        buf.get(start..span.end as usize).unwrap_or("")
    }

    pub fn node(&self, id: NodeId) -> Option<&Node> {
        self.nodes.get(id as usize)
    }

    /// The tag of an element (`None` for other nodes).
    #[inline]
    pub fn tag(&self, id: NodeId) -> Option<Tag> {
        match self.node(id)?.data {
            NodeData::Element { name, .. } => Some(name),
            _ => None,
        }
    }

    /// The name of an element as written (lower case for known tags).
    pub fn tag_name(&self, id: NodeId) -> Option<&str> {
        match self.tag(id)? {
            Tag::Other => {
                let i = self.other_names.binary_search_by_key(&id, |&(n, _)| n).ok()?;
                Some(self.str(self.other_names[i].1))
            }
            tag => Some(tag.name()),
        }
    }

    /// The attributes of an element, as (name, value), in source order (duplicates dropped).
    pub fn attrs(&self, id: NodeId) -> impl Iterator<Item = (&str, &str)> {
        let range = match self.node(id).map(|n| n.data) {
            Some(NodeData::Element { attrs, .. }) => attrs.start as usize..attrs.end as usize,
            _ => 0..0,
        };
        self.attrs.get(range).unwrap_or(&[]).iter().map(|a| (self.str(a.name), self.str(a.value)))
    }

    /// An attribute value of an element.
    pub fn attr(&self, id: NodeId, attr: &str) -> Option<&str> {
        let NodeData::Element { attrs, .. } = self.node(id)?.data else { return None };
        let all = self.attrs.get(attrs.start as usize..attrs.end as usize)?;
        all.iter().find(|a| a.name.len() == attr.len() && self.str(a.name) == attr).map(|a| self.str(a.value))
    }

    /// The children of a node, in order.
    pub fn children(&self, id: NodeId) -> Children<'_, 'a> {
        Children { dom: self, next: self.node(id).map_or(NONE, |n| n.first) }
    }

    /// All text under a node (scripts and styles included), concatenated.
    pub fn text_of(&self, id: NodeId, out: &mut String) {
        let Some(node) = self.node(id) else { return };
        match node.data {
            NodeData::Text(span) => out.push_str(self.str(span)),
            NodeData::Element { .. } | NodeData::Document => {
                for child in self.children(id) {
                    self.text_of(child, out);
                }
            }
        }
    }

    /// Text under a node, or `None` once it passes `max` bytes (cheap on big subtrees).
    pub fn text_limited(&self, id: NodeId, max: usize) -> Option<String> {
        let mut out = String::new();
        let Some(node) = self.node(id) else { return Some(out) };
        if let NodeData::Text(span) = node.data {
            out.push_str(self.str(span));
            return (out.len() <= max).then_some(out);
        }
        // Document order without a stack: down to the first child, else to the next sibling of
        // the nearest ancestor below `id` that has one.
        let mut cur = node.first;
        while cur != NONE {
            let Some(n) = self.node(cur) else { break };
            if let NodeData::Text(span) = n.data {
                out.push_str(self.str(span));
                if out.len() > max {
                    return None;
                }
            }
            if n.first != NONE {
                cur = n.first;
                continue;
            }
            let mut up = cur;
            cur = NONE;
            while up != id && up != NONE {
                let Some(u) = self.node(up) else { break };
                if u.next != NONE {
                    cur = u.next;
                    break;
                }
                up = u.parent;
            }
        }
        Some(out)
    }

    pub(super) fn push(&mut self, data: NodeData) -> NodeId {
        let id = self.nodes.len() as NodeId;
        self.nodes.push(Node { parent: NONE, prev: NONE, next: NONE, first: NONE, last: NONE, data });
        id
    }

    /// Makes `child` (a detached node) the last child of `parent`.
    pub(super) fn link_last(&mut self, parent: NodeId, child: NodeId) {
        let p = parent as usize;
        let prev_last = self.nodes[p].last;
        {
            let c = &mut self.nodes[child as usize];
            c.parent = parent;
            c.prev = prev_last;
            c.next = NONE;
        }
        if prev_last == NONE {
            self.nodes[p].first = child;
        } else {
            self.nodes[prev_last as usize].next = child;
        }
        self.nodes[p].last = child;
    }

    /// Unlinks a node from its parent and siblings.
    pub(super) fn detach(&mut self, child: NodeId) {
        let (parent, prev, next) = {
            let c = &self.nodes[child as usize];
            (c.parent, c.prev, c.next)
        };
        if parent == NONE {
            return;
        }
        if prev == NONE {
            self.nodes[parent as usize].first = next;
        } else {
            self.nodes[prev as usize].next = next;
        }
        if next == NONE {
            self.nodes[parent as usize].last = prev;
        } else {
            self.nodes[next as usize].prev = prev;
        }
        let c = &mut self.nodes[child as usize];
        c.parent = NONE;
        c.prev = NONE;
        c.next = NONE;
    }

    /// Moves all children of `from` to the end of `to`.
    pub(super) fn reparent_children(&mut self, from: NodeId, to: NodeId) {
        let mut child = self.nodes[from as usize].first;
        while child != NONE {
            let next = self.nodes[child as usize].next;
            self.detach(child);
            self.link_last(to, child);
            child = next;
        }
    }
}

/// Iterator over the children of a node.
pub struct Children<'d, 'a> {
    dom: &'d Dom<'a>,
    next: NodeId,
}

impl Iterator for Children<'_, '_> {
    type Item = NodeId;
    fn next(&mut self) -> Option<NodeId> {
        let id = self.next;
        let node = self.dom.node(id)?;
        self.next = node.next;
        Some(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_attribute_access() {
        let dom =
            Dom::parse("<div id=d><p>one <b>two</b></p><my-card data-x=&amp;>three</my-card>four</div>");
        let div = (0..dom.nodes.len() as NodeId).find(|&i| dom.tag(i) == Some(Tag::Div)).unwrap_or(NONE);
        assert_eq!(dom.attr(div, "id"), Some("d"));
        assert_eq!(dom.attr(div, "class"), None);
        assert_eq!(dom.text_limited(div, 100).as_deref(), Some("one twothreefour"));
        assert_eq!(dom.text_limited(div, 5), None);
        let mut all = String::new();
        dom.text_of(div, &mut all);
        assert_eq!(all, "one twothreefour");
        let kinds: Vec<Option<&str>> = dom.children(div).map(|c| dom.tag_name(c)).collect();
        assert_eq!(kinds, [Some("p"), Some("my-card"), None]);
        let card = dom.children(div).nth(1).unwrap_or(NONE);
        assert_eq!(dom.tag(card), Some(Tag::Other));
        assert_eq!(dom.attr(card, "data-x"), Some("&"));
        assert_eq!(dom.attr(NONE, "id"), None);
        assert_eq!(dom.text_limited(NONE, 10).as_deref(), Some(""));
    }
}
