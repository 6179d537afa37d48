//! Any text as a one-stop system export (CSV or JSON): rows are accepted or rejected with a line
//! number, never a panic.
#![no_main]

use std::sync::OnceLock;

fn procedures() -> &'static sohoa::procedures::Procedures {
    static P: OnceLock<sohoa::procedures::Procedures> = OnceLock::new();
    P.get_or_init(|| {
        let text = include_str!("../../samples/procedures.toml");
        sohoa::procedures::Procedures::parse(text).expect("the sample procedure catalog parses")
    })
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = sohoa::dossiers::parse_export(text, procedures());
    }
});
