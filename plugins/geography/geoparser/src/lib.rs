//! The geography plugin's machinery as a plain library: the compact gazetteer
//! ([`gazetteer`], compiled in from `plugins/geography/data/gazetteer.tsv`), recognition and
//! resolution ([`geoparse`]), the [`Geography`] analyzer, and the scorer of the geoparsing dev
//! sets ([`eval`]). The plugin crate `news-geography` only exports [`Geography`]; `news-lab`
//! links this crate directly (evaluation, bench, and the gazetteer builder).

pub mod eval;
pub mod gazetteer;
pub mod geoparse;

use std::sync::OnceLock;

use news_core::{AnalyzeError, Analyzer, Document, Entity, GeographyAnnotation, annotations::keys};
use news_plugin::sdk::NoConfig;

pub use crate::gazetteer::{FormatError, Gazetteer};
pub use crate::geoparse::Geoparser;

/// The gazetteer file, compiled in.
pub const GAZETTEER_TSV: &str = include_str!("../../data/gazetteer.tsv");

static GAZETTEER: OnceLock<Result<Gazetteer, FormatError>> = OnceLock::new();

/// The compiled-in gazetteer, parsed once per process on first use.
pub fn gazetteer() -> Result<&'static Gazetteer, &'static FormatError> {
    GAZETTEER.get_or_init(|| Gazetteer::parse(GAZETTEER_TSV)).as_ref()
}

/// The geography analyzer: the compiled-in gazetteer and the geoparser.
pub struct Geography {
    gaz: &'static Gazetteer,
}

impl Geography {
    /// The analyzer with the compiled-in gazetteer (what `create` returns).
    pub fn new() -> Result<Self, AnalyzeError> {
        let gaz =
            gazetteer().map_err(|err| AnalyzeError::Failed(format!("bad compiled-in gazetteer: {err}")))?;
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
