//! Fetching pages over HTTP(S) with every resource bounded: connect and total timeouts, a cap on
//! the bytes transferred and on the bytes after decompression (gzip/deflate/brotli bombs),
//! redirects limited to http/https, retries with backoff on 429/5xx and dropped connections
//! (honouring `Retry-After` up to a cap), a per-host concurrency limit and an optional polite
//! delay between requests to the same host.
//!
//! Every failure is a [`FetchError`] whose [`FetchErrorKind`] is stable (it is the `error.kind` of
//! a result line). [`Fetcher::fetch_article`] is the whole path: URL → decoded page → Article.

use std::collections::HashMap;
use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use news_core::Article;
use reqwest::header::{ACCEPT, ACCEPT_ENCODING, CONTENT_ENCODING, CONTENT_TYPE, HeaderMap, RETRY_AFTER};
use tokio::sync::Semaphore;

use crate::charset::{Decoded, decode_html};

/// Limits and politeness of a [`Fetcher`]. Every field has a default.
#[derive(Debug, Clone)]
pub struct FetchConfig {
    pub connect_timeout: Duration,
    /// From the start of a request to the last byte of its body (per attempt).
    pub timeout: Duration,
    /// Bytes on the wire, per response.
    pub max_body_bytes: usize,
    /// Bytes after decompression, per response.
    pub max_decompressed_bytes: usize,
    pub max_redirects: usize,
    /// Further attempts after a 429, a 5xx or a dropped connection.
    pub retries: u32,
    /// First backoff; doubled on each retry.
    pub backoff: Duration,
    /// The longest wait a `Retry-After` header (or the backoff) may impose.
    pub max_retry_wait: Duration,
    pub user_agent: String,
    /// Requests in flight to one host at once.
    pub per_host_concurrency: usize,
    /// Minimum time between the starts of two requests to the same host.
    pub per_host_delay: Duration,
}

impl Default for FetchConfig {
    fn default() -> Self {
        FetchConfig {
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            max_body_bytes: 10 * 1024 * 1024,
            max_decompressed_bytes: 20 * 1024 * 1024,
            max_redirects: 10,
            retries: 2,
            backoff: Duration::from_millis(500),
            max_retry_wait: Duration::from_secs(30),
            user_agent: default_user_agent(),
            per_host_concurrency: 2,
            per_host_delay: Duration::ZERO,
        }
    }
}

/// `news/<version> (+article analysis toolkit)`.
pub fn default_user_agent() -> String {
    format!(
        "news/{} (article analysis toolkit; +https://crates.io/crates/news-cli)",
        env!("CARGO_PKG_VERSION")
    )
}

/// The kind of a fetch failure; [`FetchErrorKind::as_str`] is the stable name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FetchErrorKind {
    InvalidUrl,
    Dns,
    Connect,
    Timeout,
    TooLarge,
    TooManyRedirects,
    HttpStatus,
    NotHtml,
    Decode,
    Io,
}

impl FetchErrorKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FetchErrorKind::InvalidUrl => "invalid_url",
            FetchErrorKind::Dns => "dns",
            FetchErrorKind::Connect => "connect",
            FetchErrorKind::Timeout => "timeout",
            FetchErrorKind::TooLarge => "too_large",
            FetchErrorKind::TooManyRedirects => "too_many_redirects",
            FetchErrorKind::HttpStatus => "http_status",
            FetchErrorKind::NotHtml => "not_html",
            FetchErrorKind::Decode => "decode",
            FetchErrorKind::Io => "io",
        }
    }
}

/// A failed fetch: what kind, about which URL, and a message for a person.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{url}: {message}")]
pub struct FetchError {
    pub kind: FetchErrorKind,
    pub url: String,
    pub message: String,
    /// The HTTP status, for [`FetchErrorKind::HttpStatus`].
    pub status: Option<u16>,
}

impl FetchError {
    fn new(kind: FetchErrorKind, url: &str, message: impl Into<String>) -> Self {
        FetchError { kind, url: url.to_owned(), message: message.into(), status: None }
    }
}

