//! The output types of the four built-in analyzers, exactly as the JSON contract in `DESIGN.md`
//! spells them. A custom plugin may emit any JSON under its own key; these are the shapes outside
//! tools rely on for `entities`, `quotes`, `sentiment` and `geography`.

use serde::{Deserialize, Serialize};

use crate::Span;

/// The annotation key (= plugin name) of each built-in analyzer.
pub mod keys {
    pub const ENTITIES: &str = "entities";
    pub const QUOTES: &str = "quotes";
    pub const SENTIMENT: &str = "sentiment";
    pub const GEOGRAPHY: &str = "geography";
}

/// `entities`: one merged entity per real-world referent in the article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// Canonical name: the fullest form used in the article ("Vladimir Putin").
    pub name: String,
    pub label: EntityLabel,
    /// Every mention, in text order.
    pub mentions: Vec<Span>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum EntityLabel {
    #[serde(rename = "PER")]
    Person,
    #[serde(rename = "ORG")]
    Organization,
    #[serde(rename = "LOC")]
    Location,
    #[serde(rename = "MISC")]
    Misc,
}

/// `quotes`: one quotation or piece of reported speech.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    /// The content: what was said.
    #[serde(flatten)]
    pub span: Span,
    pub kind: QuoteKind,
    pub speaker: Option<Speaker>,
    /// The reporting cue ("said", "told", "according to").
    pub cue: Option<Span>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    /// Entirely inside quotation marks.
    Direct,
    /// Reported speech without quotation marks.
    Indirect,
    /// Partly quoted.
    Mixed,
}

/// Who said it: the mention as written and the canonical name it resolves to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Speaker {
    /// Canonical name ("Vladimir Putin" for a mention "He"); unnamed sources keep their text.
    pub name: String,
    #[serde(flatten)]
    pub span: Span,
}

/// `sentiment`: the tone of the article, of each sentence, and toward each entity.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SentimentAnnotation {
    pub document: ToneScore,
    pub sentences: Vec<SentenceSentiment>,
    pub entities: Vec<EntitySentiment>,
}

/// A score in [-1, 1] and its label ("negative", "neutral", "positive").
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ToneScore {
    pub score: f64,
    pub label: String,
}

/// The tone of one sentence: its byte range in the article text (as the contract spells it: no
/// copy of the sentence's text, which the article already holds) and its score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SentenceSentiment {
    pub start: usize,
    pub end: usize,
    pub score: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntitySentiment {
    /// The canonical name of an entity of the `entities` annotation.
    pub name: String,
    pub score: f64,
    pub label: String,
}

/// `geography`: places resolved to the gazetteer, and the article's focus countries.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct GeographyAnnotation {
    pub places: Vec<Place>,
    /// Countries ranked by how much the article is about them, highest first.
    pub focus: Vec<Focus>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Place {
    pub name: String,
    /// ISO 3166-1 alpha-2, or null for places in no single country (seas, continents).
    pub country: Option<String>,
    pub lat: f64,
    pub lon: f64,
    pub geonameid: Option<u64>,
    /// Feature class: "country", "admin1", "city", "continent", "region", "water", "mountain", …
    pub feature: String,
    pub mentions: Vec<Span>,
    /// Nationality words naming this place ("Chinese" for China), kept apart from `mentions`
    /// (which name the place itself); omitted from the JSON when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub demonyms: Vec<Span>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Focus {
    pub country: String,
    pub score: f64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn span(start: usize, end: usize, text: &str) -> Span {
        Span { start, end, text: text.into() }
    }

    #[test]
    fn entity_matches_the_contract() {
        let entity = Entity {
            name: "Vladimir Putin".into(),
            label: EntityLabel::Person,
            mentions: vec![span(0, 5, "Putin")],
        };
        assert_eq!(
            serde_json::to_value(&entity).expect("serializes"),
            json!({"name": "Vladimir Putin", "label": "PER",
                   "mentions": [{"start": 0, "end": 5, "text": "Putin"}]})
        );
    }

    #[test]
    fn quote_matches_the_contract() {
        let quote = Quote {
            span: span(10, 20, "“It works”"),
            kind: QuoteKind::Direct,
            speaker: Some(Speaker { name: "Vladimir Putin".into(), span: span(22, 24, "He") }),
            cue: None,
        };
        assert_eq!(
            serde_json::to_value(&quote).expect("serializes"),
            json!({"start": 10, "end": 20, "text": "“It works”", "kind": "direct",
                   "speaker": {"name": "Vladimir Putin", "start": 22, "end": 24, "text": "He"},
                   "cue": null})
        );
        let back: Quote =
            serde_json::from_value(serde_json::to_value(&quote).expect("ser")).expect("round trip");
        assert_eq!(back, quote);
    }

    #[test]
    fn sentiment_and_geography_match_the_contract() {
        let sentiment = SentimentAnnotation {
            document: ToneScore { score: -0.5, label: "negative".into() },
            sentences: vec![SentenceSentiment { start: 0, end: 3, score: 0.1 }],
            entities: vec![EntitySentiment { name: "Xi".into(), score: 0.0, label: "neutral".into() }],
        };
        assert_eq!(
            serde_json::to_value(&sentiment).expect("serializes"),
            json!({"document": {"score": -0.5, "label": "negative"},
                   "sentences": [{"start": 0, "end": 3, "score": 0.1}],
                   "entities": [{"name": "Xi", "score": 0.0, "label": "neutral"}]})
        );
        let geo = GeographyAnnotation {
            places: vec![Place {
                name: "Paris".into(),
                country: Some("FR".into()),
                lat: 48.85,
                lon: 2.35,
                geonameid: Some(2988507),
                feature: "city".into(),
                mentions: vec![span(4, 9, "Paris")],
                demonyms: vec![],
            }],
            focus: vec![Focus { country: "FR".into(), score: 1.0 }],
        };
        let value = serde_json::to_value(&geo).expect("serializes");
        assert_eq!(value["places"][0]["geonameid"], 2988507);
        assert_eq!(value["places"][0]["mentions"][0]["text"], "Paris");
        assert_eq!(value["focus"][0], json!({"country": "FR", "score": 1.0}));
    }
}
