//! A lean arena DOM built by html5ever's tree builder (spec-compliant parsing, as browsers do),
//! without the selector machinery of a general-purpose DOM: nodes live in one `Vec`, linked by
//! `u32` indices, and elements keep their html5ever attributes as parsed.
//!
//! Parsing is the dominant cost of extraction, so the sink does as little as it can: no class
//! sets, no per-node allocations besides what the tokenizer already made.

use std::borrow::Cow;
use std::cell::{Ref, RefCell};

use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::tree_builder::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::{Attribute, LocalName, QualName, local_name, ns};

/// Index of a node in [`Dom::nodes`].
pub type NodeId = u32;

/// "No node" in the links of [`Node`].
pub const NONE: NodeId = u32::MAX;

/// Nesting depth past which parsing stops (browsers render such pages badly anyway).
pub const MAX_DEPTH: u32 = 1024;

/// Input is fed to the parser in chunks of this many bytes (so that depth can be checked).
const CHUNK: usize = 64 * 1024;

/// What a node is.
#[derive(Debug)]
pub enum NodeData {
    Document,
    Element {
        name: QualName,
        attrs: Vec<Attribute>,
    },
    Text(StrTendril),
    /// Comments, doctypes, processing instructions: kept only as placeholders.
    Other,
}

/// One node and its links.
#[derive(Debug)]
pub struct Node {
    pub parent: NodeId,
    pub prev: NodeId,
    pub next: NodeId,
    pub first: NodeId,
    pub last: NodeId,
    /// Depth below the document node when the node was inserted.
    pub depth: u32,
    pub data: NodeData,
}

/// The parsed document: node 0 is the document node.
#[derive(Debug)]
pub struct Dom {
    pub nodes: Vec<Node>,
    /// Returned by `elem_name` for a handle that is not an element (the tree builder never asks).
    placeholder_name: QualName,
    /// Some node went deeper than [`MAX_DEPTH`].
    too_deep: bool,
}

impl Dom {
    fn new(capacity: usize) -> Self {
        let mut nodes = Vec::with_capacity(capacity);
        nodes.push(Node {
            parent: NONE,
            prev: NONE,
            next: NONE,
            first: NONE,
            last: NONE,
            depth: 0,
            data: NodeData::Document,
        });
        Dom { nodes, placeholder_name: QualName::new(None, ns!(html), local_name!("div")), too_deep: false }
    }

    /// Parses a whole HTML document.
    ///
    /// The input is fed in chunks; once the tree is deeper than [`MAX_DEPTH`] the rest of the
    /// input is dropped. (The tree builder scans its stack of open elements for many tags, so
    /// an absurdly deep page would otherwise cost time quadratic in its depth.)
    pub fn parse(html: &str) -> Dom {
        // About one node per 60 bytes of HTML on typical news pages.
        let sink = Sink(RefCell::new(Dom::new(html.len() / 60 + 16)));
        let mut parser = html5ever::parse_document(sink, Default::default());
        let mut rest = html;
        while !rest.is_empty() {
            let mut cut = rest.len().min(CHUNK);
            while !rest.is_char_boundary(cut) {
                cut -= 1;
            }
            parser.process(StrTendril::from_slice(&rest[..cut]));
            rest = &rest[cut..];
            if parser.tokenizer.sink.sink.0.borrow().too_deep {
                break;
            }
        }
        parser.finish()
    }

    pub fn node(&self, id: NodeId) -> Option<&Node> {
        self.nodes.get(id as usize)
    }

    /// The local name of an element (`None` for other nodes).
    pub fn tag(&self, id: NodeId) -> Option<&LocalName> {
        match &self.node(id)?.data {
            NodeData::Element { name, .. } => Some(&name.local),
            _ => None,
        }
    }

    /// An attribute value of an element.
    pub fn attr(&self, id: NodeId, attr: &str) -> Option<&str> {
        match &self.node(id)?.data {
            NodeData::Element { attrs, .. } => {
                attrs.iter().find(|a| a.name.local.as_ref() == attr).map(|a| a.value.as_ref())
            }
            _ => None,
        }
    }

