//! The quotes scorer: a faithful port of `shared/eval/tools/quotes_eval.py` (span P/R/F1 exact
//! and by token overlap, speaker accuracy, end-to-end P/R/F1, content-token coverage, recall by
//! kind), so that `news-lab eval quotes` and the seed-article CI gate print the same figures as
//! the Python tool. Offsets are code points, as in the gold files.
//!
//! Differences from the Python tool: name normalisation skips NFKC (no normalisation crate);
//! `\w` is approximated by `char::is_alphanumeric` or `_`.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;

use serde_json::Value;

/// One gold or predicted quote (code-point offsets).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EvalQuote {
    pub start: usize,
    pub end: usize,
    pub fragments: Vec<(usize, usize)>,
    pub speaker: Option<String>,
    pub speaker_start: Option<usize>,
    pub speaker_end: Option<usize>,
    pub speaker_canonical: Option<String>,
    pub cue: Option<String>,
    pub cue_start: Option<usize>,
    pub cue_end: Option<usize>,
    pub kind: Option<String>,
    pub optional: bool,
}

/// A gold document.
#[derive(Debug, Clone, Default)]
pub struct GoldDoc {
    pub id: String,
    pub text: String,
    pub quotes: Vec<EvalQuote>,
}

fn opt_usize(v: &Value, k: &str) -> Option<usize> {
    v.get(k).and_then(Value::as_u64).map(|x| x as usize)
}

fn opt_str(v: &Value, k: &str) -> Option<String> {
    v.get(k).and_then(Value::as_str).filter(|s| !s.is_empty()).map(str::to_string)
}

impl EvalQuote {
    /// From a gold or prediction JSON object.
    pub fn from_json(v: &Value) -> Result<EvalQuote, String> {
        let start = opt_usize(v, "start").ok_or("quote without start")?;
        let end = opt_usize(v, "end").ok_or("quote without end")?;
        let fragments = v
            .get("fragments")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|f| {
                        let f = f.as_array()?;
                        Some((f.first()?.as_u64()? as usize, f.get(1)?.as_u64()? as usize))
                    })
                    .collect()
            })
            .unwrap_or_default();
        Ok(EvalQuote {
            start,
            end,
            fragments,
            speaker: opt_str(v, "speaker"),
            speaker_start: opt_usize(v, "speaker_start"),
            speaker_end: opt_usize(v, "speaker_end"),
            speaker_canonical: opt_str(v, "speaker_canonical"),
            cue: opt_str(v, "cue"),
            cue_start: opt_usize(v, "cue_start"),
            cue_end: opt_usize(v, "cue_end"),
            kind: opt_str(v, "kind"),
            optional: v.get("optional").and_then(Value::as_bool).unwrap_or(false),
        })
    }

    fn frags(&self) -> Vec<(usize, usize)> {
        if self.fragments.is_empty() { vec![(self.start, self.end)] } else { self.fragments.clone() }
    }
}

/// Parses a gold file: a JSON object, a JSON list, or JSONL.
pub fn parse_gold(data: &str, jsonl: bool) -> Result<Vec<GoldDoc>, String> {
    let values: Vec<Value> = if jsonl {
        data.lines()
            .filter(|l| !l.trim().is_empty())
            .enumerate()
            .map(|(i, l)| serde_json::from_str(l).map_err(|e| format!("line {}: {e}", i + 1)))
            .collect::<Result<_, _>>()?
    } else {
        match serde_json::from_str(data).map_err(|e| e.to_string())? {
            Value::Array(a) => a,
            v => vec![v],
        }
    };
    values
        .iter()
        .map(|v| {
            let id = match v.get("id") {
                Some(Value::String(s)) => s.clone(),
                Some(other) => other.to_string(),
                None => return Err("document without id".to_string()),
            };
            let text = v.get("text").and_then(Value::as_str).ok_or("document without text")?.to_string();
            let quotes = v
                .get("quotes")
                .and_then(Value::as_array)
                .map(|a| a.iter().map(EvalQuote::from_json).collect::<Result<Vec<_>, _>>())
                .transpose()?
                .unwrap_or_default();
            Ok(GoldDoc { id, text, quotes })
        })
        .collect()
}

