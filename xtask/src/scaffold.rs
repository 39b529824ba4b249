//! `cargo xtask new-plugin NAME [--path DIR]`: scaffolds a working analyzer plugin crate — a
//! keyword counter with a config, a unit test and a fixture test — either inside the workspace
//! (`plugins/NAME`, added to the workspace members so `cargo xtask build` stages it) or out of
//! tree at DIR (its own workspace, with path dependencies on this checkout's SDK crates).

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

/// Checks a plugin name: lowercase ASCII letters, digits, `-`, `_`, starting with a letter.
pub fn check_name(name: &str) -> Result<()> {
    let mut chars = name.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_lowercase());
    if !first_ok
        || !name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
    {
        bail!(
            "invalid plugin name {name:?}: use lowercase letters, digits, '-' and '_', starting with a letter"
        );
    }
    Ok(())
}

/// `word_freq` / `word-freq` → `WordFreq`.
fn type_name(name: &str) -> String {
    name.split(['-', '_'])
        .filter(|part| !part.is_empty())
        .map(|part| {
            let mut chars = part.chars();
            chars.next().map(|c| c.to_ascii_uppercase().to_string() + chars.as_str()).unwrap_or_default()
        })
        .collect()
}

/// Creates the plugin. Returns the crate directory.
pub fn new_plugin(root: &Path, name: &str, out_of_tree: Option<&Path>) -> Result<PathBuf> {
    check_name(name)?;
    let dir = match out_of_tree {
        Some(dir) => std::path::absolute(dir).context("plugin directory")?,
        None => root.join("plugins").join(name),
    };
    if dir.join("Cargo.toml").exists() {
        bail!("{} already holds a crate", dir.display());
    }
    let crate_name = format!("news-{name}");
    let lib_name = crate_name.replace('-', "_");
    let fill = |template: &str| {
        template
            .replace("__NAME__", name)
            .replace("__CRATE__", &crate_name)
            .replace("__LIB__", &lib_name)
            .replace("__TYPE__", &type_name(name))
    };
    let manifest = match out_of_tree {
        None => fill(IN_TREE_MANIFEST),
        Some(_) => {
            let sdk = |krate: &str| root.join("crates").join(krate).display().to_string().replace('\\', "/");
            fill(OUT_OF_TREE_MANIFEST)
                .replace("__CORE_PATH__", &sdk("news-core"))
                .replace("__PLUGIN_PATH__", &sdk("news-plugin"))
        }
    };
    let files = [
        ("Cargo.toml", manifest),
        ("src/lib.rs", fill(LIB_RS)),
        ("tests/fixture.rs", fill(FIXTURE_RS)),
        ("tests/fixtures/input.txt", INPUT_TXT.to_owned()),
        ("tests/fixtures/expected.json", EXPECTED_JSON.to_owned()),
        ("README.md", fill(README_MD)),
    ];
    for (file, text) in files {
        let path = dir.join(file);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
    }
    if out_of_tree.is_none() {
        add_workspace_member(&root.join("Cargo.toml"), &format!("plugins/{name}"))?;
    }
    Ok(dir)
}

/// Adds `member` to the `members = [...]` list of the workspace manifest.
fn add_workspace_member(manifest: &Path, member: &str) -> Result<()> {
    let text = std::fs::read_to_string(manifest).context("read the workspace Cargo.toml")?;
    let start = text.find("members = [").context("no `members = [` in the workspace Cargo.toml")?;
    let close = start + text[start..].find(']').context("unclosed members list")?;
    let entry = format!("\"{member}\"");
    if text[start..close].contains(&entry) {
        return Ok(());
    }
    let updated = format!("{}    {entry},\n{}", &text[..close], &text[close..]);
    std::fs::write(manifest, updated).context("write the workspace Cargo.toml")
}

const IN_TREE_MANIFEST: &str = r#"[package]
name = "__CRATE__"
description = "The __NAME__ analyzer plugin of news."
version = "0.1.0"
edition = "2024"
publish = false

[lib]
name = "__LIB__"
# cdylib: the plugin library `news` loads; rlib: for the tests.
crate-type = ["cdylib", "rlib"]

[dependencies]
news-core.workspace = true
news-plugin.workspace = true
serde.workspace = true
serde_json.workspace = true
"#;

const OUT_OF_TREE_MANIFEST: &str = r#"[package]
name = "__CRATE__"
description = "The __NAME__ analyzer plugin for news."
version = "0.1.0"
edition = "2024"
publish = false

