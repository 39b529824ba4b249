//! `news-lab`: the release-mode half of `cargo xtask` (benchmarks, evaluation, training), kept in
//! its own binary so that the measured code runs optimized while `xtask` itself builds fast.
//! `cargo xtask bench|eval|train …` builds and runs it; it can also be run directly:
//! `cargo run --release -p xtask --bin news-lab -- bench`.

mod bench;
mod entities;
mod extraction;
mod geography;
mod pipeline;
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
    /// Measure each part, then the whole pipeline (the report of BENCHMARKS.md).
    Bench {
        /// Also measure the entities tagger on this CoNLL file (e.g. the CoNLL-2003 dev set).
        #[arg(long)]
        entities_data: Option<PathBuf>,
        /// Measure only these parts (repeatable or comma-separated; default: all of them, the
        /// whole-pipeline report last).
        #[arg(long, value_enum, value_delimiter = ',')]
        only: Vec<BenchPart>,
        /// Also write the report (with the machine and date) to this Markdown file, e.g.
        /// `BENCHMARKS.md`.
        #[arg(long, value_name = "FILE")]
        save: Option<PathBuf>,
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

/// A part of the benchmark report.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum BenchPart {
    /// The plugin boundary on the seed article.
    Boundary,
    /// The entities tagger.
    Entities,
    /// The sentiment scorer.
    Sentiment,
    /// The quotes extractor.
    Quotes,
    /// HTML to Article over the dev pages.
    Extraction,
    /// The geoparser.
    Geography,
    /// The whole pipeline over the dev pages.
    Pipeline,
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

/// The workspace root (this binary is built from `xtask/`).
pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn main() -> Result<()> {
    match Cli::parse().task {
        Task::Bench { save: Some(file), .. } => save_report(&file),
        Task::Bench { entities_data, only, save: None } => {
            let part = |p: BenchPart| only.is_empty() || only.contains(&p);
            if part(BenchPart::Boundary) {
                bench::run()?;
            }
            if part(BenchPart::Entities) {
                entities::bench(entities_data.as_deref())?;
            }
            if part(BenchPart::Sentiment) {
                sentiment::bench()?;
            }
            if part(BenchPart::Quotes) {
                quotes::bench()?;
            }
            if part(BenchPart::Extraction) {
                extraction::bench(&extraction::dev_dirs())?;
            }
            if part(BenchPart::Geography) {
                geography::bench()?;
            }
            if part(BenchPart::Pipeline) {
                pipeline::run(&extraction::dev_dirs())?;
            }
            Ok(())
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

/// Runs this benchmark again as a child (same arguments minus `--save`), echoing its output,
/// and writes the output with the date to `file`.
fn save_report(file: &std::path::Path) -> Result<()> {
    use anyhow::Context as _;
    use std::io::BufRead as _;
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(i) = args.iter().position(|a| a == "--save") {
        args.drain(i..(i + 2).min(args.len()));
    }
    args.retain(|a| !a.starts_with("--save="));
    let mut child = std::process::Command::new(std::env::current_exe()?)
        .args(&args)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .context("run the benchmark")?;
    let stdout = child.stdout.take().context("benchmark output")?;
    let mut report = String::new();
    for line in std::io::BufReader::new(stdout).lines() {
        let line = line?;
        println!("{line}");
        report.push_str(&line);
        report.push('\n');
    }
    if !child.wait()?.success() {
        anyhow::bail!("the benchmark failed; {} not written", file.display());
    }
    let date = std::process::Command::new("date")
        .args(["-u", "+%Y-%m-%d %H:%M UTC"])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default();
    let text = format!(
        "# Benchmarks\n\nThe last report of `cargo xtask bench` (release build), written by \
         `cargo xtask bench --save BENCHMARKS.md` on {date}. The machine is named in the pipeline \
         report below. What each line measures: `xtask/src/bin/news-lab/` (`pipeline.rs` for the \
         whole-pipeline report). Figures from a shared or loaded machine are lower bounds.\n\n```text\n{report}```\n"
    );
    // The sections after the report (`## …`, e.g. the side-by-side run) are kept.
    let kept = std::fs::read_to_string(file)
        .ok()
        .and_then(|old| old.find("\n## ").map(|at| old[at..].to_owned()))
        .unwrap_or_default();
    let text = format!("{text}{kept}");
    std::fs::write(file, text).with_context(|| format!("write {}", file.display()))?;
    eprintln!("news-lab: report written to {}", file.display());
    Ok(())
}
