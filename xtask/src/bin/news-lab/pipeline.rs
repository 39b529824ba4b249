//! The whole-pipeline benchmark report: over the committed dev pages, where the time of one
//! article goes (charset decoding, extraction, each analyzer called directly, the plugin
//! boundary, the result line), the whole pipeline's articles per second on one core and on all
//! cores, and the `news` binary's own throughput and peak memory on the same pages.
//!
//! The pipeline runs the real plugin libraries staged under `target/release/plugins/` through the
//! ABI, exactly as `news analyze` does; the direct calls use the same analyzers linked in
//! (`news-lab` links their library crates), so "boundary" is what the ABI adds: the article and
//! annotations as JSON in, the output as JSON out, parsing and span checks on the host side.

use std::collections::BTreeMap;
use std::hint::black_box;
use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use news_core::{Analyzer, Document};
use news_host::{AnalyzedLine, Pipeline, StageTimes, discover, search::SearchPath};
use serde_json::Value;
use serde_json::value::RawValue;

/// One dev page as stored: raw bytes (charset decoding is part of the pipeline) and its URL.
struct RawPage {
    id: String,
    url: Option<String>,
    bytes: Vec<u8>,
}

fn load_pages(dirs: &[PathBuf]) -> Result<Vec<RawPage>> {
    let mut pages = Vec::new();
    for dir in dirs {
        let Ok(truth) = std::fs::read_to_string(dir.join("truth.jsonl")) else { continue };
        for line in truth.lines().filter(|l| !l.trim().is_empty()) {
            let truth: Value = serde_json::from_str(line).context("truth.jsonl line")?;
            let id = match &truth["id"] {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            let path = dir.join("html").join(format!("{id}.html.gz"));
            let file = std::fs::File::open(&path).with_context(|| format!("open {}", path.display()))?;
            let mut bytes = Vec::new();
            flate2::read::GzDecoder::new(file)
                .read_to_end(&mut bytes)
                .with_context(|| format!("gunzip {}", path.display()))?;
            pages.push(RawPage { id, url: truth["url"].as_str().map(str::to_owned), bytes });
        }
    }
    if pages.is_empty() {
        bail!("no dev pages under {dirs:?}");
    }
    Ok(pages)
}

/// An analyzer's `analyze`, timed, with its output as JSON and the time that JSON took to write
/// (what the plugin side of the boundary does after `analyze`).
type TimedAnalyze = Box<dyn Fn(&Document) -> Result<(Duration, Box<RawValue>, Duration)> + Sync>;

/// An analyzer called in process, timed around `analyze` alone.
struct Direct {
    name: &'static str,
    requires: &'static [&'static str],
    run: TimedAnalyze,
}

fn direct<A: Analyzer + 'static>() -> Result<Direct> {
    let config: A::Config = serde_json::from_str("{}").context("default config")?;
    let analyzer = A::create(config).with_context(|| format!("create {}", A::NAME))?;
    Ok(Direct {
        name: A::NAME,
        requires: A::REQUIRES,
        run: Box::new(move |doc| {
            let t = Instant::now();
            let out = analyzer.analyze(doc);
            let took = t.elapsed();
            let out = out.map_err(|e| anyhow::anyhow!("{}: {e}", A::NAME))?;
            let t = Instant::now();
            let json = serde_json::value::to_raw_value(&out)?;
            Ok((took, json, t.elapsed()))
        }),
    })
}

/// HTML bytes → result line, as `news analyze` does it for one page.
fn whole(page: &RawPage, pipeline: &Pipeline, out: &mut Vec<u8>) -> Result<()> {
    let decoded = news_fetch::charset::decode_html(&page.bytes, None);
    let article = news_fetch::extract_html(&decoded.text, page.url.as_deref());
    let analysis = pipeline.run(&article);
    out.clear();
    let id = Value::String(page.id.clone());
    serde_json::to_writer(&mut *out, &AnalyzedLine::new(&id, &article, &analysis))?;
    out.push(b'\n');
    Ok(())
}

