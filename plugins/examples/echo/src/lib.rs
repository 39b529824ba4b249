//! `echo`: a small plugin that exercises the boundary end to end. It reports the article's size,
//! title and first word (a span, so the host's span checks see real offsets), and misbehaves on
//! request, so tests can watch the host contain it:
//! - text containing `ECHO:PANIC` → panics inside `analyze`;
//! - `ECHO:FAIL` → returns an error;
//! - `ECHO:BADSPAN` → returns a span that ends past the end of the text;
//! - `ECHO:MIDCHAR` → returns a span `0..1`, inside the first character when it is multi-byte.
//!
//! Config: `{"label": "…"}` (optional) is echoed back, anything else is refused.

use news_core::{AnalyzeError, Analyzer, Document, Span};
use serde::{Deserialize, Serialize};

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EchoConfig {
    #[serde(default)]
    pub label: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct EchoOutput {
    pub bytes: usize,
    pub paragraphs: usize,
    pub title: Option<String>,
    pub first_word: Option<Span>,
    pub label: Option<String>,
}

pub struct Echo {
    label: Option<String>,
}

impl Analyzer for Echo {
    const NAME: &'static str = "echo";
    const VERSION: &'static str = env!("CARGO_PKG_VERSION");
    const DESCRIPTION: &'static str = "test plugin: echoes article facts; panics on ECHO:PANIC";
    const REQUIRES: &'static [&'static str] = &[];
    const PROVIDES: &'static [&'static str] = &["echo"];
    type Config = EchoConfig;
    type Output = EchoOutput;

    fn create(config: EchoConfig) -> Result<Self, AnalyzeError> {
        Ok(Echo { label: config.label })
    }

    fn analyze(&self, doc: &Document) -> Result<EchoOutput, AnalyzeError> {
        let text = &doc.article.text;
        if text.contains("ECHO:PANIC") {
            panic!("echo was asked to panic");
        }
        if text.contains("ECHO:FAIL") {
            return Err(AnalyzeError::Failed("echo was asked to fail".into()));
        }
        let first_word = if text.contains("ECHO:BADSPAN") {
            Some(Span { start: 0, end: text.len() + 7, text: "beyond".into() })
        } else if text.contains("ECHO:MIDCHAR") {
            Some(Span { start: 0, end: 1, text: "?".into() })
        } else {
            text.split_whitespace().next().and_then(|word| {
                let start = word.as_ptr() as usize - text.as_ptr() as usize;
                Span::of(text, start, start + word.len()).ok()
            })
        };
        Ok(EchoOutput {
            bytes: text.len(),
            paragraphs: doc.article.paragraphs().filter(|(_, p)| !p.trim().is_empty()).count(),
            title: doc.article.title.clone(),
            first_word,
            label: self.label.clone(),
        })
    }
}

news_plugin::export_plugin!(Echo);
