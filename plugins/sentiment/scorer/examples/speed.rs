//! Quick speed probe of the news path on the seed article (sentences per on-CPU second of this
//! thread), for profiling: `cargo run --release -p news-sentiment-scorer --example speed [SECS]`.
//! `cargo xtask bench` is the reference figure. With `--rounds N` it runs exactly N rounds instead
//! (for instruction counts under `valgrind --tool=callgrind`, which do not depend on the load).

use std::hint::black_box;
use std::time::{Duration, Instant};

use news_sentiment_scorer::{Mode, Scorer, Work};

fn thread_cpu() -> Option<Duration> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    Some(Duration::from_nanos(s.split_whitespace().next()?.parse().ok()?))
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let fixed: Option<u64> = match args.first().map(String::as_str) {
        Some("--rounds") => args.get(1).and_then(|s| s.parse().ok()),
        _ => None,
    };
    let secs: f64 = args.first().and_then(|s| s.parse().ok()).unwrap_or(3.0);
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../tests/fixtures/seed.txt");
    let Ok(seed) = std::fs::read_to_string(path) else {
        eprintln!("no seed article at {path}");
        return;
    };
    let Ok(scorer) = Scorer::new(Mode::News) else {
        eprintln!("no model");
        return;
    };
    let mut work = Work::default();
    scorer.prepare(&seed, &mut work);
    let ns = work.prep.sentences.len() as f64;
    let (t, c) = (Instant::now(), thread_cpu());
    let mut rounds = 0u64;
    while fixed.map_or(t.elapsed().as_secs_f64() < secs, |n| rounds < n) {
        scorer.prepare(black_box(&seed), &mut work);
        for si in 0..work.prep.sentences.len() {
            black_box(scorer.sentence_score(&mut work, si));
        }
        black_box(scorer.text_score(&seed, &mut work));
        rounds += 1;
    }
    let cpu = match (c, thread_cpu()) {
        (Some(a), Some(b)) if b > a => (b - a).as_secs_f64(),
        _ => t.elapsed().as_secs_f64(),
    };
    println!("seed article: {ns} sentences, {:.0} sentences/s (on-CPU)", rounds as f64 * ns / cpu);
}
