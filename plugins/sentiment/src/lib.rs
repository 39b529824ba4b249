//! The `sentiment` plugin: tone of the article, of each sentence, and toward each entity.
//!
//! Status: the plugin boundary and output type are in place; scoring itself is not built yet, so
//! it returns an empty annotation (score 0, label "unscored", no sentences, no entities; see the
//! sentiment issue). Requires `entities`. Output: `SentimentAnnotation`.

use news_core::{AnalyzeError, Analyzer, Document, SentimentAnnotation, ToneScore, annotations::keys};
use news_plugin::sdk::NoConfig;

/// The sentiment analyzer.
pub struct Sentiment;

impl Analyzer for Sentiment {
    const NAME: &'static str = keys::SENTIMENT;
    const VERSION: &'static str = env!("CARGO_PKG_VERSION");
    const DESCRIPTION: &'static str =
        "document, sentence and entity tone (not implemented yet: returns an empty annotation)";
    const REQUIRES: &'static [&'static str] = &[keys::ENTITIES];
    const PROVIDES: &'static [&'static str] = &[keys::SENTIMENT];
    type Config = NoConfig;
    type Output = SentimentAnnotation;

    fn create(_config: NoConfig) -> Result<Self, AnalyzeError> {
        Ok(Sentiment)
    }

    fn analyze(&self, doc: &Document) -> Result<SentimentAnnotation, AnalyzeError> {
        doc.entities()?;
        Ok(SentimentAnnotation {
            document: ToneScore { score: 0.0, label: "unscored".to_owned() },
            sentences: Vec::new(),
            entities: Vec::new(),
        })
    }
}

news_plugin::export_plugin!(Sentiment);
