//! The `geography` plugin: places resolved to coordinates and countries, and focus countries.
//!
//! Status: the plugin boundary and output type are in place; geoparsing itself is not built yet,
//! so it returns no places and no focus (see the geography issue). Requires `entities`. Output:
//! `GeographyAnnotation`.

use news_core::{AnalyzeError, Analyzer, Document, GeographyAnnotation, annotations::keys};
use news_plugin::sdk::NoConfig;

/// The geography analyzer.
pub struct Geography;

impl Analyzer for Geography {
    const NAME: &'static str = keys::GEOGRAPHY;
    const VERSION: &'static str = env!("CARGO_PKG_VERSION");
    const DESCRIPTION: &'static str =
        "places, coordinates and focus countries (not implemented yet: returns none)";
    const REQUIRES: &'static [&'static str] = &[keys::ENTITIES];
    const PROVIDES: &'static [&'static str] = &[keys::GEOGRAPHY];
    type Config = NoConfig;
    type Output = GeographyAnnotation;

    fn create(_config: NoConfig) -> Result<Self, AnalyzeError> {
        Ok(Geography)
    }

    fn analyze(&self, doc: &Document) -> Result<GeographyAnnotation, AnalyzeError> {
        doc.entities()?;
        Ok(GeographyAnnotation::default())
    }
}

news_plugin::export_plugin!(Geography);