fn is_w(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

const TRIM: &[char] = &[
    ' ', '\t', '\r', '\n', '\u{a0}', '.', ',', ';', ':', '!', '?', '"', '\'', '`', '“', '”', '‘', '’', '«',
    '»', '„', '‚', '(', ')', '[', ']', '—', '–', '-', '…',
];

const STOP: &[&str] = &[
    "the", "a", "an", "this", "that", "these", "those", "his", "her", "its", "their", "mr", "mrs", "ms",
    "dr", "said", "says", "of", "and", "in", "at", "for", "to", "on", "s",
];
const PRONOUNS: &[&str] = &[
    "he", "she", "they", "it", "i", "we", "you", "him", "her", "them", "us", "me", "who", "which", "whom",
    "one", "his", "hers", "their", "our", "my", "your",
];

/// A gold text as code points with its `\w+` tokens.
struct Doc {
    chars: Vec<char>,
    tokens: Vec<(usize, usize)>,
}

impl Doc {
    fn new(text: &str) -> Doc {
        let chars: Vec<char> = text.chars().collect();
        let mut tokens = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            if is_w(chars[i]) {
                let s = i;
                while i < chars.len() && is_w(chars[i]) {
                    i += 1;
                }
                tokens.push((s, i));
            } else {
                i += 1;
            }
        }
        Doc { chars, tokens }
    }

    fn token_set(&self, frs: &[(usize, usize)]) -> BTreeSet<usize> {
        let mut out = BTreeSet::new();
        for &(s, e) in frs {
            // bisect_right(starts, s) - 1, floored at 0
            let mut i = self.tokens.partition_point(|t| t.0 <= s).saturating_sub(1);
            while i < self.tokens.len() && self.tokens[i].0 < e {
                if self.tokens[i].1 > s {
                    out.insert(i);
                }
                i += 1;
            }
        }
        out
    }

    fn norm_bounds(&self, s: usize, e: usize) -> (usize, usize) {
        let t = &self.chars;
        let (mut s, mut e) = (s, e.min(t.len()));
        while s < e && TRIM.contains(&t[s]) {
            s += 1;
        }
        while e > s && TRIM.contains(&t[e - 1]) {
            e -= 1;
        }
        // re.match(r"that\b\s*", ..., IGNORECASE) and the match is shorter than the span
        if e >= s + 4 {
            let head: String = t[s..s + 4].iter().collect();
            let boundary = t.get(s + 4).is_none_or(|c| !is_w(*c));
            if head.eq_ignore_ascii_case("that") && boundary {
                let mut m = s + 4;
                while m < e && t[m].is_whitespace() {
                    m += 1;
                }
                if m < e {
                    s = m;
                    while s < e && TRIM.contains(&t[s]) {
                        s += 1;
                    }
                }
            }
        }
        (s, e)
    }
}

fn overlap_score(a: &BTreeSet<usize>, b: &BTreeSet<usize>) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    a.intersection(b).count() as f64 / a.len().max(b.len()) as f64
}

fn name_tokens(s: &str) -> Vec<String> {
    let s = s.to_lowercase().replace('’', "'");
    // re.sub(r"'s\b", "", s)
    let chars: Vec<char> = s.chars().collect();
    let mut cleaned = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '\'' && chars.get(i + 1) == Some(&'s') && chars.get(i + 2).is_none_or(|c| !is_w(*c)) {
            i += 2;
            continue;
        }
        cleaned.push(chars[i]);
        i += 1;
    }
    let mut toks: Vec<String> = Vec::new();
    let mut cur = String::new();
    for c in cleaned.chars() {
        if is_w(c) {
            cur.push(c);
        } else if !cur.is_empty() {
            toks.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        toks.push(cur);
    }
    let lead = toks.iter().take_while(|t| matches!(t.as_str(), "the" | "a" | "an")).count();
    toks.drain(..lead);
    toks
}

