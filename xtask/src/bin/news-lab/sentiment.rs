//! `news-lab eval|train|bench sentiment`: the sentiment scorer on the dev sets (Pearson r for rated
//! sets, macro-F1 for targeted sets, as `shared/eval/tools/sentiment_eval.py` defines them), the
//! training of the news models on NewsMTSC train, and the sentences/s benchmark.
//!
//! Targeted rows are scored end to end: the target is the entity (of the entities tagger, when
//! its model is available) whose mention overlaps the given target span, with all its mentions;
//! without the tagger (or when no entity overlaps), the given span is the target's only mention.
//! The mode of each figure is printed. Labels come from the scorer's `entity_sentiment` (what the
//! plugin emits), with the row's `title` (PerSenT) as the article's title. With `SENT_DUMP=1`,
//! each targeted row's per-mention class probabilities go to stderr as JSON (for studying
//! aggregations).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::hint::black_box;
use std::ops::Range;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use clap::{Args, ValueEnum};
use news_core::{Analyzer, Article, Document, Entity};
use news_sentiment_scorer::data::{Row, is_rated, parse_jsonl};
use news_sentiment_scorer::metrics::{CLASSES, classification, pearson, score_to_class};
use news_sentiment_scorer::model::Models;
use news_sentiment_scorer::train::{self, Params, ToneParams};
use news_sentiment_scorer::vader::Vader;
use news_sentiment_scorer::{Mode, Scorer, Work};

