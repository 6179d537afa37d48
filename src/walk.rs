//! Walk the PATH arguments into candidate files: stat only, no reading.

use crate::error::{Error, Stage};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

/// A file found by the walk.
#[derive(Debug, Clone)]
pub(crate) struct Candidate {
    /// Absolute path: the catalog's key for this file.
    pub path: PathBuf,
    /// The path as the user sees it: relative to the PATH argument it was found under.
    pub shown: String,
    pub size: u64,
    pub mtime_ns: i64,
    /// Pages it is expected to hold (`decode::estimate_pages`), for the progress bar and for
    /// starting the longest work first; 1 until estimated.
    pub pages_estimate: usize,
}

/// The catalog's key for a path: the path itself when it is UTF-8. A name that is not (old
/// scanners and Windows shares write Latin-1 or CP1258 bytes) keeps every byte: each invalid
/// byte b becomes the private-use character U+10FF00 + b, so two such names never share a key
/// the way they would as U+FFFD.
pub(crate) fn path_key(path: &Path) -> String {
    use std::os::unix::ffi::OsStrExt;
    let bytes = path.as_os_str().as_bytes();
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        for &b in chunk.invalid() {
            out.push(char::from_u32(0x10_FF00 + u32::from(b)).unwrap_or('\u{FFFD}'));
        }
    }
    out
}

/// The path a catalog key stands for: `path_key` undone, so a worker can open a file that
/// another machine's `enqueue` registered.
pub(crate) fn key_path(key: &str) -> PathBuf {
    use std::os::unix::ffi::OsStringExt;
    let mut bytes = Vec::with_capacity(key.len());
    for ch in key.chars() {
        match u32::from(ch) {
            c @ 0x10_FF80..=0x10_FFFF => bytes.push((c - 0x10_FF00) as u8),
            _ => bytes.extend_from_slice(ch.encode_utf8(&mut [0; 4]).as_bytes()),
        }
    }
    PathBuf::from(std::ffi::OsString::from_vec(bytes))
}

/// What the walk found. Errors are per entry; the walk goes on.
#[derive(Debug, Default)]
pub(crate) struct Walked {
    pub files: Vec<Candidate>,
    pub errors: Vec<Error>,
    /// Hidden, temporary, system files and symlinks met inside folders.
    pub skipped: usize,
}

/// Walk files and folders. Symlinks met inside a folder are skipped, so a link cannot lead the
/// batch outside the folders it was given; a PATH argument that is itself a link is followed.
pub(crate) fn walk(roots: &[PathBuf]) -> Walked {
    let mut out = Walked::default();
    let mut seen = HashSet::new();
    for root in roots {
        walk_root(root, &mut out, &mut seen);
    }
    out.files.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

fn walk_root(root: &Path, out: &mut Walked, seen: &mut HashSet<PathBuf>) {
    let base = match root.canonicalize() {
        Ok(b) => b,
        Err(e) => {
            return out.errors.push(Error::new(root, Stage::Walk, describe_io(&e)));
        }
    };
    let entries = walkdir::WalkDir::new(&base)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_skipped_name(e.file_name()));
    for entry in entries {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().map_or_else(|| base.clone(), Path::to_path_buf);
                out.errors.push(Error::new(path, Stage::Walk, e));
                continue;
            }
        };
        let ft = entry.file_type();
        if ft.is_dir() {
            continue;
        }
        if !ft.is_file() {
            out.skipped += 1; // symlinks, sockets, devices
            continue;
        }
        let path = entry.path().to_path_buf();
        if !seen.insert(path.clone()) {
            continue; // overlapping PATH arguments
        }
        let shown = shown_path(root, &base, &path);
        match entry.metadata() {
            Ok(m) => {
                out.files.push(Candidate { size: m.len(), mtime_ns: mtime_ns(&m), path, shown, pages_estimate: 1 })
            }
            Err(e) => out.errors.push(Error::new(&path, Stage::Walk, e)),
        }
    }
}

/// A file given directly keeps the spelling it was given; one found in a folder is relative to it.
fn shown_path(root: &Path, base: &Path, path: &Path) -> String {
    match path.strip_prefix(base) {
        Ok(rel) if !rel.as_os_str().is_empty() => rel.to_string_lossy().into_owned(),
        _ => root.to_string_lossy().into_owned(),
    }
}

pub(crate) fn mtime_ns(m: &std::fs::Metadata) -> i64 {
    m.modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX))
}

/// Hidden files, editors' and browsers' temporary files, and OS litter are never documents.
fn is_skipped_name(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    let lower = name.to_lowercase();
    name.starts_with('.')
        || name.starts_with("~$")
        || name.ends_with('~')
        || [".part", ".partial", ".tmp", ".crdownload", ".download", ".swp"].iter().any(|ext| lower.ends_with(ext))
        || lower == "thumbs.db"
        || lower == "desktop.ini"
}

pub(crate) fn describe_io(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_turns_back_into_the_path_it_was_made_from() {
        use std::os::unix::ffi::OsStrExt;
        for raw in [&b"/scans/h\xe1\xbb\x93 s\xc6\xa1.png"[..], b"/scans/caf\xe9-\xff.tif", b"plain/name.pdf"] {
            let path = PathBuf::from(std::ffi::OsStr::from_bytes(raw));
            assert_eq!(key_path(&path_key(&path)), path, "{raw:?}");
        }
    }

    #[test]
    fn names_that_are_not_utf8_keep_distinct_keys() {
        use std::os::unix::ffi::OsStrExt;
        let a = Path::new(std::ffi::OsStr::from_bytes(b"/scans/h\xe0 s\xf4.png"));
        let b = Path::new(std::ffi::OsStr::from_bytes(b"/scans/h\xe1 s\xf4.png"));
        assert_ne!(path_key(a), path_key(b));
        assert_eq!(path_key(Path::new("/scans/hồ sơ.png")), "/scans/hồ sơ.png", "UTF-8 names are their own key");
    }
    use std::fs;

    #[test]
    fn skips_hidden_temporary_and_links_and_keeps_relative_names() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        fs::create_dir_all(d.join("a/.git")).unwrap();
        for f in ["a/x.png", "a/.git/obj", "a/~$doc.docx", "a/y.pdf.part", "a/z.tmp", ".hidden.png", "b.jpg"] {
            fs::write(d.join(f), b"x").unwrap();
        }
        let outside = tempfile::tempdir().unwrap();
        fs::write(outside.path().join("secret.png"), b"x").unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret.png"), d.join("a/link.png")).unwrap();

        let w = walk(&[d.to_path_buf()]);
        let shown: Vec<_> = w.files.iter().map(|c| c.shown.as_str()).collect();
        assert_eq!(shown, ["a/x.png", "b.jpg"]);
        assert_eq!(w.skipped, 1);
        assert!(w.errors.is_empty());
        assert!(w.files[0].path.is_absolute());
    }

    #[test]
    fn missing_root_is_an_error_and_a_file_root_keeps_its_spelling() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("one.png");
        fs::write(&f, b"x").unwrap();
        let w = walk(&[dir.path().join("nope"), f.clone(), f.clone()]);
        assert_eq!(w.errors.len(), 1);
        assert_eq!(w.files.len(), 1);
        assert_eq!(w.files[0].shown, f.to_string_lossy());
    }
}
