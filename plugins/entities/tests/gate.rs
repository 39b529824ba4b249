//! The CI gate: exact-span F1 (conlleval semantics) of the shipped model on the committed dev
//! slices (`data/`, see its README for sources and licences) must stay at or above the floors
//! kept in `data/gates.txt`. Lower a floor only with a reason in the commit message.

use std::path::PathBuf;

use news_entities::conll::{self, Score};
use news_entities::tagger::Scratch;
use news_entities::tags::{self, TYPES};

fn data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(name)
}

#[test]
fn f1_on_the_dev_slices_stays_above_the_gates() {
    let gates = std::fs::read_to_string(data("gates.txt")).expect("tests/data/gates.txt");
    let tagger = news_entities::shipped().expect("the shipped model loads");
    let mut failures = Vec::new();
    let mut checked = 0;
    for line in gates.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
        let cols: Vec<&str> = line.split_whitespace().collect();
        let [file, types, floor] = cols[..] else { panic!("bad gate line: {line}") };
        let floor: f64 = floor.parse().expect("a number");
        let mut scored = [false; 4];
        for t in types.split(',') {
            scored[tags::type_index(t).expect("a type")] = true;
        }
        let text = std::fs::read_to_string(data(file)).expect("slice file");
        let docs = conll::read(&text);
        assert!(!docs.is_empty(), "{file} has no documents");
        let mut score = Score::new(scored);
        let (mut scratch, mut out, mut spans) = (Scratch::default(), Vec::new(), Vec::new());
        for d in &docs {
            tagger.tag(&d.token_strs(), &d.sentences, &mut scratch, &mut out);
            for (r, gold) in d.sentences.iter().zip(d.gold_spans()) {
                tags::spans_bilou(&out[r.clone()], &mut spans);
                score.add(&gold, &spans);
            }
        }
        let f1 = score.overall().f1();
        let per: Vec<String> = TYPES
            .iter()
            .zip(&score.per_type)
            .zip(scored)
            .filter(|(_, s)| *s)
            .map(|((t, c), _)| format!("{t} {:.2}", c.f1()))
            .collect();
        println!("{file} [{types}]: F1 {f1:.2} (gate {floor:.2}); {}", per.join(", "));
        if f1 < floor {
            failures.push(format!("{file} [{types}]: F1 {f1:.2} < gate {floor:.2}"));
        }
        checked += 1;
    }
    assert!(checked > 0, "no gates in tests/data/gates.txt");
    assert!(failures.is_empty(), "entities F1 dropped below the gate:\n{}", failures.join("\n"));
}
