//! Golden tests: every input under `tests/fixtures/` (`.txt`, `.html`) is analyzed by the built
//! `news` binary with the staged plugins, as JSON and as the pretty summary, and compared with
//! `tests/expected/<input>.json` and `tests/expected/<input>.pretty.txt`.
//!
//! `cargo xtask fixtures --bless` (BLESS=1) rewrites the expected files; review them as a diff.

use std::path::{Path, PathBuf};

use news_e2e::{news, root};

fn blessing() -> bool {
    std::env::var_os("BLESS").is_some_and(|v| v == "1")
}

fn inputs() -> Vec<PathBuf> {
    let dir = root().join("tests/fixtures");
    let mut inputs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/fixtures exists")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("txt" | "html")))
        .collect();
    inputs.sort();
    assert!(!inputs.is_empty(), "no fixtures found in {}", dir.display());
    inputs
}

/// Compares `actual` with the expected file, or writes it when blessing. Returns a failure text.
fn check(expected: &Path, actual: &str) -> Option<String> {
    if blessing() {
        std::fs::write(expected, actual).expect("write expected file");
        return None;
    }
    let Ok(want) = std::fs::read_to_string(expected) else {
        return Some(format!("{} is missing: run `cargo xtask fixtures --bless`", expected.display()));
    };
    if want == actual {
        return None;
    }
    let first_diff = want
        .lines()
        .zip(actual.lines())
        .position(|(a, b)| a != b)
        .unwrap_or_else(|| want.lines().count().min(actual.lines().count()));
    Some(format!(
        "{} differs at line {}:\n  expected: {}\n  actual:   {}\n(run `cargo xtask fixtures --bless` and review the diff if the change is intended)",
        expected.display(),
        first_diff + 1,
        want.lines().nth(first_diff).unwrap_or("<end of file>"),
        actual.lines().nth(first_diff).unwrap_or("<end of file>"),
    ))
}

#[test]
fn fixtures_match_their_golden_outputs() {
    let expected_dir = root().join("tests/expected");
    std::fs::create_dir_all(&expected_dir).expect("tests/expected");
    let mut failures = Vec::new();
    let mut wanted_files = Vec::new();
    for input in inputs() {
        let name = input.file_name().and_then(|n| n.to_str()).expect("utf-8 name").to_owned();
        let relative = format!("fixtures/{name}");

        let json_run = news(&["analyze", &relative, "--format", "json"]);
        assert_eq!(json_run.code, Some(0), "news analyze {relative} failed: {}", json_run.stderr);
        let value = json_run.json();
        for key in ["entities", "quotes", "sentiment", "geography"] {
            assert!(value["annotations"].get(key).is_some(), "{relative}: no `{key}` annotation");
        }
        assert_eq!(value["errors"], serde_json::json!([]), "{relative}: plugin errors");
        let pretty_json = serde_json::to_string_pretty(&value).expect("serializes") + "\n";
        let json_file = expected_dir.join(format!("{name}.json"));
        failures.extend(check(&json_file, &pretty_json));

        let pretty_run = news(&["analyze", &relative, "--format", "pretty"]);
        assert_eq!(pretty_run.code, Some(0), "{}", pretty_run.stderr);
        let pretty_file = expected_dir.join(format!("{name}.pretty.txt"));
        failures.extend(check(&pretty_file, &pretty_run.stdout));
        wanted_files.extend([json_file, pretty_file]);
    }
    // Nothing stale: every expected file belongs to a fixture.
    for entry in std::fs::read_dir(&expected_dir).expect("read tests/expected").filter_map(Result::ok) {
        let path = entry.path();
        if !wanted_files.contains(&path) {
            failures.push(format!("{} has no fixture: delete it or add the input", path.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn seed_html_extraction_keeps_the_article_and_drops_the_boilerplate() {
    let value = news(&["analyze", "fixtures/seed.html"]).json();
    let article = &value["article"];
    let text = article["text"].as_str().expect("text");
    let seed = std::fs::read_to_string(root().join("tests/fixtures/seed.txt")).expect("seed.txt");
    let seed_paragraphs: Vec<&str> = seed.lines().filter(|l| !l.trim().is_empty()).collect();
    let paragraphs: Vec<&str> = text.split("\n\n").collect();
    assert_eq!(paragraphs, seed_paragraphs, "the page's article paragraphs, in order, and nothing else");
    for junk in ["Advertisement", "Comments", "Most read", "Related stories", "Sign up", "cookies", "Getty"] {
        assert!(!text.contains(junk), "boilerplate leaked into the text: {junk}");
    }
    // The page's <h1> (curly quotes) is the headline as published.
    assert_eq!(article["title"], "China rolls out red carpet for Putin as Xi seeks ‘geopolitical supremacy’");
    assert_eq!(article["authors"], serde_json::json!(["Jane Holloway"]));
    assert_eq!(article["published"], "2024-05-14T09:30:00+00:00");
    assert_eq!(article["site_name"], "The Daily Globe");
}

#[test]
fn seed_txt_text_is_the_file_byte_for_byte() {
    let value = news(&["analyze", "fixtures/seed.txt"]).json();
    let seed = std::fs::read_to_string(root().join("tests/fixtures/seed.txt")).expect("seed.txt");
    assert_eq!(value["article"]["text"].as_str(), Some(seed.as_str()));
    assert_eq!(value["id"], "fixtures/seed.txt");
}
