//! The `news` binary: command-line parsing, exit codes, and wiring of input → fetch → pipeline →
//! output.
//!
//! Exit codes: 0 everything analyzed; 1 some input failed or some plugin reported an error;
//! 2 usage error (bad flags, unknown plugin, missing requirement, dependency cycle).

mod batch;
mod config;
mod input;
mod output;

use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use news_fetch::fetch::FetchConfig;
use news_host::{Pipeline, Registry, SearchPath, discover};

use crate::batch::{BatchOptions, Rendered, Source, run_batch};
use crate::output::Format;

#[derive(Parser, Debug)]
#[command(
    name = "news",
    version,
    about = "Read the news by machine: fetch, extract and analyze articles with plugins."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Fetch (URLs), extract and analyze articles: URLs, files (.html, .htm, .txt) or `-`.
    Analyze(Box<AnalyzeArgs>),
    /// List the plugins found on the search path, and any that were refused.
    Plugins(PluginsArgs),
}

#[derive(clap::Args, Debug)]
struct PluginArgs {
    /// A directory to search for plugins before $NEWS_PLUGIN_PATH and plugins/ next to `news`
    /// (repeatable).
    #[arg(long = "plugin-dir", value_name = "DIR")]
    plugin_dirs: Vec<PathBuf>,
}

#[derive(clap::Args, Debug)]
struct AnalyzeArgs {
    /// URLs (http, https), files (.html, .htm, .txt; other names are sniffed) or `-` for stdin.
    #[arg(value_name = "INPUT", required_unless_present_any = ["jsonl", "urls"])]
    inputs: Vec<String>,
    /// Batch mode: read one JSON request per line from FILE (or `-`), write one result line per
    /// request, in order. Requests: {"id", "url"}, {"id", "html", "url"?} or {"id", "text"}.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["inputs", "urls"])]
    jsonl: Option<String>,
    /// Read URLs from FILE (or `-`), one per line (blank lines and `#` comments skipped).
    #[arg(long, value_name = "FILE", conflicts_with = "inputs")]
    urls: Option<String>,
    /// Run only these plugins (comma-separated), plus what they require.
    #[arg(long, value_delimiter = ',', value_name = "NAMES")]
    plugins: Option<Vec<String>>,
    /// Set a plugin option: NAME.KEY=VALUE (VALUE is read as JSON when it parses, else as a
    /// string; repeatable). Applied over --plugin-config-file.
    #[arg(long = "plugin-config", value_name = "NAME.KEY=VALUE")]
    plugin_config: Vec<String>,
    /// Plugin options from a file (.toml or .json): a table/object per plugin name.
    #[arg(long = "plugin-config-file", value_name = "FILE")]
    plugin_config_file: Option<PathBuf>,
    /// Output format (batch modes always write JSON lines).
    #[arg(long, value_enum, default_value_t = Format::Json)]
    format: Format,
    /// Articles extracted and analyzed at once [default: the number of cores].
    #[arg(long, short = 'j', value_name = "N")]
    jobs: Option<usize>,
    #[command(flatten)]
    plugin_args: PluginArgs,
    #[command(flatten)]
    fetch: FetchArgs,
}

#[derive(clap::Args, Debug)]
#[command(next_help_heading = "Fetching")]
struct FetchArgs {
    /// Requests in flight at once: fetching, analyzing or waiting to be written (results still
    /// come out in input order; memory grows with this, not with the input).
    #[arg(long, default_value_t = 16, value_name = "N")]
    concurrency: usize,
    /// Requests in flight to one host at once.
    #[arg(long, default_value_t = 2, value_name = "N")]
    per_host: usize,
    /// Milliseconds between two requests to the same host (politeness).
    #[arg(long, default_value_t = 0, value_name = "MS")]
    delay_ms: u64,
    /// Seconds allowed for one attempt, from connecting to the last body byte.
    #[arg(long, default_value_t = 30.0, value_name = "SECS")]
    timeout: f64,
    /// Seconds allowed to connect.
    #[arg(long, default_value_t = 10.0, value_name = "SECS")]
    connect_timeout: f64,
    /// Largest response body accepted, in bytes on the wire.
    #[arg(long, default_value_t = 10 * 1024 * 1024, value_name = "BYTES")]
    max_bytes: usize,
    /// Largest body accepted after decompression, in bytes.
    #[arg(long, default_value_t = 20 * 1024 * 1024, value_name = "BYTES")]
    max_decompressed_bytes: usize,
    /// Redirects followed at most.
    #[arg(long, default_value_t = 10, value_name = "N")]
    max_redirects: usize,
    /// Retries after 429, 5xx or a dropped connection (with backoff, honouring Retry-After).
    #[arg(long, default_value_t = 2, value_name = "N")]
    retries: u32,
    /// Longest wait for one retry, in seconds (caps Retry-After).
    #[arg(long, default_value_t = 30.0, value_name = "SECS")]
    max_retry_wait: f64,
    /// The User-Agent header.
    #[arg(long, value_name = "TEXT")]
    user_agent: Option<String>,
}