fn names_match(a: &str, b: &str) -> bool {
    let (ta, tb) = (name_tokens(a), name_tokens(b));
    if ta.is_empty() || tb.is_empty() {
        return false;
    }
    if ta == tb {
        return true;
    }
    let sa: BTreeSet<&str> = ta.iter().map(String::as_str).collect();
    let sb: BTreeSet<&str> = tb.iter().map(String::as_str).collect();
    let content = sa
        .intersection(&sb)
        .any(|w| !STOP.contains(w) && !PRONOUNS.contains(w) && !w.chars().all(|c| c.is_ascii_digit()));
    content && (sa.is_subset(&sb) || sb.is_subset(&sa))
}

fn speaker_right(g: &EvalQuote, p: &EvalQuote) -> bool {
    let pnames: Vec<&str> =
        [p.speaker.as_deref(), p.speaker_canonical.as_deref()].into_iter().flatten().collect();
    let Some(gname) = g.speaker.as_deref() else { return pnames.is_empty() };
    if let (Some(gs), Some(ge), Some(ps), Some(pe)) =
        (g.speaker_start, g.speaker_end, p.speaker_start, p.speaker_end)
        && ge.min(pe) > gs.max(ps)
    {
        return true;
    }
    let gnames: Vec<&str> = [Some(gname), g.speaker_canonical.as_deref()].into_iter().flatten().collect();
    gnames.iter().any(|a| pnames.iter().any(|b| names_match(a, b)))
}

fn cue_right(g: &EvalQuote, p: &EvalQuote) -> Option<bool> {
    let gc = g.cue.as_deref()?;
    let Some(pc) = p.cue.as_deref() else { return Some(false) };
    if let (Some(gs), Some(ge), Some(ps), Some(pe)) = (g.cue_start, g.cue_end, p.cue_start, p.cue_end)
        && ge.min(pe) > gs.max(ps)
    {
        return Some(true);
    }
    let a: BTreeSet<String> = name_tokens(gc).into_iter().collect();
    let b: BTreeSet<String> = name_tokens(pc).into_iter().collect();
    Some(a.intersection(&b).next().is_some())
}

/// Scoring options (the Python tool's flags).
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Gold kinds scored; empty = all (the others are don't-care).
    pub kinds: BTreeSet<String>,
    pub strict_optional: bool,
    /// Token-overlap threshold (0.5).
    pub threshold: f64,
}

#[derive(Debug, Clone, Copy, Default)]
pub struct Prf {
    pub tp: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

fn round4(x: f64) -> f64 {
    // Python's round() is round-half-even on the binary value; the difference shows only at
    // exact ties, which 4-digit ratios of counts rarely hit.
    (x * 10_000.0).round() / 10_000.0
}

fn prf(tp: usize, npred: usize, ngold: usize) -> Prf {
    let p = if npred > 0 { tp as f64 / npred as f64 } else { 0.0 };
    let r = if ngold > 0 { tp as f64 / ngold as f64 } else { 0.0 };
    let f = if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 };
    Prf { tp, precision: round4(p), recall: round4(r), f1: round4(f) }
}

/// Recall of one gold kind.
#[derive(Debug, Clone, Copy, Default)]
pub struct KindRecall {
    pub gold: usize,
    pub overlap_recall: f64,
    pub e2e_recall: f64,
}

/// The summary the Python tool prints.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub docs: usize,
    pub docs_without_prediction: usize,
    pub gold_quotes: usize,
    pub pred_quotes: usize,
    pub span_exact: Prf,
    pub span_overlap: Prf,
    pub end_to_end: Prf,
    pub content_tokens: Prf,
    pub speaker_accuracy: Option<f64>,
    pub speaker_accuracy_gold_named: Option<f64>,
    pub cue_accuracy: Option<f64>,
    pub recall_by_kind: BTreeMap<String, KindRecall>,
}

