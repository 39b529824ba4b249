//! Text segmentation for the NER and analysis plugins: a CoNLL-2003-style
//! tokenizer ([`tokenize`]) and a rule-based sentence splitter ([`split_sentences`]).
//!
//! Offsets are UTF-8 byte offsets (`u32`) into the input text. Both passes are
//! linear-time, allocation-free apart from their output vectors, and never panic.
//!
//! ```
//! use news_core::text::{TokenKind, sentences, tokenize};
//!
//! let text = "Putin’s visit starts Oct. 18. He arrives in the U.S. later.";
//! let tokens = tokenize(text);
//! assert_eq!(tokens[0].text(text), "Putin");
//! assert_eq!(tokens[1].kind, TokenKind::Possessive);
//! let ss = sentences(text);
//! assert_eq!(ss.len(), 2);
//! assert_eq!(ss[1].text(text), "He arrives in the U.S. later.");
//! ```

mod abbreviations;
mod sentences;
mod tokenize;

pub use sentences::{Sentence, sentences, split_sentences};
pub use tokenize::{Token, TokenKind, is_separator, tokenize, tokenize_into};