impl FetchArgs {
    fn config(&self) -> Result<FetchConfig> {
        let secs = |value: f64, flag: &str| {
            Duration::try_from_secs_f64(value)
                .with_context(|| format!("--{flag} must be a non-negative number of seconds"))
        };
        Ok(FetchConfig {
            connect_timeout: secs(self.connect_timeout, "connect-timeout")?,
            timeout: secs(self.timeout, "timeout")?,
            max_body_bytes: self.max_bytes,
            max_decompressed_bytes: self.max_decompressed_bytes,
            max_redirects: self.max_redirects,
            retries: self.retries,
            max_retry_wait: secs(self.max_retry_wait, "max-retry-wait")?,
            user_agent: self.user_agent.clone().unwrap_or_else(news_fetch::fetch::default_user_agent),
            per_host_concurrency: self.per_host.max(1),
            per_host_delay: Duration::from_millis(self.delay_ms),
            ..FetchConfig::default()
        })
    }
}

#[derive(clap::Args, Debug)]
struct PluginsArgs {
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
    /// Check one library file and say whether it would be loaded, and if not, why (exit 1).
    #[arg(long, value_name = "FILE")]
    check: Option<PathBuf>,
    #[command(flatten)]
    plugin_args: PluginArgs,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Analyze(args) => analyze(*args),
        Command::Plugins(args) => plugins(args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("news: {err:#}");
            ExitCode::from(2)
        }
    }
}

fn load_registry(args: &PluginArgs) -> Registry {
    discover(&SearchPath::from_environment(&args.plugin_dirs))
}

fn open_lines(source: &str) -> Result<Box<dyn BufRead>> {
    Ok(if source == "-" {
        Box::new(std::io::BufReader::new(std::io::stdin().lock()))
    } else {
        let file = std::fs::File::open(source).with_context(|| format!("cannot open {source}"))?;
        Box::new(std::io::BufReader::new(file))
    })
}

fn analyze(args: AnalyzeArgs) -> Result<ExitCode> {
    let registry = load_registry(&args.plugin_args);
    for problem in &registry.problems {
        eprintln!("news: warning: {problem}");
    }
    let configs = config::plugin_configs(args.plugin_config_file.as_deref(), &args.plugin_config)?;
    let pipeline = Pipeline::new(&registry, args.plugins.as_deref(), &configs)
        .context("cannot start the plugin pipeline")?;
    let pipeline = std::sync::Arc::new(pipeline);
    let fetch_config = args.fetch.config()?;
    let (source, format) = if let Some(jsonl) = &args.jsonl {
        (Source::Jsonl(open_lines(jsonl)?), Format::Jsonl)
    } else if let Some(urls) = &args.urls {
        (Source::Urls(open_lines(urls)?), Format::Jsonl)
    } else {
        (Source::Inputs(args.inputs.clone()), args.format)
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut any_failed = false;
    let emit = |rendered: Rendered| -> std::io::Result<()> {
        any_failed |= rendered.failed;
        out.write_all(&rendered.bytes)?;
        out.flush()
    };
    let jobs = match args.jobs {
        Some(jobs) => jobs.max(1),
        None => std::thread::available_parallelism().map_or(1, usize::from),
    };
    let options =
        BatchOptions { window: args.fetch.concurrency.max(jobs).max(1), jobs, format, fetch: fetch_config };
    let written = run_batch(source, pipeline, &options, emit);
    match written {
        Ok(()) => {}
        // The reader went away (`news … | head`): stop quietly.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(ExitCode::SUCCESS),
        Err(e) => return Err(e).context("cannot write results"),
    }
    Ok(if any_failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn plugins(args: PluginsArgs) -> Result<ExitCode> {
    if let Some(file) = &args.check {
        return Ok(check_plugin(file));
    }
    let registry = load_registry(&args.plugin_args);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if args.json {
        let plugins: Vec<serde_json::Value> = registry
            .plugins
            .iter()
            .map(|p| {
                serde_json::json!({
                    "name": p.info.name, "version": p.info.version, "abi": p.info.abi_version,
                    "requires": p.info.manifest.requires, "provides": p.info.manifest.provides,
                    "description": p.info.manifest.description, "path": p.info.path,
                })
            })
            .collect();
        let problems: Vec<String> = registry.problems.iter().map(ToString::to_string).collect();
        serde_json::to_writer_pretty(
            &mut out,
            &serde_json::json!({"plugins": plugins, "problems": problems}),
        )?;
        writeln!(out)?;
    } else {
        output::write_plugin_table(&mut out, &registry)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `news plugins --check FILE`: the same checks as loading, and a create with an empty config.
fn check_plugin(file: &std::path::Path) -> ExitCode {
    match news_host::load_library(file) {
        Err(problem) => {
            println!("refused: {problem}");
            ExitCode::from(1)
        }
        Ok(plugin) => {
            let info = &plugin.info;
            println!(
                "plugin: {} {} (ABI {}), requires [{}], provides [{}]",
                info.name,
                info.version,
                info.abi_version,
                info.manifest.requires.join(", "),
                info.manifest.provides.join(", ")
            );
            // Requirements are satisfied by other plugins at run time; check creation alone.
            let mut alone = plugin;
            alone.info.manifest.requires.clear();
            let mut solo = Registry::default();
            solo.add(alone);
            match Pipeline::new(&solo, None, &Default::default()) {
                Ok(_) => {
                    println!("ok: it loads and starts with an empty configuration");
                    ExitCode::SUCCESS
                }
                Err(error) => {
                    println!("refused: {error}");
                    ExitCode::from(1)
                }
            }
        }
    }
}
