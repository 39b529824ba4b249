//! Checks a plugin's output before the host accepts it: every JSON object with integer `start`
//! and `end` is a span, and must be a char-aligned range of the article text whose `text` field
//! (when present) is exactly the covered text.

use news_core::checked_slice;
use serde_json::Value;

/// The first invalid span in `value`, described, with its JSON path.
pub(crate) fn check_spans(value: &Value, text: &str) -> Result<(), String> {
    let mut path = String::new();
    walk(value, text, &mut path)
}

fn walk(value: &Value, text: &str, path: &mut String) -> Result<(), String> {
    match value {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                walk(item, text, path)?;
                path.truncate(len);
            }
            Ok(())
        }
        Value::Object(map) => {
            if let (Some(start), Some(end)) = (map.get("start"), map.get("end")) {
                let (Some(start), Some(end)) = (start.as_u64(), end.as_u64()) else {
                    return Err(format!("{}: start/end are not non-negative integers", at(path)));
                };
                let (start, end) = (start as usize, end as usize);
                let covered = checked_slice(text, start, end).map_err(|e| format!("{}: {e}", at(path)))?;
                if let Some(claimed) = map.get("text")
                    && claimed.as_str() != Some(covered)
                {
                    return Err(format!(
                        "{}: span {start}..{end} says its text is {claimed} but the article has {covered:?}",
                        at(path)
                    ));
                }
            }
            for (key, item) in map {
                let len = path.len();
                path.push('.');
                path.push_str(key);
                walk(item, text, path)?;
                path.truncate(len);
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

fn at(path: &str) -> &str {
    if path.is_empty() { "output" } else { path }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn accepts_good_spans_and_names_the_bad_one() {
        let text = "Putin’s trip";
        assert_eq!(check_spans(&json!([{"start": 0, "end": 5, "text": "Putin"}]), text), Ok(()));
        let bad = json!([{"name": "x", "mentions": [{"start": 0, "end": 6, "text": "Putin"}]}]);
        let err = check_spans(&bad, text).expect_err("not on a char boundary");
        assert!(err.starts_with("[0].mentions[0]"), "{err}");
        let wrong = json!({"start": 0, "end": 5, "text": "Xi"});
        assert!(check_spans(&wrong, text).expect_err("text mismatch").contains("Putin"));
        let past = json!({"start": 3, "end": 99});
        assert!(check_spans(&past, text).is_err());
        let negative = json!({"start": -1, "end": 2});
        assert!(check_spans(&negative, text).is_err());
    }
}
