//! End-to-end fetching through the built binary and plugins: `news analyze http://127.0.0.1:…`
//! against a real local server (axum on 127.0.0.1:0), `--urls` lists and JSONL `url` requests,
//! with failures typed and results in input order.

use std::time::Duration;

use axum::Router;
use axum::http::{StatusCode, header};
use axum::routing::get;
use news_e2e::{news, news_with_stdin, root};

/// Serves the seed page and a few failures on a background thread; returns the base URL.
fn serve() -> String {
    let seed_html = std::fs::read_to_string(root().join("tests/fixtures/seed.html")).expect("seed.html");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
        runtime.block_on(async move {
            let app =
                Router::new()
                    .route(
                        "/world/seed.html",
                        get(move || async move {
                            ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], seed_html)
                        }),
                    )
                    .route("/missing", get(|| async { StatusCode::NOT_FOUND }))
                    .route(
                        "/report.pdf",
                        get(|| async { ([(header::CONTENT_TYPE, "application/pdf")], "%PDF-1.4") }),
                    )
                    .route(
                        "/slow",
                        get(|| async {
                            tokio::time::sleep(Duration::from_secs(3)).await;
                            "late"
                        }),
                    );
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
            tx.send(listener.local_addr().expect("addr")).expect("send addr");
            axum::serve(listener, app).await.expect("serve");
        });
    });
    let addr = rx.recv_timeout(Duration::from_secs(10)).expect("server started");
    format!("http://{addr}")
}

#[test]
fn analyze_a_url_through_the_binary_and_plugins() {
    let base = serve();
    let url = format!("{base}/world/seed.html");
    let run = news(&["analyze", &url]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let value = run.json();
    assert_eq!(value["id"], url.as_str());
    let article = &value["article"];
    assert_eq!(article["url"], url.as_str());
    let title = article["title"].as_str().expect("title");
    assert!(title.starts_with("China rolls out red carpet for Putin"), "{title}");
    let text = article["text"].as_str().expect("text");
    assert!(text.starts_with("China is set to roll out the red carpet"), "{text}");
    assert!(!text.contains("Most read"), "boilerplate leaked");
    for key in ["entities", "quotes", "sentiment", "geography"] {
        assert!(value["annotations"].get(key).is_some(), "no {key}");
    }
}

#[test]
fn url_lists_and_jsonl_urls_keep_order_and_type_failures() {
    let base = serve();
    let list = tempfile::NamedTempFile::new().expect("temp file");
    let urls = format!(
        "# a comment\n{base}/world/seed.html\n\n{base}/missing\n{base}/report.pdf\nftp://{}/nope\n{base}/slow\n",
        base.trim_start_matches("http://")
    );
    std::fs::write(list.path(), urls).expect("write list");
    let list_path = list.path().to_string_lossy().into_owned();
    let run = news(&["analyze", "--urls", &list_path, "--timeout", "1", "--retries", "0"]);
    let lines = run.json_lines();
    assert_eq!(lines.len(), 5, "{}", run.stdout);
    assert!(lines[0]["article"]["text"].as_str().is_some_and(|t| t.contains("Putin")));
    let kinds: Vec<&str> = lines[1..].iter().map(|l| l["error"]["kind"].as_str().unwrap_or("?")).collect();
    assert_eq!(kinds, ["http_status", "not_html", "invalid_url", "timeout"]);
    assert_eq!(run.code, Some(1));

    let requests = format!(
        "{}\n{}\n{}\n",
        serde_json::json!({"id": "a", "url": format!("{base}/missing")}),
        serde_json::json!({"id": "b", "text": "Plain."}),
        serde_json::json!({"id": "c", "url": format!("{base}/world/seed.html")}),
    );
    let run = news_with_stdin(&["analyze", "--jsonl", "-"], requests.as_bytes());
    let lines = run.json_lines();
    let ids: Vec<&str> = lines.iter().map(|l| l["id"].as_str().unwrap_or("?")).collect();
    assert_eq!(ids, ["a", "b", "c"]);
    assert_eq!(lines[0]["error"]["kind"], "http_status");
    assert_eq!(lines[1]["article"]["text"], "Plain.");
    assert!(lines[2]["article"]["title"].as_str().is_some_and(|t| t.contains("Putin")));
}