    /// The children of a node, in order.
    pub fn children(&self, id: NodeId) -> Children<'_> {
        Children { dom: self, next: self.node(id).map_or(NONE, |n| n.first) }
    }

    /// All text under a node (scripts and styles included), concatenated.
    pub fn text_of(&self, id: NodeId, out: &mut String) {
        let Some(node) = self.node(id) else { return };
        match &node.data {
            NodeData::Text(t) => out.push_str(t),
            NodeData::Element { .. } | NodeData::Document => {
                for child in self.children(id) {
                    self.text_of(child, out);
                }
            }
            NodeData::Other => {}
        }
    }

    /// Text under a node, or `None` once it passes `max` bytes (cheap on big subtrees).
    pub fn text_limited(&self, id: NodeId, max: usize) -> Option<String> {
        let mut out = String::new();
        let mut stack = vec![id];
        while let Some(cur) = stack.pop() {
            let Some(node) = self.node(cur) else { continue };
            match &node.data {
                NodeData::Text(t) => {
                    out.push_str(t);
                    if out.len() > max {
                        return None;
                    }
                }
                NodeData::Element { .. } | NodeData::Document => {
                    let start = stack.len();
                    stack.extend(self.children(cur));
                    stack[start..].reverse();
                }
                NodeData::Other => {}
            }
        }
        Some(out)
    }

    fn link_last(&mut self, parent: NodeId, child: NodeId) {
        let prev_last = self.nodes[parent as usize].last;
        let depth = self.nodes[parent as usize].depth + 1;
        self.too_deep |= depth > MAX_DEPTH;
        {
            let c = &mut self.nodes[child as usize];
            c.depth = depth;
            c.parent = parent;
            c.prev = prev_last;
            c.next = NONE;
        }
        if prev_last == NONE {
            self.nodes[parent as usize].first = child;
        } else {
            self.nodes[prev_last as usize].next = child;
        }
        self.nodes[parent as usize].last = child;
    }

    fn detach(&mut self, child: NodeId) {
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

    fn insert_before(&mut self, sibling: NodeId, child: NodeId) {
        let (parent, prev) = {
            let s = &self.nodes[sibling as usize];
            (s.parent, s.prev)
        };
        if parent == NONE {
            return;
        }
        let depth = self.nodes[parent as usize].depth + 1;
        self.too_deep |= depth > MAX_DEPTH;
        {
            let c = &mut self.nodes[child as usize];
            c.depth = depth;
            c.parent = parent;
            c.prev = prev;
            c.next = sibling;
        }
        self.nodes[sibling as usize].prev = child;
        if prev == NONE {
            self.nodes[parent as usize].first = child;
        } else {
            self.nodes[prev as usize].next = child;
        }
    }

    fn push(&mut self, data: NodeData) -> NodeId {
        let id = self.nodes.len() as NodeId;
        self.nodes.push(Node {
            parent: NONE,
            prev: NONE,
            next: NONE,
            first: NONE,
            last: NONE,
            depth: 0,
            data,
        });
        id
    }

    /// Appends text to `parent`, merging with a last text child.
    fn append_text(&mut self, parent: NodeId, text: StrTendril) {
        let last = self.nodes[parent as usize].last;
        if last != NONE
            && let NodeData::Text(t) = &mut self.nodes[last as usize].data
        {
            t.push_tendril(&text);
            return;
        }
        let id = self.push(NodeData::Text(text));
        self.link_last(parent, id);
    }

    fn valid(&self, id: NodeId) -> bool {
        (id as usize) < self.nodes.len()
    }
}

/// Iterator over the children of a node.
pub struct Children<'a> {
    dom: &'a Dom,
    next: NodeId,
}

impl Iterator for Children<'_> {
    type Item = NodeId;
    fn next(&mut self) -> Option<NodeId> {
        let id = self.next;
        let node = self.dom.node(id)?;
        self.next = node.next;
        Some(id)
    }
}

/// The html5ever tree sink that fills a [`Dom`].
struct Sink(RefCell<Dom>);

impl TreeSink for Sink {
    type Handle = NodeId;
    type Output = Dom;
    type ElemName<'a> = Ref<'a, QualName>;

    fn finish(self) -> Dom {
        self.0.into_inner()
    }

