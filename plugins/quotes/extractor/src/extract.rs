//! The extraction rules: quotation-mark regions, their attribution, reported (indirect) speech
//! after reporting cues, and the resolution of each speaker to a canonical name.
//!
//! Everything works on the tokens of `news_core::text::tokenize` (byte offsets) in four passes:
//! 1. pair quotation marks per paragraph into regions (an opening mark left open at the end of
//!    a paragraph continues when the next paragraph opens with a mark);
//! 2. direct quotes: a region is speech when an attribution is attached to it (`"…," X said`,
//!    `said X`, `X said: "…"`, `according to X`), when it continues an attributed region
//!    (`"…," he said. "…"`), or when it is a whole sentence following a quote of the same or the
//!    previous paragraph (floating quote); other regions (scare quotes, titles) are no quotes by
//!    themselves;
//! 3. indirect and mixed quotes: a reporting cue with a subject, and its content (the rest of the
//!    clause, or the clause before `, X said` / `according to X`);
//! 4. speakers: names resolved to the fullest form (entities when given, else the fullest
//!    capitalised sequence ending in the same word), "he"/"she" to the most recent named speaker
//!    or person, unnamed sources kept as written.
//!
//! Every scan is bounded by a constant number of tokens around its anchor, so the whole is linear
//! in the text; every token access is checked, so no input makes it panic.

use rustc_hash::FxHashMap as HashMap;

use news_core::text::{Token, TokenKind, split_sentences, tokenize};
use news_core::{Entity, EntityLabel, Quote, QuoteKind, Span, Speaker};

use crate::lexicon::{self, CueClass, Form};

/// Longest content of an indirect quote, in tokens.
const MAX_CONTENT: usize = 160;
/// Longest speaker phrase, in tokens.
const MAX_SPEAKER: usize = 10;

/// Extracts the quotes of `text`. `entities` (possibly empty) are used to resolve speakers.
pub fn extract(text: &str, entities: &[Entity]) -> Vec<Quote> {
    let doc = Doc::new(text);
    let mut x = Extraction::new(&doc);
    x.direct();
    x.colon_headlines();
    x.indirect();
    x.floating();
    x.finish(entities)
}

/// A quotation-mark style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    Double,
    Single,
}

/// A tokenized text with sentence and paragraph indices per token.
struct Doc<'a> {
    text: &'a str,
    /// ASCII-lowercased copy (same byte offsets).
    lower: String,
    toks: Vec<Token>,
    sent_of: Vec<u32>,
    /// Token ranges `[start, end)` of sentences.
    sents: Vec<(usize, usize)>,
    para_of: Vec<u32>,
    /// Token ranges `[start, end)` of paragraphs.
    paras: Vec<(usize, usize)>,
    /// The quotation mark each token is, with whether it opens (see [`Doc::classify_marks`]).
    marks: Vec<Option<(Mark, bool)>>,
}

impl<'a> Doc<'a> {
    fn new(text: &'a str) -> Doc<'a> {
        let toks = tokenize(text);
        let sentences = split_sentences(text, &toks);
        let mut sent_of = vec![0u32; toks.len()];
        let mut sents = Vec::with_capacity(sentences.len());
        for (si, s) in sentences.iter().enumerate() {
            for t in s.tokens.clone() {
                if let Some(slot) = sent_of.get_mut(t) {
                    *slot = si as u32;
                }
            }
            sents.push((s.tokens.start, s.tokens.end));
        }
        let bytes = text.as_bytes();
        let mut para_of = vec![0u32; toks.len()];
        let mut paras = Vec::new();
        let mut start = 0usize;
        for i in 1..toks.len() {
            let gap = bytes.get(toks[i - 1].end as usize..toks[i].start as usize).unwrap_or(&[]);
            if gap.contains(&b'\n') {
                paras.push((start, i));
                start = i;
            }
            para_of[i] = paras.len() as u32;
        }
        if !toks.is_empty() {
            paras.push((start, toks.len()));
        }
        let mut doc = Doc {
            text,
            lower: text.to_ascii_lowercase(),
            toks,
            sent_of,
            sents,
            para_of,
            paras,
            marks: Vec::new(),
        };
        doc.marks = doc.classify_marks();
        doc
    }

    /// Quotation marks per token: the tokenizer's opening and closing quotes, plus the NYT
    /// style two-character marks (`''…''`, ``` ``…'' ```), which the tokenizer sees as two
    /// single quotes: the pair counts as one double mark, on its first token when it opens and
    /// on its second when it closes (so a region covers both characters).
    fn classify_marks(&self) -> Vec<Option<(Mark, bool)>> {
        let mut out: Vec<Option<(Mark, bool)>> = (0..self.len()).map(|i| self.tokenizer_mark(i)).collect();
        let mut i = 0;
        while i + 1 < self.len() {
            let (a, b) = (self.raw(i), self.raw(i + 1));
            let adjacent = self.toks[i].end == self.toks[i + 1].start;
            if adjacent && matches!((a, b), ("'", "'") | ("`", "`") | ("`", "'")) {
                let space_before = i == 0 || self.toks[i - 1].end < self.toks[i].start;
                let glued_after = self.toks.get(i + 2).is_some_and(|t| t.start == self.toks[i + 1].end);
                let open = a == "`" || (space_before && glued_after);
                if open {
                    out[i] = Some((Mark::Double, true));
                    out[i + 1] = None;
                } else {
                    out[i] = None;
                    out[i + 1] = Some((Mark::Double, false));
                }
                i += 2;
                continue;
            }
            i += 1;
        }
        out
    }

    fn len(&self) -> usize {
        self.toks.len()
    }

    /// The lowercased text of token `i` ("" out of range).
    fn w(&self, i: usize) -> &str {
        self.toks.get(i).and_then(|t| self.lower.get(t.range())).unwrap_or("")
    }

    /// The text of token `i` as written ("" out of range).
    fn raw(&self, i: usize) -> &str {
        self.toks.get(i).map(|t| t.text(self.text)).unwrap_or("")
    }

    fn kind(&self, i: usize) -> Option<TokenKind> {
        self.toks.get(i).map(|t| t.kind)
    }

    fn is_word(&self, i: usize) -> bool {
        self.kind(i) == Some(TokenKind::Word)
    }

    fn is_lower_word(&self, i: usize) -> bool {
        self.is_word(i) && self.raw(i).chars().next().is_some_and(|c| c.is_lowercase())
    }

    /// A capitalised word that can be part of a name ("Putin", "Sen.", "US-led" is not).
    fn is_name_word(&self, i: usize) -> bool {
        if !self.is_word(i) {
            return false;
        }
        let raw = self.raw(i);
        let mut chars = raw.chars();
        let Some(first) = chars.next() else { return false };
        if !first.is_uppercase() {
            return false;
        }
        let w = self.w(i);
        !(lexicon::is_function_word(w) || w == "i" || lexicon::cue(w).is_some() && raw.len() > 1)
    }

    fn is_punct(&self, i: usize, p: &str) -> bool {
        self.raw(i) == p
    }

    fn is_sentence_end(&self, i: usize) -> bool {
        matches!(self.raw(i), "." | "!" | "?" | "…" | "...")
    }

    /// The quotation mark token `i` is, with whether it opens.
    fn mark(&self, i: usize) -> Option<(Mark, bool)> {
        self.marks.get(i).copied().flatten()
    }

    /// The mark the tokenizer's quote token `i` is.
    fn tokenizer_mark(&self, i: usize) -> Option<(Mark, bool)> {
        let open = match self.kind(i)? {
            TokenKind::OpenQuote => true,
            TokenKind::CloseQuote => false,
            _ => return None,
        };
        let m = match self.raw(i) {
            "“" | "”" | "\"" | "«" | "»" | "„" | "‟" | "＂" | "〝" | "〞" | "``" | "''" => {
                Mark::Double
            }
            "‘" | "’" | "'" | "‹" | "›" | "‚" | "‛" => Mark::Single,
            _ => return None,
        };
        Some((m, open))
    }

    fn is_close_mark(&self, i: usize) -> bool {
        matches!(self.mark(i), Some((_, false)))
    }

    fn sent(&self, i: usize) -> (usize, usize) {
        self.sent_of.get(i).and_then(|&s| self.sents.get(s as usize)).copied().unwrap_or((0, self.len()))
    }

    fn para(&self, i: usize) -> (usize, usize) {
        self.para_of.get(i).and_then(|&p| self.paras.get(p as usize)).copied().unwrap_or((0, self.len()))
    }

    fn para_index(&self, i: usize) -> usize {
        self.para_of.get(i).copied().unwrap_or(0) as usize
    }

    fn start(&self, i: usize) -> usize {
        self.toks.get(i).map_or(self.text.len(), |t| t.start as usize)
    }

    fn end(&self, i: usize) -> usize {
        self.toks.get(i).map_or(self.text.len(), |t| t.end as usize)
    }

    /// Word tokens in `[a, b)`.
    fn words(&self, a: usize, b: usize) -> usize {
        (a..b.min(self.len()))
            .filter(|&i| matches!(self.kind(i), Some(TokenKind::Word | TokenKind::Number)))
            .count()
    }

    /// Whether `i` follows a comma (possibly with a closing quotation mark and adverbs between).
    fn after_comma(&self, i: usize) -> bool {
        let mut j = i;
        let mut n = 0;
        while j > 0 && n < 2 && self.is_word(j - 1) && lexicon::is_aux_or_adverb(self.w(j - 1)) {
            j -= 1;
            n += 1;
        }
        if j == 0 {
            return false;
        }
        let p = j - 1;
        self.is_punct(p, ",")
            || self.is_punct(p, "—")
            || self.is_punct(p, "–")
            || self.is_punct(p, "--")
            || (self.is_close_mark(p) && p > 0 && self.is_punct(p - 1, ","))
    }
}

/// A quotation-mark region: token indices of the opening mark and of the closing mark (or of the
/// paragraph's last token when the mark is left open).
#[derive(Debug, Clone, Copy)]
struct Region {
    open: usize,
    close: usize,
    closed: bool,
    mark: Mark,
    /// Inside another region.
    nested: bool,
    /// Left open at the end of its paragraph, and the next paragraph opens with a mark.
    cont: bool,
}

/// Who said it and the cue, as inclusive token ranges; `tail` is the last token of the
/// attribution clause (for quotes split by it).
#[derive(Debug, Clone, Copy)]
struct Attr {
    speaker: Option<(usize, usize)>,
    cue: Option<(usize, usize)>,
    tail: usize,
}

/// A quote found, before speaker resolution: content byte range, kind, attribution.
#[derive(Debug, Clone, Copy)]
struct Found {
    start: usize,
    end: usize,
    kind: QuoteKind,
    speaker: Option<(usize, usize)>,
    cue: Option<(usize, usize)>,
    /// Paragraph index of the content start.
    para: usize,
    /// Found as a direct (or quote-anchored mixed) quote.
    direct: bool,
}

struct Extraction<'d, 'a> {
    d: &'d Doc<'a>,
    regions: Vec<Region>,
    /// Token is in a found quote's content or attribution.
    claimed: Vec<bool>,
    /// Region index is a found quote (or part of one).
    used_region: Vec<bool>,
    found: Vec<Found>,
}

impl<'d, 'a> Extraction<'d, 'a> {
    fn new(d: &'d Doc<'a>) -> Self {
        let regions = pair_marks(d);
        Extraction {
            d,
            claimed: vec![false; d.len()],
            used_region: vec![false; regions.len()],
            regions,
            found: Vec::new(),
        }
    }

