//! `news-lab eval entities`, `news-lab train entities` and the entities part of `news-lab bench`.
//!
//! - eval: tags a CoNLL file on its own tokenization (sentences as given, documents split at
//!   `-DOCSTART-`), prints exact-span P/R/F1 overall and per type (conlleval semantics, as
//!   `ner_eval.py`), and with `--out` writes the predictions in `ner_eval.py`'s JSONL format.
//! - train: trains the two-pass tagger from CoNLL files and writes the model file.
//! - bench: tokens per second of tokenizing + tagging on one core, and the model load time.

use std::hint::black_box;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use clap::Args;
use news_entities_tagger::conll::{self, ConllDoc, Score};
use news_entities_tagger::model::{ModelData, WebFold};
use news_entities_tagger::tagger::{Fold, Scratch, Tagger};
use news_entities_tagger::tags::{self, TYPES, TokSpan};
use news_entities_tagger::train::{Options, TrainDoc};
use news_entities_tagger::{Entities, classes, gazetteer::Gazetteer};

use crate::workspace_root as root;

fn default_model() -> PathBuf {
    root().join("plugins/entities/model/entities.model")
}

#[derive(Args)]
pub struct EvalArgs {
    /// CoNLL file to score (token ... tag; IOB2/IOB1/BILOU).
    #[arg(long)]
    data: PathBuf,
    /// Model file (default: the shipped plugins/entities/model/entities.model).
    #[arg(long)]
    model: Option<PathBuf>,
    /// Write predictions here in ner_eval.py's JSONL format.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Score only these types (both sides), e.g. PER,ORG,LOC.
    #[arg(long, value_delimiter = ',')]
    types: Option<Vec<String>>,
    /// Score the first pass alone (local features only).
    #[arg(long)]
    first_pass: bool,
    /// Weight fold of a model with a web fold: auto (per document, the shipped behaviour),
    /// news or web.
    #[arg(long, default_value = "auto")]
    fold: String,
    /// Override the model's domain-classifier threshold (probability of web text).
    #[arg(long)]
    web_threshold: Option<f32>,
    /// Print each document's probability of web text.
    #[arg(long)]
    show_domain: bool,
}

#[derive(Args)]
pub struct TrainArgs {
    /// Training data: directories (their train.conll, or every *.conll but dev/test) or files.
    #[arg(long, num_args = 1.., required = true)]
    data: Vec<PathBuf>,
    /// Where to write the model (default: plugins/entities/model/entities.model).
    #[arg(long)]
    out: Option<PathBuf>,
    #[arg(long, default_value_t = Options::default().epochs)]
    epochs: usize,
    #[arg(long, default_value_t = Options::default().folds)]
    folds: usize,
    #[arg(long, default_value_t = Options::default().seed)]
    seed: u64,
    #[arg(long, default_value_t = Options::default().min_count)]
    min_count: u32,
    /// Number of word classes induced from the training text (0: none).
    #[arg(long, default_value_t = classes::DEFAULT_CLASSES)]
    classes: usize,
    /// Train the first pass only.
    #[arg(long)]
    one_pass: bool,
    /// No domain adaptation (by default each corpus gets its own feature copies, the corpus
    /// domain read from its directory name: CoNLL news, UNER web text, wikigold).
    #[arg(long)]
    no_adapt: bool,
    /// The domain folded into the written model (news, web, wiki).
    #[arg(long, default_value = "news")]
    target: String,
    /// Also write a model folded for the web domain (UNER-like text) here.
    #[arg(long)]
    web_out: Option<PathBuf>,
    /// No web-text fold in the written model (by default, with domain adaptation, the model
    /// also holds the web fold and a document classifier that picks the fold per document).
    #[arg(long)]
    no_web_fold: bool,
    /// Size of the perceptron updates on web-text (UNER) sentences (1: as the others).
    #[arg(long, default_value_t = Options::default().web_weight)]
    web_weight: f32,
    /// Report the jackknifed pass-1 F1 of the training data after every epoch (news and web
    /// documents apart), to choose --epochs by cross-validation.
    #[arg(long)]
    cv_epochs: bool,
    /// With --cv-epochs: stop after the cross-validation report (no model written).
    #[arg(long)]
    cv_only: bool,
    /// Train each perceptron over this many sentence orders and average the weights.
    #[arg(long, default_value_t = Options::default().shuffles)]
    shuffles: usize,
    /// Also train on lowercased copies of the web-text sentences (about half their mentions
    /// lowercased).
    #[arg(long)]
    lower_copies: bool,
    /// The classifier's probability of web text from which a document gets the web fold.
    #[arg(long, default_value_t = 0.5)]
    web_threshold: f32,
    /// Train and report the domain classifier only (cross-validation, and how it classes the
    /// documents of the --dev files); no model is trained. With --join NEWS WEB, writes --out
    /// from those two models (each a one-fold file of the same run: --out and --web-out of a
    /// --no-web-fold run) and the new classifier.
    #[arg(long)]
    domain_only: bool,
    /// See --domain-only.
    #[arg(long, num_args = 2)]
    join: Vec<PathBuf>,
    /// Score these CoNLL files with the new model after training.
    #[arg(long, num_args = 1..)]
    dev: Vec<PathBuf>,
}

