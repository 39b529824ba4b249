//! End-to-end tests of the plugin boundary with real libraries: a plugin of another ABI version,
//! a panicking or failing plugin, bad spans, a missing requirement, a missing directory and a
//! file that is not a plugin. None of them may stop the other plugins.

use std::path::Path;

use news_e2e::{example_plugins, library, news, news_bin, news_with_stdin, run_program, staged_plugins};

fn example_dir() -> String {
    example_plugins().to_string_lossy().into_owned()
}

fn analyze_text_with_echo(text: &str) -> news_e2e::Run {
    let request = serde_json::json!({"id": 1, "text": text}).to_string();
    let dir = example_dir();
    news_with_stdin(
        &["analyze", "--jsonl", "-", "--plugin-dir", &dir, "--plugins", "echo,quotes,geography"],
        request.as_bytes(),
    )
}

#[test]
fn another_abi_version_is_refused_naming_the_file_and_both_versions() {
    let dir = example_dir();
    let run = news(&["plugins", "--plugin-dir", &dir]);
    assert_eq!(run.code, Some(0));
    let refusal = run
        .stdout
        .lines()
        .find(|l| l.contains("libnews_example_abi_mismatch"))
        .unwrap_or_else(|| panic!("no refusal line: {}", run.stdout));
    assert!(refusal.starts_with("refused: "), "{refusal}");
    assert!(refusal.contains("ABI version 2"), "{refusal}");
    assert!(refusal.contains("ABI version 1"), "{refusal}");
    // The other plugins of that directory and the default ones still load.
    assert!(run.stdout.lines().any(|l| l.starts_with("echo ")), "{}", run.stdout);
    assert!(run.stdout.lines().any(|l| l.starts_with("entities ")), "{}", run.stdout);
}

#[test]
fn echo_round_trips_through_the_abi() {
    let run = analyze_text_with_echo("Paris is “lovely”.\n\nSecond paragraph.");
    let line = &run.json_lines()[0];
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let echo = &line["annotations"]["echo"];
    assert_eq!(echo["bytes"], "Paris is “lovely”.\n\nSecond paragraph.".len());
    assert_eq!(echo["paragraphs"], 2);
    assert_eq!(echo["first_word"], serde_json::json!({"start": 0, "end": 5, "text": "Paris"}));
}

#[test]
fn a_panicking_plugin_becomes_an_error_entry_and_the_others_still_run() {
    let run = analyze_text_with_echo("Please ECHO:PANIC now.");
    let line = &run.json_lines()[0];
    let errors = line["errors"].as_array().expect("errors");
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0]["plugin"], "echo");
    assert!(errors[0]["message"].as_str().expect("message").contains("echo was asked to panic"));
    assert!(line["annotations"].get("echo").is_none());
    for key in ["entities", "quotes", "geography"] {
        assert!(line["annotations"].get(key).is_some(), "{key} missing after a panic elsewhere");
    }
    assert_eq!(run.code, Some(1));
}

#[test]
fn a_failing_plugin_and_a_plugin_with_bad_spans_are_reported() {
    let failed = analyze_text_with_echo("ECHO:FAIL");
    let line = &failed.json_lines()[0];
    assert_eq!(line["errors"][0]["plugin"], "echo");
    assert_eq!(line["errors"][0]["message"], "echo was asked to fail");
    assert!(line["annotations"].get("entities").is_some());

    let bad = analyze_text_with_echo("Zürich ECHO:BADSPAN");
    let line = &bad.json_lines()[0];
    let message = line["errors"][0]["message"].as_str().expect("message");
    assert!(message.starts_with("invalid output: .first_word"), "{message}");
    assert!(message.contains("past the end"), "{message}");
    assert!(line["annotations"].get("echo").is_none(), "invalid output must not be kept");
}

#[test]
fn a_missing_requirement_is_a_clear_error_at_start() {
    // A private install: a copy of `news` with only the quotes plugin next to it.
    let install = tempfile::tempdir().expect("tempdir");
    let bin = install.path().join("news");
    std::fs::copy(news_bin(), &bin).expect("copy news");
    std::fs::create_dir(install.path().join("plugins")).expect("plugins dir");
    let quotes = library(&staged_plugins(), "news_quotes");
    std::fs::copy(&quotes, install.path().join("plugins").join(quotes.file_name().expect("name")))
        .expect("copy quotes");
    let run = run_program(&bin, &["analyze", "-"], install.path(), b"Some text.");
    assert_eq!(run.code, Some(2), "{run:?}");
    assert!(
        run.stderr.contains("plugin `quotes` requires `entities`, which no loaded plugin provides"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.is_empty(), "nothing is analyzed when the pipeline cannot start");
}

#[test]
fn a_missing_directory_and_a_non_plugin_library_are_reported_not_fatal() {
    let dir = tempfile::tempdir().expect("tempdir");
    let junk = library(dir.path(), "junk");
    std::fs::write(&junk, b"\x7fELF but not really").expect("write junk");
    let absent = dir.path().join("absent");
    let (junk_dir, absent_dir) = (dir.path().to_string_lossy(), absent.to_string_lossy());
    let run =
        news_with_stdin(&["analyze", "-", "--plugin-dir", &junk_dir, "--plugin-dir", &absent_dir], b"Text.");
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(run.stderr.contains("libjunk"), "{}", run.stderr);
    assert!(run.stderr.contains("is not a loadable shared library"), "{}", run.stderr);
    assert!(run.stderr.contains(&format!("plugin directory {absent_dir} does not exist")), "{}", run.stderr);
    assert!(run.json()["annotations"].get("entities").is_some());
}

#[test]
fn a_plugin_named_twice_is_loaded_once_and_the_duplicate_reported() {
    let dir = tempfile::tempdir().expect("tempdir");
    let entities = library(&staged_plugins(), "news_entities");
    let copy = dir.path().join(Path::new("libnews_entities_copy.so"));
    std::fs::copy(&entities, &copy).expect("copy");
    let dir_arg = dir.path().to_string_lossy();
    let run = news(&["plugins", "--plugin-dir", &dir_arg]);
    let listed = run.stdout.lines().filter(|l| l.starts_with("entities ")).count();
    assert_eq!(listed, 1, "{}", run.stdout);
    assert!(run.stdout.contains("a plugin named `entities` was already loaded"), "{}", run.stdout);
}