/// A fetched page, decompressed and decoded.
#[derive(Debug, Clone)]
pub struct Page {
    /// The URL asked for.
    pub url: String,
    /// The URL after redirects.
    pub final_url: String,
    pub status: u16,
    pub content_type: Option<String>,
    pub decoded: Decoded,
    /// Whether the page is plain text rather than HTML.
    pub plain_text: bool,
}

struct HostSlot {
    permits: Semaphore,
    next_start: tokio::sync::Mutex<Instant>,
}

/// Fetches pages; one per run, shared by every request (it pools connections).
pub struct Fetcher {
    client: reqwest::Client,
    config: FetchConfig,
    hosts: Mutex<HashMap<String, Arc<HostSlot>>>,
}

/// The error a redirect policy returns when it refuses to follow.
#[derive(Debug, thiserror::Error)]
enum RedirectRefusal {
    #[error("more than {0} redirects")]
    TooMany(usize),
    #[error("redirect to a URL that is not http or https: {0}")]
    Scheme(String),
}

/// One attempt's failure: the error, and whether (and when) to try again.
struct Attempt {
    error: FetchError,
    retry: bool,
    retry_after: Option<Duration>,
}

impl Fetcher {
    pub fn new(config: FetchConfig) -> Result<Fetcher, FetchError> {
        let max_redirects = config.max_redirects;
        let policy = reqwest::redirect::Policy::custom(move |attempt| {
            if attempt.previous().len() > max_redirects {
                attempt.error(RedirectRefusal::TooMany(max_redirects))
            } else if !matches!(attempt.url().scheme(), "http" | "https") {
                let url = attempt.url().to_string();
                attempt.error(RedirectRefusal::Scheme(url))
            } else {
                attempt.follow()
            }
        });
        let mut headers = HeaderMap::new();
        headers.insert(
            ACCEPT,
            "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.5,*/*;q=0.1"
                .parse()
                .map_err(|_| FetchError::new(FetchErrorKind::InvalidUrl, "", "bad built-in header"))?,
        );
        headers.insert(
            ACCEPT_ENCODING,
            "gzip, deflate, br"
                .parse()
                .map_err(|_| FetchError::new(FetchErrorKind::InvalidUrl, "", "bad built-in header"))?,
        );
        let client = reqwest::Client::builder()
            .user_agent(config.user_agent.clone())
            .default_headers(headers)
            .connect_timeout(config.connect_timeout)
            .timeout(config.timeout)
            .redirect(policy)
            .build()
            .map_err(|e| {
                FetchError::new(FetchErrorKind::Io, "", format!("cannot build the HTTP client: {e}"))
            })?;
        Ok(Fetcher { client, config, hosts: Mutex::new(HashMap::new()) })
    }

    pub fn config(&self) -> &FetchConfig {
        &self.config
    }

    /// Fetches `url` and extracts its article.
    pub async fn fetch_article(&self, url: &str) -> Result<Article, FetchError> {
        let page = self.fetch(url).await?;
        Ok(page_to_article(&page))
    }

    /// Fetches `url`, retrying as configured.
    pub async fn fetch(&self, url: &str) -> Result<Page, FetchError> {
        let parsed = check_url(url)?;
        let host = parsed.host_str().unwrap_or_default().to_ascii_lowercase();
        let slot = self.slot(&host);
        let mut attempt_no = 0u32;
        loop {
            let outcome = {
                let _permit = slot
                    .permits
                    .acquire()
                    .await
                    .map_err(|_| FetchError::new(FetchErrorKind::Io, url, "host limiter closed"))?;
                self.wait_turn(&slot).await;
                self.attempt(url, parsed.clone()).await
            };
            match outcome {
                Ok(page) => return Ok(page),
                Err(failed) if failed.retry && attempt_no < self.config.retries => {
                    let backoff = self.config.backoff.saturating_mul(1u32 << attempt_no.min(16));
                    let wait = failed.retry_after.unwrap_or(backoff).min(self.config.max_retry_wait);
                    tokio::time::sleep(wait).await;
                    attempt_no += 1;
                }
                Err(failed) => return Err(failed.error),
            }
        }
    }