fn read_conll(path: &Path) -> Result<Vec<ConllDoc>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    Ok(conll::read(&text))
}

fn training_files(data: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for d in data {
        if d.is_file() {
            files.push(d.clone());
        } else if d.join("train.conll").is_file() {
            files.push(d.join("train.conll"));
        } else if d.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(d)?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
                    name.ends_with(".conll") && !name.starts_with("dev") && !name.starts_with("test")
                })
                .collect();
            found.sort();
            if found.is_empty() {
                bail!("{}: no .conll training file", d.display());
            }
            files.extend(found);
        } else {
            bail!("{}: no such file or directory", d.display());
        }
    }
    Ok(files)
}

const DOMAINS: [&str; 4] = ["any", "news", "web", "wiki"];

fn domain_index(name: &str) -> Result<u8> {
    DOMAINS.iter().position(|d| *d == name).map(|i| i as u8).with_context(|| format!("unknown domain {name}"))
}

/// The domain of a training file, from its directory: CoNLL-2003 news, UNER web text, wikigold.
fn domain_of(path: &Path) -> u8 {
    let p = path.to_string_lossy().to_lowercase();
    if p.contains("uner") || p.contains("ewt") {
        2
    } else if p.contains("wiki") {
        3
    } else {
        1
    }
}

/// Time this thread has spent on a CPU (Linux `schedstat`), to measure throughput on a busy
/// machine where wall-clock time also counts waiting for a core.
fn cpu_time() -> Option<Duration> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: u64 = s.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(ns))
}

/// Tags every document of a CoNLL file; returns predicted spans per document per sentence.
fn predict(tagger: &Tagger, docs: &[ConllDoc], first_pass: bool) -> Vec<Vec<Vec<TokSpan>>> {
    let mut scratch = Scratch::default();
    let (mut tags_out, mut spans) = (Vec::new(), Vec::new());
    docs.iter()
        .map(|d| {
            let toks = d.token_strs();
            tagger.tag(&toks, &d.sentences, &mut scratch, &mut tags_out);
            let t: &[u8] = if first_pass { tagger.first_pass(&scratch) } else { &tags_out };
            d.sentences
                .iter()
                .map(|r| {
                    tags::spans_bilou(&t[r.clone()], &mut spans);
                    spans.clone()
                })
                .collect()
        })
        .collect()
}

fn score(docs: &[ConllDoc], pred: &[Vec<Vec<TokSpan>>], types: Option<&[String]>) -> Result<Score> {
    let mut scored = [true; 4];
    if let Some(types) = types {
        scored = [false; 4];
        for t in types {
            let k = tags::type_index(t).with_context(|| format!("unknown type {t} (PER, ORG, LOC, MISC)"))?;
            scored[k] = true;
        }
    }
    let mut s = Score::new(scored);
    for (d, p) in docs.iter().zip(pred) {
        for (g, ps) in d.gold_spans().iter().zip(p) {
            s.add(g, ps);
        }
    }
    Ok(s)
}

