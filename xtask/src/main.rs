//! `cargo xtask`: the project's automation, in Rust so it runs wherever cargo does.
//!
//! - `build [--debug]`: build the workspace (release by default) and stage plugin libraries next
//!   to `news` (`target/<profile>/plugins/`; examples, including the C plugin, in
//!   `target/<profile>/example-plugins/`; contract-breaking test plugins in `test-plugins/`).
//! - `new-plugin NAME [--path DIR]`: scaffold a plugin crate (see `scaffold.rs`).
//! - `codegen [--check]`: the C header `include/news_plugin.h` from the Rust ABI.
//! - `analyze ARGS…`: release build, then `news analyze ARGS…`.
//! - `test`: build, then every test of the workspace, end-to-end tests included.
//! - `fixtures [--bless]`: the golden fixture tests; `--bless` rewrites `tests/expected/`.
//! - `ci`: fmt check, clippy, build, all tests; ends with `N passed, N failed`.
//! - `bench`, `eval PART --data FILE`, `train PART --data DIR…`: release-mode work done by the
//!   `news-lab` binary (see `src/bin/news-lab`).

mod scaffold;
mod stage;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "cargo xtask", about = "Build, test and benchmark news.")]
struct Cli {
    #[command(subcommand)]
    task: Task,
}

