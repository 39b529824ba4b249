//! The `quotes` plugin: who said what, direct and indirect, with the speaker resolved to an entity.
//!
//! The analyzer lives in `news-quotes-extractor` (this directory's `extractor/`); this crate only
//! makes it a plugin library. Requires `entities`. Output: `Vec<Quote>`.

pub use news_quotes_extractor::*;

news_plugin::export_plugin!(news_quotes_extractor::Quotes);
