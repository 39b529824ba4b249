//! Element names as a one-byte enum: the HTML elements (and the few SVG/MathML ones the tree
//! builder must know), so that the parser and the extractor compare tags as bytes. A name that
//! is not in the list is [`Tag::Other`]; the DOM keeps its spelling.
//!
//! `local_name!("div")` is the [`Tag`] of a known name, checked at compile time (usable in
//! patterns).

/// Packs up to 16 lower-case ASCII bytes into a key (`0` past the end).
const fn key(name: &str) -> u128 {
    let b = name.as_bytes();
    let mut k = 0u128;
    let mut i = 0;
    while i < b.len() && i < 16 {
        k |= (b[i] as u128) << (8 * i);
        i += 1;
    }
    k
}

macro_rules! tags {
    ($($variant:ident = $name:tt,)*) => {
        /// A known element name, or `Other`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[repr(u8)]
        pub enum Tag {
            $($variant,)*
            Other,
        }

        /// The packed key of each known name.
        #[allow(non_upper_case_globals)]
        mod keys {
            $(pub const $variant: u128 = super::key($name);)*
        }

        impl Tag {
            /// Every known tag.
            #[cfg(test)]
            pub const ALL: &[Tag] = &[$(Tag::$variant,)*];

            /// Number of distinct values (for tables indexed by tag).
            pub const COUNT: usize = Tag::Other as usize + 1;

            /// The tag of a name packed by [`NameKey`] (lower-cased, at most 16 bytes).
            pub fn from_key(k: u128) -> Tag {
                match k {
                    $(keys::$variant => Tag::$variant,)*
                    _ => Tag::Other,
                }
            }

            /// The lower-case name (`""` for `Other`).
            pub fn name(self) -> &'static str {
                match self {
                    $(Tag::$variant => $name,)*
                    Tag::Other => "",
                }
            }
        }

        /// The [`Tag`] of a known element name.
        macro_rules! local_name {
            $(($name) => { $crate::extract::tag::Tag::$variant };)*
        }
    };
}

tags! {
    A = "a",
    Abbr = "abbr",
    Acronym = "acronym",
    Address = "address",
    Applet = "applet",
    Area = "area",
    Article = "article",
    Aside = "aside",
    Audio = "audio",
    B = "b",
    Base = "base",
    Basefont = "basefont",
    Bdi = "bdi",
    Bdo = "bdo",
    Bgsound = "bgsound",
    Big = "big",
    Blink = "blink",
    Blockquote = "blockquote",
    Body = "body",
    Br = "br",
    Button = "button",
    Canvas = "canvas",
    Caption = "caption",
    Center = "center",
    Cite = "cite",
    Code = "code",
    Col = "col",
    Colgroup = "colgroup",
    Data = "data",
    Datalist = "datalist",
    Dd = "dd",
    Del = "del",
    Details = "details",
    Dfn = "dfn",
    Dialog = "dialog",
    Dir = "dir",
    Div = "div",
    Dl = "dl",
    Dt = "dt",
    Em = "em",
    Embed = "embed",
    Fieldset = "fieldset",
    Figcaption = "figcaption",
    Figure = "figure",
    Font = "font",
    Footer = "footer",
    Form = "form",
    Frame = "frame",
    Frameset = "frameset",
    H1 = "h1",
    H2 = "h2",
    H3 = "h3",
    H4 = "h4",
    H5 = "h5",
    H6 = "h6",
    Head = "head",
    Header = "header",
    Hgroup = "hgroup",
    Hr = "hr",
    Html = "html",
    I = "i",
    Iframe = "iframe",
    Image = "image",
    Img = "img",
    Input = "input",
    Ins = "ins",
    Kbd = "kbd",
    Keygen = "keygen",
    Label = "label",
    Legend = "legend",
    Li = "li",
    Link = "link",
    Listing = "listing",
    Main = "main",
    Map = "map",
    Mark = "mark",
    Marquee = "marquee",
    Menu = "menu",
    Menuitem = "menuitem",
    Meta = "meta",
    Meter = "meter",
    Nav = "nav",
    Nobr = "nobr",
    Noembed = "noembed",
    Noframes = "noframes",
    Noscript = "noscript",
    Object = "object",
    Ol = "ol",
    Optgroup = "optgroup",
    Option = "option",
    Output = "output",
    P = "p",
    Param = "param",
    Picture = "picture",
    Plaintext = "plaintext",
    Pre = "pre",
    Progress = "progress",
    Q = "q",
    Rb = "rb",
    Rp = "rp",
    Rt = "rt",
    Rtc = "rtc",
    Ruby = "ruby",
    S = "s",
    Samp = "samp",
    Script = "script",
    Search = "search",
    Section = "section",
    Select = "select",
    Slot = "slot",
    Small = "small",
    Source = "source",
    Span = "span",
    Strike = "strike",
    Strong = "strong",
    Style = "style",
    Sub = "sub",
    Summary = "summary",
    Sup = "sup",
    Table = "table",
    Tbody = "tbody",
    Td = "td",
    Template = "template",
    Textarea = "textarea",
    Tfoot = "tfoot",
    Th = "th",
    Thead = "thead",
    Time = "time",
    Title = "title",
    Tr = "tr",
    Track = "track",
    Tt = "tt",
    U = "u",
    Ul = "ul",
    Var = "var",
    Video = "video",
    Wbr = "wbr",
    Xmp = "xmp",
    Svg = "svg",
    Math = "math",
    Foreignobject = "foreignobject",
    Desc = "desc",
    Mi = "mi",
    Mo = "mo",
    Mn = "mn",
    Ms = "ms",
    Mtext = "mtext",
    AnnotationXml = "annotation-xml",
    Mglyph = "mglyph",
    Malignmark = "malignmark",
}

