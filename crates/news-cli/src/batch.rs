//! The request loop: reads work from the inputs, runs each request on a worker pool (fetching on
//! a tokio runtime, then extraction, analysis and rendering of the result on up to `jobs` threads
//! at once), and emits exactly one result per request, in input order.
//!
//! Memory is bounded by the window of requests in flight (`--concurrency`), not by the input
//! size: the reading thread takes a new request only when the oldest result has been written.
//! Plugins are thread-safe by contract, so one pipeline serves every worker.

use std::collections::VecDeque;
use std::io::{BufRead, IsTerminal};
use std::sync::{Arc, OnceLock};

use indicatif::{ProgressBar, ProgressStyle};
use news_fetch::fetch::{FetchConfig, Fetcher, page_to_article};
use news_host::Pipeline;
use serde_json::Value;
use tokio::sync::Semaphore;
use tokio::task::JoinHandle;

use crate::input::{InputError, Request, Work};
use crate::output::{Format, ResultLine};

/// Where requests come from.
pub enum Source {
    /// Command-line inputs: URLs, files, `-`.
    Inputs(Vec<String>),
    /// JSONL requests, one per line.
    Jsonl(Box<dyn BufRead>),
    /// URLs, one per line.
    Urls(Box<dyn BufRead>),
}

/// How a batch runs.
#[derive(Debug, Clone)]
pub struct BatchOptions {
    /// Requests in flight at once (fetching, waiting for a worker, or waiting to be written).
    pub window: usize,
    /// Requests extracted and analyzed at once (CPU threads).
    pub jobs: usize,
    pub format: Format,
    pub fetch: FetchConfig,
}

/// One request's result, rendered by its worker.
pub struct Rendered {
    /// Whether the request failed or a plugin reported an error for it.
    pub failed: bool,
    pub bytes: Vec<u8>,
}

/// An iterator of work over a [`Source`]; a line that cannot be read becomes an error request.
/// It only splits the input: parsing is the workers' job.
struct WorkIter {
    source: Source,
    next_input: usize,
    line_number: usize,
}

impl Iterator for WorkIter {
    type Item = Work;

    fn next(&mut self) -> Option<Work> {
        let url_list = matches!(self.source, Source::Urls(_));
        match &mut self.source {
            Source::Inputs(inputs) => {
                let input = inputs.get(self.next_input)?;
                self.next_input += 1;
                Some(Work::from_input(input))
            }
            Source::Jsonl(reader) | Source::Urls(reader) => loop {
                let mut line = Vec::new();
                let read = reader.read_until(b'\n', &mut line);
                self.line_number += 1;
                let number = self.line_number;
                match read {
                    Ok(0) => return None,
                    Ok(_) => {}
                    Err(e) => {
                        let error = InputError::new("io", format!("line {number}: cannot read: {e}"));
                        // An unreadable stream ends the batch after reporting it once.
                        self.source = Source::Inputs(Vec::new());
                        return Some(Work::Ready(Box::new(Request { id: Value::Null, article: Err(error) })));
                    }
                }
                let trimmed = line.trim_ascii();
                if trimmed.is_empty() {
                    continue;
                }
                if url_list {
                    if trimmed.starts_with(b"#") {
                        continue;
                    }
                    let url = String::from_utf8_lossy(trimmed).into_owned();
                    return Some(Work::Fetch { id: Value::String(url.clone()), url });
                }
                return Some(Work::Line { bytes: line, number });
            },
        }
    }
}

fn progress_bar(source: &Source) -> ProgressBar {
    let batch = match source {
        Source::Inputs(inputs) => inputs.len() > 1,
        Source::Jsonl(_) | Source::Urls(_) => true,
    };
    if !batch || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = match source {
        Source::Inputs(inputs) => ProgressBar::new(inputs.len() as u64),
        _ => ProgressBar::no_length(),
    };
    if let Ok(style) = ProgressStyle::with_template("{spinner} {pos}{len} articles · {per_sec} · {elapsed}")
    {
        bar.set_style(style);
    }
    bar
}

/// What every request task shares.
struct Shared {
    pipeline: Arc<Pipeline>,
    format: Format,
    fetch: FetchConfig,
    /// The HTTP client, made on the first URL (text and files need none).
    fetcher: OnceLock<Result<Arc<Fetcher>, InputError>>,
    /// One permit per worker thread: extraction and analysis never run on more threads at once.
    cpu: Arc<Semaphore>,
}

