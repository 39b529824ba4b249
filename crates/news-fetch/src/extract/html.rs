//! Our HTML parser: a byte-level tokenizer (`memchr` to find the next `<`, `&`, quote or end of
//! raw text) and a lenient tree builder that writes the arena [`Dom`] directly.
//!
//! The tokenizer reads text, start and end tags with attributes (quoted or not; lower-cased
//! names; the first of duplicate attributes wins), comments, doctypes, `<![CDATA[`, processing
//! instructions; the content of `script`, `style`, `xmp`, `iframe`, `noembed`, `noframes` and
//! `noscript` is raw text (as in a browser with scripting on), that of `title` and `textarea`
//! raw text with character references, and `plaintext` swallows the rest of the page. Numeric
//! and named character references (the full HTML table, [`super::entities`]) are decoded in
//! text and attribute values.
//!
//! The tree builder keeps the HTML rules that shape what an extractor sees: `<html>`, `<head>`
//! and `<body>` are implied where missing, and content that cannot be in the head closes it;
//! void elements; implied end tags (`p` closed by block starts, `li`, `dt`/`dd`, `option`,
//! table rows and cells); an end tag closes the nearest open element of its name unless a
//! scope boundary (a table, a cell…) or, for unknown names, a block element lies between;
//! misnested formatting end tags (`<a><div>…</a>`) restructure the tree as the spec's adoption
//! agency does; SVG and MathML content is kept as elements, self-closing tags included, and
//! ends at HTML block tags. Not modelled (no effect on extracted text): quirks mode, foster
//! parenting of stray table content, reconstruction of formatting elements after a block ends.
//!
//! Any input is accepted without panicking; past [`MAX_DEPTH`] open elements, start tags no
//! longer nest. Everything is linear in the input except duplicate-attribute checks (bounded
//! per tag) and stack scans (bounded by the depth cap, skipped when no element of the sought
//! name is open).

use memchr::{memchr, memmem};

use super::dom::{Attr, Attrs, Dom, MAX_DEPTH, NodeData, NodeId, Span};
use super::entities::ENTITIES;
use super::tag::{NameKey, Tag};

/// Attributes past this many on one element are dropped.
const MAX_ATTRS: usize = 64;

/// Parses a document.
pub fn parse(src: &str) -> Dom<'_> {
    let src = src.strip_prefix('\u{feff}').unwrap_or(src);
    let mut p = Parser {
        src,
        pos: 0,
        dom: Dom::new(src),
        stack: Vec::with_capacity(64),
        open: [0; Tag::COUNT],
        mode: Mode::BeforeHtml,
        html: None,
        attrs: Vec::with_capacity(16),
        comment_end: memmem::Finder::new("-->"),
    };
    p.run();
    p.dom
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    BeforeHtml,
    BeforeHead,
    InHead,
    AfterHead,
    InBody,
}

/// An open element.
#[derive(Debug, Clone, Copy)]
struct Open {
    id: NodeId,
    tag: Tag,
    /// SVG or MathML.
    foreign: bool,
    /// The name as written (compared for [`Tag::Other`]).
    name: Span,
}

impl Open {
    /// Inside these SVG/MathML elements, tags are HTML again.
    fn integration_point(self) -> bool {
        use Tag::*;
        self.foreign && matches!(self.tag, Foreignobject | Desc | Title | Mi | Mo | Mn | Ms | Mtext)
    }

    fn is_boundary(self, scope: Scope) -> bool {
        use Tag::*;
        if self.foreign {
            return scope != Scope::Table && (self.integration_point() || self.tag == AnnotationXml);
        }
        match scope {
            Scope::Table => matches!(self.tag, Html | Table | Template),
            _ if matches!(
                self.tag,
                Applet | Caption | Html | Table | Td | Th | Marquee | Object | Template
            ) =>
            {
                true
            }
            Scope::Button => self.tag == Button,
            Scope::ListItem => matches!(self.tag, Ol | Ul),
            Scope::Default => false,
        }
    }
}

/// The spec's element scopes: where the search for an open element stops.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    Default,
    Button,
    ListItem,
    Table,
}

/// How the content of the element just opened is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Content {
    Markup,
    RawText,
    /// Raw text with character references.
    Rcdata,
    /// Everything to the end of the input is text.
    Plaintext,
}

struct Parser<'a> {
    src: &'a str,
    pos: usize,
    dom: Dom<'a>,
    stack: Vec<Open>,
    /// How many elements of each tag are on the stack (skips most scans).
    open: [u32; Tag::COUNT],
    mode: Mode,
    html: Option<NodeId>,
    /// Attributes of the tag being read.
    attrs: Vec<Attr>,
    comment_end: memmem::Finder<'static>,
}

#[inline]
fn is_ws(c: u8) -> bool {
    matches!(c, b' ' | b'\n' | b'\t' | b'\r' | 0x0c)
}

