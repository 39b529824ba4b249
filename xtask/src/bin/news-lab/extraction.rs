//! `news-lab eval extraction` and the extraction part of `news-lab bench`: the HTML extractor on
//! the dev sets (a directory holding `html/<id>.html.gz` and `truth.jsonl`).
//!
//! The metrics are those of `shared/eval/tools/extraction_eval.py` (4-word shingles over `\w+`
//! tokens, per-page precision/recall averaged over pages, F1 of the averages; and WCXB's
//! lower-cased bag of words) and `extraction_meta_eval.py` (title exact after normalisation, date
//! day accuracy and false-date rate, author name-set exact). `--out` writes predictions in the
//! scorers' format so the two can be compared.

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;
use std::hint::black_box;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use clap::Args;
use news_fetch::extract::{Extracted, extract};
use serde_json::{Value, json};
use unicode_normalization::UnicodeNormalization as _;
use unicode_normalization::char::is_combining_mark;

#[derive(Args)]
pub struct EvalArgs {
    /// The dev set: a directory with `html/<id>.html.gz` and `truth.jsonl`.
    #[arg(long)]
    pub data: PathBuf,
    /// Write predictions (`{"id","text","title","authors","date"}` JSONL) for the Python scorers.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Print the N pages with the lowest text F1, with the extractor's diagnostics.
    #[arg(long, default_value_t = 0)]
    pub worst: usize,
    /// Print the metadata mistakes (title, date, author) page by page.
    #[arg(long)]
    pub meta_errors: bool,
    /// Exit with an error when the shingle text F1 is below this value.
    #[arg(long)]
    pub gate: Option<f64>,
}

/// One dev-set page.
pub struct Page {
    pub id: String,
    pub url: Option<String>,
    pub html: String,
    pub truth: Value,
}

fn read_gz(path: &Path) -> Result<String> {
    let file = std::fs::File::open(path).with_context(|| format!("open {}", path.display()))?;
    let mut bytes = Vec::new();
    flate2::read::GzDecoder::new(file)
        .read_to_end(&mut bytes)
        .with_context(|| format!("gunzip {}", path.display()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Loads a dev set (pages in truth order).
pub fn load(dir: &Path) -> Result<Vec<Page>> {
    let truth = std::fs::read_to_string(dir.join("truth.jsonl"))
        .with_context(|| format!("read {}", dir.join("truth.jsonl").display()))?;
    let mut pages = Vec::new();
    for line in truth.lines().filter(|l| !l.trim().is_empty()) {
        let truth: Value = serde_json::from_str(line).context("truth.jsonl line")?;
        let id = match &truth["id"] {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        let html = read_gz(&dir.join("html").join(format!("{id}.html.gz")))?;
        let url = truth["url"].as_str().map(str::to_owned);
        pages.push(Page { id, url, html, truth });
    }
    if pages.is_empty() {
        bail!("no pages in {}", dir.display());
    }
    Ok(pages)
}

// ---- the metrics (extraction_eval.py) ----

/// Python's `\w` for `str`: letters, digits/numerics and `_`, not combining marks.
fn is_word(c: char) -> bool {
    if c == '_' {
        return true;
    }
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    // Rust's Alphabetic includes Other_Alphabetic (mostly combining marks, and circled letters),
    // which Python's isalnum() does not.
    c.is_alphanumeric()
        && !is_combining_mark(c)
        && !matches!(c, '\u{24B6}'..='\u{24E9}' | '\u{1F130}'..='\u{1F149}' | '\u{1F150}'..='\u{1F169}' | '\u{1F170}'..='\u{1F189}')
}

pub fn tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (is_word(c), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(&text[s..i]);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(&text[s..]);
    }
    out
}

fn shingles<'a>(toks: &[&'a str]) -> HashMap<Vec<&'a str>, u32> {
    let mut m = HashMap::new();
    if toks.is_empty() {
        return m;
    }
    if toks.len() < 4 {
        m.insert(toks.to_vec(), 1);
        return m;
    }
    for w in toks.windows(4) {
        *m.entry(w.to_vec()).or_insert(0) += 1;
    }
    m
}