/// Scores predictions (by document id) against gold documents.
pub fn evaluate(gold: &[GoldDoc], preds: &HashMap<String, Vec<EvalQuote>>, opt: &Options) -> Summary {
    let mut c: HashMap<&str, usize> = HashMap::new();
    let mut per_kind: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    let mut missing = 0;
    let empty = Vec::new();
    for gd in gold {
        let doc = Doc::new(&gd.text);
        let preds = match preds.get(&gd.id) {
            Some(p) => p,
            None => {
                missing += 1;
                &empty
            }
        };
        let golds = &gd.quotes;
        let care: Vec<bool> = golds
            .iter()
            .map(|g| {
                let dont = (g.optional && !opt.strict_optional)
                    || (!opt.kinds.is_empty() && !g.kind.as_ref().is_some_and(|k| opt.kinds.contains(k)));
                !dont
            })
            .collect();
        let gtok: Vec<_> = golds.iter().map(|g| doc.token_set(&g.frags())).collect();
        let gcov: Vec<_> = golds.iter().map(|g| doc.token_set(&[(g.start, g.end)])).collect();
        let ptok: Vec<_> = preds.iter().map(|p| doc.token_set(&p.frags())).collect();
        let gb: Vec<_> = golds.iter().map(|g| doc.norm_bounds(g.start, g.end)).collect();
        let pb: Vec<_> = preds.iter().map(|p| doc.norm_bounds(p.start, p.end)).collect();
        let mut pairs = Vec::new();
        for gi in 0..golds.len() {
            for (pi, pt) in ptok.iter().enumerate() {
                let sc = overlap_score(&gtok[gi], pt).max(overlap_score(&gcov[gi], pt));
                if sc >= opt.threshold {
                    pairs.push((sc, gi, pi));
                }
            }
        }
        pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        let (mut used_g, mut used_p) = (BTreeSet::new(), BTreeSet::new());
        let mut m: BTreeMap<usize, usize> = BTreeMap::new();
        for (_, gi, pi) in pairs {
            if used_g.contains(&gi) || used_p.contains(&pi) {
                continue;
            }
            used_g.insert(gi);
            used_p.insert(pi);
            m.insert(gi, pi);
        }
        let dropped: BTreeSet<usize> = m.iter().filter(|(gi, _)| !care[**gi]).map(|(_, pi)| *pi).collect();
        *c.entry("gold").or_default() += care.iter().filter(|x| **x).count();
        *c.entry("pred").or_default() += preds.len() - dropped.len();
        let mut g_all = BTreeSet::new();
        let mut d_all = BTreeSet::new();
        for (i, t) in gtok.iter().enumerate() {
            if care[i] { g_all.extend(t.iter().copied()) } else { d_all.extend(t.iter().copied()) }
        }
        let mut p_all: BTreeSet<usize> = ptok.iter().flat_map(|t| t.iter().copied()).collect();
        for x in d_all.difference(&g_all) {
            p_all.remove(x);
        }
        *c.entry("tok_gold").or_default() += g_all.len();
        *c.entry("tok_pred").or_default() += p_all.len();
        *c.entry("tok_tp").or_default() += g_all.intersection(&p_all).count();
        let mut pb_free: HashMap<(usize, usize), usize> = HashMap::new();
        for (pi, b) in pb.iter().enumerate() {
            if !dropped.contains(&pi) {
                *pb_free.entry(*b).or_default() += 1;
            }
        }
        for (gi, b) in gb.iter().enumerate() {
            if care[gi]
                && let Some(n) = pb_free.get_mut(b).filter(|n| **n > 0)
            {
                *n -= 1;
                *c.entry("tp_exact").or_default() += 1;
            }
        }
        for (gi, g) in golds.iter().enumerate() {
            if !care[gi] {
                continue;
            }
            let k = per_kind.entry(g.kind.clone().unwrap_or_else(|| "?".into())).or_default();
            k.0 += 1;
            if let Some(&pi) = m.get(&gi) {
                let p = &preds[pi];
                *c.entry("tp_overlap").or_default() += 1;
                k.1 += 1;
                let ok = speaker_right(g, p);
                if g.speaker.is_some() {
                    *c.entry("matched_with_gold_speaker").or_default() += 1;
                    *c.entry("spk_right_named").or_default() += ok as usize;
                }
                *c.entry("spk_right").or_default() += ok as usize;
                if ok {
                    *c.entry("tp_e2e").or_default() += 1;
                    k.2 += 1;
                }
                if let Some(cr) = cue_right(g, p)
                    && p.cue.is_some()
                {
                    *c.entry("cue_scored").or_default() += 1;
                    *c.entry("cue_right").or_default() += cr as usize;
                }
            }
        }
    }
    let g = |k: &str| c.get(k).copied().unwrap_or(0);
    let ratio = |a: usize, b: usize| (b > 0).then(|| round4(a as f64 / b as f64));
    let ct = prf(g("tok_tp"), g("tok_pred"), g("tok_gold"));
    Summary {
        docs: gold.len(),
        docs_without_prediction: missing,
        gold_quotes: g("gold"),
        pred_quotes: g("pred"),
        span_exact: prf(g("tp_exact"), g("pred"), g("gold")),
        span_overlap: prf(g("tp_overlap"), g("pred"), g("gold")),
        end_to_end: prf(g("tp_e2e"), g("pred"), g("gold")),
        content_tokens: ct,
        speaker_accuracy: ratio(g("spk_right"), g("tp_overlap")),
        speaker_accuracy_gold_named: ratio(g("spk_right_named"), g("matched_with_gold_speaker")),
        cue_accuracy: ratio(g("cue_right"), g("cue_scored")),
        recall_by_kind: per_kind
            .into_iter()
            .map(|(k, (n, o, e))| {
                let r = |x: usize| if n > 0 { round4(x as f64 / n as f64) } else { 0.0 };
                (k, KindRecall { gold: n, overlap_recall: r(o), e2e_recall: r(e) })
            })
            .collect(),
    }
}