impl<'a> Parser<'a> {
    fn run(&mut self) {
        let b = self.src.as_bytes();
        let n = b.len();
        while self.pos < n {
            let start = self.pos;
            let lt = memchr(b'<', &b[start..]).map_or(n, |i| start + i);
            if lt > start {
                self.text(start, lt);
            }
            self.pos = lt;
            if lt >= n {
                break;
            }
            match b.get(lt + 1).copied() {
                Some(c) if c.is_ascii_alphabetic() => self.start_tag(),
                Some(b'/') => match b.get(lt + 2).copied() {
                    Some(c) if c.is_ascii_alphabetic() => self.end_tag(),
                    // `</>` is dropped.
                    Some(b'>') => self.pos = lt + 3,
                    None => {
                        self.text(lt, n);
                        self.pos = n;
                    }
                    Some(_) => self.bogus_comment(lt + 2),
                },
                Some(b'!') => self.markup_declaration(),
                Some(b'?') => self.bogus_comment(lt + 1),
                _ => {
                    // A `<` that starts no tag is text.
                    self.text(lt, lt + 1);
                    self.pos = lt + 1;
                }
            }
        }
    }

    // ---- Tokenizer ----

    /// Reads a tag name from `i`: (tag, name as written, position after it).
    fn read_name(&self, mut i: usize) -> (Tag, Span, usize) {
        let b = self.src.as_bytes();
        let start = i;
        let mut key = NameKey::default();
        while let Some(&c) = b.get(i) {
            if is_ws(c) || c == b'/' || c == b'>' {
                break;
            }
            key.push(c);
            i += 1;
        }
        (key.tag(), Span::source(start, i), i)
    }

    /// Reads attributes into `self.attrs` up to the end of the tag: (position after `>`,
    /// self-closing), or `None` when the input ends inside the tag (the tag is dropped).
    fn read_attrs(&mut self, mut i: usize) -> Option<(usize, bool)> {
        let b = self.src.as_bytes();
        let n = b.len();
        loop {
            while i < n && is_ws(b[i]) {
                i += 1;
            }
            let c = *b.get(i)?;
            match c {
                b'>' => return Some((i + 1, false)),
                b'/' => {
                    i += 1;
                    if b.get(i) == Some(&b'>') {
                        return Some((i + 1, true));
                    }
                    continue;
                }
                _ => {}
            }
            // The first character belongs to the name whatever it is (even `=`).
            let name_start = i;
            let mut upper = c.is_ascii_uppercase();
            i += 1;
            while i < n {
                let c = b[i];
                if is_ws(c) || c == b'/' || c == b'>' || c == b'=' {
                    break;
                }
                upper |= c.is_ascii_uppercase();
                i += 1;
            }
            let name_end = i;
            while i < n && is_ws(b[i]) {
                i += 1;
            }
            let mut value = Span::default();
            if b.get(i) == Some(&b'=') {
                i += 1;
                while i < n && is_ws(b[i]) {
                    i += 1;
                }
                match *b.get(i)? {
                    q @ (b'"' | b'\'') => {
                        let len = memchr(q, b.get(i + 1..)?)?;
                        value = self.decode(i + 1, i + 1 + len, true);
                        i += len + 2;
                    }
                    b'>' => {}
                    _ => {
                        let start = i;
                        while i < n && !is_ws(b[i]) && b[i] != b'>' {
                            i += 1;
                        }
                        value = self.decode(start, i, true);
                    }
                }
            }
            self.add_attr(name_start, name_end, upper, value);
        }
    }

    fn add_attr(&mut self, start: usize, end: usize, upper: bool, value: Span) {
        if self.attrs.len() >= MAX_ATTRS {
            return;
        }
        let raw = self.src.get(start..end).unwrap_or("");
        let name = if upper {
            let at = self.dom.decoded.len();
            self.dom.decoded.extend(raw.chars().map(|c| c.to_ascii_lowercase()));
            Span::decoded(at, self.dom.decoded.len())
        } else {
            Span::source(start, end)
        };
        let new = self.dom.str(name);
        if self.attrs.iter().any(|a| a.name.len() == new.len() && self.dom.str(a.name) == new) {
            return;
        }
        self.attrs.push(Attr { name, value });
    }

    /// The span of `src[start..end]`, with character references decoded.
    fn decode(&mut self, start: usize, end: usize, attr: bool) -> Span {
        let raw = self.src.get(start..end).unwrap_or("");
        // Most values and texts are short: a plain loop beats the call into the SIMD search.
        let has_ref = if raw.len() < 32 {
            raw.bytes().any(|b| b == b'&')
        } else {
            memchr(b'&', raw.as_bytes()).is_some()
        };
        if !has_ref {
            return Span::source(start, end);
        }
        let at = self.dom.decoded.len();
        decode_into(&mut self.dom.decoded, raw, attr);
        Span::decoded(at, self.dom.decoded.len())
    }

    fn start_tag(&mut self) {
        let (tag, name, i) = self.read_name(self.pos + 1);
        self.attrs.clear();
        let Some((end, self_closing)) = self.read_attrs(i) else {
            self.pos = self.src.len();
            return;
        };
        self.pos = end;
        let content = self.start(tag, name, self_closing);
        self.attrs.clear();
        if content != Content::Markup {
            // The text belongs to the element only if it was opened (not past the depth cap).
            let keep = self.stack.last().is_some_and(|o| o.tag == tag && !o.foreign);
            self.raw_text(tag, content, keep);
        }
    }

    fn end_tag(&mut self) {
        let (tag, name, i) = self.read_name(self.pos + 2);
        self.attrs.clear();
        let found = self.read_attrs(i);
        self.attrs.clear();
        let Some((end, _)) = found else {
            self.pos = self.src.len();
            return;
        };
        self.pos = end;
        self.end(tag, name);
    }

