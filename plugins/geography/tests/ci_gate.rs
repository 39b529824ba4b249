//! The geography CI gate: the plugin (gazetteer rules alone, no entities) on the committed
//! GeoVirus dev slice must keep the figures in `tests/data/gates.json` (the metrics of
//! `shared/eval/tools/geo_eval.py`, ported in `news_geoparser::eval`).

use news_geography::Geography;
use news_geoparser::eval::{Scored, Toponym, evaluate, predictions};
use serde_json::Value;

const SLICE: &str = include_str!("data/geovirus-dev.jsonl");
const GATES: &str = include_str!("data/gates.json");

fn gold(d: &Value) -> Vec<Toponym> {
    d["toponyms"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|t| Toponym {
            start: t["start"].as_u64().unwrap_or(0) as usize,
            end: t["end"].as_u64().unwrap_or(0) as usize,
            lat: t["lat"].as_f64(),
            lon: t["lon"].as_f64(),
            kind: None,
        })
        .collect()
}

#[test]
fn geovirus_dev_slice_keeps_its_gates() {
    let geo = Geography::new().expect("the compiled-in gazetteer loads");
    let gates: Value = serde_json::from_str(GATES).expect("gates.json parses");
    let mut scored = Vec::new();
    for line in SLICE.lines().filter(|l| !l.trim().is_empty()) {
        let d: Value = serde_json::from_str(line).expect("slice line parses");
        let text = d["text"].as_str().expect("text");
        let ann = geo.geoparse(text, &[]);
        scored.push(Scored { gold: gold(&d), pred: Some(predictions(text, &ann)), ..Scored::default() });
    }
    assert_eq!(scored.len(), 50);
    let m = evaluate(&scored, &[]);
    println!("{}", m.report());
    let figures = [
        ("f1_exact", m.exact.3),
        ("f1_overlap", m.overlap.3),
        ("acc161", m.acc161),
        ("acc161_all_gold", m.acc161_all_gold),
    ];
    let mut failed = Vec::new();
    for (name, value) in figures {
        let gate = gates[name].as_f64().expect("gate present");
        if value < gate {
            failed.push(format!("{name} {value:.3} < gate {gate:.3}"));
        }
    }
    assert!(failed.is_empty(), "geography gate failed: {}", failed.join("; "));
}
