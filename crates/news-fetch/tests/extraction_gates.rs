//! The extraction accuracy gates: text F1 (the article-extraction benchmark's shingle metric,
//! as `cargo xtask eval extraction` prints it) on the dev sets kept in `tests/data/`, which must
//! not drop below the gates in `tests/data/extraction-gates.json`.
//!
//! Every dev page is also a robustness case: none may panic.

use std::collections::HashMap;
use std::io::Read as _;
use std::path::{Path, PathBuf};

use news_fetch::extract::extract_html;
use serde_json::Value;

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data")
}

fn is_word(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

fn tokens(text: &str) -> Vec<&str> {
    text.split(|c: char| !is_word(c)).filter(|t| !t.is_empty()).collect()
}

fn shingles<'a>(toks: &[&'a str]) -> HashMap<Vec<&'a str>, u64> {
    let mut m = HashMap::new();
    if toks.len() < 4 {
        if !toks.is_empty() {
            m.insert(toks.to_vec(), 1);
        }
        return m;
    }
    for w in toks.windows(4) {
        *m.entry(w.to_vec()).or_insert(0) += 1;
    }
    m
}

/// Corpus F1 of the shingle metric: per-page precision and recall, averaged, then F1.
fn score(dir: &Path) -> (f64, usize) {
    let truth = std::fs::read_to_string(dir.join("truth.jsonl")).expect("truth.jsonl is readable");
    let (mut precs, mut recs) = (Vec::new(), Vec::new());
    for line in truth.lines().filter(|l| !l.trim().is_empty()) {
        let row: Value = serde_json::from_str(line).expect("truth line is JSON");
        let id = row["id"].as_str().expect("id is a string");
        let mut bytes = Vec::new();
        let file = std::fs::File::open(dir.join("html").join(format!("{id}.html.gz"))).expect("page exists");
        flate2::read::GzDecoder::new(file).read_to_end(&mut bytes).expect("page gunzips");
        let html = String::from_utf8_lossy(&bytes);
        let article = extract_html(&html, row["url"].as_str());
        let (tt, pt) = (tokens(row["articleBody"].as_str().unwrap_or("")), tokens(&article.text));
        let (t, p) = (shingles(&tt), shingles(&pt));
        let tp: u64 = p.iter().map(|(k, c)| (*c).min(t.get(k).copied().unwrap_or(0))).sum();
        let (np, nt): (u64, u64) = (p.values().sum(), t.values().sum());
        let exact = np == tp && nt == tp;
        if np > 0 {
            precs.push(if exact { 1.0 } else { tp as f64 / np as f64 });
        }
        if nt > 0 {
            recs.push(if exact { 1.0 } else { tp as f64 / nt as f64 });
        }
    }
    let mean = |xs: &[f64]| if xs.is_empty() { 0.0 } else { xs.iter().sum::<f64>() / xs.len() as f64 };
    let (p, r) = (mean(&precs), mean(&recs));
    (if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 }, recs.len())
}

fn gate(set: &str) {
    let gates: Value = serde_json::from_str(
        &std::fs::read_to_string(data_dir().join("extraction-gates.json")).expect("gates file is readable"),
    )
    .expect("gates file is JSON");
    let min = gates[set]["text_f1"].as_f64().expect("gate value");
    let (f1, pages) = score(&data_dir().join(set));
    println!("{set}: text F1 {f1:.4} over {pages} pages (gate {min})");
    assert!(f1 >= min, "{set}: text F1 {f1:.4} fell below the gate {min}");
}

#[test]
fn text_f1_on_the_zyte_dev_set_holds_its_gate() {
    gate("extraction");
}

#[test]
fn text_f1_on_the_wcxb_dev_set_holds_its_gate() {
    gate("extraction-wcxb");
}