    /// `<!`: comment, CDATA section, doctype or bogus comment.
    fn markup_declaration(&mut self) {
        let b = self.src.as_bytes();
        let lt = self.pos;
        let rest = b.get(lt + 2..).unwrap_or(&[]);
        if rest.starts_with(b"--") {
            let from = lt + 4;
            let rest = &b[from..];
            self.pos = if rest.starts_with(b">") {
                from + 1
            } else if rest.starts_with(b"->") {
                from + 2
            } else {
                self.comment_end.find(rest).map_or(b.len(), |i| from + i + 3)
            };
        } else if rest.starts_with(b"[CDATA[") && self.stack.last().is_some_and(|o| o.foreign) {
            let from = lt + 9;
            let (end, next) =
                memmem::find(&b[from..], b"]]>").map_or((b.len(), b.len()), |i| (from + i, from + i + 3));
            if end > from {
                self.append_text(Span::source(from, end));
            }
            self.pos = next;
        } else {
            self.bogus_comment(lt + 2);
        }
    }

    /// Skips to after the next `>`.
    fn bogus_comment(&mut self, from: usize) {
        let b = self.src.as_bytes();
        self.pos = memchr(b'>', b.get(from..).unwrap_or(&[])).map_or(b.len(), |i| from + i + 1);
    }

    /// Reads the content of a raw-text element up to its end tag (left for the main loop).
    fn raw_text(&mut self, tag: Tag, content: Content, keep: bool) {
        let start = self.pos;
        let end = match content {
            Content::Plaintext => self.src.len(),
            _ => self.raw_end(tag, start),
        };
        if keep && end > start {
            let span = if content == Content::Rcdata {
                self.decode(start, end, false)
            } else {
                Span::source(start, end)
            };
            self.append_text(span);
        }
        self.pos = end;
    }

    /// Where the raw text from `from` ends: at `</tag` followed by a space, `/` or `>`.
    fn raw_end(&self, tag: Tag, from: usize) -> usize {
        let b = self.src.as_bytes();
        let mut i = from;
        while let Some(off) = memchr(b'<', &b[i..]) {
            let j = i + off;
            if is_end_tag_of(b, j, tag.name().as_bytes()) {
                if tag == Tag::Script && memmem::find(&b[from..j], b"<!--").is_some() {
                    return script_end(b, from);
                }
                return j;
            }
            i = j + 1;
        }
        b.len()
    }

    // ---- Tree builder ----

    fn current(&self) -> NodeId {
        self.stack.last().map_or(0, |o| o.id)
    }

    fn top_tag(&self) -> Option<Tag> {
        self.stack.last().map(|o| o.tag)
    }

    fn pop(&mut self) {
        if let Some(o) = self.stack.pop() {
            self.open[o.tag as usize] -= 1;
        }
    }

    fn truncate(&mut self, len: usize) {
        while self.stack.len() > len {
            self.pop();
        }
    }

    /// Is an HTML element `tag` open, with no boundary of `scope` above it?
    fn in_scope(&self, tag: Tag, scope: Scope) -> bool {
        if self.open[tag as usize] == 0 {
            return false;
        }
        for o in self.stack.iter().rev() {
            if o.tag == tag && !o.foreign {
                return true;
            }
            if o.is_boundary(scope) {
                return false;
            }
        }
        false
    }

    /// Pops up to and including the nearest open HTML element `tag`.
    fn pop_until(&mut self, tag: Tag) {
        if self.open[tag as usize] == 0 {
            return;
        }
        if let Some(i) = self.stack.iter().rposition(|o| o.tag == tag && !o.foreign) {
            self.truncate(i);
        }
    }

    fn close_p(&mut self) {
        if self.in_scope(Tag::P, Scope::Button) {
            self.pop_until(Tag::P);
        }
    }

    /// Creates an element from the attributes read and appends it to the current node; opens
    /// it when `push` (and the depth cap allows).
    fn insert(&mut self, tag: Tag, name: Span, foreign: bool, push: bool) -> NodeId {
        let start = self.dom.attrs.len() as u32;
        self.dom.attrs.extend_from_slice(&self.attrs);
        self.attrs.clear();
        let attrs = Attrs { start, end: self.dom.attrs.len() as u32 };
        let id = self.dom.push(NodeData::Element { name: tag, attrs });
        if tag == Tag::Other {
            self.dom.other_names.push((id, name));
        }
        let parent = self.current();
        self.dom.link_last(parent, id);
        if push && self.stack.len() < MAX_DEPTH as usize {
            self.stack.push(Open { id, tag, foreign, name });
            self.open[tag as usize] += 1;
        }
        id
    }

    /// Inserts an HTML element; says how its content is read.
    fn insert_html(&mut self, tag: Tag, name: Span) -> Content {
        let void = tag.is_void();
        self.insert(tag, name, false, !void);
        if void {
            return Content::Markup;
        }
        use Tag::*;
        match tag {
            Script | Style | Xmp | Iframe | Noembed | Noframes | Noscript => Content::RawText,
            Textarea | Title => Content::Rcdata,
            Plaintext => Content::Plaintext,
            _ => Content::Markup,
        }
    }

