#!/usr/bin/env python3
"""OCR every page of samples/batch with the Tesseract CLI (vie) and report the
character error rate against samples/truth.

    python3 samples/check_cer.py [--jobs N] [--max-clean 1.5] [--max-noisy 5] [FILE ...]

For each page: put it upright (EXIF orientation, then the manifest's rotation), run
`OMP_THREAD_LIMIT=1 tesseract PAGE - -l vie --psm 3 --dpi <dpi>`; PDFs are rasterised
first with `pdftoppm -r 300 -gray`. Born-digital PDFs are also checked with `pdftotext`
(row "text"). CER = Levenshtein distance / length of the truth, after normalising both
sides: Unicode NFC, every run of whitespace -> one space, trim.
Exit status 1 if any page is over its limit (percent).

Needs: pillow, tesseract (with vie), poppler-utils (pdftoppm, pdftotext).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from PIL import Image, ImageOps, ImageSequence

SAMPLES = Path(__file__).resolve().parent
BATCH = SAMPLES / "batch"
TRUTH = SAMPLES / "truth"

UNDO = {  # stored rotation (clockwise) -> transpose that puts the page upright
    0: None,
    90: Image.Transpose.ROTATE_90,  # PIL ROTATE_n is counter-clockwise
    180: Image.Transpose.ROTATE_180,
    270: Image.Transpose.ROTATE_270,
}


def norm(s: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", s)).strip()


def levenshtein(a: str, b: str) -> int:
    if len(a) < len(b):
        a, b = b, a
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def cer(ocr: str, truth: str) -> float:
    t = norm(truth)
    return 100.0 * levenshtein(norm(ocr), t) / max(1, len(t))


def read_manifest() -> list[dict]:
    lines = (TRUTH / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()
    head = lines[0].split("\t")
    return [dict(zip(head, l.split("\t"))) for l in lines[1:] if l.strip()]


def upright_pages(row: dict, tmp: Path) -> list[tuple[Path, int]]:
    """Write each page upright as PNG into tmp; return (path, dpi) per page."""
    path = BATCH / row["file"]
    stem = re.sub(r"\W", "_", row["file"])
    rotations = [int(r) for r in row["rotation"].split(",")]
    out = []
    if row["format"] == "pdf":
        subprocess.run(["pdftoppm", "-r", "300", "-gray", str(path), str(tmp / stem)], check=True)
        pages = sorted(tmp.glob(f"{stem}-*.pgm"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
        for n, p in enumerate(pages):
            im = Image.open(p)
            t = UNDO[rotations[n]]
            if t is not None:
                im = im.transpose(t)
            png = tmp / f"{stem}-{n + 1}.png"
            im.save(png, dpi=(300, 300))
            out.append((png, 300))
        return out
    dpi = int(row["dpi"])
    with Image.open(path) as src:
        for n, frame in enumerate(ImageSequence.Iterator(src)):
            im = frame.copy()
            if n == 0:
                im = ImageOps.exif_transpose(im)
            t = UNDO[rotations[n]]
            if t is not None:
                im = im.transpose(t)
            png = tmp / f"{stem}-{n + 1}.png"
            im.save(png, dpi=(dpi, dpi))
            out.append((png, dpi))
    return out


def tesseract(png: Path, dpi: int) -> str:
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    r = subprocess.run(["tesseract", str(png), "-", "-l", "vie", "--psm", "3", "--dpi", str(dpi)],
                       env=env, capture_output=True, check=True)
    return r.stdout.decode("utf-8")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="*", help="only these batch files")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--max-clean", type=float, default=1.5)
    ap.add_argument("--max-noisy", type=float, default=5.0)
    ap.add_argument("--show", action="store_true", help="print OCR text of pages over the limit")
    args = ap.parse_args()

    rows = [r for r in read_manifest() if not args.files or r["file"] in args.files]
    results = []  # (file, page, quality, kind, cer, limit, ocr, truth)
    with tempfile.TemporaryDirectory() as td:
        tmp = Path(td)
        jobs = []
        for row in rows:
            truth_pages = (TRUTH / f"{row['file']}.txt").read_text(encoding="utf-8").split("\f")
            quality = row["quality"].split(",")
            pages = upright_pages(row, tmp)
            assert len(pages) == len(truth_pages) == int(row["pages"]), row["file"]
            for n, (png, dpi) in enumerate(pages):
                q = quality[n] if len(quality) > 1 else quality[0]
                jobs.append((row["file"], n + 1, q, "ocr", png, dpi, truth_pages[n]))
            if "born-digital" in row["notes"]:
                txt = subprocess.run(["pdftotext", "-enc", "UTF-8", str(BATCH / row["file"]), "-"],
                                     capture_output=True, check=True).stdout.decode("utf-8")
                for n, t in enumerate(truth_pages):
                    page_txt = txt.split("\f")[n]
                    results.append((row["file"], n + 1, "clean", "text", cer(page_txt, t), 0.0, page_txt, t))
        with ThreadPoolExecutor(max_workers=args.jobs) as ex:
            ocrs = list(ex.map(lambda j: tesseract(j[4], j[5]), jobs))
        for j, o in zip(jobs, ocrs):
            f, n, q, kind, _, _, t = j
            limit = args.max_clean if q == "clean" else args.max_noisy
            results.append((f, n, q, kind, cer(o, t), limit, o, t))

    order = {r["file"]: i for i, r in enumerate(rows)}
    results.sort(key=lambda r: (order[r[0]], r[1], r[3]))
    fails = 0
    print(f"{'file':32} {'page':>4}  {'quality':7} {'check':5} {'CER %':>6}  limit")
    for f, n, q, kind, c, limit, o, t in results:
        bad = c > limit
        fails += bad
        print(f"{f:32} {n:>4}  {q:7} {kind:5} {c:6.2f}  {limit:4.1f}{'  FAIL' if bad else ''}")
        if bad and args.show:
            print("--- truth\n" + norm(t) + "\n--- got\n" + norm(o) + "\n")
    print(f"{len(results)} checks, {fails} over the limit")
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
