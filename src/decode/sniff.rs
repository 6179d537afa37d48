//! Tell what a file is from its first bytes, never from its name: scanners and people mislabel.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MediaType {
    Png,
    Jpeg,
    Bmp,
    Tiff,
    Pdf,
}

impl MediaType {
    pub fn mime(self) -> &'static str {
        match self {
            MediaType::Png => "image/png",
            MediaType::Jpeg => "image/jpeg",
            MediaType::Bmp => "image/bmp",
            MediaType::Tiff => "image/tiff",
            MediaType::Pdf => "application/pdf",
        }
    }

    /// The extension used in the store.
    pub fn extension(self) -> &'static str {
        match self {
            MediaType::Png => "png",
            MediaType::Jpeg => "jpg",
            MediaType::Bmp => "bmp",
            MediaType::Tiff => "tif",
            MediaType::Pdf => "pdf",
        }
    }
}

/// The media type of `bytes`, or a sentence saying what the file seems to be instead.
pub(crate) fn sniff(bytes: &[u8]) -> Result<MediaType, String> {
    if bytes.is_empty() {
        return Err("empty file (0 bytes)".into());
    }
    let starts = |magic: &[u8]| bytes.starts_with(magic);
    if starts(b"\x89PNG\r\n\x1a\n") {
        return Ok(MediaType::Png);
    }
    if starts(&[0xFF, 0xD8, 0xFF]) {
        return Ok(MediaType::Jpeg);
    }
    if starts(b"II*\0") || starts(b"MM\0*") || starts(b"II+\0") || starts(b"MM\0+") {
        return Ok(MediaType::Tiff);
    }
    if starts(b"BM") && bytes.len() > 26 {
        return Ok(MediaType::Bmp);
    }
    // Readers accept junk (a BOM, a mail header) before the PDF header within the first KiB.
    let head = &bytes[..bytes.len().min(1024)];
    if head.windows(5).any(|w| w == b"%PDF-") {
        return Ok(MediaType::Pdf);
    }
    Err(format!("not a scan or PDF: {}", what_else(bytes)))
}

fn what_else(bytes: &[u8]) -> String {
    let starts = |magic: &[u8]| bytes.starts_with(magic);
    let kind = if starts(b"PK\x03\x04") {
        "a ZIP archive or Office document"
    } else if starts(b"GIF8") {
        "a GIF image (not supported)"
    } else if bytes.len() > 12 && &bytes[8..12] == b"WEBP" {
        "a WebP image (not supported)"
    } else if bytes.len() > 12 && &bytes[4..8] == b"ftyp" {
        "a HEIC/MP4 file (not supported)"
    } else if starts(b"\0\0\0\x0cjP  ") {
        "a JPEG 2000 image (not supported)"
    } else if starts(b"%!PS") {
        "a PostScript file (not supported)"
    } else if std::str::from_utf8(&bytes[..bytes.len().min(4096)]).is_ok_and(|s| !s.contains('\0')) {
        "a text file"
    } else {
        "unrecognised content"
    };
    kind.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn by_content_not_by_name() {
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\nrest"), Ok(MediaType::Png));
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), Ok(MediaType::Jpeg));
        assert_eq!(sniff(b"MM\0*\0\0\0\x08"), Ok(MediaType::Tiff));
        assert_eq!(sniff(b"\xEF\xBB\xBF%PDF-1.4\n"), Ok(MediaType::Pdf));
        assert_eq!(sniff(b""), Err("empty file (0 bytes)".into()));
        assert!(sniff(b"hello, world").unwrap_err().contains("text file"));
        assert!(sniff(&[0u8, 1, 2, 3, 250, 251]).unwrap_err().contains("unrecognised"));
    }
}