    /// `<html>` (first or repeated): its attributes go to the one `html` element.
    fn html_element(&mut self) {
        match self.html {
            None => {
                let id = self.insert(Tag::Html, Span::default(), false, true);
                self.html = Some(id);
                self.mode = Mode::BeforeHead;
            }
            Some(id) => {
                // Add the attributes it lacks (a copy of its range plus the new ones).
                let old: Vec<Attr> = match self.dom.nodes[id as usize].data {
                    NodeData::Element { attrs, .. } => {
                        self.dom.attrs.get(attrs.start as usize..attrs.end as usize).unwrap_or(&[]).to_vec()
                    }
                    _ => return,
                };
                let start = self.dom.attrs.len() as u32;
                self.dom.attrs.extend_from_slice(&old);
                for a in std::mem::take(&mut self.attrs) {
                    let name = self.dom.str(a.name);
                    if !old.iter().any(|o| self.dom.str(o.name) == name) {
                        self.dom.attrs.push(a);
                    }
                }
                let end = self.dom.attrs.len() as u32;
                self.dom.nodes[id as usize].data =
                    NodeData::Element { name: Tag::Html, attrs: Attrs { start, end } };
            }
        }
    }

    /// Before the body: opens what is implied so that content can go into `<body>`.
    fn ensure_body(&mut self) {
        self.attrs.clear();
        if self.mode == Mode::BeforeHtml {
            self.html_element();
        }
        if self.mode == Mode::BeforeHead {
            self.insert(Tag::Head, Span::default(), false, false);
            self.mode = Mode::AfterHead;
        }
        if self.mode == Mode::InHead {
            self.pop_until(Tag::Head);
            self.mode = Mode::AfterHead;
        }
        if self.mode == Mode::AfterHead {
            self.insert(Tag::Body, Span::default(), false, true);
            self.mode = Mode::InBody;
        }
    }

    /// The current node is the document, `html` or `head` (not an element inside the head).
    fn at_head_level(&self) -> bool {
        matches!(self.top_tag(), None | Some(Tag::Html | Tag::Head))
    }

    fn text(&mut self, start: usize, end: usize) {
        if self.mode != Mode::InBody && self.at_head_level() {
            let raw = self.src.as_bytes().get(start..end).unwrap_or(&[]);
            if raw.iter().all(|&c| is_ws(c)) {
                return;
            }
            self.ensure_body();
        }
        let span = self.decode(start, end, false);
        self.append_text(span);
    }

    /// Appends text to the current node, extending a text node it directly follows.
    fn append_text(&mut self, span: Span) {
        if span.is_empty() {
            return;
        }
        let parent = self.current();
        let last = self.dom.nodes[parent as usize].last;
        if let Some(node) = self.dom.nodes.get_mut(last as usize)
            && let NodeData::Text(prev) = &mut node.data
            && prev.joins(span)
        {
            prev.extend(span);
            return;
        }
        let id = self.dom.push(NodeData::Text(span));
        self.dom.link_last(parent, id);
    }

    fn start(&mut self, tag: Tag, name: Span, self_closing: bool) -> Content {
        if let Some(top) = self.stack.last().copied()
            && top.foreign
            && !top.integration_point()
        {
            let font_out = tag == Tag::Font
                && self.attrs.iter().any(|a| matches!(self.dom.str(a.name), "color" | "face" | "size"));
            if !tag.breaks_out_of_foreign() && !font_out {
                self.insert(tag, name, true, !self_closing);
                return Content::Markup;
            }
            while self.stack.last().is_some_and(|o| o.foreign && !o.integration_point()) {
                self.pop();
            }
        }
        if tag == Tag::Html {
            self.html_element();
            return Content::Markup;
        }
        if self.mode != Mode::InBody {
            if self.mode == Mode::BeforeHtml {
                let attrs = std::mem::take(&mut self.attrs);
                self.html_element();
                self.attrs = attrs;
            }
            if self.mode == Mode::BeforeHead {
                self.mode = Mode::InHead;
                if tag == Tag::Head {
                    self.insert(Tag::Head, name, false, true);
                    return Content::Markup;
                }
                let attrs = std::mem::take(&mut self.attrs);
                self.insert(Tag::Head, Span::default(), false, true);
                self.attrs = attrs;
            }
            if self.mode == Mode::InHead && self.top_tag() == Some(Tag::Head) {
                if tag.in_head() {
                    return self.insert_html(tag, name);
                }
                if tag == Tag::Head {
                    return Content::Markup;
                }
                self.pop_until(Tag::Head);
                self.mode = Mode::AfterHead;
            }
            if self.mode == Mode::AfterHead {
                if tag == Tag::Body {
                    self.insert(Tag::Body, name, false, true);
                    self.mode = Mode::InBody;
                    return Content::Markup;
                }
                let attrs = std::mem::take(&mut self.attrs);
                self.insert(Tag::Body, Span::default(), false, true);
                self.attrs = attrs;
                self.mode = Mode::InBody;
            }
        }
        self.in_body(tag, name, self_closing)
    }

