//! Tesseract OCR: one engine per worker thread, created once and reused for every page.

use image::GrayImage;
use std::cell::RefCell;
use std::ffi::CString;
use std::path::{Path, PathBuf};
use std::time::Duration;
use tesseract::plumbing::tesseract_sys as sys;

mod api;
mod ink;
mod lept;
mod orient;
mod pix;
mod words;
use api::Api;
use ink::{Ink, Rect};
use orient::Osd;
use pix::Pix;
pub(crate) use words::OcrWord;

/// What the OCR stage needs from the config.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct OcrSettings {
    pub languages: String,
    pub tessdata: PathBuf,
    pub detect_orientation: bool,
    pub max_dpi: u32,
    /// Read only the box around the ink, not the white margins.
    pub crop_margins: bool,
    /// Also return each word's box.
    pub words: bool,
    /// Tesseract variables to set on the engine, checked when it starts.
    pub variables: Vec<(String, String)>,
}

/// One page read by Tesseract.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct OcrPage {
    pub text: String,
    /// Tesseract's mean word confidence, 0–100.
    pub confidence: f32,
    /// Resolution the page was read at (after any downscaling).
    pub dpi: u32,
    /// Clockwise degrees the page was turned to be upright.
    pub rotation: u16,
    /// Too little ink to hold text: not given to Tesseract at all.
    pub blank: bool,
    /// Size of the upright image that was read, in pixels at `dpi`.
    pub width: u32,
    pub height: u32,
    /// The words with their boxes, when asked for (the searchable PDF needs them).
    pub words: Vec<OcrWord>,
    /// CPU seconds this thread spent on the page in Tesseract (orientation and recognition).
    pub cpu_seconds: f64,
}

/// Find the tessdata folder: the configured one, `$TESSDATA_PREFIX`, or the usual Debian places.
pub(crate) fn find_tessdata(configured: Option<&Path>) -> Option<PathBuf> {
    if let Some(p) = configured {
        return Some(p.to_path_buf());
    }
    if let Some(p) = std::env::var_os("TESSDATA_PREFIX").map(PathBuf::from) {
        if p.join("tessdata").is_dir() {
            return Some(p.join("tessdata"));
        }
        return Some(p);
    }
    [
        "/usr/share/tesseract-ocr/5/tessdata",
        "/usr/share/tesseract-ocr/4.00/tessdata",
        "/usr/share/tessdata",
        "/usr/local/share/tessdata",
    ]
    .iter()
    .map(PathBuf::from)
    .find(|p| p.join("osd.traineddata").exists() || p.join("eng.traineddata").exists())
}

/// Every language's model must be installed; the error names the Debian package that has it.
pub(crate) fn check_languages(tessdata: &Path, languages: &str, need_osd: bool) -> Result<(), String> {
    let mut wanted: Vec<&str> = languages.split('+').collect();
    if need_osd {
        wanted.push("osd");
    }
    for lang in wanted {
        if !tessdata.join(format!("{lang}.traineddata")).is_file() {
            return Err(format!(
                "Tesseract language '{lang}' is not installed (no {lang}.traineddata in {}): install the Debian package {}",
                tessdata.display(),
                debian_package(lang)
            ));
        }
    }
    Ok(())
}

fn debian_package(lang: &str) -> String {
    if lang == "osd" {
        return "tesseract-ocr".into();
    }
    if lang.starts_with(char::is_uppercase) {
        // Script models: Vietnamese -> tesseract-ocr-script-viet, Latin -> ...-latn.
        let short = match lang {
            "Latin" => "latn".to_string(),
            other => other.to_lowercase().chars().take(4).collect(),
        };
        return format!("tesseract-ocr-script-{short}");
    }
    format!("tesseract-ocr-{}", lang.to_lowercase().replace('_', "-"))
}

thread_local! {
    static ENGINE: RefCell<Option<Engine>> = const { RefCell::new(None) };
}

