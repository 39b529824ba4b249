//! Choosing, ordering, creating and running plugins.
//!
//! A [`Pipeline`] is built once per run: the selected plugins plus whatever they require
//! (transitively), ordered so that every plugin runs after the plugins providing what it requires.
//! A requirement nothing provides, or a cycle, is a [`PipelineError`] before any article is read.
//! [`Pipeline::run`] then calls each plugin in order; a plugin that fails (error status, panic,
//! invalid JSON, bad spans) adds a [`PluginFailure`] and the others still run, except those that
//! required its output, which are skipped with their own failure entry.

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::c_void;
use std::time::{Duration, Instant};

use news_core::Article;
use news_plugin::abi::{AbiBuf, STATUS_OK, STATUS_PANIC};
use serde_json::Value;
use serde_json::value::RawValue;

use crate::load::{LoadedPlugin, PluginInfo, Registry};
use crate::validate::accept;

/// Why a pipeline could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PipelineError {
    #[error("no plugin named `{name}` was found (available: {available})")]
    UnknownPlugin { name: String, available: String },
    #[error("plugin `{plugin}` requires `{requirement}`, which no loaded plugin provides")]
    MissingRequirement { plugin: String, requirement: String },
    #[error("plugins require each other in a cycle: {}", plugins.join(" -> "))]
    Cycle { plugins: Vec<String> },
    #[error("plugin `{plugin}` ({}) refused to start: {message}", path.display())]
    Create { plugin: String, path: std::path::PathBuf, message: String },
}

/// A plugin that failed on one article. Serialized into the result's `errors`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PluginFailure {
    pub plugin: String,
    pub message: String,
}

/// The annotations of one article and the failures met making them.
///
/// Each annotation is kept as the JSON text its plugin returned (checked, never re-serialized):
/// it is handed on to the plugins that require it and written into the result as it is.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    pub annotations: BTreeMap<String, Box<RawValue>>,
    pub errors: Vec<PluginFailure>,
}

impl Analysis {
    /// The annotation under `key` decoded as `T`; `None` when absent or of another shape.
    pub fn decode<T: serde::de::DeserializeOwned>(&self, key: &str) -> Option<T> {
        self.annotations.get(key).and_then(|raw| serde_json::from_str(raw.get()).ok())
    }
}

/// Where the time of one [`Pipeline::run_timed`] went: for benchmarks.
#[derive(Debug, Clone, Default)]
pub struct StageTimes {
    /// Serializing the article once.
    pub serialize_article: Duration,
    /// Per stage, in run order: building its input, the plugin call (which includes the plugin's
    /// own JSON parsing and writing), and parsing and checking its output.
    pub stages: Vec<StageTime>,
}

/// The time of one stage, split at the boundary.
#[derive(Debug, Clone, Default)]
pub struct StageTime {
    pub plugin: String,
    /// Building the input JSON on the host side.
    pub input: Duration,
    /// Inside the plugin's `analyze` entry point.
    pub call: Duration,
    /// Parsing and span-checking the output on the host side.
    pub output: Duration,
}

struct Stage {
    plugin: LoadedPlugin,
    instance: *mut c_void,
}

/// Plugins ready to run, in dependency order.
pub struct Pipeline {
    stages: Vec<Stage>,
}

// SAFETY: the plugin contract requires `analyze` to be callable concurrently on one instance
// (the Rust SDK enforces `Analyzer: Send + Sync`); descriptors are static.
unsafe impl Send for Pipeline {}
// SAFETY: as above; `run` takes `&self` and only calls `analyze`.
unsafe impl Sync for Pipeline {}

impl std::fmt::Debug for Pipeline {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.stages.iter().map(|s| &s.plugin.info.name)).finish()
    }
}