    fn in_body(&mut self, mut tag: Tag, name: Span, self_closing: bool) -> Content {
        use Tag::*;
        match tag {
            Body | Head => return Content::Markup,
            Li => {
                self.close_list_item(|t| t == Li);
                self.close_p();
            }
            Dd | Dt => {
                self.close_list_item(|t| matches!(t, Dd | Dt));
                self.close_p();
            }
            _ if tag.closes_p() => {
                self.close_p();
                if tag.is_heading() && self.top_tag().is_some_and(Tag::is_heading) {
                    self.pop();
                }
            }
            A | Nobr if self.open[tag as usize] > 0 => self.adoption(tag),
            Button if self.in_scope(Button, Scope::Default) => self.pop_until(Button),
            Option if self.top_tag() == Some(Option) => self.pop(),
            Optgroup => {
                if self.top_tag() == Some(Option) {
                    self.pop();
                }
                if self.top_tag() == Some(Optgroup) {
                    self.pop();
                }
            }
            Select if self.open[Select as usize] > 0 => {
                // A select inside a select closes it.
                self.pop_until(Select);
                return Content::Markup;
            }
            Tr => self.close_table_part(
                |t| t == Tr,
                |t| matches!(t, Table | Tbody | Thead | Tfoot | Template | Html),
            ),
            Td | Th => self.close_table_part(
                |t| matches!(t, Td | Th),
                |t| matches!(t, Tr | Table | Tbody | Thead | Tfoot | Template | Html),
            ),
            Tbody | Thead | Tfoot | Caption | Colgroup => {
                if self.open[Table as usize] > 0
                    && let Some(i) = self
                        .stack
                        .iter()
                        .rposition(|o| !o.foreign && matches!(o.tag, Table | Template | Html))
                    && self.stack[i].tag == Table
                {
                    self.truncate(i + 1);
                }
            }
            Svg | Math => {
                self.insert(tag, name, true, !self_closing);
                return Content::Markup;
            }
            Image => tag = Img,
            _ => {}
        }
        self.insert_html(tag, name)
    }

    /// Before a new `li` (or `dd`/`dt`): closes the open one, unless a block other than
    /// `address`, `div` or `p` lies between.
    fn close_list_item(&mut self, is_item: impl Fn(Tag) -> bool) {
        for i in (0..self.stack.len()).rev() {
            let o = self.stack[i];
            if !o.foreign && is_item(o.tag) {
                self.truncate(i);
                return;
            }
            if o.tag.is_special() && !matches!(o.tag, Tag::Address | Tag::Div | Tag::P) {
                return;
            }
        }
    }

    /// Before a new row or cell: closes the open one (`target`) unless `stop` comes first.
    fn close_table_part(&mut self, target: impl Fn(Tag) -> bool, stop: impl Fn(Tag) -> bool) {
        if self.open[Tag::Table as usize] == 0 {
            return;
        }
        for i in (0..self.stack.len()).rev() {
            let o = self.stack[i];
            if o.foreign {
                continue;
            }
            if target(o.tag) {
                self.truncate(i);
                return;
            }
            if stop(o.tag) {
                return;
            }
        }
    }

    fn same_name(&self, o: Open, tag: Tag, name: Span) -> bool {
        o.tag == tag && (tag != Tag::Other || self.dom.str(o.name).eq_ignore_ascii_case(self.dom.str(name)))
    }

    fn end(&mut self, tag: Tag, name: Span) {
        // In SVG/MathML, an end tag closes the nearest foreign element of its name; if there
        // is none before an HTML element, the HTML rules apply.
        if self.stack.last().is_some_and(|o| o.foreign) {
            for i in (0..self.stack.len()).rev() {
                let o = self.stack[i];
                if !o.foreign {
                    break;
                }
                if self.same_name(o, tag, name) {
                    self.truncate(i);
                    return;
                }
            }
        }
        use Tag::*;
        match tag {
            Body | Html => {}
            Head => {
                if self.mode == Mode::InHead && self.top_tag() == Some(Head) {
                    self.pop();
                    self.mode = Mode::AfterHead;
                }
            }
            P => self.close_p(),
            Li => {
                if self.in_scope(Li, Scope::ListItem) {
                    self.pop_until(Li);
                }
            }
            Dd | Dt => {
                if self.in_scope(tag, Scope::Default) {
                    self.pop_until(tag);
                }
            }
            _ if tag.is_heading() => {
                for i in (0..self.stack.len()).rev() {
                    let o = self.stack[i];
                    if o.tag.is_heading() && !o.foreign {
                        self.truncate(i);
                        return;
                    }
                    if o.is_boundary(Scope::Default) {
                        return;
                    }
                }
            }
            _ if tag.is_formatting() => self.adoption(tag),
            Br => {
                // `</br>` is a `<br>`.
                self.attrs.clear();
                if self.mode != Mode::InBody {
                    self.ensure_body();
                }
                self.insert(Br, name, false, false);
            }
            Table | Tbody | Thead | Tfoot | Tr | Td | Th | Caption | Colgroup => {
                if self.in_scope(tag, Scope::Table) {
                    self.pop_until(tag);
                }
            }
            Select | Template => self.pop_until(tag),
            Address | Applet | Article | Aside | Blockquote | Button | Center | Details | Dialog | Dir
            | Div | Dl | Fieldset | Figcaption | Figure | Footer | Form | Header | Hgroup | Listing
            | Main | Marquee | Menu | Nav | Object | Ol | Pre | Search | Section | Summary | Ul => {
                if self.in_scope(tag, Scope::Default) {
                    self.pop_until(tag);
                }
            }
            _ => {
                // Any other end tag: the nearest open element of that name, unless a block
                // ("special" element) comes first.
                for i in (0..self.stack.len()).rev() {
                    let o = self.stack[i];
                    if !o.foreign && self.same_name(o, tag, name) {
                        self.truncate(i);
                        return;
                    }
                    if o.tag.is_special() && !o.foreign {
                        return;
                    }
                }
            }
        }
    }

