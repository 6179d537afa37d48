//! BagIt 1.0 (RFC 8493) bags: written into a temporary folder and renamed into place, so a bag
//! on disk is always whole; verified against its manifests and Payload-Oxum.

use crate::hash::sha256_hex;
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

/// What goes into a bag: payload files under `data/`, `bag-info.txt` fields, extra tag files.
#[derive(Debug, Default)]
pub(crate) struct BagSpec {
    /// (path under data/, bytes).
    pub payload: Vec<(String, Vec<u8>)>,
    /// (label, value) lines of bag-info.txt, in order; Payload-Oxum is added.
    pub info: Vec<(String, String)>,
    /// Tag files beside bagit.txt, e.g. dossier.json.
    pub tags: Vec<(String, Vec<u8>)>,
}

/// Write `spec` as the bag `dest`, replacing an older bag there only once the new one is whole.
pub(crate) fn write_bag(dest: &Path, spec: &BagSpec) -> Result<(), String> {
    let parent = dest.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = dest.file_name().ok_or("the bag needs a folder name")?.to_string_lossy();
    let tmp = parent.join(format!(".{name}.{}.partial", std::process::id()));
    let _ = fs::remove_dir_all(&tmp);
    let result = fill(&tmp, spec).and_then(|()| replace(&tmp, dest));
    if result.is_err() {
        let _ = fs::remove_dir_all(&tmp);
    }
    result
}

fn fill(dir: &Path, spec: &BagSpec) -> Result<(), String> {
    let mut manifest = String::new();
    let mut total = 0u64;
    for (rel, bytes) in &spec.payload {
        let path = format!("data/{rel}");
        write(dir, &path, bytes)?;
        let _ = writeln!(manifest, "{}  {}", sha256_hex(bytes), encode_path(&path));
        total += bytes.len() as u64;
    }
    let mut info = String::new();
    for (k, v) in &spec.info {
        let _ = writeln!(info, "{k}: {}", v.replace(['\r', '\n'], " "));
    }
    let _ = writeln!(info, "Payload-Oxum: {total}.{}", spec.payload.len());
    let mut tags: Vec<(String, Vec<u8>)> = vec![
        ("bagit.txt".into(), b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n".to_vec()),
        ("bag-info.txt".into(), info.into_bytes()),
        ("manifest-sha256.txt".into(), manifest.into_bytes()),
    ];
    tags.extend(spec.tags.iter().cloned());
    let mut tagmanifest = String::new();
    for (name, bytes) in &tags {
        write(dir, name, bytes)?;
        let _ = writeln!(tagmanifest, "{}  {}", sha256_hex(bytes), encode_path(name));
    }
    write(dir, "tagmanifest-sha256.txt", tagmanifest.as_bytes())
}

fn write(dir: &Path, rel: &str, bytes: &[u8]) -> Result<(), String> {
    let path = dir.join(rel);
    if let Some(p) = path.parent() {
        fs::create_dir_all(p).map_err(|e| format!("cannot create {}: {e}", p.display()))?;
    }
    fs::write(&path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

fn replace(tmp: &Path, dest: &Path) -> Result<(), String> {
    if dest.exists() {
        let old = dest.with_extension("old-bag");
        let _ = fs::remove_dir_all(&old);
        fs::rename(dest, &old).map_err(|e| format!("cannot move the old bag {} aside: {e}", dest.display()))?;
        fs::rename(tmp, dest).map_err(|e| format!("cannot rename into {}: {e}", dest.display()))?;
        let _ = fs::remove_dir_all(&old);
        return Ok(());
    }
    fs::rename(tmp, dest).map_err(|e| format!("cannot rename into {}: {e}", dest.display()))
}

/// RFC 8493 §2.1.3: only CR, LF and % are percent-encoded in manifest paths.
fn encode_path(p: &str) -> String {
    p.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

fn decode_path(p: &str) -> String {
    p.replace("%0D", "\r").replace("%0d", "\r").replace("%0A", "\n").replace("%0a", "\n").replace("%25", "%")
}

/// One thing wrong with a bag or the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: PathBuf,
    /// `missing`, `altered`, `unlisted` or `invalid`.
    pub kind: &'static str,
    pub detail: String,
}

/// Check a bag: its declaration, every manifest entry's hash, no payload file left unlisted, and
/// the Payload-Oxum. Returns the problems (empty when the bag is valid) and the files checked.
pub(crate) fn verify_bag(bag: &Path) -> (Vec<Problem>, usize) {
    let problem = |rel: &str, kind, detail: String| Problem { path: bag.join(rel), kind, detail };
    if !bag.join("bagit.txt").is_file() {
        return (vec![problem("bagit.txt", "invalid", "not a bag: bagit.txt is missing".into())], 0);
    }
    let mut problems = Vec::new();
    let payload = match read_manifest(bag, "manifest-sha256.txt") {
        Ok(m) => m,
        Err(e) => return (vec![problem("manifest-sha256.txt", "invalid", e)], 0),
    };
    let tags = read_manifest(bag, "tagmanifest-sha256.txt").unwrap_or_default();
    let entries: Vec<&(String, String)> = payload.iter().chain(tags.iter()).collect();
    problems.extend(entries.par_iter().filter_map(|(sha, rel)| check_file(bag, rel, sha)).collect::<Vec<_>>());
    let listed: BTreeSet<&str> = payload.iter().map(|(_, p)| p.as_str()).collect();
    for rel in files_under(&bag.join("data"), "data") {
        if !listed.contains(rel.as_str()) {
            problems.push(problem(&rel, "unlisted", "in data/ but not in manifest-sha256.txt".into()));
        }
    }
    if let Some(p) = check_oxum(bag, &payload) {
        problems.push(p);
    }
    (problems, entries.len())
}

fn read_manifest(bag: &Path, name: &str) -> Result<Vec<(String, String)>, String> {
    let text = fs::read_to_string(bag.join(name)).map_err(|e| format!("cannot read {name}: {e}"))?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let (sha, path) = line
            .split_once(char::is_whitespace)
            .ok_or_else(|| format!("{name} line {}: expected '<sha256> <path>'", i + 1))?;
        let path = decode_path(path.trim_start());
        if path.starts_with('/') || path.split('/').any(|c| c == "..") {
            return Err(format!("{name} line {}: path {path:?} leaves the bag", i + 1));
        }
        out.push((sha.to_ascii_lowercase(), path));
    }
    Ok(out)
}

/// `root/rel` exists and hashes to `sha`; otherwise the problem.
pub(crate) fn check_file(root: &Path, rel: &str, sha: &str) -> Option<Problem> {
    let path = root.join(rel);
    match fs::read(&path) {
        Err(e) => Some(Problem { path, kind: "missing", detail: crate::walk::describe_io(&e) }),
        Ok(bytes) => {
            let found = sha256_hex(&bytes);
            (found != sha).then(|| Problem {
                path,
                kind: "altered",
                detail: format!("sha256 is {found}, expected {sha}"),
            })
        }
    }
}

fn files_under(dir: &Path, prefix: &str) -> Vec<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = e.path().strip_prefix(dir).ok()?.to_string_lossy().replace('\\', "/");
            Some(format!("{prefix}/{rel}"))
        })
        .collect()
}