/// Orders `plugins` so that each comes after the providers of its requirements. Pure: the
/// dependency rules live here and are unit-tested without libraries.
pub fn order(plugins: &[&PluginInfo]) -> Result<Vec<usize>, PipelineError> {
    let mut provider: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, info) in plugins.iter().enumerate() {
        provider.entry(info.name.as_str()).or_insert(i);
        for key in &info.manifest.provides {
            provider.entry(key.as_str()).or_insert(i);
        }
    }
    let mut deps: Vec<BTreeSet<usize>> = Vec::with_capacity(plugins.len());
    for (i, info) in plugins.iter().enumerate() {
        let mut set = BTreeSet::new();
        for req in &info.manifest.requires {
            match provider.get(req.as_str()) {
                Some(&p) if p != i => {
                    set.insert(p);
                }
                Some(_) => {
                    return Err(PipelineError::Cycle { plugins: vec![info.name.clone(), info.name.clone()] });
                }
                None => {
                    return Err(PipelineError::MissingRequirement {
                        plugin: info.name.clone(),
                        requirement: req.clone(),
                    });
                }
            }
        }
        deps.push(set);
    }
    // Kahn's algorithm; among ready plugins, the one listed first goes first (deterministic).
    let mut done = vec![false; plugins.len()];
    let mut ordered = Vec::with_capacity(plugins.len());
    while ordered.len() < plugins.len() {
        let ready = (0..plugins.len()).find(|&i| !done[i] && deps[i].iter().all(|&d| done[d]));
        match ready {
            Some(i) => {
                done[i] = true;
                ordered.push(i);
            }
            None => return Err(PipelineError::Cycle { plugins: find_cycle(plugins, &deps, &done) }),
        }
    }
    Ok(ordered)
}

/// Names along one cycle among the plugins not yet ordered, closing on the first name.
fn find_cycle(plugins: &[&PluginInfo], deps: &[BTreeSet<usize>], done: &[bool]) -> Vec<String> {
    let Some(start) = (0..plugins.len()).find(|&i| !done[i]) else { return Vec::new() };
    let mut seen = vec![usize::MAX; plugins.len()];
    let mut walk = vec![start];
    let mut current = start;
    seen[start] = 0;
    // Every unfinished plugin has an unfinished dependency, so this walk must revisit a node.
    while let Some(&next) = deps[current].iter().find(|&&d| !done[d]) {
        if seen[next] != usize::MAX {
            let mut cycle: Vec<String> =
                walk[seen[next]..].iter().map(|&i| plugins[i].name.clone()).collect();
            cycle.push(plugins[next].name.clone());
            return cycle;
        }
        seen[next] = walk.len();
        walk.push(next);
        current = next;
    }
    walk.iter().map(|&i| plugins[i].name.clone()).collect()
}

impl Pipeline {
    /// Builds a pipeline of `selection` (every loaded plugin when `None`) plus the plugins they
    /// require, each created with its entry of `configs` (`{}` when absent).
    pub fn new(
        registry: &Registry,
        selection: Option<&[String]>,
        configs: &BTreeMap<String, Value>,
    ) -> Result<Pipeline, PipelineError> {
        let chosen = choose(registry, selection)?;
        let infos: Vec<&PluginInfo> = chosen.iter().map(|p| &p.info).collect();
        let ordered = order(&infos)?;
        let mut stages = Vec::with_capacity(ordered.len());
        for i in ordered {
            let plugin = chosen[i].clone();
            let config = configs.get(&plugin.info.name).cloned().unwrap_or(Value::Object(Default::default()));
            let instance = create(&plugin, &config)?;
            stages.push(Stage { plugin, instance });
        }
        Ok(Pipeline { stages })
    }

    /// The plugins of this pipeline, in the order they run.
    pub fn plugins(&self) -> impl Iterator<Item = &PluginInfo> {
        self.stages.iter().map(|s| &s.plugin.info)
    }

    /// Runs every plugin over `article`.
    pub fn run(&self, article: &Article) -> Analysis {
        self.run_inner(article, None)
    }

    /// Like [`Pipeline::run`], recording where the time went into `times` (cleared first).
    pub fn run_timed(&self, article: &Article, times: &mut StageTimes) -> Analysis {
        times.serialize_article = Duration::ZERO;
        times.stages.clear();
        self.run_inner(article, Some(times))
    }