    fn claim(&mut self, a: usize, b: usize) {
        let b = b.min(self.claimed.len());
        for c in self.claimed.get_mut(a..b).into_iter().flatten() {
            *c = true;
        }
    }

    fn is_claimed(&self, i: usize) -> bool {
        self.claimed.get(i).copied().unwrap_or(false)
    }

    // ------------------------------------------------------------------ direct quotes

    fn direct(&mut self) {
        let mut ri = 0;
        while ri < self.regions.len() {
            let r = self.regions[ri];
            if r.nested || self.used_region[ri] || self.d.words(r.open + 1, r.close) == 0 {
                ri += 1;
                continue;
            }
            // A chain of regions continued across paragraphs.
            let mut last = ri;
            while self.regions[last].cont && last + 1 < self.regions.len() && !self.regions[last + 1].nested {
                last += 1;
            }
            let lr = self.regions[last];
            let comma_inside =
                matches!(self.d.raw(lr.close.saturating_sub(1)), "," | "?" | "!" | "—" | "–" | "-" | "…");
            let mut attr = None;
            let mut after = false;
            if lr.closed {
                attr = self.attr_after(lr.close);
                after = attr.is_some();
            }
            if attr.is_none() {
                attr = self.attr_before(r.open);
            }
            if attr.is_none() && !comma_inside && lr.closed {
                // `"…" X said` without the comma is handled by attr_after already; nothing else.
            }
            let Some(attr) = attr else {
                ri = last + 1;
                continue;
            };
            // Mixed: words of the same sentence before the opening mark (`The leaders sought …
            // "…," Putin added`), unless a colon or the attribution introduces the quote.
            let mut content_start = self.d.start(r.open);
            let mut kind = QuoteKind::Direct;
            if after && ri == last {
                let (s0, _) = self.d.sent(r.open);
                let (p0, _) = self.d.para(r.open);
                let mut a = s0.max(p0).max(r.open.saturating_sub(MAX_CONTENT));
                // Not before an earlier claimed token of the sentence.
                let mut j = r.open;
                while j > a {
                    if self.is_claimed(j - 1) {
                        a = j;
                        break;
                    }
                    j -= 1;
                }
                let prev = r.open.saturating_sub(1);
                if r.open > a
                    && self.d.words(a, r.open) > 0
                    && !matches!(self.d.raw(prev), ":" | "," | ";" | "—" | "–")
                    && !self.d.is_sentence_end(prev)
                {
                    content_start = self.d.start(a);
                    kind = QuoteKind::Mixed;
                    self.claim(a, r.open);
                }
            }
            for k in ri..=last {
                let rk = self.regions[k];
                let start = if k == ri { content_start } else { self.d.start(rk.open) };
                self.push_region_quote(k, start, kind, attr);
            }
            self.claim_attr(attr);
            // Quotes split by their attribution: `"…," he said. "…"` or `, "…"`.
            let mut tail = attr.tail;
            let mut next = last + 1;
            while next < self.regions.len() {
                let rn = self.regions[next];
                if rn.nested {
                    next += 1;
                    continue;
                }
                let (_, pe) = self.d.para(tail);
                if rn.open != tail + 1 || rn.open >= pe || tail < lr.close {
                    break;
                }
                let mut end = next;
                while self.regions[end].cont && end + 1 < self.regions.len() {
                    end += 1;
                }
                for k in next..=end {
                    let rk = self.regions[k];
                    self.push_region_quote(k, self.d.start(rk.open), QuoteKind::Direct, attr);
                }
                tail = self.regions[end].close;
                next = end + 1;
            }
            ri = next.max(last + 1);
        }
    }

    fn push_region_quote(&mut self, k: usize, start: usize, kind: QuoteKind, attr: Attr) {
        let Some(r) = self.regions.get(k).copied() else { return };
        if let Some(u) = self.used_region.get_mut(k) {
            *u = true;
        }
        let end = self.d.end(r.close);
        self.claim(r.open, r.close + 1);
        self.found.push(Found {
            start,
            end,
            kind,
            speaker: attr.speaker,
            cue: attr.cue,
            para: self.d.para_index(r.open),
            direct: true,
        });
    }

    fn claim_attr(&mut self, attr: Attr) {
        for (a, b) in [attr.speaker, attr.cue].into_iter().flatten() {
            self.claim(a, b + 1);
        }
    }

