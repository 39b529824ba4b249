//! The plugin boundary as both sides see it.
//!
//! - [`abi`]: the C ABI itself: one exported symbol ([`abi::ENTRY_SYMBOL`]) returning a static,
//!   versioned [`abi::PluginDescriptor`] of plain C types and function pointers; data crosses as
//!   UTF-8 JSON buffers; whoever allocates a buffer frees it. Nothing Rust-specific crosses.
//! - [`sdk`] and [`export_plugin!`]: what a Rust plugin author uses to turn any
//!   [`Analyzer`](news_core::Analyzer) into such a library, with every entry point wrapped in
//!   `catch_unwind` so a panic becomes an error status instead of unwinding into the host.
//!
//! The host side (loading with libloading, checks, ordering) lives in `news-host`; plugins depend
//! on this crate only.

pub mod abi;
pub mod c_header;
pub mod sdk;

pub use news_core::{AnalyzeError, Analyzer, Document};

/// Turns a type implementing [`Analyzer`](news_core::Analyzer) into a plugin: exports the entry
/// symbol [`abi::ENTRY_SYMBOL`] returning the descriptor for that type.
///
/// ```text
/// news_plugin::export_plugin!(MyAnalyzer);
/// ```
/// Use it once per `cdylib` crate.
#[macro_export]
macro_rules! export_plugin {
    ($analyzer:ty) => {
        /// The plugin's entry point (see `news_plugin::abi`).
        #[unsafe(no_mangle)]
        pub extern "C" fn news_plugin_entry() -> *const $crate::abi::PluginDescriptor {
            static DESCRIPTOR: ::std::sync::OnceLock<$crate::abi::PluginDescriptor> =
                ::std::sync::OnceLock::new();
            $crate::sdk::entry::<$analyzer>(&DESCRIPTOR)
        }
    };
}
