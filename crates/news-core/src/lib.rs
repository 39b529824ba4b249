//! The vocabulary every other crate speaks: the [`Article`], byte [`Span`]s, the annotation types of
//! the built-in analyzers (exactly the JSON contract of `DESIGN.md`), the [`Document`] a plugin
//! reads, the [`Analyzer`] trait a plugin implements, and the shared text primitives in [`text`].
//!
//! This crate does no I/O and knows nothing of plugins, HTTP or the command line.
#![deny(unsafe_code)]

pub mod annotations;
mod article;
mod document;
mod span;
pub mod text;

pub use annotations::{
    Entity, EntityLabel, EntitySentiment, Focus, GeographyAnnotation, Place, Quote, QuoteKind,
    SentenceSentiment, SentimentAnnotation, Speaker, ToneScore,
};
pub use article::Article;
pub use document::{AnalyzeError, Analyzer, Document};
pub use span::{Span, SpanError, checked_slice};
