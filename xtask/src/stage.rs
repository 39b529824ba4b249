//! Building the workspace and staging plugin libraries where the host and the tests find them.
//!
//! Plugins are the workspace packages under `plugins/` with a `cdylib` target (found with
//! `cargo metadata`, so a new plugin crate needs no change here). Real plugins go to
//! `target/<profile>/plugins/` (next to `news`, the default search directory); those under
//! `plugins/examples/` go to `target/<profile>/example-plugins/`, used only by tests. C plugins
//! are compiled with the system C compiler (`$CC`, else `cc`) against `include/news_plugin.h`:
//! the example `plugins/examples/c-wordcount` into `example-plugins/`, and the contract-breaking
//! variants of `tests/plugins/misbehave.c` into `target/<profile>/test-plugins/`.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

/// Where a build put things.
pub struct Staged {
    pub news_bin: PathBuf,
    pub plugin_dir: PathBuf,
    pub example_plugin_dir: PathBuf,
    pub test_plugin_dir: PathBuf,
}

impl Staged {
    /// Tells the end-to-end tests where the binary and plugins are.
    pub fn export_env(&self, cmd: &mut Command) {
        cmd.env("NEWS_BIN", &self.news_bin)
            .env("NEWS_STAGED_PLUGINS", &self.plugin_dir)
            .env("NEWS_EXAMPLE_PLUGINS", &self.example_plugin_dir)
            .env("NEWS_TEST_PLUGINS", &self.test_plugin_dir)
            .env_remove("NEWS_PLUGIN_PATH");
    }
}

struct PluginCrate {
    lib_name: String,
    example: bool,
}

fn plugin_crates(root: &Path) -> Result<Vec<PluginCrate>> {
    let output = super::cargo()
        .args(["metadata", "--format-version", "1", "--no-deps", "--offline"])
        .output()
        .or_else(|_| super::cargo().args(["metadata", "--format-version", "1", "--no-deps"]).output())
        .context("cannot run cargo metadata")?;
    if !output.status.success() {
        bail!("cargo metadata failed: {}", String::from_utf8_lossy(&output.stderr));
    }
    let meta: serde_json::Value = serde_json::from_slice(&output.stdout).context("cargo metadata output")?;
    let plugins_root = root.join("plugins");
    let examples_root = plugins_root.join("examples");
    let mut found = Vec::new();
    for package in meta["packages"].as_array().into_iter().flatten() {
        let manifest = PathBuf::from(package["manifest_path"].as_str().unwrap_or_default());
        if !manifest.starts_with(&plugins_root) {
            continue;
        }
        for target in package["targets"].as_array().into_iter().flatten() {
            let is_cdylib = target["crate_types"].as_array().into_iter().flatten().any(|t| t == "cdylib");
            if let (true, Some(name)) = (is_cdylib, target["name"].as_str()) {
                found.push(PluginCrate {
                    lib_name: name.replace('-', "_"),
                    example: manifest.starts_with(&examples_root),
                });
            }
        }
    }
    Ok(found)
}

/// `cargo build --workspace` for `profile` ("debug" or "release"), then stage the plugins.
pub fn build(root: &Path, profile: &str) -> Result<Staged> {
    let mut cmd = super::cargo();
    cmd.args(["build", "--workspace"]);
    if profile == "release" {
        cmd.arg("--release");
    }
    let status = cmd.status().context("cannot run cargo build")?;
    if !status.success() {
        bail!("cargo build failed");
    }
    let target_dir =
        std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| root.join("target"));
    let out_dir = target_dir.join(profile);
    let staged = Staged {
        news_bin: out_dir.join(format!("news{}", std::env::consts::EXE_SUFFIX)),
        plugin_dir: out_dir.join("plugins"),
        example_plugin_dir: out_dir.join("example-plugins"),
        test_plugin_dir: out_dir.join("test-plugins"),
    };
    for dir in [&staged.plugin_dir, &staged.example_plugin_dir, &staged.test_plugin_dir] {
        // Start clean so a removed plugin does not linger.
        if dir.exists() {
            std::fs::remove_dir_all(dir).with_context(|| format!("cannot clear {}", dir.display()))?;
        }
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let (prefix, suffix) = (std::env::consts::DLL_PREFIX, std::env::consts::DLL_SUFFIX);
    let mut count = 0;
    for plugin in plugin_crates(root)? {
        let file = format!("{prefix}{}{suffix}", plugin.lib_name);
        let from = out_dir.join(&file);
        let to_dir = if plugin.example { &staged.example_plugin_dir } else { &staged.plugin_dir };
        std::fs::copy(&from, to_dir.join(&file))
            .with_context(|| format!("cannot stage {} (was it built?)", from.display()))?;
        count += 1;
    }
    count += build_c_plugins(root, &staged, profile == "release")?;
    eprintln!("xtask: staged {count} plugin libraries under {}", out_dir.display());
    Ok(staged)
}

/// The contract-breaking test variants of `tests/plugins/misbehave.c`: file stem, -D flags.
const MISBEHAVING: &[(&str, &[&str])] = &[
    ("test_cycle_a", &["NAME=\"cycle-a\"", "REQUIRES=\"\\\"cycle-b\\\"\"", "MODE=0"]),
    ("test_cycle_b", &["NAME=\"cycle-b\"", "REQUIRES=\"\\\"cycle-a\\\"\"", "MODE=0"]),
    ("test_bad_json", &["NAME=\"bad-json\"", "MODE=1"]),
    ("test_bad_span", &["NAME=\"bad-span\"", "MODE=2"]),
    ("test_create_fails", &["NAME=\"create-fails\"", "MODE=3"]),
    ("test_no_entry", &["NAME=\"no-entry\"", "MODE=4"]),
];

/// Compiles the C plugins; a missing or failing compiler is an error (CI must prove the C path).
fn build_c_plugins(root: &Path, staged: &Staged, optimize: bool) -> Result<usize> {
    let compiler = std::env::var_os("CC").unwrap_or_else(|| "cc".into());
    let (prefix, suffix) = (std::env::consts::DLL_PREFIX, std::env::consts::DLL_SUFFIX);
    let compile = |source: &Path, out: &Path, defines: &[&str]| -> Result<()> {
        let mut cmd = Command::new(&compiler);
        cmd.args([
            "-std=c11",
            "-Wall",
            "-Wextra",
            "-Werror",
            "-pedantic",
            "-shared",
            "-fPIC",
            "-fvisibility=hidden",
        ])
        .arg(if optimize { "-O2" } else { "-O0" })
        .arg("-I")
        .arg(root.join("include"));
        for define in defines {
            cmd.arg(format!("-D{define}"));
        }
        cmd.arg(source).arg("-o").arg(out);
        let status = cmd.status().with_context(|| format!("cannot run the C compiler {compiler:?}"))?;
        if !status.success() {
            bail!("the C compiler failed on {}", source.display());
        }
        Ok(())
    };
    let example = root.join("plugins/examples/c-wordcount/wordcount.c");
    compile(
        &example,
        &staged.example_plugin_dir.join(format!("{prefix}news_example_c_wordcount{suffix}")),
        &[],
    )?;
    let misbehave = root.join("tests/plugins/misbehave.c");
    for (stem, defines) in MISBEHAVING {
        compile(&misbehave, &staged.test_plugin_dir.join(format!("{prefix}{stem}{suffix}")), defines)?;
    }
    Ok(1 + MISBEHAVING.len())
}
