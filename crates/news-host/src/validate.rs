//! Checks a plugin's output before the host accepts it: it must be JSON, and every JSON object
//! with `start` and `end` members is a span, which must be a char-aligned range of the article
//! text whose `text` member (when present) is exactly the covered text.
//!
//! This runs on every plugin output of every article, so it is part of the plugin boundary's
//! cost. serde_json validates the text once, as it makes the `RawValue` the host keeps; then a
//! byte scan over that validated text ([`scan`]) finds the span objects, without serde's
//! per-value visitor calls or number parsing. Whatever the scan is not sure of (escaped member
//! names, repeated members, a `start` that is not a plain integer, nested values under
//! `start`/`end`/`text`) and every bad span goes to the serde walk ([`walk`]), which decides and,
//! for a bad span, says where it is (the JSON path).

use std::borrow::Cow;
use std::fmt;

use news_core::checked_slice;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

/// Accepts a plugin's output: valid JSON whose spans all hold against `text`. The error is the
/// message the result line records.
pub(crate) fn accept(output: String, text: &str) -> Result<Box<RawValue>, String> {
    let raw = RawValue::from_string(output).map_err(|e| format!("invalid output: not JSON: {e}"))?;
    check_spans(raw.get(), text).map_err(|e| format!("invalid output: {e}"))?;
    Ok(raw)
}

/// Checks every span in `output`, JSON text already validated by serde_json, against `text`;
/// the error describes the first bad span with its JSON path.
fn check_spans(output: &str, text: &str) -> Result<(), String> {
    if scan(output.as_bytes(), text) == Scan::Good {
        return Ok(());
    }
    // The serde walk decides; it does not track where it is, so only when a span is bad does a
    // second walk, which tracks the JSON path, say where.
    match walk(output, text, false) {
        Ok(()) => Ok(()),
        Err(_) => match walk(output, text, true) {
            Ok(()) => Ok(()),
            Err(OutputError::BadSpan(message) | OutputError::NotJson(message)) => Err(message),
        },
    }
}

/// What the fast scan found: every span good, or something for the serde walk to decide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scan {
    Good,
    Unsure,
}

/// A member name the span check reads (`Other` for any other name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Start,
    End,
    Text,
    Other,
}

/// An object or array the scan is inside.
struct Frame {
    is_object: bool,
    /// The role of the member whose value comes next (objects).
    pending: Role,
    start: Option<u64>,
    end: Option<u64>,
    /// The `text` member: the byte range of the string's content in the output, and whether it
    /// has escapes.
    text: Option<(usize, usize, bool)>,
}

impl Frame {
    fn new(is_object: bool) -> Self {
        Frame { is_object, pending: Role::Other, start: None, end: None, text: None }
    }
}

