//! The news models: two 3-class (negative, neutral, positive) log-linear classifiers over hashed
//! features, one for sentence tone and one for the tone toward a target, and their text file
//! format (`model/sentiment.model`):
//!
//! ```text
//! news-sentiment-model 1
//! [sentence] N
//! <feature id, 16 hex digits> <w_neg> <w_neu> <w_pos>      (N lines)
//! [target] M
//! …
//! [words] W
//! <word> <polarity weight> <intensity weight>                (W lines; see `tone`)
//! [prefixes] P
//! <prefix> <polarity weight> <intensity weight>              (P lines)
//! [tone] 13
//! <dense feature name> <polarity weight> <intensity weight>  (12 lines)
//! scale <scale>
//! ```

use std::fmt::Write as _;

use rustc_hash::FxHashMap;

use crate::features::Feat;
use crate::tone::{DENSE_NAMES, Tone};

/// A 3-class log-linear model: per-feature weights.
#[derive(Debug, Clone, Default)]
pub struct Linear {
    pub weights: FxHashMap<u64, [f32; 3]>,
}

impl Linear {
    /// Class probabilities (softmax of the summed weights).
    pub fn probs(&self, feats: &[Feat]) -> [f64; 3] {
        let mut z = [0.0f64; 3];
        for &(id, v) in feats {
            if let Some(w) = self.weights.get(&id) {
                for c in 0..3 {
                    z[c] += (w[c] * v) as f64;
                }
            }
        }
        softmax(z)
    }
}

/// Softmax of three scores.
pub fn softmax(z: [f64; 3]) -> [f64; 3] {
    let m = z[0].max(z[1]).max(z[2]);
    let e = [(z[0] - m).exp(), (z[1] - m).exp(), (z[2] - m).exp()];
    let s = e[0] + e[1] + e[2];
    [e[0] / s, e[1] / s, e[2] / s]
}

/// The models.
#[derive(Debug, Clone, Default)]
pub struct Models {
    pub sentence: Linear,
    pub target: Linear,
    /// Sentence tone (word and dense weights of the polarity and intensity models).
    pub tone: Tone,
}

const MAGIC: &str = "news-sentiment-model 2";

impl Models {
    /// Writes the text format (features sorted by id: the file is deterministic).
    pub fn to_text(&self) -> String {
        let mut s = String::new();
        s.push_str(MAGIC);
        s.push('\n');
        for (name, m) in [("sentence", &self.sentence), ("target", &self.target)] {
            let mut ids: Vec<_> = m.weights.iter().collect();
            ids.sort_by_key(|(k, _)| **k);
            let _ = writeln!(s, "[{name}] {}", ids.len());
            for (k, w) in ids {
                let _ = writeln!(s, "{k:016x} {} {} {}", fmt_w(w[0]), fmt_w(w[1]), fmt_w(w[2]));
            }
        }
        for (name, map) in [("words", &self.tone.words), ("prefixes", &self.tone.prefixes)] {
            let mut words: Vec<_> = map.iter().collect();
            words.sort_by(|a, b| a.0.cmp(b.0));
            let _ = writeln!(s, "[{name}] {}", words.len());
            for (w, v) in words {
                let _ = writeln!(s, "{w} {} {}", fmt_w(v[0]), fmt_w(v[1]));
            }
        }
        let _ = writeln!(s, "[tone] {}", DENSE_NAMES.len() + 1);
        for (name, w) in DENSE_NAMES.iter().zip(&self.tone.dense) {
            let _ = writeln!(s, "{name} {:.6} {:.6}", w[0], w[1]);
        }
        let _ = writeln!(s, "scale {:.6}", self.tone.scale);
        s
    }

