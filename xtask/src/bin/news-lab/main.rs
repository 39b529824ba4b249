//! `news-lab`: the release-mode half of `cargo xtask` (benchmarks, evaluation, training), kept in
//! its own binary so that the measured code runs optimized while `xtask` itself builds fast.
//! `cargo xtask bench|eval|train …` builds and runs it; it can also be run directly:
//! `cargo run --release -p xtask --bin news-lab -- bench`.

mod bench;

use anyhow::Result;
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "news-lab")]
struct Cli {
    #[command(subcommand)]
    task: Task,
}

#[derive(Subcommand)]
enum Task {
    /// Measure the plugin boundary on the seed article.
    Bench,
}

fn main() -> Result<()> {
    match Cli::parse().task {
        Task::Bench => bench::run(),
    }
}
