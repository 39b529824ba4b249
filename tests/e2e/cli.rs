//! End-to-end tests of the `news` command line: batch mode, formats, exit codes, `news plugins`.

use news_e2e::{news, news_with_stdin};

#[test]
fn jsonl_text_is_kept_byte_for_byte_and_a_bad_line_does_not_stop_the_batch() {
    let tricky =
        "  Putin’s “boundless” trip.\r\n\nSecond\tparagraph — ünïcode, emoji 🙂, \\ and \"quotes\"  ";
    let request = serde_json::json!({"id": "first", "text": tricky}).to_string();
    let input = format!("{request}\n{{this is not json\n\n[1,2]\n{{\"id\": 4, \"text\": \"Last one.\"}}\n");
    let run = news_with_stdin(&["analyze", "--jsonl", "-"], input.as_bytes());
    let lines = run.json_lines();
    assert_eq!(lines.len(), 4, "one result per request line (blank lines are not requests): {}", run.stdout);
    assert_eq!(lines[0]["id"], "first");
    assert_eq!(lines[0]["article"]["text"].as_str(), Some(tricky));
    assert_eq!(lines[1]["id"], serde_json::Value::Null);
    assert_eq!(lines[1]["error"]["kind"], "bad_request");
    assert!(lines[1]["error"]["message"].as_str().expect("message").starts_with("line 2:"));
    assert_eq!(lines[2]["error"]["kind"], "bad_request");
    assert_eq!(lines[3]["id"], 4);
    assert_eq!(lines[3]["article"]["text"], "Last one.");
    for key in ["entities", "quotes", "sentiment", "geography"] {
        assert!(lines[3]["annotations"].get(key).is_some(), "missing {key}");
    }
    assert_eq!(run.code, Some(1), "some requests failed");
}

#[test]
fn html_request_in_a_batch_is_extracted() {
    let html = "<html><head><title>T</title></head><body><article><p>Hello from Paris, where the talks began on Monday.</p>\
                <p>The second paragraph of the story carries on with more of the reporting.</p></article>\
                <nav><p>Menu</p></nav></body></html>";
    let request = serde_json::json!({"id": 1, "html": html, "url": "https://example.com/x"}).to_string();
    let run = news_with_stdin(&["analyze", "--jsonl", "-"], request.as_bytes());
    let lines = run.json_lines();
    assert_eq!(lines.len(), 1);
    assert_eq!(
        lines[0]["article"]["text"],
        "Hello from Paris, where the talks began on Monday.\n\nThe second paragraph of the story carries on with more of the reporting."
    );
    assert_eq!(lines[0]["article"]["url"], "https://example.com/x");
    assert_eq!(run.code, Some(0), "{}", run.stderr);
}

#[test]
fn exit_codes_separate_failed_inputs_from_usage_errors() {
    let missing = news(&["analyze", "fixtures/seed.txt", "fixtures/no-such-file.txt", "--format", "jsonl"]);
    assert_eq!(missing.code, Some(1));
    let lines = missing.json_lines();
    assert_eq!(lines.len(), 2);
    assert!(lines[0].get("article").is_some());
    assert_eq!(lines[1]["error"]["kind"], "io");

    let usage = news(&["analyze", "--no-such-flag"]);
    assert_eq!(usage.code, Some(2));
    let unknown = news(&["analyze", "fixtures/seed.txt", "--plugins", "nope"]);
    assert_eq!(unknown.code, Some(2));
    assert!(unknown.stderr.contains("no plugin named `nope`"), "{}", unknown.stderr);
}

#[test]
fn stdin_input_and_pretty_format() {
    let run = news_with_stdin(&["analyze", "-", "--format", "pretty"], b"Plain text from standard input.");
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(run.stdout.starts_with("== -\n"), "{}", run.stdout);
    assert!(run.stdout.contains("Text:      5 words, 1 paragraphs"), "{}", run.stdout);
    assert!(run.stdout.contains("People:"), "{}", run.stdout);
}

#[test]
fn plugins_lists_the_four_analyzers_with_abi_and_requirements() {
    let run = news(&["plugins", "--json"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let value = run.json();
    let plugins = value["plugins"].as_array().expect("plugins");
    let names: Vec<&str> = plugins.iter().filter_map(|p| p["name"].as_str()).collect();
    for name in ["entities", "quotes", "sentiment", "geography"] {
        assert!(names.contains(&name), "{name} not listed: {names:?}");
    }
    for plugin in plugins {
        assert_eq!(plugin["abi"], 1);
        let requires = &plugin["requires"];
        if plugin["name"] == "entities" {
            assert_eq!(requires, &serde_json::json!([]));
        } else {
            assert_eq!(requires, &serde_json::json!(["entities"]));
        }
        assert!(plugin["path"].as_str().is_some_and(|p| p.contains("plugins")));
    }
    let table = news(&["plugins"]);
    assert!(table.stdout.starts_with("NAME"), "{}", table.stdout);
    assert!(table.stdout.contains("geography"), "{}", table.stdout);
}