use crate::workspace_root as root;

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ModeArg {
    /// The news models (the plugin).
    News,
    /// Faithful VADER.
    Vader,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TargetsArg {
    /// The entities tagger when its model loads, else the given span.
    Auto,
    /// Always the given target span as the single mention.
    Span,
}

#[derive(Args)]
pub struct EvalArgs {
    /// A JSONL dev set (rated `vader_*` or targeted `newsmtsc_*` / `persent_*`).
    #[arg(long)]
    data: PathBuf,
    /// Write predictions `{"id","score","polarity"?}` here (for `sentiment_eval.py`).
    #[arg(long)]
    out: Option<PathBuf>,
    #[arg(long, value_enum, default_value = "news")]
    mode: ModeArg,
    /// How targets become entities.
    #[arg(long, value_enum, default_value = "auto")]
    targets: TargetsArg,
    /// Use this model file instead of the shipped one.
    #[arg(long)]
    model: Option<PathBuf>,
}

#[derive(Args)]
pub struct TrainArgs {
    /// NewsMTSC train (JSONL).
    #[arg(long)]
    data: PathBuf,
    /// Where to write the model.
    #[arg(long, default_value = "plugins/sentiment/model/sentiment.model")]
    out: PathBuf,
    /// Also report k-fold cross-validation figures (0: none).
    #[arg(long, default_value_t = 5)]
    cv: u64,
    #[arg(long)]
    epochs: Option<usize>,
    #[arg(long)]
    l2: Option<f64>,
    #[arg(long)]
    rate: Option<f64>,
    #[arg(long)]
    min_count: Option<u32>,
    /// Human-rated sets (JSONL) the tone regression is fitted on (default: `vader_tweets`,
    /// `vader_amazon` and `vader_movie` next to `--data`; all MIT).
    #[arg(long, num_args = 1..)]
    rated: Vec<PathBuf>,
    /// Also print the Pearson r on this rated dev set of a few tone variants (a report only:
    /// variants are chosen by cross-validation on the training data, `SENT_TONE_CV=1`).
    #[arg(long)]
    tone_dev: Option<PathBuf>,
}

fn read_rows(p: &PathBuf) -> Result<Vec<Row>> {
    let text = std::fs::read_to_string(p).with_context(|| format!("read {}", p.display()))?;
    parse_jsonl(&text).map_err(anyhow::Error::msg)
}

fn scorer(mode: ModeArg, model: Option<&PathBuf>) -> Result<Scorer> {
    let mode = match mode {
        ModeArg::News => Mode::News,
        ModeArg::Vader => Mode::Vader,
    };
    Ok(match model {
        Some(p) => {
            let text = std::fs::read_to_string(p).with_context(|| format!("read {}", p.display()))?;
            Scorer::with_models(Models::from_text(&text).map_err(anyhow::Error::msg)?, mode)
        }
        None => Scorer::new(mode)?,
    })
}

/// The entities tagger, when its model is there and loads.
fn tagger() -> Option<news_entities_tagger::Entities> {
    let config = serde_json::from_value(serde_json::json!({})).ok()?;
    let e = news_entities_tagger::Entities::create(config).ok()?;
    // A model that loads but fails on text counts as absent.
    e.analyze(&Document::new(Article::from_text("Vladimir Putin visited Beijing."))).ok()?;
    Some(e)
}

pub fn eval(args: EvalArgs) -> Result<()> {
    let text =
        std::fs::read_to_string(&args.data).with_context(|| format!("read {}", args.data.display()))?;
    let rows = parse_jsonl(&text).map_err(anyhow::Error::msg)?;
    if rows.is_empty() {
        bail!("{}: no rows", args.data.display());
    }
    let scorer = scorer(args.mode, args.model.as_ref())?;
    let name = args.data.file_name().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let start = Instant::now();
    let mut out = String::new();
    if is_rated(&rows) {
        let (mut pred, mut gold) = (Vec::new(), Vec::new());
        let mut work = Work::default();
        for r in &rows {
            let s = match args.mode {
                ModeArg::Vader => scorer.vader.polarity_scores(&r.text).compound,
                ModeArg::News => {
                    scorer.prepare(&r.text, &mut work);
                    scorer.text_score(&r.text, &mut work)
                }
            };
            pred.push(s);
            gold.push(r.score.unwrap_or(0.0));
            let _ = writeln!(out, "{}", serde_json::json!({"id": r.id, "score": s}));
        }
        let r = pearson(&pred, &gold);
        let gc: Vec<usize> = gold.iter().map(|&g| score_to_class(g, 0.5)).collect();
        let pc: Vec<usize> = pred.iter().map(|&p| score_to_class(p, 0.05)).collect();
        let c = classification(&gc, &pc);
        println!("sentiment {name} ({} rows, rated, mode {}):", rows.len(), mode_name(args.mode));
        println!(
            "  pearson_r={r:.4}  macro_f1={:.4} (pred thr 0.05, gold thr 0.5)  accuracy={:.4}",
            c.macro_f1, c.accuracy
        );
    } else {
        let tagger = match (args.targets, args.mode) {
            (TargetsArg::Auto, _) => tagger(),
            (TargetsArg::Span, _) => None,
        };
        let mut by_text: BTreeMap<&str, Vec<&Row>> = BTreeMap::new();
        for r in &rows {
            by_text.entry(r.text.as_str()).or_default().push(r);
        }
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        let mut preds: BTreeMap<&str, (f64, usize)> = BTreeMap::new();
        let mut work = Work::default();
        for (text, rs) in by_text {
            scorer.prepare(text, &mut work);
            let entities: Vec<Entity> = match &tagger {
                Some(t) => t.analyze(&Document::new(Article::from_text(text))).unwrap_or_default(),
                None => Vec::new(),
            };
            for r in rs {
                let (how, mentions): (&str, Vec<Range<usize>>) = match r.target {
                    None => ("no target span: document tone", Vec::new()),
                    Some((a, b)) => {
                        let hit =
                            entities.iter().find(|e| e.mentions.iter().any(|m| m.start < b && a < m.end));
                        match (hit, tagger.is_some()) {
                            (Some(e), _) => {
                                ("entities tagger", e.mentions.iter().map(|m| m.start..m.end).collect())
                            }
                            (None, true) => {
                                ("tagger found no entity there: given span", std::iter::once(a..b).collect())
                            }
                            (None, false) if r.sentence_id.is_none() && work.prep.sentences.len() > 1 => {
                                ("name and last-name occurrences (no tagger)", name_mentions(text, r, a..b))
                            }
                            (None, false) => ("given span (no tagger)", std::iter::once(a..b).collect()),
                        }
                    }
                };
                *counts.entry(how).or_default() += 1;
                let mut title =
                    r.title.as_deref().filter(|t| !t.trim().is_empty()).map(|t| scorer.prepare_title(t));
                let (score, class) = scorer.entity_sentiment(text, &mut work, &mentions, title.as_mut());
                if std::env::var_os("SENT_DUMP").is_some() {
                    // (sentence index, class probabilities, sentence tone, pronoun mention,
                    // the entity is the source of the sentence) per mention, the entity's
                    // pronoun mentions after its named ones.
                    work.prep.ensure_hashes(text);
                    let mut all = mentions.clone();
                    work.prep.pronoun_mentions(&mentions, &mut all);
                    let per: Vec<_> = all
                        .iter()
                        .enumerate()
                        .filter_map(|(k, m)| {
                            let si = work.prep.sentence_of(m.start)?;
                            let p = scorer.target_probs(text, &mut work, std::slice::from_ref(m))?;
                            let source = work.prep.target_is_source(si, m.clone());
                            Some((si, p, scorer.sentence_score(&mut work, si), k >= mentions.len(), source))
                        })
                        .collect();
                    let doc = scorer.text_score(text, &mut work);
                    let tp = title.as_mut().and_then(|t| {
                        let tm = news_sentiment_scorer::title_mentions(&t.text, text, &mentions);
                        scorer.target_probs(&t.text, &mut t.work, &tm)
                    });
                    eprintln!("{}", serde_json::json!({"id": r.id, "m": per, "doc": doc, "title": tp}));
                }
                preds.insert(r.id.as_str(), (score, class));
            }
        }
        let (mut gold, mut pred) = (Vec::new(), Vec::new());
        for r in &rows {
            let (s, c) = preds.get(r.id.as_str()).copied().unwrap_or((0.0, 1));
            gold.push(r.polarity.unwrap_or(1));
            pred.push(c);
            let _ = writeln!(out, "{}", serde_json::json!({"id": r.id, "score": s, "polarity": CLASSES[c]}));
        }
        let c = classification(&gold, &pred);
        println!("sentiment {name} ({} targets, targeted, mode {}):", rows.len(), mode_name(args.mode));
        for (how, n) in &counts {
            println!("  targets via {how}: {n}");
        }
        println!("  macro_f1={:.4}  accuracy={:.4}  f1_pn={:.4}", c.macro_f1, c.accuracy, c.f1_pn);
        for (g, row) in c.confusion.iter().enumerate() {
            println!(
                "  {:9} {:6} {:6} {:6}   F1={:.3}",
                CLASSES[g], row[0], row[1], row[2], c.per_class[g].2
            );
        }
    }
    println!("  ({:.2} s)", start.elapsed().as_secs_f64());
    if let Some(p) = &args.out {
        std::fs::write(p, out).with_context(|| format!("write {}", p.display()))?;
        println!("  predictions: {}", p.display());
    }
    Ok(())
}

/// Every occurrence (at word boundaries) of the target's name and of its last word (a person's
/// last name), starting with the given span.
fn name_mentions(text: &str, r: &Row, span: Range<usize>) -> Vec<Range<usize>> {
    let mut out = vec![span];
    let Some(name) = r.target_name.as_deref() else { return out };
    let last = name.split_whitespace().last().unwrap_or(name);
    for needle in [name, last] {
        if needle.len() < 3 {
            continue;
        }
        for (i, _) in text.match_indices(needle) {
            let e = i + needle.len();
            let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
            if word(text[..i].chars().next_back()) || word(text[e..].chars().next()) {
                continue;
            }
            if !out.iter().any(|m| m.start < e && i < m.end) {
                out.push(i..e);
            }
        }
    }
    out
}

fn mode_name(m: ModeArg) -> &'static str {
    match m {
        ModeArg::News => "news",
        ModeArg::Vader => "vader",
    }
}