    /// An attribution right after the closing mark `c`: `, X said`, `, said X`, `, according to X`.
    fn attr_after(&self, c: usize) -> Option<Attr> {
        let d = self.d;
        let (_, pe) = d.para(c);
        let mut k = c + 1;
        if k < pe && matches!(d.raw(k), "," | "—" | "–" | "--") {
            k += 1;
        }
        if k >= pe {
            return None;
        }
        // `according to X`
        if d.w(k) == "according" && d.w(k + 1) == "to" {
            let np = self.np_right(k + 2, pe)?;
            return Some(Attr { speaker: Some(np), cue: Some((k, k + 1)), tail: self.tail(np.1, pe) });
        }
        // `said X`
        if let Some(cue) = lexicon::cue(d.w(k)).filter(|_| d.is_lower_word(k) || d.is_word(k))
            && cue.postposed
            && matches!(cue.form, Form::Past | Form::Third)
        {
            let mut np = self.np_right(k + 1, pe)?;
            // `said Clinton campaign manager Robby Mook`
            let lim = (np.1 + 8).min(pe);
            let mut e = np.1 + 1;
            while e < lim
                && (d.is_name_word(e)
                    || d.is_lower_word(e) && (lexicon::is_role_noun(d.w(e)) || lexicon::is_title(d.w(e))))
            {
                e += 1;
            }
            if e > np.1 + 1 && (d.is_name_word(e - 1) || lexicon::is_role_noun(d.w(e - 1))) {
                np.1 = e - 1;
            }
            let after = np.1 + 1;
            if after >= pe || !d.is_word(after) || lexicon::is_adverbial_start(d.w(after)) {
                return Some(Attr { speaker: Some(np), cue: Some((k, k)), tail: self.tail(np.1, pe) });
            }
            return None;
        }
        // `X said`, `X, a …, said`; else any short phrase right before a cue (`the gambling
        // tycoon told`).
        let np = match self.np_right(k, pe) {
            Some(mut np) => {
                // `Sanders campaign manager Jeff Weaver said`
                let lim = (np.1 + 8).min(pe);
                let mut e = np.1 + 1;
                while e < lim
                    && (d.is_name_word(e)
                        || d.is_lower_word(e) && (lexicon::is_role_noun(d.w(e)) || lexicon::is_title(d.w(e))))
                {
                    e += 1;
                }
                if e > np.1 + 1 && (d.is_name_word(e - 1) || lexicon::is_role_noun(d.w(e - 1))) {
                    np.1 = e - 1;
                }
                np
            }
            None => {
                let lim = (k + 6).min(pe);
                let mut j = k;
                while j < lim && (d.is_word(j) || d.kind(j) == Some(TokenKind::Possessive)) {
                    if j > k
                        && d.is_lower_word(j)
                        && lexicon::cue(d.w(j))
                            .is_some_and(|c| c.postposed && matches!(c.form, Form::Past | Form::Third))
                    {
                        break;
                    }
                    j += 1;
                }
                if j == k
                    || j >= lim
                    || !d.is_lower_word(j)
                    || lexicon::cue(d.w(j)).is_none()
                    || !lexicon::is_determiner(d.w(k))
                {
                    return None;
                }
                (k, j - 1)
            }
        };
        let mut m = np.1 + 1;
        if d.is_punct(m, ",") {
            // appositive
            let lim = (m + 14).min(pe);
            let mut j = m + 1;
            while j < lim && !d.is_punct(j, ",") && !d.is_sentence_end(j) {
                j += 1;
            }
            if j < lim && d.is_punct(j, ",") {
                m = j + 1;
            } else {
                return None;
            }
        }
        let mut n = 0;
        while m < pe && n < 3 && d.is_word(m) && lexicon::is_aux_or_adverb(d.w(m)) {
            m += 1;
            n += 1;
        }
        let cue = lexicon::cue(d.w(m)).filter(|_| d.is_lower_word(m))?;
        if d.is_punct(c.saturating_sub(1), ".") && d.is_name_word(k)
            || d.is_sentence_end(c.saturating_sub(1)) && !d.is_lower_word(k)
        {
            // `"…." He said the …`: a new sentence, whose content follows its cue.
            let after = m + 1;
            if after < pe && d.is_word(after) && !lexicon::is_adverbial_start(d.w(after)) {
                return None;
            }
        }
        let plural_ok = matches!(d.w(np.1), "they" | "we" | "i" | "you") || d.w(np.1).ends_with('s') || n > 0;
        let form_ok = match cue.form {
            Form::Past | Form::Third => true,
            Form::Base => plural_ok,
            Form::Ing => false,
        };
        if !cue.postposed || !form_ok {
            return None;
        }
        // After the cue: the end, punctuation, an adverbial or a hearer; not a new clause.
        let after = m + 1;
        let ok = after >= pe
            || !d.is_word(after)
            || lexicon::is_adverbial_start(d.w(after))
            || cue.class == CueClass::Tell
            || matches!(d.w(after), "that" | "of" | "about" | "to" | "in" | "on" | "at" | "during")
            || d.is_name_word(after);
        if !ok {
            return None;
        }
        let mut cue_end = m;
        if matches!(d.w(m + 1), "of" | "about") && d.w(m) != "told" {
            cue_end = m + 1;
        }
        Some(Attr { speaker: Some(np), cue: Some((m, cue_end)), tail: self.tail(cue_end, pe) })
    }

    /// The last token of an attribution clause that ends at `i` at the earliest: up to the end
    /// of its sentence, a colon or the next opening mark.
    fn tail(&self, i: usize, pe: usize) -> usize {
        let d = self.d;
        let lim = (i + 40).min(pe);
        let mut j = i;
        while j + 1 < lim {
            let n = j + 1;
            if matches!(d.mark(n), Some((_, true))) {
                // Only a comma, colon or sentence end introduces the next piece.
                return if matches!(d.raw(j), "," | ":" | "." | ";" | "—" | "–") { j } else { n };
            }
            if d.is_lower_word(n) && (lexicon::cue(d.w(n)).is_some() || d.w(n) == "that") {
                return n;
            }
            if d.is_sentence_end(n) || matches!(d.raw(n), ":" | ";") {
                return n;
            }
            j = n;
        }
        j
    }

    /// An attribution before the opening mark `o`: `X said: "…"`, `X said, "…"`, `said "…"`,
    /// `according to X, "…"`, `X: "…"`.
    fn attr_before(&self, o: usize) -> Option<Attr> {
        let d = self.d;
        let (ps, _) = d.para(o);
        if o <= ps {
            return None;
        }
        let mut k = o - 1;
        let sep = d.raw(k).to_string();
        let colon = sep == ":";
        if colon || sep == "," {
            if k <= ps {
                return None;
            }
            k -= 1;
        } else if !d.is_word(k) {
            return None;
        }
        let (ss, _) = d.sent(k);
        let lo = ss.max(ps);
        let max_gap = if colon {
            10
        } else if sep == "," {
            6
        } else {
            0
        };
        let mut m = k;
        let mut steps = 0;
        loop {
            if d.is_sentence_end(m) || d.mark(m).is_some() || self.is_claimed(m) {
                break;
            }
            let w = d.w(m);
            if w == "to" && d.w(m.wrapping_sub(1)) == "according" {
                let np = self.np_right(m + 1, o)?;
                return Some(Attr { speaker: Some(np), cue: Some((m - 1, m)), tail: o - 1 });
            }
            if d.is_lower_word(m) && lexicon::cue(w).is_some() && self.cue_usable(m) {
                let subject = self.subject_of(m, lo)?;
                return Some(Attr { speaker: Some(subject), cue: Some((m, m)), tail: o - 1 });
            }
            if steps >= max_gap || m <= lo {
                break;
            }
            m -= 1;
            steps += 1;
        }
        // `Name: "…"` at the start of a sentence.
        if colon {
            let np = self.np_right(lo, k + 1)?;
            if np.1 == k && np.0 == lo && !lexicon::is_colon_label(d.w(lo)) && d.is_name_word(lo) {
                return Some(Attr { speaker: Some(np), cue: Some((o - 1, o - 1)), tail: o - 1 });
            }
        }
        None
    }

    /// Whether the cue word at `i` is used as a verb: not an infinitive ("to warn"), not a noun
    /// after a determiner, not a passive ("is expected").
    fn cue_usable(&self, i: usize) -> bool {
        let d = self.d;
        let Some(cue) = lexicon::cue(d.w(i)) else { return false };
        if i == 0 {
            return false;
        }
        let p = d.w(i - 1);
        if p == "to" || lexicon::is_determiner(p) && !matches!(p, "that" | "all" | "both") {
            return false;
        }
        if cue.form == Form::Past
            && matches!(p, "is" | "are" | "was" | "were" | "be" | "been" | "being" | "widely")
        {
            return false;
        }
        if matches!(d.w(i), "continue" | "continues" | "continued" | "continuing") && d.w(i + 1) == "to" {
            return false;
        }
        true
    }

    // ------------------------------------------------------------------ subjects

    /// The speaker of the cue at `i` (sentence starts at `lo`).
    fn subject_of(&self, i: usize, lo: usize) -> Option<(usize, usize)> {
        let d = self.d;
        let cue = lexicon::cue(d.w(i))?;
        if cue.form == Form::Ing {
            // `, adding that`, `while expressing`: the clause's subject; `is saying`: finite.
            let mut j = i;
            let mut n = 0;
            while j > lo
                && n < 2
                && lexicon::is_aux_or_adverb(d.w(j - 1))
                && !matches!(d.w(j - 1), "is" | "was" | "are" | "were" | "been")
            {
                j -= 1;
                n += 1;
            }
            let p = d.w(j.saturating_sub(1));
            if matches!(p, "is" | "was" | "are" | "were" | "been" | "be") {
                return self.subject_left(j - 1, lo);
            }
            if d.after_comma(i)
                || matches!(p, "while" | "after" | "before" | "when" | "by" | "in" | "without" | "as")
            {
                return self.clause_subject(i, lo);
            }
            return None;
        }
        if let Some(s) = self.subject_left(i, lo) {
            return Some(s);
        }
        // Coordinated verbs: `confirmed … and said`, `urged … and called on`.
        let mut j = i;
        let mut n = 0;
        while j > lo && n < 3 && lexicon::is_aux_or_adverb(d.w(j - 1)) {
            j -= 1;
            n += 1;
        }
        if j > lo && matches!(d.w(j - 1), "and" | "but" | "or") {
            let lim = j.saturating_sub(40).max(lo);
            let mut m = j - 1;
            while m > lim {
                m -= 1;
                if d.is_lower_word(m)
                    && lexicon::cue(d.w(m)).is_some_and(|c| matches!(c.form, Form::Past | Form::Third))
                    && self.cue_usable(m)
                    && let Some(s) = self.subject_left(m, lo)
                {
                    return Some(s);
                }
            }
            return self.clause_subject(i, lo);
        }
        None
    }

