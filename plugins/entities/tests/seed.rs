//! The seed article (`tests/fixtures/seed.txt`) against its hand-made gold (`data/seed_gold.json`):
//! every PER entity is found and merged with its aliases under its canonical name, the country
//! short forms are one entity, and at least 90% of all listed entities are found.

use std::path::PathBuf;

use news_core::{Analyzer, Article, Document, Entity, EntityLabel};
use news_entities::Entities;
use news_plugin::sdk::NoConfig;

fn repo(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn norm(s: &str) -> String {
    s.replace(['’', '‘'], "'")
}

fn label(t: &str) -> EntityLabel {
    match t {
        "PER" => EntityLabel::Person,
        "ORG" => EntityLabel::Organization,
        "LOC" => EntityLabel::Location,
        _ => EntityLabel::Misc,
    }
}

/// Byte ranges where `alias` occurs in `text` on word boundaries (apostrophes folded).
fn occurrences(text: &str, alias: &str) -> Vec<(usize, usize)> {
    let t = norm(text);
    let a = norm(alias);
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(p) = t[from..].find(&a) {
        let s = from + p;
        let e = s + a.len();
        let before = t[..s].chars().next_back().is_none_or(|c| !c.is_alphanumeric() && c != '-');
        let after = t[e..].chars().next().is_none_or(|c| !c.is_alphanumeric() && c != '-');
        if before && after {
            out.push((s, e));
        }
        from = s + a.len().max(1);
    }
    // `norm` replaces 3-byte quotes by 1-byte ones: map positions back to `text`.
    let map: Vec<usize> = {
        let mut m = Vec::with_capacity(t.len() + 1);
        for (i, c) in text.char_indices() {
            let n = if c == '’' || c == '‘' { 1 } else { c.len_utf8() };
            for _ in 0..n {
                m.push(i);
            }
        }
        m.push(text.len());
        m
    };
    out.into_iter().map(|(s, e)| (map[s], map[e])).collect()
}

#[test]
fn seed_article_entities_are_found_and_merged() {
    let text = std::fs::read_to_string(repo("../../tests/fixtures/seed.txt")).expect("seed text");
    let gold: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(repo("tests/data/seed_gold.json")).expect("gold"))
            .expect("json");
    let analyzer = Entities::create(NoConfig {}).expect("create");
    let entities: Vec<Entity> =
        analyzer.analyze(&Document::new(Article::from_text(text.clone()))).expect("analyze");
    for e in &entities {
        println!(
            "{:?} {} <- {:?}",
            e.label,
            e.name,
            e.mentions.iter().map(|m| m.text.as_str()).collect::<Vec<_>>()
        );
        for m in &e.mentions {
            m.validate(&text).expect("valid span");
        }
    }
    let list = gold["entities"].as_array().expect("entities");
    let mut found = 0;
    let mut problems = Vec::new();
    for g in list {
        let canonical = g["canonical"].as_str().expect("canonical");
        let ty = label(g["type"].as_str().expect("type"));
        let aliases: Vec<&str> =
            g["aliases"].as_array().expect("aliases").iter().filter_map(|a| a.as_str()).collect();
        let hit = entities.iter().find(|e| {
            e.label == ty
                && (e.name == canonical
                    || e.mentions.iter().any(|m| aliases.iter().any(|a| norm(a) == norm(&m.text))))
        });
        match hit {
            Some(_) => found += 1,
            None => problems.push(format!("not found: {ty:?} {canonical}")),
        }
        if ty != EntityLabel::Person && canonical != "United States" {
            continue;
        }
        // Found under the canonical name, with every alias merged into it.
        let Some(e) = entities.iter().find(|e| e.label == ty && e.name == canonical) else {
            problems.push(format!("no {ty:?} entity named {canonical:?}"));
            continue;
        };
        for a in &aliases {
            let occ = occurrences(&text, a);
            assert!(!occ.is_empty(), "alias {a:?} does not occur in the seed text");
            let merged = occ.iter().any(|&(s, end)| e.mentions.iter().any(|m| m.start < end && s < m.end));
            if !merged {
                problems.push(format!("alias {a:?} of {canonical:?} is not among its mentions"));
            }
            let split = entities.iter().any(|o| {
                o.label == ty && o.name != canonical && o.mentions.iter().any(|m| norm(&m.text) == norm(a))
            });
            if split {
                problems.push(format!("alias {a:?} of {canonical:?} also forms another entity"));
            }
        }
    }
    let share = found as f64 / list.len() as f64;
    println!("found {found} of {} listed entities ({:.1}%)", list.len(), 100.0 * share);
    let person_problems: Vec<&String> =
        problems.iter().filter(|p| !p.starts_with("not found") || p.contains("Person")).collect();
    assert!(person_problems.is_empty(), "seed problems:\n{}", problems.join("\n"));
    assert!(share >= 0.9, "only {found} of {} entities found:\n{}", list.len(), problems.join("\n"));
}
