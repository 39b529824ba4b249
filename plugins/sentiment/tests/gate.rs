//! The CI gate of the sentiment plugin: faithful VADER agreement with the Python reference and
//! the figures on the committed dev slices (`tests/data/`, MIT) must stay at or above the gates
//! in `tests/gates.txt`. Targets are scored with the given span as the entity's only mention.

use std::collections::BTreeMap;

use news_sentiment::data::parse_jsonl;
use news_sentiment::metrics::{classification, pearson};
use news_sentiment::train::argmax;
use news_sentiment::{Mode, Scorer, Work};

fn gates() -> BTreeMap<String, f64> {
    include_str!("gates.txt")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let mut p = l.split_whitespace();
            Some((p.next()?.to_owned(), p.next()?.parse().ok()?))
        })
        .collect()
}

fn check(name: &str, value: f64) {
    let gate = gates()[name];
    println!("{name}: {value:.4} (gate {gate})");
    assert!(value >= gate, "{name} = {value:.4} fell below its gate {gate}");
}

#[test]
fn vader_agrees_with_the_python_reference_and_nyt_pearson_holds() {
    let text = include_str!("data/vader_nyt_dev.jsonl");
    let rows: Vec<serde_json::Value> =
        text.lines().map(|l| serde_json::from_str(l).expect("slice row")).collect();
    let scorer = Scorer::new(Mode::News).expect("shipped model");
    let mut work = Work::default();
    let (mut agree, mut pred, mut gold) = (0usize, Vec::new(), Vec::new());
    for r in &rows {
        let t = r["text"].as_str().expect("text");
        let c = scorer.vader.polarity_scores(t).compound;
        let want = r["vader_compound"].as_f64().expect("reference");
        agree += ((c - want).abs() <= 1e-3) as usize;
        scorer.prepare(t, &mut work);
        pred.push(scorer.text_score(t, &mut work));
        gold.push(r["score"].as_f64().expect("score"));
    }
    check("vader_agreement", agree as f64 / rows.len() as f64);
    check("nyt_pearson", pearson(&pred, &gold));
}

fn targeted(name: &str, text: &str) {
    let rows = parse_jsonl(text).expect("slice");
    let scorer = Scorer::new(Mode::News).expect("shipped model");
    let mut work = Work::default();
    let (mut gold, mut pred) = (Vec::new(), Vec::new());
    for r in &rows {
        scorer.prepare(&r.text, &mut work);
        let (a, b) = r.target.expect("target span");
        let p =
            scorer.target_probs(&r.text, &mut work, std::slice::from_ref(&(a..b))).unwrap_or([0.0, 1.0, 0.0]);
        gold.push(r.polarity.expect("polarity"));
        pred.push(argmax(p));
    }
    check(name, classification(&gold, &pred).macro_f1);
}

#[test]
fn newsmtsc_rw_dev_macro_f1_holds() {
    targeted("newsmtsc_rw_macro_f1", include_str!("data/newsmtsc_rw_dev.jsonl"));
}

#[test]
fn newsmtsc_mt_dev_macro_f1_holds() {
    targeted("newsmtsc_mt_macro_f1", include_str!("data/newsmtsc_mt_dev.jsonl"));
}