    /// The subject phrase right before the verb at `v`, skipping auxiliaries and adverbs.
    fn subject_left(&self, v: usize, lo: usize) -> Option<(usize, usize)> {
        let d = self.d;
        let mut j = v.checked_sub(1)?;
        let mut n = 0;
        while j > lo && n < 4 && d.is_word(j) && lexicon::is_aux_or_adverb(d.w(j)) {
            j -= 1;
            n += 1;
        }
        if j < lo {
            return None;
        }
        self.np_left(j, lo, 0)
    }

    /// A speaker phrase ending at token `j`.
    fn np_left(&self, j: usize, lo: usize, depth: u8) -> Option<(usize, usize)> {
        let d = self.d;
        if depth > 2 || j < lo {
            return None;
        }
        let w = d.w(j);
        if d.is_word(j) && lexicon::is_subject_pronoun(w) {
            return Some((j, j));
        }
        if matches!(w, "who" | "which") && j > lo {
            // The relative pronoun is the mention; its antecedent gives the name (`finish`).
            self.antecedent(j, lo)?;
            return Some((j, j));
        }
        if w == ")" {
            let lim = j.saturating_sub(8).max(lo);
            let mut k = j;
            while k > lim {
                k -= 1;
                if d.is_punct(k, "(") {
                    return self.np_left(k.checked_sub(1)?, lo, depth + 1);
                }
            }
            return None;
        }
        if w == "," {
            // `X, a security expert, said` / `Xi, for his part, warned`
            let lim = j.saturating_sub(14).max(lo);
            let mut k = j;
            while k > lim {
                k -= 1;
                if d.mark(k).is_some() || d.is_sentence_end(k) || self.is_claimed(k) {
                    return None;
                }
                if d.is_punct(k, ",") {
                    // `X, 21, a junior from Y, said`: the first comma-separated phrase that
                    // is a name, pronoun or role phrase.
                    if let Some(inner) = self.np_left(k.checked_sub(1)?, lo, depth + 1) {
                        return Some(inner);
                    }
                }
            }
            return None;
        }
        if d.is_name_word(j) {
            let mut a = j;
            let lim = j.saturating_sub(MAX_SPEAKER).max(lo);
            while a > lim {
                let p = a - 1;
                if d.is_name_word(p) {
                    a = p;
                } else if p > lim
                    && (d.kind(p) == Some(TokenKind::Possessive)
                        || matches!(d.w(p), "of" | "de" | "von" | "der" | "van" | "al" | "bin" | "and" | "&"))
                    && d.is_name_word(p - 1)
                {
                    a = p - 1;
                } else if d.is_lower_word(p) && lexicon::is_title(d.w(p)) && d.w(p) != "of" && d.w(p) != "the"
                {
                    a = p;
                } else {
                    break;
                }
            }
            // Sentence-initial words capitalised by position only.
            while a < j && !d.is_name_word(a) && !d.is_lower_word(a) {
                a += 1;
            }
            // `Analysts in China and Russia`
            if a >= lo + 2
                && lexicon::is_np_preposition(d.w(a - 1))
                && lexicon::is_role_noun(d.w(a - 2))
                && let Some((s, _)) = self.np_left(a - 2, lo, depth + 1)
            {
                return Some((s, j));
            }
            // `a Russian official` is handled by the role branch; a determiner before a name
            // belongs to it (`the Kremlin`).
            if a > lo && matches!(d.w(a - 1), "the") {
                a -= 1;
            }
            return Some((a, j));
        }
        if d.is_word(j) && lexicon::is_role_noun(w) {
            let lim = j.saturating_sub(7).max(lo);
            let mut a = j;
            while a > lim {
                let p = a - 1;
                let pw = d.w(p);
                if lexicon::is_determiner(pw) {
                    a = p;
                    break;
                }
                let modifier = d.is_word(p)
                    && !lexicon::is_function_word(pw)
                    && lexicon::cue(pw).is_none()
                    && !lexicon::is_aux_or_adverb(pw);
                if modifier
                    || d.kind(p) == Some(TokenKind::Number)
                    || d.kind(p) == Some(TokenKind::Possessive)
                {
                    a = p;
                } else if pw == "and" && p > lim && lexicon::is_role_noun(d.w(p - 1)) {
                    a = p - 1;
                } else {
                    break;
                }
            }
            return Some((a, j));
        }
        if d.is_lower_word(j)
            && !lexicon::is_function_word(w)
            && !lexicon::is_aux_or_adverb(w)
            && lexicon::cue(w).is_none()
            && !w.ends_with("ing")
        {
            // `the gambling tycoon`, `This document`: a noun phrase opened by a determiner.
            let lim = j.saturating_sub(4).max(lo);
            let mut a = j;
            while a > lim {
                let p = a - 1;
                let pw = d.w(p);
                if matches!(
                    pw,
                    "a" | "an"
                        | "the"
                        | "this"
                        | "his"
                        | "her"
                        | "their"
                        | "its"
                        | "our"
                        | "some"
                        | "many"
                        | "other"
                        | "most"
                ) {
                    return Some((p, j));
                }
                let modifier = (d.is_word(p) || d.kind(p) == Some(TokenKind::Possessive))
                    && !lexicon::is_function_word(pw)
                    && lexicon::cue(pw).is_none()
                    && !lexicon::is_aux_or_adverb(pw);
                if !modifier {
                    break;
                }
                a = p;
            }
        }
        if d.is_word(j) && lexicon::is_evidence_noun(w) {
            let mut a = j;
            if a > lo && lexicon::is_determiner(d.w(a - 1)) {
                a -= 1;
            }
            return Some((a, j));
        }
        None
    }

    /// The antecedent of the relative pronoun at `j` (`Jones, who said …`).
    fn antecedent(&self, j: usize, lo: usize) -> Option<(usize, usize)> {
        let d = self.d;
        if j <= lo {
            return None;
        }
        let p = if d.is_punct(j - 1, ",") { j.checked_sub(2)? } else { j - 1 };
        if matches!(d.w(p), "who" | "which") {
            return None;
        }
        self.np_left(p, lo, 1)
    }

    /// The subject of the clause a participle or coordinated verb at `i` belongs to: the nearest
    /// name or pronoun to the left that is followed by a verb.
    fn clause_subject(&self, i: usize, lo: usize) -> Option<(usize, usize)> {
        let d = self.d;
        let lim = i.saturating_sub(50).max(lo);
        let mut j = i;
        while j > lim {
            j -= 1;
            let cand =
                d.is_name_word(j) || matches!(d.w(j), "he" | "she" | "they" | "we" | "i") && d.is_word(j);
            if !cand {
                continue;
            }
            let nx = j + 1;
            if nx >= i || d.is_name_word(nx) {
                continue;
            }
            let nw = d.w(nx);
            let verbish = d.is_lower_word(nx)
                && !lexicon::is_function_word(nw)
                && !lexicon::is_determiner(nw)
                && (lexicon::is_aux_or_adverb(nw)
                    || lexicon::cue(nw).is_some()
                    || nw.ends_with("ed")
                    || (nw.ends_with('s') && nw.len() > 3 && !nw.ends_with("ss")));
            if verbish {
                return self.np_left(j, lo, 0);
            }
        }
        None
    }

    /// A speaker phrase starting at `k` (before `hi`): a pronoun, a name, or a role phrase.
    fn np_right(&self, k: usize, hi: usize) -> Option<(usize, usize)> {
        let d = self.d;
        if k >= hi {
            return None;
        }
        let w = d.w(k);
        if d.is_word(k) && lexicon::is_subject_pronoun(w) {
            return Some((k, k));
        }
        let lim = (k + MAX_SPEAKER).min(hi);
        let starts_name =
            d.is_name_word(k) || (d.is_word(k) && lexicon::is_title(w) && d.is_name_word(k + 1));
        if starts_name {
            let mut e = k;
            while e + 1 < lim {
                let n = e + 1;
                if d.is_name_word(n) || (d.is_word(n) && d.raw(n).len() <= 3 && d.raw(n).ends_with('.')) {
                    e = n;
                } else if n + 1 < lim
                    && (d.kind(n) == Some(TokenKind::Possessive)
                        || matches!(d.w(n), "of" | "de" | "von" | "der" | "van" | "al" | "bin" | "&"))
                    && d.is_name_word(n + 1)
                {
                    e = n + 1;
                } else {
                    break;
                }
            }
            return Some((k, e));
        }
        if d.is_word(k) && (lexicon::is_determiner(w) || lexicon::is_role_noun(w) || d.is_lower_word(k)) {
            // A role phrase: up to its head noun, before punctuation or a verb.
            let mut e = k;
            let mut head = None;
            let mut i = k;
            while i < lim {
                let wi = d.w(i);
                if !(d.is_word(i)
                    || d.kind(i) == Some(TokenKind::Possessive)
                    || d.kind(i) == Some(TokenKind::Number))
                {
                    break;
                }
                if i > k
                    && (lexicon::cue(wi).is_some() && d.is_lower_word(i) || lexicon::is_aux_or_adverb(wi))
                {
                    break;
                }
                if lexicon::is_role_noun(wi) || lexicon::is_evidence_noun(wi) {
                    head = Some(i);
                }
                e = i;
                i += 1;
            }
            let h = head?;
            let _ = e;
            return Some((k, h));
        }
        None
    }