    fn slot(&self, host: &str) -> Arc<HostSlot> {
        let mut hosts = self.hosts.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        hosts
            .entry(host.to_owned())
            .or_insert_with(|| {
                Arc::new(HostSlot {
                    permits: Semaphore::new(self.config.per_host_concurrency.max(1)),
                    next_start: tokio::sync::Mutex::new(Instant::now()),
                })
            })
            .clone()
    }

    /// Sleeps until this host may be asked again (the polite delay).
    async fn wait_turn(&self, slot: &HostSlot) {
        if self.config.per_host_delay.is_zero() {
            return;
        }
        let mut next = slot.next_start.lock().await;
        let now = Instant::now();
        if *next > now {
            tokio::time::sleep(*next - now).await;
        }
        *next = Instant::now() + self.config.per_host_delay;
    }

    async fn attempt(&self, url: &str, parsed: url::Url) -> Result<Page, Attempt> {
        let fail = |error: FetchError, retry: bool| Attempt { error, retry, retry_after: None };
        let deadline = self.config.timeout + Duration::from_secs(1);
        let request = async {
            let response = self.client.get(parsed).send().await.map_err(|e| {
                let error = classify(url, &e);
                let retry = error.kind == FetchErrorKind::Connect;
                fail(error, retry)
            })?;
            let status = response.status();
            let final_url = response.url().to_string();
            let headers = response.headers().clone();
            if !status.is_success() {
                let retry = status.as_u16() == 429 || status.is_server_error();
                let mut error = FetchError::new(
                    FetchErrorKind::HttpStatus,
                    url,
                    format!(
                        "HTTP {}{}",
                        status.as_u16(),
                        status.canonical_reason().map(|r| format!(" {r}")).unwrap_or_default()
                    ),
                );
                error.status = Some(status.as_u16());
                return Err(Attempt { error, retry, retry_after: retry_after(&headers) });
            }
            let content_type = header_str(&headers, CONTENT_TYPE.as_str());
            let plain_text = check_content_type(url, content_type.as_deref()).map_err(|e| fail(e, false))?;
            let body = self.read_body(url, response, &headers).await.map_err(|e| {
                let retry = e.kind == FetchErrorKind::Connect;
                fail(e, retry)
            })?;
            if content_type.is_none() {
                sniff_binary(url, &body).map_err(|e| fail(e, false))?;
            }
            let decoded = decode_html(&body, content_type.as_deref());
            Ok(Page {
                url: url.to_owned(),
                final_url,
                status: status.as_u16(),
                content_type,
                decoded,
                plain_text,
            })
        };
        match tokio::time::timeout(deadline, request).await {
            Ok(result) => result,
            Err(_) => Err(fail(
                FetchError::new(
                    FetchErrorKind::Timeout,
                    url,
                    format!("no complete response within {deadline:?}"),
                ),
                false,
            )),
        }
    }

    /// Streams the body, decompressing as it comes, within both byte caps.
    async fn read_body(
        &self,
        url: &str,
        mut response: reqwest::Response,
        headers: &HeaderMap,
    ) -> Result<Vec<u8>, FetchError> {
        let max_raw = self.config.max_body_bytes;
        if let Some(length) = response.content_length()
            && length > max_raw as u64
        {
            return Err(too_large(
                url,
                format!("body of {length} bytes exceeds the limit of {max_raw} bytes"),
            ));
        }
        let encoding =
            header_str(headers, CONTENT_ENCODING.as_str()).unwrap_or_default().to_ascii_lowercase();
        let mut sink = Decompressor::new(encoding.trim(), self.config.max_decompressed_bytes);
        let mut raw = 0usize;
        while let Some(chunk) = response.chunk().await.map_err(|e| classify(url, &e))? {
            raw += chunk.len();
            if raw > max_raw {
                return Err(too_large(url, format!("body exceeds the limit of {max_raw} bytes")));
            }
            sink.write(&chunk).map_err(|e| body_error(url, e, self.config.max_decompressed_bytes))?;
        }
        sink.finish().map_err(|e| body_error(url, e, self.config.max_decompressed_bytes))
    }
}