pub(crate) use local_name;

/// Builds the key of a name byte by byte, lower-casing ASCII letters.
#[derive(Default)]
pub struct NameKey {
    key: u128,
    len: usize,
}

impl NameKey {
    #[inline]
    pub fn push(&mut self, b: u8) {
        if self.len < 16 {
            self.key |= (b.to_ascii_lowercase() as u128) << (8 * self.len);
        }
        self.len += 1;
    }

    pub fn tag(&self) -> Tag {
        if self.len == 0 || self.len > 16 { Tag::Other } else { Tag::from_key(self.key) }
    }
}

/// The tag of a name (any case).
#[cfg(test)]
pub fn lookup(name: &str) -> Tag {
    let mut k = NameKey::default();
    for b in name.bytes() {
        k.push(b);
    }
    k.tag()
}

impl Tag {
    /// Elements without content or end tag.
    pub fn is_void(self) -> bool {
        use Tag::*;
        matches!(
            self,
            Area | Base
                | Basefont
                | Bgsound
                | Br
                | Col
                | Embed
                | Frame
                | Hr
                | Image
                | Img
                | Input
                | Keygen
                | Link
                | Meta
                | Param
                | Source
                | Track
                | Wbr
        )
    }

    /// The spec's "special" category: an end tag for another element does not close them.
    pub fn is_special(self) -> bool {
        use Tag::*;
        matches!(
            self,
            Address
                | Applet
                | Area
                | Article
                | Aside
                | Base
                | Basefont
                | Bgsound
                | Blockquote
                | Body
                | Br
                | Button
                | Caption
                | Center
                | Col
                | Colgroup
                | Dd
                | Details
                | Dialog
                | Dir
                | Div
                | Dl
                | Dt
                | Embed
                | Fieldset
                | Figcaption
                | Figure
                | Footer
                | Form
                | Frame
                | Frameset
                | H1
                | H2
                | H3
                | H4
                | H5
                | H6
                | Head
                | Header
                | Hgroup
                | Hr
                | Html
                | Iframe
                | Img
                | Input
                | Keygen
                | Li
                | Link
                | Listing
                | Main
                | Marquee
                | Menu
                | Meta
                | Nav
                | Noembed
                | Noframes
                | Noscript
                | Object
                | Ol
                | P
                | Param
                | Plaintext
                | Pre
                | Script
                | Search
                | Section
                | Select
                | Source
                | Style
                | Summary
                | Table
                | Tbody
                | Td
                | Template
                | Textarea
                | Tfoot
                | Th
                | Thead
                | Title
                | Tr
                | Track
                | Ul
                | Wbr
                | Xmp
        )
    }

    /// Start tags that close an open `<p>` (block-level elements).
    pub fn closes_p(self) -> bool {
        use Tag::*;
        matches!(
            self,
            Address
                | Article
                | Aside
                | Blockquote
                | Center
                | Details
                | Dialog
                | Dir
                | Div
                | Dl
                | Fieldset
                | Figcaption
                | Figure
                | Footer
                | Header
                | Hgroup
                | Main
                | Menu
                | Nav
                | Ol
                | P
                | Search
                | Section
                | Summary
                | Ul
                | H1
                | H2
                | H3
                | H4
                | H5
                | H6
                | Pre
                | Listing
                | Form
                | Plaintext
                | Table
                | Hr
                | Xmp
        )
    }

    /// Formatting elements (end tags run the adoption agency).
    pub fn is_formatting(self) -> bool {
        use Tag::*;
        matches!(self, A | B | Big | Code | Em | Font | I | Nobr | S | Small | Strike | Strong | Tt | U)
    }

    pub fn is_heading(self) -> bool {
        matches!(self, Tag::H1 | Tag::H2 | Tag::H3 | Tag::H4 | Tag::H5 | Tag::H6)
    }

    /// Elements whose start tag in `<head>` keeps the head open.
    pub fn in_head(self) -> bool {
        use Tag::*;
        matches!(
            self,
            Base | Basefont | Bgsound | Link | Meta | Noframes | Script | Style | Template | Title | Noscript
        )
    }

    /// HTML start tags that end SVG/MathML content.
    pub fn breaks_out_of_foreign(self) -> bool {
        use Tag::*;
        matches!(
            self,
            B | Big
                | Blockquote
                | Body
                | Br
                | Center
                | Code
                | Dd
                | Div
                | Dl
                | Dt
                | Em
                | Embed
                | H1
                | H2
                | H3
                | H4
                | H5
                | H6
                | Head
                | Hr
                | I
                | Img
                | Li
                | Listing
                | Menu
                | Meta
                | Nobr
                | Ol
                | P
                | Pre
                | Ruby
                | S
                | Small
                | Span
                | Strong
                | Strike
                | Sub
                | Sup
                | Table
                | Tt
                | U
                | Ul
                | Var
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        assert_eq!(lookup("DIV"), Tag::Div);
        assert_eq!(lookup("annotation-xml"), Tag::AnnotationXml);
        assert_eq!(lookup("foreignObject"), Tag::Foreignobject);
        assert_eq!(lookup("my-widget"), Tag::Other);
        assert_eq!(lookup("divdivdivdivdivdivdiv"), Tag::Other);
        assert_eq!(lookup(""), Tag::Other);
        assert_eq!(Tag::Blockquote.name(), "blockquote");
        assert_eq!(local_name!("p"), Tag::P);
        assert_eq!(Tag::ALL.len(), Tag::COUNT - 1);
        for &t in Tag::ALL {
            assert_eq!(lookup(t.name()), t, "{}", t.name());
            assert_eq!(lookup(&t.name().to_ascii_uppercase()), t);
        }
    }
}
