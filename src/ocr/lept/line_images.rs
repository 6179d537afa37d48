//! Tesseract keeps the image of every text line it gives the LSTM as a PNG in memory
//! (`ImageData::SetPixInternal`) and decodes it again a moment later (`GetPixInternal`): zlib
//! both ways on every line, about 4% of a page's CPU, and no setting turns it off.
//!
//! Answered with leptonica's own uncompressed serialisation (`spix`), which `pixReadMem`
//! recognises by its header: the pixels come back bit for bit, so the text cannot change. Every
//! other format goes on to leptonica's function. In Tesseract 5.3 the only other callers are its
//! debug window and its own file-reading loop, neither of which sohoa uses.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};
use tesseract::plumbing::leptonica_plumbing::leptonica_sys as lept;

type WriteMem = unsafe extern "C" fn(*mut *mut u8, *mut usize, *mut lept::PIX, i32) -> i32;

/// How many PNG requests were answered uncompressed: lets a test see Tesseract calling here.
static SERIALISED: AtomicU64 = AtomicU64::new(0);

#[cfg(test)]
pub(crate) fn serialised_count() -> u64 {
    SERIALISED.load(Ordering::Relaxed)
}

fn leptonica_write_mem() -> Option<WriteMem> {
    static REAL: OnceLock<Option<WriteMem>> = OnceLock::new();
    // SAFETY: leptonica's pixWriteMem has the C signature `WriteMem`.
    *REAL.get_or_init(|| super::leptonica_symbol(c"pixWriteMem").map(|s| unsafe { std::mem::transmute(s) }))
}

/// Leptonica's `pixWriteMem`, with PNG written as the uncompressed serialisation.
///
/// # Safety
/// The same contract as leptonica's: valid out-pointers and a valid `pix`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn pixWriteMem(pdata: *mut *mut u8, psize: *mut usize, pix: *mut lept::PIX, format: i32) -> i32 {
    if format == lept::IFF_PNG as i32 {
        SERIALISED.fetch_add(1, Ordering::Relaxed);
        // SAFETY: the caller's pointers, passed on unchanged.
        return unsafe { lept::pixWriteMemSpix(pdata, psize, pix) };
    }
    match leptonica_write_mem() {
        // SAFETY: leptonica's function with the caller's arguments.
        Some(real) => unsafe { real(pdata, psize, pix, format) },
        None => 1, // leptonica's "error" return; callers then try another format or give up
    }
}

pub(super) fn keep() {
    std::hint::black_box(pixWriteMem as WriteMem);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A leptonica image with a pattern of gray levels, built and read back through the C API.
    unsafe fn gray_pix(w: i32, h: i32) -> *mut lept::PIX {
        unsafe {
            let pix = lept::pixCreate(w, h, 8);
            for y in 0..h {
                for x in 0..w {
                    lept::pixSetPixel(pix, x, y, ((x * 7 + y * 13) % 256) as u32);
                }
            }
            pix
        }
    }

    #[test]
    fn a_png_request_reads_back_the_same_pixels_and_other_formats_still_work() {
        // SAFETY: plain leptonica calls on images created here and freed here.
        unsafe {
            let mut pix = gray_pix(37, 11);
            let (mut data, mut size) = (std::ptr::null_mut(), 0usize);
            assert_eq!(pixWriteMem(&mut data, &mut size, pix, lept::IFF_PNG as i32), 0);
            assert_eq!(std::slice::from_raw_parts(data, 4), b"spix", "written uncompressed, not as PNG");
            let mut back = lept::pixReadMem(data, size);
            assert!(!back.is_null(), "leptonica reads the serialisation back");
            let mut same = 0;
            lept::pixEqual(pix, back, &mut same);
            assert_eq!(same, 1, "the pixels come back bit for bit");
            lept::lept_free(data.cast());
            lept::pixDestroy(&mut back);

            // Anything else is leptonica's own encoder: a PNM file header.
            let (mut data, mut size) = (std::ptr::null_mut(), 0usize);
            assert_eq!(pixWriteMem(&mut data, &mut size, pix, lept::IFF_PNM as i32), 0);
            assert_eq!(std::slice::from_raw_parts(data, 2), b"P5");
            lept::lept_free(data.cast());
            lept::pixDestroy(&mut pix);
        }
    }

    #[test]
    fn tesseract_s_line_images_go_through_this_function() {
        assert!(super::super::bound_here(c"pixWriteMem", pixWriteMem as WriteMem as usize));
        let before = serialised_count();
        let (settings, page) = (crate::ocr::tests::settings(true), crate::ocr::tests::sample_page());
        let read = crate::ocr::recognize(&settings, page, Some(200.0), std::time::Duration::from_secs(60));
        crate::ocr::release_thread_engine();
        assert!(read.expect("the sample page reads").text.contains("KHAI SINH"));
        assert!(serialised_count() > before, "Tesseract's line images were written uncompressed");
    }
}
