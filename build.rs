//! Export the leptonica functions the OCR stage answers itself from every binary, so the dynamic
//! linker binds Tesseract's calls to them (see `src/ocr/lept/mod.rs` for why).
fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        for symbol in ["pixWriteMem", "pixOpenBrick"] {
            println!("cargo::rustc-link-arg=-Wl,--export-dynamic-symbol={symbol}");
        }
    }
}