    /// The end of a formatting element (`</a>`, `</b>`…): the adoption agency, simplified.
    /// Without a block element inside it, the element is closed. With one (`<a><div>x</a>y`),
    /// the block moves up next to it and the block's content is wrapped in a copy of the
    /// formatting element, so text after the end tag is no longer inside it.
    fn adoption(&mut self, tag: Tag) {
        for _ in 0..8 {
            let mut found = None;
            for i in (0..self.stack.len()).rev() {
                let o = self.stack[i];
                if o.tag == tag && !o.foreign {
                    found = Some(i);
                    break;
                }
                if o.is_boundary(Scope::Default) {
                    break;
                }
            }
            let Some(fi) = found else { return };
            let block = (fi + 1..self.stack.len()).find(|&j| {
                let o = self.stack[j];
                !o.foreign && o.tag.is_special()
            });
            let Some(bi) = block.filter(|_| fi > 0) else {
                self.truncate(fi);
                return;
            };
            let fe = self.stack[fi];
            let fb = self.stack[bi];
            let ancestor = self.stack[fi - 1].id;
            self.dom.detach(fb.id);
            self.dom.link_last(ancestor, fb.id);
            let data = self.dom.nodes[fe.id as usize].data;
            let copy = self.dom.push(data);
            self.dom.reparent_children(fb.id, copy);
            self.dom.link_last(fb.id, copy);
            // The stack: the formatting element and everything between it and the block go;
            // the copy is opened inside the block.
            let above = self.stack.split_off(bi + 1);
            self.truncate(fi);
            self.stack.push(fb);
            self.open[fb.tag as usize] += 1;
            self.stack.push(Open { id: copy, ..fe });
            self.open[fe.tag as usize] += 1;
            self.stack.extend(above);
        }
    }
}

/// Is there an end tag `</name` (any case) at `j`, followed by a space, `/` or `>`?
fn is_end_tag_of(b: &[u8], j: usize, name: &[u8]) -> bool {
    b.get(j + 1) == Some(&b'/')
        && b.get(j + 2..j + 2 + name.len()).is_some_and(|n| n.eq_ignore_ascii_case(name))
        && b.get(j + 2 + name.len()).is_some_and(|&c| is_ws(c) || c == b'/' || c == b'>')
}

/// The end of script data that contains `<!--`: inside `<!-- … -->`, a `<script>` starts a
/// region where `</script>` does not end the script (the spec's double-escaped state).
fn script_end(b: &[u8], from: usize) -> usize {
    #[derive(PartialEq)]
    enum State {
        Data,
        Escaped,
        DoubleEscaped,
    }
    let mut state = State::Data;
    let mut i = from;
    while let Some(off) = memchr::memchr2(b'<', b'-', &b[i..]) {
        let j = i + off;
        i = j + 1;
        if b[j] == b'-' {
            if state != State::Data && b[j..].starts_with(b"-->") {
                state = State::Data;
                i = j + 3;
            }
            continue;
        }
        if state == State::Data && b[j..].starts_with(b"<!--") {
            state = State::Escaped;
            i = j + 4;
        } else if state == State::Escaped
            && b.get(j + 1..j + 7).is_some_and(|n| n.eq_ignore_ascii_case(b"script"))
            && b.get(j + 7).is_some_and(|&c| is_ws(c) || c == b'/' || c == b'>')
        {
            state = State::DoubleEscaped;
        } else if is_end_tag_of(b, j, b"script") {
            if state == State::DoubleEscaped {
                state = State::Escaped;
            } else {
                return j;
            }
        }
    }
    b.len()
}

/// Appends `s` to `out` with character references decoded. In attribute values (`attr`), a
/// legacy reference without `;` followed by `=` or an alphanumeric stays as written.
pub fn decode_into(out: &mut String, s: &str, attr: bool) {
    let b = s.as_bytes();
    let mut copied = 0;
    let mut i = 0;
    while let Some(off) = memchr(b'&', &b[i..]) {
        let amp = i + off;
        i = amp + 1;
        if let Some((len, text)) = char_ref(&s[amp + 1..], attr) {
            out.push_str(&s[copied..amp]);
            match text {
                Ref::Char(c) => out.push(c),
                Ref::Str(t) => out.push_str(t),
            }
            i = amp + 1 + len;
            copied = i;
        }
    }
    out.push_str(&s[copied..]);
}

enum Ref {
    Char(char),
    Str(&'static str),
}

/// The character reference at the start of `s` (just after `&`): (bytes used, replacement).
fn char_ref(s: &str, attr: bool) -> Option<(usize, Ref)> {
    let b = s.as_bytes();
    if b.first() == Some(&b'#') {
        let hex = matches!(b.get(1), Some(b'x' | b'X'));
        let mut i = if hex { 2 } else { 1 };
        let digits = i;
        let mut v: u32 = 0;
        while let Some(d) = b.get(i).and_then(|&c| (c as char).to_digit(if hex { 16 } else { 10 })) {
            v = v.saturating_mul(if hex { 16 } else { 10 }).saturating_add(d).min(0x11_0000);
            i += 1;
        }
        if i == digits {
            return None;
        }
        if b.get(i) == Some(&b';') {
            i += 1;
        }
        return Some((i, Ref::Char(numeric_char(v))));
    }
    let n = b.iter().take(33).take_while(|c| c.is_ascii_alphanumeric()).count();
    if n == 0 {
        return None;
    }
    if b.get(n) == Some(&b';')
        && let Some(text) = entity(&s[..n + 1])
    {
        return Some((n + 1, Ref::Str(text)));
    }
    // Legacy names, recognized without `;` (the longest that matches).
    for len in (2..=n.min(6)).rev() {
        if let Some(text) = entity(&s[..len]) {
            if attr && b.get(len).is_some_and(|&c| c == b'=' || c.is_ascii_alphanumeric()) {
                return None;
            }
            return Some((len, Ref::Str(text)));
        }
    }
    None
}

fn entity(name: &str) -> Option<&'static str> {
    ENTITIES.binary_search_by(|(k, _)| k.as_bytes().cmp(name.as_bytes())).ok().map(|i| ENTITIES[i].1)
}