/// The table `quotes_eval.py` prints, line for line.
pub fn format_table(s: &Summary, title: &str) -> String {
    let mut o = String::new();
    let _ =
        write!(o, "== {title}: {} docs, {} gold quotes, {} predicted", s.docs, s.gold_quotes, s.pred_quotes);
    if s.docs_without_prediction > 0 {
        let _ = write!(o, ", {} docs without prediction", s.docs_without_prediction);
    }
    o.push('\n');
    let _ = writeln!(o, "{:<14}{:>8}{:>8}{:>8}", "metric", "P", "R", "F1");
    for (name, v) in [
        ("span_exact", s.span_exact),
        ("span_overlap", s.span_overlap),
        ("end_to_end", s.end_to_end),
        ("tokens", s.content_tokens),
    ] {
        let _ = writeln!(
            o,
            "{name:<14}{:>8.1}{:>8.1}{:>8.1}",
            v.precision * 100.0,
            v.recall * 100.0,
            v.f1 * 100.0
        );
    }
    match s.speaker_accuracy {
        Some(a) => {
            let _ = writeln!(o, "speaker accuracy (overlap-matched): {:.1}%", a * 100.0);
        }
        None => o.push_str("speaker accuracy: n/a\n"),
    }
    if let Some(a) = s.cue_accuracy {
        let _ = writeln!(o, "cue accuracy (matched, cue given): {:.1}%", a * 100.0);
    }
    for (k, v) in &s.recall_by_kind {
        let _ = writeln!(
            o,
            "  recall[{k}] n={}: overlap {:.1}%  e2e {:.1}%",
            v.gold,
            v.overlap_recall * 100.0,
            v.e2e_recall * 100.0
        );
    }
    o
}

/// Byte offset → code-point offset map of `text` (also valid at `text.len()`).
pub struct CharIndex {
    starts: Vec<usize>,
}

impl CharIndex {
    pub fn new(text: &str) -> CharIndex {
        let mut starts: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        starts.push(text.len());
        CharIndex { starts }
    }

    /// The code-point index of byte offset `b` (the next char boundary at or after it).
    pub fn char_of(&self, b: usize) -> usize {
        self.starts.partition_point(|&s| s < b)
    }
}

