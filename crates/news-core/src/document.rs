//! What an analyzer reads (a [`Document`]: the article plus the annotations it asked for) and the
//! [`Analyzer`] trait every plugin implements.

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::{Article, Entity, annotations::keys};

/// The article and the annotations added so far, keyed by the name of the plugin that made them.
///
/// A plugin sees only the annotations it declared in [`Analyzer::REQUIRES`]. Each is kept as the
/// JSON text the host passed (`RawValue`) and decoded straight into the type asked for by
/// [`Document::annotation`]: one parse, no intermediate JSON tree.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Document {
    pub article: Article,
    pub annotations: BTreeMap<String, Box<RawValue>>,
}

impl Document {
    pub fn new(article: Article) -> Self {
        Document { article, annotations: BTreeMap::new() }
    }

    /// Sets the annotation under `key` to `value` serialized (what the host does with a
    /// plugin's output; for tests and in-process use).
    pub fn set_annotation<T: Serialize + ?Sized>(
        &mut self,
        key: &str,
        value: &T,
    ) -> Result<(), AnalyzeError> {
        let raw = serde_json::value::to_raw_value(value)
            .map_err(|err| AnalyzeError::BadAnnotation { key: key.to_owned(), message: err.to_string() })?;
        self.annotations.insert(key.to_owned(), raw);
        Ok(())
    }

    /// The annotation under `key`, decoded as `T`; `Ok(None)` when there is none.
    pub fn annotation<T: DeserializeOwned>(&self, key: &str) -> Result<Option<T>, AnalyzeError> {
        match self.annotations.get(key) {
            None => Ok(None),
            Some(raw) => serde_json::from_str(raw.get())
                .map(Some)
                .map_err(|err| AnalyzeError::BadAnnotation { key: key.to_owned(), message: err.to_string() }),
        }
    }

    /// The annotation under `key`, which the analyzer declared it requires.
    pub fn required<T: DeserializeOwned>(&self, key: &str) -> Result<T, AnalyzeError> {
        self.annotation(key)?.ok_or_else(|| AnalyzeError::MissingAnnotation(key.to_owned()))
    }

    /// The merged entities of the `entities` plugin.
    pub fn entities(&self) -> Result<Vec<Entity>, AnalyzeError> {
        self.required(keys::ENTITIES)
    }
}

/// Why an analyzer could not be created or could not analyze a document.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AnalyzeError {
    #[error("invalid configuration: {0}")]
    InvalidConfig(String),
    #[error("required annotation `{0}` is missing")]
    MissingAnnotation(String),
    #[error("annotation `{key}` has an unexpected shape: {message}")]
    BadAnnotation { key: String, message: String },
    #[error("{0}")]
    Failed(String),
}

/// An analysis step: reads a [`Document`] and returns its own annotation, which the host stores
/// under the analyzer's [`NAME`](Analyzer::NAME).
///
/// One instance serves every document of a run and may be called from several threads at once,
/// hence `Send + Sync` and `&self`. Load models in [`create`](Analyzer::create), not per call.
pub trait Analyzer: Send + Sync + Sized + 'static {
    /// Unique plugin name, `[a-z0-9_-]+`; also the annotation key of the output.
    const NAME: &'static str;
    /// The analyzer's own version (semver).
    const VERSION: &'static str;
    /// One line for `news plugins`.
    const DESCRIPTION: &'static str;
    /// Annotation keys that must be present before this analyzer runs.
    const REQUIRES: &'static [&'static str];
    /// Annotation keys this analyzer adds (its own name at least).
    const PROVIDES: &'static [&'static str];

    /// Configuration, decoded from the JSON object given at creation (`{}` when none).
    type Config: DeserializeOwned;
    /// What [`analyze`](Analyzer::analyze) returns; serialized under [`NAME`](Analyzer::NAME).
    type Output: Serialize;

    fn create(config: Self::Config) -> Result<Self, AnalyzeError>;

    fn analyze(&self, doc: &Document) -> Result<Self::Output, AnalyzeError>;
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn annotation_lookup_distinguishes_missing_from_malformed() {
        let mut doc = Document::new(Article::from_text("Putin spoke."));
        assert_eq!(doc.entities(), Err(AnalyzeError::MissingAnnotation("entities".into())));
        doc.set_annotation("entities", &json!({"not": "a list"})).expect("set");
        assert!(matches!(doc.entities(), Err(AnalyzeError::BadAnnotation { .. })));
        doc.set_annotation(
            "entities",
            &json!([{"name": "Vladimir Putin", "label": "PER",
                    "mentions": [{"start": 0, "end": 5, "text": "Putin"}]}]),
        )
        .expect("set");
        let entities = doc.entities().expect("decodes");
        assert_eq!(entities[0].name, "Vladimir Putin");
    }
}