/// The character of a numeric reference (as browsers map it: C1 controls as windows-1252).
fn numeric_char(v: u32) -> char {
    const C1: [u16; 32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152,
        0x8D, 0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122,
        0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ];
    let v = match v {
        0x80..=0x9F => u32::from(C1[(v - 0x80) as usize]),
        0 => 0xFFFD,
        v => v,
    };
    char::from_u32(v).unwrap_or('\u{FFFD}')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::dom::NONE;

    /// The tree as `<tag>children</>` (text as is), from the document node.
    fn outline(html: &str) -> String {
        fn walk(dom: &Dom, id: NodeId, out: &mut String) {
            match dom.node(id).map(|n| n.data) {
                Some(NodeData::Element { .. }) => {
                    out.push('<');
                    out.push_str(dom.tag_name(id).unwrap_or("?"));
                    out.push('>');
                    for c in dom.children(id) {
                        walk(dom, c, out);
                    }
                    out.push_str("</>");
                }
                Some(NodeData::Text(span)) => out.push_str(dom.str(span)),
                Some(NodeData::Document) => {
                    for c in dom.children(id) {
                        walk(dom, c, out);
                    }
                }
                None => {}
            }
        }
        let dom = parse(html);
        let mut out = String::new();
        walk(&dom, 0, &mut out);
        out
    }

    /// The outline of the body's content.
    fn body(html: &str) -> String {
        let all = outline(html);
        let start = all.find("<body>").map_or(0, |i| i + "<body>".len());
        let end = all.rfind("</></>").unwrap_or(all.len());
        all[start..end].to_owned()
    }

    fn text(html: &str) -> String {
        let dom = parse(html);
        let mut out = String::new();
        dom.text_of(0, &mut out);
        out
    }

    fn first(dom: &Dom, tag: Tag) -> NodeId {
        (0..dom.nodes.len() as NodeId).find(|&id| dom.tag(id) == Some(tag)).unwrap_or(NONE)
    }

    #[test]
    fn implied_end_tags() {
        assert_eq!(body("<p>a<p>b<div>c</div>d"), "<p>a</><p>b</><div>c</>d");
        assert_eq!(body("<ul><li>a<li>b<ul><li>c</ul></ul>"), "<ul><li>a</><li>b<ul><li>c</></></></>");
        assert_eq!(body("<dl><dt>t<dd>d<dt>u</dl>"), "<dl><dt>t</><dd>d</><dt>u</></>");
        assert_eq!(
            body("<table><tr><td>a<td>b<tr><th>c</table>x"),
            "<table><tr><td>a</><td>b</></><tr><th>c</></></>x"
        );
        assert_eq!(body("<select><option>a<option>b</select>c"), "<select><option>a</><option>b</></>c");
        assert_eq!(body("<h1>a<h2>b</h2>c"), "<h1>a</><h2>b</>c");
        assert_eq!(body("<p>a<br>b<img src=x>c<hr>d"), "<p>a<br></>b<img></>c</><hr></>d");
        // A stray end tag inside a cell does not close the div around the table.
        assert_eq!(
            body("<div><table><tr><td>a</div>b</td></tr></table>c</div>d"),
            "<div><table><tr><td>ab</></></>c</>d"
        );
        // `</span>` does not close the block opened inside the span.
        assert_eq!(body("<span><div>a</span>b</div>"), "<span><div>ab</></>");
    }

    #[test]
    fn misnested_formatting() {
        assert_eq!(body("<b>a<i>b</b>c</i>d"), "<b>a<i>b</></>cd");
        // Text after `</a>` is no longer inside the link.
        assert_eq!(body("<a href=x>l<div>m</a>n</div>"), "<a>l</><div><a>m</>n</>");
        assert_eq!(body("<a>x<a>y"), "<a>x</><a>y</>");
        let dom = parse("<a href=u>l<div>m</a>n</div>");
        let copies: Vec<NodeId> =
            (0..dom.nodes.len() as NodeId).filter(|&i| dom.tag(i) == Some(Tag::A)).collect();
        assert_eq!(copies.len(), 2);
        assert!(copies.iter().all(|&a| dom.attr(a, "href") == Some("u")));
    }

    #[test]
    fn character_references() {
        assert_eq!(
            text("<p>&amp; &lt;&gt; a&nbsp;b &copy &#8217;&#x2019;&#146; &notit; &bogus; &amp &#0; &#xZ; &"),
            "& <> a\u{a0}b © ’’’ ¬it; &bogus; & \u{fffd} &#xZ; &"
        );
        assert_eq!(text("&NotNestedGreaterGreater; &acE; &#x1F600;"), "\u{2aa2}\u{338} \u{223e}\u{333} 😀");
        let dom = parse(r#"<a href="?a=1&copy=2&amp;b&copy;" title='&quot;q&quot;'>x</a>"#);
        let a = first(&dom, Tag::A);
        assert_eq!(dom.attr(a, "href"), Some("?a=1&copy=2&b©"));
        assert_eq!(dom.attr(a, "title"), Some("\"q\""));
    }

    #[test]
    fn raw_text() {
        let html = "<body><script>if (a<b) document.write(\"<p>x</p>\")</script><p>y</p>";
        assert_eq!(body(html), "<script>if (a<b) document.write(\"<p>x</p>\")</><p>y</>");
        assert_eq!(body("<body><style>p{}</STYLE >x"), "<style>p{}</>x");
        assert_eq!(
            body("<body><script><!-- <script></script> --></script>x"),
            "<script><!-- <script></script> --></>x"
        );
        assert_eq!(body("<body><script>a</scripts>b</script>c"), "<script>a</scripts>b</>c");
        assert_eq!(body("<textarea>&lt;b&gt;</textarea>"), "<textarea><b></>");
        assert_eq!(body("<body><noscript><img src=x></noscript>"), "<noscript><img src=x></>");
        assert_eq!(body("<plaintext><p>a</plaintext>"), "<plaintext><p>a</plaintext></>");
        assert_eq!(body("<body><script>never closed <p>x"), "<script>never closed <p>x</>");
        let dom = parse("<title>A &amp; B</title>");
        let mut t = String::new();
        dom.text_of(first(&dom, Tag::Title), &mut t);
        assert_eq!(t, "A & B");
    }

    #[test]
    fn attributes() {
        let dom = parse("<div CLASS=a class=b id='x' data-x=\"1>2\" hidden Data-Y = z/>t");
        let div = first(&dom, Tag::Div);
        let attrs: Vec<(&str, &str)> = dom.attrs(div).collect();
        assert_eq!(attrs, [("class", "a"), ("id", "x"), ("data-x", "1>2"), ("hidden", ""), ("data-y", "z/")]);
        // A `/>` on an HTML element does not close it; on SVG it does.
        assert_eq!(body("<div/>a<svg><path d=1 /><g>b</g></svg>"), "<div>a<svg><path></><g>b</></></>");
        assert_eq!(body("<my-widget Foo=1>a</MY-WIDGET>b"), "<my-widget>a</>b");
    }

    #[test]
    fn head_and_body() {
        let all = outline(
            "<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>T</title>\
             <script type=\"application/ld+json\">{}</script></head><body><p>x</body></html>",
        );
        assert_eq!(all, "<html><head><meta></><title>T</><script>{}</></><body><p>x</></></>");
        // Content that cannot be in the head closes it; later head elements stay where they are.
        assert_eq!(
            outline("<meta name=a content=b>text<link rel=canonical href=/x><p>y"),
            "<html><head><meta></></><body>text<link></><p>y</></></>"
        );
        assert_eq!(
            outline("<script>s</script><template>t</template>"),
            "<html><head><script>s</><template>t</></></>"
        );
        assert_eq!(outline("\u{feff}  <p>a"), "<html><head></><body><p>a</></></>");
        let dom = parse("<!-- c --><html lang=en><body><html data-x=1 lang=fr>");
        let html = first(&dom, Tag::Html);
        assert_eq!(dom.attr(html, "lang"), Some("en"));
        assert_eq!(dom.attr(html, "data-x"), Some("1"));
    }

    #[test]
    fn foreign_content_and_templates() {
        assert_eq!(body("<body><svg><circle/><p>x"), "<svg><circle></></><p>x</>");
        assert_eq!(body("<body><svg><title>t</title><![CDATA[c<d]]></svg>y"), "<svg><title>t</>c<d</>y");
        assert_eq!(body("<math><mi><p>x</p></mi></math>"), "<math><mi><p>x</></></>");
        assert_eq!(body("<body><template><p>t</p></template>u"), "<template><p>t</></>u");
    }

    #[test]
    fn malformed_input() {
        assert_eq!(body("<div><p>a<b>b"), "<div><p>a<b>b</></></>");
        assert_eq!(text("a < b <3 c<"), "a < b <3 c<");
        assert_eq!(text("a</>b</ x>c<!x>d<?php e ?>f<!---->g<!-->h<!--->i<!-- -- >j"), "abcdfghi");
        assert_eq!(text("a<!-- unclosed"), "a");
        assert_eq!(text("a<div class=\"unclosed>b"), "a");
        assert_eq!(text("a<"), "a<");
        assert_eq!(text("a</"), "a</");
        assert_eq!(text("<p>\u{0}x\u{1}"), "\u{0}x\u{1}");
        // Depth is capped: deeper start tags no longer nest, and nothing is lost.
        let deep = "<div>".repeat(5000) + "deep" + &"</div>".repeat(5000) + "after";
        let dom = parse(&deep);
        let mut t = String::new();
        dom.text_of(0, &mut t);
        assert_eq!(t, "deepafter");
        let binary: String = (0u8..=255).cycle().take(20_000).map(char::from).collect();
        let _ = parse(&binary);
        let mixed = "<a<b</c<<>><!<?--></\u{0}><p\u{0}>".repeat(100);
        let _ = parse(&mixed);
    }

    #[test]
    fn adjacent_text_is_one_node() {
        let dom = parse("<p>a < b &amp; c</p>");
        let p = first(&dom, Tag::P);
        assert_eq!(dom.children(p).count(), 2);
        let dom = parse("<p>a < b</p>");
        let p = first(&dom, Tag::P);
        assert_eq!(dom.children(p).count(), 1);
    }
}
