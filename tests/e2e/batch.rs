//! End-to-end tests of batch analysis at scale: a generated 100,000-request JSONL batch streams
//! through the built `news` binary and all four plugins with every core, one result line per
//! request in input order, and memory that stays flat (bounded by the window of requests in
//! flight, not by the input). The peak RSS is printed; its growth is asserted, not any timing.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::time::Duration;

use news_e2e::{news_bin, root, staged_plugins};

const REQUESTS: usize = 100_000;

/// Request `i`: short news-like texts that keep every plugin busy, and a bad line now and then.
fn request(i: usize) -> String {
    const TEXTS: [&str; 4] = [
        "Vladimir Putin met Xi Jinping in Beijing on Monday. \"Our ties are strong,\" Putin said.",
        "The European Union imposed new sanctions on Russia, officials in Brussels said on Friday.",
        "Prime Minister Anthony Albanese visited Sydney and praised the rescue teams.",
        "Shares fell sharply in Tokyo as investors feared a slowdown in China.",
    ];
    if i % 997 == 13 {
        return format!("{{\"id\": {i}, \"text\": 17}}");
    }
    serde_json::json!({"id": i, "text": format!("{} Report {i}.", TEXTS[i % TEXTS.len()])}).to_string()
}

/// Resident and peak memory of a running process, in kB (Linux `/proc`).
fn memory_kb(pid: u32) -> Option<(u64, u64)> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let field = |name: &str| {
        status.lines().find(|l| l.starts_with(name)).and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
    };
    Some((field("VmRSS:")?, field("VmHWM:")?))
}

#[test]
fn a_hundred_thousand_requests_stream_in_order_with_flat_memory() {
    let mut child = Command::new(news_bin())
        .args(["analyze", "--jsonl", "-", "--plugin-dir"])
        .arg(staged_plugins())
        .current_dir(root())
        .env_remove("NEWS_PLUGIN_PATH")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start news");
    let pid = child.id();
    let mut stdin = child.stdin.take().expect("stdin");
    let writer = std::thread::spawn(move || {
        let mut out = std::io::BufWriter::new(&mut stdin);
        for i in 0..REQUESTS {
            if writeln!(out, "{}", request(i)).is_err() {
                return;
            }
        }
    });
    // Memory is sampled on its own thread while results are read.
    let done = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let sampler = {
        let done = done.clone();
        std::thread::spawn(move || {
            // (lines read so far, RSS kB) samples, and the last peak seen.
            let mut samples = Vec::new();
            let mut peak = 0;
            while let Some((rss, hwm)) = memory_kb(pid) {
                samples.push((done.load(std::sync::atomic::Ordering::Relaxed), rss));
                peak = hwm;
                std::thread::sleep(Duration::from_millis(20));
            }
            (samples, peak)
        })
    };
    let stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let mut count = 0usize;
    for line in stdout.lines() {
        let line = line.expect("utf-8 result line");
        let prefix = format!("{{\"id\":{count},");
        assert!(
            line.starts_with(&prefix),
            "result {count} out of order or malformed: {}",
            &line[..line.len().min(120)]
        );
        if count % 997 == 13 {
            assert!(line.contains("\"kind\":\"bad_request\""), "bad line {count} not reported: {line}");
        } else {
            for key in ["\"entities\":", "\"quotes\":", "\"sentiment\":", "\"geography\":"] {
                assert!(line.contains(key), "result {count} lacks {key}");
            }
        }
        count += 1;
        done.store(count, std::sync::atomic::Ordering::Relaxed);
    }
    writer.join().expect("writer");
    let status = child.wait().expect("news exits");
    let (samples, peak_kb) = sampler.join().expect("sampler");
    assert_eq!(count, REQUESTS, "one result line per request");
    assert_eq!(status.code(), Some(1), "the bad lines make the exit code 1");
    // Flat memory: once a tenth of the batch is through, resident memory grows by no more than
    // a few MB (allocator noise), whatever the remaining 90,000 requests bring.
    let early = samples.iter().filter(|(n, _)| *n >= REQUESTS / 10).map(|&(_, rss)| rss).next();
    let late = samples.iter().map(|&(_, rss)| rss).max();
    println!(
        "100,000 requests: RSS after 10% {:?} kB, highest sampled RSS {:?} kB, peak RSS {peak_kb} kB ({} samples)",
        early,
        late,
        samples.len()
    );
    if let (Some(early), Some(late)) = (early, late) {
        assert!(late <= early + 32 * 1024, "memory grew with the input: {early} kB → {late} kB");
    }
}
