//! Rule-based sentence splitter over the tokens of [`super::tokenize`].
//!
//! A sentence ends at a paragraph break (any line break), or after terminal
//! punctuation (. ! ? … and CJK 。！？) plus any closing quotes/brackets, when the next
//! token can begin a sentence. Period-final abbreviations decide by class (see
//! [`split_sentences`]).

use std::ops::Range;

use super::abbreviations::{self, AbbrevClass};
use super::tokenize::{Token, TokenKind, tokenize};

/// A sentence: byte span plus the range of token indices it covers.
///
/// The span runs from the first token's start to the last token's end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    pub start: u32,
    pub end: u32,
    pub tokens: Range<usize>,
}

impl Sentence {
    /// The sentence's text. Returns `""` if the offsets do not fit `text`.
    #[must_use]
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.range()).unwrap_or("")
    }

    /// The byte range `start..end`.
    #[must_use]
    pub fn range(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// Tokenizes `text` and splits it into sentences.
#[must_use]
pub fn sentences(text: &str) -> Vec<Sentence> {
    split_sentences(text, &tokenize(text))
}

/// Splits `tokens` (which must be `tokenize(text)`) into sentences. Every token is
/// in exactly one sentence; sentences are in order; no tokens gives no sentences.
///
/// Boundaries:
/// - a line break between two tokens ("\n", "\r", U+2028/2029, …) always;
/// - after `. .. ... ! ? … ‼ ؟ ۔ ।` and any following terminals, closing quotes and
///   closing brackets, if whitespace follows and the next token begins a sentence:
///   a word not starting lowercase (uncased scripts count), a digit, an opening
///   quote or bracket, a dash, or an ASCII/currency symbol. Without whitespace, only
///   before a titlecase word ("Russia.On" from squeezed paragraphs);
/// - after CJK `。！？` always.
///
/// Abbreviations keep their period in the token ("Mr.", "U.S.", "S.") and end a
/// sentence only if whitespace follows and:
/// - titles, "vs.", "e.g.", "i.e." and single initials ("S."): never before a word
///   (an initial may end before a quote/bracket followed by a sentence-starter word);
/// - "No.", "Vol.", "Fig.": the next token begins a sentence and is not a number;
/// - months ("Oct."): not before a number, else like a plain period (AP style
///   abbreviates a month only before a date, so "in Jan. Analysts" splits);
/// - all others ("U.S.", "Inc.", "Jr.", "Calif.", "a.m."): the next word, after any
///   opening quotes/brackets, is a common sentence starter ("The", "He", "But",
///   "In", …): "in the U.S. The next day" splits, "U.S. Secretary of State" does not.
#[must_use]
pub fn split_sentences(text: &str, tokens: &[Token]) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut first = 0;
    let mut i = 0;
    while i < tokens.len() {
        let (last, boundary) = decide(text, tokens, i);
        if boundary {
            if let (Some(a), Some(b)) = (tokens.get(first), tokens.get(last)) {
                out.push(Sentence { start: a.start, end: b.end, tokens: first..last + 1 });
            }
            first = last + 1;
        }
        i = last + 1;
    }
    out
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Terminal {
    No,
    /// . ! ? … — needs a sentence-beginning token after whitespace.
    Latin,
    /// 。！？ — ends unconditionally.
    Cjk,
}

/// Looks at token `i` (plus the closers it absorbs): returns the index of the last
/// token examined and whether a sentence ends after it.
fn decide(text: &str, tokens: &[Token], i: usize) -> (usize, bool) {
    let Some(&tok) = tokens.get(i) else {
        return (i, true);
    };
    let s = tok.text(text);
    let term = terminal(tok, s);
    // Only a word that ends in a period can be an abbreviation.
    let abbrev =
        if tok.kind == TokenKind::Word && s.ends_with('.') { abbreviations::classify_token(s) } else { None };
    if term == Terminal::No && abbrev.is_none() {
        let boundary = tokens.get(i + 1).is_none_or(|next| line_break(text, tok.end, next.start));
        return (i, boundary);
    }
    // Absorb more terminals and closing quotes/brackets: `States.”`, `?!`, `etc.)`.
    let mut last = i;
    let mut latest_term = term;
    let mut any_cjk = term == Terminal::Cjk;
    let mut prev = tok;
    let next = loop {
        let Some(&next) = tokens.get(last + 1) else {
            return (last, true);
        };
        if line_break(text, prev.end, next.start) {
            return (last, true);
        }
        let ns = next.text(text);
        let t = terminal(next, ns);
        if t != Terminal::No {
            latest_term = t;
            any_cjk |= t == Terminal::Cjk;
        } else if !(next.kind == TokenKind::CloseQuote
            || (next.kind == TokenKind::Punct && is_close_bracket(ns)))
        {
            break next;
        }
        last += 1;
        prev = next;
    };
    if any_cjk {
        return (last, true);
    }
    let spaced = next.start > prev.end;
    let boundary = match (latest_term, abbrev) {
        (Terminal::No, Some(class)) => spaced && abbreviation_ends(text, tokens, last + 1, class),
        _ if spaced => begins_sentence(text, next),
        _ => titlecase_word(text, next),
    };
    (last, boundary)
}

fn terminal(tok: Token, s: &str) -> Terminal {
    if tok.kind != TokenKind::Punct {
        return Terminal::No;
    }
    match s {
        "!" | "?" | "…" | "‼" | "⁇" | "⁈" | "⁉" | "؟" | "۔" | "।" | "॥" => Terminal::Latin,
        "。" | "！" | "？" | "｡" => Terminal::Cjk,
        _ if !s.is_empty() && s.bytes().all(|b| b == b'.') => Terminal::Latin,
        _ => Terminal::No,
    }
}

/// Whether an abbreviation whose sentence-candidate successor is `tokens[next]`
/// ends the sentence.
fn abbreviation_ends(text: &str, tokens: &[Token], next: usize, class: AbbrevClass) -> bool {
    let Some(&tok) = tokens.get(next) else {
        return true;
    };
    match class {
        AbbrevClass::NeverFinal => tok.kind != TokenKind::Word && starter_follows(text, tokens, next),
        AbbrevClass::NumberPrefix => tok.kind != TokenKind::Number && begins_sentence(text, tok),
        AbbrevClass::Month => tok.kind != TokenKind::Number && begins_sentence(text, tok),
        AbbrevClass::Other => starter_follows(text, tokens, next),
    }
}

/// The first word at or after `tokens[idx]`, skipping up to three opening quotes or
/// brackets, is a common sentence starter.
fn starter_follows(text: &str, tokens: &[Token], idx: usize) -> bool {
    tokens
        .iter()
        .skip(idx)
        .take(4)
        .find(|t| {
            !(t.kind == TokenKind::OpenQuote || (t.kind == TokenKind::Punct && is_open_bracket(t.text(text))))
        })
        .is_some_and(|t| t.kind == TokenKind::Word && abbreviations::is_sentence_starter(t.text(text)))
}

/// Whether `tok` (after whitespace) can start a sentence.
fn begins_sentence(text: &str, tok: Token) -> bool {
    let s = tok.text(text);
    let Some(c) = s.chars().next() else {
        return false;
    };
    match tok.kind {
        TokenKind::OpenQuote | TokenKind::Number => true,
        TokenKind::Word => c.is_numeric() || c == '#' || c == '@' || (c.is_alphabetic() && !c.is_lowercase()),
        TokenKind::Punct => is_open_bracket(s) || matches!(c, '-' | '\u{2013}' | '\u{2014}' | '¿' | '¡'),
        // Currency and ASCII symbols ("$5"); not emoji, which usually trail a sentence.
        TokenKind::Symbol => c.is_ascii() || matches!(c, '\u{A2}'..='\u{A5}' | '\u{20A0}'..='\u{20CF}'),
        TokenKind::CloseQuote | TokenKind::Possessive => false,
    }
}

/// A word starting with an uppercase letter followed by a lowercase one ("The").
fn titlecase_word(text: &str, tok: Token) -> bool {
    if tok.kind != TokenKind::Word {
        return false;
    }
    let mut chars = tok.text(text).chars();
    matches!((chars.next(), chars.next()), (Some(a), Some(b)) if a.is_uppercase() && b.is_lowercase())
}

fn is_open_bracket(s: &str) -> bool {
    matches!(s, "(" | "[" | "{" | "（" | "［" | "｛" | "【" | "〈" | "《" | "〔")
}

fn is_close_bracket(s: &str) -> bool {
    matches!(s, ")" | "]" | "}" | "）" | "］" | "｝" | "】" | "〉" | "》" | "〕")
}

/// The bytes `from..to` (the gap between two tokens) contain a line break.
fn line_break(text: &str, from: u32, to: u32) -> bool {
    let Some(gap) = text.as_bytes().get(from as usize..to as usize) else {
        return false;
    };
    gap.iter().enumerate().any(|(k, &b)| match b {
        b'\n' | b'\r' | 0x0B | 0x0C => true,
        // U+0085 NEL.
        0xC2 => gap.get(k + 1) == Some(&0x85),
        // U+2028 LINE SEPARATOR, U+2029 PARAGRAPH SEPARATOR.
        0xE2 => gap.get(k + 1) == Some(&0x80) && matches!(gap.get(k + 2), Some(0xA8 | 0xA9)),
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize::tests::assert_token_invariants;

    fn sents(s: &str) -> Vec<&str> {
        sentences(s).iter().map(|x| x.text(s)).collect()
    }

    /// Sentences are non-empty, ordered, contiguous over all tokens, and span from
    /// their first token's start to their last token's end.
    fn assert_sentence_invariants(text: &str, tokens: &[Token], ss: &[Sentence]) {
        let mut next = 0;
        for s in ss {
            assert_eq!(s.tokens.start, next, "gap or overlap at {s:?}");
            assert!(s.tokens.end > s.tokens.start, "empty sentence {s:?}");
            let first = tokens.get(s.tokens.start).map(|t| t.start);
            let last = tokens.get(s.tokens.end - 1).map(|t| t.end);
            assert_eq!((Some(s.start), Some(s.end)), (first, last));
            assert_eq!(s.text(text).trim(), s.text(text));
            next = s.tokens.end;
        }
        assert_eq!(next, tokens.len());
        assert_eq!(ss.is_empty(), tokens.is_empty());
    }

    #[test]
    fn dates_and_numbers() {
        assert_eq!(
            sents("in Beijing, China, Oct. 18, 2023. Putin will visit Beijing on Thursday."),
            ["in Beijing, China, Oct. 18, 2023.", "Putin will visit Beijing on Thursday."]
        );
        assert_eq!(sents("It grew in 2023. The rest fell."), ["It grew in 2023.", "The rest fell."]);
        assert_eq!(sents("Since Jan. 6 nothing."), ["Since Jan. 6 nothing."]);
        assert_eq!(
            sents("Prices rose in Jan. Analysts said so."),
            ["Prices rose in Jan.", "Analysts said so."]
        );
        assert_eq!(
            sents("He went to No. 10 Downing St. Then left."),
            ["He went to No. 10 Downing St.", "Then left."]
        );
        assert_eq!(sents("The answer was No. He left."), ["The answer was No.", "He left."]);
    }

    #[test]
    fn abbreviations() {
        assert_eq!(
            sents("Singapore’s S. Rajaratnam School of International Studies."),
            ["Singapore’s S. Rajaratnam School of International Studies."]
        );
        assert_eq!(sents("Mr. Smith met Dr. No in St. Louis."), ["Mr. Smith met Dr. No in St. Louis."]);
        assert_eq!(
            sents("Apple Inc. said so. Apple Inc. The company grew."),
            ["Apple Inc. said so.", "Apple Inc.", "The company grew."]
        );
        assert_eq!(
            sents("U.S. Secretary of State Antony Blinken spoke."),
            ["U.S. Secretary of State Antony Blinken spoke."]
        );
        assert_eq!(
            sents("He lives in the U.S. The next day he left."),
            ["He lives in the U.S.", "The next day he left."]
        );
        assert_eq!(
            sents("At 10 a.m. Eastern it began. At 10 a.m. The doors opened."),
            ["At 10 a.m. Eastern it began.", "At 10 a.m.", "The doors opened."]
        );
        assert_eq!(sents("George W. Bush e.g. Texas."), ["George W. Bush e.g. Texas."]);
        assert_eq!(
            sents("Sen. Warren, D-Mass., said so. D-Mass. The end."),
            ["Sen. Warren, D-Mass., said so.", "D-Mass.", "The end."]
        );
        assert_eq!(
            sents("It crossed the U.S. “red line.” Then"),
            ["It crossed the U.S. “red line.”", "Then"]
        );
        assert_eq!(
            sents("They met in the U.S. “We agreed,” he said."),
            ["They met in the U.S.", "“We agreed,” he said."]
        );
    }

    #[test]
    fn lowercase_continuation() {
        assert_eq!(
            sents("what Beijing considers US efforts. to contain China."),
            ["what Beijing considers US efforts. to contain China."]
        );
        assert_eq!(sents("to end the war. in Ukraine."), ["to end the war. in Ukraine."]);
        assert_eq!(sents("1 MB of a. a. a."), ["1 MB of a. a. a."]);
    }

    #[test]
    fn quotes_and_brackets() {
        assert_eq!(
            sents("claim “supremacy over the United States.”\nThe Russian president will visit."),
            ["claim “supremacy over the United States.”", "The Russian president will visit."]
        );
        assert_eq!(
            sents("He said: “Today, ties continue to strengthen.” Putin praised it."),
            ["He said: “Today, ties continue to strengthen.”", "Putin praised it."]
        );
        assert_eq!(sents("“It is late,” said Xi. Then"), ["“It is late,” said Xi.", "Then"]);
        assert_eq!(sents("“Is it?” she asked."), ["“Is it?” she asked."]);
        assert_eq!(sents("\"Go.\" He left."), ["\"Go.\"", "He left."]);
        assert_eq!(sents("(It rained.) Then sun."), ["(It rained.)", "Then sun."]);
        assert_eq!(sents("Wait?! “No!” Fine... Done… OK"), ["Wait?!", "“No!”", "Fine...", "Done…", "OK"]);
        assert_eq!(sents("It ended. “Next,” he said."), ["It ended.", "“Next,” he said."]);
    }

    #[test]
    fn paragraphs_and_edges() {
        assert!(sentences("").is_empty());
        assert!(sentences(" \n\n\t").is_empty());
        assert_eq!(sents("no terminal here\n\nnor here"), ["no terminal here", "nor here"]);
        assert_eq!(sents("Mr.\nSmith"), ["Mr.", "Smith"]);
        assert_eq!(sents("line one\r\nline two\u{2029}three"), ["line one", "line two", "three"]);
        assert_eq!(sents("It ended.The next began."), ["It ended.", "The next began."]);
        assert_eq!(sents("Use ASP.NET now."), ["Use ASP.NET now."]);
        assert_eq!(sents("Done. 5 more. $3 left. 😀 fine."), ["Done.", "5 more.", "$3 left. 😀 fine."]);
        assert_eq!(sents("你好。我很好！谢谢"), ["你好。", "我很好！", "谢谢"]);
        assert_eq!(sents("Конец. Начало."), ["Конец.", "Начало."]);
    }

    #[test]
    fn sentence_text_and_range() {
        let text = "A b. C d.";
        let ss = sentences(text);
        assert_eq!(ss.len(), 2);
        assert_eq!(ss[1].range(), 5..9);
        assert_eq!(ss[1].tokens, 3..6);
        let bogus = Sentence { start: 5, end: 99, tokens: 0..1 };
        assert_eq!(bogus.text(text), "");
    }

    #[test]
    fn mismatched_tokens_do_not_panic() {
        let tokens = tokenize("Hello there. General Kenobi.");
        let ss = split_sentences("short", &tokens);
        assert_eq!(ss.iter().map(|s| s.tokens.len()).sum::<usize>(), tokens.len());
    }

    #[test]
    fn robustness_and_invariants() {
        let quotes = "\"".repeat(100_000);
        let closers = format!("End.{}", "”".repeat(50_000));
        let dots = "a. ".repeat(350_000);
        let bangs = "?!".repeat(50_000);
        let cases = [
            "",
            "   ",
            ".",
            "\u{0}\u{1}\u{2}",
            "’",
            "'s",
            "U.S.",
            "Mr. ",
            "A. B. C.",
            "“”",
            "。。。",
            "x\n\n\n.",
            &quotes,
            &closers,
            &dots,
            &bangs,
        ];
        for s in cases {
            let tokens = tokenize(s);
            assert_token_invariants(s, &tokens);
            assert_sentence_invariants(s, &tokens, &split_sentences(s, &tokens));
        }
    }
}
