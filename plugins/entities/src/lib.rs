//! The `entities` plugin: people, organisations, places and other names, merged per article.
//!
//! Status: the plugin boundary and output type are in place; recognition itself is not built yet,
//! so it returns no entities (see the entities issue). Output: `Vec<Entity>` as in the contract.

use news_core::{AnalyzeError, Analyzer, Document, Entity, annotations::keys};
use news_plugin::sdk::NoConfig;

/// The entities analyzer.
pub struct Entities;

impl Analyzer for Entities {
    const NAME: &'static str = keys::ENTITIES;
    const VERSION: &'static str = env!("CARGO_PKG_VERSION");
    const DESCRIPTION: &'static str = "named entities merged per article (not implemented yet: returns none)";
    const REQUIRES: &'static [&'static str] = &[];
    const PROVIDES: &'static [&'static str] = &[keys::ENTITIES];
    type Config = NoConfig;
    type Output = Vec<Entity>;

    fn create(_config: NoConfig) -> Result<Self, AnalyzeError> {
        Ok(Entities)
    }

    fn analyze(&self, _doc: &Document) -> Result<Vec<Entity>, AnalyzeError> {
        Ok(Vec::new())
    }
}

news_plugin::export_plugin!(Entities);