pub fn eval(args: EvalArgs) -> Result<()> {
    let model_path = args.model.unwrap_or_else(default_model);
    let bytes =
        std::fs::read(&model_path).with_context(|| format!("cannot read {}", model_path.display()))?;
    let mut tagger = Tagger::from_bytes(&bytes).with_context(|| format!("{}", model_path.display()))?;
    tagger.fold = match args.fold.as_str() {
        "auto" => Fold::Auto,
        "news" => Fold::News,
        "web" => Fold::Web,
        f => bail!("unknown fold {f} (auto, news, web)"),
    };
    if let Some(t) = args.web_threshold {
        tagger.set_web_threshold(t);
    }
    let docs = read_conll(&args.data)?;
    if args.show_domain {
        for (i, d) in docs.iter().enumerate() {
            let p = tagger.web_probability(&d.token_strs(), &d.sentences).unwrap_or(0.0);
            let head: Vec<&str> = d.tokens.iter().take(12).map(String::as_str).collect();
            println!("doc {i} p(web) {p:.3} tokens {}: {}", d.tokens.len(), head.join(" "));
        }
    }
    let n_tokens: usize = docs.iter().map(|d| d.tokens.len()).sum();
    let t = Instant::now();
    let c = cpu_time();
    let pred = predict(&tagger, &docs, args.first_pass);
    let elapsed = t.elapsed();
    let cpu = c.and_then(|c| Some(cpu_time()?.saturating_sub(c)));
    let s = score(&docs, &pred, args.types.as_deref())?;
    println!(
        "entities: {} ({} documents, {} sentences, {} tokens), model {}{}",
        args.data.display(),
        docs.len(),
        docs.iter().map(|d| d.sentences.len()).sum::<usize>(),
        n_tokens,
        model_path.display(),
        if args.first_pass { " (first pass only)" } else { "" }
    );
    if tagger.has_web_fold() {
        let web: Vec<&ConllDoc> =
            docs.iter().filter(|d| tagger.uses_web_fold(&d.token_strs(), &d.sentences)).collect();
        println!(
            "web fold used for {} of {} documents ({} tokens)",
            web.len(),
            docs.len(),
            web.iter().map(|d| d.tokens.len()).sum::<usize>()
        );
    }
    println!("exact-span scores (conlleval semantics):");
    print!("{}", s.table());
    println!(
        "tagging time {:.3} s ({:.0} tokens/s, gold tokenization){}",
        elapsed.as_secs_f64(),
        n_tokens as f64 / elapsed.as_secs_f64().max(1e-9),
        cpu.map_or(String::new(), |c| format!(
            "; on-CPU {:.3} s ({:.0} tokens/s)",
            c.as_secs_f64(),
            n_tokens as f64 / c.as_secs_f64().max(1e-9)
        ))
    );
    if let Some(out) = args.out {
        let mut f = std::io::BufWriter::new(
            std::fs::File::create(&out).with_context(|| format!("cannot write {}", out.display()))?,
        );
        for (d, sents) in pred.iter().enumerate() {
            for (k, spans) in sents.iter().enumerate() {
                if !spans.is_empty() {
                    writeln!(f, "{}", conll::jsonl_line(d, k, spans))?;
                }
            }
        }
        f.flush()?;
        println!("predictions written to {} (ner_eval.py JSONL)", out.display());
    }
    Ok(())
}

