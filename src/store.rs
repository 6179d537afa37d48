//! Content-addressed store: `store/ab/cd/<sha256>.<ext>`, written once, atomically, verified.

use crate::hash::sha256_hex;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

static TMP_SEQ: AtomicU64 = AtomicU64::new(0);

#[derive(Debug, Clone)]
pub(crate) struct Store {
    root: PathBuf,
}

impl Store {
    pub fn new(root: PathBuf) -> Self {
        Store { root }
    }

    #[cfg(test)]
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Where a document lives, relative to the store root.
    pub fn relative_path(sha256: &str, ext: &str) -> String {
        format!("{}/{}/{}.{}", &sha256[..2], &sha256[2..4], sha256, ext)
    }

    /// Put `bytes` (whose hash is `sha256`) in the store and return its relative path.
    /// A file already there with the right content is left alone; a damaged one is replaced.
    /// The write goes to a temporary name, is read back and checked, then renamed into place,
    /// so a crash or a concurrent writer never leaves a partial file under the final name.
    pub fn put(&self, sha256: &str, ext: &str, bytes: &[u8]) -> Result<String, String> {
        let rel = Self::relative_path(sha256, ext);
        let dest = self.root.join(&rel);
        if matches!(fs::read(&dest), Ok(existing) if sha256_hex(&existing) == sha256) {
            return Ok(rel);
        }
        let dir = dest.parent().ok_or("store path has no folder")?;
        fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        let tmp = dir.join(format!(".{sha256}.{}.{}.tmp", std::process::id(), TMP_SEQ.fetch_add(1, Ordering::Relaxed)));
        let result = write_verified(&tmp, sha256, bytes)
            .and_then(|()| fs::rename(&tmp, &dest).map_err(|e| format!("cannot rename into {}: {e}", dest.display())));
        if result.is_err() {
            let _ = fs::remove_file(&tmp);
        }
        result?;
        // The rename is only durable once the folder entry is.
        if let Ok(d) = fs::File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(rel)
    }
}

fn write_verified(tmp: &Path, sha256: &str, bytes: &[u8]) -> Result<(), String> {
    let mut f = fs::File::create(tmp).map_err(|e| format!("cannot create {}: {e}", tmp.display()))?;
    f.write_all(bytes).and_then(|()| f.sync_all()).map_err(|e| format!("cannot write {}: {e}", tmp.display()))?;
    let back = fs::read(tmp).map_err(|e| format!("cannot read back {}: {e}", tmp.display()))?;
    if sha256_hex(&back) != sha256 {
        return Err(format!("{} does not match its hash after writing", tmp.display()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn puts_once_under_its_hash_and_repairs_damage() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path().join("store"));
        let bytes = b"scan";
        let sha = sha256_hex(bytes);
        let rel = store.put(&sha, "png", bytes).unwrap();
        assert_eq!(rel, format!("{}/{}/{}.png", &sha[..2], &sha[2..4], sha));
        let full = store.root().join(&rel);
        assert_eq!(fs::read(&full).unwrap(), bytes);

        fs::write(&full, b"damaged").unwrap();
        store.put(&sha, "png", bytes).unwrap();
        assert_eq!(fs::read(&full).unwrap(), bytes);
        let leftovers: Vec<_> = fs::read_dir(full.parent().unwrap()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temporary files left behind");
    }
}
