//! Bytes of a web page → text, with the charset found the way browsers find it: byte-order mark,
//! then the HTTP `Content-Type` charset, then a `<meta charset>` / `http-equiv` declaration in
//! the first bytes, then detection (chardetng) over the start of the page, then UTF-8.

use encoding_rs::{Encoding, UTF_8};

/// How the charset of a page was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CharsetSource {
    Bom,
    Header,
    Meta,
    Detected,
}

/// A decoded page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// The WHATWG name of the encoding used ("windows-1251", "Shift_JIS", "UTF-8", …).
    pub encoding: &'static str,
    pub source: CharsetSource,
    /// Whether some bytes were invalid for that encoding (replaced by U+FFFD).
    pub had_errors: bool,
}

/// How many leading bytes are scanned for a `<meta>` charset (the HTML spec's prescan uses 1024;
/// real pages often put it later, after long `<script>`s).
const META_SCAN_BYTES: usize = 8 * 1024;
/// How many leading bytes chardetng sees.
const DETECT_BYTES: usize = 64 * 1024;

/// The charset parameter of a `Content-Type` header value, if any.
pub fn charset_from_content_type(content_type: &str) -> Option<&'static Encoding> {
    content_type.split(';').skip(1).find_map(|param| {
        let (name, value) = param.split_once('=')?;
        if !name.trim().eq_ignore_ascii_case("charset") {
            return None;
        }
        Encoding::for_label(value.trim().trim_matches(['"', '\'']).as_bytes())
    })
}

/// A charset declared by a `<meta>` tag in the first bytes of the page.
pub fn charset_from_meta(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(META_SCAN_BYTES)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut from = 0;
    while let Some(pos) = find(&lower[from..], b"<meta") {
        let tag_start = from + pos;
        let tag_end = find(&lower[tag_start..], b">").map_or(lower.len(), |e| tag_start + e);
        let tag = &lower[tag_start..tag_end];
        if let Some(at) = find(tag, b"charset") {
            let rest = &tag[at + b"charset".len()..];
            let rest = trim_start(rest);
            if let Some(rest) = rest.strip_prefix(b"=") {
                let rest = trim_start(rest);
                let rest = rest.strip_prefix(b"\"").or_else(|| rest.strip_prefix(b"'")).unwrap_or(rest);
                let end = rest
                    .iter()
                    .position(|&b| {
                        matches!(b, b'"' | b'\'' | b';' | b' ' | b'/' | b'>') || b.is_ascii_whitespace()
                    })
                    .unwrap_or(rest.len());
                if let Some(encoding) = Encoding::for_label(&rest[..end]) {
                    // A page cannot really be UTF-16 if we could read this tag as ASCII.
                    let is_utf16 = encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE;
                    return Some(if is_utf16 { UTF_8 } else { encoding });
                }
            }
        }
        from = tag_end.max(tag_start + 1);
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn trim_start(bytes: &[u8]) -> &[u8] {
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(bytes.len());
    &bytes[start..]
}

/// Decodes an HTML page. `content_type` is the HTTP header value, when there was one.
pub fn decode_html(bytes: &[u8], content_type: Option<&str>) -> Decoded {
    let (encoding, source) = if let Some((encoding, _)) = Encoding::for_bom(bytes) {
        (encoding, CharsetSource::Bom)
    } else if let Some(encoding) = content_type.and_then(charset_from_content_type) {
        (encoding, CharsetSource::Header)
    } else if let Some(encoding) = charset_from_meta(bytes) {
        (encoding, CharsetSource::Meta)
    } else {
        (detect(bytes), CharsetSource::Detected)
    };
    // `decode` strips a BOM and switches to the BOM's encoding when there is one.
    let (text, used, had_errors) = encoding.decode(bytes);
    Decoded { text: text.into_owned(), encoding: used.name(), source, had_errors }
}

fn detect(bytes: &[u8]) -> &'static Encoding {
    if std::str::from_utf8(&bytes[..bytes.len().min(DETECT_BYTES)]).is_ok()
        || std::str::from_utf8(bytes).is_ok()
    {
        return UTF_8;
    }
    let sample = &bytes[..bytes.len().min(DETECT_BYTES)];
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(sample, sample.len() == bytes.len());
    detector.guess(None, chardetng::Utf8Detection::Allow)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_meta_and_bom_are_read() {
        assert_eq!(
            charset_from_content_type("text/html; charset=Windows-1251"),
            Some(encoding_rs::WINDOWS_1251)
        );
        assert_eq!(
            charset_from_content_type("text/html;charset=\"shift_jis\""),
            Some(encoding_rs::SHIFT_JIS)
        );
        assert_eq!(charset_from_content_type("text/html"), None);
        assert_eq!(charset_from_meta(b"<html><head><META CHARSET='gbk'>"), Some(encoding_rs::GBK));
        assert_eq!(
            charset_from_meta(
                b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\">"
            ),
            Some(encoding_rs::WINDOWS_1252)
        );
        assert_eq!(charset_from_meta(b"<meta charset=\"utf-16\">"), Some(UTF_8));
        assert_eq!(charset_from_meta(b"<meta name=x><p>charset=koi8-r"), None);
        let decoded = decode_html(b"\xEF\xBB\xBF<p>caf\xC3\xA9</p>", Some("text/html; charset=iso-8859-1"));
        assert_eq!(decoded.text, "<p>café</p>");
        assert_eq!(decoded.source, CharsetSource::Bom);
    }

    #[test]
    fn undeclared_legacy_text_is_detected() {
        let russian = "<p>Президент России Владимир Путин прибудет в Пекин в четверг, чтобы встретиться с \
                       председателем КНР Си Цзиньпином и обсудить торговлю и безопасность.</p>";
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(russian);
        let decoded = decode_html(&bytes, None);
        assert_eq!(decoded.source, CharsetSource::Detected);
        assert_eq!(decoded.encoding, "windows-1251");
        assert_eq!(decoded.text, russian);
    }

    #[test]
    fn odd_bytes_never_panic() {
        for bytes in
            [&b""[..], b"\xff\xfe", b"\x00\x00\x00", b"<meta charset=", b"<meta charset=\"bogus\">\xff"]
        {
            let _ = decode_html(bytes, Some("text/html; charset="));
        }
    }
}