pub fn train(args: TrainArgs) -> Result<()> {
    let t0 = Instant::now();
    let files = training_files(&args.data)?;
    let mut docs = Vec::new();
    for f in &files {
        let d = read_conll(f)?;
        eprintln!("training file {} ({} documents)", f.display(), d.len());
        let domain = domain_of(f);
        docs.extend(d.iter().map(|d| TrainDoc::from_conll(d, domain)));
    }
    let with_web = !args.no_adapt && !args.no_web_fold;
    let classifier =
        with_web.then(|| news_entities_tagger::train::train_domain(&docs, args.web_threshold, true));
    if args.domain_only {
        let Some(c) = classifier else { bail!("--domain-only needs domain adaptation and the web fold") };
        for dev in &args.dev {
            let docs = read_conll(dev)?;
            let web = docs.iter().filter(|d| c.is_web(&d.token_strs(), &d.sentences)).count();
            let toks: usize =
                docs.iter().filter(|d| c.is_web(&d.token_strs(), &d.sentences)).map(|d| d.tokens.len()).sum();
            println!(
                "{}: {web} of {} documents ({toks} tokens) classed as web text",
                dev.display(),
                docs.len()
            );
        }
        if let ([news, web], Some(out)) = (args.join.as_slice(), &args.out) {
            let read = |p: &PathBuf| -> Result<ModelData> { Ok(ModelData::from_bytes(&std::fs::read(p)?)?) };
            let (mut m, w) = (read(news)?, read(web)?);
            m.web = Some(WebFold { domain: c, pass1: w.pass1, pass2: w.pass2 });
            std::fs::write(out, m.to_bytes())?;
            println!("model with both folds written to {}", out.display());
        }
        return Ok(());
    }
    let opts = Options {
        epochs: args.epochs,
        folds: args.folds,
        seed: args.seed,
        min_count: args.min_count,
        two_pass: !args.one_pass,
        verbose: true,
        adapt: !args.no_adapt,
        web_weight: args.web_weight,
        lower_copies: args.lower_copies,
        cv_epochs: args.cv_epochs,
        cv_only: args.cv_only,
        shuffles: args.shuffles,
        targets: {
            let mut t = vec![domain_index(&args.target)?];
            if args.web_out.is_some() || with_web {
                t.push(2);
            }
            t
        },
    };
    let class_map = if args.classes > 0 {
        let tc = Instant::now();
        let m = classes::induce(&docs, args.classes, args.seed);
        eprintln!(
            "word classes: {} words in {} classes ({:.1} s)",
            m.len(),
            args.classes,
            tc.elapsed().as_secs_f64()
        );
        m
    } else {
        Default::default()
    };
    let models = news_entities_tagger::train::train(&docs, class_map, Gazetteer::embedded(), &opts);
    if opts.cv_epochs && opts.cv_only {
        return Ok(());
    }
    if let (Some(web), Some(m)) = (&args.web_out, models.get(1)) {
        std::fs::write(web, m.to_bytes()).with_context(|| format!("cannot write {}", web.display()))?;
        println!("web-domain model written to {}", web.display());
    }
    let mut models = models.into_iter();
    let mut model = models.next().context("training produced no model")?;
    if let (Some(domain), Some(web)) = (classifier, models.next()) {
        model.web = Some(WebFold { domain, pass1: web.pass1, pass2: web.pass2 });
    }
    let bytes = model.to_bytes();
    let out = args.out.unwrap_or_else(default_model);
    std::fs::write(&out, &bytes).with_context(|| format!("cannot write {}", out.display()))?;
    println!(
        "model written to {} ({:.1} MB; pass 1 {} features, pass 2 {} features) in {:.1} s",
        out.display(),
        bytes.len() as f64 / 1e6,
        model.pass1.len(),
        model.pass2.len(),
        t0.elapsed().as_secs_f64()
    );
    let tagger = Tagger::from_bytes(&bytes)?;
    for dev in &args.dev {
        let docs = read_conll(dev)?;
        for first_pass in [true, false] {
            if first_pass && args.one_pass {
                continue;
            }
            let pred = predict(&tagger, &docs, first_pass);
            let s = score(&docs, &pred, None)?;
            let o = s.overall();
            let per: Vec<String> =
                TYPES.iter().zip(&s.per_type).map(|(t, c)| format!("{t} {:.2}", c.f1())).collect();
            println!(
                "dev {} {}: F1 {:.2} (P {:.2} R {:.2}) {}",
                dev.display(),
                if first_pass { "pass 1" } else { "pass 2" },
                o.f1(),
                o.precision(),
                o.recall(),
                per.join(" ")
            );
        }
    }
    Ok(())
}