    /// Parses the text format.
    pub fn from_text(text: &str) -> Result<Models, String> {
        let mut lines = text.lines();
        if lines.next().map(str::trim) != Some(MAGIC) {
            return Err(format!("not a sentiment model (expected a first line `{MAGIC}`)"));
        }
        let mut models = Models::default();
        #[derive(Clone, Copy)]
        enum Section {
            None,
            Sentence,
            Target,
            Words,
            Prefixes,
            Tone,
        }
        let mut current = Section::None;
        for (n, line) in lines.enumerate() {
            let line = line.trim();
            if line.is_empty() {
                continue;
            }
            if let Some(rest) = line.strip_prefix('[') {
                current = match rest.split(']').next() {
                    Some("sentence") => Section::Sentence,
                    Some("target") => Section::Target,
                    Some("words") => Section::Words,
                    Some("prefixes") => Section::Prefixes,
                    Some("tone") => Section::Tone,
                    _ => return Err(format!("line {}: unknown section {line}", n + 2)),
                };
                continue;
            }
            let bad = || format!("line {}: bad line in the model", n + 2);
            let mut parts = line.split_ascii_whitespace();
            let key = parts.next().ok_or_else(bad)?;
            match current {
                Section::None => return Err(bad()),
                Section::Sentence | Section::Target => {
                    let id = u64::from_str_radix(key, 16).map_err(|_| bad())?;
                    let mut w = [0.0f32; 3];
                    for x in &mut w {
                        *x = parts.next().and_then(|p| p.parse().ok()).ok_or_else(bad)?;
                    }
                    let m = if matches!(current, Section::Sentence) {
                        &mut models.sentence
                    } else {
                        &mut models.target
                    };
                    m.weights.insert(id, w);
                }
                Section::Words | Section::Prefixes => {
                    let mut v = [0.0f32; 2];
                    for x in &mut v {
                        *x = parts.next().and_then(|p| p.parse().ok()).ok_or_else(bad)?;
                    }
                    let map = if matches!(current, Section::Words) {
                        &mut models.tone.words
                    } else {
                        &mut models.tone.prefixes
                    };
                    map.insert(key.into(), v);
                }
                Section::Tone => {
                    let mut v = [0.0f64; 2];
                    for x in &mut v {
                        *x = parts.next().and_then(|p| p.parse().ok()).ok_or_else(bad)?;
                        if key == "scale" {
                            break;
                        }
                    }
                    if key == "scale" {
                        models.tone.scale = v[0];
                    } else {
                        let i = DENSE_NAMES.iter().position(|&f| f == key).ok_or_else(bad)?;
                        models.tone.dense[i] = v;
                    }
                }
            }
        }
        Ok(models)
    }
}

fn fmt_w(x: f32) -> String {
    let s = format!("{x:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" || s.is_empty() { "0".to_owned() } else { s.to_owned() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let mut m = Models::default();
        m.sentence.weights.insert(7, [0.5, -0.25, 0.0]);
        m.target.weights.insert(u64::MAX, [1.0, 2.0, -3.0]);
        m.tone.words.insert("war".into(), [-0.25, 0.5]);
        m.tone.prefixes.insert("inva".into(), [-0.125, 0.0]);
        m.tone.dense[1] = [0.5, -0.25];
        m.tone.scale = 1.5;
        let t = m.to_text();
        let back = Models::from_text(&t).expect("parse");
        assert_eq!(back.sentence.weights.get(&7), Some(&[0.5, -0.25, 0.0]));
        assert_eq!(back.target.weights.get(&u64::MAX), Some(&[1.0, 2.0, -3.0]));
        assert_eq!(back.tone.words.get("war"), Some(&[-0.25, 0.5]));
        assert_eq!(back.tone.prefixes.get("inva"), Some(&[-0.125, 0.0]));
        assert_eq!(back.tone.dense[1], [0.5, -0.25]);
        assert_eq!(back.tone.scale, 1.5);
        assert!(Models::from_text("nope").is_err());
        let p = m.sentence.probs(&[(7, 1.0)]);
        assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-9 && p[0] > p[2]);
    }
}