/// Turns the plugin's quotes (byte offsets) into scorer predictions (code points). Quotes that
/// share one cue mention (a quote split by its attribution, a multi-paragraph quote) are one
/// attribution: one prediction whose fragments are the pieces.
pub fn predictions(text: &str, quotes: &[news_core::Quote]) -> Vec<EvalQuote> {
    let ci = CharIndex::new(text);
    let mut out: Vec<EvalQuote> = Vec::new();
    let mut by_cue: HashMap<(usize, usize), usize> = HashMap::new();
    for q in quotes {
        let (s, e) = (ci.char_of(q.span.start), ci.char_of(q.span.end));
        if let Some(cue) = &q.cue {
            if let Some(&i) = by_cue.get(&(cue.start, cue.end)) {
                let p: &mut EvalQuote = &mut out[i];
                if p.fragments.is_empty() {
                    p.fragments.push((p.start, p.end));
                }
                p.fragments.push((s, e));
                p.start = p.start.min(s);
                p.end = p.end.max(e);
                continue;
            }
            by_cue.insert((cue.start, cue.end), out.len());
        }
        let mut p = EvalQuote { start: s, end: e, ..EvalQuote::default() };
        if let Some(sp) = &q.speaker {
            p.speaker = Some(sp.span.text.clone());
            p.speaker_start = Some(ci.char_of(sp.span.start));
            p.speaker_end = Some(ci.char_of(sp.span.end));
            p.speaker_canonical = Some(sp.name.clone());
        }
        if let Some(cue) = &q.cue {
            p.cue = Some(cue.text.clone());
            p.cue_start = Some(ci.char_of(cue.start));
            p.cue_end = Some(ci.char_of(cue.end));
        }
        p.kind = Some(
            match q.kind {
                news_core::QuoteKind::Direct => "direct",
                news_core::QuoteKind::Indirect => "indirect",
                news_core::QuoteKind::Mixed => "mixed",
            }
            .to_string(),
        );
        out.push(p);
    }
    out
}

/// A prediction as the JSON object `quotes_eval.py` reads.
pub fn prediction_json(p: &EvalQuote) -> Value {
    let mut m = serde_json::Map::new();
    m.insert("start".into(), p.start.into());
    m.insert("end".into(), p.end.into());
    if !p.fragments.is_empty() {
        m.insert("fragments".into(), p.fragments.iter().map(|&(a, b)| Value::from(vec![a, b])).collect());
    }
    m.insert("speaker".into(), p.speaker.clone().map_or(Value::Null, Value::from));
    for (k, v) in [("speaker_start", p.speaker_start), ("speaker_end", p.speaker_end)] {
        if let Some(v) = v {
            m.insert(k.into(), v.into());
        }
    }
    if let Some(c) = &p.speaker_canonical {
        m.insert("speaker_canonical".into(), c.clone().into());
    }
    if let Some(c) = &p.cue {
        m.insert("cue".into(), c.clone().into());
    }
    for (k, v) in [("cue_start", p.cue_start), ("cue_end", p.cue_end)] {
        if let Some(v) = v {
            m.insert(k.into(), v.into());
        }
    }
    if let Some(k) = &p.kind {
        m.insert("kind".into(), k.clone().into());
    }
    Value::Object(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn norm_bounds_trims_that_and_marks() {
        let d = Doc::new("He said that “we win.”");
        let (s, e) = d.norm_bounds(8, 22);
        assert_eq!(d.chars[s..e].iter().collect::<String>(), "we win");
    }

    #[test]
    fn names_match_subsets() {
        assert!(names_match("Neill", "Alexander Neill, a defense analyst"));
        assert!(!names_match("he", "he said"));
        assert!(names_match("Putin’s", "putin"));
    }

    #[test]
    fn perfect_prediction_scores_one() {
        let text = "“We win,” Smith said.";
        let gold = GoldDoc {
            id: "x".into(),
            text: text.into(),
            quotes: vec![EvalQuote { start: 0, end: 9, speaker: Some("Smith".into()), ..Default::default() }],
        };
        let preds = HashMap::from([(
            "x".to_string(),
            vec![EvalQuote { start: 0, end: 9, speaker: Some("Smith".into()), ..Default::default() }],
        )]);
        let s = evaluate(&[gold], &preds, &Options { threshold: 0.5, ..Default::default() });
        assert_eq!(s.end_to_end.f1, 1.0);
        assert_eq!(s.span_exact.f1, 1.0);
    }
}