fn too_large(url: &str, message: String) -> FetchError {
    FetchError::new(FetchErrorKind::TooLarge, url, message)
}

fn body_error(url: &str, error: std::io::Error, cap: usize) -> FetchError {
    if error.kind() == std::io::ErrorKind::FileTooLarge {
        too_large(url, format!("decompressed body exceeds the limit of {cap} bytes"))
    } else {
        FetchError::new(FetchErrorKind::Decode, url, format!("cannot decompress the body: {error}"))
    }
}

/// Turns a fetched page into an article (HTML extraction, or plain text kept as is).
pub fn page_to_article(page: &Page) -> Article {
    let mut article = if page.plain_text {
        Article::from_text(page.decoded.text.clone())
    } else {
        crate::extract_html(&page.decoded.text, Some(&page.final_url))
    };
    article.url = Some(page.final_url.clone());
    article
}

/// Parses `url` and accepts only http(s) with a host.
pub fn check_url(url: &str) -> Result<url::Url, FetchError> {
    let parsed = url::Url::parse(url.trim())
        .map_err(|e| FetchError::new(FetchErrorKind::InvalidUrl, url, format!("not a valid URL: {e}")))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(FetchError::new(
            FetchErrorKind::InvalidUrl,
            url,
            format!("only http and https URLs are fetched, not {}:", parsed.scheme()),
        ));
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err(FetchError::new(FetchErrorKind::InvalidUrl, url, "the URL has no host"));
    }
    Ok(parsed)
}

fn header_str(headers: &HeaderMap, name: &str) -> Option<String> {
    headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned)
}

/// `Retry-After` as a wait: delta-seconds or an HTTP date.
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = header_str(headers, RETRY_AFTER.as_str())?;
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when = httpdate_to_unix(value)?;
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).ok()?.as_secs();
    Some(Duration::from_secs(when.saturating_sub(now)))
}