/// OCR a page with this thread's engine, creating it on first use. Recognition stops and the page
/// fails after `limit`.
pub(crate) fn recognize(
    settings: &OcrSettings,
    image: GrayImage,
    dpi: Option<f32>,
    limit: Duration,
) -> Result<OcrPage, String> {
    ENGINE.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot.as_ref().is_none_or(|e| e.settings != *settings) {
            *slot = None; // drop the old engine first: two at once double the memory
            *slot = Some(Engine::new(settings)?);
        }
        let engine = slot.as_mut().ok_or("no OCR engine")?;
        engine.recognize(image, dpi, limit)
    })
}

/// Set the variables on a throwaway engine: a name Tesseract does not know stops the run before
/// any file is read, instead of failing every page.
pub(crate) fn check_variables(settings: &OcrSettings) -> Result<(), String> {
    let datapath = cstring(&settings.tessdata.to_string_lossy())?;
    let mut api = Api::new(&datapath, &cstring(&settings.languages)?)
        .ok_or_else(|| format!("Tesseract could not load '{}'", settings.languages))?;
    set_variables(&mut api, &settings.variables)
}

fn set_variables(api: &mut Api, variables: &[(String, String)]) -> Result<(), String> {
    for (name, value) in variables {
        if !api.set_variable(&cstring(name)?, &cstring(value)?) {
            return Err(format!(
                "ocr.variables.{name} = {value:?}: Tesseract has no such variable, or refused the value"
            ));
        }
    }
    Ok(())
}

/// Drop this thread's engine. Called on every worker before the pool ends, because Tesseract
/// complains of leaked objects when engines outlive `main`.
pub(crate) fn release_thread_engine() {
    ENGINE.with(|cell| cell.borrow_mut().take());
}

struct Engine {
    settings: OcrSettings,
    api: Api,
    osd: Option<Osd>,
}

impl Engine {
    fn new(settings: &OcrSettings) -> Result<Self, String> {
        lept::keep();
        let datapath = cstring(&settings.tessdata.to_string_lossy())?;
        let lang = cstring(&settings.languages)?;
        let mut api = Api::new(&datapath, &lang).ok_or_else(|| {
            format!("Tesseract could not load '{}' from {}", settings.languages, settings.tessdata.display())
        })?;
        api.set_page_seg_mode(sys::TessPageSegMode_PSM_AUTO);
        // Tesseract writes warnings straight to stderr; only the collector may use the terminal.
        if !api.set_variable(c"debug_file", c"/dev/null") {
            return Err("Tesseract refused the debug_file setting".into());
        }
        // Fixed-pitch detection only serves the legacy engine's character chopping; the LSTM
        // reads the same text without it (all 124 benchmark pages and a monospaced page alike)
        // and it costs 2-3% of a page. `[ocr.variables]` may set it back.
        if !api.set_variable(c"textord_all_prop", c"1") {
            return Err("Tesseract refused the textord_all_prop setting".into());
        }
        set_variables(&mut api, &settings.variables)?;
        let osd = if settings.detect_orientation { Some(Osd::new(&datapath)?) } else { None };
        Ok(Engine { settings: settings.clone(), api, osd })
    }