/// The fast path of [`check_spans`] over validated JSON: [`Scan::Good`] only when every object
/// with `start` and `end` is a good span; anything unusual or bad is [`Scan::Unsure`].
fn scan(json: &[u8], text: &str) -> Scan {
    let mut stack: Vec<Frame> = Vec::with_capacity(16);
    // Whether the next string in the current object is a member name.
    let mut expect_name = false;
    let mut i = 0;
    while let Some(&b) = json.get(i) {
        match b {
            b' ' | b'\t' | b'\n' | b'\r' | b':' => i += 1,
            b',' => {
                expect_name = stack.last().is_some_and(|f| f.is_object);
                i += 1;
            }
            b'{' | b'[' => {
                if let Some(parent) = stack.last()
                    && parent.is_object
                    && parent.pending != Role::Other
                {
                    return Scan::Unsure; // an object or array under start/end/text
                }
                stack.push(Frame::new(b == b'{'));
                expect_name = b == b'{';
                i += 1;
            }
            b'}' | b']' => {
                let Some(frame) = stack.pop() else { return Scan::Unsure };
                if frame.is_object && !span_is_good(&frame, json, text) {
                    return Scan::Unsure;
                }
                expect_name = false;
                i += 1;
            }
            b'"' => {
                let from = i + 1;
                let Some((to, escaped)) = string_end(json, from) else { return Scan::Unsure };
                i = to + 1;
                let Some(frame) = stack.last_mut() else { continue };
                if frame.is_object && expect_name {
                    expect_name = false;
                    if escaped {
                        return Scan::Unsure;
                    }
                    frame.pending = match &json[from..to] {
                        b"start" => Role::Start,
                        b"end" => Role::End,
                        b"text" => Role::Text,
                        _ => Role::Other,
                    };
                    let repeated = match frame.pending {
                        Role::Start => frame.start.is_some(),
                        Role::End => frame.end.is_some(),
                        Role::Text => frame.text.is_some(),
                        Role::Other => false,
                    };
                    if repeated {
                        return Scan::Unsure;
                    }
                } else if frame.is_object {
                    match frame.pending {
                        Role::Text => frame.text = Some((from, to, escaped)),
                        Role::Start | Role::End => return Scan::Unsure,
                        Role::Other => {}
                    }
                    frame.pending = Role::Other;
                }
            }
            _ => {
                // A number or a literal: up to the next delimiter.
                let from = i;
                while json
                    .get(i)
                    .is_some_and(|c| !matches!(c, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r'))
                {
                    i += 1;
                }
                let Some(frame) = stack.last_mut() else { continue };
                if !frame.is_object {
                    continue;
                }
                match frame.pending {
                    Role::Start | Role::End => {
                        let Some(n) = plain_integer(&json[from..i]) else { return Scan::Unsure };
                        if frame.pending == Role::Start {
                            frame.start = Some(n);
                        } else {
                            frame.end = Some(n);
                        }
                    }
                    Role::Text => return Scan::Unsure,
                    Role::Other => {}
                }
                frame.pending = Role::Other;
            }
        }
    }
    if stack.is_empty() { Scan::Good } else { Scan::Unsure }
}

/// Whether a closed object is no span, or a good one.
fn span_is_good(frame: &Frame, json: &[u8], text: &str) -> bool {
    let (Some(start), Some(end)) = (frame.start, frame.end) else { return true };
    let (Ok(start), Ok(end)) = (usize::try_from(start), usize::try_from(end)) else { return false };
    let Ok(covered) = checked_slice(text, start, end) else { return false };
    match frame.text {
        None => true,
        Some((from, to, false)) => json.get(from..to) == Some(covered.as_bytes()),
        Some((from, to, true)) => json
            .get(from - 1..=to)
            .and_then(|quoted| serde_json::from_slice::<Cow<'_, str>>(quoted).ok())
            .is_some_and(|claimed| claimed == covered),
    }
}

/// The index of the closing quote of the string whose content starts at `from`, and whether
/// the string has escapes.
fn string_end(json: &[u8], from: usize) -> Option<(usize, bool)> {
    let mut escaped = false;
    let mut i = from;
    loop {
        i += memchr::memchr2(b'"', b'\\', json.get(i..)?)?;
        if json[i] == b'"' {
            return Some((i, escaped));
        }
        escaped = true;
        i += 2;
    }
}

/// The value of a JSON number written as plain decimal digits that fits a `u64` (what serde_json
/// hands to `visit_u64`); `None` for anything else.
fn plain_integer(token: &[u8]) -> Option<u64> {
    if token.is_empty() {
        return None;
    }
    token.iter().try_fold(0u64, |n, &c| {
        if c.is_ascii_digit() { n.checked_mul(10)?.checked_add(u64::from(c - b'0')) } else { None }
    })
}

/// Why the serde walk refused an output: not JSON at all, or a bad span (described, with its
/// JSON path).
#[derive(Debug, Clone, PartialEq, Eq)]
enum OutputError {
    NotJson(String),
    BadSpan(String),
}

fn walk(output: &str, text: &str, track: bool) -> Result<(), OutputError> {
    let mut state = State { text, track, path: String::new(), bad: None };
    let mut de = serde_json::Deserializer::from_str(output);
    let walked = Walk(&mut state).deserialize(&mut de).and_then(|()| de.end());
    match (walked, state.bad) {
        (Ok(()), _) => Ok(()),
        (Err(_), Some(bad)) => Err(OutputError::BadSpan(bad)),
        (Err(e), None) => Err(OutputError::NotJson(e.to_string())),
    }
}

struct State<'t> {
    text: &'t str,
    /// Whether `path` is kept up to date.
    track: bool,
    /// JSON path of the value being read, e.g. `[0].mentions[2]` (when tracked).
    path: String,
    /// The first bad span, described; set just before the walk is aborted.
    bad: Option<String>,
}

impl State<'_> {
    fn fail<E: de::Error>(&mut self, message: String) -> E {
        let at = if self.path.is_empty() { "output" } else { self.path.as_str() };
        self.bad = Some(format!("{at}: {message}"));
        E::custom("bad span")
    }
}

/// The member names a span check reads; any other name is `Other`.
enum Key {
    Start,
    End,
    Text,
    Other,
}

/// Reads a member name without allocating (serde's `Cow<str>` always allocates), appending it
/// to the path when the path is tracked.
struct KeySeed<'s, 't>(&'s mut State<'t>);

impl<'de> DeserializeSeed<'de> for KeySeed<'_, '_> {
    type Value = Key;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed<'_, '_> {
    type Value = Key;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Key, E> {
        if self.0.track {
            self.0.path.push('.');
            self.0.path.push_str(v);
        }
        Ok(match v {
            "start" => Key::Start,
            "end" => Key::End,
            "text" => Key::Text,
            _ => Key::Other,
        })
    }
}

/// Walks any JSON value, checking the spans inside it.
struct Walk<'s, 't>(&'s mut State<'t>);

impl<'de> DeserializeSeed<'de> for Walk<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

/// A member of a possible span object: its value if it is a number or string; anything else
/// is walked like any value (it may contain spans).
enum Member<'de> {
    Int(u64),
    Str(Cow<'de, str>),
    Other,
}

struct MemberSeed<'s, 't>(&'s mut State<'t>);

impl<'de> DeserializeSeed<'de> for MemberSeed<'_, '_> {
    type Value = Member<'de>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Member<'de>, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for MemberSeed<'_, '_> {
    type Value = Member<'de>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Member<'de>, E> {
        Ok(Member::Int(v))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Member<'de>, E> {
        Ok(Member::Other)
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Member<'de>, E> {
        Ok(Member::Other)
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Member<'de>, E> {
        Ok(Member::Other)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Member<'de>, E> {
        Ok(Member::Other)
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Member<'de>, E> {
        Ok(Member::Str(Cow::Borrowed(v)))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Member<'de>, E> {
        Ok(Member::Str(Cow::Owned(v.to_owned())))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Member<'de>, A::Error> {
        Walk(self.0).visit_seq(seq).map(|()| Member::Other)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Member<'de>, A::Error> {
        Walk(self.0).visit_map(map).map(|()| Member::Other)
    }
}

impl<'de> Visitor<'de> for Walk<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let state = self.0;
        let mut i = 0usize;
        loop {
            let len = state.path.len();
            if state.track {
                state.path.push('[');
                state.path.push_str(itoa(i, &mut [0u8; 20]));
                state.path.push(']');
            }
            let more = seq.next_element_seed(Walk(state))?;
            state.path.truncate(len);
            if more.is_none() {
                return Ok(());
            }
            i += 1;
        }
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let state = self.0;
        let (mut start, mut end, mut claimed) = (None, None, None);
        loop {
            let len = state.path.len();
            let Some(key) = map.next_key_seed(KeySeed(state))? else { break };
            match key {
                Key::Start => start = Some(map.next_value_seed(MemberSeed(state))?),
                Key::End => end = Some(map.next_value_seed(MemberSeed(state))?),
                Key::Text => claimed = Some(map.next_value_seed(MemberSeed(state))?),
                Key::Other => map.next_value_seed(Walk(state))?,
            }
            state.path.truncate(len);
        }
        let (Some(start), Some(end)) = (start, end) else { return Ok(()) };
        let (Member::Int(start), Member::Int(end)) = (start, end) else {
            return Err(state.fail("start/end are not non-negative integers".to_owned()));
        };
        let (start, end) =
            (usize::try_from(start).unwrap_or(usize::MAX), usize::try_from(end).unwrap_or(usize::MAX));
        let covered = match checked_slice(state.text, start, end) {
            Ok(covered) => covered,
            Err(e) => return Err(state.fail(e.to_string())),
        };
        match claimed {
            None => Ok(()),
            Some(Member::Str(claimed)) if claimed == covered => Ok(()),
            Some(Member::Str(claimed)) => Err(state.fail(format!(
                "span {start}..{end} says its text is {claimed:?} but the article has {covered:?}"
            ))),
            Some(_) => Err(state.fail(format!("span {start}..{end} has a `text` that is not a string"))),
        }
    }
}

/// Formats `n` into `buf` without allocating.
fn itoa(mut n: usize, buf: &mut [u8; 20]) -> &str {
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    std::str::from_utf8(&buf[i..]).unwrap_or("?")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(output: &str, text: &str) -> Result<(), String> {
        accept(output.to_owned(), text).map(|_| ())
    }

    fn bad(output: &str, text: &str) -> String {
        match check(output, text) {
            Err(message) => message,
            Ok(()) => panic!("expected a bad span in {output}"),
        }
    }

    #[test]
    fn accepts_good_spans_and_names_the_bad_one() {
        let text = "Putin’s trip";
        assert_eq!(check(r#"[{"start": 0, "end": 5, "text": "Putin"}]"#, text), Ok(()));
        assert_eq!(check(r#"{"a": [1, 2.5, null, true, "x"], "b": {"start": 8, "end": 12}}"#, text), Ok(()));
        let err = bad(r#"[{"name": "x", "mentions": [{"start": 0, "end": 6, "text": "Putin"}]}]"#, text);
        assert!(err.starts_with("invalid output: [0].mentions[0]"), "{err}");
        let err = bad(r#"[1, [2, {"start": 0, "end": 5, "text": "Xi"}]]"#, text);
        assert!(err.starts_with("invalid output: [1][1]: ") && err.contains("Putin"), "{err}");
        let err = bad(r#"{"start": 0, "end": 5, "text": "Pu\u0074in!"}"#, text);
        assert!(err.contains("Putin!"), "escaped text is compared decoded: {err}");
        assert_eq!(check(r#"{"start": 0, "end": 5, "text": "Pu\u0074in"}"#, text), Ok(()));
        assert!(bad(r#"{"start": 3, "end": 99}"#, text).starts_with("invalid output: output: "));
        assert!(bad(r#"{"start": -1, "end": 2}"#, text).contains("not non-negative integers"));
        assert!(bad(r#"{"start": 0, "end": 5, "text": 5}"#, text).contains("not a string"));
        assert!(bad(r#"{"w": {"start": 1, "end": 0}}"#, text).starts_with("invalid output: .w: "));
    }

    #[test]
    fn non_json_is_refused_before_any_span_check() {
        for output in ["", "{", "[1,]", "nul", "{} {}", "{\"start\": 0, \"end\": 1"] {
            let err = check(output, "text").expect_err(output);
            assert!(err.starts_with("invalid output: not JSON"), "{output}: {err}");
        }
    }

    #[test]
    fn the_scan_is_sure_of_plain_plugin_output() {
        let text = "Sen. \"Bob\" Smith\nsaid: café.";
        let output = serde_json::json!({
            "document": {"score": -0.25, "label": "negative"},
            "quotes": [{"span": {"start": 5, "end": 10, "text": "\"Bob\""}, "speaker": null}],
            "sentences": [{"start": 0, "end": 16, "score": 1e-3}, {"start": 17, "end": 29}],
            "entities": [{"name": "Bob Smith", "mentions": [{"start": 6, "end": 16, "text": "Bob\" Smith"}]}],
            "places": [{"name": "café", "lat": -1.5, "lon": 2e10, "mentions": [{"start": 23, "end": 28, "text": "café"}]}]
        })
        .to_string();
        assert_eq!(scan(output.as_bytes(), text), Scan::Good, "{output}");
        assert_eq!(check(&output, text), Ok(()));
    }

    fn next(seed: &mut u64, n: u64) -> u64 {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        *seed % n
    }

    /// A value for `start` or `end`: mostly an offset into (or just past) the text, sometimes a
    /// number or value serde_json does not hand to `visit_u64`.
    fn offset(seed: &mut u64, len: u64) -> String {
        match next(seed, 12) {
            0 => "-1".to_owned(),
            1 => format!("{}.0", next(seed, len)),
            2 => "1e1".to_owned(),
            3 => "18446744073709551616".to_owned(),
            4 => "\"3\"".to_owned(),
            5 => "null".to_owned(),
            _ => format!("{}", next(seed, len + 2)),
        }
    }

    /// Random JSON values with spans, good and bad, in every shape the scan treats specially.
    fn random_output(seed: &mut u64, depth: u32, text: &str) -> String {
        let len = text.len() as u64;
        let kind = if depth == 0 { next(seed, 3) } else { next(seed, 6) };
        match kind {
            0 => offset(seed, len),
            1 => ["true", "\"x\"", "\"a\\\"b\"", "-0.5", "null"][next(seed, 5) as usize].to_owned(),
            2 => {
                let a = next(seed, len + 1) as usize;
                let b = a + next(seed, 4) as usize;
                let covered = text.get(a..b.min(text.len())).unwrap_or("?");
                serde_json::to_string(covered).unwrap_or_default()
            }
            3 => {
                let items: Vec<String> =
                    (0..next(seed, 4)).map(|_| random_output(seed, depth - 1, text)).collect();
                format!("[{}]", items.join(", "))
            }
            _ => {
                let mut members = Vec::new();
                for _ in 0..next(seed, 5) {
                    let name =
                        ["start", "end", "text", "name", "st\\u0061rt", "span"][next(seed, 6) as usize];
                    let value = match name {
                        "start" | "end" if next(seed, 4) > 0 => offset(seed, len),
                        _ => random_output(seed, depth - 1, text),
                    };
                    members.push(format!("\"{name}\": {value}"));
                }
                format!("{{{}}}", members.join(",\n "))
            }
        }
    }

    #[test]
    fn the_scan_never_accepts_what_the_walk_refuses() {
        let text = "Xi met Putin’s \"aide\" in Paris.";
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        let (mut good, mut sure) = (0, 0);
        for _ in 0..20_000 {
            let output = random_output(&mut seed, 4, text);
            let Ok(raw) = RawValue::from_string(output.clone()) else { continue };
            let walked = walk(raw.get(), text, false).is_ok();
            let scanned = scan(raw.get().as_bytes(), text) == Scan::Good;
            assert!(walked || !scanned, "the scan accepted what the walk refuses: {output}");
            good += usize::from(walked);
            sure += usize::from(scanned);
            assert_eq!(check(&output, text).is_ok(), walked, "{output}");
        }
        // The generator must reach both outcomes often, and the scan must decide most good ones.
        assert!(good > 2_000 && sure * 10 > good * 5, "good {good}, sure {sure}");
    }
}