fn per_article(total: Duration, n: usize) -> String {
    let ms = total.as_secs_f64() * 1e3 / n as f64;
    let rate = if total.is_zero() { f64::INFINITY } else { n as f64 / total.as_secs_f64() };
    format!("{ms:>8.3} ms/article {rate:>10.0} articles/s")
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".to_owned());
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let memory = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|s| s.lines().next().map(|l| l.split_whitespace().nth(1).unwrap_or("0").to_owned()))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or_else(String::new, |kb| format!(", {:.0} GB RAM", kb / 1024.0 / 1024.0));
    format!("{cpu}, {cores} cores{memory}, {} {}", std::env::consts::OS, std::env::consts::ARCH)
}

/// Runs the `news` binary over `jsonl` and returns (wall time, peak RSS in bytes if known).
fn run_cli(
    news: &Path,
    plugin_dir: &Path,
    jsonl: &Path,
    jobs: usize,
) -> Result<(Duration, Option<u64>, usize)> {
    let start = Instant::now();
    let mut child = Command::new(news)
        .args(["analyze", "--jsonl"])
        .arg(jsonl)
        .args(["--format", "jsonl", "--jobs", &jobs.to_string(), "--plugin-dir"])
        .arg(plugin_dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .with_context(|| format!("run {}", news.display()))?;
    let status_path = format!("/proc/{}/status", child.id());
    let mut stdout = child.stdout.take().context("stdout")?;
    // Count result lines on a thread while this one samples the high-water mark.
    let reader = std::thread::spawn(move || {
        let mut buf = vec![0u8; 1 << 16];
        let mut lines = 0usize;
        while let Ok(n) = stdout.read(&mut buf) {
            if n == 0 {
                break;
            }
            lines += buf[..n].iter().filter(|&&b| b == b'\n').count();
        }
        lines
    });
    let mut peak: Option<u64> = None;
    loop {
        if let Ok(status) = std::fs::read_to_string(&status_path)
            && let Some(kb) = status
                .lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse::<u64>().ok())
        {
            peak = Some(peak.unwrap_or(0).max(kb * 1024));
        }
        if child.try_wait()?.is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let took = start.elapsed();
    let lines = reader.join().map_err(|_| anyhow::anyhow!("reader thread failed"))?;
    Ok((took, peak, lines))
}

/// The report. `dirs` hold the dev pages (`truth.jsonl` + `html/*.html.gz`).
pub fn run(dirs: &[PathBuf]) -> Result<()> {
    let pages = load_pages(dirs)?;
    let n = pages.len();
    let bytes: usize = pages.iter().map(|p| p.bytes.len()).sum();
    let exe = std::env::current_exe()?;
    let bin_dir = exe.parent().context("exe dir")?.to_path_buf();
    let plugin_dir = bin_dir.join("plugins");
    let registry = discover(&SearchPath::new(std::slice::from_ref(&plugin_dir), None, None));
    for name in ["entities", "quotes", "sentiment", "geography"] {
        if registry.get(name).is_none() {
            bail!("plugin `{name}` is not staged in {}: run `cargo xtask build`", plugin_dir.display());
        }
    }
    let selection: Vec<String> = ["entities", "quotes", "sentiment", "geography"].map(String::from).to_vec();
    let t = Instant::now();
    let pipeline = Pipeline::new(&registry, Some(&selection), &BTreeMap::new())?;
    let startup = t.elapsed();
    let order: Vec<String> = pipeline.plugins().map(|p| p.name.clone()).collect();
    let mut directs = Vec::new();
    for name in &order {
        directs.push(match name.as_str() {
            "entities" => direct::<news_entities_tagger::Entities>()?,
            "quotes" => direct::<news_quotes_extractor::Quotes>()?,
            "sentiment" => direct::<news_sentiment_scorer::Sentiment>()?,
            "geography" => direct::<news_geoparser::Geography>()?,
            other => bail!("no direct path for plugin `{other}`"),
        });
    }

    println!(
        "pipeline report: {} dev pages ({:.1} MB of HTML, {} KB/page), all four plugins",
        n,
        bytes as f64 / 1e6,
        bytes / n / 1000
    );
    println!("  machine: {}", machine());
    println!("  plugins loaded and created in {:.0} ms (models, gazetteer)", startup.as_secs_f64() * 1e3);

    // One pass for the per-stage split (after a warm-up pass over the same pages).
    let mut decode = Duration::ZERO;
    let mut extract = Duration::ZERO;
    let mut analyze = vec![Duration::ZERO; directs.len()];
    let mut plugin_side = vec![Duration::ZERO; directs.len()];
    let mut abi_total = Duration::ZERO;
    let mut host_side = Duration::ZERO;
    let mut article_json = Duration::ZERO;
    // Per stage (run order): host input, plugin call (analyze + its JSON), host output check.
    let mut per_stage = vec![(Duration::ZERO, Duration::ZERO, Duration::ZERO); directs.len()];
    let mut render = Duration::ZERO;
    let mut words = 0usize;
    let mut times = StageTimes::default();
    let mut line = Vec::new();
    for pass in 0..2 {
        for page in &pages {
            let t0 = Instant::now();
            let decoded = news_fetch::charset::decode_html(&page.bytes, None);
            let t1 = Instant::now();
            let article = news_fetch::extract_html(&decoded.text, page.url.as_deref());
            let t2 = Instant::now();
            let mut outputs: BTreeMap<&str, Box<RawValue>> = BTreeMap::new();
            let mut spent = Vec::with_capacity(directs.len());
            // The plugin side of the boundary measured in process: the document a plugin parses
            // (built as the host builds it) and the output JSON it writes.
            let mut plugin_json = Vec::with_capacity(directs.len());
            let article_text = serde_json::to_string(&article)?;
            for d in &directs {
                let mut doc = Document::new(article.clone());
                let mut input = format!("{{\"article\":{article_text},\"annotations\":{{");
                for key in d.requires {
                    if let Some(v) = outputs.get(key) {
                        if !doc.annotations.is_empty() {
                            input.push(',');
                        }
                        doc.annotations.insert((*key).to_owned(), v.clone());
                        input.push_str(&format!("{}:{}", Value::from(*key), v.get()));
                    }
                }
                input.push_str("}}");
                let t = Instant::now();
                let parsed: Document = serde_json::from_str(&input)?;
                let parse = t.elapsed();
                black_box(&parsed);
                let (took, value, write) = (d.run)(&doc)?;
                spent.push(took);
                plugin_json.push(parse + write);
                outputs.insert(d.name, value);
            }
            let t3 = Instant::now();
            let analysis = pipeline.run_timed(&article, &mut times);
            let t4 = Instant::now();
            line.clear();
            let id = Value::String(page.id.clone());
            serde_json::to_writer(&mut line, &AnalyzedLine::new(&id, &article, &analysis))?;
            let t5 = Instant::now();
            if !analysis.errors.is_empty() {
                bail!("page {}: plugin errors {:?}", page.id, analysis.errors);
            }
            if pass == 1 {
                decode += t1 - t0;
                extract += t2 - t1;
                for (a, s) in analyze.iter_mut().zip(&spent) {
                    *a += *s;
                }
                for (a, s) in plugin_side.iter_mut().zip(&plugin_json) {
                    *a += *s;
                }
                abi_total += t4 - t3;
                article_json += times.serialize_article;
                for (acc, st) in per_stage.iter_mut().zip(&times.stages) {
                    acc.0 += st.input;
                    acc.1 += st.call;
                    acc.2 += st.output;
                }
                host_side += times.serialize_article
                    + times.stages.iter().map(|s| s.input + s.output).sum::<Duration>();
                render += t5 - t4;
                words += article.text.split_whitespace().count();
            }
            black_box(&line);
        }
    }
    let analyze_sum: Duration = analyze.iter().sum();
    let boundary = abi_total.saturating_sub(analyze_sum);
    let stage_sum = decode + extract + abi_total + render;
    let share = |d: Duration| 100.0 * d.as_secs_f64() / stage_sum.as_secs_f64();
    println!("  per stage, one core (mean over the pages; articles average {} words):", words / n);
    println!("    decode (charset)      {}  {:>5.1}%", per_article(decode, n), share(decode));
    println!("    extract (HTML→Article){}  {:>5.1}%", per_article(extract, n), share(extract));
    for (d, a) in directs.iter().zip(&analyze) {
        println!("    {:<22}{}  {:>5.1}%", format!("{} (analyze)", d.name), per_article(*a, n), share(*a));
    }
    println!(
        "    plugin boundary       {}  {:>5.1}%  (host side {:.3} ms: article JSON once, inputs, output parse + span checks)",
        per_article(boundary, n),
        share(boundary),
        host_side.as_secs_f64() * 1e3 / n as f64
    );
    println!("    result line (JSON)    {}  {:>5.1}%", per_article(render, n), share(render));
    let us = |d: Duration| d.as_secs_f64() * 1e6 / n as f64;
    println!("  the boundary by stage (µs/article): article JSON once {:.0}", us(article_json));
    for (((d, a), (input, call, output)), p) in directs.iter().zip(&analyze).zip(&per_stage).zip(&plugin_side)
    {
        println!(
            "    {:<10} host input {:>5.0}  plugin JSON in+out {:>5.0} (measured in process {:>4.0})  host output check {:>5.0}",
            d.name,
            us(*input),
            us(call.saturating_sub(*a)),
            us(*p),
            us(*output)
        );
    }
    // The boundary above is the ABI run minus the direct calls: two large times whose difference
    // also holds how differently the same analyzer code runs in the plugin library and in this
    // binary. Its parts, each timed on its own, cross-check it.
    let parts = host_side + plugin_side.iter().sum::<Duration>();
    println!(
        "  the boundary by its parts (host side + the plugins' document parse and output JSON, timed in process): {} {:>5.1}%",
        per_article(parts, n),
        share(parts)
    );

    // The whole pipeline, one core, then every core.
    let mut out = Vec::new();
    let t = Instant::now();
    for page in &pages {
        whole(page, &pipeline, &mut out)?;
    }
    let one = t.elapsed();
    let one_rate = n as f64 / one.as_secs_f64();
    println!("  whole pipeline (HTML bytes → result line):");
    println!(
        "    one core      {:>8.0} articles/s  ({:.2} ms/article)",
        one_rate,
        one.as_secs_f64() * 1e3 / n as f64
    );
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    if cores > 1 {
        let rounds = 2;
        let next = AtomicUsize::new(0);
        let t = Instant::now();
        std::thread::scope(|scope| -> Result<()> {
            let workers: Vec<_> = (0..cores)
                .map(|_| {
                    scope.spawn(|| -> Result<()> {
                        let mut out = Vec::new();
                        loop {
                            let i = next.fetch_add(1, Ordering::Relaxed);
                            if i >= n * rounds {
                                return Ok(());
                            }
                            whole(&pages[i % n], &pipeline, &mut out)?;
                        }
                    })
                })
                .collect();
            for w in workers {
                w.join().map_err(|_| anyhow::anyhow!("worker panicked"))??;
            }
            Ok(())
        })?;
        let all = (n * rounds) as f64 / t.elapsed().as_secs_f64();
        println!("    {cores} cores  {:>8.0} articles/s  ({:.2}× one core)", all, all / one_rate);
    }

    // The `news` binary on the same pages as JSONL requests (the HTML already decoded).
    let news = bin_dir.join(format!("news{}", std::env::consts::EXE_SUFFIX));
    if !news.exists() {
        println!("  news binary: {} missing (run `cargo xtask build`)", news.display());
        return Ok(());
    }
    let jsonl = std::env::temp_dir().join(format!("news-bench-{}.jsonl", std::process::id()));
    {
        let mut file = std::io::BufWriter::new(std::fs::File::create(&jsonl)?);
        for page in &pages {
            let html = news_fetch::charset::decode_html(&page.bytes, None).text;
            let request = serde_json::json!({"id": page.id, "url": page.url, "html": html});
            serde_json::to_writer(&mut file, &request)?;
            writeln!(file)?;
        }
    }
    println!("  `news analyze --jsonl` over the same {n} pages (process start, model loading included):");
    let mut jobs_list = vec![1];
    if cores > 1 {
        jobs_list.push(cores);
    }
    for jobs in jobs_list {
        let (took, peak, lines) = run_cli(&news, &plugin_dir, &jsonl, jobs)?;
        if lines != n {
            let _ = std::fs::remove_file(&jsonl);
            bail!("news wrote {lines} result lines for {n} requests");
        }
        let peak = peak.map_or_else(|| "n/a".to_owned(), |b| format!("{:.0} MB", b as f64 / 1e6));
        println!(
            "    --jobs {jobs}      {:>8.0} articles/s  ({:.2} s)  peak RSS {peak}",
            n as f64 / took.as_secs_f64(),
            took.as_secs_f64()
        );
    }
    let _ = std::fs::remove_file(&jsonl);
    Ok(())
}
