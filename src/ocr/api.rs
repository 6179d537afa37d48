//! The few Tesseract calls the engine makes, on a raw handle: the `tesseract` crate's wrapper has
//! no way to pass a progress monitor, and without one a page cannot be given a time limit.

use std::ffi::CStr;
use std::os::raw::c_char;
use std::time::Duration;

use super::pix::Pix;
use tesseract::plumbing::tesseract_sys as sys;

pub(super) struct Api(*mut sys::TessBaseAPI);

// The handle is only ever used by the thread that owns it.
unsafe impl Send for Api {}

impl Api {
    /// An engine for `lang` with the models in `datapath`.
    pub fn new(datapath: &CStr, lang: &CStr) -> Option<Api> {
        // SAFETY: a fresh handle, initialised once, freed in Drop (also on failure, by `api`).
        unsafe {
            let api = Api(sys::TessBaseAPICreate());
            (sys::TessBaseAPIInit3(api.0, datapath.as_ptr(), lang.as_ptr()) == 0).then_some(api)
        }
    }

    pub fn raw(&self) -> *mut sys::TessBaseAPI {
        self.0
    }

    pub fn set_page_seg_mode(&mut self, mode: sys::TessPageSegMode) {
        // SAFETY: a valid handle.
        unsafe { sys::TessBaseAPISetPageSegMode(self.0, mode) }
    }

    pub fn set_variable(&mut self, name: &CStr, value: &CStr) -> bool {
        // SAFETY: a valid handle and NUL-terminated strings that outlive the call.
        unsafe { sys::TessBaseAPISetVariable(self.0, name.as_ptr(), value.as_ptr()) != 0 }
    }

    /// Give Tesseract a page (it keeps a copy of its own).
    pub fn set_image(&mut self, pix: &Pix, dpi: u32) {
        // SAFETY: a valid handle and image; Tesseract copies the image before returning.
        unsafe {
            sys::TessBaseAPISetImage2(self.0, pix.as_ptr());
            sys::TessBaseAPISetSourceResolution(self.0, i32::try_from(dpi).unwrap_or(0));
        }
    }

    /// Recognise the page, giving up at `limit`. False when the limit stopped it (or it failed).
    pub fn recognize(&mut self, limit: Duration) -> bool {
        let ms = i32::try_from(limit.as_millis()).unwrap_or(i32::MAX);
        // SAFETY: the monitor lives until after Recognize returns and is freed once.
        unsafe {
            let monitor = sys::TessMonitorCreate();
            sys::TessMonitorSetDeadlineMSecs(monitor, ms);
            let rc = sys::TessBaseAPIRecognize(self.0, monitor);
            sys::TessMonitorDelete(monitor);
            rc == 0
        }
    }

    /// The recognised text (UTF-8).
    pub fn text(&mut self) -> Option<String> {
        // SAFETY: a valid handle; the returned string is ours to free.
        unsafe { take_text(sys::TessBaseAPIGetUTF8Text(self.0)) }
    }

    /// The recognised words as TSV.
    pub fn tsv(&mut self) -> Option<String> {
        // SAFETY: as `text`.
        unsafe { take_text(sys::TessBaseAPIGetTsvText(self.0, 0)) }
    }

    pub fn mean_confidence(&mut self) -> f32 {
        // SAFETY: a valid handle.
        unsafe { sys::TessBaseAPIMeanTextConf(self.0) as f32 }
    }
}

/// Copy and free a string Tesseract allocated.
unsafe fn take_text(p: *mut c_char) -> Option<String> {
    if p.is_null() {
        return None;
    }
    // SAFETY: Tesseract returns a NUL-terminated string allocated with new[], freed by TessDeleteText.
    unsafe {
        let s = CStr::from_ptr(p).to_string_lossy().into_owned();
        sys::TessDeleteText(p);
        Some(s)
    }
}

impl Drop for Api {
    fn drop(&mut self) {
        // SAFETY: the handle came from TessBaseAPICreate and is freed once.
        unsafe {
            sys::TessBaseAPIEnd(self.0);
            sys::TessBaseAPIDelete(self.0);
        }
    }
}