/// (tp, fp, fn) of one page.
pub fn shingle_counts(truth: &str, pred: &str) -> (u64, u64, u64) {
    let (tt, pt) = (tokens(truth), tokens(pred));
    let (t, p) = (shingles(&tt), shingles(&pt));
    let tp: u64 = p.iter().map(|(k, &c)| u64::from(c.min(t.get(k).copied().unwrap_or(0)))).sum();
    let total_p: u64 = p.values().map(|&c| u64::from(c)).sum();
    let total_t: u64 = t.values().map(|&c| u64::from(c)).sum();
    (tp, total_p - tp, total_t - tp)
}

fn doc_p(tp: u64, fp: u64, fn_: u64) -> f64 {
    if fp == 0 && fn_ == 0 {
        1.0
    } else if tp + fp > 0 {
        tp as f64 / (tp + fp) as f64
    } else {
        0.0
    }
}

fn doc_r(tp: u64, fp: u64, fn_: u64) -> f64 {
    if fp == 0 && fn_ == 0 {
        1.0
    } else if tp + fn_ > 0 {
        tp as f64 / (tp + fn_) as f64
    } else {
        0.0
    }
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 }
}

fn doc_f1(tp: u64, fp: u64, fn_: u64) -> f64 {
    if tp + fp == 0 && tp + fn_ == 0 { 1.0 } else { f1(doc_p(tp, fp, fn_), doc_r(tp, fp, fn_)) }
}

fn mean(xs: &[f64]) -> f64 {
    if xs.is_empty() { 0.0 } else { xs.iter().sum::<f64>() / xs.len() as f64 }
}

/// Corpus (precision, recall, F1) of the shingle metric over per-page counts.
pub fn corpus_prf(counts: &[(u64, u64, u64)]) -> (f64, f64, f64) {
    let precs: Vec<f64> = counts.iter().filter(|c| c.0 + c.1 > 0).map(|&(a, b, c)| doc_p(a, b, c)).collect();
    let recs: Vec<f64> = counts.iter().filter(|c| c.0 + c.2 > 0).map(|&(a, b, c)| doc_r(a, b, c)).collect();
    let (p, r) = (mean(&precs), mean(&recs));
    (p, r, f1(p, r))
}

/// WCXB's bag-of-words (P, R, F1) of one page.
pub fn wordbag(truth: &str, pred: &str) -> (f64, f64, f64) {
    let bag = |s: &str| {
        let mut m: HashMap<String, u32> = HashMap::new();
        for t in tokens(s) {
            *m.entry(t.to_lowercase()).or_insert(0) += 1;
        }
        m
    };
    let (t, p) = (bag(truth), bag(pred));
    if t.is_empty() {
        return if p.is_empty() { (1.0, 1.0, 1.0) } else { (0.0, 0.0, 0.0) };
    }
    if p.is_empty() {
        return (0.0, 0.0, 0.0);
    }
    let ov: u32 = p.iter().map(|(k, &c)| c.min(t.get(k).copied().unwrap_or(0))).sum();
    let (np, nt): (u32, u32) = (p.values().sum(), t.values().sum());
    let (prec, rec) = (f64::from(ov) / f64::from(np), f64::from(ov) / f64::from(nt));
    (prec, rec, f1(prec, rec))
}

// ---- the metadata metrics (extraction_meta_eval.py) ----

/// NFKC, lower case, whitespace collapsed, surrounding punctuation stripped.
pub fn norm(s: &str) -> String {
    let lower: String = s.nfkc().collect::<String>().to_lowercase();
    let collapsed = lower.split_whitespace().collect::<Vec<_>>().join(" ");
    collapsed.trim_matches(|c: char| " \t\"'“”‘’.,:;|-–—".contains(c)).to_owned()
}

