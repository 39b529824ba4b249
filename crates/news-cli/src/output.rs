//! Results as the JSON contract spells them, and as a readable summary for a person.

use std::io::Write;

use news_core::{
    Article, Entity, EntityLabel, GeographyAnnotation, Quote, SentimentAnnotation, annotations::keys,
};
use news_host::{Analysis, AnalyzedLine, ErrorBody, ErrorLine, Pipeline, Registry};
use serde_json::Value;

use crate::input::{InputError, Request};

/// The result of one request.
pub struct ResultLine {
    pub id: Value,
    pub outcome: Result<(Article, Analysis), InputError>,
}

impl ResultLine {
    pub fn analyze(request: Request, pipeline: &Pipeline) -> ResultLine {
        let outcome = request.article.map(|article| {
            let analysis = pipeline.run(&article);
            (article, analysis)
        });
        ResultLine { id: request.id, outcome }
    }

    /// Whether this input failed or a plugin reported an error for it.
    pub fn failed(&self) -> bool {
        match &self.outcome {
            Ok((_, analysis)) => !analysis.errors.is_empty(),
            Err(_) => true,
        }
    }

    /// Writes this result in `format` (one JSON line, indented JSON, or the summary for people).
    pub fn render(&self, format: Format, out: &mut Vec<u8>) -> std::io::Result<()> {
        match format {
            Format::Jsonl => {
                self.write_json(out)?;
                out.push(b'\n');
            }
            Format::Json => {
                let value = match &self.outcome {
                    Ok((article, analysis)) => {
                        serde_json::to_value(AnalyzedLine::new(&self.id, article, analysis))
                    }
                    Err(error) => serde_json::to_value(self.error_line(error)),
                }?;
                serde_json::to_writer_pretty(&mut *out, &value)?;
                out.push(b'\n');
            }
            Format::Pretty => write_pretty(out, self)?,
        }
        Ok(())
    }

    /// `{"id", "article", "annotations", "errors"}` or `{"id", "error": {"kind", "message"}}`,
    /// compact, the annotations copied as their plugins wrote them.
    pub fn write_json(&self, out: &mut Vec<u8>) -> std::io::Result<()> {
        match &self.outcome {
            Ok((article, analysis)) => {
                serde_json::to_writer(out, &AnalyzedLine::new(&self.id, article, analysis))?
            }
            Err(error) => serde_json::to_writer(out, &self.error_line(error))?,
        }
        Ok(())
    }

    fn error_line<'a>(&'a self, error: &'a InputError) -> ErrorLine<'a> {
        ErrorLine { id: &self.id, error: ErrorBody { kind: error.kind, message: &error.message } }
    }
}

/// How results are written.
#[derive(Copy, Clone, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One pretty-printed JSON object per input.
    Json,
    /// One compact JSON object per line.
    Jsonl,
    /// A readable summary: title, people, quotes, tone, places.
    Pretty,
}

fn decode<T: serde::de::DeserializeOwned>(analysis: &Analysis, key: &str) -> Option<T> {
    analysis.decode(key)
}

fn list(items: &[String]) -> String {
    if items.is_empty() { "(none)".to_owned() } else { items.join(", ") }
}

/// A summary for a person: title, byline, people, organisations, quotes, tone, places.
pub fn write_pretty(out: &mut dyn Write, line: &ResultLine) -> std::io::Result<()> {
    let id = match &line.id {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    writeln!(out, "== {id}")?;
    let (article, analysis) = match &line.outcome {
        Ok(pair) => pair,
        Err(error) => return writeln!(out, "error ({}): {}\n", error.kind, error.message),
    };
    writeln!(out, "Title:     {}", article.title.as_deref().unwrap_or("(none)"))?;
    if !article.authors.is_empty() || article.published.is_some() {
        writeln!(
            out,
            "Byline:    {}{}",
            list(&article.authors),
            article.published.as_deref().map(|d| format!(" · {d}")).unwrap_or_default()
        )?;
    }
    let words = article.text.split_whitespace().count();
    writeln!(out, "Text:      {words} words, {} paragraphs", article.paragraphs().count())?;
    if let Some(entities) = decode::<Vec<Entity>>(analysis, keys::ENTITIES) {
        let named = |label: EntityLabel| {
            let mut picked: Vec<&Entity> = entities.iter().filter(|e| e.label == label).collect();
            picked.sort_by_key(|e| std::cmp::Reverse(e.mentions.len()));
            picked.iter().map(|e| format!("{} ({})", e.name, e.mentions.len())).collect::<Vec<_>>()
        };
        writeln!(out, "People:    {}", list(&named(EntityLabel::Person)))?;
        writeln!(out, "Orgs:      {}", list(&named(EntityLabel::Organization)))?;
    }
    if let Some(quotes) = decode::<Vec<Quote>>(analysis, keys::QUOTES) {
        writeln!(out, "Quotes:    {}", quotes.len())?;
        for quote in quotes.iter().take(10) {
            let who = quote.speaker.as_ref().map(|s| s.name.as_str()).unwrap_or("(unknown)");
            writeln!(out, "  - {who}: {}", quote.span.text)?;
        }
    }
    if let Some(sentiment) = decode::<SentimentAnnotation>(analysis, keys::SENTIMENT) {
        writeln!(out, "Tone:      {} ({:+.2})", sentiment.document.label, sentiment.document.score)?;
    }
    if let Some(geo) = decode::<GeographyAnnotation>(analysis, keys::GEOGRAPHY) {
        let places: Vec<String> = geo
            .places
            .iter()
            .map(|p| format!("{} ({})", p.name, p.country.as_deref().unwrap_or("-")))
            .collect();
        writeln!(out, "Places:    {}", list(&places))?;
        let focus: Vec<String> = geo.focus.iter().map(|f| f.country.clone()).collect();
        writeln!(out, "Focus:     {}", list(&focus))?;
    }
    let builtin = [keys::ENTITIES, keys::QUOTES, keys::SENTIMENT, keys::GEOGRAPHY];
    for (key, value) in &analysis.annotations {
        if !builtin.contains(&key.as_str()) {
            writeln!(out, "{key}: {}", value.get())?;
        }
    }
    for error in &analysis.errors {
        writeln!(out, "Error in {}: {}", error.plugin, error.message)?;
    }
    writeln!(out)
}

/// `news plugins`: one row per plugin, then the refused ones.
pub fn write_plugin_table(out: &mut dyn Write, registry: &Registry) -> std::io::Result<()> {
    if registry.plugins.is_empty() {
        writeln!(out, "no plugins found")?;
    } else {
        writeln!(out, "{:<14} {:<9} {:<4} {:<20} PATH", "NAME", "VERSION", "ABI", "REQUIRES")?;
        for plugin in &registry.plugins {
            let info = &plugin.info;
            let requires = if info.manifest.requires.is_empty() {
                "-".to_owned()
            } else {
                info.manifest.requires.join(",")
            };
            writeln!(
                out,
                "{:<14} {:<9} {:<4} {:<20} {}",
                info.name,
                info.version,
                info.abi_version,
                requires,
                info.path.display()
            )?;
        }
    }
    for problem in &registry.problems {
        writeln!(out, "refused: {problem}")?;
    }
    Ok(())
}
