//! Any text as a pipeline file: a Config or an error naming the key, never a panic.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = sohoa::Config::from_pipeline_str(text);
    }
});
