//! Shared helpers of the end-to-end tests: where the built `news` binary and the staged plugins
//! are, and a runner that captures a command's output.
//!
//! `cargo xtask test` (and `cargo xtask ci`) build and stage everything first and pass the paths in
//! `NEWS_BIN`, `NEWS_STAGED_PLUGINS`, `NEWS_EXAMPLE_PLUGINS` and `NEWS_TEST_PLUGINS`. Run directly with `cargo test`,
//! the defaults under `target/debug/` are used, and a missing binary fails with instructions.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The workspace root.
pub fn root() -> PathBuf {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    here.parent().unwrap_or(here).to_path_buf()
}

fn built(var: &str, default: &str) -> PathBuf {
    let path = std::env::var_os(var).map(PathBuf::from).unwrap_or_else(|| root().join(default));
    assert!(
        path.exists(),
        "{} does not exist: run `cargo xtask test` (it builds and stages the binary and plugins)",
        path.display()
    );
    path
}

/// The `news` binary under test.
pub fn news_bin() -> PathBuf {
    built("NEWS_BIN", "target/debug/news")
}

/// The staged real plugins (entities, quotes, sentiment, geography).
pub fn staged_plugins() -> PathBuf {
    built("NEWS_STAGED_PLUGINS", "target/debug/plugins")
}

/// The staged example and test plugins (echo, abi-mismatch, …).
pub fn example_plugins() -> PathBuf {
    built("NEWS_EXAMPLE_PLUGINS", "target/debug/example-plugins")
}

/// The staged contract-breaking test plugins (built from `tests/plugins/misbehave.c`).
pub fn test_plugins() -> PathBuf {
    built("NEWS_TEST_PLUGINS", "target/debug/test-plugins")
}

/// A staged library file by its library name (`news_example_echo` → `libnews_example_echo.so`).
pub fn library(dir: &Path, lib_name: &str) -> PathBuf {
    dir.join(format!("{}{lib_name}{}", std::env::consts::DLL_PREFIX, std::env::consts::DLL_SUFFIX))
}

/// A finished command: exit code, stdout and stderr as text.
#[derive(Debug)]
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(output: Output) -> Self {
        Run {
            code: output.status.code(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

impl Run {
    /// Stdout parsed as one JSON value per line.
    pub fn json_lines(&self) -> Vec<serde_json::Value> {
        self.stdout
            .lines()
            .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}")))
            .collect()
    }

    /// Stdout parsed as one JSON document.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.stdout))
    }
}

/// Runs `program` with `args` in `cwd`, feeding `stdin`, with no plugin path from the environment.
pub fn run_program(program: &Path, args: &[&str], cwd: &Path, stdin: &[u8]) -> Run {
    let mut child = Command::new(program)
        .args(args)
        .current_dir(cwd)
        .env_remove("NEWS_PLUGIN_PATH")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", program.display()));
    if let Some(mut input) = child.stdin.take() {
        // A child that exits early closes its end; that is its business, not a test failure.
        let _ = input.write_all(stdin);
    }
    child.wait_with_output().expect("wait for news").into()
}

/// Runs the built `news` with `args` from the `tests/` directory.
pub fn news(args: &[&str]) -> Run {
    news_with_stdin(args, b"")
}

/// Runs the built `news` with `args` and `stdin`, from the `tests/` directory.
pub fn news_with_stdin(args: &[&str], stdin: &[u8]) -> Run {
    run_program(&news_bin(), args, &root().join("tests"), stdin)
}
