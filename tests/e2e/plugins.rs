//! End-to-end tests of custom plugins: the C example loads and runs, plugin configuration reaches
//! `create`, `news plugins --check` explains refusals, and each way a library can break the
//! contract is refused or contained with a message a plugin author can act on.

use std::path::Path;

use news_e2e::{Run, example_plugins, library, news, news_with_stdin, test_plugins};

/// A plugin directory holding copies of the given libraries.
fn plugin_dir(libraries: &[(&Path, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for (from_dir, lib) in libraries {
        let from = library(from_dir, lib);
        std::fs::copy(&from, dir.path().join(from.file_name().expect("file name")))
            .unwrap_or_else(|e| panic!("copy {}: {e}", from.display()));
    }
    dir
}

fn analyze(dir: &Path, plugins: &str, text: &str, extra: &[&str]) -> Run {
    let dir = dir.to_string_lossy();
    let request = serde_json::json!({"id": 1, "text": text}).to_string();
    let mut args = vec!["analyze", "--jsonl", "-", "--plugin-dir", &dir, "--plugins", plugins];
    args.extend_from_slice(extra);
    news_with_stdin(&args, request.as_bytes())
}

#[test]
fn the_c_plugin_loads_and_reports_utf8_byte_offsets() {
    let examples = example_plugins();
    let run =
        analyze(&examples, "c-wordcount", "Zürich and “ünïcödé-longest” words.\n\nSecond paragraph.", &[]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let out = &run.json_lines()[0]["annotations"]["c-wordcount"];
    assert_eq!(out["words"], 6);
    assert_eq!(out["paragraphs"], 2);
    // The host checked this span against the text; it is here, so it is right.
    assert_eq!(out["longest_word"]["text"], "“ünïcödé-longest”");
    assert_eq!(out["longest_word"]["start"], 12);
}

#[test]
fn plugin_config_reaches_create_and_bad_config_is_refused() {
    let examples = example_plugins();
    let run = analyze(&examples, "echo", "Hello.", &["--plugin-config", "echo.label=from the command line"]);
    assert_eq!(run.json_lines()[0]["annotations"]["echo"]["label"], "from the command line");

    let config = tempfile::NamedTempFile::with_suffix(".toml").expect("temp");
    std::fs::write(config.path(), "[echo]\nlabel = \"from a file\"\n").expect("write");
    let file = config.path().to_string_lossy().into_owned();
    let run = analyze(&examples, "echo", "Hello.", &["--plugin-config-file", &file]);
    assert_eq!(run.json_lines()[0]["annotations"]["echo"]["label"], "from a file");

    let run = analyze(&examples, "echo", "Hello.", &["--plugin-config", "echo.colour=red"]);
    assert_eq!(run.code, Some(2));
    assert!(run.stderr.contains("plugin `echo`"), "{}", run.stderr);
    assert!(run.stderr.contains("invalid configuration: unknown field `colour`"), "{}", run.stderr);
    let run = analyze(&examples, "c-wordcount", "Hello.", &["--plugin-config", "c-wordcount.x=1"]);
    assert_eq!(run.code, Some(2));
    assert!(run.stderr.contains("c-wordcount takes no settings"), "{}", run.stderr);
}

#[test]
fn plugins_check_explains_each_library() {
    let ok =
        news(&["plugins", "--check", &library(&example_plugins(), "news_example_echo").to_string_lossy()]);
    assert_eq!(ok.code, Some(0));
    assert!(ok.stdout.starts_with("plugin: echo "), "{}", ok.stdout);
    assert!(ok.stdout.contains("\nok: "), "{}", ok.stdout);
    let cases = [
        (
            library(&example_plugins(), "news_example_abi_mismatch"),
            "built for plugin ABI version 2, but this news speaks ABI version 1",
        ),
        (
            library(&test_plugins(), "test_no_entry"),
            "is not a news plugin: it does not export `news_plugin_entry`",
        ),
        (
            library(&test_plugins(), "test_create_fails"),
            "refused to start: this plugin always refuses to start",
        ),
    ];
    for (file, message) in cases {
        let run = news(&["plugins", "--check", &file.to_string_lossy()]);
        assert_eq!(run.code, Some(1), "{}", file.display());
        assert!(run.stdout.contains("refused: ") && run.stdout.contains(message), "{}", run.stdout);
        assert!(!run.stdout.contains("\nok: "), "{}", run.stdout);
    }
    let junk = tempfile::NamedTempFile::with_suffix(std::env::consts::DLL_SUFFIX).expect("temp");
    std::fs::write(junk.path(), b"not a library").expect("write");
    let run = news(&["plugins", "--check", &junk.path().to_string_lossy()]);
    assert_eq!(run.code, Some(1));
    assert!(run.stdout.contains("is not a loadable shared library"), "{}", run.stdout);
}

#[test]
fn a_dependency_cycle_is_refused_at_start() {
    let tests = test_plugins();
    let dir = plugin_dir(&[(&tests, "test_cycle_a"), (&tests, "test_cycle_b")]);
    let run = analyze(dir.path(), "cycle-a", "Text.", &[]);
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr.contains("plugins require each other in a cycle: cycle-a -> cycle-b -> cycle-a"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.is_empty());
}

#[test]
fn a_failing_create_is_refused_at_start_with_the_plugins_message() {
    let dir = plugin_dir(&[(&test_plugins(), "test_create_fails")]);
    let run = analyze(dir.path(), "create-fails", "Text.", &[]);
    assert_eq!(run.code, Some(2));
    assert!(run.stderr.contains("plugin `create-fails`"), "{}", run.stderr);
    assert!(run.stderr.contains("refused to start: this plugin always refuses to start"), "{}", run.stderr);
}

#[test]
fn invalid_json_and_bad_spans_are_rejected_per_article_and_the_others_still_run() {
    let tests = test_plugins();
    let examples = example_plugins();
    let dir = plugin_dir(&[
        (&tests, "test_bad_json"),
        (&tests, "test_bad_span"),
        (&examples, "news_example_echo"),
        (&examples, "news_example_c_wordcount"),
    ]);
    let run = analyze(dir.path(), "bad-json,bad-span,echo,c-wordcount", "éclair ECHO:MIDCHAR", &[]);
    let line = &run.json_lines()[0];
    let errors = line["errors"].as_array().expect("errors");
    let message = |plugin: &str| {
        errors
            .iter()
            .find(|e| e["plugin"] == plugin)
            .and_then(|e| e["message"].as_str())
            .unwrap_or_else(|| panic!("no error for {plugin}: {errors:?}"))
            .to_owned()
    };
    assert!(message("bad-json").starts_with("invalid output: not JSON"), "{}", message("bad-json"));
    let span = message("bad-span");
    assert!(span.contains(".oops") && span.contains("past the end of the text"), "{span}");
    let mid = message("echo");
    assert!(mid.contains("does not start and end on character boundaries"), "{mid}");
    assert_eq!(line["annotations"]["c-wordcount"]["words"], 2, "the other plugin ran");
    for broken in ["bad-json", "bad-span", "echo"] {
        assert!(line["annotations"].get(broken).is_none(), "{broken}'s invalid output was kept");
    }
    assert_eq!(run.code, Some(1));
}