    // ------------------------------------------------------------------ indirect quotes

    /// Headlines and paragraphs opened by `Name: …` (`Graham: Trump’s rhetoric destroying GOP`).
    fn colon_headlines(&mut self) {
        let d = self.d;
        for &(ps, pe) in &d.paras {
            let lim = (ps + 6).min(pe);
            let Some(c) = (ps + 1..lim).find(|&c| d.is_punct(c, ":")) else { continue };
            let phrase_ok = (ps..c).all(|t| {
                d.is_name_word(t)
                    || d.kind(t) == Some(TokenKind::Possessive)
                    || d.is_word(t) && lexicon::is_title(d.w(t))
            }) && (d.is_name_word(ps) || lexicon::is_title(d.w(ps)))
                && !lexicon::is_colon_label(d.w(ps));
            if !phrase_ok || (ps..pe).any(|t| self.is_claimed(t)) {
                continue;
            }
            let mut e = pe;
            while e > c + 1 && matches!(d.raw(e - 1), "." | "," | ";" | ":") {
                e -= 1;
            }
            if d.words(c + 1, e) < 3 || e - c > 80 {
                continue;
            }
            self.claim(ps, pe);
            self.found.push(Found {
                start: d.start(c + 1),
                end: d.end(e - 1),
                kind: self.kind_of(c + 1, e),
                speaker: Some((ps, c - 1)),
                cue: Some((c, c)),
                para: d.para_index(ps),
                direct: false,
            });
        }
    }

    fn indirect(&mut self) {
        let d = self.d;
        for si in 0..d.sents.len() {
            let (a, b) = d.sents[si];
            let mut i = a;
            while i < b {
                if !self.is_claimed(i)
                    && d.is_word(i)
                    && !self.in_quoted_speech(i)
                    && let Some(f) = self.indirect_at(i, a, b)
                {
                    let (cs, ce) = (f.0, f.1);
                    self.claim(cs, ce);
                    if let Some(s) = f.3 {
                        self.claim(s.0, s.1 + 1);
                    }
                    if let Some(c) = f.4 {
                        self.claim(c.0, c.1 + 1);
                    }
                    let start = d.start(cs);
                    let end = d.end(ce - 1);
                    let kind = self.kind_of(cs, ce);
                    self.found.push(Found {
                        start,
                        end,
                        kind,
                        speaker: f.3,
                        cue: f.4,
                        para: d.para_index(cs),
                        direct: false,
                    });
                    if let Some((s2, e2)) = f.2 {
                        self.claim(s2, e2);
                        self.found.push(Found {
                            start: d.start(s2),
                            end: d.end(e2 - 1),
                            kind: self.kind_of(s2, e2),
                            speaker: f.3,
                            cue: f.4,
                            para: d.para_index(s2),
                            direct: false,
                        });
                    }
                }
                i += 1;
            }
        }
    }

    /// Whether token `i` is inside a closed double-quote region of three words or more: a cue
    /// there is the quoted person's, not the reporter's.
    fn in_quoted_speech(&self, i: usize) -> bool {
        let k = self.regions.partition_point(|r| r.open < i);
        self.regions[..k].iter().rev().take(4).any(|r| {
            r.mark == Mark::Double && r.closed && r.close > i && self.d.words(r.open + 1, r.close) >= 3
        })
    }

    /// An indirect (or mixed) quote whose cue is at `i`, in the sentence `[a, b)`:
    /// (content start, content end exclusive, second piece of a parenthetical attribution,
    /// speaker, cue).
    #[allow(clippy::type_complexity)]
    fn indirect_at(
        &self,
        i: usize,
        a: usize,
        b: usize,
    ) -> Option<(usize, usize, Option<(usize, usize)>, Option<(usize, usize)>, Option<(usize, usize)>)> {
        let d = self.d;
        let w = d.w(i);
        let (ps, _) = d.para(i);
        let a = a.max(ps);
        // according to X
        if w == "according" && d.w(i + 1) == "to" {
            // The source: a name or role phrase, else the words up to the next comma
            // (`according to a count by The Associated Press`).
            let np = match self.np_right(i + 2, b) {
                Some(np) => np,
                None => {
                    let lim = (i + 12).min(b);
                    let mut e = i + 2;
                    while e < lim
                        && (d.is_word(e)
                            || d.kind(e) == Some(TokenKind::Possessive)
                            || d.kind(e) == Some(TokenKind::Number))
                    {
                        e += 1;
                    }
                    if e == i + 2 {
                        return None;
                    }
                    (i + 2, e - 1)
                }
            };
            let first = (a.max(i.saturating_sub(4))..i).all(|t| !d.is_word(t)) && i.saturating_sub(4) <= a;
            if first {
                let mut k = np.1 + 1;
                // appositive up to the comma
                let lim = (k + 12).min(b);
                while k < lim && !d.is_punct(k, ",") {
                    k += 1;
                }
                let (cs, ce) = self.content_from(k + 1, b)?;
                return Some((cs, ce, None, Some(np), Some((i, i + 1))));
            }
            let (cs, ce) = self.content_before(a, i)?;
            return Some((cs, ce, None, Some(np), Some((i, i + 1))));
        }
        if !d.is_lower_word(i) {
            return None;
        }
        // nominal cues: `his calls for`
        if matches!(
            w,
            "calls" | "call" | "demands" | "demand" | "appeals" | "appeal" | "warnings" | "claims" | "claim"
        ) && i > a
            && matches!(d.w(i - 1), "his" | "her" | "their" | "its")
        {
            let subject = self.clause_subject(i - 1, a)?;
            let mut k = i + 1;
            if matches!(d.w(k), "for" | "that" | "on") {
                k += 1;
            }
            let (cs, ce) = self.content_from(k, b)?;
            let cue_end = if k > i + 1 { k - 1 } else { i };
            return Some((cs, ce, None, Some(subject), Some((i, cue_end))));
        }
        let cue = lexicon::cue(w)?;
        if !self.cue_usable(i) {
            return None;
        }
        if matches!(w, "continue" | "continues" | "continued" | "continuing") {
            return None;
        }
        // `, said X.` (inverted, speaker after the cue)
        if cue.postposed
            && matches!(cue.form, Form::Past | Form::Third)
            && d.after_comma(i)
            && let Some(np) = self.np_right(i + 1, b)
        {
            let after = np.1 + 1;
            if after >= b || d.is_sentence_end(after) || d.is_punct(after, ",") {
                let (cs, ce) = self.content_before(a, i)?;
                return Some((cs, ce, None, Some(np), Some((i, i))));
            }
        }
        let subject = self.subject_of(i, a)?;
        if cue.class == CueClass::Evidence && !lexicon::is_evidence_noun(d.w(subject.1)) {
            return None;
        }
        if cue.class == CueClass::Evidence || lexicon::is_evidence_noun(d.w(subject.1)) {
            // evidence subjects only with speech or evidence cues
        }
        if cue.form == Form::Base && !self.base_ok(subject, i) {
            return None;
        }
        // Cue extensions: `called on`, `called for`, `said of`, `pointed out`.
        let mut cue_end = i;
        let next = d.w(i + 1);
        if (matches!(w, "call" | "calls" | "called" | "calling") && matches!(next, "on" | "for"))
            || (matches!(w, "point" | "points" | "pointed" | "pointing") && next == "out")
            || (lexicon::object_is_content(w)
                && next == "to"
                && matches!(w, "refer" | "refers" | "referred" | "referring"))
        {
            cue_end = i + 1;
        } else if matches!(w, "call" | "calls" | "called" | "calling") {
            // `called X Y` (naming) is PolNeAR's too, but `called` alone is too ambiguous.
            if !d.is_name_word(i + 1) && !matches!(next, "him" | "her" | "them" | "it" | "the") {
                return None;
            }
        }
        // Parenthetical: `This campaign, he says, is different.` — two pieces, one cue.
        if cue.postposed && subject.0 > a && d.after_comma(subject.0) && d.is_punct(cue_end + 1, ",") {
            let mut c = subject.0 - 1;
            while c > a && !d.is_punct(c, ",") {
                c -= 1;
            }
            if let (Some(first), Some(second)) =
                (self.content_before(a, c + 1), self.content_from(cue_end + 2, b))
                && d.words(first.0, first.1) >= 2
                && d.words(second.0, second.1) >= 2
            {
                return Some((first.0, first.1, Some(second), Some(subject), Some((i, cue_end))));
            }
        }
        // Content after the cue.
        let k = self.skip_to_content(i, cue_end, cue.class, b);
        if let Some(k) = k
            && let Some((cs, ce)) = self.content_from(k, b)
        {
            let min = if cue.class == CueClass::Belief { 3 } else { 1 };
            if d.words(cs, ce) >= min {
                return Some((cs, ce, None, Some(subject), Some((i, cue_end))));
            }
        }
        // Inverted: `CONTENT, X said.`
        if cue.postposed && subject.0 > a && d.after_comma(subject.0) {
            let mut e = cue_end + 1;
            let lim = (e + 10).min(b);
            while e < lim && !d.is_sentence_end(e) && !d.is_punct(e, ",") {
                e += 1;
            }
            if e >= b || d.is_sentence_end(e) || d.is_punct(e, ",") {
                let mut c = subject.0 - 1;
                while c > a && !d.is_punct(c, ",") {
                    c -= 1;
                }
                let (cs, ce) = self.content_before(a, c + 1)?;
                if d.words(cs, ce) >= 3 {
                    return Some((cs, ce, None, Some(subject), Some((i, cue_end))));
                }
            }
        }
        None
    }

