//! `news-lab`: the release-mode half of `cargo xtask` (benchmarks, evaluation, training), kept in
//! its own binary so that the measured code runs optimized while `xtask` itself builds fast.
//! `cargo xtask bench|eval|train …` builds and runs it; it can also be run directly:
//! `cargo run --release -p xtask --bin news-lab -- bench`.

mod bench;
mod entities;
mod extraction;
mod geography;
mod quotes;
mod sentiment;

use anyhow::Result;
use clap::{Parser, Subcommand};
use std::path::PathBuf;

#[derive(Parser)]
#[command(name = "news-lab")]
struct Cli {
    #[command(subcommand)]
    task: Task,
}

#[derive(Subcommand)]
enum Task {
    /// Measure the plugin boundary and the analyzers on the seed article.
    Bench {
        /// Also measure the entities tagger on this CoNLL file (e.g. the CoNLL-2003 dev set).
        #[arg(long)]
        entities_data: Option<PathBuf>,
    },
    /// Score a part on a dev set.
    Eval {
        #[command(subcommand)]
        part: EvalPart,
    },
    /// Train a part's model.
    Train {
        #[command(subcommand)]
        part: TrainPart,
    },
    /// Build the geography gazetteer from the downloaded sources.
    Gazetteer(geography::GazetteerArgs),
}

#[derive(Subcommand)]
enum EvalPart {
    /// Named entities: exact-span P/R/F1 on a CoNLL file.
    Entities(entities::EvalArgs),
    /// Sentiment: Pearson r (rated sets) or macro-F1 (targeted sets) on a JSONL dev set.
    Sentiment(sentiment::EvalArgs),
    /// Geography: recognition P/R/F1, acc@161 km, AUC, end to end (geo_eval.py's metrics).
    Geography(geography::EvalArgs),
    /// Quotes: span P/R/F1, speaker accuracy, end to end (quotes_eval.py's metrics).
    Quotes(quotes::EvalArgs),
    /// Article extraction: text F1 (shingles, wordbag) and title/date/author metadata on a dev
    /// set directory (`html/*.html.gz` + `truth.jsonl`).
    Extraction(extraction::EvalArgs),
}

#[derive(Subcommand)]
enum TrainPart {
    /// Named entities: the two-pass tagger, from CoNLL files.
    Entities(entities::TrainArgs),
    /// Sentiment: the news models, from NewsMTSC train (JSONL).
    Sentiment(sentiment::TrainArgs),
}

fn main() -> Result<()> {
    match Cli::parse().task {
        Task::Bench { entities_data } => {
            bench::run()?;
            entities::bench(entities_data.as_deref())?;
            sentiment::bench()?;
            quotes::bench()?;
            extraction::bench(&extraction::dev_dirs())?;
            geography::bench()
        }
        Task::Eval { part: EvalPart::Entities(args) } => entities::eval(args),
        Task::Eval { part: EvalPart::Quotes(args) } => quotes::eval(args),
        Task::Eval { part: EvalPart::Extraction(args) } => extraction::eval(args),
        Task::Eval { part: EvalPart::Sentiment(args) } => sentiment::eval(args),
        Task::Eval { part: EvalPart::Geography(args) } => geography::eval(args),
        Task::Gazetteer(args) => geography::gazetteer(args),
        Task::Train { part: TrainPart::Entities(args) } => entities::train(args),
        Task::Train { part: TrainPart::Sentiment(args) } => sentiment::train(args),
    }
}
