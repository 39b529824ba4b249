//! The host side of the plugin boundary. This is the only crate that calls into plugin code, and
//! the only one with `unsafe` calls across the boundary.
//!
//! - [`search`]: where plugins are looked for (`--plugin-dir`, `NEWS_PLUGIN_PATH`, `plugins/`
//!   next to the executable).
//! - [`load`]: opening one library, checking its ABI version and descriptor, reading its manifest;
//!   and discovering every plugin on a search path, with a problem list instead of a failure.
//! - [`pipeline`]: choosing plugins, ordering them by what they require, creating instances, and
//!   running them over an article with per-plugin errors that never stop the others.
//! - [`result`]: the result line of one request, as the JSON contract spells it.

pub mod load;
pub mod pipeline;
pub mod result;
pub mod search;
mod validate;

pub use load::{LoadError, LoadedPlugin, PluginInfo, Registry, discover, load_library};
pub use pipeline::{Analysis, Pipeline, PipelineError, PluginFailure, StageTime, StageTimes};
pub use result::{AnalyzedLine, ErrorBody, ErrorLine};
pub use search::SearchPath;