impl Shared {
    fn fetcher(&self) -> Result<Arc<Fetcher>, InputError> {
        self.fetcher
            .get_or_init(|| {
                Fetcher::new(self.fetch.clone())
                    .map(Arc::new)
                    .map_err(|e| InputError::new(e.kind.as_str(), e.to_string()))
            })
            .clone()
    }
}

/// Runs `f` on a blocking thread once a CPU permit is free.
async fn on_cpu<T: Send + 'static>(
    cpu: &Arc<Semaphore>,
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, InputError> {
    let _permit = cpu
        .clone()
        .acquire_owned()
        .await
        .map_err(|_| InputError::new("internal", "the worker pool is closed"))?;
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| InputError::new("internal", format!("a worker failed: {e}")))
}

/// One request from start to rendered result.
async fn process(work: Work, shared: Arc<Shared>) -> Rendered {
    let fallback_id = work.id_hint();
    let request = match on_cpu(&shared.cpu, move || work.prepare()).await {
        Ok(Work::Fetch { id, url }) => fetch(id, url, &shared).await,
        Ok(Work::Ready(request)) => *request,
        Ok(other) => Request {
            id: other.id_hint(),
            article: Err(InputError::new("internal", "request was not prepared")),
        },
        Err(error) => Request { id: fallback_id.clone(), article: Err(error) },
    };
    let id = request.id.clone();
    let task_shared = shared.clone();
    let rendered = on_cpu(&shared.cpu, move || {
        let line = ResultLine::analyze(request, &task_shared.pipeline);
        render(&line, task_shared.format)
    })
    .await;
    rendered.unwrap_or_else(|error| render(&ResultLine { id, outcome: Err(error) }, shared.format))
}

async fn fetch(id: Value, url: String, shared: &Arc<Shared>) -> Request {
    let fetcher = match shared.fetcher() {
        Ok(fetcher) => fetcher,
        Err(error) => return Request { id, article: Err(error) },
    };
    let page = match fetcher.fetch(&url).await {
        Ok(page) => page,
        Err(e) => return Request { id, article: Err(InputError::new(e.kind.as_str(), e.to_string())) },
    };
    let article = on_cpu(&shared.cpu, move || page_to_article(&page)).await;
    Request { id, article }
}

fn render(line: &ResultLine, format: Format) -> Rendered {
    let mut bytes = Vec::new();
    if let Err(e) = line.render(format, &mut bytes) {
        // Rendering into memory fails only if serialization does: still one line for this request.
        bytes.clear();
        let fallback = ResultLine {
            id: line.id.clone(),
            outcome: Err(InputError::new("internal", format!("cannot write the result: {e}"))),
        };
        let _ = fallback.render(format, &mut bytes);
    }
    Rendered { failed: line.failed(), bytes }
}

/// Runs every request of `source` and hands each rendered result to `emit`, in input order.
pub fn run_batch(
    source: Source,
    pipeline: Arc<Pipeline>,
    options: &BatchOptions,
    mut emit: impl FnMut(Rendered) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let jobs = options.jobs.max(1);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .max_blocking_threads(jobs + 2)
        .enable_all()
        .build()?;
    let shared = Arc::new(Shared {
        pipeline,
        format: options.format,
        fetch: options.fetch.clone(),
        fetcher: OnceLock::new(),
        cpu: Arc::new(Semaphore::new(jobs)),
    });
    let progress = progress_bar(&source);
    let mut work = WorkIter { source, next_input: 0, line_number: 0 };
    let mut in_flight: VecDeque<(Value, JoinHandle<Rendered>)> = VecDeque::new();
    let mut exhausted = false;
    let outcome = loop {
        while !exhausted && in_flight.len() < options.window.max(1) {
            match work.next() {
                None => exhausted = true,
                Some(item) => {
                    let id = item.id_hint();
                    in_flight.push_back((id, runtime.spawn(process(item, shared.clone()))));
                }
            }
        }
        let Some((id, handle)) = in_flight.pop_front() else { break Ok(()) };
        let rendered = runtime.block_on(handle).unwrap_or_else(|e| {
            let error = InputError::new("internal", format!("the request task failed: {e}"));
            render(&ResultLine { id, outcome: Err(error) }, shared.format)
        });
        if let Err(e) = emit(rendered) {
            break Err(e);
        }
        progress.inc(1);
    };
    progress.finish_and_clear();
    // Requests still in flight (the reader went away) are abandoned, not waited for.
    runtime.shutdown_background();
    outcome
}
