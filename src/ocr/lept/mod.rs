//! Leptonica functions that Tesseract calls, answered by this executable instead.
//!
//! Two of Tesseract's costs are leptonica calls that can be done faster with exactly the same
//! result: `pixWriteMem` for the PNG it keeps of every text line (`line_images`), and
//! `pixOpenBrick`, the morphology its ruling-line finder runs on every page (`open_brick`).
//! This executable defines both and exports them (`build.rs`), so the dynamic linker binds
//! Tesseract's calls here: an executable's symbols come before those of the libraries it loads.
//! Anything these versions do not handle goes on to leptonica's own function, found with
//! `dlsym(RTLD_NEXT)`. Were the export lost, Tesseract would simply call leptonica as before:
//! slower, never different. Tests compare each against leptonica's function and check the
//! binding.

use std::ffi::CStr;

mod line_images;
mod open_brick;

/// Keeps the definitions in every binary that links the OCR stage: an object nothing refers
/// to is left out of the link, and then there is nothing to export.
pub(super) fn keep() {
    line_images::keep();
    open_brick::keep();
}

/// Leptonica's own definition of `name`: the next one after this executable's.
fn leptonica_symbol(name: &CStr) -> Option<*mut libc::c_void> {
    // SAFETY: dlsym with RTLD_NEXT and a NUL-terminated name.
    let sym = unsafe { libc::dlsym(libc::RTLD_NEXT, name.as_ptr()) };
    (!sym.is_null()).then_some(sym)
}

/// Whether the dynamic linker resolves `name` to `ours`, as it does for Tesseract's calls.
#[cfg(test)]
fn bound_here(name: &CStr, ours: usize) -> bool {
    // SAFETY: a lookup by a NUL-terminated name.
    unsafe { libc::dlsym(libc::RTLD_DEFAULT, name.as_ptr()) as usize == ours }
}
