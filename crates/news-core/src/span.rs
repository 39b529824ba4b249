//! Byte spans into an article's text that also carry the text they cover.

use serde::{Deserialize, Serialize};

/// A UTF-8 byte range `start..end` into `article.text`, with the covered `text` alongside so a
/// reader of the JSON never has to slice it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// Why a byte range cannot be a span of a given text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SpanError {
    #[error("span {start}..{end} is reversed or past the end of the text ({len} bytes)")]
    OutOfBounds { start: usize, end: usize, len: usize },
    #[error("span {start}..{end} does not start and end on character boundaries")]
    NotCharBoundary { start: usize, end: usize },
    #[error("span {start}..{end} says its text is {claimed:?} but the article has {actual:?}")]
    TextMismatch { start: usize, end: usize, claimed: String, actual: String },
}

impl Span {
    /// The span `start..end` of `text`, checked.
    pub fn of(text: &str, start: usize, end: usize) -> Result<Span, SpanError> {
        let covered = checked_slice(text, start, end)?;
        Ok(Span { start, end, text: covered.to_owned() })
    }

    /// Checks that this span is a valid range of `text` and that its `text` field matches.
    pub fn validate(&self, text: &str) -> Result<(), SpanError> {
        let actual = checked_slice(text, self.start, self.end)?;
        if actual != self.text {
            return Err(SpanError::TextMismatch {
                start: self.start,
                end: self.end,
                claimed: self.text.clone(),
                actual: actual.to_owned(),
            });
        }
        Ok(())
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
}

/// `&text[start..end]` if that is a valid char-aligned range, else the reason it is not.
pub fn checked_slice(text: &str, start: usize, end: usize) -> Result<&str, SpanError> {
    if start > end || end > text.len() {
        return Err(SpanError::OutOfBounds { start, end, len: text.len() });
    }
    text.get(start..end).ok_or(SpanError::NotCharBoundary { start, end })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn span_of_checks_bounds_and_boundaries() {
        let text = "Putin’s trip";
        let span = Span::of(text, 0, 5).expect("valid");
        assert_eq!(span.text, "Putin");
        assert!(matches!(Span::of(text, 3, 2), Err(SpanError::OutOfBounds { .. })));
        assert!(matches!(Span::of(text, 0, 99), Err(SpanError::OutOfBounds { .. })));
        // ’ is three bytes at 5..8: 6 is inside it.
        assert!(matches!(Span::of(text, 0, 6), Err(SpanError::NotCharBoundary { .. })));
    }

    #[test]
    fn validate_rejects_wrong_text() {
        let span = Span { start: 0, end: 5, text: "Xi Ji".into() };
        assert!(matches!(span.validate("Putin"), Err(SpanError::TextMismatch { .. })));
        let ok = Span { start: 0, end: 5, text: "Putin".into() };
        assert_eq!(ok.validate("Putin"), Ok(()));
    }
}
