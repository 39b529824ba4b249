//! The `geography` plugin: places resolved to coordinates and countries, nationality words mapped
//! to their countries, and the article's focus countries.
//!
//! The work is done by the `news-geoparser` library (gazetteer compiled in from
//! `data/gazetteer.tsv`, built by `cargo xtask gazetteer`, format in `data/README.md`; parsed
//! once per process on the first `create`). Requires `entities`: its PER/ORG mentions veto
//! gazetteer matches and its LOC mentions confirm them; with no entities the gazetteer rules work
//! alone. Output: `GeographyAnnotation`.

use news_core::{AnalyzeError, Analyzer, Document, Entity, GeographyAnnotation, annotations::keys};
use news_geoparser::{Gazetteer, Geoparser};
use news_plugin::sdk::NoConfig;

/// The geography analyzer.
pub struct Geography {
    gaz: &'static Gazetteer,
}

impl Geography {
    /// The analyzer with the compiled-in gazetteer (what `create` returns).
    pub fn new() -> Result<Self, AnalyzeError> {
        let gaz = news_geoparser::gazetteer()
            .map_err(|err| AnalyzeError::Failed(format!("bad compiled-in gazetteer: {err}")))?;
        Ok(Geography { gaz })
    }

    /// Geoparses a text with the given entities (empty when none).
    pub fn geoparse(&self, text: &str, entities: &[Entity]) -> GeographyAnnotation {
        Geoparser::new(self.gaz).analyze(text, entities)
    }
}

impl Analyzer for Geography {
    const NAME: &'static str = keys::GEOGRAPHY;
    const VERSION: &'static str = env!("CARGO_PKG_VERSION");
    const DESCRIPTION: &'static str = "places with GeoNames ids and points, demonyms, focus countries";
    const REQUIRES: &'static [&'static str] = &[keys::ENTITIES];
    const PROVIDES: &'static [&'static str] = &[keys::GEOGRAPHY];
    type Config = NoConfig;
    type Output = GeographyAnnotation;

    fn create(_config: NoConfig) -> Result<Self, AnalyzeError> {
        Geography::new()
    }

    fn analyze(&self, doc: &Document) -> Result<GeographyAnnotation, AnalyzeError> {
        let entities = doc.entities()?;
        Ok(self.geoparse(&doc.article.text, &entities))
    }
}

news_plugin::export_plugin!(Geography);