    fn parse_error(&self, _msg: Cow<'static, str>) {}

    fn get_document(&self) -> NodeId {
        0
    }

    fn elem_name<'a>(&'a self, target: &'a NodeId) -> Ref<'a, QualName> {
        Ref::map(self.0.borrow(), |dom| match dom.nodes.get(*target as usize).map(|n| &n.data) {
            Some(NodeData::Element { name, .. }) => name,
            _ => &dom.placeholder_name,
        })
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, _flags: ElementFlags) -> NodeId {
        self.0.borrow_mut().push(NodeData::Element { name, attrs })
    }

    fn create_comment(&self, _text: StrTendril) -> NodeId {
        self.0.borrow_mut().push(NodeData::Other)
    }

    fn create_pi(&self, _target: StrTendril, _data: StrTendril) -> NodeId {
        self.0.borrow_mut().push(NodeData::Other)
    }

    fn append(&self, parent: &NodeId, child: NodeOrText<NodeId>) {
        let mut dom = self.0.borrow_mut();
        if !dom.valid(*parent) {
            return;
        }
        match child {
            NodeOrText::AppendNode(id) if dom.valid(id) => {
                dom.detach(id);
                dom.link_last(*parent, id);
            }
            NodeOrText::AppendNode(_) => {}
            NodeOrText::AppendText(text) => dom.append_text(*parent, text),
        }
    }

    fn append_based_on_parent_node(
        &self,
        element: &NodeId,
        prev_element: &NodeId,
        child: NodeOrText<NodeId>,
    ) {
        let has_parent = self.0.borrow().node(*element).is_some_and(|n| n.parent != NONE);
        if has_parent {
            self.append_before_sibling(element, child);
        } else {
            self.append(prev_element, child);
        }
    }

    fn append_doctype_to_document(&self, _name: StrTendril, _public_id: StrTendril, _system_id: StrTendril) {}

    fn get_template_contents(&self, target: &NodeId) -> NodeId {
        // Template contents stay under the template element; the extractor skips templates.
        *target
    }

    fn same_node(&self, x: &NodeId, y: &NodeId) -> bool {
        x == y
    }

    fn set_quirks_mode(&self, _mode: QuirksMode) {}

    fn append_before_sibling(&self, sibling: &NodeId, new_node: NodeOrText<NodeId>) {
        let mut dom = self.0.borrow_mut();
        if !dom.valid(*sibling) {
            return;
        }
        match new_node {
            NodeOrText::AppendNode(id) if dom.valid(id) => {
                dom.detach(id);
                dom.insert_before(*sibling, id);
            }
            NodeOrText::AppendNode(_) => {}
            NodeOrText::AppendText(text) => {
                let prev = dom.nodes[*sibling as usize].prev;
                if prev != NONE
                    && let NodeData::Text(t) = &mut dom.nodes[prev as usize].data
                {
                    t.push_tendril(&text);
                    return;
                }
                let id = dom.push(NodeData::Text(text));
                dom.insert_before(*sibling, id);
            }
        }
    }

    fn add_attrs_if_missing(&self, target: &NodeId, new_attrs: Vec<Attribute>) {
        let mut dom = self.0.borrow_mut();
        if let Some(Node { data: NodeData::Element { attrs, .. }, .. }) = dom.nodes.get_mut(*target as usize)
        {
            for attr in new_attrs {
                if !attrs.iter().any(|a| a.name == attr.name) {
                    attrs.push(attr);
                }
            }
        }
    }

    fn remove_from_parent(&self, target: &NodeId) {
        let mut dom = self.0.borrow_mut();
        if dom.valid(*target) {
            dom.detach(*target);
        }
    }

    fn reparent_children(&self, node: &NodeId, new_parent: &NodeId) {
        let mut dom = self.0.borrow_mut();
        if !dom.valid(*node) || !dom.valid(*new_parent) {
            return;
        }
        let mut child = dom.nodes[*node as usize].first;
        while child != NONE {
            let next = dom.nodes[child as usize].next;
            dom.detach(child);
            dom.link_last(*new_parent, child);
            child = next;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outline(dom: &Dom, id: NodeId, out: &mut String) {
        match dom.node(id).map(|n| &n.data) {
            Some(NodeData::Element { name, .. }) => {
                out.push('<');
                out.push_str(&name.local);
                out.push('>');
                for c in dom.children(id) {
                    outline(dom, c, out);
                }
                out.push_str("</>");
            }
            Some(NodeData::Text(t)) => out.push_str(t),
            Some(NodeData::Document) => {
                for c in dom.children(id) {
                    outline(dom, c, out);
                }
            }
            _ => {}
        }
    }

    #[test]
    fn builds_the_tree_browsers_build() {
        // Misnested formatting and a table with stray text: the adoption agency and foster
        // parenting both move nodes around (no doctype: quirks mode, so <table> stays in <p>).
        let dom = Dom::parse("<p>a<b>b<i>c</b>d</i>e<table>x<tr><td>y</table>");
        let mut out = String::new();
        outline(&dom, 0, &mut out);
        assert_eq!(
            out,
            "<html><head></><body><p>a<b>b<i>c</></><i>d</>ex<table><tbody><tr><td>y</></></></></></></>"
        );
    }
}
