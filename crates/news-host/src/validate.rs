//! Checks a plugin's output before the host accepts it: every JSON object with `start` and `end`
//! members is a span, and must be a char-aligned range of the article text whose `text` member
//! (when present) is exactly the covered text.
//!
//! The check streams over the output text with serde (no JSON tree is built): it runs on every
//! plugin output of every article, so it is part of the plugin boundary's cost.

use std::borrow::Cow;
use std::fmt;

use news_core::checked_slice;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

/// Why an output was refused: not JSON at all, or a bad span (described, with its JSON path).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum OutputError {
    NotJson(String),
    BadSpan(String),
}

/// Checks every span in the JSON text `output` against `text`.
///
/// The walk does not track where it is; only when a span is bad does a second walk, which
/// tracks the JSON path, say where.
pub(crate) fn check_spans(output: &str, text: &str) -> Result<(), OutputError> {
    match walk(output, text, false) {
        Err(OutputError::BadSpan(_)) => walk(output, text, true),
        other => other,
    }
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

    fn bad(output: &str, text: &str) -> String {
        match check_spans(output, text) {
            Err(OutputError::BadSpan(message)) => message,
            other => panic!("expected a bad span in {output}, got {other:?}"),
        }
    }

    #[test]
    fn accepts_good_spans_and_names_the_bad_one() {
        let text = "Putin’s trip";
        assert_eq!(check_spans(r#"[{"start": 0, "end": 5, "text": "Putin"}]"#, text), Ok(()));
        assert_eq!(
            check_spans(r#"{"a": [1, 2.5, null, true, "x"], "b": {"start": 8, "end": 12}}"#, text),
            Ok(())
        );
        let err = bad(r#"[{"name": "x", "mentions": [{"start": 0, "end": 6, "text": "Putin"}]}]"#, text);
        assert!(err.starts_with("[0].mentions[0]"), "{err}");
        let err = bad(r#"[1, [2, {"start": 0, "end": 5, "text": "Xi"}]]"#, text);
        assert!(err.starts_with("[1][1]: ") && err.contains("Putin"), "{err}");
        let err = bad(r#"{"start": 0, "end": 5, "text": "Pu\u0074in!"}"#, text);
        assert!(err.contains("Putin!"), "escaped text is compared decoded: {err}");
        assert_eq!(check_spans(r#"{"start": 0, "end": 5, "text": "Pu\u0074in"}"#, text), Ok(()));
        assert!(bad(r#"{"start": 3, "end": 99}"#, text).starts_with("output: "));
        assert!(bad(r#"{"start": -1, "end": 2}"#, text).contains("not non-negative integers"));
        assert!(bad(r#"{"start": 0, "end": 5, "text": 5}"#, text).contains("not a string"));
        assert!(bad(r#"{"w": {"start": 1, "end": 0}}"#, text).starts_with(".w: "));
    }

    #[test]
    fn non_json_is_told_apart_from_bad_spans() {
        for output in ["", "{", "[1,]", "nul", "{} {}", "{\"start\": 0, \"end\": 1"] {
            assert!(matches!(check_spans(output, "text"), Err(OutputError::NotJson(_))), "{output}");
        }
    }
}
