//! The Rust side of a plugin: adapts an [`Analyzer`] to the C ABI of [`crate::abi`].
//!
//! [`export_plugin!`](crate::export_plugin) expands to an entry symbol that calls [`entry`]; the
//! descriptor's function pointers are the generic `extern "C"` functions below, instantiated for
//! the plugin's analyzer type. Every one of them runs its body inside `catch_unwind`: a panic in
//! the analyzer becomes [`STATUS_PANIC`] with the panic message, never an unwind into the host.

use std::any::Any;
use std::ffi::c_void;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::OnceLock;

use news_core::{AnalyzeError, Analyzer, Document};
use serde::Deserialize;

use crate::abi::{
    ABI_VERSION, AbiBuf, AbiStr, Manifest, PluginDescriptor, STATUS_ERROR, STATUS_OK, STATUS_PANIC,
};

/// The configuration of an analyzer that takes none: only `{}` (or no config) is accepted.
#[derive(Debug, Clone, Copy, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoConfig {}

/// Builds (once) and returns the descriptor for `A`. Called by the exported entry symbol.
pub fn entry<A: Analyzer>(slot: &'static OnceLock<PluginDescriptor>) -> *const PluginDescriptor {
    match catch_unwind(|| slot.get_or_init(descriptor::<A>) as *const PluginDescriptor) {
        Ok(ptr) => ptr,
        Err(_) => std::ptr::null(),
    }
}

fn descriptor<A: Analyzer>() -> PluginDescriptor {
    let manifest = Manifest {
        requires: A::REQUIRES.iter().map(|s| s.to_string()).collect(),
        provides: A::PROVIDES.iter().map(|s| s.to_string()).collect(),
        description: A::DESCRIPTION.to_owned(),
    };
    let manifest_json = serde_json::to_string(&manifest).unwrap_or_else(|_| "{}".to_owned());
    PluginDescriptor {
        abi_version: ABI_VERSION,
        struct_size: std::mem::size_of::<PluginDescriptor>() as u32,
        name: AbiStr::from_static(A::NAME),
        version: AbiStr::from_static(A::VERSION),
        // Leaked once per process: the descriptor lives as long as the library.
        manifest_json: AbiStr::from_static(Box::leak(manifest_json.into_boxed_str())),
        create: create::<A>,
        analyze: analyze::<A>,
        free_buf,
        destroy: destroy::<A>,
    }
}

/// Hands `bytes` to the host as a buffer it will return through [`free_buf`].
fn give(bytes: Vec<u8>, out: *mut AbiBuf) {
    if out.is_null() {
        return;
    }
    let boxed = bytes.into_boxed_slice();
    let len = boxed.len();
    let ptr = Box::into_raw(boxed) as *mut u8;
    // SAFETY: the host passes a valid, writable `AbiBuf` for the duration of the call.
    unsafe { out.write(AbiBuf { ptr, len }) };
}

fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(text) = payload.downcast_ref::<&str>() {
        format!("plugin panicked: {text}")
    } else if let Some(text) = payload.downcast_ref::<String>() {
        format!("plugin panicked: {text}")
    } else {
        "plugin panicked".to_owned()
    }
}

/// Borrows the host's input bytes for the duration of a call.
///
/// # Safety
/// `ptr` must point at `len` readable bytes (or be anything when `len == 0`).
unsafe fn host_bytes<'a>(ptr: *const u8, len: usize) -> &'a [u8] {
    if ptr.is_null() || len == 0 {
        &[]
    } else {
        // SAFETY: guaranteed by the caller.
        unsafe { std::slice::from_raw_parts(ptr, len) }
    }
}

fn parse_config<A: Analyzer>(bytes: &[u8]) -> Result<A::Config, AnalyzeError> {
    let bytes: &[u8] = if bytes.iter().all(u8::is_ascii_whitespace) { b"{}" } else { bytes };
    serde_json::from_slice(bytes).map_err(|err| AnalyzeError::InvalidConfig(err.to_string()))
}

