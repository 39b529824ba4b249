//! The `news` binary: command-line parsing, exit codes, and wiring of input → pipeline → output.
//!
//! Exit codes: 0 everything analyzed; 1 some input failed or some plugin reported an error;
//! 2 usage error (bad flags, unknown plugin, missing requirement, dependency cycle).

mod input;
mod output;

use std::collections::BTreeMap;
use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use news_host::{Pipeline, Registry, SearchPath, discover};

use crate::input::{Request, parse_request_line};
use crate::output::{ResultLine, write_pretty};

#[derive(Parser, Debug)]
#[command(
    name = "news",
    version,
    about = "Read the news by machine: extract articles and analyze them with plugins."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Extract and analyze articles: files (.html, .htm, .txt) or `-` for standard input.
    Analyze(AnalyzeArgs),
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
    /// Input files (.html, .htm, .txt; other names are sniffed) or `-` for standard input.
    #[arg(value_name = "INPUT", required_unless_present = "jsonl")]
    inputs: Vec<String>,
    /// Batch mode: read one JSON request per line from FILE (or `-`), write one result line per
    /// request, in order. Requests: {"id", "text"} or {"id", "html", "url"?}.
    #[arg(long, value_name = "FILE", conflicts_with = "inputs")]
    jsonl: Option<String>,
    /// Run only these plugins (comma-separated), plus what they require.
    #[arg(long, value_delimiter = ',', value_name = "NAMES")]
    plugins: Option<Vec<String>>,
    /// Output format (batch mode always writes JSON lines).
    #[arg(long, value_enum, default_value_t = Format::Json)]
    format: Format,
    #[command(flatten)]
    plugin_args: PluginArgs,
}

#[derive(clap::Args, Debug)]
struct PluginsArgs {
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    plugin_args: PluginArgs,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    /// One pretty-printed JSON object per input.
    Json,
    /// One compact JSON object per line.
    Jsonl,
    /// A readable summary: title, people, quotes, tone, places.
    Pretty,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Analyze(args) => analyze(args),
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

fn warn_problems(registry: &Registry) {
    for problem in &registry.problems {
        eprintln!("news: warning: {problem}");
    }
}

fn analyze(args: AnalyzeArgs) -> Result<ExitCode> {
    let registry = load_registry(&args.plugin_args);
    warn_problems(&registry);
    let pipeline = Pipeline::new(&registry, args.plugins.as_deref(), &BTreeMap::new())
        .context("cannot start the plugin pipeline")?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut any_failed = false;
    let mut emit = |line: ResultLine, format: Format, out: &mut dyn Write| -> std::io::Result<()> {
        any_failed |= line.failed();
        match format {
            Format::Jsonl => {
                serde_json::to_writer(&mut *out, &line.to_json())?;
                writeln!(out)?;
            }
            Format::Json => {
                serde_json::to_writer_pretty(&mut *out, &line.to_json())?;
                writeln!(out)?;
            }
            Format::Pretty => write_pretty(out, &line)?,
        }
        out.flush()
    };
    let written = if let Some(source) = &args.jsonl {
        let reader: Box<dyn BufRead> = if source == "-" {
            Box::new(std::io::BufReader::new(std::io::stdin().lock()))
        } else {
            let file = std::fs::File::open(source).with_context(|| format!("cannot open {source}"))?;
            Box::new(std::io::BufReader::new(file))
        };
        run_batch(reader, &pipeline, |line| emit(line, Format::Jsonl, &mut out))
    } else {
        args.inputs.iter().try_for_each(|name| {
            let request = Request::from_input(name);
            emit(ResultLine::analyze(request, &pipeline), args.format, &mut out)
        })
    };
    match written {
        Ok(()) => {}
        // The reader went away (`news … | head`): stop quietly.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(ExitCode::SUCCESS),
        Err(e) => return Err(e).context("cannot write results"),
    }
    Ok(if any_failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// One result per non-blank request line, in input order; a line that cannot be read or parsed
/// becomes an error result and the next line is still answered.
fn run_batch(
    mut reader: impl BufRead,
    pipeline: &Pipeline,
    mut emit: impl FnMut(ResultLine) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let mut line = Vec::new();
    let mut number = 0usize;
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line)? == 0 {
            return Ok(());
        }
        number += 1;
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let request = parse_request_line(&line, number);
        emit(ResultLine::analyze(request, pipeline))?;
    }
}

fn plugins(args: PluginsArgs) -> Result<ExitCode> {
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
