//! The plugin boundary benchmark: what one analyze call costs through the plugin
//! ABI compared with calling the same analyzer directly, on the seed article.
//!
//! The ABI path is the real one: the host serializes the article, the plugin (the staged `echo`
//! example library, loaded with libloading) parses it, analyzes, serializes its output, and the
//! host parses and span-checks that output. The direct path calls `Echo::analyze` on an
//! in-memory `Document` from the statically linked rlib of the same crate.

use std::collections::BTreeMap;
use std::hint::black_box;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use news_core::{Analyzer, Article, Document};
use news_example_echo::{Echo, EchoConfig};
use news_host::{Pipeline, Registry, load_library};

/// Runs `f` repeatedly for about `budget` and returns the mean time per call.
fn time_per_call(budget: Duration, mut f: impl FnMut()) -> (Duration, u32) {
    for _ in 0..100 {
        f();
    }
    let start = Instant::now();
    let mut calls = 0u32;
    while start.elapsed() < budget {
        for _ in 0..100 {
            f();
        }
        calls += 100;
    }
    (start.elapsed() / calls, calls)
}

pub fn run() -> Result<()> {
    let root = crate::workspace_root();
    let seed = std::fs::read_to_string(root.join("tests/fixtures/seed.txt")).context("read the seed")?;
    let exe = std::env::current_exe()?;
    let dir = exe.parent().context("exe dir")?.join("example-plugins");
    let lib = dir.join(format!(
        "{}news_example_echo{}",
        std::env::consts::DLL_PREFIX,
        std::env::consts::DLL_SUFFIX
    ));
    if !lib.exists() {
        bail!("{} is missing: run `cargo xtask build --release`", lib.display());
    }
    let mut registry = Registry::default();
    registry.add(load_library(&lib)?);
    let pipeline = Pipeline::new(&registry, None, &BTreeMap::new())?;
    let article = Article::from_text(seed.clone());

    let direct = Echo::create(EchoConfig::default())?;
    let doc = Document::new(article.clone());
    let budget = Duration::from_secs(2);
    let (direct_time, direct_calls) = time_per_call(budget, || {
        black_box(direct.analyze(black_box(&doc)).ok());
    });
    let (abi_time, abi_calls) = time_per_call(budget, || {
        black_box(pipeline.run(black_box(&article)));
    });
    let overhead = abi_time.saturating_sub(direct_time);
    println!("plugin boundary on the seed article ({} bytes), one core:", seed.len());
    println!("  direct call      {:>9.2} µs/call  ({direct_calls} calls)", direct_time.as_secs_f64() * 1e6);
    println!("  through the ABI  {:>9.2} µs/call  ({abi_calls} calls)", abi_time.as_secs_f64() * 1e6);
    println!(
        "  boundary cost    {:>9.2} µs/call  (serialize article + parse in plugin + output JSON + checks)",
        overhead.as_secs_f64() * 1e6
    );
    Ok(())
}
