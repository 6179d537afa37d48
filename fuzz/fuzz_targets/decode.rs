//! Any bytes as a scan: sniff, open (PDF page tree, TIFF IFDs) and decode every page. A decoder
//! may refuse the input with an error; it must never panic past `decode::contain`, hang or abort.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = sohoa::bench_api::decode_pages(data.to_vec());
});