    /// A base-form cue ("say") needs a plural subject or an auxiliary before it.
    fn base_ok(&self, subject: (usize, usize), i: usize) -> bool {
        let d = self.d;
        let w = d.w(subject.1);
        if matches!(w, "they" | "we" | "i" | "you") {
            return true;
        }
        if i > 0 && lexicon::is_aux_or_adverb(d.w(i - 1)) {
            return true;
        }
        w.ends_with('s') && !w.ends_with("ss")
            || w == "people"
            || d.w(subject.0) != d.w(subject.1) && d.raw(subject.1).contains(' ')
    }

    /// Where the content starts after the cue `i..=cue_end`: past a hearer (`told reporters`),
    /// an adverbial (`said in a statement that`), `that`, a colon or comma.
    fn skip_to_content(&self, i: usize, cue_end: usize, class: CueClass, b: usize) -> Option<usize> {
        let d = self.d;
        let mut k = cue_end + 1;
        let tell = matches!(d.w(i), "tell" | "tells" | "told" | "telling");
        if class == CueClass::Tell && (tell || self.that_within(k, 6, b).is_some()) {
            if lexicon::is_object_pronoun(d.w(k)) {
                k += 1;
            } else if let Some(np) = self.np_right(k, b) {
                k = np.1 + 1;
            } else if d.is_lower_word(k) {
                k += 1;
            }
        }
        if k < b && d.is_word(k) && lexicon::is_adverbial_start(d.w(k)) && d.w(k) != "that" {
            match self.that_within(k, 10, b) {
                Some(t) => k = t,
                None => {
                    // `said on Tuesday, …` / `said in a statement: …`
                    let lim = (k + 10).min(b);
                    let mut j = k;
                    while j < lim
                        && !matches!(d.raw(j), ":" | ",")
                        && !d.is_sentence_end(j)
                        && d.mark(j).is_none()
                    {
                        j += 1;
                    }
                    if j < lim && matches!(d.raw(j), ":" | ",") {
                        k = j;
                    } else if matches!(
                        d.w(k),
                        "in" | "on"
                            | "at"
                            | "during"
                            | "last"
                            | "this"
                            | "earlier"
                            | "yesterday"
                            | "today"
                            | "monday"
                            | "tuesday"
                            | "wednesday"
                            | "thursday"
                            | "friday"
                            | "saturday"
                            | "sunday"
                    ) {
                        return None;
                    }
                }
            }
        }
        if d.w(k) == "that" && d.is_word(k) {
            k += 1;
        }
        while k < b && matches!(d.raw(k), ":" | ",") {
            k += 1;
        }
        if d.w(k) == "that" && d.is_word(k) {
            k += 1;
        }
        (k < b).then_some(k)
    }

    /// The token of a complementizer `that` within `n` tokens from `k` (no punctuation between
    /// but commas), as the position after which the content starts.
    fn that_within(&self, k: usize, n: usize, b: usize) -> Option<usize> {
        let d = self.d;
        let lim = (k + n).min(b);
        let mut j = k;
        while j < lim {
            if d.w(j) == "that" && d.is_word(j) {
                return Some(j);
            }
            if d.is_sentence_end(j) || d.mark(j).is_some() || matches!(d.raw(j), ";" | ":") {
                return None;
            }
            if d.is_lower_word(j) && lexicon::cue(d.w(j)).is_some() {
                return None;
            }
            j += 1;
        }
        None
    }

    /// The content running from `k` to the end of its clause: `[cs, ce)`.
    fn content_from(&self, k: usize, b: usize) -> Option<(usize, usize)> {
        let d = self.d;
        let lim = (k + MAX_CONTENT).min(b);
        let mut e = k;
        while e < lim {
            if self.is_claimed(e) {
                break;
            }
            let w = d.w(e);
            if e > k {
                if d.is_punct(e, ";") {
                    break;
                }
                if d.is_punct(e, ",") {
                    let n = d.w(e + 1);
                    if lexicon::ends_content_after_comma(n) || n == "according" {
                        break;
                    }
                    if self.trailing_attribution(e + 1, b) {
                        break;
                    }
                }
                if d.is_lower_word(e)
                    && d.after_comma(e)
                    && lexicon::cue(w).is_some_and(|c| c.form == Form::Ing)
                {
                    // back to before the comma (and adverbs)
                    let mut s = e;
                    while s > k && !matches!(d.raw(s - 1), "," | "—" | "–" | "--") && !d.is_close_mark(s - 1)
                    {
                        s -= 1;
                    }
                    e = s.saturating_sub(1).max(k);
                    if d.is_close_mark(e) && e > k {
                        e += 1;
                    }
                    break;
                }
                if w == "and" && d.is_word(e) {
                    let mut n = e + 1;
                    if lexicon::is_aux_or_adverb(d.w(n)) {
                        n += 1;
                    }
                    let nw = d.w(n);
                    if d.is_lower_word(n)
                        && (lexicon::cue(nw).is_some_and(|c| matches!(c.form, Form::Past | Form::Third))
                            || (nw.ends_with("ed") && nw.len() > 4 && d.w(e - 1) != "were"))
                        && !self.noun_before_and(e)
                    {
                        break;
                    }
                }
                if w == "in"
                    && matches!(d.w(e + 1), "a" | "an")
                    && matches!(
                        d.w(e + 2),
                        "interview"
                            | "statement"
                            | "speech"
                            | "op-ed"
                            | "letter"
                            | "email"
                            | "post"
                            | "tweet"
                            | "press"
                            | "radio"
                            | "television"
                            | "tv"
                            | "video"
                            | "blog"
                            | "memo"
                    )
                {
                    break;
                }
            }
            e += 1;
        }
        // Trim trailing punctuation (not closing marks).
        while e > k && matches!(d.raw(e - 1), "." | "," | ";" | ":" | "—" | "–" | "--" | "-" | "(") {
            e -= 1;
        }
        (e > k && d.words(k, e) > 0).then_some((k, e))
    }

    /// Heuristic: the word before `and` at `e` is a plural noun followed by a participle
    /// ("… the guns and stolen cars") — keep the conjunction inside the content.
    fn noun_before_and(&self, e: usize) -> bool {
        let d = self.d;
        let n = d.w(e + 1);
        n.ends_with("ed")
            && lexicon::cue(n).is_none()
            && d.is_lower_word(e.saturating_sub(1))
            && d.w(e - 1).ends_with('s')
    }

    /// `he said`, `X said`, `said X` right at `k`, ending the sentence.
    fn trailing_attribution(&self, k: usize, b: usize) -> bool {
        let d = self.d;
        let lim = (k + 6).min(b);
        let mut j = k;
        while j < lim {
            if d.is_lower_word(j)
                && lexicon::cue(d.w(j))
                    .is_some_and(|c| c.postposed && matches!(c.form, Form::Past | Form::Third))
            {
                let after = j + 1;
                return after >= b
                    || d.is_sentence_end(after)
                    || d.is_punct(after, ",")
                    || lexicon::is_adverbial_start(d.w(after));
            }
            if !(d.is_word(j) || d.kind(j) == Some(TokenKind::Possessive)) {
                return false;
            }
            j += 1;
        }
        false
    }

    /// The content before an inverted attribution: from the sentence start `a` (or the last
    /// claimed token) up to `c` (exclusive), trimmed.
    fn content_before(&self, a: usize, c: usize) -> Option<(usize, usize)> {
        let d = self.d;
        let a = a.max(c.saturating_sub(MAX_CONTENT));
        let mut s = a;
        let mut j = c;
        while j > a {
            if self.is_claimed(j - 1) {
                s = j;
                break;
            }
            j -= 1;
        }
        // A leading `But`, `And` stays (PolNeAR keeps it); a leading colon or comma goes.
        while s < c && matches!(d.raw(s), ":" | "," | "—" | "–" | "-") {
            s += 1;
        }
        let mut e = c;
        while e > s && matches!(d.raw(e - 1), "," | "." | ";" | ":" | "—" | "–" | "--") {
            e -= 1;
        }
        (e > s && d.words(s, e) >= 2).then_some((s, e))
    }