fn tok_f1(a: &str, b: &str) -> f64 {
    let bag = |s: &str| {
        let n = norm(s);
        let mut m: HashMap<String, u32> = HashMap::new();
        for t in tokens(&n) {
            *m.entry(t.to_owned()).or_insert(0) += 1;
        }
        m
    };
    let (ta, tb) = (bag(a), bag(b));
    if ta.is_empty() && tb.is_empty() {
        return 1.0;
    }
    if ta.is_empty() || tb.is_empty() {
        return 0.0;
    }
    let ov: u32 = tb.iter().map(|(k, &c)| c.min(ta.get(k).copied().unwrap_or(0))).sum();
    if ov == 0 {
        return 0.0;
    }
    let (p, r) = (
        f64::from(ov) / f64::from(tb.values().sum::<u32>()),
        f64::from(ov) / f64::from(ta.values().sum::<u32>()),
    );
    f1(p, r)
}

/// The first `YYYY-MM-DD` (or `YYYY/M/D`) in a string.
fn day_of(s: &str) -> Option<(u32, u32, u32)> {
    let b = s.as_bytes();
    for i in 0..b.len() {
        let num = |from: usize, max: usize| {
            let n = b[from..].iter().take(max).take_while(|c| c.is_ascii_digit()).count();
            (n > 0).then(|| (s[from..from + n].parse::<u32>().ok(), from + n))
        };
        if i + 4 > b.len() || !b[i..i + 4].iter().all(u8::is_ascii_digit) {
            continue;
        }
        let y = s[i..i + 4].parse().ok()?;
        let sep = *b.get(i + 4)?;
        if !matches!(sep, b'-' | b'/' | b'.') {
            continue;
        }
        let Some((Some(m), j)) = num(i + 5, 2) else { continue };
        if !matches!(b.get(j), Some(b'-' | b'/' | b'.')) {
            continue;
        }
        let Some((Some(d), _)) = num(j + 1, 2) else { continue };
        return Some((y, m, d));
    }
    None
}

/// Author name set as the meta scorer builds it (split on `, ; & and und et` and newlines).
fn names(s: &str) -> BTreeSet<String> {
    let mut parts = Vec::new();
    let mut cur = String::new();
    let mut word = String::new();
    let flush_word = |word: &mut String, cur: &mut String, parts: &mut Vec<String>| {
        if matches!(word.as_str(), "and" | "und" | "et") {
            parts.push(std::mem::take(cur));
        } else {
            cur.push_str(word);
        }
        word.clear();
    };
    for c in s.chars() {
        if is_word(c) {
            word.push(c);
            continue;
        }
        flush_word(&mut word, &mut cur, &mut parts);
        if matches!(c, ',' | ';' | '&' | '\n') {
            parts.push(std::mem::take(&mut cur));
        } else {
            cur.push(c);
        }
    }
    flush_word(&mut word, &mut cur, &mut parts);
    parts.push(cur);
    parts.iter().map(|p| norm(p)).filter(|p| !p.is_empty()).collect()
}

/// Per-page scores.
struct Scored {
    id: String,
    counts: (u64, u64, u64),
    wordbag: (f64, f64, f64),
    extracted: Extracted,
}

