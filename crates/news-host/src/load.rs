//! Opening plugin libraries and checking them before anything in them is trusted.
//!
//! Order of checks for one file (each failure is a distinct [`LoadError`] naming the file):
//! open it as a shared library; find the entry symbol; call it and get a non-null descriptor;
//! read the first `u32` alone and compare it with the host's ABI version; check `struct_size`;
//! read name, version and manifest as UTF-8; parse the manifest. Libraries are never unloaded:
//! a loaded [`libloading::Library`] is leaked on purpose (thread-local destructors and static
//! data of a plugin must outlive every call).

use std::path::{Path, PathBuf};

use news_plugin::abi::{ABI_VERSION, AbiStr, ENTRY_SYMBOL, EntryFn, Manifest, PluginDescriptor};

use crate::search::SearchPath;

/// What the host knows about a plugin after checking it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PluginInfo {
    pub name: String,
    pub version: String,
    pub abi_version: u32,
    pub manifest: Manifest,
    pub path: PathBuf,
}

/// A checked plugin: its info and its descriptor, valid for the life of the process.
#[derive(Debug, Clone)]
pub struct LoadedPlugin {
    pub info: PluginInfo,
    pub(crate) descriptor: &'static PluginDescriptor,
}

/// Why a plugin directory or file was not used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LoadError {
    #[error("plugin directory {} does not exist", dir.display())]
    MissingDir { dir: PathBuf },
    #[error("cannot read plugin directory {}: {message}", dir.display())]
    ReadDir { dir: PathBuf, message: String },
    #[error("{} is not a loadable shared library: {message}", path.display())]
    Open { path: PathBuf, message: String },
    #[error("{} is not a news plugin: it does not export `{ENTRY_SYMBOL}`", path.display())]
    NoEntry { path: PathBuf },
    #[error("{}: `{ENTRY_SYMBOL}` returned no descriptor", path.display())]
    NullDescriptor { path: PathBuf },
    #[error(
        "{} was built for plugin ABI version {found}, but this news speaks ABI version \
         {expected}: rebuild the plugin against this version of news-plugin",
        path.display()
    )]
    AbiMismatch { path: PathBuf, found: u32, expected: u32 },
    #[error("{}: descriptor is {found} bytes, smaller than the {expected} of ABI version {ABI_VERSION}", path.display())]
    DescriptorTooSmall { path: PathBuf, found: u32, expected: u32 },
    #[error("{}: the descriptor's {field} is not valid UTF-8", path.display())]
    BadString { path: PathBuf, field: &'static str },
    #[error("{}: invalid plugin name {name:?} (use lowercase letters, digits, '-' and '_')", path.display())]
    BadName { path: PathBuf, name: String },
    #[error("{}: invalid manifest: {message}", path.display())]
    BadManifest { path: PathBuf, message: String },
    #[error("{}: a plugin named `{name}` was already loaded from {}; this one is ignored", path.display(), first.display())]
    Duplicate { path: PathBuf, name: String, first: PathBuf },
}

/// Reads a static string the plugin owns.
///
/// # Safety
/// `s` must describe `len` readable bytes that live as long as the library (always: it is never
/// unloaded), or have a null pointer.
unsafe fn read_static(s: AbiStr) -> Option<&'static str> {
    if s.ptr.is_null() {
        return if s.len == 0 { Some("") } else { None };
    }
    // SAFETY: guaranteed by the caller.
    let bytes = unsafe { std::slice::from_raw_parts(s.ptr, s.len) };
    std::str::from_utf8(bytes).ok()
}

fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

/// Opens and checks one plugin library.
pub fn load_library(path: &Path) -> Result<LoadedPlugin, LoadError> {
    let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let err_path = || path.clone();
    // SAFETY: loading a library runs its initializers; plugins are trusted code that the user
    // placed in a plugin directory. This is the documented trust boundary.
    let library = unsafe { libloading::Library::new(&path) }
        .map_err(|e| LoadError::Open { path: err_path(), message: e.to_string() })?;
    // Never unloaded: leak the handle (see the module docs).
    let library: &'static libloading::Library = Box::leak(Box::new(library));
    // SAFETY: the symbol's type is fixed by the ABI: `extern "C" fn() -> *const PluginDescriptor`.
    let entry = unsafe { library.get::<EntryFn>(ENTRY_SYMBOL.as_bytes()) }
        .map_err(|_| LoadError::NoEntry { path: err_path() })?;
    // SAFETY: calling the entry point per the ABI; it takes no arguments.
    let raw = unsafe { entry() };
    if raw.is_null() {
        return Err(LoadError::NullDescriptor { path: err_path() });
    }
    // SAFETY: every ABI version starts the descriptor with a u32 version; read only that first.
    let found = unsafe { (raw as *const u32).read() };
    if found != ABI_VERSION {
        return Err(LoadError::AbiMismatch { path: err_path(), found, expected: ABI_VERSION });
    }
    // SAFETY: the version matches, so the second u32 is `struct_size` of this layout.
    let size = unsafe { (raw as *const u32).add(1).read() };
    let expected = std::mem::size_of::<PluginDescriptor>() as u32;
    if size < expected {
        return Err(LoadError::DescriptorTooSmall { path: err_path(), found: size, expected });
    }
    // SAFETY: version and size checked; the descriptor is static in the never-unloaded library.
    let descriptor: &'static PluginDescriptor = unsafe { &*raw };
    let string = |s: AbiStr, field: &'static str| {
        // SAFETY: descriptor strings are static data of the library.
        unsafe { read_static(s) }.ok_or_else(|| LoadError::BadString { path: err_path(), field })
    };
    let name = string(descriptor.name, "name")?;
    if !valid_name(name) {
        return Err(LoadError::BadName { path: err_path(), name: name.to_owned() });
    }
    let version = string(descriptor.version, "version")?;
    let manifest_json = string(descriptor.manifest_json, "manifest")?;
    let manifest: Manifest = serde_json::from_str(manifest_json)
        .map_err(|e| LoadError::BadManifest { path: err_path(), message: e.to_string() })?;
    Ok(LoadedPlugin {
        info: PluginInfo {
            name: name.to_owned(),
            version: version.to_owned(),
            abi_version: found,
            manifest,
            path: path.clone(),
        },
        descriptor,
    })
}

