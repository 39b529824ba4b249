//! The fetcher against a real HTTP server on 127.0.0.1:0 (axum): redirects and loops, error
//! statuses with retries and `Retry-After`, slow servers, endless bodies, compression bombs,
//! legacy charsets with and without declarations, non-HTML content, bad URLs, per-host limits.

use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use news_fetch::fetch::{FetchConfig, FetchErrorKind, Fetcher};

const ARTICLE: &str = "<!doctype html><html lang=\"en\"><head><title>Test page</title></head><body>\
    <nav><p>Home · World</p></nav><article><h1>Test page</h1><p>Putin will visit Beijing on Thursday.</p>\
    <p>Xi Jinping will meet him.</p></article></body></html>";

const RUSSIAN: &str = "Президент России Владимир Путин прибудет в Пекин в четверг, чтобы встретиться с \
    председателем КНР Си Цзиньпином и обсудить торговлю, энергетику и безопасность в регионе.";
const CHINESE: &str = "俄罗斯总统普京将于星期四抵达北京，与中国国家主席习近平会晤，讨论贸易、能源和地区安全问题。\
    双方表示两国关系达到历史最高水平。";
const JAPANESE: &str = "ロシアのプーチン大統領は木曜日に北京を訪問し、中国の習近平国家主席と会談して、\
    貿易やエネルギー、地域の安全保障について話し合う予定です。";
const FRENCH: &str = "Le président français Emmanuel Macron a reçu à l'Élysée son homologue chinois; \
    les deux dirigeants ont évoqué la guerre en Ukraine, le commerce et les échanges économiques.";

#[derive(Default)]
struct Counters {
    flaky: AtomicUsize,
    capped: AtomicUsize,
    in_flight: AtomicUsize,
    max_in_flight: AtomicUsize,
}

fn encoded_page(encoding: &'static encoding_rs::Encoding, text: &str, meta: bool) -> Vec<u8> {
    let meta = if meta { format!("<meta charset=\"{}\">", encoding.name()) } else { String::new() };
    let html = format!(
        "<html><head>{meta}<title>t</title></head><body><article><p>{text}</p></article></body></html>"
    );
    encoding.encode(&html).0.into_owned()
}

fn charset_of(name: &str) -> Option<(&'static encoding_rs::Encoding, &'static str)> {
    Some(match name {
        "windows-1251" => (encoding_rs::WINDOWS_1251, RUSSIAN),
        "gbk" => (encoding_rs::GBK, CHINESE),
        "shift_jis" => (encoding_rs::SHIFT_JIS, JAPANESE),
        "iso-8859-1" => (encoding_rs::WINDOWS_1252, FRENCH),
        _ => return None,
    })
}

async fn charset_page(Path((name, how)): Path<(String, String)>) -> Response {
    let Some((encoding, text)) = charset_of(&name) else { return StatusCode::NOT_FOUND.into_response() };
    let body = encoded_page(encoding, text, how == "meta");
    let content_type =
        if how == "header" { format!("text/html; charset={name}") } else { "text/html".to_owned() };
    ([(header::CONTENT_TYPE, content_type)], body).into_response()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).expect("gzip");
    encoder.finish().expect("gzip")
}

