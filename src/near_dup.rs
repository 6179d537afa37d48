//! Near-duplicates: a re-scan of a document already in the catalog (other bytes, same content).
//! Candidates come from a 64-bit SimHash of the text's word 3-shingles, looked up by its four
//! 16-bit quarters (two scans whose SimHashes differ in at most 3 bits always share one; more
//! distant ones usually do), so the cost does not grow with the catalog; a candidate is confirmed
//! only when the shingles largely agree, the document type is the same, and no key field
//! (citizen ID, name, number, dates) differs: two birth declarations on the same form share most
//! of their words but never their owner's fields.

use crate::catalog::Catalog;
use crate::error::Result;
use crate::text::fold;
use std::collections::HashSet;

/// SimHash bits that may differ for two texts to be compared closely.
const MAX_HAMMING: u32 = 14;
/// Share of shingles two scans of one document have in common, at least.
const MIN_JACCARD: f64 = 0.7;

/// Hashes of the folded text's word 3-shingles.
pub(crate) fn shingles(text: &str) -> HashSet<u64> {
    let folded = fold(text);
    let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
    words.windows(3).map(|w| fnv1a(&w.join(" "))).collect()
}

fn fnv1a(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3))
}

pub(crate) fn simhash(shingles: &HashSet<u64>) -> u64 {
    let mut votes = [0i64; 64];
    for h in shingles {
        for (bit, v) in votes.iter_mut().enumerate() {
            *v += if h >> bit & 1 == 1 { 1 } else { -1 };
        }
    }
    votes.iter().enumerate().filter(|(_, v)| **v > 0).fold(0u64, |acc, (bit, _)| acc | 1 << bit)
}

fn jaccard(a: &HashSet<u64>, b: &HashSet<u64>) -> f64 {
    let union = a.union(b).count();
    if union == 0 { 0.0 } else { a.intersection(b).count() as f64 / union as f64 }
}

fn text_of(cat: &dyn Catalog, sha: &str) -> Result<String> {
    Ok(cat.document_pages(sha)?.into_iter().map(|p| p.text).collect::<Vec<_>>().join("\n"))
}

/// Record `sha`'s signature and, if it is a re-scan of an earlier document, which one. Done once
/// a document: a new path to it (a copy, or a file read again after a crash) finds the answer
/// recorded, so later documents never turn it around.
pub(crate) fn check(cat: &mut dyn Catalog, sha: &str) -> Result<Option<String>> {
    if cat.has_signature(sha)? {
        return cat.near_duplicate_of(sha);
    }
    let own = shingles(&text_of(cat, sha)?);
    if own.len() < 20 {
        return Ok(None); // too little text to tell documents apart
    }
    let sig = simhash(&own);
    let own_type = first_type(cat, sha)?;
    let own_fields = cat.fields(sha)?;
    let mut best: Option<(f64, String)> = None;
    for (other, other_sig) in cat.similar_signatures(sig)? {
        if other == sha || (sig ^ other_sig).count_ones() > MAX_HAMMING {
            continue;
        }
        let j = jaccard(&own, &shingles(&text_of(cat, &other)?));
        if j < MIN_JACCARD || first_type(cat, &other)? != own_type {
            continue;
        }
        let theirs = cat.fields(&other)?;
        let conflict =
            own_fields.iter().any(|(_, f)| theirs.iter().any(|(_, g)| g.name == f.name && g.value != f.value));
        if !conflict && best.as_ref().is_none_or(|b| j > b.0) {
            best = Some((j, other));
        }
    }
    cat.record_signature(sha, sig, best.as_ref().map(|(j, o)| (o.as_str(), *j)))?;
    Ok(best.map(|(_, o)| o))
}

fn first_type(cat: &dyn Catalog, sha: &str) -> Result<Option<String>> {
    Ok(cat.assignment(sha)?.first().map(|(s, _)| s.doc_type.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rescans_are_close_and_different_people_on_one_form_are_not() {
        let a = "TỜ KHAI ĐĂNG KÝ KHAI SINH\nHọ, chữ đệm, tên: Nguyễn Minh Khang\nNgày sinh: 05/03/2025\nNơi sinh: Bệnh viện Phụ sản Hà Nội\nQuê quán: xã Hải Hậu, tỉnh Nam Định\nDân tộc: Kinh; Quốc tịch: Việt Nam";
        let rescan = a.replace("Khang", "Khaug").replace("Định", "Đinh");
        let other = "TỜ KHAI ĐĂNG KÝ KHAI SINH\nHọ, chữ đệm, tên: Lê Thu Trang\nNgày sinh: 17/11/2024\nNơi sinh: Trạm y tế xã Tiên Phong\nQuê quán: phường Điện Biên, Hà Nội\nDân tộc: Kinh; Quốc tịch: Việt Nam";
        let (sa, sr, so) = (shingles(a), shingles(&rescan), shingles(other));
        assert!(jaccard(&sa, &sr) >= MIN_JACCARD, "{}", jaccard(&sa, &sr));
        assert!(jaccard(&sa, &so) < MIN_JACCARD, "{}", jaccard(&sa, &so));
        assert!((simhash(&sa) ^ simhash(&sr)).count_ones() <= MAX_HAMMING);
    }
}