[lib]
name = "__LIB__"
# cdylib: the plugin library `news` loads; rlib: for the tests.
crate-type = ["cdylib", "rlib"]

# Its own workspace: this crate lives outside the news repository.
[workspace]

[dependencies]
# Path dependencies on a news checkout; use version dependencies once the SDK is published.
news-core = { path = "__CORE_PATH__" }
news-plugin = { path = "__PLUGIN_PATH__" }
serde = { version = "1", features = ["derive"] }
serde_json = "1"
"#;

const LIB_RS: &str = r##"//! `__NAME__`: a news analyzer plugin that counts the most frequent content words of an article
//! (a starting point: replace `analyze` with your own analysis).
//!
//! Config (all optional): `{"top": 10, "min_len": 3, "stopwords": ["extra", "words"]}`.
//! Output: `{"words": [{"word": "putin", "count": 12, "first": {"start", "end", "text"}}]}`.

use std::collections::HashMap;

use news_core::text::{TokenKind, tokenize};
use news_core::{AnalyzeError, Analyzer, Document, Span};
use serde::{Deserialize, Serialize};

/// Words too common to be keywords.
const STOPWORDS: &[&str] = &[
    "the", "and", "for", "that", "with", "this", "from", "has", "have", "was", "were", "are", "its", "his",
    "her", "their", "they", "will", "would", "which", "said", "but", "not", "been", "also", "had", "than",
    "who", "what", "when", "while", "into", "over", "about", "after", "more", "other", "such", "can", "all",
];

/// The plugin's configuration; unknown keys are refused.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub top: usize,
    pub min_len: usize,
    pub stopwords: Vec<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config { top: 10, min_len: 3, stopwords: Vec::new() }
    }
}

#[derive(Debug, PartialEq, Serialize)]
pub struct WordCount {
    pub word: String,
    pub count: usize,
    /// The first mention, as a span of the article text.
    pub first: Span,
}

#[derive(Debug, PartialEq, Serialize)]
pub struct Output {
    pub words: Vec<WordCount>,
}

pub struct __TYPE__ {
    config: Config,
}

impl Analyzer for __TYPE__ {
    const NAME: &'static str = "__NAME__";
    const VERSION: &'static str = env!("CARGO_PKG_VERSION");
    const DESCRIPTION: &'static str = "the most frequent content words";
    const REQUIRES: &'static [&'static str] = &[];
    const PROVIDES: &'static [&'static str] = &["__NAME__"];
    type Config = Config;
    type Output = Output;

    fn create(config: Config) -> Result<Self, AnalyzeError> {
        if config.top == 0 || config.top > 1000 {
            return Err(AnalyzeError::InvalidConfig(format!("top must be between 1 and 1000, not {}", config.top)));
        }
        Ok(__TYPE__ { config })
    }

    fn analyze(&self, doc: &Document) -> Result<Output, AnalyzeError> {
        let text = &doc.article.text;
        let tokens = tokenize(text);
        let mut counts: HashMap<String, (usize, usize)> = HashMap::new();
        for (index, token) in tokens.iter().enumerate() {
            let word = token.text(text).to_lowercase();
            let skip = token.kind != TokenKind::Word
                || word.chars().count() < self.config.min_len
                || STOPWORDS.contains(&word.as_str())
                || self.config.stopwords.iter().any(|s| s.eq_ignore_ascii_case(&word));
            if !skip {
                counts.entry(word).or_insert((0, index)).0 += 1;
            }
        }
        let mut ranked: Vec<(String, usize, usize)> = counts.into_iter().map(|(w, (c, i))| (w, c, i)).collect();
        // Most frequent first; ties by first appearance, so the output is deterministic.
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.2.cmp(&b.2)));
        let words = ranked
            .into_iter()
            .take(self.config.top)
            .filter_map(|(word, count, index)| {
                let token = tokens.get(index)?;
                let first = Span::of(text, token.range().start, token.range().end).ok()?;
                Some(WordCount { word, count, first })
            })
            .collect();
        Ok(Output { words })
    }
}

news_plugin::export_plugin!(__TYPE__);

#[cfg(test)]
mod tests {
    use super::*;
    use news_core::Article;

    #[test]
    fn counts_content_words_and_points_at_their_first_mention() {
        let analyzer = __TYPE__::create(Config { top: 2, ..Config::default() }).expect("valid config");
        let doc = Document::new(Article::from_text("Putin met Xi. Xi and Putin spoke; Putin left."));
        let output = analyzer.analyze(&doc).expect("analyzes");
        assert_eq!(output.words.len(), 2);
        assert_eq!((output.words[0].word.as_str(), output.words[0].count), ("putin", 3));
        assert_eq!(output.words[0].first, Span { start: 0, end: 5, text: "Putin".into() });
        // "xi" is shorter than min_len and "and" is a stopword: "met" comes next.
        assert_eq!((output.words[1].word.as_str(), output.words[1].count), ("met", 1));
    }