/// Throughput of repeated calls: the mean over the whole run by wall clock and by on-CPU time,
/// and the median and best single call (this host's speed varies from second to second with
/// its neighbours, which the on-CPU clock does not see; the median call is the figure least
/// moved by a slow spell, the best one what an undisturbed core does).
struct Throughput {
    mean: f64,
    on_cpu: Option<f64>,
    median: f64,
    best: f64,
}

/// Runs `f` (which handles `tokens` tokens) for about `budget`, timing each call.
fn throughput(tokens: usize, budget: Duration, mut f: impl FnMut()) -> Throughput {
    f();
    let start = Instant::now();
    let cpu0 = cpu_time();
    let mut calls = Vec::new();
    while start.elapsed() < budget || calls.is_empty() {
        let t = Instant::now();
        f();
        calls.push(t.elapsed().as_secs_f64());
    }
    let total = tokens as f64 * calls.len() as f64;
    let cpu = cpu0.and_then(|c| Some(cpu_time()?.saturating_sub(c).as_secs_f64()));
    calls.sort_by(f64::total_cmp);
    let rate = |secs: f64| tokens as f64 / secs.max(1e-9);
    Throughput {
        mean: total / start.elapsed().as_secs_f64(),
        on_cpu: cpu.map(|c| total / c.max(1e-9)),
        median: rate(calls[calls.len() / 2]),
        best: rate(calls[0]),
    }
}

fn show(label: &str, t: Throughput, what: &str) {
    let cpu = t.on_cpu.map_or(String::new(), |c| format!(", {c:.0} on-CPU"));
    println!(
        "  {label:<22} {:>8.0} tokens/s{cpu}; per call median {:.0}, best {:.0}  ({what})",
        t.mean, t.median, t.best
    );
}

/// The entities section of `news-lab bench`: tokenizing + tagging throughput on one core.
pub fn bench(conll_dev: Option<&Path>) -> Result<()> {
    let t = Instant::now();
    let tagger = Arc::new(Tagger::from_bytes(news_entities_tagger::MODEL)?);
    let load = t.elapsed();
    let ents = Entities::with_tagger(tagger.clone());
    println!("entities (tokenize + two-pass tagging, one core):");
    println!(
        "  model load       {:>9.1} ms  ({:.1} MB, {} + {} features)",
        load.as_secs_f64() * 1e3,
        news_entities_tagger::MODEL.len() as f64 / 1e6,
        tagger.features.0,
        tagger.features.1
    );
    let seed = std::fs::read_to_string(root().join("tests/fixtures/seed.txt")).context("read the seed")?;
    let n = news_core::text::tokenize(&seed).len();
    let t = throughput(n, Duration::from_secs(2), || {
        black_box(ents.mentions(black_box(&seed)));
    });
    show("seed article", t, &format!("{n} tokens"));
    if let Some(path) = conll_dev {
        // The dev set as running text: tokens joined by spaces, one sentence per line,
        // documents tagged one at a time, as articles would be.
        let docs = read_conll(path)?;
        let texts: Vec<String> = docs
            .iter()
            .map(|d| d.sentences.iter().map(|r| d.tokens[r.clone()].join(" ")).collect::<Vec<_>>().join("\n"))
            .collect();
        let n: usize = texts.iter().map(|t| news_core::text::tokenize(t).len()).sum();
        let t = throughput(n, Duration::from_secs(3), || {
            for t in &texts {
                black_box(ents.mentions(black_box(t)));
            }
        });
        show("dev set as text", t, &format!("{}, {n} tokens, {} documents", path.display(), docs.len()));
        // Tagging alone on the gold tokenization.
        let mut scratch = Scratch::default();
        let mut out = Vec::new();
        let ntok: usize = docs.iter().map(|d| d.tokens.len()).sum();
        let strs: Vec<Vec<&str>> = docs.iter().map(ConllDoc::token_strs).collect();
        let t = throughput(ntok, Duration::from_secs(2), || {
            for (d, s) in docs.iter().zip(&strs) {
                tagger.tag(s, &d.sentences, &mut scratch, &mut out);
            }
        });
        show("dev set, tagging only", t, "gold tokens and sentences");
    }
    Ok(())
}
