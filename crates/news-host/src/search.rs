//! The plugin search path: `--plugin-dir` directories first, then `NEWS_PLUGIN_PATH`, then
//! `plugins/` next to the running executable (where `cargo xtask build` stages them).

use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// The environment variable holding extra plugin directories (`:`-separated on Unix).
pub const PLUGIN_PATH_VAR: &str = "NEWS_PLUGIN_PATH";

/// Plugin directories in priority order: a plugin name found earlier shadows later ones.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchPath {
    /// Directories the user named (flag or environment): a missing one is reported.
    pub explicit: Vec<PathBuf>,
    /// The default directory next to the executable: reported missing only if nothing was found.
    pub default: Option<PathBuf>,
}

impl SearchPath {
    /// Builds the search path from its three sources.
    pub fn new(cli_dirs: &[PathBuf], env_value: Option<OsString>, exe: Option<&Path>) -> Self {
        let mut explicit: Vec<PathBuf> = cli_dirs.to_vec();
        if let Some(value) = env_value {
            explicit.extend(std::env::split_paths(&value).filter(|p| !p.as_os_str().is_empty()));
        }
        let default = exe.and_then(Path::parent).map(|dir| dir.join("plugins"));
        SearchPath { explicit, default }
    }

    /// The search path of this process: `cli_dirs`, then `$NEWS_PLUGIN_PATH`, then the
    /// executable's `plugins/` directory.
    pub fn from_environment(cli_dirs: &[PathBuf]) -> Self {
        let exe = std::env::current_exe().ok();
        SearchPath::new(cli_dirs, std::env::var_os(PLUGIN_PATH_VAR), exe.as_deref())
    }

    /// All directories in priority order.
    pub fn dirs(&self) -> impl Iterator<Item = &Path> {
        self.explicit.iter().chain(self.default.iter()).map(PathBuf::as_path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flag_then_env_then_exe_dir() {
        let env = std::env::join_paths(["/env/a", "/env/b"]).expect("joins");
        let path =
            SearchPath::new(&[PathBuf::from("/flag")], Some(env), Some(Path::new("/opt/news/bin/news")));
        let dirs: Vec<_> = path.dirs().collect();
        assert_eq!(
            dirs,
            vec![
                Path::new("/flag"),
                Path::new("/env/a"),
                Path::new("/env/b"),
                Path::new("/opt/news/bin/plugins")
            ]
        );
    }
}
