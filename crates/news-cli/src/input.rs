//! Turning what the user gives (a file name, a URL, `-`, or a JSONL request line) into work: an
//! article ready to analyze, a URL still to fetch, or a typed input error that becomes that
//! request's `error` result.

use news_core::Article;
use serde_json::Value;

/// One unit of work: its id and either an article or why there is none.
#[derive(Debug)]
pub struct Request {
    pub id: Value,
    pub article: Result<Article, InputError>,
}

/// Why a request produced no article. `kind` is stable (the JSON contract's `error.kind`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    pub kind: &'static str,
    pub message: String,
}

impl InputError {
    pub fn new(kind: &'static str, message: impl Into<String>) -> Self {
        InputError { kind, message: message.into() }
    }
}

enum Kind {
    Html,
    Text,
}

/// One unit of work as read from the input, before any costly step: the reading thread only
/// splits the input; files are read, lines parsed and pages extracted by the workers.
#[derive(Debug)]
pub enum Work {
    /// A command-line file path, or `-` for standard input.
    File(String),
    /// One JSONL request line, with its 1-based number (for messages).
    Line { bytes: Vec<u8>, number: usize },
    /// A page still to fetch.
    Fetch { id: Value, url: String },
    /// A settled request: an article to analyze, or why there is none.
    Ready(Box<Request>),
}

/// Whether a command-line input names a URL rather than a file.
pub fn is_url(input: &str) -> bool {
    let lower = input.get(..8).unwrap_or(input).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

impl Work {
    /// Work from a command-line input: a URL, a file path, or `-` for standard input.
    pub fn from_input(name: &str) -> Work {
        if is_url(name) {
            Work::Fetch { id: Value::String(name.to_owned()), url: name.to_owned() }
        } else {
            Work::File(name.to_owned())
        }
    }

    /// Does the local part of the work (reads the file, parses the line, extracts given HTML):
    /// the result is [`Work::Ready`] or [`Work::Fetch`].
    pub fn prepare(self) -> Work {
        match self {
            Work::File(name) => Work::Ready(Box::new(Request::from_file(&name))),
            Work::Line { bytes, number } => parse_request_line(&bytes, number),
            settled @ (Work::Fetch { .. } | Work::Ready(_)) => settled,
        }
    }

    /// The id this work answers with, as far as it is known before [`Work::prepare`].
    pub fn id_hint(&self) -> Value {
        match self {
            Work::File(name) => Value::String(name.clone()),
            Work::Line { .. } => Value::Null,
            Work::Fetch { id, .. } => id.clone(),
            Work::Ready(request) => request.id.clone(),
        }
    }
}

impl Request {
    /// A request from a file path, or `-` for standard input.
    pub fn from_file(name: &str) -> Request {
        let id = Value::String(name.to_owned());
        let bytes = if name == "-" {
            let mut buf = Vec::new();
            std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut buf).map(|_| buf)
        } else {
            std::fs::read(name)
        };
        let article = match bytes {
            Ok(bytes) => article_from_bytes(name, &bytes),
            Err(e) => Err(InputError::new("io", format!("cannot read {name}: {e}"))),
        };
        Request { id, article }
    }
}

fn kind_of(name: &str, bytes: &[u8]) -> Kind {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".html") || lower.ends_with(".htm") || lower.ends_with(".xhtml") {
        return Kind::Html;
    }
    if lower.ends_with(".txt") {
        return Kind::Text;
    }
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(bytes.len());
    let head = String::from_utf8_lossy(&bytes[start..bytes.len().min(start + 512)]).to_ascii_lowercase();
    if head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || head.contains("<body")
        || head.contains("<p>")
    {
        Kind::Html
    } else {
        Kind::Text
    }
}

fn article_from_bytes(name: &str, bytes: &[u8]) -> Result<Article, InputError> {
    if bytes.contains(&0) {
        return Err(InputError::new("not_text", format!("{name} looks binary (it contains NUL bytes)")));
    }
    match kind_of(name, bytes) {
        Kind::Text => match std::str::from_utf8(bytes) {
            Ok(text) => Ok(Article::from_text(text)),
            Err(e) => Err(InputError::new("decode", format!("{name} is not valid UTF-8 text: {e}"))),
        },
        // A saved page: BOM, <meta> charset, then detection (there is no HTTP header).
        Kind::Html => Ok(news_fetch::extract_html(&news_fetch::charset::decode_html(bytes, None).text, None)),
    }
}

