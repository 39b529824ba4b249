//! `news-lab eval|bench quotes`: the quotes extractor on a gold file (the metrics of
//! `shared/eval/tools/quotes_eval.py`, computed by its Rust port in `news-quotes-extractor::eval`),
//! and the articles/s benchmark of the plugin alone on one core.
//!
//! Speakers are resolved with the entities tagger when its model loads (`--ner auto`, the
//! pipeline's setting) or without entities (`--ner off`, what the plugin does when the entities
//! annotation is empty); the mode is printed. `--out FILE` writes the predictions in the format
//! `quotes_eval.py` reads (code-point offsets), so both scorers can be compared on the same file.

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;
use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use clap::{Args, ValueEnum};
use news_core::{Analyzer, Article, Document, Entity};
use news_quotes_extractor::eval::{self, Options};
use news_quotes_extractor::{Quotes, extract};

use crate::workspace_root as root;

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum NerArg {
    /// The entities tagger when its model loads, else none.
    Auto,
    /// No entities: speakers resolved by the extractor's own name table.
    Off,
}

#[derive(Args)]
pub struct EvalArgs {
    /// A gold file: JSONL (one document a line) or JSON (one document or a list).
    #[arg(long)]
    data: PathBuf,
    /// Write predictions `{"id","quotes":[…]}` here (for `quotes_eval.py`).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Comma list of gold kinds to score (the others are don't-care), e.g. `direct,mixed`.
    #[arg(long, default_value = "")]
    kinds: String,
    /// Score optional gold quotes too.
    #[arg(long)]
    strict_optional: bool,
    /// Token-overlap threshold.
    #[arg(long, default_value_t = 0.5)]
    threshold: f64,
    /// Entities for speaker resolution.
    #[arg(long, value_enum, default_value = "auto")]
    ner: NerArg,
}

/// The entities tagger, when its model is there and loads.
fn tagger() -> Option<news_entities_tagger::Entities> {
    let config = serde_json::from_value(serde_json::json!({})).ok()?;
    let e = news_entities_tagger::Entities::create(config).ok()?;
    e.analyze(&Document::new(Article::from_text("Vladimir Putin visited Beijing."))).ok()?;
    Some(e)
}

pub fn eval(args: EvalArgs) -> Result<()> {
    let data =
        std::fs::read_to_string(&args.data).with_context(|| format!("read {}", args.data.display()))?;
    let jsonl = args.data.extension().is_some_and(|e| e == "jsonl");
    let gold = eval::parse_gold(&data, jsonl).map_err(anyhow::Error::msg)?;
    if gold.is_empty() {
        bail!("{}: no documents", args.data.display());
    }
    let ner = match args.ner {
        NerArg::Auto => tagger(),
        NerArg::Off => None,
    };
    let mut preds = HashMap::new();
    let mut out = String::new();
    let mut quote_time = Duration::ZERO;
    for doc in &gold {
        let entities: Vec<Entity> = match &ner {
            Some(t) => t.analyze(&Document::new(Article::from_text(doc.text.clone())))?,
            None => Vec::new(),
        };
        let t = Instant::now();
        let quotes = extract(&doc.text, &entities);
        quote_time += t.elapsed();
        let p = eval::predictions(&doc.text, &quotes);
        if args.out.is_some() {
            let line = serde_json::json!({
                "id": doc.id,
                "quotes": p.iter().map(eval::prediction_json).collect::<Vec<_>>(),
            });
            let _ = writeln!(out, "{line}");
        }
        preds.insert(doc.id.clone(), p);
    }
    if let Some(path) = &args.out {
        std::fs::write(path, out).with_context(|| format!("write {}", path.display()))?;
    }
    let kinds: BTreeSet<String> =
        args.kinds.split(',').filter(|k| !k.is_empty()).map(str::to_string).collect();
    let opts = Options { kinds, strict_optional: args.strict_optional, threshold: args.threshold };
    let summary = eval::evaluate(&gold, &preds, &opts);
    let pred_name = args.out.as_ref().map_or("news-quotes".to_string(), |p| p.display().to_string());
    print!("{}", eval::format_table(&summary, &format!("{} vs {pred_name}", args.data.display())));
    println!(
        "(entities: {}; kinds: {}; extraction {:.1} ms for {} docs)",
        if ner.is_some() { "tagger" } else { "none" },
        if args.kinds.is_empty() { "all" } else { args.kinds.as_str() },
        quote_time.as_secs_f64() * 1e3,
        gold.len()
    );
    Ok(())
}

/// Articles/s of the quotes plugin alone (the analyzer on a document whose entities annotation
/// is present but empty, as the pipeline hands it over), one core, on the seed article.
pub fn bench() -> Result<()> {
    let seed = std::fs::read_to_string(root().join("tests/fixtures/seed.txt")).context("read the seed")?;
    let mut doc = Document::new(Article::from_text(seed.clone()));
    doc.set_annotation("entities", &serde_json::json!([]))?;
    let quotes = Quotes;
    let n = quotes.analyze(&doc)?.len();
    let budget = Duration::from_secs(2);
    let t = Instant::now();
    let mut rounds = 0u64;
    while t.elapsed() < budget {
        black_box(quotes.analyze(black_box(&doc))?);
        rounds += 1;
    }
    let rate = rounds as f64 / t.elapsed().as_secs_f64();
    println!("quotes on the seed article ({} bytes, {n} quotes), one core:", seed.len());
    println!(
        "  quotes plugin (analyzer)   {rate:>12.0} articles/s  ({:.1} MB/s)",
        rate * seed.len() as f64 / 1e6
    );
    Ok(())
}
