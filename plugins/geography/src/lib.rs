//! The `geography` plugin: places resolved to coordinates and countries, nationality words mapped
//! to their countries, and the article's focus countries.
//!
//! The analyzer, [`Geography`], lives in the `news-geoparser` library (gazetteer compiled in from
//! `data/gazetteer.tsv`, built by `cargo xtask gazetteer`, format in `data/README.md`; parsed
//! once per process on the first `create`). Requires `entities`: its PER/ORG mentions veto
//! gazetteer matches and its LOC mentions confirm them; with no entities the gazetteer rules work
//! alone. Output: `GeographyAnnotation`.

pub use news_geoparser::Geography;

news_plugin::export_plugin!(news_geoparser::Geography);