    fn run_inner(&self, article: &Article, mut times: Option<&mut StageTimes>) -> Analysis {
        let mut analysis = Analysis::default();
        let clock = Instant::now();
        // Serialized once per article; each plugin's input reuses it.
        let article_json = match serde_json::to_string(article) {
            Ok(json) => json,
            Err(e) => {
                for stage in &self.stages {
                    let message = format!("cannot serialize the article: {e}");
                    analysis.errors.push(PluginFailure { plugin: stage.plugin.info.name.clone(), message });
                }
                return analysis;
            }
        };
        if let Some(t) = times.as_deref_mut() {
            t.serialize_article = clock.elapsed();
        }
        let mut input = String::with_capacity(article_json.len() + 1024);
        for stage in &self.stages {
            let info = &stage.plugin.info;
            if let Some(missing) =
                info.manifest.requires.iter().find(|r| !analysis.annotations.contains_key(r.as_str()))
            {
                let message =
                    format!("skipped: required annotation `{missing}` is unavailable for this article");
                analysis.errors.push(PluginFailure { plugin: info.name.clone(), message });
                continue;
            }
            let t0 = Instant::now();
            build_input(&mut input, &article_json, &info.manifest.requires, &analysis.annotations);
            let t1 = Instant::now();
            let called = call(stage, &input);
            let t2 = Instant::now();
            let accepted = called.and_then(|payload| accept(payload, &article.text));
            match accepted {
                Ok(raw) => {
                    for key in provided_keys(info) {
                        analysis.annotations.insert(key.clone(), raw.clone());
                    }
                }
                Err(message) => {
                    analysis.errors.push(PluginFailure { plugin: info.name.clone(), message });
                }
            }
            if let Some(t) = times.as_deref_mut() {
                t.stages.push(StageTime {
                    plugin: info.name.clone(),
                    input: t1 - t0,
                    call: t2 - t1,
                    output: t2.elapsed(),
                });
            }
        }
        analysis
    }
}

impl Drop for Pipeline {
    fn drop(&mut self) {
        for stage in &self.stages {
            // SAFETY: the instance came from this plugin's `create` and is destroyed once.
            unsafe { (stage.plugin.descriptor.destroy)(stage.instance) };
        }
    }
}

/// The annotation keys a plugin's output is stored under: its name (the contract), plus any
/// other key it declares it provides.
fn provided_keys(info: &PluginInfo) -> Vec<&String> {
    let mut keys = vec![&info.name];
    keys.extend(info.manifest.provides.iter().filter(|k| **k != info.name));
    keys
}

fn choose(registry: &Registry, selection: Option<&[String]>) -> Result<Vec<LoadedPlugin>, PipelineError> {
    let Some(names) = selection else { return Ok(registry.plugins.clone()) };
    let available = || {
        let names: Vec<&str> = registry.plugins.iter().map(|p| p.info.name.as_str()).collect();
        if names.is_empty() { "none".to_owned() } else { names.join(", ") }
    };
    let mut chosen: Vec<LoadedPlugin> = Vec::new();
    let mut queue: Vec<String> = names.to_vec();
    while let Some(name) = queue.pop() {
        if chosen.iter().any(|p| p.info.name == name) {
            continue;
        }
        let plugin = registry
            .get(&name)
            .ok_or_else(|| PipelineError::UnknownPlugin { name: name.clone(), available: available() })?;
        // Pull in the providers of its requirements, when loaded; `order` reports the rest.
        for req in &plugin.info.manifest.requires {
            if let Some(provider) = registry
                .plugins
                .iter()
                .find(|p| p.info.name == *req || p.info.manifest.provides.contains(req))
            {
                queue.push(provider.info.name.clone());
            }
        }
        chosen.push(plugin.clone());
    }
    // Keep registry order for a stable run order.
    chosen.sort_by_key(|p| registry.plugins.iter().position(|q| q.info.name == p.info.name));
    Ok(chosen)
}

fn create(plugin: &LoadedPlugin, config: &Value) -> Result<*mut c_void, PipelineError> {
    let config = config.to_string();
    let mut err = AbiBuf::empty();
    let create = plugin.descriptor.create;
    // SAFETY: ABI call with a valid config buffer and a writable error buffer.
    let instance = unsafe { create(config.as_ptr(), config.len(), &mut err) };
    let message = take_buf(plugin, err);
    if instance.is_null() {
        return Err(PipelineError::Create {
            plugin: plugin.info.name.clone(),
            path: plugin.info.path.clone(),
            message: message.unwrap_or_else(|| "create returned no instance".to_owned()),
        });
    }
    Ok(instance)
}

/// Copies a plugin-owned buffer and gives it back to the plugin's `free_buf`.
fn take_buf(plugin: &LoadedPlugin, buf: AbiBuf) -> Option<String> {
    if buf.ptr.is_null() {
        return None;
    }
    // SAFETY: the plugin handed us `len` readable bytes at `ptr`, valid until `free_buf`.
    let bytes = unsafe { std::slice::from_raw_parts(buf.ptr, buf.len) };
    let text = String::from_utf8_lossy(bytes).into_owned();
    // SAFETY: returning the plugin's own buffer, exactly once.
    unsafe { (plugin.descriptor.free_buf)(buf.ptr, buf.len) };
    Some(text)
}