fn check_oxum(bag: &Path, payload: &[(String, String)]) -> Option<Problem> {
    let info = fs::read_to_string(bag.join("bag-info.txt")).ok()?;
    let oxum = info.lines().find_map(|l| l.strip_prefix("Payload-Oxum:"))?.trim().to_string();
    let bytes: u64 = payload.iter().filter_map(|(_, p)| fs::metadata(bag.join(p)).ok()).map(|m| m.len()).sum();
    let actual = format!("{bytes}.{}", payload.len());
    (actual != oxum).then(|| Problem {
        path: bag.join("bag-info.txt"),
        kind: "invalid",
        detail: format!("Payload-Oxum says {oxum}, the payload is {actual}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> BagSpec {
        BagSpec {
            payload: vec![("inputs/a.png".into(), b"png bytes".to_vec()), ("b 100%.pdf".into(), b"%PDF".to_vec())],
            info: vec![("External-Identifier".into(), "000.00.12.H30-250707-0003".into())],
            tags: vec![("dossier.json".into(), b"{}".to_vec())],
        }
    }

    #[test]
    fn a_written_bag_verifies_and_tampering_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let bag = dir.path().join("bag");
        write_bag(&bag, &spec()).unwrap();
        let info = fs::read_to_string(bag.join("bag-info.txt")).unwrap();
        assert!(info.contains("Payload-Oxum: 13.2"), "{info}");
        assert!(fs::read_to_string(bag.join("manifest-sha256.txt")).unwrap().contains("  data/b 100%25.pdf"));
        assert_eq!(verify_bag(&bag), (vec![], 6));

        fs::write(bag.join("data/inputs/a.png"), b"other bytes").unwrap();
        fs::remove_file(bag.join("data/b 100%.pdf")).unwrap();
        fs::write(bag.join("data/stray.txt"), b"x").unwrap();
        fs::write(bag.join("dossier.json"), b"{\"x\":1}").unwrap();
        let (problems, _) = verify_bag(&bag);
        let kinds: BTreeSet<(&str, String)> = problems
            .iter()
            .map(|p| (p.kind, p.path.strip_prefix(&bag).unwrap().to_string_lossy().into_owned()))
            .collect();
        let want: BTreeSet<(&str, String)> = [
            ("altered", "data/inputs/a.png"),
            ("missing", "data/b 100%.pdf"),
            ("unlisted", "data/stray.txt"),
            ("altered", "dossier.json"),
            ("invalid", "bag-info.txt"),
        ]
        .into_iter()
        .map(|(k, p)| (k, p.to_string()))
        .collect();
        assert_eq!(kinds, want);
    }

    #[test]
    fn rewriting_a_bag_replaces_it_whole() {
        let dir = tempfile::tempdir().unwrap();
        let bag = dir.path().join("bag");
        write_bag(&bag, &spec()).unwrap();
        let mut second = spec();
        second.payload.truncate(1);
        write_bag(&bag, &second).unwrap();
        assert!(!bag.join("data/b 100%.pdf").exists());
        assert_eq!(verify_bag(&bag).0, vec![]);
        let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(leftovers, vec![std::ffi::OsString::from("bag")]);
    }

    #[test]
    fn a_manifest_path_that_leaves_the_bag_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let bag = dir.path().join("bag");
        write_bag(&bag, &spec()).unwrap();
        fs::write(bag.join("manifest-sha256.txt"), "00  ../../etc/passwd\n").unwrap();
        let (problems, _) = verify_bag(&bag);
        assert_eq!(problems[0].kind, "invalid", "{problems:?}");
        assert!(!bag.join("nothing").exists());
        assert!(verify_bag(dir.path()).0[0].detail.contains("not a bag"));
    }
}
