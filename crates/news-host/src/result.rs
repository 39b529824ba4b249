//! The result line of one request, as the JSON contract spells it: `{"id", "article",
//! "annotations", "errors"}` for an analyzed article, `{"id", "error": {"kind", "message"}}` for a
//! request that produced none. Annotations are written as the raw JSON their plugins returned.

use std::collections::BTreeMap;

use news_core::Article;
use serde::Serialize;
use serde_json::Value;
use serde_json::value::RawValue;

use crate::pipeline::{Analysis, PluginFailure};

/// An analyzed article's result line; serialize it with serde_json.
#[derive(Serialize)]
pub struct AnalyzedLine<'a> {
    pub id: &'a Value,
    pub article: &'a Article,
    pub annotations: &'a BTreeMap<String, Box<RawValue>>,
    pub errors: &'a [PluginFailure],
}

impl<'a> AnalyzedLine<'a> {
    pub fn new(id: &'a Value, article: &'a Article, analysis: &'a Analysis) -> Self {
        AnalyzedLine { id, article, annotations: &analysis.annotations, errors: &analysis.errors }
    }
}

/// The result line of a request that produced no article.
#[derive(Serialize)]
pub struct ErrorLine<'a> {
    pub id: &'a Value,
    pub error: ErrorBody<'a>,
}

/// `error` of an [`ErrorLine`]: a stable kind and a message for people.
#[derive(Serialize)]
pub struct ErrorBody<'a> {
    pub kind: &'a str,
    pub message: &'a str,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_follow_the_contract_and_keep_annotations_verbatim() {
        let mut analysis = Analysis::default();
        let raw = RawValue::from_string(r#"[{"name":"Ann","label":"PER"}]"#.to_owned()).expect("raw");
        analysis.annotations.insert("entities".to_owned(), raw);
        analysis.errors.push(PluginFailure { plugin: "quotes".to_owned(), message: "boom".to_owned() });
        let article = Article::from_text("Ann spoke.");
        let id = Value::from(7);
        let line = serde_json::to_string(&AnalyzedLine::new(&id, &article, &analysis)).expect("json");
        assert!(line.starts_with(r#"{"id":7,"article":{"#), "{line}");
        assert!(
            line.ends_with(
                r#""annotations":{"entities":[{"name":"Ann","label":"PER"}]},"errors":[{"plugin":"quotes","message":"boom"}]}"#
            ),
            "{line}"
        );
        let value: Value = serde_json::from_str(&line).expect("valid JSON");
        assert_eq!(value["article"]["text"], "Ann spoke.");

        let error = ErrorLine { id: &Value::Null, error: ErrorBody { kind: "io", message: "gone" } };
        assert_eq!(
            serde_json::to_string(&error).expect("json"),
            r#"{"id":null,"error":{"kind":"io","message":"gone"}}"#
        );
    }
}
