//! Plugin configuration from the command line: a file (TOML or JSON, one table/object per plugin
//! name) overlaid with `--plugin-config NAME.KEY=VALUE` settings. The result is the JSON object
//! each plugin's `create` receives; the plugin itself validates it.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result, bail};
use serde_json::{Map, Value};

/// The configuration object of every plugin that has one.
pub fn plugin_configs(file: Option<&Path>, settings: &[String]) -> Result<BTreeMap<String, Value>> {
    let mut configs: BTreeMap<String, Value> = BTreeMap::new();
    if let Some(file) = file {
        let text =
            std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
        let is_toml = file.extension().is_some_and(|e| e.eq_ignore_ascii_case("toml"));
        let value: Value = if is_toml {
            toml::from_str(&text).with_context(|| format!("{} is not valid TOML", file.display()))?
        } else {
            serde_json::from_str(&text).with_context(|| format!("{} is not valid JSON", file.display()))?
        };
        let Value::Object(plugins) = value else {
            bail!("{}: expected a table of plugin names", file.display());
        };
        for (name, config) in plugins {
            if !config.is_object() {
                bail!("{}: the configuration of `{name}` must be a table/object", file.display());
            }
            configs.insert(name, config);
        }
    }
    for setting in settings {
        let (path, raw) = setting
            .split_once('=')
            .with_context(|| format!("--plugin-config {setting:?}: expected NAME.KEY=VALUE"))?;
        let (name, key) = path
            .split_once('.')
            .filter(|(name, key)| !name.is_empty() && !key.is_empty())
            .with_context(|| format!("--plugin-config {setting:?}: expected NAME.KEY=VALUE"))?;
        let value = serde_json::from_str(raw).unwrap_or_else(|_| Value::String(raw.to_owned()));
        let entry = configs.entry(name.to_owned()).or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(map) = entry {
            map.insert(key.to_owned(), value);
        }
    }
    Ok(configs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn settings_overlay_the_file_and_values_are_typed() {
        let dir = tempfile_dir();
        let file = dir.join("plugins.toml");
        std::fs::write(&file, "[wordfreq]\ntop = 3\nstopwords = [\"china\"]\n\n[echo]\nlabel = \"x\"\n")
            .expect("write");
        let configs = plugin_configs(
            Some(&file),
            &["wordfreq.top=5".into(), "echo.label=hello world".into(), "geo.strict=true".into()],
        )
        .expect("valid");
        assert_eq!(configs["wordfreq"], json!({"top": 5, "stopwords": ["china"]}));
        assert_eq!(configs["echo"], json!({"label": "hello world"}));
        assert_eq!(configs["geo"], json!({"strict": true}));
        for bad in ["nodot=1", ".key=1", "name.=1", "name.key"] {
            assert!(plugin_configs(None, &[bad.into()]).is_err(), "{bad}");
        }
        std::fs::write(&file, "not toml [").expect("write");
        assert!(plugin_configs(Some(&file), &[]).is_err());
        let _ = std::fs::remove_dir_all(dir);
    }

    fn tempfile_dir() -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("news-config-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        dir
    }
}