    /// Direct when the content is one region, mixed when it holds a region, else indirect.
    fn kind_of(&self, cs: usize, ce: usize) -> QuoteKind {
        let mut has = false;
        let first = self.regions.partition_point(|r| r.open < cs);
        for r in self.regions[first..].iter().take_while(|r| r.open < ce) {
            if r.close < ce && r.closed {
                has = true;
                if r.open == cs && r.close + 1 == ce && !r.nested {
                    return QuoteKind::Direct;
                }
            }
        }
        if has { QuoteKind::Mixed } else { QuoteKind::Indirect }
    }

    // ------------------------------------------------------------------ floating quotes

    /// Whole-sentence quotes with no attribution of their own take the speaker of the quote
    /// before them, when it is in the same or the previous paragraph.
    fn floating(&mut self) {
        let d = self.d;
        self.found.sort_by_key(|f| f.start);
        let mut new = Vec::new();
        let mut fi = 0;
        let mut last: Option<Found> = None;
        for ri in 0..self.regions.len() {
            let r = self.regions[ri];
            while fi < self.found.len() && self.found[fi].start < d.start(r.open) {
                if self.found[fi].speaker.is_some() {
                    last = Some(self.found[fi]);
                }
                fi += 1;
            }
            if r.nested || self.used_region[ri] || self.is_claimed(r.open) {
                continue;
            }
            let Some(prev) = last else { continue };
            let para = d.para_index(r.open);
            if prev.para + 1 < para || d.words(r.open + 1, r.close) < 4 {
                continue;
            }
            let (ps, pe) = d.para(r.open);
            let starts = r.open == ps || d.is_sentence_end(r.open - 1) || d.is_close_mark(r.open - 1);
            let after = r.close + 1;
            let ends = after >= pe
                || d.is_sentence_end(after)
                || matches!(d.mark(after), Some((_, true)))
                || (d.is_name_word(after) && d.is_sentence_end(r.close.saturating_sub(1)));
            if !starts || !ends || !(r.closed || r.cont) {
                continue;
            }
            // The text right after must not attribute it to someone else.
            let f = Found {
                start: d.start(r.open),
                end: d.end(r.close),
                kind: QuoteKind::Direct,
                speaker: prev.speaker,
                cue: None,
                para,
                direct: true,
            };
            self.claim(r.open, r.close + 1);
            if let Some(u) = self.used_region.get_mut(ri) {
                *u = true;
            }
            last = Some(f);
            new.push(f);
        }
        self.found.extend(new);
        self.found.sort_by_key(|f| f.start);
    }

    // ------------------------------------------------------------------ output

    fn finish(self, entities: &[Entity]) -> Vec<Quote> {
        let d = self.d;
        let names = NameTable::new(d, entities);
        // Relative pronouns name their antecedent.
        let ante: HashMap<usize, (usize, usize)> = self
            .found
            .iter()
            .filter_map(|f| f.speaker)
            .filter(|&(a, b)| a == b && matches!(d.w(a), "who" | "which"))
            .filter_map(|(a, _)| Some((a, self.antecedent(a, d.sent(a).0)?)))
            .collect();
        // Drop overlaps: direct quotes win, then the earlier.
        let mut found = self.found;
        found.sort_by_key(|f| (f.start, !f.direct));
        let mut kept: Vec<Found> = Vec::with_capacity(found.len());
        for f in found {
            if f.end <= f.start {
                continue;
            }
            if let Some(p) = kept.last()
                && f.start < p.end
            {
                if f.direct && !p.direct {
                    kept.pop();
                } else {
                    continue;
                }
            }
            kept.push(f);
        }
        let mut out = Vec::with_capacity(kept.len());
        let mut last_person: Option<String> = None;
        let mut last_person_at = 0usize;
        for f in kept {
            let Ok(span) = Span::of(d.text, f.start, f.end) else { continue };
            let speaker = f.speaker.and_then(|(a, b)| {
                let (s, e) = (d.start(a), d.end(b));
                let sp = Span::of(d.text, s, e).ok()?;
                let (na, nb) = ante.get(&a).copied().filter(|_| a == b).unwrap_or((a, b));
                let name =
                    names.resolve(d, na, nb, last_person.as_deref().filter(|_| last_person_at <= s), s);
                if names.is_person_name(d, na, nb, &name) {
                    last_person = Some(name.clone());
                    last_person_at = s;
                }
                Some(Speaker { name, span: sp })
            });
            let cue = f.cue.and_then(|(a, b)| Span::of(d.text, d.start(a), d.end(b)).ok());
            out.push(Quote { span, kind: f.kind, speaker, cue });
        }
        out
    }
}

/// Pairs quotation marks per paragraph.
fn pair_marks(d: &Doc) -> Vec<Region> {
    let mut out = Vec::new();
    for (pi, &(ps, pe)) in d.paras.iter().enumerate() {
        let mut open_d: Option<usize> = None;
        let mut open_s: Option<(usize, bool)> = None;
        for i in ps..pe {
            let Some((m, is_open)) = d.mark(i) else { continue };
            match (m, is_open) {
                (Mark::Double, _)
                    if open_d.is_some() && (!is_open || matches!(d.raw(i), "\"" | "'" | "`")) =>
                {
                    if let Some(o) = open_d.take() {
                        out.push(Region {
                            open: o,
                            close: i,
                            closed: true,
                            mark: Mark::Double,
                            nested: false,
                            cont: false,
                        });
                    }
                    open_s = None;
                }
                (Mark::Double, true) => {
                    if open_d.is_none() {
                        open_d = Some(i);
                        open_s = None;
                    }
                }
                (Mark::Double, false) => {}
                (Mark::Single, true) => {
                    if open_s.is_none() {
                        open_s = Some((i, open_d.is_some()));
                    }
                }
                (Mark::Single, false) => {
                    if let Some((o, nested)) = open_s
                        && i - o <= 60
                    {
                        out.push(Region {
                            open: o,
                            close: i,
                            closed: true,
                            mark: Mark::Single,
                            nested,
                            cont: false,
                        });
                        open_s = None;
                    }
                }
            }
        }
        if let Some(o) = open_d {
            let next_opens =
                d.paras.get(pi + 1).is_some_and(|&(ns, _)| matches!(d.mark(ns), Some((Mark::Double, true))));
            out.push(Region {
                open: o,
                close: pe - 1,
                closed: false,
                mark: Mark::Double,
                nested: false,
                cont: next_opens,
            });
        }
    }
    out.sort_by_key(|r| r.open);
    // Single-quote regions inside a double region are nested.
    let mut cover_end = 0usize;
    let mut has_cover = false;
    for r in out.iter_mut() {
        if r.mark == Mark::Double {
            cover_end = r.close;
            has_cover = true;
        } else if has_cover && r.open < cover_end {
            r.nested = true;
        }
    }
    out
}

/// Names in the document, for resolving a speaker to the fullest form.
struct NameTable {
    /// Last word (lowercased) → the fullest capitalised sequence ending in it (the earliest of
    /// the longest), with its word count.
    runs: HashMap<String, (String, usize)>,
    /// Entity mentions: (start byte, end byte, canonical name, is a person).
    mentions: Vec<(usize, usize, String, bool)>,
}

impl NameTable {
    fn new(d: &Doc, entities: &[Entity]) -> NameTable {
        let mut mentions = Vec::new();
        for e in entities {
            for m in &e.mentions {
                mentions.push((m.start, m.end, e.name.clone(), e.label == EntityLabel::Person));
            }
        }
        mentions.sort_by_key(|m| m.0);
        let mut runs: HashMap<String, (String, usize)> = HashMap::default();
        let mut i = 0;
        while i < d.len() {
            if !d.is_name_word(i) {
                i += 1;
                continue;
            }
            let mut j = i;
            while j + 1 < d.len() && d.is_name_word(j + 1) && j + 1 - i < 6 {
                j += 1;
            }
            // Strip leading titles ("US Secretary of State Antony Blinken" → "Antony Blinken").
            let mut a = i;
            while a < j && (lexicon::is_title(d.w(a)) || d.w(a).ends_with('.')) {
                a += 1;
            }
            if let Some(name) = d.text.get(d.start(a)..d.end(j)) {
                let n = name.split_whitespace().count();
                let slot = runs.entry(d.w(j).to_string()).or_insert_with(|| (name.to_string(), n));
                if n > slot.1 {
                    *slot = (name.to_string(), n);
                }
            }
            i = j + 1;
        }
        NameTable { runs, mentions }
    }

    /// The entity mention overlapping bytes `[s, e)`.
    fn mention(&self, s: usize, e: usize) -> Option<&(usize, usize, String, bool)> {
        let i = self.mentions.partition_point(|m| m.1 <= s);
        self.mentions.get(i).filter(|m| m.0 < e)
    }

