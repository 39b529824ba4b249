//! The `quotes` plugin: who said what, direct and indirect, with the speaker resolved to an entity.
//!
//! Status: the plugin boundary and output type are in place; extraction itself is not built yet,
//! so it returns no quotes (see the quotes issue). Requires `entities`. Output: `Vec<Quote>`.

use news_core::{AnalyzeError, Analyzer, Document, Quote, annotations::keys};
use news_plugin::sdk::NoConfig;

/// The quotes analyzer.
pub struct Quotes;

impl Analyzer for Quotes {
    const NAME: &'static str = keys::QUOTES;
    const VERSION: &'static str = env!("CARGO_PKG_VERSION");
    const DESCRIPTION: &'static str =
        "direct and indirect quotes with speakers (not implemented yet: returns none)";
    const REQUIRES: &'static [&'static str] = &[keys::ENTITIES];
    const PROVIDES: &'static [&'static str] = &[keys::QUOTES];
    type Config = NoConfig;
    type Output = Vec<Quote>;

    fn create(_config: NoConfig) -> Result<Self, AnalyzeError> {
        Ok(Quotes)
    }

    fn analyze(&self, doc: &Document) -> Result<Vec<Quote>, AnalyzeError> {
        // The requirement is real even now: fail loudly if the host did not honour it.
        doc.entities()?;
        Ok(Vec::new())
    }
}

news_plugin::export_plugin!(Quotes);
