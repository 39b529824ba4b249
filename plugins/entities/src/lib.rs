//! The `entities` plugin: people, organisations, places and other names (PER, ORG, LOC, MISC),
//! found by a trained two-pass sequence tagger and merged per article.
//!
//! The analyzer lives in `news-entities-tagger` (this directory's `tagger/`); this crate only
//! makes it a plugin library. See `MODEL_CARD.md` for the model.

pub use news_entities_tagger::*;

news_plugin::export_plugin!(news_entities_tagger::Entities);