pub fn eval(args: EvalArgs) -> Result<()> {
    let pages = load(&args.data)?;
    let mut scored = Vec::with_capacity(pages.len());
    let mut out = String::new();
    let start = Instant::now();
    for page in &pages {
        let extracted = extract(&page.html, page.url.as_deref());
        let truth_text = page.truth["articleBody"].as_str().unwrap_or("");
        let a = &extracted.article;
        writeln!(
            out,
            "{}",
            json!({"id": page.id, "text": a.text, "title": a.title, "authors": a.authors, "date": a.published})
        )?;
        scored.push(Scored {
            id: page.id.clone(),
            counts: shingle_counts(truth_text, &a.text),
            wordbag: wordbag(truth_text, &a.text),
            extracted,
        });
    }
    let elapsed = start.elapsed();
    if let Some(path) = &args.out {
        std::fs::write(path, &out).with_context(|| format!("write {}", path.display()))?;
    }
    let counts: Vec<_> = scored.iter().map(|s| s.counts).collect();
    let (p, r, f) = corpus_prf(&counts);
    let doc_f1_mean = mean(&counts.iter().map(|&(a, b, c)| doc_f1(a, b, c)).collect::<Vec<_>>());
    let wb = |k: usize| {
        mean(&scored.iter().map(|s| [s.wordbag.0, s.wordbag.1, s.wordbag.2][k]).collect::<Vec<_>>())
    };
    println!(
        "extraction on {} ({} pages, {:.0} ms):",
        args.data.display(),
        pages.len(),
        elapsed.as_secs_f64() * 1e3
    );
    println!("  text (shingles)  P {p:.3}  R {r:.3}  F1 {f:.3}   (mean page F1 {doc_f1_mean:.3})");
    println!("  text (wordbag)   P {:.3}  R {:.3}  F1 {:.3}", wb(0), wb(1), wb(2));

    if pages.iter().any(|p| p.truth.get("headline").is_some()) {
        meta_report(&pages, &scored, args.meta_errors);
    }
    if args.worst > 0 {
        let mut order: Vec<usize> = (0..scored.len()).collect();
        order.sort_by(|&a, &b| {
            let (x, y) = (scored[a].counts, scored[b].counts);
            doc_f1(x.0, x.1, x.2).total_cmp(&doc_f1(y.0, y.1, y.2))
        });
        println!("worst pages:");
        for &i in order.iter().take(args.worst) {
            let s = &scored[i];
            let (tp, fp, fn_) = s.counts;
            let d = &s.extracted.diagnostics;
            println!(
                "  {:.3}  P {:.2} R {:.2}  {}  {}  [{}{}] score {:.0}, kept {}/{} blocks",
                doc_f1(tp, fp, fn_),
                doc_p(tp, fp, fn_),
                doc_r(tp, fp, fn_),
                s.id,
                pages[i].url.as_deref().unwrap_or(""),
                d.container,
                if d.fallback { ", fallback" } else { "" },
                d.container_score,
                d.blocks_kept,
                d.blocks_total,
            );
        }
    }
    if let Some(gate) = args.gate
        && f < gate
    {
        bail!("text F1 {f:.4} is below the gate {gate}");
    }
    Ok(())
}

fn meta_report(pages: &[Page], scored: &[Scored], show_errors: bool) {
    let (mut t_exact, mut t_f1, mut d_day, mut d_month, mut d_fp, mut a_exact, mut a_f1) =
        (vec![], vec![], vec![], vec![], vec![], vec![], vec![]);
    let ok = |b: bool| if b { 1.0 } else { 0.0 };
    for (page, s) in pages.iter().zip(scored) {
        let a = &s.extracted.article;
        let t = &page.truth;
        if let Some(h) = t["headline"].as_str().filter(|h| !h.is_empty()) {
            let pt = a.title.as_deref().unwrap_or("");
            let exact = norm(pt) == norm(h);
            t_exact.push(ok(exact));
            t_f1.push(tok_f1(h, pt));
            if show_errors && !exact {
                println!("  title  {}: {:?} != {:?}", page.id, pt, h);
            }
        }
        let pd = a.published.as_deref().and_then(day_of);
        match t["datePublished"].as_str().and_then(day_of) {
            Some(td) => {
                d_day.push(ok(pd == Some(td)));
                d_month.push(ok(pd.is_some_and(|p| (p.0, p.1) == (td.0, td.1))));
                if show_errors && pd != Some(td) {
                    println!("  date   {}: {:?} != {:?}", page.id, a.published, t["datePublished"]);
                }
            }
            None => {
                d_fp.push(ok(pd.is_some()));
                if show_errors && pd.is_some() {
                    println!("  date   {}: {:?} but none", page.id, a.published);
                }
            }
        }
        if let Some(au) = t["author"].as_str().filter(|x| !x.is_empty()) {
            let (tn, pn) = (names(au), names(&a.authors.join(", ")));
            a_exact.push(ok(tn == pn));
            let join = |s: &BTreeSet<String>| s.iter().cloned().collect::<Vec<_>>().join(" ");
            a_f1.push(tok_f1(&join(&tn), &join(&pn)));
            if show_errors && tn != pn {
                println!("  author {}: {:?} != {:?}", page.id, a.authors, au);
            }
        }
    }
    println!("  title  exact {:.3}  tokF1 {:.3}   (n {})", mean(&t_exact), mean(&t_f1), t_exact.len());
    println!(
        "  date   day {:.3}  month {:.3}  false-date rate {:.3}   (n {}, no-date n {})",
        mean(&d_day),
        mean(&d_month),
        mean(&d_fp),
        d_day.len(),
        d_fp.len()
    );
    println!("  author exact {:.3}  tokF1 {:.3}   (n {})", mean(&a_exact), mean(&a_f1), a_exact.len());
}