    /// The canonical name of the speaker tokens `a..=b`.
    fn resolve(&self, d: &Doc, a: usize, b: usize, last_person: Option<&str>, at: usize) -> String {
        let raw = d.text.get(d.start(a)..d.end(b)).unwrap_or("").to_string();
        let w = d.w(a);
        if a == b && lexicon::is_person_pronoun(w) {
            // The most recent person: a named speaker, or a PER mention after it.
            let before = self.mentions.partition_point(|m| m.0 < at);
            let per = self.mentions[..before].iter().rev().take(200).find(|m| m.1 <= at && m.3);
            return match (last_person, per) {
                (_, Some(m)) if last_person.is_none() => m.2.clone(),
                (Some(p), _) => p.to_string(),
                _ => raw,
            };
        }
        if a == b && lexicon::is_subject_pronoun(w) {
            return raw;
        }
        // The name part: a capitalised run ending at the last name word.
        let mut e = b;
        while e > a && !d.is_name_word(e) {
            e -= 1;
        }
        if !d.is_name_word(e) {
            return raw;
        }
        // A role phrase ("a Russian official", "Analysts in China and Russia") stays as written:
        // the name inside it is not the speaker, whatever entity it is.
        // A capitalised role word is a common noun only at the start of a sentence ("Analysts");
        // elsewhere it names a body ("Foreign Ministry"), which the entity lookup below handles.
        let role = |i: usize| lexicon::is_role_noun(d.w(i)) && !lexicon::is_title(d.w(i));
        let common_role = |i: usize| role(i) && (!d.is_name_word(i) || d.sent(i).0 == i);
        if common_role(a) || common_role(b) {
            return raw;
        }
        if let Some(m) = self.mention(d.start(e), d.end(e)) {
            return m.2.clone();
        }
        let last = d.w(e);
        let best = self.runs.get(last);
        // A body ("China's Foreign Ministry") stays as written.
        if lexicon::is_role_noun(last) {
            return raw;
        }
        let mut s = e;
        while s > a && d.is_name_word(s - 1) {
            s -= 1;
        }
        while s < e && (lexicon::is_title(d.w(s)) || d.w(s).ends_with('.')) {
            s += 1;
        }
        let own = d.text.get(d.start(s)..d.end(e)).unwrap_or(&raw).to_string();
        match best {
            Some(r) if r.1 > own.split_whitespace().count() && r.0.ends_with(&own) => r.0.clone(),
            _ => own,
        }
    }

    /// Whether a resolved speaker is a person a later "he"/"she" can refer to.
    fn is_person_name(&self, d: &Doc, a: usize, b: usize, name: &str) -> bool {
        if a == b && lexicon::is_subject_pronoun(d.w(a)) {
            return lexicon::is_person_pronoun(d.w(a)) && name != d.raw(a);
        }
        if let Some(m) = self.mention(d.start(a), d.end(b)) {
            return m.3;
        }
        let mut e = b;
        while e > a && !d.is_name_word(e) {
            e -= 1;
        }
        d.is_name_word(e) && !lexicon::is_role_noun(d.w(e)) && !d.w(e).ends_with("ministry")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(text: &str) -> Vec<Quote> {
        extract(text, &[])
    }

    fn one(text: &str) -> Quote {
        let qs = q(text);
        assert_eq!(qs.len(), 1, "{text}: {qs:#?}");
        qs.into_iter().next().expect("one quote")
    }

    fn speaker(qt: &Quote) -> (&str, &str) {
        let s = qt.speaker.as_ref().expect("speaker");
        (s.span.text.as_str(), s.name.as_str())
    }

    #[test]
    fn quote_then_speaker() {
        let qt = one("“We will win,” Smith said.");
        assert_eq!(qt.span.text, "“We will win,”");
        assert_eq!(qt.kind, QuoteKind::Direct);
        assert_eq!(speaker(&qt).0, "Smith");
        assert_eq!(qt.cue.as_ref().map(|c| c.text.as_str()), Some("said"));
    }

    #[test]
    fn speaker_then_colon() {
        let qt = one("Smith said: “We will win the war and the peace.”");
        assert_eq!(qt.span.text, "“We will win the war and the peace.”");
        assert_eq!(speaker(&qt).0, "Smith");
    }

    #[test]
    fn said_then_speaker_with_role() {
        let qt = one("“It is over,” said Alexander Neill, a Singapore-based defense analyst.");
        assert_eq!(speaker(&qt).0, "Alexander Neill");
    }

    #[test]
    fn split_quote() {
        let qs = q("“It is over,” he said. “We lost.”");
        assert_eq!(qs.len(), 2, "{qs:#?}");
        assert_eq!(qs[1].span.text, "“We lost.”");
        assert_eq!(speaker(&qs[1]).0, "he");
    }

    #[test]
    fn multi_paragraph_quote() {
        let text = "Jones said: “The first part goes on here\n\n“and the second part ends here.”";
        let qs = q(text);
        assert_eq!(qs.len(), 2, "{qs:#?}");
        assert!(qs.iter().all(|x| x.speaker.as_ref().is_some_and(|s| s.span.text == "Jones")));
    }

    #[test]
    fn marks_of_all_kinds() {
        for text in
            ["\"We will win,\" Smith said.", "‘We will win,’ Smith said.", "«We will win,» Smith said."]
        {
            let qt = one(text);
            assert_eq!(speaker(&qt).0, "Smith", "{text}");
        }
    }

    #[test]
    fn scare_quotes_are_no_quotes() {
        assert!(q("Putin’s mission will highlight the couple’s “boundless” partnership.").is_empty());
    }

    #[test]
    fn according_to() {
        let qt = one("According to the ministry, the talks will resume next week.");
        assert_eq!(qt.span.text, "the talks will resume next week");
        let qt = one("The talks will resume next week, according to two officials.");
        assert_eq!(qt.span.text, "The talks will resume next week");
        assert_eq!(speaker(&qt).0, "two officials");
    }

    #[test]
    fn indirect_speech() {
        let qt = one("Blinken said that he raised concerns with Xi about Taiwan.");
        assert_eq!(qt.span.text, "he raised concerns with Xi about Taiwan");
        assert_eq!(qt.kind, QuoteKind::Indirect);
        let qt = one("US Secretary of State Antony Blinken warned that sanctions would follow.");
        assert_eq!(speaker(&qt).1, "Antony Blinken");
    }

    #[test]
    fn pronoun_resolves_to_last_person() {
        let qs = q(
            "Vladimir Putin arrived on Thursday.\nPutin said the ties were strong.\nHe said: “Relations are at their best.”",
        );
        assert_eq!(qs.len(), 2, "{qs:#?}");
        assert_eq!(speaker(&qs[0]).1, "Vladimir Putin");
        assert_eq!(speaker(&qs[1]), ("He", "Vladimir Putin"));
    }

    #[test]
    fn no_quotes_no_output() {
        assert!(q("").is_empty());
        assert!(q("The weather was fine. Markets rose on Tuesday.").is_empty());
    }

    #[test]
    fn unbalanced_marks_do_not_panic() {
        for text in [
            "“Open and never closed, he said",
            "” stray close” and “ another open “",
            "He said: “",
            "\"",
            "'' '' `` '",
            "“A,” he said, “",
            "According to",
            "according to ,",
            ", said",
            "“x” said",
            "said “x”",
        ] {
            for qt in q(text) {
                qt.span.validate(text).expect("valid span");
            }
        }
    }

    #[test]
    fn nested_quotes() {
        let text = "“He told me ‘go home,’ and I went,” she said.";
        let qt = one(text);
        assert_eq!(qt.span.text, "“He told me ‘go home,’ and I went,”");
        assert_eq!(speaker(&qt).0, "she");
    }

    #[test]
    fn nyt_style_marks() {
        let qt = one("''He can beat Hillary,'' he told advisers afterward.");
        assert_eq!(qt.span.text, "''He can beat Hillary,''");
    }

    /// Ten megabytes of mixed, unbalanced and mark-free text, and one huge sentence with many
    /// cues and no punctuation: no panic, every span valid, output in proportion to the input.
    #[test]
    fn ten_megabytes() {
        let chunk = "“We will win,” Smith said. Jones said that the plan would fail, according to \
                     aides. “Unclosed quote and more words he said\n\n“It goes on,” she added. \
                     The “boundless” partnership. ‘Single,’ said X. ";
        let mut text = String::with_capacity(10_500_000);
        while text.len() < 5_000_000 {
            text.push_str(chunk);
        }
        while text.len() < 10_000_000 {
            text.push_str("officials said analysts told reporters he warned that ");
        }
        let out = q(&text);
        for qt in &out {
            qt.span.validate(&text).expect("valid span");
        }
        let chunks = 5_000_000 / chunk.len();
        assert!(out.len() >= chunks, "{} quotes for {chunks} chunks", out.len());
    }

    #[test]
    fn unnamed_source_kept() {
        let qt = one("“Nothing will change that,” a Russian official said.");
        assert_eq!(speaker(&qt), ("a Russian official", "a Russian official"));
    }
}