pub fn train(args: TrainArgs) -> Result<()> {
    let text =
        std::fs::read_to_string(&args.data).with_context(|| format!("read {}", args.data.display()))?;
    let rows = parse_jsonl(&text).map_err(anyhow::Error::msg)?;
    let mut tp = Params::default();
    if let Some(e) = args.epochs {
        tp.epochs = e;
    }
    if let Some(l) = args.l2 {
        tp.l2 = l;
    }
    if let Some(r) = args.rate {
        tp.rate = r;
    }
    if let Some(m) = args.min_count {
        tp.min_count = m;
    }
    let start = Instant::now();
    let rated_paths: Vec<PathBuf> = if args.rated.is_empty() {
        let dir = args.data.parent().map(PathBuf::from).unwrap_or_default();
        ["vader_tweets", "vader_amazon", "vader_movie"]
            .iter()
            .map(|n| dir.join(format!("{n}.jsonl")))
            .collect()
    } else {
        args.rated.clone()
    };
    let rated = rated_paths.iter().map(read_rows).collect::<Result<Vec<_>>>()?;
    let tone = train::fit_tone(&rows, &rated, ToneParams::default());
    println!(
        "sentiment train: tone: {} word and {} prefix weights, scale {}, dense (polarity, intensity) {:?}",
        tone.words.len(),
        tone.prefixes.len(),
        tone.scale,
        tone.dense.map(|w| w.map(|x| (x * 1e3).round() / 1e3))
    );
    if std::env::var_os("SENT_TONE_CV").is_some() {
        tone_cv(&rows, &rated);
    }
    if let Some(dev) = &args.tone_dev {
        let dev_rows = read_rows(dev)?;
        let gold: Vec<f64> = dev_rows.iter().map(|r| r.score.unwrap_or(0.0)).collect();
        // Pearson r of the tone score (mean over the snippet's sentences, as `eval`) and of the
        // polarity model alone.
        let r_of = |t: &news_sentiment_scorer::tone::Tone| {
            let scorer = Scorer::with_models(Models { tone: t.clone(), ..Models::default() }, Mode::News);
            let mut work = Work::default();
            let (mut pred, mut pol) = (Vec::new(), Vec::new());
            for r in &dev_rows {
                scorer.prepare(&r.text, &mut work);
                pred.push(scorer.text_score(&r.text, &mut work));
                let n = work.prep.vader.len().max(1) as f64;
                pol.push(work.prep.vader.iter().map(|v| t.parts(&v.tone).0).sum::<f64>() / n);
            }
            (pearson(&pred, &gold), pearson(&pol, &gold))
        };
        let d = ToneParams::default();
        let variants = [
            d,
            ToneParams { prefixes: false, ..d },
            ToneParams { news_weight: 0.0, ..d },
            ToneParams { news_weight: 1.0, ..d },
            ToneParams { news_weight: 4.0, ..d },
            ToneParams { l2: 10.0, l2_intensity: 10.0, ..d },
            ToneParams { l2: 50.0, l2_intensity: 50.0, ..d },
            ToneParams { min_count: 2, ..d },
            ToneParams { prune: 0.0, ..d },
            ToneParams { prune: 0.02, ..d },
        ];
        for (k, v) in variants.into_iter().enumerate() {
            let t = if k == 0 { tone.clone() } else { train::fit_tone(&rows, &rated, v) };
            let (r, rp) = r_of(&t);
            println!(
                "  tone variant {v:?}: {} words, {} prefixes, dev r={r:.4} (polarity model alone {rp:.4})",
                t.words.len(),
                t.prefixes.len()
            );
        }
    }
    let (t, _) = train::examples(&rows);
    println!("sentiment train: {} targets from {}", t.len(), args.data.display());
    if let Some(path) = std::env::var_os("SENT_OOF") {
        // Out-of-fold class probabilities per target (5 folds by sentence), for studying
        // aggregations and thresholds on training data.
        let mut body = String::new();
        for (e, p) in t.iter().zip(train::out_of_fold(&t, 5, tp)) {
            writeln!(body, "{}", serde_json::json!({"id": e.id, "gold": e.label, "p": p}))?;
        }
        std::fs::write(&path, body)
            .with_context(|| format!("write {}", std::path::Path::new(&path).display()))?;
    }
    if args.cv > 1 {
        let (f1, acc) = train::cross_validate(&t, args.cv, tp);
        println!(
            "  target model {}-fold CV (grouped by sentence): macro_f1={f1:.4} accuracy={acc:.4}",
            args.cv
        );
    }
    let models =
        Models { target: train::fit(&t.iter().collect::<Vec<_>>(), tp), sentence: Default::default(), tone };
    let out = if args.out.is_absolute() { args.out.clone() } else { root().join(&args.out) };
    let body = models.to_text();
    std::fs::write(&out, &body).with_context(|| format!("write {}", out.display()))?;
    println!(
        "  wrote {} ({} target weights, {} KB) in {:.1} s",
        out.display(),
        models.target.weights.len(),
        body.len() / 1024,
        start.elapsed().as_secs_f64()
    );
    Ok(())
}