/// `create` for analyzer `A`.
///
/// # Safety
/// Called by the host per the ABI: `config` points at `config_len` bytes, `err` is writable.
pub unsafe extern "C" fn create<A: Analyzer>(
    config: *const u8,
    config_len: usize,
    err: *mut AbiBuf,
) -> *mut c_void {
    // SAFETY: per the ABI contract.
    let bytes = unsafe { host_bytes(config, config_len) };
    let result = catch_unwind(AssertUnwindSafe(|| parse_config::<A>(bytes).and_then(A::create)));
    match result {
        Ok(Ok(analyzer)) => Box::into_raw(Box::new(analyzer)) as *mut c_void,
        Ok(Err(error)) => {
            give(error.to_string().into_bytes(), err);
            std::ptr::null_mut()
        }
        Err(payload) => {
            give(panic_message(payload.as_ref()).into_bytes(), err);
            std::ptr::null_mut()
        }
    }
}

/// `analyze` for analyzer `A`.
///
/// # Safety
/// Called by the host per the ABI: `instance` came from `create::<A>`, `input` points at
/// `input_len` bytes, `out` is writable.
pub unsafe extern "C" fn analyze<A: Analyzer>(
    instance: *mut c_void,
    input: *const u8,
    input_len: usize,
    out: *mut AbiBuf,
) -> i32 {
    if instance.is_null() {
        give(b"analyze called without an instance".to_vec(), out);
        return STATUS_ERROR;
    }
    // SAFETY: `instance` is a live `Box<A>` made by `create::<A>`; only shared access here.
    let analyzer = unsafe { &*(instance as *const A) };
    // SAFETY: per the ABI contract.
    let bytes = unsafe { host_bytes(input, input_len) };
    let result = catch_unwind(AssertUnwindSafe(|| -> Result<Vec<u8>, String> {
        let doc: Document = serde_json::from_slice(bytes)
            .map_err(|err| format!("the host sent an unreadable document: {err}"))?;
        let output = analyzer.analyze(&doc).map_err(|err| err.to_string())?;
        write_output(&output)
    }));
    match result {
        Ok(Ok(json)) => {
            give(json, out);
            STATUS_OK
        }
        Ok(Err(message)) => {
            give(message.into_bytes(), out);
            STATUS_ERROR
        }
        Err(payload) => {
            give(panic_message(payload.as_ref()).into_bytes(), out);
            STATUS_PANIC
        }
    }
}

