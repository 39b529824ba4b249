//! The article: what extraction produces and what every analyzer reads.

use serde::{Deserialize, Serialize};

/// One news article. Every field of the JSON contract is always present in the serialized form;
/// unknown values are `null` (or `[]` for `authors`).
///
/// `text` is the main text, paragraphs separated by `"\n\n"`. Every span in every annotation is
/// a UTF-8 byte range into `text`. For a plain-text request, `text` is the input byte for byte.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Article {
    pub url: Option<String>,
    pub canonical_url: Option<String>,
    pub title: Option<String>,
    pub authors: Vec<String>,
    /// RFC 3339 where known.
    pub published: Option<String>,
    /// BCP 47 language tag where known (`"en"`).
    pub language: Option<String>,
    pub site_name: Option<String>,
    pub description: Option<String>,
    pub image: Option<String>,
    pub text: String,
}

impl Article {
    /// An article made of plain text only: `text` is kept byte for byte, nothing else is known.
    pub fn from_text(text: impl Into<String>) -> Self {
        Article { text: text.into(), ..Article::default() }
    }

    /// The paragraphs of `text` with their byte offsets (split on blank lines).
    pub fn paragraphs(&self) -> impl Iterator<Item = (usize, &str)> {
        let text = self.text.as_str();
        text.split("\n\n").scan(0usize, move |offset, para| {
            let start = *offset;
            *offset += para.len() + 2;
            Some((start, para))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serializes_every_contract_field_even_when_unknown() {
        let json = serde_json::to_value(Article::from_text("Hi.")).expect("serializes");
        for key in [
            "url",
            "canonical_url",
            "title",
            "authors",
            "published",
            "language",
            "site_name",
            "description",
            "image",
            "text",
        ] {
            assert!(json.get(key).is_some(), "missing {key}");
        }
        assert_eq!(json["authors"], serde_json::json!([]));
        assert_eq!(json["text"], "Hi.");
    }

    #[test]
    fn paragraph_offsets_point_into_text() {
        let article = Article::from_text("One.\n\nTwo two.\n\nThree");
        let paras: Vec<_> = article.paragraphs().collect();
        assert_eq!(paras, vec![(0, "One."), (6, "Two two."), (16, "Three")]);
        for (start, para) in paras {
            assert_eq!(&article.text[start..start + para.len()], para);
        }
    }
}