async fn server() -> (String, Arc<Counters>) {
    let counters = Arc::new(Counters::default());
    // 8 MiB of spaces in a ~8 KB gzip body: over the 2 MiB decompressed cap, far under the 1 MiB
    // transfer cap. Compressed once, before serving.
    let bomb = axum::body::Bytes::from(gzip(&vec![b' '; 8 * 1024 * 1024]));
    let app = Router::new()
        .route(
            "/article.html",
            get(|| async { ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], ARTICLE) }),
        )
        .route(
            "/redirect/{n}",
            get(|Path(n): Path<u32>| async move {
                if n == 0 {
                    Redirect::to("/article.html")
                } else {
                    Redirect::to(&format!("/redirect/{}", n - 1))
                }
            }),
        )
        .route("/loop", get(|| async { Redirect::to("/loop") }))
        .route("/to-ftp", get(|| async { Redirect::to("ftp://127.0.0.1/file") }))
        .route(
            "/status/{code}",
            get(|Path(code): Path<u16>| async move {
                StatusCode::from_u16(code).unwrap_or(StatusCode::IM_A_TEAPOT)
            }),
        )
        .route(
            "/flaky/{code}",
            get(|State(c): State<Arc<Counters>>, Path(code): Path<u16>| async move {
                if c.flaky.fetch_add(1, Ordering::SeqCst) == 0 {
                    let mut headers = HeaderMap::new();
                    headers.insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
                    (StatusCode::from_u16(code).unwrap_or(StatusCode::IM_A_TEAPOT), headers, "try later")
                        .into_response()
                } else {
                    ([(header::CONTENT_TYPE, "text/html")], ARTICLE).into_response()
                }
            }),
        )
        .route(
            "/retry-after-forever",
            get(|State(c): State<Arc<Counters>>| async move {
                if c.capped.fetch_add(1, Ordering::SeqCst) == 0 {
                    (StatusCode::TOO_MANY_REQUESTS, [(header::RETRY_AFTER, "3600")], "").into_response()
                } else {
                    ([(header::CONTENT_TYPE, "text/html")], ARTICLE).into_response()
                }
            }),
        )
        .route("/always-503", get(|| async { StatusCode::SERVICE_UNAVAILABLE }))
        .route(
            "/slow",
            get(|| async {
                tokio::time::sleep(Duration::from_secs(5)).await;
                ARTICLE
            }),
        )
        .route(
            "/endless",
            get(|| async {
                let chunk = bytes_chunk();
                let stream = futures_stream(chunk);
                ([(header::CONTENT_TYPE, "text/html")], Body::from_stream(stream))
            }),
        )
        .route(
            "/bomb",
            get(move || async move {
                ([(header::CONTENT_TYPE, "text/html"), (header::CONTENT_ENCODING, "gzip")], bomb)
            }),
        )
        .route(
            "/gzip.html",
            get(|| async {
                (
                    [(header::CONTENT_TYPE, "text/html"), (header::CONTENT_ENCODING, "gzip")],
                    gzip(ARTICLE.as_bytes()),
                )
            }),
        )
        .route(
            "/brotli.html",
            get(|| async {
                let mut out = Vec::new();
                {
                    let mut writer = brotli::CompressorWriter::new(&mut out, 4096, 9, 22);
                    writer.write_all(ARTICLE.as_bytes()).expect("brotli");
                }
                ([(header::CONTENT_TYPE, "text/html"), (header::CONTENT_ENCODING, "br")], out)
            }),
        )
        .route("/doc.pdf", get(|| async { ([(header::CONTENT_TYPE, "application/pdf")], "%PDF-1.7 binary") }))
        .route("/untyped.pdf", get(|| async { Response::new(Body::from("%PDF-1.7 binary")) }))
        .route(
            "/plain.txt",
            get(|| async { ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], "Just text.\n\nTwo.") }),
        )
        .route("/charset/{name}/{how}", get(charset_page))
        .route(
            "/concurrent/{i}",
            get(|State(c): State<Arc<Counters>>| async move {
                let now = c.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
                c.max_in_flight.fetch_max(now, Ordering::SeqCst);
                tokio::time::sleep(Duration::from_millis(150)).await;
                c.in_flight.fetch_sub(1, Ordering::SeqCst);
                ([(header::CONTENT_TYPE, "text/html")], ARTICLE)
            }),
        )
        .with_state(counters.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move { axum::serve(listener, app).await.expect("serve") });
    (format!("http://{addr}"), counters)
}

fn bytes_chunk() -> axum::body::Bytes {
    axum::body::Bytes::from(vec![b'x'; 64 * 1024])
}

/// An endless stream of the same chunk.
fn futures_stream(
    chunk: axum::body::Bytes,
) -> impl futures_core::Stream<Item = Result<axum::body::Bytes, std::io::Error>> + Send {
    Endless { chunk }
}

struct Endless {
    chunk: axum::body::Bytes,
}

impl futures_core::Stream for Endless {
    type Item = Result<axum::body::Bytes, std::io::Error>;
    fn poll_next(
        self: std::pin::Pin<&mut Self>,
        _cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        std::task::Poll::Ready(Some(Ok(self.chunk.clone())))
    }
}

fn fast_config() -> FetchConfig {
    FetchConfig {
        timeout: Duration::from_millis(800),
        connect_timeout: Duration::from_millis(800),
        backoff: Duration::from_millis(50),
        max_retry_wait: Duration::from_millis(300),
        max_body_bytes: 1024 * 1024,
        max_decompressed_bytes: 2 * 1024 * 1024,
        ..FetchConfig::default()
    }
}

fn fetcher() -> Fetcher {
    Fetcher::new(fast_config()).expect("client")
}

#[tokio::test]
async fn fetches_and_extracts_an_article() {
    let (base, _) = server().await;
    let article = fetcher().fetch_article(&format!("{base}/article.html")).await.expect("fetch");
    assert_eq!(article.text, "Putin will visit Beijing on Thursday.\n\nXi Jinping will meet him.");
    assert_eq!(article.title.as_deref(), Some("Test page"));
    assert_eq!(article.url.as_deref(), Some(format!("{base}/article.html").as_str()));
}

#[tokio::test]
async fn follows_redirects_and_stops_loops() {
    let (base, _) = server().await;
    let f = fetcher();
    let page = f.fetch(&format!("{base}/redirect/3")).await.expect("3 redirects are fine");
    assert!(page.final_url.ends_with("/article.html"));
    let err = f.fetch(&format!("{base}/loop")).await.expect_err("loop");
    assert_eq!(err.kind, FetchErrorKind::TooManyRedirects, "{err}");
    let err = f.fetch(&format!("{base}/redirect/20")).await.expect_err("too many");
    assert_eq!(err.kind, FetchErrorKind::TooManyRedirects, "{err}");
    let err = f.fetch(&format!("{base}/to-ftp")).await.expect_err("ftp");
    assert_eq!(err.kind, FetchErrorKind::InvalidUrl, "{err}");
}

