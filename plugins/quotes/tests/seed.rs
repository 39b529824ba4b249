//! The quotes plugin's CI gate: end-to-end F1 on the hand-annotated seed article (the project's
//! own gold, `tests/data/seed-article.json`) must stay at or above the gate kept in
//! `tests/data/seed-gate.txt`. Scored by the port of `quotes_eval.py`, through the plugin's
//! analyzer with an empty entities annotation (the extractor's own speaker resolution).

use std::collections::HashMap;
use std::path::PathBuf;

use news_core::{Analyzer, Article, Document};
use news_plugin::sdk::NoConfig;
use news_quotes::Quotes;
use news_quotes::eval::{self, Options};

fn data(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

fn gate() -> f64 {
    data("seed-gate.txt")
        .lines()
        .filter_map(|l| l.split_once('='))
        .find(|(k, _)| k.trim() == "end_to_end_f1")
        .and_then(|(_, v)| v.trim().parse().ok())
        .expect("seed-gate.txt has end_to_end_f1 = …")
}

#[test]
fn seed_article_end_to_end_f1_holds_the_gate() {
    let gold = eval::parse_gold(&data("seed-article.json"), false).expect("gold parses");
    let quotes = Quotes::create(NoConfig {}).expect("create");
    let mut preds = HashMap::new();
    for doc in &gold {
        let mut d = Document::new(Article::from_text(doc.text.clone()));
        d.set_annotation("entities", &serde_json::json!([])).expect("set");
        let out = quotes.analyze(&d).expect("analyze");
        for q in &out {
            q.span.validate(&doc.text).expect("content span is valid");
        }
        preds.insert(doc.id.clone(), eval::predictions(&doc.text, &out));
    }
    let summary = eval::evaluate(&gold, &preds, &Options { threshold: 0.5, ..Options::default() });
    let table = eval::format_table(&summary, "seed article");
    println!("{table}");
    let gate = gate();
    assert!(
        summary.end_to_end.f1 >= gate,
        "seed end-to-end F1 {:.3} fell below the gate {gate:.3}\n{table}",
        summary.end_to_end.f1
    );
}

#[test]
fn requires_the_entities_annotation() {
    let quotes = Quotes::create(NoConfig {}).expect("create");
    let d = Document::new(Article::from_text("“We win,” Smith said."));
    assert!(quotes.analyze(&d).is_err(), "the entities requirement is enforced");
}
