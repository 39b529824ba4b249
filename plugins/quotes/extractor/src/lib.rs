//! The quotes analyzer as a plain library: who said what, direct and indirect, with the speaker
//! resolved to an entity. The `quotes` plugin crate only exports [`Quotes`]; `news-lab` links
//! this crate for `eval quotes` and `bench`.
//!
//! - [`extract`]: the rules (quotation marks, reporting cues, speakers); see its module docs.
//! - [`eval`]: the scorer of `shared/eval/tools/quotes_eval.py`, ported.
//! - [`lexicon`]: the cue, title and role word lists.
//!
//! Output spans are UTF-8 byte offsets into the article text (the JSON contract): a quote's span
//! is its content (with the quotation marks of a direct quote), the speaker span the mention as
//! written (a pronoun stays "he", its `name` is the person it refers to), the cue span the
//! reporting word(s).

pub mod eval;
pub mod extract;
pub mod lexicon;

use news_core::{AnalyzeError, Analyzer, Document, Quote, annotations::keys};
use news_plugin::sdk::NoConfig;

pub use extract::extract;

/// The quotes analyzer.
pub struct Quotes;

impl Analyzer for Quotes {
    const NAME: &'static str = keys::QUOTES;
    const VERSION: &'static str = env!("CARGO_PKG_VERSION");
    const DESCRIPTION: &'static str =
        "direct, indirect and mixed quotes with their speakers (resolved to entities) and cues";
    const REQUIRES: &'static [&'static str] = &[keys::ENTITIES];
    const PROVIDES: &'static [&'static str] = &[keys::QUOTES];
    type Config = NoConfig;
    type Output = Vec<Quote>;

    fn create(_config: NoConfig) -> Result<Self, AnalyzeError> {
        Ok(Quotes)
    }

    fn analyze(&self, doc: &Document) -> Result<Vec<Quote>, AnalyzeError> {
        // The requirement is real: fail loudly if the host did not honour it.
        let entities = doc.entities()?;
        Ok(extract(&doc.article.text, &entities))
    }
}