/// Parses one JSONL request line (1-based `number`, for messages).
pub fn parse_request_line(line: &[u8], number: usize) -> Work {
    let bad = |id: Value, message: String| {
        Work::Ready(Box::new(Request {
            id,
            article: Err(InputError::new("bad_request", format!("line {number}: {message}"))),
        }))
    };
    let value: Value = match serde_json::from_slice(line) {
        Ok(value) => value,
        Err(e) => return bad(Value::Null, format!("not a JSON object: {e}")),
    };
    let Value::Object(mut map) = value else {
        return bad(Value::Null, "a request must be a JSON object".to_owned());
    };
    let id = map.remove("id").unwrap_or(Value::Null);
    let url = match map.get("url") {
        None | Some(Value::Null) => None,
        Some(Value::String(url)) => Some(url.clone()),
        Some(_) => return bad(id, "\"url\" must be a string".to_owned()),
    };
    match (map.remove("text"), map.remove("html")) {
        (Some(Value::String(text)), None) => {
            Work::Ready(Box::new(Request { id, article: Ok(Article { url, ..Article::from_text(text) }) }))
        }
        (None, Some(Value::String(html))) => Work::Ready(Box::new(Request {
            id,
            article: Ok(news_fetch::extract_html(&html, url.as_deref())),
        })),
        (Some(_), Some(_)) => bad(id, "give either \"text\" or \"html\", not both".to_owned()),
        (Some(_), None) => bad(id, "\"text\" must be a string".to_owned()),
        (None, Some(_)) => bad(id, "\"html\" must be a string".to_owned()),
        (None, None) => match url {
            Some(url) => Work::Fetch { id, url },
            None => bad(id, "a request needs \"text\", \"html\" or \"url\"".to_owned()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ready(work: Work) -> Request {
        match work {
            Work::Ready(request) => *request,
            other => panic!("expected a ready request, got {other:?}"),
        }
    }

    #[test]
    fn url_requests_are_fetched() {
        let work = parse_request_line(br#"{"id": 2, "url": "https://example.com/a"}"#, 1);
        assert!(matches!(work, Work::Fetch { ref url, .. } if url == "https://example.com/a"));
        assert!(matches!(Work::from_input("HTTPS://example.com/"), Work::Fetch { .. }));
        assert!(matches!(Work::from_input("page.html"), Work::File(ref name) if name == "page.html"));
        assert!(is_url("http://x.y/") && !is_url("page.html") && !is_url("-"));
    }

    #[test]
    fn text_requests_keep_text_byte_for_byte() {
        let line = br#"{"id": 7, "text": "  Putin\u2019s trip.\r\n\nSecond\tline  "}"#;
        let request = ready(parse_request_line(line, 1));
        assert_eq!(request.id, Value::from(7));
        let article = request.article.expect("article");
        assert_eq!(article.text, "  Putin’s trip.\r\n\nSecond\tline  ");
    }

    #[test]
    fn malformed_lines_are_errors_with_the_line_number() {
        for (line, id) in [
            (&b"{not json"[..], Value::Null),
            (b"[1, 2]", Value::Null),
            (br#"{"id": "a"}"#, Value::from("a")),
            (br#"{"id": "b", "text": 5}"#, Value::from("b")),
            (br#"{"id": "c", "text": "x", "html": "<p>y</p>"}"#, Value::from("c")),
        ] {
            let request = ready(parse_request_line(line, 3));
            assert_eq!(request.id, id);
            let err = request.article.expect_err("malformed");
            assert_eq!(err.kind, "bad_request");
            assert!(err.message.starts_with("line 3: "), "{}", err.message);
        }
    }

    #[test]
    fn html_requests_are_extracted() {
        let line = br#"{"id": 1, "html": "<html><body><article><p>Hello there.</p></article></body></html>", "url": "https://e.x/a"}"#;
        let article = ready(parse_request_line(line, 1)).article.expect("article");
        assert_eq!(article.text, "Hello there.");
        assert_eq!(article.url.as_deref(), Some("https://e.x/a"));
    }
}
