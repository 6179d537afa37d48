//! Is a page upright? Reading a page costs as much as asking Tesseract's orientation model, so
//! the model is only asked when the first reading does not look like upright text.

use super::api::Api;
use super::ink::Rect;
use super::pix::Pix;
use super::words::OcrWord;
use image::GrayImage;
use std::ffi::CStr;
use tesseract::plumbing::tesseract_sys as sys;

// Tesseract's orientation confidence below which a page is left as it is. Measured on the
// samples and the corpus: upright pages score < 1 for other angles, real turns score > 5.
const MIN_ORIENTATION_CONFIDENCE: f32 = 2.0;

// Measured on the samples: upright pages read at a mean confidence of 91-96, the same pages
// turned 90° or 180° at 38-47. Below this, the orientation model decides.
const UPRIGHT_CONFIDENCE: f32 = 70.0;

/// Upright text reads with high confidence in words wider than tall. Tesseract also reads some
/// sideways pages well, as vertical lines: their words are taller than wide, so they are turned.
pub(super) fn looks_upright(confidence: f32, words: &[OcrWord]) -> bool {
    let long: Vec<&OcrWord> = words.iter().filter(|w| w.text.chars().count() >= 3).collect();
    if long.is_empty() || confidence < UPRIGHT_CONFIDENCE {
        return false;
    }
    let wide = long.iter().filter(|w| w.width >= w.height).count();
    wide * 10 >= long.len() * 6
}

/// Tesseract's orientation and script detection, on an engine initialised with the `osd` model
/// (the `tesseract` crate does not wrap it).
pub(super) struct Osd(Api);

impl Osd {
    pub fn new(datapath: &CStr) -> Result<Self, String> {
        let mut api = Api::new(datapath, c"osd")
            .ok_or("Tesseract could not load its orientation model (osd.traineddata): install tesseract-ocr")?;
        api.set_page_seg_mode(sys::TessPageSegMode_PSM_OSD_ONLY);
        api.set_variable(c"debug_file", c"/dev/null");
        Ok(Osd(api))
    }

    /// Clockwise degrees that make the page upright; 0 when unsure.
    pub fn upright_rotation(&mut self, image: &GrayImage, dpi: u32) -> u16 {
        let Some(pix) = Pix::from_gray(image, Rect::whole(image), dpi) else {
            return 0;
        };
        let (mut deg, mut conf, mut script_conf) = (0i32, 0f32, 0f32);
        let mut script: *const std::os::raw::c_char = std::ptr::null();
        self.0.set_image(&pix, dpi);
        drop(pix);
        // SAFETY: a valid handle with an image set; out-pointers are valid locals.
        let ok = unsafe {
            sys::TessBaseAPIDetectOrientationScript(self.0.raw(), &mut deg, &mut conf, &mut script, &mut script_conf)
        };
        if ok == 0 || conf < MIN_ORIENTATION_CONFIDENCE {
            return 0;
        }
        // Tesseract reports how far the page is turned clockwise; undo it.
        match deg.rem_euclid(360) {
            90 => 270,
            180 => 180,
            270 => 90,
            _ => 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(text: &str, width: u32, height: u32) -> OcrWord {
        OcrWord { text: text.into(), left: 0, top: 0, width, height }
    }

    #[test]
    fn upright_needs_confidence_and_wide_words() {
        let wide = vec![word("CỘNG", 200, 50), word("HÒA", 150, 50), word("xã", 60, 40)];
        assert!(looks_upright(95.0, &wide));
        assert!(!looks_upright(45.0, &wide), "turned pages read at low confidence");
        let tall = vec![word("CỘNG", 50, 200), word("HÒA", 50, 150)];
        assert!(!looks_upright(96.0, &tall), "a sideways page read as vertical lines");
        assert!(!looks_upright(96.0, &[]), "nothing read: ask the model");
    }
}