    #[test]
    fn bad_config_is_refused() {
        assert!(matches!(__TYPE__::create(Config { top: 0, ..Config::default() }), Err(AnalyzeError::InvalidConfig(_))));
        assert!(serde_json::from_str::<Config>(r#"{"colour": 1}"#).is_err());
    }
}
"##;

const FIXTURE_RS: &str = r#"//! Fixture test: `tests/fixtures/input.txt` analyzed with the default config must give
//! `tests/fixtures/expected.json`. Run with `BLESS=1` to rewrite the expected file after an
//! intended change, and review the diff.

use news_core::{Analyzer, Article, Document};
use __LIB__::{Config, __TYPE__};

#[test]
fn fixture_matches_expected_output() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let input = std::fs::read_to_string(dir.join("input.txt")).expect("input.txt");
    let analyzer = __TYPE__::create(Config::default()).expect("default config");
    let output = analyzer.analyze(&Document::new(Article::from_text(input))).expect("analyzes");
    let actual = serde_json::to_string_pretty(&output).expect("serializes") + "\n";
    let expected_path = dir.join("expected.json");
    if std::env::var_os("BLESS").is_some_and(|v| v == "1") {
        std::fs::write(&expected_path, &actual).expect("write expected.json");
        return;
    }
    let expected = std::fs::read_to_string(&expected_path).expect("expected.json");
    assert_eq!(actual, expected, "output changed: rerun with BLESS=1 and review the diff");
}
"#;

const INPUT_TXT: &str = "Russian President Vladimir Putin will visit Beijing on Thursday. Putin and Xi Jinping \
are expected to sign agreements on energy. Energy trade between Russia and China has grown since 2022, \
and Beijing has become Russia's largest energy customer.\n";

const EXPECTED_JSON: &str = r#"{
  "words": [
    {
      "word": "energy",
      "count": 3,
      "first": {
        "start": 121,
        "end": 127,
        "text": "energy"
      }
    },
    {
      "word": "putin",
      "count": 2,
      "first": {
        "start": 27,
        "end": 32,
        "text": "Putin"
      }
    },
    {
      "word": "beijing",
      "count": 2,
      "first": {
        "start": 44,
        "end": 51,
        "text": "Beijing"
      }
    },
    {
      "word": "russia",
      "count": 2,
      "first": {
        "start": 150,
        "end": 156,
        "text": "Russia"
      }
    },
    {
      "word": "russian",
      "count": 1,
      "first": {
        "start": 0,
        "end": 7,
        "text": "Russian"
      }
    },
    {
      "word": "president",
      "count": 1,
      "first": {
        "start": 8,
        "end": 17,
        "text": "President"
      }
    },
    {
      "word": "vladimir",
      "count": 1,
      "first": {
        "start": 18,
        "end": 26,
        "text": "Vladimir"
      }
    },
    {
      "word": "visit",
      "count": 1,
      "first": {
        "start": 38,
        "end": 43,
        "text": "visit"
      }
    },
    {
      "word": "thursday",
      "count": 1,
      "first": {
        "start": 55,
        "end": 63,
        "text": "Thursday"
      }
    },
    {
      "word": "jinping",
      "count": 1,
      "first": {
        "start": 78,
        "end": 85,
        "text": "Jinping"
      }
    }
  ]
}
"#;

const README_MD: &str = r#"# __NAME__