#[derive(Subcommand)]
enum Task {
    /// Build the workspace (release unless --debug) and stage the plugins next to `news`.
    Build {
        #[arg(long)]
        debug: bool,
    },
    /// Scaffold a plugin crate: in plugins/NAME, or out of tree with --path DIR.
    NewPlugin {
        name: String,
        /// Create the crate here, as its own workspace, instead of plugins/NAME.
        #[arg(long, value_name = "DIR")]
        path: Option<PathBuf>,
    },
    /// Scaffold, build, test and load a plugin in a temporary directory (part of `ci`).
    CheckScaffold,
    /// Regenerate include/news_plugin.h from the Rust ABI (`--check`: fail if it is stale).
    Codegen {
        #[arg(long)]
        check: bool,
    },
    /// Release build, then `news analyze` with these arguments.
    Analyze {
        #[arg(trailing_var_arg = true, allow_hyphen_values = true, required = true)]
        args: Vec<String>,
    },
    /// Build, then run every test (unit, end-to-end, fixtures).
    Test,
    /// Run the golden fixture tests; `--bless` rewrites the expected outputs.
    Fixtures {
        #[arg(long)]
        bless: bool,
    },
    /// Everything that guards main: fmt, clippy, build, tests. Ends with `N passed, N failed`.
    Ci,
    /// Measure speed (release build): see `news-lab bench --help`.
    Bench {
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
    /// Score a part on a dev set (release build): `cargo xtask eval PART --data FILE`.
    Eval {
        #[arg(trailing_var_arg = true, allow_hyphen_values = true, required = true)]
        args: Vec<String>,
    },
    /// Train a model (release build): `cargo xtask train PART --data DIR…`.
    Train {
        #[arg(trailing_var_arg = true, allow_hyphen_values = true, required = true)]
        args: Vec<String>,
    },
    /// Build the geography gazetteer (release build): `cargo xtask gazetteer --from DIR`.
    Gazetteer {
        #[arg(trailing_var_arg = true, allow_hyphen_values = true, required = true)]
        args: Vec<String>,
    },
}

fn main() -> ExitCode {
    match run(Cli::parse().task) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("xtask: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(task: Task) -> Result<()> {
    let root = workspace_root();
    std::env::set_current_dir(&root).with_context(|| format!("cannot enter {}", root.display()))?;
    match task {
        Task::Build { debug } => stage::build(&root, profile(!debug)).map(|_| ()),
        Task::NewPlugin { name, path } => {
            let dir = scaffold::new_plugin(&root, &name, path.as_deref())?;
            println!("created {}", dir.display());
            match path {
                None => {
                    println!("next: cargo xtask build && target/release/news analyze FILE --plugins {name}")
                }
                Some(_) => println!(
                    "next: cargo build --release --manifest-path {}/Cargo.toml && news analyze FILE --plugin-dir {}/target/release --plugins {name}",
                    dir.display(),
                    dir.display()
                ),
            }
            Ok(())
        }
        Task::Codegen { check } => codegen(&root, check),
        Task::CheckScaffold => {
            let staged = stage::build(&root, "debug")?;
            scaffold::ci_check(&root, &staged.news_bin)
        }
        Task::Analyze { args } => {
            let staged = stage::build(&root, "release")?;
            let status = Command::new(&staged.news_bin).arg("analyze").args(&args).status()?;
            if !status.success() {
                bail!("news analyze exited with {status}");
            }
            Ok(())
        }
        Task::Test => {
            let staged = stage::build(&root, "debug")?;
            let counts = cargo_test(&staged, &["--workspace"], false)?;
            counts.finish()
        }
        Task::Fixtures { bless } => {
            let staged = stage::build(&root, "debug")?;
            let counts = cargo_test(&staged, &["-p", "news-e2e", "--test", "fixtures"], bless)?;
            counts.finish()
        }
        Task::Ci => ci(&root),
        Task::Bench { args } => lab(&root, "bench", &args),
        Task::Eval { args } => lab(&root, "eval", &args),
        Task::Train { args } => lab(&root, "train", &args),
        Task::Gazetteer { args } => lab(&root, "gazetteer", &args),
    }
}

/// Builds (release, plugins staged) and runs `news-lab TASK ARGS…`.
fn lab(root: &Path, task: &str, args: &[String]) -> Result<()> {
    stage::build(root, "release")?;
    let status = cargo()
        .args(["run", "--quiet", "--release", "-p", "xtask", "--bin", "news-lab", "--", task])
        .args(args)
        .status()?;
    if !status.success() {
        bail!("news-lab {task} failed");
    }
    Ok(())
}

/// Writes (or with `check`, compares) the generated C header.
fn codegen(root: &Path, check: bool) -> Result<()> {
    let path = root.join("include/news_plugin.h");
    let header = news_plugin::c_header::c_header();
    if check {
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        if committed != header {
            bail!("{} is stale: run `cargo xtask codegen`", path.display());
        }
        println!("{} is current", path.display());
        return Ok(());
    }
    std::fs::create_dir_all(root.join("include"))?;
    std::fs::write(&path, header).with_context(|| format!("cannot write {}", path.display()))?;
    println!("wrote {}", path.display());
    Ok(())
}

fn profile(release: bool) -> &'static str {
    if release { "release" } else { "debug" }
}

fn workspace_root() -> PathBuf {
    // xtask lives in <root>/xtask.
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// Test counts gathered from cargo's `test result:` lines, plus failed non-test steps.
#[derive(Default)]
struct Counts {
    passed: usize,
    failed: usize,
    failed_steps: Vec<String>,
}

impl Counts {
    fn add(&mut self, other: Counts) {
        self.passed += other.passed;
        self.failed += other.failed;
        self.failed_steps.extend(other.failed_steps);
    }

    fn step(&mut self, name: &str, ok: bool) {
        if ok {
            self.passed += 1;
        } else {
            self.failed += 1;
            self.failed_steps.push(name.to_owned());
        }
    }

    fn finish(self) -> Result<()> {
        println!("{} passed, {} failed", self.passed, self.failed);
        if self.failed > 0 || !self.failed_steps.is_empty() {
            bail!("failed: {}", self.failed_steps.join(", "));
        }
        Ok(())
    }
}

/// Runs `cargo test ARGS` with the staged binary and plugins, echoing its output, and counts.
fn cargo_test(staged: &stage::Staged, args: &[&str], bless: bool) -> Result<Counts> {
    let mut cmd = cargo();
    cmd.args(["test", "--no-fail-fast"]).args(args);
    staged.export_env(&mut cmd);
    if bless {
        cmd.env("BLESS", "1");
    } else {
        cmd.env_remove("BLESS");
    }
    let output = cmd.output().context("cannot run cargo test")?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    print!("{stdout}");
    eprint!("{stderr}");
    let mut counts = Counts::default();
    for line in stdout.lines() {
        let Some(rest) = line.trim().strip_prefix("test result: ") else { continue };
        for part in rest.split(';') {
            let mut words = part.split_whitespace().rev();
            let (Some(label), Some(number)) = (words.next(), words.next()) else { continue };
            let Ok(number) = number.parse::<usize>() else { continue };
            match label {
                "passed" => counts.passed += number,
                "failed" => counts.failed += number,
                _ => {}
            }
        }
    }
    if !output.status.success() {
        counts.failed_steps.push(format!("cargo test {}", args.join(" ")));
        if counts.failed == 0 {
            // A build error: no test ran, but the step failed.
            counts.failed += 1;
        }
    }
    Ok(counts)
}

fn ci(root: &Path) -> Result<()> {
    let mut counts = Counts::default();
    let status = |cmd: &mut Command| cmd.status().map(|s| s.success()).unwrap_or(false);

    println!("== cargo fmt --check");
    counts.step("fmt", status(cargo().args(["fmt", "--all", "--", "--check"])));

    println!("== cargo clippy");
    counts.step(
        "clippy",
        status(cargo().args(["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"])),
    );

    println!("== build and stage");
    let staged = match stage::build(root, "debug") {
        Ok(staged) => {
            counts.step("build", true);
            staged
        }
        Err(err) => {
            eprintln!("xtask: {err:#}");
            counts.step("build", false);
            return counts.finish();
        }
    };

    println!("== C header is current");
    counts.step("codegen", codegen(root, true).map_err(|e| eprintln!("xtask: {e:#}")).is_ok());

    println!("== tests (unit, end-to-end, fixtures)");
    counts.add(cargo_test(&staged, &["--workspace"], false)?);

    println!("== scaffold a plugin, build it, load it");
    let scaffolded = scaffold::ci_check(root, &staged.news_bin);
    if let Err(err) = &scaffolded {
        eprintln!("xtask: {err:#}");
    }
    counts.step("scaffold", scaffolded.is_ok());
    counts.finish()
}