#[tokio::test]
async fn error_statuses_are_typed_and_5xx_429_are_retried() {
    let (base, counters) = server().await;
    let f = fetcher();
    let err = f.fetch(&format!("{base}/status/404")).await.expect_err("404");
    assert_eq!((err.kind, err.status), (FetchErrorKind::HttpStatus, Some(404)));
    assert!(err.message.contains("404"), "{err}");
    let err = f.fetch(&format!("{base}/always-503")).await.expect_err("503");
    assert_eq!((err.kind, err.status), (FetchErrorKind::HttpStatus, Some(503)));

    let page = f.fetch(&format!("{base}/flaky/500")).await.expect("500 then 200");
    assert_eq!(page.status, 200);
    assert_eq!(counters.flaky.load(Ordering::SeqCst), 2);
    counters.flaky.store(0, Ordering::SeqCst);
    let page = f.fetch(&format!("{base}/flaky/429")).await.expect("429 then 200");
    assert_eq!(page.status, 200);
    assert_eq!(counters.flaky.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn retry_after_is_capped() {
    let (base, _) = server().await;
    // The server asks for an hour; the cap (300 ms) wins. A broken cap would hang here.
    let result = tokio::time::timeout(
        Duration::from_secs(20),
        fetcher().fetch(&format!("{base}/retry-after-forever")),
    )
    .await;
    assert!(result.expect("the Retry-After cap was not applied").is_ok());
}

#[tokio::test]
async fn slow_servers_time_out() {
    let (base, _) = server().await;
    let err = fetcher().fetch(&format!("{base}/slow")).await.expect_err("slow");
    assert_eq!(err.kind, FetchErrorKind::Timeout, "{err}");
}

#[tokio::test]
async fn endless_bodies_and_bombs_hit_the_caps() {
    let (base, _) = server().await;
    let f = fetcher();
    let err = f.fetch(&format!("{base}/endless")).await.expect_err("endless");
    assert_eq!(err.kind, FetchErrorKind::TooLarge, "{err}");
    let err = f.fetch(&format!("{base}/bomb")).await.expect_err("bomb");
    assert_eq!(err.kind, FetchErrorKind::TooLarge, "{err}");
    assert!(err.message.contains("decompressed"), "{err}");
    for path in ["gzip.html", "brotli.html"] {
        let article = f.fetch_article(&format!("{base}/{path}")).await.expect(path);
        assert!(article.text.starts_with("Putin will visit Beijing"), "{path}: {}", article.text);
    }
}

#[tokio::test]
async fn legacy_charsets_decode_with_and_without_declarations() {
    let (base, _) = server().await;
    let f = fetcher();
    for name in ["windows-1251", "gbk", "shift_jis", "iso-8859-1"] {
        let (_, text) = charset_of(name).expect("known");
        for how in ["header", "meta", "none"] {
            let article = f.fetch_article(&format!("{base}/charset/{name}/{how}")).await.expect("fetch");
            assert_eq!(article.text, text, "{name} declared by {how}");
        }
    }
}

#[tokio::test]
async fn non_html_and_bad_urls_are_refused() {
    let (base, _) = server().await;
    let f = fetcher();
    for path in ["doc.pdf", "untyped.pdf"] {
        let err = f.fetch(&format!("{base}/{path}")).await.expect_err(path);
        assert_eq!(err.kind, FetchErrorKind::NotHtml, "{err}");
    }
    let text = f.fetch_article(&format!("{base}/plain.txt")).await.expect("plain text is fine");
    assert_eq!(text.text, "Just text.\n\nTwo.");
    for bad in ["htp:/nope", "ftp://127.0.0.1/x", "http://"] {
        let err = f.fetch(bad).await.expect_err(bad);
        assert_eq!(err.kind, FetchErrorKind::InvalidUrl, "{bad}: {err}");
    }
    // Nothing listens on port 9 of loopback (discard): a connection error, after retries.
    let err = f.fetch("http://127.0.0.1:9/").await.expect_err("refused");
    assert_eq!(err.kind, FetchErrorKind::Connect, "{err}");
}

#[tokio::test]
async fn per_host_concurrency_is_limited() {
    let (base, counters) = server().await;
    let f = Arc::new(fetcher());
    let mut tasks = Vec::new();
    for i in 0..6 {
        let f = f.clone();
        let url = format!("{base}/concurrent/{i}");
        tasks.push(tokio::spawn(async move { f.fetch(&url).await.map(|_| ()) }));
    }
    for task in tasks {
        task.await.expect("join").expect("fetch");
    }
    let max = counters.max_in_flight.load(Ordering::SeqCst);
    assert!((1..=2).contains(&max), "{max} requests in flight at once to one host");
}