/// The dev sets kept in the repository (`tests/data/extraction*`).
pub fn dev_dirs() -> Vec<PathBuf> {
    let root = crate::workspace_root();
    ["extraction", "extraction-wcxb"].iter().map(|d| root.join("tests/data").join(d)).collect()
}

/// Time this thread has spent on a CPU (Linux `schedstat`, as the entities bench reads it), to
/// measure throughput on a busy machine where wall-clock time also counts waiting for a core.
fn cpu_time() -> Option<Duration> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: u64 = s.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(ns))
}

/// The extraction benchmark: HTML in memory → Article over the dev pages, one core.
pub fn bench(dirs: &[PathBuf]) -> Result<()> {
    let mut pages = Vec::new();
    for dir in dirs {
        if dir.join("truth.jsonl").exists() {
            pages.extend(load(dir)?);
        }
    }
    if pages.is_empty() {
        println!("extraction: no dev pages found (looked in {dirs:?})");
        return Ok(());
    }
    let bytes: usize = pages.iter().map(|p| p.html.len()).sum();
    // Each measure: (wall-clock seconds per round, on-CPU seconds per round if known).
    let run = |f: &dyn Fn(&Page)| {
        for p in &pages {
            f(p);
        }
        let budget = Duration::from_secs(3);
        let (start, cpu_start) = (Instant::now(), cpu_time());
        let mut rounds = 0u32;
        while start.elapsed() < budget || rounds == 0 {
            for p in &pages {
                f(p);
            }
            rounds += 1;
        }
        let wall = start.elapsed().as_secs_f64() / f64::from(rounds);
        let cpu =
            cpu_start.zip(cpu_time()).map(|(a, b)| b.saturating_sub(a).as_secs_f64() / f64::from(rounds));
        (wall, cpu)
    };
    let (full, full_cpu) = run(&|p| {
        black_box(extract(black_box(&p.html), p.url.as_deref()));
    });
    let (parse, parse_cpu) = run(&|p| {
        black_box(news_fetch::extract::parse_only(black_box(&p.html)));
    });
    let n = pages.len() as f64;
    let mb = bytes as f64 / 1e6;
    let on_cpu = |secs: Option<f64>| {
        secs.filter(|&s| s > 0.0)
            .map_or(String::new(), |s| format!("; on-CPU {:.0} pages/s ({:.2} ms/page)", n / s, s * 1e3 / n))
    };
    println!(
        "extraction over {} dev pages ({:.1} MB of HTML, {:.0} KB/page), one core:",
        pages.len(),
        mb,
        mb * 1e3 / n
    );
    println!(
        "  HTML -> Article  {:>8.0} pages/s  {:>6.1} MB/s  ({:.2} ms/page{})",
        n / full,
        mb / full,
        full * 1e3 / n,
        on_cpu(full_cpu)
    );
    // The parse share in on-CPU time when known (wall-clock time also counts waiting for a core).
    let share = match (parse_cpu, full_cpu) {
        (Some(p), Some(f)) if f > 0.0 => p / f,
        _ => parse / full,
    };
    println!(
        "  of which parsing {:>8.0} pages/s  {:>6.1} MB/s  ({:.0}% of the time; tokenizer + tree builder{})",
        n / parse,
        mb / parse,
        100.0 * share,
        on_cpu(parse_cpu)
    );
    Ok(())
}