/// 5-fold cross-validation of tone variants on the training data (NewsMTSC sentences by sentence,
/// rated rows by position): Pearson r of the held-out scores per set (tweets, Amazon, movie as
/// given to `--rated`, then the NewsMTSC sentences' mean target polarity) and their mean.
fn tone_cv(rows: &[Row], rated: &[Vec<Row>]) {
    let k = 5u64;
    let group =
        |r: &Row| news_sentiment_scorer::hash::fnv(&[r.sentence_id.as_deref().unwrap_or(&r.text).as_bytes()]);
    let d = ToneParams::default();
    let variants = [
        d,
        ToneParams { prune: 0.0, ..d },
        ToneParams { prune: 0.02, ..d },
        ToneParams { min_count: 2, ..d },
        ToneParams { min_count: 5, ..d },
        ToneParams { news_scale: 0.35, ..d },
    ];
    for v in variants {
        // Per set: (pred, gold) over all folds.
        let mut per: Vec<(Vec<f64>, Vec<f64>)> = vec![(Vec::new(), Vec::new()); rated.len() + 1];
        for fold in 0..k {
            let tr_rows: Vec<Row> = rows.iter().filter(|r| group(r) % k != fold).cloned().collect();
            let te_rows: Vec<Row> = rows.iter().filter(|r| group(r) % k == fold).cloned().collect();
            let tr_rated: Vec<Vec<Row>> = rated
                .iter()
                .map(|s| {
                    s.iter()
                        .enumerate()
                        .filter(|(i, _)| *i as u64 % k != fold)
                        .map(|(_, r)| r.clone())
                        .collect()
                })
                .collect();
            let t = train::fit_tone(&tr_rows, &tr_rated, v);
            let scorer = Scorer::with_models(Models { tone: t, ..Models::default() }, Mode::News);
            let mut work = Work::default();
            let mut score = |text: &str| {
                scorer.prepare(text, &mut work);
                scorer.text_score(text, &mut work)
            };
            for (si, set) in rated.iter().enumerate() {
                for (i, r) in set.iter().enumerate() {
                    if let (true, Some(y)) = (i as u64 % k == fold, r.score) {
                        per[si].0.push(score(&r.text));
                        per[si].1.push(y);
                    }
                }
            }
            for (text, _, y) in train::lexicon_sentences(&te_rows) {
                per[rated.len()].0.push(score(&text));
                per[rated.len()].1.push(y);
            }
        }
        let rs: Vec<f64> = per.iter().map(|(p, g)| pearson(p, g)).collect();
        let mean = rs.iter().sum::<f64>() / rs.len().max(1) as f64;
        println!(
            "  tone CV {v:?}: r per set {:?}, mean {mean:.4}",
            rs.iter().map(|r| (r * 1e4).round() / 1e4).collect::<Vec<_>>()
        );
    }
}