/// Every plugin found on a search path, and every problem met on the way.
#[derive(Debug, Clone, Default)]
pub struct Registry {
    pub plugins: Vec<LoadedPlugin>,
    pub problems: Vec<LoadError>,
}

impl Registry {
    pub fn get(&self, name: &str) -> Option<&LoadedPlugin> {
        self.plugins.iter().find(|p| p.info.name == name)
    }

    /// Adds a plugin unless its name is taken (then records a [`LoadError::Duplicate`]).
    pub fn add(&mut self, plugin: LoadedPlugin) {
        if let Some(first) = self.get(&plugin.info.name) {
            let problem = LoadError::Duplicate {
                path: plugin.info.path.clone(),
                name: plugin.info.name.clone(),
                first: first.info.path.clone(),
            };
            self.problems.push(problem);
        } else {
            self.plugins.push(plugin);
        }
    }

    /// Loads every plugin library in `dir` (files with the platform's library suffix), in name
    /// order; problems are recorded, never fatal.
    pub fn scan_dir(&mut self, dir: &Path) {
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                self.problems.push(LoadError::MissingDir { dir: dir.to_path_buf() });
                return;
            }
            Err(e) => {
                let problem = LoadError::ReadDir { dir: dir.to_path_buf(), message: e.to_string() };
                self.problems.push(problem);
                return;
            }
        };
        let mut files: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| is_library_file(path))
            .collect();
        files.sort();
        for file in files {
            match load_library(&file) {
                Ok(plugin) => self.add(plugin),
                Err(problem) => self.problems.push(problem),
            }
        }
    }
}

fn is_library_file(path: &Path) -> bool {
    let suffix = std::env::consts::DLL_SUFFIX;
    path.is_file() && path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.ends_with(suffix))
}

/// Loads every plugin on the search path. The first plugin of a name wins.
pub fn discover(search: &SearchPath) -> Registry {
    let mut registry = Registry::default();
    // A directory named twice (`--plugin-dir` and the default, say) is scanned once.
    let mut scanned: Vec<PathBuf> = Vec::new();
    let mut first_time = |dir: &Path| {
        let canonical = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
        let new = !scanned.contains(&canonical);
        if new {
            scanned.push(canonical);
        }
        new
    };
    for dir in &search.explicit {
        if first_time(dir) {
            registry.scan_dir(dir);
        }
    }
    if let Some(dir) = &search.default {
        if dir.is_dir() {
            if first_time(dir) {
                registry.scan_dir(dir);
            }
        } else if registry.plugins.is_empty() {
            registry.problems.push(LoadError::MissingDir { dir: dir.clone() });
        }
    }
    registry
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_that_is_not_a_library_is_a_problem_not_a_failure() {
        let dir = tempfile::tempdir().expect("tempdir");
        let junk = dir.path().join(format!("libjunk{}", std::env::consts::DLL_SUFFIX));
        std::fs::write(&junk, b"this is not an ELF file").expect("write");
        std::fs::write(dir.path().join("README.txt"), b"ignored").expect("write");
        let search =
            SearchPath { explicit: vec![dir.path().to_path_buf(), dir.path().join("absent")], default: None };
        let registry = discover(&search);
        assert!(registry.plugins.is_empty());
        assert_eq!(registry.problems.len(), 2, "{:?}", registry.problems);
        assert!(
            matches!(&registry.problems[0], LoadError::Open { path, .. } if path.ends_with(junk.file_name().expect("name")))
        );
        assert!(matches!(&registry.problems[1], LoadError::MissingDir { .. }));
        let message = registry.problems[0].to_string();
        assert!(message.contains("libjunk"), "{message}");

        // The same directory named twice (once through a `..` detour) is scanned once.
        let detour = dir.path().join("sub").join("..");
        std::fs::create_dir(dir.path().join("sub")).expect("mkdir");
        let twice = SearchPath { explicit: vec![dir.path().to_path_buf()], default: Some(detour) };
        assert_eq!(discover(&twice).problems.len(), 1, "scanned once: {:?}", discover(&twice).problems);
    }

    #[test]
    fn names_are_checked() {
        assert!(valid_name("entities"));
        assert!(valid_name("my_plugin-2"));
        assert!(!valid_name(""));
        assert!(!valid_name("Entities"));
        assert!(!valid_name("a b"));
    }
}