    fn recognize(&mut self, image: GrayImage, dpi: Option<f32>, limit: Duration) -> Result<OcrPage, String> {
        let dpi = dpi.filter(|d| (50.0..=5000.0).contains(d)).unwrap_or_else(|| guess_dpi(&image));
        let (image, dpi) = downscale(image, dpi, self.settings.max_dpi as f32);
        let dpi = dpi.round() as u32;
        let ink = Ink::measure(&image, dpi);
        if ink.is_blank() {
            let (width, height) = image.dimensions();
            let text = String::new();
            let words = Vec::new();
            return Ok(OcrPage {
                text,
                confidence: 0.0,
                dpi,
                rotation: 0,
                blank: true,
                width,
                height,
                words,
                cpu_seconds: 0.0,
            });
        }
        let cpu_start = thread_cpu_seconds();
        let started = std::time::Instant::now();
        // Most pages are upright: read the page as it is, and only when the result does not look
        // like upright text ask the orientation model (as costly as reading) and read it again.
        let first = self.read(&image, &ink, dpi, limit)?;
        let (read, (width, height), rotation) = match &mut self.osd {
            Some(osd) if !orient::looks_upright(first.confidence, &first.words) => {
                match osd.upright_rotation(&image, dpi) {
                    0 => (first, image.dimensions(), 0),
                    turn => {
                        let turned = rotate(image, turn);
                        let ink = Ink::measure(&turned, dpi);
                        let second = self.read(&turned, &ink, dpi, limit.saturating_sub(started.elapsed()))?;
                        if second.confidence >= first.confidence {
                            (second, turned.dimensions(), turn)
                        } else {
                            let (w, h) = turned.dimensions();
                            (first, if turn == 180 { (w, h) } else { (h, w) }, 0)
                        }
                    }
                }
            }
            _ => (first, image.dimensions(), 0),
        };
        Ok(OcrPage {
            text: read.text,
            confidence: read.confidence,
            dpi,
            rotation,
            blank: false,
            width,
            height,
            words: if self.settings.words { read.words } else { Vec::new() },
            cpu_seconds: thread_cpu_seconds() - cpu_start,
        })
    }

    /// Recognise `image` as it is, within `limit`.
    fn read(&mut self, image: &GrayImage, ink: &Ink, dpi: u32, limit: Duration) -> Result<Read, String> {
        // Only the box around the ink is given: layout analysis costs by the pixel, and the white
        // margins hold nothing. The box is a new image, not Tesseract's SetRectangle: on 8-bit
        // pages that read some pages as garbage (measured in the README).
        let full = Rect::whole(image);
        let part = if self.settings.crop_margins { ink.content(full.width, full.height, dpi / 10) } else { full };
        let pix = Pix::from_gray(image, part, dpi).ok_or("the page is too large for Tesseract")?;
        self.api.set_image(&pix, dpi);
        drop(pix);
        if limit.is_zero() || !self.api.recognize(limit) {
            return Err(format!(
                "Tesseract gave up on the page after {} s (limits.page_seconds, or the file's time limit)",
                limit.as_secs()
            ));
        }
        let text = self.api.text().ok_or("Tesseract could not read the page")?;
        // The TSV walks the results already computed for the text: no second recognition.
        let mut words = self.api.tsv().map(|t| words::parse_tsv(&t)).unwrap_or_default();
        for w in &mut words {
            w.left += part.left;
            w.top += part.top;
        }
        Ok(Read { text: crate::text::normalize_page_text(&text), confidence: self.api.mean_confidence(), words })
    }
}

/// One recognition of a page.
struct Read {
    text: String,
    confidence: f32,
    words: Vec<OcrWord>,
}

/// CPU time of the calling thread: what Tesseract really cost, whatever else the machine does.
fn thread_cpu_seconds() -> f64 {
    let mut t = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: a valid out-pointer; CLOCK_THREAD_CPUTIME_ID exists on every Linux.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) };
    if rc != 0 {
        return 0.0;
    }
    t.tv_sec as f64 + t.tv_nsec as f64 / 1e9
}

fn cstring(s: &str) -> Result<CString, String> {
    CString::new(s).map_err(|_| format!("{s:?} contains a NUL byte"))
}

/// Scans without a recorded resolution: assume the long side is an A4 page's (11.69 in).
pub(crate) fn guess_dpi(image: &GrayImage) -> f32 {
    let long = image.width().max(image.height()) as f32;
    (long / 11.69).clamp(70.0, 1200.0)
}

/// Tesseract reads 300 dpi as well as 600 at half the cost, so over-resolved scans are shrunk.
fn downscale(image: GrayImage, dpi: f32, max_dpi: f32) -> (GrayImage, f32) {
    if dpi <= max_dpi * 1.05 {
        return (image, dpi);
    }
    let f = max_dpi / dpi;
    let w = ((image.width() as f32 * f).round() as u32).max(1);
    let h = ((image.height() as f32 * f).round() as u32).max(1);
    // An area average: each source pixel counts once, a few times cheaper than a filtered resize.
    (image::imageops::thumbnail(&image, w, h), max_dpi)
}