/// Writes `{"article": …, "annotations": {…}}` into `input`: the article's JSON and the raw JSON
/// of each required annotation, copied as they are.
fn build_input(
    input: &mut String,
    article_json: &str,
    requires: &[String],
    annotations: &BTreeMap<String, Box<RawValue>>,
) {
    input.clear();
    input.push_str("{\"article\":");
    input.push_str(article_json);
    input.push_str(",\"annotations\":{");
    let mut first = true;
    for key in requires {
        if let Some(value) = annotations.get(key) {
            if !first {
                input.push(',');
            }
            first = false;
            input.push_str(&Value::String(key.clone()).to_string());
            input.push(':');
            input.push_str(value.get());
        }
    }
    input.push_str("}}");
}

/// Calls the plugin; its output text on success.
fn call(stage: &Stage, input: &str) -> Result<String, String> {
    let mut out = AbiBuf::empty();
    let analyze = stage.plugin.descriptor.analyze;
    // SAFETY: ABI call on a live instance with a valid input buffer and a writable out buffer.
    let status = unsafe { analyze(stage.instance, input.as_ptr(), input.len(), &mut out) };
    let payload = take_buf(&stage.plugin, out).unwrap_or_default();
    match status {
        STATUS_OK => Ok(payload),
        STATUS_PANIC => Err(if payload.is_empty() { "plugin panicked".to_owned() } else { payload }),
        _ => Err(if payload.is_empty() { format!("plugin failed with status {status}") } else { payload }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use news_plugin::abi::Manifest;

    fn info(name: &str, requires: &[&str]) -> PluginInfo {
        PluginInfo {
            name: name.into(),
            version: "0".into(),
            abi_version: 1,
            manifest: Manifest {
                requires: requires.iter().map(|s| s.to_string()).collect(),
                provides: vec![name.into()],
                description: String::new(),
            },
            path: format!("/p/lib{name}.so").into(),
        }
    }

    fn names(plugins: &[PluginInfo]) -> Result<Vec<String>, PipelineError> {
        let refs: Vec<&PluginInfo> = plugins.iter().collect();
        order(&refs).map(|o| o.into_iter().map(|i| plugins[i].name.clone()).collect())
    }

    #[test]
    fn requirements_run_first() {
        let plugins = [
            info("quotes", &["entities"]),
            info("geography", &["entities"]),
            info("entities", &[]),
            info("sentiment", &["entities", "quotes"]),
        ];
        assert_eq!(names(&plugins).expect("orders"), vec!["entities", "quotes", "geography", "sentiment"]);
    }

    #[test]
    fn missing_requirement_is_named() {
        let plugins = [info("quotes", &["entities"])];
        let err = names(&plugins).expect_err("entities is missing");
        assert_eq!(
            err,
            PipelineError::MissingRequirement { plugin: "quotes".into(), requirement: "entities".into() }
        );
        assert!(err.to_string().contains("no loaded plugin provides"));
    }

    #[test]
    fn cycles_are_named() {
        let plugins = [info("a", &["b"]), info("b", &["c"]), info("c", &["a"]), info("d", &[])];
        let err = names(&plugins).expect_err("cycle");
        assert_eq!(
            err,
            PipelineError::Cycle { plugins: vec!["a".into(), "b".into(), "c".into(), "a".into()] }
        );
        assert_eq!(err.to_string(), "plugins require each other in a cycle: a -> b -> c -> a");
        let selfish = [info("me", &["me"])];
        assert!(matches!(names(&selfish), Err(PipelineError::Cycle { .. })));
    }

    #[test]
    fn input_carries_only_required_annotations() {
        let raw = |json: &str| RawValue::from_string(json.to_owned()).expect("raw JSON");
        let mut annotations = BTreeMap::new();
        annotations.insert("entities".to_owned(), raw("[]"));
        annotations.insert("sentiment".to_owned(), raw(r#"{"document": 1}"#));
        let mut input = String::from("stale");
        build_input(&mut input, "{\"text\":\"x\"}", &["entities".to_owned()], &annotations);
        let value: Value = serde_json::from_str(&input).expect("valid JSON");
        assert_eq!(value, serde_json::json!({"article": {"text": "x"}, "annotations": {"entities": []}}));
    }
}
