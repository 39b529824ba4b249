//! The request loop: reads work from the inputs, fetches URLs concurrently on a tokio runtime
//! within a bounded window, analyzes each article, and emits exactly one result per request in
//! input order. Memory is bounded by the window (`--concurrency`), not by the input size.

use std::collections::VecDeque;
use std::io::{BufRead, IsTerminal};

use std::sync::Arc;

use indicatif::{ProgressBar, ProgressStyle};
use news_fetch::fetch::{FetchConfig, Fetcher};
use news_host::Pipeline;
use serde_json::Value;
use tokio::task::JoinHandle;

use crate::input::{InputError, Request, Work, parse_request_line};
use crate::output::ResultLine;

/// Where requests come from.
pub enum Source {
    /// Command-line inputs: URLs, files, `-`.
    Inputs(Vec<String>),
    /// JSONL requests, one per line.
    Jsonl(Box<dyn BufRead>),
    /// URLs, one per line.
    Urls(Box<dyn BufRead>),
}

/// An iterator of work over a [`Source`]; a line that cannot be read becomes an error request.
struct WorkIter {
    source: Source,
    next_input: usize,
    line_number: usize,
    line: Vec<u8>,
}

impl WorkIter {
    fn read_line(reader: &mut dyn BufRead, line: &mut Vec<u8>) -> std::io::Result<bool> {
        line.clear();
        Ok(reader.read_until(b'\n', line)? > 0)
    }
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
                let read = WorkIter::read_line(reader.as_mut(), &mut self.line);
                self.line_number += 1;
                let number = self.line_number;
                match read {
                    Ok(false) => return None,
                    Ok(true) => {}
                    Err(e) => {
                        let error = InputError::new("io", format!("line {number}: cannot read: {e}"));
                        // An unreadable stream ends the batch after reporting it once.
                        self.source = Source::Inputs(Vec::new());
                        return Some(Work::Ready(Box::new(Request { id: Value::Null, article: Err(error) })));
                    }
                }
                let trimmed = self.line.trim_ascii();
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
                return Some(parse_request_line(&self.line, number));
            },
        }
    }
}

enum Slot {
    Ready(Box<Request>),
    Fetching(JoinHandle<Request>),
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

/// The runtime and HTTP client, made on the first URL (text and files need neither).
struct Network {
    runtime: tokio::runtime::Runtime,
    fetcher: Arc<Fetcher>,
}

impl Network {
    fn new(config: &FetchConfig) -> Result<Network, InputError> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .map_err(|e| InputError::new("io", format!("cannot start the network runtime: {e}")))?;
        let fetcher =
            Fetcher::new(config.clone()).map_err(|e| InputError::new(e.kind.as_str(), e.to_string()))?;
        Ok(Network { runtime, fetcher: Arc::new(fetcher) })
    }
}

/// Runs every request of `source` and hands each result to `emit`, in input order.
pub fn run_batch(
    source: Source,
    pipeline: &Pipeline,
    fetch_config: &FetchConfig,
    window: usize,
    mut emit: impl FnMut(ResultLine) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let progress = progress_bar(&source);
    let mut network: Option<Result<Network, InputError>> = None;
    let mut work = WorkIter { source, next_input: 0, line_number: 0, line: Vec::new() };
    let mut in_flight: VecDeque<Slot> = VecDeque::new();
    let mut exhausted = false;
    loop {
        while !exhausted && in_flight.len() < window {
            match work.next() {
                None => exhausted = true,
                Some(Work::Ready(request)) => in_flight.push_back(Slot::Ready(request)),
                Some(Work::Fetch { id, url }) => {
                    match network.get_or_insert_with(|| Network::new(fetch_config)) {
                        Ok(net) => {
                            let fetcher = net.fetcher.clone();
                            let handle = net.runtime.spawn(async move {
                                let article = fetcher
                                    .fetch_article(&url)
                                    .await
                                    .map_err(|e| InputError::new(e.kind.as_str(), e.to_string()));
                                Request { id, article }
                            });
                            in_flight.push_back(Slot::Fetching(handle));
                        }
                        Err(error) => in_flight
                            .push_back(Slot::Ready(Box::new(Request { id, article: Err(error.clone()) }))),
                    }
                }
            }
        }
        let Some(slot) = in_flight.pop_front() else { break };
        let request = match slot {
            Slot::Ready(request) => *request,
            Slot::Fetching(handle) => match &network {
                Some(Ok(net)) => net.runtime.block_on(handle).unwrap_or_else(|e| Request {
                    id: Value::Null,
                    article: Err(InputError::new("internal", format!("the fetch task failed: {e}"))),
                }),
                // A fetch slot exists only once the network is up.
                _ => Request {
                    id: Value::Null,
                    article: Err(InputError::new("internal", "no network runtime")),
                },
            },
        };
        emit(ResultLine::analyze(request, pipeline))?;
        progress.inc(1);
    }
    progress.finish_and_clear();
    Ok(())
}