/// Turn the image clockwise by `degrees` (0, 90, 180 or 270).
pub(crate) fn rotate(image: GrayImage, degrees: u16) -> GrayImage {
    match degrees {
        90 => image::imageops::rotate90(&image),
        180 => image::imageops::rotate180(&image),
        270 => image::imageops::rotate270(&image),
        _ => image,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn package_names_for_missing_languages() {
        assert_eq!(debian_package("vie"), "tesseract-ocr-vie");
        assert_eq!(debian_package("chi_sim"), "tesseract-ocr-chi-sim");
        assert_eq!(debian_package("Vietnamese"), "tesseract-ocr-script-viet");
        let dir = tempfile::tempdir().unwrap();
        let err = check_languages(dir.path(), "vie", false).unwrap_err();
        assert!(err.contains("tesseract-ocr-vie"), "{err}");
    }

    #[test]
    fn downscales_only_above_the_limit() {
        let img = GrayImage::new(2480, 3508);
        let (same, dpi) = downscale(img.clone(), 300.0, 300.0);
        assert_eq!((same.width(), dpi), (2480, 300.0));
        let (small, dpi) = downscale(img, 600.0, 300.0);
        assert_eq!((small.width(), small.height(), dpi), (1240, 1754, 300.0));
    }

    /// `vie` with words, without orientation detection.
    pub(crate) fn settings(crop_margins: bool) -> OcrSettings {
        let Some(tessdata) = find_tessdata(None) else { panic!("Tesseract's data is missing: run `make deps`") };
        OcrSettings {
            languages: "vie".into(),
            tessdata,
            detect_orientation: false,
            max_dpi: 300,
            crop_margins,
            words: true,
            variables: vec![],
        }
    }

    /// A clean 200-dpi sample page with wide white margins.
    pub(crate) fn sample_page() -> GrayImage {
        let page = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/batch/khai-sinh-01.png");
        image::open(page).unwrap().into_luma8()
    }

    #[test]
    fn a_page_past_its_time_limit_fails_and_the_engine_reads_the_next() {
        let settings = settings(true);
        let img = sample_page();
        let err = recognize(&settings, img.clone(), Some(200.0), Duration::from_millis(1)).unwrap_err();
        assert!(err.contains("gave up on the page"), "{err}");
        let page = recognize(&settings, img, Some(200.0), Duration::from_secs(60)).unwrap();
        assert!(page.text.contains("KHAI SINH") && page.cpu_seconds > 0.0, "{page:?}");
        assert!(page.words.iter().any(|w| w.text == "SINH"), "{:?}", page.words);
        release_thread_engine();
    }

    #[test]
    fn a_page_read_inside_its_margins_gives_the_whole_page_s_text_and_word_boxes() {
        let img = sample_page();
        let (w, h) = img.dimensions();
        let part = Ink::measure(&img, 200).content(w, h, 20);
        assert!(u64::from(part.width) * u64::from(part.height) * 10 < u64::from(w) * u64::from(h) * 9, "{part:?}");
        assert!(part.left > 50 && part.top > 50, "the crop shifts the words: {part:?}");
        let (whole, cropped) = (settings(false), settings(true));
        let limit = Duration::from_secs(60);
        let a = recognize(&whole, img.clone(), Some(200.0), limit).unwrap();
        let b = recognize(&cropped, img, Some(200.0), limit).unwrap();
        release_thread_engine();
        assert_eq!(a.text, b.text);
        assert_eq!((a.width, a.height), (b.width, b.height));
        assert_eq!(a.words.len(), b.words.len());
        for (x, y) in a.words.iter().zip(&b.words) {
            assert_eq!(x.text, y.text);
            assert!(x.left.abs_diff(y.left) <= 2 && x.top.abs_diff(y.top) <= 2, "{x:?} vs {y:?}");
        }
        assert!(a.text.contains("KHAI SINH") && b.words.len() > 50, "{}", b.text);
    }
}