/// Parses an IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT") to Unix seconds.
fn httpdate_to_unix(value: &str) -> Option<u64> {
    let parts: Vec<&str> = value.split_whitespace().collect();
    let [_, day, month, year, time, "GMT"] = parts.as_slice() else { return None };
    let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let month = months.iter().position(|m| m == month)? as u64 + 1;
    let (day, year): (u64, u64) = (day.parse().ok()?, year.parse().ok()?);
    let mut hms = time.split(':').map(|p| p.parse::<u64>().ok());
    let (h, m, s) = (hms.next()??, hms.next()??, hms.next()??);
    // Days from civil (Howard Hinnant's algorithm), for years >= 1970.
    let (y, mo) = if month <= 2 { (year - 1, month + 9) } else { (year, month - 3) };
    let era = y / 400;
    let yoe = y - era * 400;
    let doy = (153 * mo + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = (era * 146_097 + doe).checked_sub(719_468)?;
    Some(days * 86_400 + h * 3600 + m * 60 + s)
}

/// Accepts HTML (and plain text); refuses PDFs, images and other non-pages. Returns whether the
/// page is plain text.
fn check_content_type(url: &str, content_type: Option<&str>) -> Result<bool, FetchError> {
    let Some(content_type) = content_type else { return Ok(false) };
    let mime = content_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    match mime.as_str() {
        "" | "text/html" | "application/xhtml+xml" => Ok(false),
        "text/plain" => Ok(true),
        other => Err(FetchError::new(
            FetchErrorKind::NotHtml,
            url,
            format!("the server sent {other}, not an HTML page"),
        )),
    }
}

/// Without a content type, refuses bodies that are obviously not pages.
fn sniff_binary(url: &str, body: &[u8]) -> Result<(), FetchError> {
    let magic: &[(&[u8], &str)] = &[
        (b"%PDF-", "a PDF document"),
        (b"\x89PNG", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"PK\x03\x04", "a ZIP archive"),
    ];
    for (prefix, what) in magic {
        if body.starts_with(prefix) {
            return Err(FetchError::new(
                FetchErrorKind::NotHtml,
                url,
                format!("the body is {what}, not an HTML page"),
            ));
        }
    }
    Ok(())
}

/// Maps a reqwest error to a kind, reading its source chain.
fn classify(url: &str, error: &reqwest::Error) -> FetchError {
    let mut chain = String::new();
    let mut source: Option<&dyn std::error::Error> = Some(error);
    let mut refused_redirect = None;
    let mut reset = false;
    while let Some(err) = source {
        if let Some(refusal) = err.downcast_ref::<RedirectRefusal>() {
            refused_redirect = Some((matches!(refusal, RedirectRefusal::TooMany(_)), refusal.to_string()));
        }
        if let Some(io) = err.downcast_ref::<std::io::Error>() {
            reset |= matches!(
                io.kind(),
                std::io::ErrorKind::ConnectionReset
                    | std::io::ErrorKind::ConnectionAborted
                    | std::io::ErrorKind::BrokenPipe
                    | std::io::ErrorKind::UnexpectedEof
            );
        }
        chain.push_str(": ");
        chain.push_str(&err.to_string());
        source = err.source();
    }
    let lower = chain.to_ascii_lowercase();
    let (kind, message) = if let Some((too_many, refusal)) = refused_redirect {
        let kind = if too_many { FetchErrorKind::TooManyRedirects } else { FetchErrorKind::InvalidUrl };
        (kind, refusal)
    } else if error.is_timeout() {
        (FetchErrorKind::Timeout, "timed out".to_owned())
    } else if lower.contains("dns error") || lower.contains("failed to lookup address") {
        (FetchErrorKind::Dns, format!("cannot resolve the host{chain}"))
    } else if error.is_connect() || reset || lower.contains("connection closed") {
        (FetchErrorKind::Connect, format!("connection failed{chain}"))
    } else if error.is_redirect() {
        (FetchErrorKind::TooManyRedirects, format!("redirect failed{chain}"))
    } else if error.is_builder() {
        (FetchErrorKind::InvalidUrl, format!("invalid request{chain}"))
    } else {
        (FetchErrorKind::Io, format!("request failed{chain}"))
    };
    FetchError::new(kind, url, message)
}

/// A byte sink that refuses to grow past a cap (reported as `ErrorKind::FileTooLarge`).
struct Capped {
    bytes: Vec<u8>,
    cap: usize,
}

impl Write for Capped {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.bytes.len() + buf.len() > self.cap {
            return Err(std::io::Error::new(std::io::ErrorKind::FileTooLarge, "decompressed size cap"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Streaming decompression for one `Content-Encoding`.
enum Decompressor {
    Identity(Capped),
    Gzip(flate2::write::MultiGzDecoder<Capped>),
    /// HTTP "deflate" is zlib-wrapped, but some servers send raw deflate: decided on first bytes.
    Deflate {
        pending: Option<Capped>,
        zlib: Option<flate2::write::ZlibDecoder<Capped>>,
        raw: Option<flate2::write::DeflateDecoder<Capped>>,
    },
    Brotli(Box<brotli::DecompressorWriter<Capped>>),
}

impl Decompressor {
    fn new(encoding: &str, cap: usize) -> Decompressor {
        let sink = Capped { bytes: Vec::new(), cap };
        match encoding {
            "gzip" | "x-gzip" => Decompressor::Gzip(flate2::write::MultiGzDecoder::new(sink)),
            "deflate" => Decompressor::Deflate { pending: Some(sink), zlib: None, raw: None },
            "br" => Decompressor::Brotli(Box::new(brotli::DecompressorWriter::new(sink, 16 * 1024))),
            _ => Decompressor::Identity(sink),
        }
    }

    fn write(&mut self, chunk: &[u8]) -> std::io::Result<()> {
        match self {
            Decompressor::Identity(sink) => sink.write_all(chunk),
            Decompressor::Gzip(decoder) => decoder.write_all(chunk),
            Decompressor::Brotli(decoder) => decoder.write_all(chunk),
            Decompressor::Deflate { pending, zlib, raw } => {
                if let Some(sink) = pending.take() {
                    // A zlib stream starts with CMF 0x?8 and a header checksum divisible by 31.
                    let is_zlib = chunk.len() >= 2
                        && chunk[0] & 0x0f == 8
                        && (u16::from(chunk[0]) << 8 | u16::from(chunk[1])) % 31 == 0;
                    if is_zlib {
                        *zlib = Some(flate2::write::ZlibDecoder::new(sink));
                    } else {
                        *raw = Some(flate2::write::DeflateDecoder::new(sink));
                    }
                }
                match (zlib, raw) {
                    (Some(decoder), _) => decoder.write_all(chunk),
                    (_, Some(decoder)) => decoder.write_all(chunk),
                    _ => Ok(()),
                }
            }
        }
    }

    fn finish(self) -> std::io::Result<Vec<u8>> {
        match self {
            Decompressor::Identity(sink) => Ok(sink.bytes),
            Decompressor::Gzip(decoder) => decoder.finish().map(|s| s.bytes),
            Decompressor::Brotli(decoder) => decoder
                .into_inner()
                .map(|s| s.bytes)
                .map_err(|_| std::io::Error::new(std::io::ErrorKind::InvalidData, "truncated brotli stream")),
            Decompressor::Deflate { pending, zlib, raw } => match (pending, zlib, raw) {
                (Some(sink), _, _) => Ok(sink.bytes),
                (_, Some(decoder), _) => decoder.finish().map(|s| s.bytes),
                (_, _, Some(decoder)) => decoder.finish().map(|s| s.bytes),
                _ => Ok(Vec::new()),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_checked_before_any_network_use() {
        assert!(check_url("https://example.com/a").is_ok());
        for bad in ["ftp://example.com/", "file:///etc/passwd", "not a url", "http://", "javascript:alert(1)"]
        {
            let err = check_url(bad).expect_err(bad);
            assert_eq!(err.kind, FetchErrorKind::InvalidUrl, "{bad}");
        }
    }

    #[test]
    fn http_dates_parse() {
        assert_eq!(httpdate_to_unix("Sun, 06 Nov 1994 08:49:37 GMT"), Some(784_111_777));
        assert_eq!(httpdate_to_unix("Thu, 01 Jan 1970 00:00:00 GMT"), Some(0));
        assert_eq!(httpdate_to_unix("yesterday"), None);
    }

    #[test]
    fn content_types() {
        assert_eq!(check_content_type("u", Some("text/html; charset=utf-8")), Ok(false));
        assert_eq!(check_content_type("u", Some("text/plain")), Ok(true));
        assert_eq!(check_content_type("u", None), Ok(false));
        let err = check_content_type("u", Some("application/pdf")).expect_err("pdf");
        assert_eq!(err.kind, FetchErrorKind::NotHtml);
        assert!(sniff_binary("u", b"%PDF-1.7 ...").is_err());
        assert!(sniff_binary("u", b"<html>").is_ok());
    }

    #[test]
    fn decompression_is_capped() {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        encoder.write_all(&vec![b'a'; 1_000_000]).expect("compress");
        let bomb = encoder.finish().expect("compress");
        assert!(bomb.len() < 5_000);
        let mut small = Decompressor::new("gzip", 100_000);
        let err = small.write(&bomb).and_then(|_| small.finish().map(|_| ())).expect_err("cap");
        assert_eq!(err.kind(), std::io::ErrorKind::FileTooLarge);
        let mut big = Decompressor::new("gzip", 2_000_000);
        big.write(&bomb).expect("fits");
        assert_eq!(big.finish().expect("fits").len(), 1_000_000);
    }
}