A plugin for [news](https://crates.io/crates/news-cli): the most frequent content words of an
article. Generated by `cargo xtask new-plugin __NAME__`; make it yours.

    cargo test                      # unit and fixture tests (BLESS=1 rewrites the fixture)
    cargo build --release           # builds the plugin library (lib__LIB__.so on Linux)
    news analyze article.txt --plugin-dir target/release --plugins __NAME__
    news analyze article.txt --plugins __NAME__ --plugin-config __NAME__.top=5

See the plugin author's guide, `docs/plugins.md` in the news repository.
"#;

/// The CI check of the plugin-author path, in a temporary directory so the repository stays
/// clean: scaffold `wordfreq` in a copy of the workspace (as `new-plugin wordfreq` does), check
/// that `cargo metadata` sees it (so `cargo xtask build` stages it), run its unit and fixture
/// tests, build it, and analyze the seed with the staged `news`; then the same out of tree.
pub fn ci_check(root: &Path, news_bin: &Path) -> Result<()> {
    let scratch = std::env::temp_dir().join(format!("news-scaffold-{}", std::process::id()));
    if scratch.exists() {
        std::fs::remove_dir_all(&scratch)?;
    }
    let copy = scratch.join("workspace");
    copy_tracked_files(root, &copy)?;
    let target_dir =
        std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| root.join("target"));
    let result = (|| -> Result<()> {
        // In tree.
        new_plugin(&copy, "wordfreq", None)?;
        let metadata = cargo_in(&copy, &target_dir, &["metadata", "--format-version", "1", "--no-deps"])?;
        if !metadata.contains("\"news-wordfreq\"") {
            bail!("the scaffolded plugin is not a workspace member");
        }
        cargo_in(&copy, &target_dir, &["test", "-p", "news-wordfreq"])?;
        cargo_in(&copy, &target_dir, &["build", "-p", "news-wordfreq"])?;
        analyze_seed_with(root, news_bin, &target_dir.join("debug"), "news_wordfreq", "wordfreq", &scratch)?;
        // Out of tree, with path dependencies on this checkout.
        let outside = scratch.join("wordcount-outside");
        new_plugin(root, "outside", Some(&outside))?;
        let manifest = outside.join("Cargo.toml");
        let manifest = manifest.to_string_lossy();
        cargo_in(&outside, &target_dir, &["test", "--manifest-path", &manifest])?;
        cargo_in(&outside, &target_dir, &["build", "--manifest-path", &manifest])?;
        analyze_seed_with(root, news_bin, &target_dir.join("debug"), "news_outside", "outside", &scratch)
    })();
    let _ = std::fs::remove_dir_all(&scratch);
    result
}

fn cargo_in(dir: &Path, target_dir: &Path, args: &[&str]) -> Result<String> {
    let output = super::cargo()
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target_dir)
        .output()
        .with_context(|| format!("cannot run cargo {}", args.join(" ")))?;
    if !output.status.success() {
        bail!(
            "cargo {} failed in {}:\n{}{}",
            args.join(" "),
            dir.display(),
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// Copies the built library into a plugin directory and analyzes the seed with it.
fn analyze_seed_with(
    root: &Path,
    news_bin: &Path,
    built: &Path,
    lib: &str,
    name: &str,
    scratch: &Path,
) -> Result<()> {
    let file = format!("{}{lib}{}", std::env::consts::DLL_PREFIX, std::env::consts::DLL_SUFFIX);
    let plugin_dir = scratch.join(format!("plugins-{name}"));
    std::fs::create_dir_all(&plugin_dir)?;
    std::fs::copy(built.join(&file), plugin_dir.join(&file)).with_context(|| format!("copy {file}"))?;
    let output = std::process::Command::new(news_bin)
        .args(["analyze", "tests/fixtures/seed.txt", "--plugins", name, "--plugin-dir"])
        .arg(&plugin_dir)
        .current_dir(root)
        .output()
        .context("run news")?;
    let result: serde_json::Value = serde_json::from_slice(&output.stdout)
        .with_context(|| format!("news printed no JSON: {}", String::from_utf8_lossy(&output.stderr)))?;
    let words = result["annotations"][name]["words"].as_array().map_or(0, Vec::len);
    if !output.status.success() || words == 0 {
        bail!("the scaffolded `{name}` plugin gave no words: {result}");
    }
    println!(
        "scaffold: `{name}` plugin built and loaded; top word on the seed: {}",
        result["annotations"][name]["words"][0]
    );
    Ok(())
}

/// Copies the files git tracks (and untracked, unignored ones) to `to`.
fn copy_tracked_files(root: &Path, to: &Path) -> Result<()> {
    let output = std::process::Command::new("git")
        .args(["ls-files", "-z", "--cached", "--others", "--exclude-standard"])
        .current_dir(root)
        .output()
        .context("cannot run git ls-files")?;
    if !output.status.success() {
        bail!("git ls-files failed");
    }
    for name in output.stdout.split(|&b| b == 0).filter(|n| !n.is_empty()) {
        let relative = Path::new(std::str::from_utf8(name).context("non-UTF-8 path")?);
        let (from, dest) = (root.join(relative), to.join(relative));
        if !from.is_file() {
            continue; // deleted in the working tree
        }
        if let Some(parent) = dest.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::copy(&from, &dest).with_context(|| format!("copy {}", from.display()))?;
    }
    Ok(())
}
