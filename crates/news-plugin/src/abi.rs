//! The C ABI between the `news` host and a plugin library, version [`ABI_VERSION`].
//!
//! A plugin exports one symbol, [`ENTRY_SYMBOL`] (`news_plugin_entry`), an
//! `extern "C" fn() -> *const PluginDescriptor`. The descriptor is static for the life of the
//! process. Its first field is the ABI version: the host reads that `u32` alone, and trusts the
//! rest only when it equals [`ABI_VERSION`]. Additive changes append fields and are detected
//! through `struct_size`; anything else bumps the version.
//!
//! Calls:
//! - `create(config, config_len, err)`: config is a UTF-8 JSON object (empty = `{}`); returns an
//!   opaque instance, or null with an error message written to `err`.
//! - `analyze(instance, input, input_len, out)`: input is the JSON of a
//!   [`Document`](news_core::Document) (`{"article": …, "annotations": {…}}`, only the annotations
//!   the plugin requires); returns a [`Status`] code and writes to `out` the plugin's annotation
//!   as JSON ([`STATUS_OK`]) or a UTF-8 error message (any other status). May be called from
//!   several threads at once on the same instance.
//! - `free_buf(ptr, len)`: releases a buffer the plugin wrote to `err` or `out`. The host calls
//!   it for every non-null buffer it receives; it never frees plugin memory any other way, and the
//!   plugin never keeps a pointer to host memory past the call.
//! - `destroy(instance)`: releases an instance. Libraries themselves are never unloaded.
//!
//! The manifest is a JSON object: [`Manifest`].

use std::ffi::c_void;

use serde::{Deserialize, Serialize};

/// The ABI version this crate speaks.
pub const ABI_VERSION: u32 = 1;

/// The one symbol a plugin library exports.
pub const ENTRY_SYMBOL: &str = "news_plugin_entry";

/// `analyze` succeeded; `out` holds the annotation JSON.
pub const STATUS_OK: i32 = 0;
/// `analyze` failed; `out` holds a UTF-8 message.
pub const STATUS_ERROR: i32 = 1;
/// The plugin panicked (or its C equivalent crashed cleanly); `out` holds a UTF-8 message.
pub const STATUS_PANIC: i32 = 2;

/// A borrowed UTF-8 string with static lifetime (owned by the plugin library).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct AbiStr {
    pub ptr: *const u8,
    pub len: usize,
}

impl AbiStr {
    pub const fn from_static(text: &'static str) -> Self {
        AbiStr { ptr: text.as_ptr(), len: text.len() }
    }
}

/// A buffer allocated by the plugin and handed to the host, which returns it through `free_buf`.
#[repr(C)]
#[derive(Debug)]
pub struct AbiBuf {
    pub ptr: *mut u8,
    pub len: usize,
}

impl AbiBuf {
    pub const fn empty() -> Self {
        AbiBuf { ptr: std::ptr::null_mut(), len: 0 }
    }
}

pub type CreateFn =
    unsafe extern "C" fn(config: *const u8, config_len: usize, err: *mut AbiBuf) -> *mut c_void;
pub type AnalyzeFn =
    unsafe extern "C" fn(instance: *mut c_void, input: *const u8, input_len: usize, out: *mut AbiBuf) -> i32;
pub type FreeBufFn = unsafe extern "C" fn(ptr: *mut u8, len: usize);
pub type DestroyFn = unsafe extern "C" fn(instance: *mut c_void);
pub type EntryFn = unsafe extern "C" fn() -> *const PluginDescriptor;

/// What a plugin's entry symbol returns. `#[repr(C)]`: the same layout as `news_plugin_v1` in C.
#[repr(C)]
#[derive(Debug)]
pub struct PluginDescriptor {
    /// Always first; equals [`ABI_VERSION`] for this layout.
    pub abi_version: u32,
    /// `sizeof` the descriptor as the plugin was compiled.
    pub struct_size: u32,
    pub name: AbiStr,
    pub version: AbiStr,
    pub manifest_json: AbiStr,
    pub create: CreateFn,
    pub analyze: AnalyzeFn,
    pub free_buf: FreeBufFn,
    pub destroy: DestroyFn,
}

// SAFETY: the descriptor is immutable after construction and points only at static data and
// functions, so sharing it across threads is sound.
unsafe impl Sync for PluginDescriptor {}
// SAFETY: as above.
unsafe impl Send for PluginDescriptor {}

// The layout C plugins compile against (x86_64 / aarch64): any drift fails the build.
#[cfg(target_pointer_width = "64")]
const _: () = {
    assert!(std::mem::size_of::<PluginDescriptor>() == 88);
    assert!(std::mem::offset_of!(PluginDescriptor, struct_size) == 4);
    assert!(std::mem::offset_of!(PluginDescriptor, name) == 8);
    assert!(std::mem::offset_of!(PluginDescriptor, version) == 24);
    assert!(std::mem::offset_of!(PluginDescriptor, manifest_json) == 40);
    assert!(std::mem::offset_of!(PluginDescriptor, create) == 56);
    assert!(std::mem::offset_of!(PluginDescriptor, analyze) == 64);
    assert!(std::mem::offset_of!(PluginDescriptor, free_buf) == 72);
    assert!(std::mem::offset_of!(PluginDescriptor, destroy) == 80);
};

/// The plugin's manifest, carried as JSON in the descriptor. Unknown keys are ignored and every
/// key has a default, so manifests can grow without breaking older hosts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Manifest {
    /// Annotation keys that must exist before this plugin runs.
    pub requires: Vec<String>,
    /// Annotation keys this plugin adds.
    pub provides: Vec<String>,
    pub description: String,
}