/// Sentences per second on one core (one thread, release build), over the NYT dev sentences of
/// the committed CI slice (`plugins/sentiment/tests/data/vader_nyt_dev.jsonl`, 1,684 snippets of
/// one or two sentences): faithful VADER per snippet, and the plugin's news path per snippet
/// (tokenize, split, VADER rules, tone word weights, tone model); then the seed article as one document
/// (sentences and document tone). Rates are snippets (and news-core tokens) per wall-clock second,
/// each measured over ≥ 2 s after a warm-up pass, in on-CPU time of the thread
/// (`/proc/thread-self/schedstat`, so that other processes on a shared machine do not count;
/// wall-clock time where it is not available).
pub fn bench() -> Result<()> {
    let slice = root().join("plugins/sentiment/tests/data/vader_nyt_dev.jsonl");
    let text = std::fs::read_to_string(&slice).with_context(|| format!("read {}", slice.display()))?;
    let rows = parse_jsonl(&text).map_err(anyhow::Error::msg)?;
    let sents: Vec<&str> = rows.iter().map(|r| r.text.as_str()).collect();
    let scorer = Scorer::new(Mode::News)?;
    let mut work = Work::default();
    let mut n_tokens = 0usize;
    let mut n_sentences = 0usize;
    for s in &sents {
        scorer.prepare(s, &mut work);
        n_tokens += work.prep.tokens.len();
        n_sentences += work.prep.sentences.len();
    }
    let vader = Vader::shipped();
    let mut vs = news_sentiment_scorer::vader::Scratch::default();
    let budget = Duration::from_secs(2);
    // Rounds per second of `f`.
    let rate = |f: &mut dyn FnMut()| {
        f();
        let (t, c) = (Instant::now(), thread_cpu());
        let mut rounds = 0u64;
        while t.elapsed() < budget {
            f();
            rounds += 1;
        }
        let secs = match (c, thread_cpu()) {
            (Some(a), Some(b)) if b > a => (b - a).as_secs_f64(),
            _ => t.elapsed().as_secs_f64(),
        };
        rounds as f64 / secs
    };
    let v = rate(&mut || {
        for s in &sents {
            black_box(vader.polarity_scores_with(black_box(s), &mut vs));
        }
    });
    let news = rate(&mut || {
        for s in &sents {
            scorer.prepare(black_box(s), &mut work);
            black_box(scorer.text_score(s, &mut work));
        }
    });
    let n = sents.len() as f64;
    println!(
        "sentiment, NYT dev slice ({} snippets, {n_sentences} sentences, {n_tokens} tokens), one core:",
        sents.len()
    );
    println!(
        "  VADER (faithful)           {:>10.0} snippets/s  {:>11.0} tokens/s",
        v * n,
        v * n_tokens as f64
    );
    println!(
        "  news scoring (plugin path) {:>10.0} snippets/s  {:>11.0} tokens/s  (tokenize + split + VADER rules + news tone)",
        news * n,
        news * n_tokens as f64
    );
    if let Ok(seed) = std::fs::read_to_string(root().join("tests/fixtures/seed.txt")) {
        scorer.prepare(&seed, &mut work);
        let (ns, nt) = (work.prep.sentences.len() as f64, work.prep.tokens.len() as f64);
        let whole = rate(&mut || {
            scorer.prepare(black_box(&seed), &mut work);
            for si in 0..work.prep.sentences.len() {
                black_box(scorer.sentence_score(&mut work, si));
            }
            black_box(scorer.text_score(&seed, &mut work));
        });
        println!(
            "  seed article ({ns} sentences, {nt} tokens): {:>10.0} sentences/s  {:>11.0} tokens/s",
            whole * ns,
            whole * nt
        );
    }
    Ok(())
}

/// On-CPU time of the calling thread (Linux `schedstat`), `None` elsewhere.
fn thread_cpu() -> Option<Duration> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    Some(Duration::from_nanos(s.split_whitespace().next()?.parse().ok()?))
}
