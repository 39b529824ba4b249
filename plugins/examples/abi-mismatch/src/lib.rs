//! A plugin that claims ABI version 2 (a future layout the host does not speak). It exports the
//! right entry symbol with a descriptor whose first field is 2, so a correct host reads that one
//! `u32`, refuses the library with both versions in the message, and never touches the rest.

use std::ffi::c_void;

use news_plugin::abi::{AbiBuf, AbiStr, PluginDescriptor};

const FUTURE_ABI: u32 = 2;

unsafe extern "C" fn create(_: *const u8, _: usize, _: *mut AbiBuf) -> *mut c_void {
    std::ptr::null_mut()
}
unsafe extern "C" fn analyze(_: *mut c_void, _: *const u8, _: usize, _: *mut AbiBuf) -> i32 {
    1
}
unsafe extern "C" fn free_buf(_: *mut u8, _: usize) {}
unsafe extern "C" fn destroy(_: *mut c_void) {}

static DESCRIPTOR: PluginDescriptor = PluginDescriptor {
    abi_version: FUTURE_ABI,
    struct_size: std::mem::size_of::<PluginDescriptor>() as u32,
    name: AbiStr::from_static("from-the-future"),
    version: AbiStr::from_static("9.9.9"),
    manifest_json: AbiStr::from_static("{}"),
    create,
    analyze,
    free_buf,
    destroy,
};

/// The entry point, as every plugin has it.
#[unsafe(no_mangle)]
pub extern "C" fn news_plugin_entry() -> *const PluginDescriptor {
    &DESCRIPTOR
}
