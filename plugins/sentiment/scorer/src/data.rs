//! The evaluation and training files (JSONL, see `shared/eval/sentiment/README.md`): rated rows
//! `{"id","text","score"}` and targeted rows `{"id","text","target_byte_start",
//! "target_byte_end","polarity","sentence_id"?}`.

use serde_json::Value;

use crate::metrics::label_to_class;

/// One row of a rated or targeted set.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub id: String,
    pub text: String,
    /// Mean human rating (rated sets).
    pub score: Option<f64>,
    /// Gold class 0/1/2 (targeted sets).
    pub polarity: Option<usize>,
    /// The target's byte span, when given and valid.
    pub target: Option<(usize, usize)>,
    /// The target's name, when given.
    pub target_name: Option<String>,
    pub sentence_id: Option<String>,
    /// The article's title, when given (PerSenT).
    pub title: Option<String>,
}

/// Parses a JSONL file's text; errors name the line.
pub fn parse_jsonl(text: &str) -> Result<Vec<Row>, String> {
    let mut rows = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let v: Value = serde_json::from_str(line).map_err(|e| format!("line {}: {e}", n + 1))?;
        let id = match v.get("id") {
            Some(Value::String(s)) => s.clone(),
            Some(other) => other.to_string(),
            None => return Err(format!("line {}: no id", n + 1)),
        };
        let text = v.get("text").and_then(Value::as_str).unwrap_or("").to_owned();
        let score = v.get("score").and_then(Value::as_f64);
        let polarity = match v.get("polarity") {
            Some(Value::String(s)) => {
                Some(label_to_class(s).ok_or_else(|| format!("line {}: bad polarity", n + 1))?)
            }
            Some(Value::Number(x)) => label_to_class(&x.to_string()),
            _ => None,
        };
        let span = |k: &str| v.get(k).and_then(Value::as_u64).map(|x| x as usize);
        let target = match (span("target_byte_start"), span("target_byte_end")) {
            (Some(a), Some(b)) if a < b && text.get(a..b).is_some() => Some((a, b)),
            _ => None,
        };
        rows.push(Row {
            id,
            target_name: v.get("target").and_then(Value::as_str).map(str::to_owned),
            sentence_id: v.get("sentence_id").and_then(Value::as_str).map(str::to_owned),
            title: v.get("title").and_then(Value::as_str).map(str::to_owned),
            text,
            score,
            polarity,
            target,
        });
    }
    Ok(rows)
}

/// Whether the set is rated (its first row has a score), as the evaluator decides.
pub fn is_rated(rows: &[Row]) -> bool {
    rows.first().is_some_and(|r| r.score.is_some())
}