thread_local! {
    /// Where outputs are written before they are copied out at their exact size: written into
    /// a fresh `Vec`, an output of a few kilobytes grows through a dozen reallocations.
    static OUTPUT: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// The largest output buffer a thread keeps between calls.
const KEPT_OUTPUT_BYTES: usize = 1 << 20;

/// Serializes an analyzer's output as JSON.
fn write_output<T: serde::Serialize>(output: &T) -> Result<Vec<u8>, String> {
    OUTPUT.with(|cell| {
        let Ok(mut buf) = cell.try_borrow_mut() else {
            // Re-entered (an analyzer that calls a plugin entry point): a buffer of its own.
            return serde_json::to_vec(output).map_err(|err| format!("cannot serialize the output: {err}"));
        };
        buf.clear();
        let written = serde_json::to_writer(&mut *buf, output);
        let json = buf.to_vec();
        if buf.capacity() > KEPT_OUTPUT_BYTES {
            *buf = Vec::new();
        }
        written.map(|()| json).map_err(|err| format!("cannot serialize the output: {err}"))
    })
}

/// `free_buf`: releases a buffer made by [`give`].
///
/// # Safety
/// `ptr`/`len` must be exactly a buffer this plugin handed out and not yet freed.
pub unsafe extern "C" fn free_buf(ptr: *mut u8, len: usize) {
    if ptr.is_null() {
        return;
    }
    // SAFETY: the pointer and length come from `Box::into_raw` of a boxed slice in `give`.
    let boxed = unsafe { Box::from_raw(std::ptr::slice_from_raw_parts_mut(ptr, len)) };
    let _ = catch_unwind(AssertUnwindSafe(move || drop(boxed)));
}

/// `destroy` for analyzer `A`.
///
/// # Safety
/// `instance` must come from `create::<A>` and not be used afterwards.
pub unsafe extern "C" fn destroy<A: Analyzer>(instance: *mut c_void) {
    if instance.is_null() {
        return;
    }
    // SAFETY: made by `Box::into_raw` in `create::<A>`.
    let boxed = unsafe { Box::from_raw(instance as *mut A) };
    let _ = catch_unwind(AssertUnwindSafe(move || drop(boxed)));
}

#[cfg(test)]
mod tests {
    use super::*;
    use news_core::Article;

    struct Shout;
    impl Analyzer for Shout {
        const NAME: &'static str = "shout";
        const VERSION: &'static str = "1.0.0";
        const DESCRIPTION: &'static str = "upper-cases the text; panics on 'boom'";
        const REQUIRES: &'static [&'static str] = &[];
        const PROVIDES: &'static [&'static str] = &["shout"];
        type Config = NoConfig;
        type Output = String;
        fn create(_: NoConfig) -> Result<Self, AnalyzeError> {
            Ok(Shout)
        }
        fn analyze(&self, doc: &Document) -> Result<String, AnalyzeError> {
            match doc.article.text.as_str() {
                "boom" => panic!("asked to"),
                "" => Err(AnalyzeError::Failed("empty".into())),
                text => Ok(text.to_uppercase()),
            }
        }
    }

    fn take(buf: &AbiBuf) -> String {
        // SAFETY: test-only read of a buffer `give` made.
        let bytes = unsafe { std::slice::from_raw_parts(buf.ptr, buf.len) }.to_vec();
        // SAFETY: returned exactly once.
        unsafe { free_buf(buf.ptr, buf.len) };
        String::from_utf8(bytes).expect("utf-8")
    }

    fn call(instance: *mut c_void, text: &str) -> (i32, String) {
        let input = serde_json::to_vec(&Document::new(Article::from_text(text))).expect("ser");
        let mut out = AbiBuf::empty();
        // SAFETY: valid instance and buffers.
        let status = unsafe { analyze::<Shout>(instance, input.as_ptr(), input.len(), &mut out) };
        (status, take(&out))
    }

    #[test]
    fn round_trip_error_and_contained_panic() {
        let mut err = AbiBuf::empty();
        // SAFETY: empty config, writable err.
        let instance = unsafe { create::<Shout>(std::ptr::null(), 0, &mut err) };
        assert!(!instance.is_null());
        assert_eq!(call(instance, "hi"), (STATUS_OK, "\"HI\"".to_owned()));
        assert_eq!(call(instance, ""), (STATUS_ERROR, "empty".to_owned()));
        let (status, message) = call(instance, "boom");
        assert_eq!(status, STATUS_PANIC);
        assert!(message.contains("asked to"), "{message}");
        // The instance is still usable after a contained panic.
        assert_eq!(call(instance, "ok").0, STATUS_OK);
        // SAFETY: made by create above.
        unsafe { destroy::<Shout>(instance) };
    }

    #[test]
    fn unknown_config_keys_are_refused_with_a_message() {
        let config = br#"{"colour": "red"}"#;
        let mut err = AbiBuf::empty();
        // SAFETY: valid config bytes, writable err.
        let instance = unsafe { create::<Shout>(config.as_ptr(), config.len(), &mut err) };
        assert!(instance.is_null());
        let message = take(&err);
        assert!(message.contains("invalid configuration") && message.contains("colour"), "{message}");
    }

    #[test]
    fn descriptor_carries_version_and_manifest() {
        static SLOT: OnceLock<PluginDescriptor> = OnceLock::new();
        // SAFETY: entry returns a pointer to the static slot.
        let desc = unsafe { &*entry::<Shout>(&SLOT) };
        assert_eq!(desc.abi_version, ABI_VERSION);
        // SAFETY: static strings.
        let manifest = unsafe { std::slice::from_raw_parts(desc.manifest_json.ptr, desc.manifest_json.len) };
        let manifest: Manifest = serde_json::from_slice(manifest).expect("manifest parses");
        assert_eq!(manifest.provides, vec!["shout"]);
    }
}
