#!/usr/bin/env python3
"""Generate the sample batch of scanned Vietnamese administrative documents.

Deterministic: every random choice comes from a fixed seed, and the writers add no
timestamps. Run from anywhere:

    pip install -r samples/requirements.txt && python3 samples/generate.py

Writes
  samples/batch/<file>             the scans (what `sohoa run samples/batch` processes)
  samples/truth/<file>.txt         ground-truth text, pages separated by \\f, NFC
  samples/truth/MANIFEST.tsv       format, pages, dpi, quality, rotation, notes per file
  tests/fixtures/*                 small broken/locked inputs for failure tests
  samples/dossiers/, heldout/      the dossier batch and the held-out classification set
  samples/dossiers.csv, .json      the one-stop system export for the dossier batch
  samples/truth/dossiers*, heldout*  their truth texts, manifests, expected links and report

Needs python3 with pillow, numpy, reportlab, qrcode, the qpdf CLI (for the encrypted fixture)
and the Liberation, DejaVu and FreeFont fonts.
"""

from __future__ import annotations

import hashlib
import io
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import unicodedata
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

sys.dont_write_bytecode = True  # keep samples/ free of __pycache__
sys.path.insert(0, str(Path(__file__).resolve().parent))
import content as C  # noqa: E402

SAMPLES = Path(__file__).resolve().parent
REPO = SAMPLES.parent
BATCH = SAMPLES / "batch"
TRUTH = SAMPLES / "truth"
FIXTURES = REPO / "tests" / "fixtures"

FONT_DIR = Path("/usr/share/fonts/truetype/liberation2")
FONT_REGULAR = FONT_DIR / "LiberationSerif-Regular.ttf"
FONT_BOLD = FONT_DIR / "LiberationSerif-Bold.ttf"

# Page geometry in points (1/72 in). A4 = 8.27 x 11.69 in.
PAGE_W_IN, PAGE_H_IN = 8.27, 11.69
PAGE_W, PAGE_H = PAGE_W_IN * 72, PAGE_H_IN * 72
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP = 85.0, 57.0, 62.0  # 30 mm / 20 mm / 22 mm
TEXT_W = PAGE_W - MARGIN_LEFT - MARGIN_RIGHT

HEADER_PT, TITLE_PT, BODY_PT = 13.0, 14.0, 13.0
HEADER_LEAD, BODY_LEAD = 19.5, 21.0


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


# --------------------------------------------------------------------------- layout


@dataclass
class Line:
    text: str
    style: str  # "bold" | "regular"
    size: float  # pt
    align: str  # "left" | "center"
    baseline: float  # pt from the top of the page


@dataclass
class PageLayout:
    lines: list[Line] = field(default_factory=list)

    @property
    def truth(self) -> str:
        return "\n".join(l.text for l in self.lines)


_measure_fonts: dict[str, ImageFont.FreeTypeFont] = {}


def text_width_pt(text: str, style: str, size: float) -> float:
    """Advance width in points, measured on a 1000 px em (no hinting effects)."""
    if style not in _measure_fonts:
        path = FONT_BOLD if style == "bold" else FONT_REGULAR
        _measure_fonts[style] = ImageFont.truetype(str(path), 1000)
    return _measure_fonts[style].getlength(text) * size / 1000.0


def wrap(text: str, style: str, size: float, width: float) -> list[str]:
    words, out, cur = text.split(" "), [], ""
    for w in words:
        cand = w if not cur else cur + " " + w
        if text_width_pt(cand, style, size) <= width or not cur:
            cur = cand
        else:
            out.append(cur)
            cur = w
    out.append(cur)
    return out


def layout(page: dict) -> PageLayout:
    """Place header, title, optional subtitle and body lines (single column)."""
    pl = PageLayout()
    y = MARGIN_TOP + HEADER_PT
    for h in C.HEADER:
        pl.lines.append(Line(nfc(h), "bold", HEADER_PT, "center", y))
        y += HEADER_LEAD
    y += 22
    title = nfc(page["title"])
    assert text_width_pt(title, "bold", TITLE_PT) < TEXT_W, title
    pl.lines.append(Line(title, "bold", TITLE_PT, "center", y))
    y += 22
    if page.get("subtitle"):
        pl.lines.append(Line(nfc(page["subtitle"]), "regular", BODY_PT, "center", y))
        y += BODY_LEAD
    y += 14
    for item in page["body"]:
        if isinstance(item, tuple):
            _, text = item
            text = nfc(text)
            assert text_width_pt(text, "regular", BODY_PT) < TEXT_W, text
            pl.lines.append(Line(text, "regular", BODY_PT, "center", y))
            y += BODY_LEAD
        else:
            for part in wrap(nfc(item), "regular", BODY_PT, TEXT_W - 4):
                pl.lines.append(Line(part, "regular", BODY_PT, "left", y))
                y += BODY_LEAD
    n_body = len(pl.lines) - 3 - (1 if page.get("subtitle") else 0)
    assert 8 <= n_body <= 16, (page["title"], n_body)
    assert y < PAGE_H - 72, page["title"]
    return pl


# --------------------------------------------------------------------------- raster


def page_px(dpi: int) -> tuple[int, int]:
    return round(PAGE_W_IN * dpi), round(PAGE_H_IN * dpi)


def render(pl: PageLayout, dpi: int) -> Image.Image:
    """Clean 8-bit gray page: black antialiased text on white."""
    w, h = page_px(dpi)
    im = Image.new("L", (w, h), 255)
    d = ImageDraw.Draw(im)
    fonts: dict[tuple[str, float], ImageFont.FreeTypeFont] = {}
    k = dpi / 72.0
    for ln in pl.lines:
        key = (ln.style, ln.size)
        if key not in fonts:
            path = FONT_BOLD if ln.style == "bold" else FONT_REGULAR
            fonts[key] = ImageFont.truetype(str(path), round(ln.size * k))
        f = fonts[key]
        if ln.align == "center":
            d.text((w / 2, ln.baseline * k), ln.text, font=f, fill=0, anchor="ms")
        else:
            d.text((MARGIN_LEFT * k, ln.baseline * k), ln.text, font=f, fill=0, anchor="ls")
    return im


@dataclass
class Noise:
    """Scan degradation. sigma: gaussian sensor noise (0-255 scale); blur: gaussian
    radius in px at 300 dpi (scaled with dpi); skew: degrees (counter-clockwise > 0);
    noise_mode: 'full' = every pixel, 'sparse' = ink/edge pixels plus a fraction of the
    paper (keeps lossless files small)."""

    sigma: float = 8.0
    blur: float = 0.6
    skew: float = 1.0
    dust: int = 60
    paper: float = 238.0
    paper_var: float = 7.0
    ink: float = 30.0
    noise_mode: str = "full"
    sparse_frac: float = 0.04

    def describe(self) -> str:
        turn = "ccw" if self.skew > 0 else "cw"
        return f"noise sigma {self.sigma:g}, blur {self.blur:g} px@300dpi, skew {abs(self.skew):g} deg {turn}, dust"


def _block_free_mask(a: np.ndarray, block: int, grow: int) -> np.ndarray:
    """Per block of block x block px: True where no ink within `grow` blocks."""
    h, w = a.shape
    hb, wb = h // block, w // block
    ink = (a[: hb * block, : wb * block] < 0.92).reshape(hb, block, wb, block).any(axis=(1, 3))
    dil = ink.copy()
    for dy in range(-grow, grow + 1):
        for dx in range(-grow, grow + 1):
            dil |= np.roll(np.roll(ink, dy, axis=0), dx, axis=1)
    return ~dil


def degrade(clean: Image.Image, dpi: int, seed: int, nz: Noise) -> Image.Image:
    rng = np.random.default_rng(seed)
    s = dpi / 300.0
    im = clean.rotate(nz.skew, resample=Image.Resampling.BICUBIC, fillcolor=255)
    a = np.asarray(im, dtype=np.float32) / 255.0  # 1 = paper, 0 = ink
    h, w = a.shape

    # Uneven paper: a gentle linear gradient plus low-frequency blotches.
    gx, gy = rng.uniform(-1, 1, 2)
    lin = gx * np.linspace(-1, 1, w, dtype=np.float32)[None, :] + gy * np.linspace(
        -1, 1, h, dtype=np.float32
    )[:, None]
    blot = Image.fromarray(rng.standard_normal((9, 7)).astype(np.float32), mode="F")
    blot = np.asarray(blot.resize((w, h), Image.Resampling.BICUBIC), dtype=np.float32)
    paper = nz.paper + nz.paper_var * (0.6 * lin / 2 + 0.4 * np.clip(blot, -2, 2) / 2)
    v = nz.ink + (paper - nz.ink) * a

    # Dust specks and a few short hairs, only where there is no text nearby, so the
    # ground truth stays exact.
    block = max(8, round(16 * s))
    free = _block_free_mask(a, block, grow=2)
    fy, fx = np.nonzero(free)
    n_specks = nz.dust
    for i in range(n_specks):
        j = rng.integers(len(fy))
        cy = (fy[j] + rng.random()) * block
        cx = (fx[j] + rng.random()) * block
        r = rng.uniform(0.7, 2.6) * s
        dark = rng.uniform(40, 150)
        y0, y1 = int(max(cy - r - 2, 0)), int(min(cy + r + 3, h))
        x0, x1 = int(max(cx - r - 2, 0)), int(min(cx + r + 3, w))
        yy, xx = np.mgrid[y0:y1, x0:x1]
        dist = np.sqrt((yy - cy) ** 2 + (xx - cx) ** 2)
        cover = np.clip(r + 0.5 - dist, 0, 1)
        v[y0:y1, x0:x1] = v[y0:y1, x0:x1] * (1 - cover) + dark * cover
    for i in range(max(1, nz.dust // 25)):  # hairs
        j = rng.integers(len(fy))
        cy, cx = (fy[j] + 0.5) * block, (fx[j] + 0.5) * block
        ang = rng.uniform(0, np.pi)
        dark = rng.uniform(90, 160)
        for t in range(int(rng.uniform(10, 30) * s)):
            ang += rng.normal(0, 0.15)
            cy += np.sin(ang)
            cx += np.cos(ang)
            yi, xi = int(cy), int(cx)
            if 0 <= yi < h and 0 <= xi < w and free[min(yi // block, free.shape[0] - 1), min(xi // block, free.shape[1] - 1)]:
                v[yi, xi] = min(v[yi, xi], dark)

    # Optics: slight blur.
    vi = Image.fromarray(np.clip(v, 0, 255).round().astype(np.uint8))
    vi = vi.filter(ImageFilter.GaussianBlur(nz.blur * s))
    v = np.asarray(vi, dtype=np.float32)

    # Sensor noise.
    if nz.sigma > 0:
        noise = rng.standard_normal((h, w), dtype=np.float32) * nz.sigma
        if nz.noise_mode == "sparse":
            mask = (v < paper - 6) | (rng.random((h, w), dtype=np.float32) < nz.sparse_frac)
            noise *= mask
        v = v + noise
    return Image.fromarray(np.clip(v, 0, 255).round().astype(np.uint8))


def binarize(gray: Image.Image, threshold: int = 150, salt: float = 0.0, seed: int = 0) -> Image.Image:
    """1-bit page (True = white) as a scanner in line-art mode would produce it.
    salt: probability of an isolated black pixel far from text (scanner speckle)."""
    a = np.asarray(gray) > threshold
    if salt > 0:
        rng = np.random.default_rng(seed)
        free = _block_free_mask(a.astype(np.float32), 16, 1)
        free_px = np.kron(free, np.ones((16, 16), dtype=bool))
        full = np.zeros_like(a)
        full[: free_px.shape[0], : free_px.shape[1]] = free_px
        speck = (rng.random(a.shape) < salt) & full
        a = a & ~speck
    return Image.fromarray(a)


# --------------------------------------------------------------------------- writers


def save_png(im: Image.Image, path: Path, dpi: int | None) -> None:
    kw = {"optimize": True}
    if dpi:
        kw["dpi"] = (dpi, dpi)
    im.save(path, "PNG", **kw)


def jpeg_bytes(im: Image.Image, dpi: int, quality: int, exif_orientation: int | None = None) -> bytes:
    kw = {"quality": quality, "optimize": True, "dpi": (dpi, dpi)}
    if exif_orientation:
        exif = Image.Exif()
        exif[0x0112] = exif_orientation
        kw["exif"] = exif.tobytes()
    b = io.BytesIO()
    im.save(b, "JPEG", **kw)
    return b.getvalue()


def g4_strip(bw: Image.Image) -> bytes:
    """CCITT Group 4 data (one strip) where black runs are the ink, i.e. the usual
    WhiteIsZero convention. Pillow encodes its '1' bits verbatim (1 = white would become
    'black' runs), so encode the inverted image."""
    inv = ImageChops.invert(bw.convert("1"))
    b = io.BytesIO()
    inv.save(b, "TIFF", compression="group4", strip_size=2**31 - 1)
    t = Image.open(io.BytesIO(b.getvalue()))
    offs, counts = t.tag_v2[273], t.tag_v2[279]
    assert len(offs) == 1, "expected a single strip"
    return b.getvalue()[offs[0] : offs[0] + counts[0]]


def write_g4_tiff(path: Path, pages: list[Image.Image], dpi: int) -> None:
    """Multi-page bilevel TIFF, CCITT G4, PhotometricInterpretation WhiteIsZero, one
    strip per page, resolution tags, PageNumber - like a document scanner writes it."""
    SHORT, LONG, RATIONAL = 3, 4, 5
    out = bytearray(b"II*\x00\x00\x00\x00\x00")  # first-IFD offset patched below
    prev_next_ptr = 4
    for n, im in enumerate(pages):
        data = g4_strip(im)
        w, h = im.size
        data_off = len(out)
        out += data
        if len(out) % 2:
            out += b"\x00"
        res_off = len(out)
        out += struct.pack("<IIII", dpi, 1, dpi, 1)
        tags = [
            (254, LONG, 1, 2),  # NewSubfileType: page of a multi-page document
            (256, LONG, 1, w),
            (257, LONG, 1, h),
            (258, SHORT, 1, 1),
            (259, SHORT, 1, 4),  # CCITT T.6
            (262, SHORT, 1, 0),  # WhiteIsZero
            (266, SHORT, 1, 1),  # FillOrder MSB-first
            (273, LONG, 1, data_off),
            (277, SHORT, 1, 1),
            (278, LONG, 1, h),
            (279, LONG, 1, len(data)),
            (282, RATIONAL, 1, res_off),
            (283, RATIONAL, 1, res_off + 8),
            (293, LONG, 1, 0),  # T6Options
            (296, SHORT, 1, 2),  # inch
            (297, SHORT, 2, n | (len(pages) << 16)),  # PageNumber (n, total)
        ]
        ifd_off = len(out)
        struct.pack_into("<I", out, prev_next_ptr, ifd_off)
        out += struct.pack("<H", len(tags))
        for tag, typ, cnt, val in tags:
            if typ == SHORT and cnt == 1:
                out += struct.pack("<HHIHH", tag, typ, cnt, val, 0)
            else:
                out += struct.pack("<HHII", tag, typ, cnt, val)
        prev_next_ptr = len(out)
        out += b"\x00\x00\x00\x00"
    path.write_bytes(bytes(out))


@dataclass
class PdfImage:
    width: int
    height: int
    dpi: int
    bpc: int
    filter: str  # DCTDecode | FlateDecode | CCITTFaxDecode
    data: bytes
    decode_parms: str = ""


def write_image_pdf(path: Path, images: list[PdfImage], title: str) -> None:
    """Image-only PDF, one full-page image per page, no text layer, written by hand
    so the image filter is exactly what we ask for."""
    objs: list[bytes] = []

    def add(b: bytes) -> int:
        objs.append(b)
        return len(objs)

    def stream(dict_body: str, data: bytes) -> bytes:
        return (f"<< {dict_body} /Length {len(data)} >>\nstream\n").encode() + data + b"\nendstream"

    catalog = add(b"")  # placeholders, filled below
    pages_obj = add(b"")
    info = add(f"<< /Title ({title}) /Producer (sohoa samples/generate.py) >>".encode("latin-1"))
    kids = []
    for im in images:
        pw, ph = im.width * 72 / im.dpi, im.height * 72 / im.dpi
        parms = f" /DecodeParms {im.decode_parms}" if im.decode_parms else ""
        xobj = add(
            stream(
                f"/Type /XObject /Subtype /Image /Width {im.width} /Height {im.height} "
                f"/ColorSpace /DeviceGray /BitsPerComponent {im.bpc} /Filter /{im.filter}{parms}",
                im.data,
            )
        )
        cs = f"q {pw:.2f} 0 0 {ph:.2f} 0 0 cm /Im0 Do Q".encode()
        contents = add(stream("", cs))
        page = add(
            (
                f"<< /Type /Page /Parent {pages_obj} 0 R /MediaBox [0 0 {pw:.2f} {ph:.2f}] "
                f"/Resources << /XObject << /Im0 {xobj} 0 R >> >> /Contents {contents} 0 R >>"
            ).encode()
        )
        kids.append(page)
    objs[catalog - 1] = f"<< /Type /Catalog /Pages {pages_obj} 0 R >>".encode()
    objs[pages_obj - 1] = (
        f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>".encode()
    )
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + o + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n".encode() + b"0000000000 65535 f \n"
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    doc_id = hashlib.md5(bytes(out)).hexdigest()
    out += (
        f"trailer\n<< /Size {len(objs) + 1} /Root {catalog} 0 R /Info {info} 0 R "
        f"/ID [<{doc_id}> <{doc_id}>] >>\nstartxref\n{xref}\n%%EOF\n"
    ).encode()
    path.write_bytes(bytes(out))


def write_born_digital_pdf(path: Path, layouts: list[PageLayout], title: str) -> None:
    """Text PDF from reportlab with Liberation Serif embedded (subset, ToUnicode)."""
    from reportlab import rl_config

    rl_config.invariant = 1  # no timestamps / random IDs: byte-identical reruns
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    if "LiberationSerif" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("LiberationSerif", str(FONT_REGULAR)))
        pdfmetrics.registerFont(TTFont("LiberationSerif-Bold", str(FONT_BOLD)))
    c = canvas.Canvas(str(path), pagesize=(PAGE_W, PAGE_H), pageCompression=1,
                      initialFontName="LiberationSerif", initialFontSize=BODY_PT)
    c.setTitle(title)
    c.setAuthor("sohoa samples")
    c.setCreator("sohoa samples/generate.py")
    for pl in layouts:
        for ln in pl.lines:
            c.setFont("LiberationSerif-Bold" if ln.style == "bold" else "LiberationSerif", ln.size)
            y = PAGE_H - ln.baseline
            if ln.align == "center":
                c.drawCentredString(PAGE_W / 2, y, ln.text)
            else:
                c.drawString(MARGIN_LEFT, y, ln.text)
        c.showPage()
    c.save()


# --------------------------------------------------------------------------- batch

# Noise presets, tuned so Tesseract (vie) stays within the CER targets (check_cer.py).
NOISY = Noise(sigma=8.0, blur=0.6, skew=1.2, dust=70)
NOISY_400 = Noise(sigma=7.0, blur=0.6, skew=0.8, dust=80)
NOISY_LIGHT = Noise(sigma=6.0, blur=0.5, skew=-0.7, dust=40)
NOISY_SPARSE = Noise(sigma=8.0, blur=0.6, skew=-0.9, dust=60, noise_mode="sparse", sparse_frac=0.015)

ROTATE = {  # stored rotation (clockwise) -> PIL transpose applied to the upright page
    0: None,
    90: Image.Transpose.ROTATE_270,  # PIL ROTATE_n is counter-clockwise
    180: Image.Transpose.ROTATE_180,
    270: Image.Transpose.ROTATE_90,
}


@dataclass
class Entry:
    file: str
    fmt: str
    dpi: str
    quality: list[str]
    rotation: list[int]
    notes: str
    truth: list[str]


def stored(im: Image.Image, rotation: int) -> Image.Image:
    t = ROTATE[rotation]
    return im.transpose(t) if t is not None else im


def build_batch() -> list[Entry]:
    entries: list[Entry] = []

    def page(doc: dict, dpi: int, noise: Noise | None, seed: int) -> tuple[Image.Image, str]:
        pl = layout(doc)
        im = render(pl, dpi)
        if noise is not None:
            im = degrade(im, dpi, seed, noise)
        return im, pl.truth

    def q(noise):
        return "clean" if noise is None else "noisy"

    # 1. PNG, clean, 200 dpi, 8-bit gray.
    im, t = page(C.TO_KHAI_KHAI_SINH, 200, None, 1)
    save_png(im, BATCH / "khai-sinh-01.png", 200)
    entries.append(Entry("khai-sinh-01.png", "png", "200", ["clean"], [0],
                         "PNG 8-bit gray; 200 dpi (the archival minimum); pHYs set", [t]))

    # 2. PNG, noisy, 300 dpi, upright, 1-bit (line-art scan of a noisy page), NO dpi metadata.
    g, t = page(C.GIAY_CHUNG_SINH_KHANG, 300, NOISY, 2)
    bw = binarize(g, threshold=140, salt=0.0004, seed=2)
    save_png(bw, BATCH / "chung-sinh-02.png", None)
    entries.append(Entry("chung-sinh-02.png", "png", "300", ["noisy"], [0],
                         f"PNG 1-bit, binarized from a noisy gray scan ({NOISY.describe()}), speckle; "
                         "NO dpi metadata (no pHYs): scanned at 300 dpi", [t]))

    # 3. JPEG, noisy, 300 dpi, upright.
    im, t = page(C.GIAY_KHAI_SINH_KHANG, 300, NOISY, 3)
    (BATCH / "khai-sinh-03.jpg").write_bytes(jpeg_bytes(im, 300, 72))
    entries.append(Entry("khai-sinh-03.jpg", "jpeg", "300", ["noisy"], [0],
                         f"JPEG gray q72; JFIF density 300 dpi; {NOISY.describe()}", [t]))

    # 4. JPEG, 300 dpi, stored upside down, no EXIF.
    im, t = page(C.TIEP_NHAN_KHAI_SINH, 300, None, 4)
    (BATCH / "tiep-nhan-khai-sinh-04.jpg").write_bytes(jpeg_bytes(stored(im, 180), 300, 75))
    entries.append(Entry("tiep-nhan-khai-sinh-04.jpg", "jpeg", "300", ["clean"], [180],
                         "JPEG gray q75; pixels upside down, no EXIF orientation tag", [t]))

    # 5. JPEG, 300 dpi, raw pixels sideways + EXIF Orientation 6.
    im, t = page(C.XAC_NHAN_HON_NHAN_PHUC, 300, None, 5)
    # Orientation 6 = "rotate 90 deg clockwise to display", so the raw pixels are the
    # upright page rotated 90 deg counter-clockwise (270 clockwise).
    (BATCH / "xac-nhan-hon-nhan-05.jpg").write_bytes(jpeg_bytes(stored(im, 270), 300, 75, exif_orientation=6))
    entries.append(Entry("xac-nhan-hon-nhan-05.jpg", "jpeg", "300", ["clean"], [0],
                         "JPEG gray q75; EXIF orientation 6: raw pixels are rotated 270 clockwise "
                         "(90 counter-clockwise), upright once EXIF is applied", [t]))

    # 6. PNG, 300 dpi, stored sideways (rotated 90 deg counter-clockwise = 270), no tag.
    im, t = page(C.TIEP_NHAN_KET_HON, 300, None, 6)
    save_png(stored(im, 270), BATCH / "tiep-nhan-ket-hon-06.png", 300)
    entries.append(Entry("tiep-nhan-ket-hon-06.png", "png", "300", ["clean"], [270],
                         "PNG 8-bit gray; stored sideways (90 counter-clockwise), no orientation metadata",
                         [t]))

    # 7. Multi-page TIFF, 3 pages, 8-bit gray, Deflate, 300 dpi, page 2 noisy.
    specs = [(C.TO_KHAI_KET_HON_1, None), (C.TO_KHAI_KET_HON_2, NOISY_SPARSE), (C.XAC_NHAN_HON_NHAN_VIET, None)]
    ims, ts = [], []
    for i, (doc, nz) in enumerate(specs):
        im, t = page(doc, 300, nz, 70 + i)
        ims.append(im)
        ts.append(t)
    ims[0].save(BATCH / "ket-hon-07.tif", "TIFF", save_all=True, append_images=ims[1:],
                compression="tiff_adobe_deflate", dpi=(300, 300))
    entries.append(Entry("ket-hon-07.tif", "tiff", "300", [q(nz) for _, nz in specs], [0, 0, 0],
                         "multi-page TIFF 8-bit gray, Adobe Deflate; page 2 noisy, its sensor noise only on "
                         f"ink/edges and {NOISY_SPARSE.sparse_frac:.1%} of paper pixels so the lossless "
                         f"file stays small ({NOISY_SPARSE.describe()})", ts))

    # 8. Multi-page TIFF, 2 pages, 1-bit CCITT G4, 300 dpi; page 2 binarized from a noisy scan.
    specs = [(C.DON_XAY_DUNG_1, None), (C.DON_XAY_DUNG_2, NOISY_LIGHT)]
    bws, ts = [], []
    for i, (doc, nz) in enumerate(specs):
        g, t = page(doc, 300, nz, 80 + i)
        bws.append(binarize(g, threshold=140, salt=0.0003 if nz else 0.0, seed=80 + i))
        ts.append(t)
    write_g4_tiff(BATCH / "xay-dung-08.tif", bws, 300)
    entries.append(Entry("xay-dung-08.tif", "tiff", "300", [q(nz) for _, nz in specs], [0, 0],
                         "multi-page TIFF 1-bit CCITT Group 4, WhiteIsZero, one strip per page; "
                         f"page 2 binarized from a noisy scan ({NOISY_LIGHT.describe()}), speckle", ts))

    # 9. Image-only PDF, 2 pages, each a full-page JPEG (DCTDecode) at 300 dpi.
    specs = [(C.HO_KINH_DOANH_1, None), (C.HO_KINH_DOANH_2, NOISY_LIGHT)]
    imgs, ts = [], []
    for i, (doc, nz) in enumerate(specs):
        im, t = page(doc, 300, nz, 90 + i)
        imgs.append(PdfImage(im.width, im.height, 300, 8, "DCTDecode", jpeg_bytes(im, 300, 72 if nz else 75)))
        ts.append(t)
    write_image_pdf(BATCH / "ho-kinh-doanh-09.pdf", imgs, "Giay de nghi dang ky ho kinh doanh")
    entries.append(Entry("ho-kinh-doanh-09.pdf", "pdf", "300", [q(nz) for _, nz in specs], [0, 0],
                         "image-only PDF, no text layer; each page one full-page gray JPEG (DCTDecode) "
                         f"placed at 300 dpi; page 2 {NOISY_LIGHT.describe()}", ts))

    # 10a. Image-only PDF, 1 page, Flate-compressed 8-bit gray image at 200 dpi.
    im, t = page(C.TIEP_NHAN_HO_KINH_DOANH, 200, None, 100)
    data = zlib.compress(im.tobytes(), 9)
    write_image_pdf(BATCH / "tiep-nhan-ho-kinh-doanh-10.pdf",
                    [PdfImage(im.width, im.height, 200, 8, "FlateDecode", data)],
                    "Giay tiep nhan ho so va hen tra ket qua")
    entries.append(Entry("tiep-nhan-ho-kinh-doanh-10.pdf", "pdf", "200", ["clean"], [0],
                         "image-only PDF, no text layer; one 8-bit gray image, FlateDecode (no predictor), "
                         "placed at 200 dpi", [t]))

    # 10b. Image-only PDF, 1 page, CCITT G4 1-bit image at 300 dpi.
    im, t = page(C.GIAY_CHUNG_SINH_NGOC, 300, None, 110)
    bw = binarize(im, threshold=128)
    write_image_pdf(BATCH / "chung-sinh-11.pdf",
                    [PdfImage(bw.width, bw.height, 300, 1, "CCITTFaxDecode", g4_strip(bw),
                              f"<< /K -1 /Columns {bw.width} /Rows {bw.height} /BlackIs1 false >>")],
                    "Giay chung sinh")
    entries.append(Entry("chung-sinh-11.pdf", "pdf", "300", ["clean"], [0],
                         "image-only PDF, no text layer; one 1-bit image, CCITTFaxDecode G4 (K -1, "
                         "BlackIs1 false), placed at 300 dpi", [t]))

    # 11. Born-digital PDF, 2 pages, embedded Liberation Serif.
    pls = [layout(C.TO_KHAI_KHAI_SINH_NGOC), layout(C.TIEP_NHAN_KHAI_SINH_NGOC)]
    write_born_digital_pdf(BATCH / "khai-sinh-truc-tuyen-12.pdf", pls, "To khai dang ky khai sinh (truc tuyen)")
    entries.append(Entry("khai-sinh-truc-tuyen-12.pdf", "pdf", "-", ["clean", "clean"], [0, 0],
                         "born-digital PDF (reportlab), text layer with embedded Liberation Serif subset "
                         "+ ToUnicode: extract text, no OCR needed; dpi not applicable", [p.truth for p in pls]))

    # 12. JPEG, noisy, 400 dpi.
    im, t = page(C.GIAY_KHAI_SINH_NGOC, 400, NOISY_400, 120)
    (BATCH / "khai-sinh-400dpi-13.jpg").write_bytes(jpeg_bytes(im, 400, 70))
    entries.append(Entry("khai-sinh-400dpi-13.jpg", "jpeg", "400", ["noisy"], [0],
                         f"JPEG gray q70; 400 dpi (above 300: the pipeline downsamples); JFIF density 400; {NOISY_400.describe()}", [t]))
    return entries


# --------------------------------------------------------------------------- fixtures


def _streams(pdf: Path, qdf: Path, password: str | None) -> list[bytes]:
    cmd = ["qpdf", "--qdf", "--static-id", "--object-streams=disable"]
    if password:
        cmd += [f"--password={password}", "--decrypt"]
    subprocess.run(cmd + [str(pdf), str(qdf)], check=True)
    return sorted(re.findall(rb"\nstream\n(.*?)\nendstream", qdf.read_bytes(), re.S))


def _same_encrypted(out: Path, src: Path, tmp: Path) -> bool:
    """True if `out` needs the user password and decrypts to the same streams as `src`."""
    if not out.exists():
        return False
    if subprocess.run(["qpdf", "--requires-password", str(out)]).returncode != 0:
        return False
    try:
        return _streams(out, tmp / "a.qdf", "user-pw") == _streams(src, tmp / "b.qdf", None)
    except subprocess.CalledProcessError:
        return False


def build_fixtures() -> None:
    FIXTURES.mkdir(parents=True, exist_ok=True)
    # fails-encrypted-needs-password.pdf: a real 1-page text PDF, AES-256 (R6), user password
    # "user-pw", owner password "owner-pw". AES-256 encryption uses random salts, so the
    # file is only rewritten when its decrypted streams differ from a fresh source.
    with tempfile.TemporaryDirectory() as td:
        src = Path(td) / "in.pdf"
        write_born_digital_pdf(src, [layout(C.TIEP_NHAN_KHAI_SINH)], "Giay tiep nhan ho so")
        out = FIXTURES / "fails-encrypted-needs-password.pdf"
        if not _same_encrypted(out, src, Path(td)):
            subprocess.run(["qpdf", "--static-id", "--encrypt", "user-pw", "owner-pw", "256", "--",
                            str(src), str(out)], check=True)
    # fails-truncated.jpg: a real page JPEG (150 dpi, to stay small) cut to 40% of its bytes.
    im = render(layout(C.GIAY_KHAI_SINH_KHANG), 150)
    jb = jpeg_bytes(im, 150, 75)
    (FIXTURES / "fails-truncated.jpg").write_bytes(jb[: len(jb) * 40 // 100])
    # fails-random-bytes.pdf: 4 KB of seeded random bytes with a .pdf name.
    (FIXTURES / "fails-random-bytes.pdf").write_bytes(np.random.default_rng(4096).bytes(4096))
    # fails-empty-file.png: zero bytes.
    (FIXTURES / "fails-empty-file.png").write_bytes(b"")


# =========================================================================== dossier batch
# samples/dossiers/ (a one-stop office's scans of ~30 dossiers, to link to dossiers.csv) and
# samples/heldout/ (the catalog's types laid out differently). A second, more general page
# composer: several fonts, two-column headers, continuation pages, tables, QR codes, ID-card
# copies and drawing sheets. The original batch above keeps its own layout()/render().

DOSSIERS_DIR = SAMPLES / "dossiers"
HELDOUT_DIR = SAMPLES / "heldout"
TRUTH_DOSSIERS = TRUTH / "dossiers"
TRUTH_HELDOUT = TRUTH / "heldout"

_FONT_FILES = {
    "libserif": (FONT_DIR / "LiberationSerif-Regular.ttf", FONT_DIR / "LiberationSerif-Bold.ttf",
                 FONT_DIR / "LiberationSerif-Italic.ttf"),
    "libsans": (FONT_DIR / "LiberationSans-Regular.ttf", FONT_DIR / "LiberationSans-Bold.ttf",
                FONT_DIR / "LiberationSans-Italic.ttf"),
    "dejavu": (Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
               Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
               Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Oblique.ttf")),
    "freeserif": (Path("/usr/share/fonts/truetype/freefont/FreeSerif.ttf"),
                  Path("/usr/share/fonts/truetype/freefont/FreeSerifBold.ttf"),
                  Path("/usr/share/fonts/truetype/freefont/FreeSerifItalic.ttf")),
}


@dataclass(frozen=True)
class Style:
    family: str
    body_pt: float
    title_pt: float
    header_pt: float
    body_lead: float
    header_lead: float
    ml: float
    mr: float
    mt: float
    mb: float
    rule: bool = False  # short rule under the motto / agency (usual in real forms)

    def font(self, weight: str) -> Path:
        return _FONT_FILES[self.family][{"regular": 0, "bold": 1, "italic": 2}[weight]]


STYLES = {
    # the batch look: same geometry and font as the original samples
    "batch": Style("libserif", 13.0, 14.0, 13.0, 21.0, 19.5, 85.0, 57.0, 62.0, 60.0),
    "dejavu": Style("dejavu", 11.0, 13.0, 10.5, 18.0, 16.0, 70.0, 50.0, 48.0, 50.0, rule=True),
    "dejavu_small": Style("dejavu", 10.5, 12.0, 10.5, 16.5, 15.5, 95.0, 80.0, 75.0, 60.0, rule=True),
    "freeserif": Style("freeserif", 13.5, 15.0, 12.5, 21.0, 18.0, 80.0, 55.0, 55.0, 55.0, rule=True),
    "libsans": Style("libsans", 11.5, 13.5, 11.0, 18.5, 16.5, 60.0, 60.0, 52.0, 55.0, rule=True),
}

_fonts: dict[tuple[Path, float], ImageFont.FreeTypeFont] = {}


def font_at(path: Path, px: float) -> ImageFont.FreeTypeFont:
    key = (path, round(px))
    if key not in _fonts:
        _fonts[key] = ImageFont.truetype(str(path), round(px))
    return _fonts[key]


def width_pt(text: str, path: Path, size: float) -> float:
    return font_at(path, 1000).getlength(text) * size / 1000.0


def wrap_pt(text: str, path: Path, size: float, width: float) -> list[str]:
    words, out, cur = text.split(" "), [], ""
    for w in words:
        cand = w if not cur else cur + " " + w
        if width_pt(cand, path, size) <= width or not cur:
            cur = cand
        else:
            out.append(cur)
            cur = w
    out.append(cur)
    return out


@dataclass
class Text:
    text: str
    font: Path
    size: float  # pt
    x: float  # pt, anchor point
    y: float  # pt, baseline
    anchor: str  # "ls" | "ms" | "rs"


@dataclass
class Composed:
    w: float  # page size in pt
    h: float
    texts: list[Text] = field(default_factory=list)
    gfx: list[tuple] = field(default_factory=list)  # drawn before the text
    truth: list[str] = field(default_factory=list)
    smudges: list[tuple[float, float, float, float]] = field(default_factory=list)  # pt boxes

    def put(self, text: str, font: Path, size: float, x: float, y: float, anchor: str = "ls",
            truth: bool = True) -> None:
        text = nfc(text)
        self.texts.append(Text(text, font, size, x, y, anchor))
        if truth:
            self.truth.append(text)


A4 = (PAGE_W, PAGE_H)
QR_PT = 2.5 / 2.54 * 72  # ~2.5 cm


def compose(spec: dict, style_name: str | None = None) -> Composed:
    kind = spec.get("kind", "page")
    st = STYLES[style_name or spec.get("style", "batch")]
    if kind == "card":
        return compose_card(spec, st)
    if kind == "drawing":
        return compose_drawing(spec, STYLES[spec.get("style", "libsans")])
    w, h = A4
    c = Composed(w, h)
    R, B, I = st.font("regular"), st.font("bold"), st.font("italic")
    tw = w - st.ml - st.mr
    cx = st.ml + tw / 2
    y = st.mt
    if spec.get("code_line"):
        c.put(spec["code_line"], R, st.body_pt - 2, st.ml, y - 12)
        y += 8
    header = spec.get("header", True)
    if header in (True, "center"):
        y += st.header_pt
        for i, line in enumerate(C.HEADER):
            c.put(line, B, st.header_pt, cx, y, "ms")
            if i == 1 and st.rule:
                half = width_pt(line, B, st.header_pt) / 2
                c.gfx.append(("line", cx - half, y + 4, cx + half, y + 4, 0.8))
            y += st.header_lead
    elif header == "two-col":
        n0 = len(c.texts)
        lw = tw * 0.42
        lcx, rcx = st.ml + lw / 2, st.ml + lw + (tw - lw) / 2
        y0 = y + st.header_pt
        yl = y0
        agency = spec["agency"]
        for i, (line, bold) in enumerate(agency):
            f = B if bold else R
            assert width_pt(line, f, st.header_pt) < lw + 20, line
            c.put(line, f, st.header_pt, lcx, yl, "ms")
            if st.rule and bold and (i + 1 == len(agency) or not agency[i + 1][1]):
                c.gfx.append(("line", lcx - 28, yl + 4, lcx + 28, yl + 4, 0.8))
            yl += st.header_lead
        yr = y0
        for i, line in enumerate(C.HEADER if not spec.get("motto") else spec["motto"]):
            assert width_pt(line, B, st.header_pt) < tw - lw, line
            c.put(line, B, st.header_pt, rcx, yr, "ms")
            if i == 1 and st.rule:
                half = width_pt(line, B, st.header_pt) / 2
                c.gfx.append(("line", rcx - half, yr + 4, rcx + half, yr + 4, 0.8))
            yr += st.header_lead
        if spec.get("place_date"):
            yr += 6
            c.put(spec["place_date"], I, st.body_pt, rcx, yr, "ms")
            yr += st.header_lead
        y = max(yl, yr)
        _visual_order(c, n0)
    title = spec.get("title")
    if title is not None:
        y += 22 if header else 0
        lines = [title] if isinstance(title, str) else list(title)
        size = st.title_pt
        out = []
        for ln in lines:
            out += wrap_pt(nfc(ln), B, size, tw) if isinstance(title, str) else [ln]
        while any(width_pt(nfc(l), B, size) > tw for l in out):
            size -= 0.5
        for ln in out:
            c.put(ln, B, size, cx, y, "ms")
            y += size * 1.45
        y += 22 - size * 1.45
        if spec.get("subtitle"):
            y += st.body_lead - 2
            c.put(spec["subtitle"], R, st.body_pt, cx, y, "ms")
        y += 14
    else:
        y += st.body_pt
    for item in spec["body"]:
        y = _body_item(c, st, item, y)
    assert y < h - st.mb, (spec.get("title"), y)
    if spec.get("footer"):
        c.put(spec["footer"], R, st.body_pt - 1.5, cx, h - st.mb + 14, "ms")
    if spec.get("qr"):
        pos = spec.get("qr_pos", "top-right")
        x = st.ml if pos == "top-left" else w - st.mr - QR_PT
        yq = h - st.mb - QR_PT if pos == "bottom-right" else 30.0
        if pos == "bottom-right":
            assert y < yq - 4, "QR overlaps the body"
        c.gfx.append(("qr", x, yq, QR_PT, spec["qr"]))
    if spec.get("smudge"):
        for t in c.texts:
            k = t.text.find(spec["smudge"])
            if k >= 0:
                assert t.anchor == "ls"
                x0 = t.x + width_pt(t.text[:k], t.font, t.size)
                x1 = x0 + width_pt(spec["smudge"], t.font, t.size)
                c.smudges.append((x0, t.y - t.size * 0.85, x1, t.y + t.size * 0.3))
                # the code is unreadable: the truth keeps only the label
                i = c.truth.index(t.text)
                c.truth[i] = t.text[:k].rstrip()
        assert c.smudges, spec["smudge"]
    return c


def _body_item(c: Composed, st: Style, item, y: float) -> float:
    R, B, I = st.font("regular"), st.font("bold"), st.font("italic")
    tw = c.w - st.ml - st.mr
    cx = st.ml + tw / 2
    if isinstance(item, str):
        item = ("l", item)
    kind = item[0]
    if kind == "table":
        return _table(c, st, item[1], item[2], y)
    text = nfc(item[1])
    font = {"l": R, "c": R, "r": R, "b": B, "bc": B, "i": I, "ic": I, "ir": I}[kind]
    if kind in ("l", "b", "i"):
        for part in wrap_pt(text, font, st.body_pt, tw - 4):
            y += 0  # baseline first, then advance
            c.put(part, font, st.body_pt, st.ml, y + st.body_pt, "ls")
            y += st.body_lead
        return y
    assert width_pt(text, font, st.body_pt) < tw, text
    if kind in ("c", "bc", "ic"):
        c.put(text, font, st.body_pt, cx, y + st.body_pt, "ms")
    else:
        c.put(text, font, st.body_pt, c.w - st.mr, y + st.body_pt, "rs")
    return y + st.body_lead


def _visual_order(c: Composed, n0: int) -> None:
    """Truth of the texts put since index n0 in reading order: by baseline, then left to right
    (how an OCR engine reads a two-column header or a table: line by line across columns)."""
    assert len(c.texts) == len(c.truth)
    items = c.texts[n0:]
    c.truth[n0:] = [t.text for t in sorted(items, key=lambda t: (round(t.y, 1), t.x))]


def _table(c: Composed, st: Style, fracs: list[float], rows: list[list[str]], y: float) -> float:
    n0 = len(c.texts)
    R, B = st.font("regular"), st.font("bold")
    tw = c.w - st.ml - st.mr
    xs = [st.ml]
    for f in fracs:
        xs.append(xs[-1] + f * tw)
    pad, lead, size = 4.0, st.body_lead * 0.9, st.body_pt - 0.5
    y += 4
    top = y
    for r, row in enumerate(rows):
        font = B if r == 0 else R
        cells = [wrap_pt(nfc(t), font, size, xs[i + 1] - xs[i] - 2 * pad) for i, t in enumerate(row)]
        n = max(len(x) for x in cells)
        for i, lines in enumerate(cells):
            for j, ln in enumerate(lines):
                c.put(ln, font, size, xs[i] + pad, y + pad + size + j * lead, "ls")
        y2 = y + 2 * pad + n * lead
        c.gfx.append(("line", xs[0], y, xs[-1], y, 0.7))
        y = y2
    c.gfx.append(("line", xs[0], y, xs[-1], y, 0.7))
    for x in xs:
        c.gfx.append(("line", x, top, x, y, 0.7))
    _visual_order(c, n0)
    return y + 8


def compose_card(spec: dict, st: Style) -> Composed:
    """A photocopy of both sides of an ID card (85.6 x 54 mm, optionally enlarged) on A4."""
    w, h = A4
    c = Composed(w, h)
    s = spec.get("scale", 1.0)
    R, B = st.font("regular"), st.font("bold")
    cw, ch = 85.6 / 25.4 * 72 * s, 54.0 / 25.4 * 72 * s
    x0 = st.ml + 10
    for side, y0 in (("front", st.mt + 20), ("back", st.mt + 20 + ch + 36 * s)):
        c.gfx.append(("rrect", x0, y0, x0 + cw, y0 + ch, 10 * s, 1.2))
        lines = spec[side]
        if side == "front":
            # emblem, photo
            c.gfx.append(("circle", x0 + 24 * s, y0 + 22 * s, 15 * s, 1.0))
            c.gfx.append(("star", x0 + 24 * s, y0 + 22 * s, 7 * s))
            px0, py0 = x0 + 9 * s, y0 + 48 * s
            c.gfx.append(("photo", px0, py0, px0 + 48 * s, py0 + 62 * s))
            colx = x0 + 64 * s
            if spec.get("qr"):
                c.gfx.append(("qr", x0 + cw - 42 * s, y0 + ch - 42 * s, 34 * s, spec["qr"]))
        else:
            c.gfx.append(("rrect", x0 + cw - 70 * s, y0 + 14 * s, x0 + cw - 40 * s, y0 + 54 * s, 4 * s, 0.8))
            c.gfx.append(("rrect", x0 + cw - 36 * s, y0 + 14 * s, x0 + cw - 6 * s, y0 + 54 * s, 4 * s, 0.8))
            colx = x0 + 8 * s
        hx = x0 + (cw + 40 * s) / 2 if side == "front" else x0 + cw / 2
        y = y0 + 12 * s
        for kind, text in lines:
            if kind == "hb":
                size = 6.3 * s
                c.put(text, B, size, hx if side == "front" else colx + (cw - 90 * s) / 2, y, "ms")
                y += 8 * s
            elif kind == "t":
                y += 4 * s
                size = 11.0 * s
                c.put(text, B, size, hx, y + 2 * s, "ms")
                y += 13 * s
            elif kind == "s":
                c.put(text, R, 5.5 * s, x0 + 8 * s, y0 + ch - 7 * s, "ls")
            else:
                size = 7.0 * s if kind == "f" else 7.5 * s
                font = B if kind == "v" else R
                avail = x0 + cw - 6 * s - colx - (44 * s if side == "front" and spec.get("qr") else
                                                  0 if side == "front" else 74 * s)
                for part in wrap_pt(nfc(text), font, size, avail):
                    c.put(part, font, size, colx, y, "ls")
                    y += size * 1.3
        assert y < y0 + ch + 2, (spec["front"][2], side, y - y0, ch)
    return c


def compose_drawing(spec: dict, st: Style) -> Composed:
    """A design drawing sheet: frame, a floor plan or an elevation, and a title block."""
    pw, ph = (297, 210) if spec.get("paper", "A4") == "A4" else (420, 297)
    w, h = pw / 25.4 * 72, ph / 25.4 * 72
    c = Composed(w, h)
    R, B = st.font("regular"), st.font("bold")
    rng = np.random.default_rng(spec.get("seed", 1))
    m, ml = 14.0, 42.0
    c.gfx.append(("rect", ml, m, w - m, h - m, 1.6))
    k = w / 842  # scale of the drawing with the sheet
    floors = int(spec.get("floors", "03"))
    labels: list[tuple[str, float, float, float]] = []  # text, x, y, size
    if spec["view"].startswith("MẶT ĐỨNG"):
        gx0, gy = ml + 60 * k, h - 120 * k
        bw, fh = 300 * k, 48 * k
        c.gfx.append(("line", gx0 - 30 * k, gy, gx0 + bw + 30 * k, gy, 2.0))
        for f in range(floors):
            yb = gy - f * fh
            c.gfx.append(("rect", gx0, yb - fh, gx0 + bw, yb, 1.2))
            for wx in range(3):
                x = gx0 + 30 * k + wx * 95 * k
                c.gfx.append(("rect", x, yb - fh + 12 * k, x + 50 * k, yb - 10 * k, 0.7))
                c.gfx.append(("line", x + 25 * k, yb - fh + 12 * k, x + 25 * k, yb - 10 * k, 0.5))
            labels.append((f"+{f * 3.6:.3f}".replace(".", ","), gx0 + bw + 40 * k, yb, 8 * k))
        top = gy - floors * fh
        c.gfx.append(("line", gx0 - 10 * k, top, gx0 + bw / 2, top - 40 * k, 1.2))
        c.gfx.append(("line", gx0 + bw / 2, top - 40 * k, gx0 + bw + 10 * k, top, 1.2))
        for i in range(5):
            x = gx0 + i * bw / 4
            c.gfx.append(("circle", x, gy + 28 * k, 9 * k, 0.8))
            labels.append((str(i + 1), x, gy + 28 * k + 3.5 * k, 9 * k))
        capx, capy = gx0 + bw / 2, gy + 62 * k
    else:
        px0, py0 = ml + 70 * k, m + 60 * k
        cols = [float(v) for v in rng.choice([3300, 3600, 3900, 4200], size=3)]
        rows = [float(v) for v in rng.choice([3600, 4200, 4500, 5100], size=2)]
        sc = 0.034 * k  # pt per mm (the drawing is reduced to fit the sheet)
        xs = [px0]
        for v in cols:
            xs.append(xs[-1] + v * sc)
        ys = [py0]
        for v in rows:
            ys.append(ys[-1] + v * sc)
        t = 6 * k
        c.gfx.append(("rect", xs[0], ys[0], xs[-1], ys[-1], 1.8))
        c.gfx.append(("rect", xs[0] + t, ys[0] + t, xs[-1] - t, ys[-1] - t, 0.8))
        for x in xs[1:-1]:
            c.gfx.append(("line", x, ys[0], x, ys[-1], 1.2))
        c.gfx.append(("line", xs[0], ys[1], xs[-1], ys[1], 1.2))
        # doors and a stair
        for x in xs[:-1]:
            c.gfx.append(("arc", x + 8 * k, ys[1] - 30 * k, x + 68 * k, ys[1] + 30 * k, 0, 90, 0.6))
        sx0, sx1 = xs[1] + 10 * k, xs[2] - 10 * k
        for i in range(9):
            yy = ys[1] + 8 * k + i * 9 * k
            c.gfx.append(("line", sx0, yy, sx0 + 40 * k, yy, 0.5))
        names = ["PHÒNG KHÁCH", "CẦU THANG", "BẾP + ĂN", "SÂN TRƯỚC", "WC", "PHÒNG NGỦ"]
        cells = [(0, 0), (1, 1), (2, 0), (0, 1), (2, 1), (1, 0)]
        for name, (i, j) in zip(names, cells):
            labels.append((name, (xs[i] + xs[i + 1]) / 2 + (20 * k if name == "CẦU THANG" else 0),
                           (ys[j] + ys[j + 1]) / 2, 8.5 * k))
        # dimension chain under the plan
        dy = ys[-1] + 26 * k
        c.gfx.append(("line", xs[0], dy, xs[-1], dy, 0.6))
        for x in xs:
            c.gfx.append(("line", x - 3 * k, dy + 3 * k, x + 3 * k, dy - 3 * k, 0.9))
        for i, v in enumerate(cols):
            labels.append((f"{int(v)}", (xs[i] + xs[i + 1]) / 2, dy - 4 * k, 8 * k))
        dy2 = dy + 20 * k
        c.gfx.append(("line", xs[0], dy2, xs[-1], dy2, 0.6))
        labels.append((f"{int(sum(cols))}", (xs[0] + xs[-1]) / 2, dy2 - 4 * k, 8 * k))
        # axis bubbles
        for i, x in enumerate(xs):
            c.gfx.append(("circle", x, ys[0] - 24 * k, 9 * k, 0.8))
            labels.append((str(i + 1), x, ys[0] - 24 * k + 3.5 * k, 9 * k))
        capx, capy = (xs[0] + xs[-1]) / 2, dy2 + 34 * k
    for text, x, y, size in labels:
        c.put(text, R, size, x, y, "ms")
    c.put(spec["view"], B, 12 * k, capx, capy, "ms")
    c.put("TỶ LỆ 1/100", R, 9 * k, capx, capy + 15 * k, "ms")
    # title block, bottom right
    tb = spec["titleblock"]
    bw, rh = 300 * k, 15 * k
    bx1, by1 = w - m, h - m
    bx0, by0 = bx1 - bw, by1 - rh * (len(tb) + 1)
    c.gfx.append(("rect", bx0, by0, bx1, by1, 1.2))
    y = by0
    for i, (kind, text) in enumerate(tb):
        hgt = rh * 2 if i == 0 else rh
        if i:
            c.gfx.append(("line", bx0, y, bx1, y, 0.6))
        if kind == "b":
            c.put(text, B, 13 * k, (bx0 + bx1) / 2, y + hgt / 2 + 4.5 * k, "ms")
        else:
            size = 7.5 * k
            while width_pt(nfc(text), R, size) > bw - 10 * k:
                size -= 0.25
            c.put(text, R, size, bx0 + 5 * k, y + hgt / 2 + 2.7 * k, "ls")
        y += hgt
    return c


# --------------------------------------------------------------------------- raster 2


def draw_qr(im: Image.Image, x_px: float, y_px: float, size_px: float, payload: str) -> None:
    import qrcode

    q = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0, box_size=1)
    q.add_data(payload)
    q.make(fit=True)
    m = q.get_matrix()
    n = len(m)
    mod = max(3, int(size_px / n))
    x0, y0 = round(x_px + (size_px - mod * n)), round(y_px)  # keep the right edge on the margin
    arr = np.asarray(im).copy()
    for r, row in enumerate(m):
        for col, v in enumerate(row):
            if v:
                arr[y0 + r * mod: y0 + (r + 1) * mod, x0 + col * mod: x0 + (col + 1) * mod] = 0
    im.paste(Image.fromarray(arr))


def _smudge(a: np.ndarray, box: tuple[int, int, int, int], seed: int) -> None:
    """Smear ink over box (pixels) so the text under it cannot be read."""
    rng = np.random.default_rng(seed)
    x0, y0, x1, y1 = box
    px, py = (x1 - x0) * 0.06 + 4, (y1 - y0) * 0.55
    X0, Y0, X1, Y1 = int(x0 - px), int(y0 - py), int(x1 + px), int(y1 + py)
    hh, ww = Y1 - Y0, X1 - X0
    yy, xx = np.mgrid[0:hh, 0:ww].astype(np.float32)
    low = Image.fromarray(rng.standard_normal((5, 14)).astype(np.float32), mode="F")
    low = np.asarray(low.resize((ww, hh), Image.Resampling.BICUBIC), dtype=np.float32)
    d = (np.abs(xx - ww / 2) / (ww / 2)) ** 6 + (np.abs(yy - hh / 2) / (hh / 2)) ** 4 + 0.2 * low
    cover = np.clip((1.0 - d) * 5.0, 0, 1)
    ink = 22 + 8 * low + rng.normal(0, 9, (hh, ww)).astype(np.float32)
    reg = a[Y0:Y1, X0:X1]
    a[Y0:Y1, X0:X1] = reg * (1 - cover) + np.clip(ink, 0, 255) * cover


def render2(c: Composed, dpi: int, seed: int = 0) -> Image.Image:
    k = dpi / 72.0
    W, H = round(c.w * k), round(c.h * k)
    im = Image.new("L", (W, H), 255)
    d = ImageDraw.Draw(im)
    for g in c.gfx:
        op = g[0]
        if op == "line":
            _, x0, y0, x1, y1, lw = g
            d.line([(x0 * k, y0 * k), (x1 * k, y1 * k)], fill=0, width=max(1, round(lw * k)))
        elif op == "rect":
            _, x0, y0, x1, y1, lw = g
            d.rectangle([x0 * k, y0 * k, x1 * k, y1 * k], outline=0, width=max(1, round(lw * k)))
        elif op == "rrect":
            _, x0, y0, x1, y1, r, lw = g
            d.rounded_rectangle([x0 * k, y0 * k, x1 * k, y1 * k], radius=r * k, outline=0,
                                width=max(1, round(lw * k)))
        elif op == "circle":
            _, cx, cy, r, lw = g
            d.ellipse([(cx - r) * k, (cy - r) * k, (cx + r) * k, (cy + r) * k], outline=0,
                      width=max(1, round(lw * k)))
        elif op == "star":
            _, cx, cy, r = g
            pts = []
            for i in range(10):
                rr = r if i % 2 == 0 else r * 0.4
                ang = -np.pi / 2 + i * np.pi / 5
                pts.append(((cx + rr * np.cos(ang)) * k, (cy + rr * np.sin(ang)) * k))
            d.polygon(pts, fill=0)
        elif op == "arc":
            _, x0, y0, x1, y1, a0, a1, lw = g
            d.arc([x0 * k, y0 * k, x1 * k, y1 * k], a0, a1, fill=0, width=max(1, round(lw * k)))
        elif op == "photo":
            _, x0, y0, x1, y1 = g
            d.rectangle([x0 * k, y0 * k, x1 * k, y1 * k], outline=0, width=max(1, round(0.8 * k)))
            cxp, wp = (x0 + x1) / 2, x1 - x0
            d.ellipse([(cxp - wp * 0.2) * k, (y0 + (y1 - y0) * 0.18) * k, (cxp + wp * 0.2) * k,
                       (y0 + (y1 - y0) * 0.55) * k], outline=0, width=max(1, round(0.8 * k)))
            d.arc([(x0 + wp * 0.08) * k, (y0 + (y1 - y0) * 0.62) * k, (x1 - wp * 0.08) * k,
                   (y1 + (y1 - y0) * 0.35) * k], 180, 360, fill=0, width=max(1, round(0.8 * k)))
        elif op == "qr":
            _, x, y, size, payload = g
            draw_qr(im, x * k, y * k, size * k, payload)
            d = ImageDraw.Draw(im)
        else:
            raise ValueError(op)
    for t in c.texts:
        d.text((t.x * k, t.y * k), t.text, font=font_at(t.font, t.size * k), fill=0, anchor=t.anchor)
    if c.smudges:
        a = np.asarray(im, dtype=np.float32).copy()
        for i, (x0, y0, x1, y1) in enumerate(c.smudges):
            _smudge(a, (round(x0 * k), round(y0 * k), round(x1 * k), round(y1 * k)), seed + i)
        im = Image.fromarray(np.clip(a, 0, 255).round().astype(np.uint8))
    return im


# --------------------------------------------------------------------------- dossier plan

# Degradations for the new sets. Pages in 1-bit files are degraded in gray, then thresholded.
NZ_BW = Noise(sigma=8.0, blur=0.6, skew=1.0, dust=60)
NZ_BW_CW = Noise(sigma=7.0, blur=0.55, skew=-1.3, dust=50)
NZ_SKEW = Noise(sigma=3.0, blur=0.4, skew=-1.6, dust=15)  # mostly a skewed feed, little noise
NZ_GRAY = Noise(sigma=6.0, blur=0.5, skew=0.8, dust=40)


@dataclass
class Doc:
    pages: list[dict]
    doc_type: str
    dossier: str  # expected dossier code, "" when it must stay unlinked
    role: str  # input | result | receipt | extra | ""
    cue: str  # folder | filename | page-text | qr | split | none
    note: str = ""
    owner_key: str = ""  # the dossier the document belongs to by content (for notes)


@dataclass
class FilePlan:
    path: str  # relative to the set's folder
    fmt: str  # g4tif | png1 | png8 | jpg | pdfjpg | pdfg4
    dpi: int
    docs: list[Doc]
    page_opts: dict[int, dict] = field(default_factory=dict)  # 1-based page -> noise / rot / q
    note: str = ""


RESULT_BUILDERS = {"gks", "gxn", "gcnkh", "gpxd", "gcn_hkd", "gcn_kq"}


def make_doc(key: str, what: str, cue: str, role: str | None = None, code_line: bool = False,
             link: bool = True, note: str = "", **kw) -> Doc:
    d = C.DOSSIER_BY_KEY[key]
    b = {
        "receipt": lambda: C.receipt(d, **kw),
        "tk_ks": lambda: C.to_khai_khai_sinh(d),
        "cs": lambda: C.giay_chung_sinh(d),
        "gks": lambda: C.giay_khai_sinh(d),
        "tk_xn": lambda: C.to_khai_xac_nhan(d),
        "gxn": lambda: C.giay_xac_nhan(d),
        "xn_in": lambda: (C.giay_xac_nhan(C.DOSSIER_BY_KEY[d["x"]["xn"]]) if isinstance(d["x"]["xn"], str)
                          else C.giay_xac_nhan_other(d["x"]["xn"])),
        "tk_kh": lambda: C.to_khai_ket_hon(d, **kw),
        "gcnkh": lambda: C.gcn_ket_hon(d),
        "don_xd": lambda: C.don_xay_dung(d, **kw),
        "gcn_in": lambda: C.gcn_input(d),
        "bv": lambda: C.ban_ve(d),
        "gpxd": lambda: C.gpxd(d),
        "dn_hkd": lambda: C.de_nghi_hkd(d, **kw),
        "cccd": lambda: C.cccd(d["owner"]),
        "bb": lambda: C.bien_ban_hop(d),
        "gcn_hkd": lambda: C.gcn_hkd(d),
        "don_bd": lambda: C.don_bien_dong(d),
        "hd": lambda: C.hop_dong(d, **kw),
        "gcn_kq": lambda: C.gcn_result(d),
    }[what]
    pages = [dict(p) for p in b()]
    if code_line:
        pages[0]["code_line"] = "Mã hồ sơ: " + d["code"]
    if role is None:
        role = "receipt" if what == "receipt" else "result" if what in RESULT_BUILDERS else "input"
    if not link:
        return Doc(pages, pages[0]["type"], "", "", "none", note, key)
    return Doc(pages, pages[0]["type"], d["code"], role, cue, note, key)


def dossier_plan() -> list[FilePlan]:
    D = C.DOSSIER_BY_KEY
    plans: list[FilePlan] = []
    unsorted: list[FilePlan] = []

    def fold(key, name, fmt, dpi, docs, **opts):
        plans.append(FilePlan(f"{D[key]['code']}/{name}", fmt, dpi, docs, **opts))

    def loose(key, suffix, fmt, dpi, docs, **opts):
        plans.append(FilePlan(f"loose/{D[key]['code']}{suffix}", fmt, dpi, docs, **opts))

    def loose_named(name, fmt, dpi, docs, **opts):
        plans.append(FilePlan(f"loose/{name}", fmt, dpi, docs, **opts))

    def uns(ext, fmt, dpi, docs, **opts):
        unsorted.append(FilePlan(ext, fmt, dpi, docs, **opts))

    def F(key, what, **kw):
        return make_doc(key, what, "folder", **kw)

    def N(key, what, **kw):
        return make_doc(key, what, "filename", **kw)

    def T(key, what, **kw):
        return make_doc(key, what, "page-text", code_line=(what != "receipt"), **kw)

    def S(key, what, **kw):
        return make_doc(key, what, "split", **kw)

    # D01 birth, folder, complete, result
    fold("D01", "001.tif", "g4tif", 300, [F("D01", "receipt")])
    fold("D01", "002.tif", "g4tif", 300, [F("D01", "tk_ks")], page_opts={1: {"noise": NZ_BW}})
    fold("D01", "003.tif", "g4tif", 200, [F("D01", "cs")])
    fold("D01", "004.tif", "g4tif", 300, [F("D01", "gks")])
    # D02 marital status, file names, complete, result
    loose("D02", "_tiep-nhan.png", "png1", 300, [N("D02", "receipt")])
    loose("D02", "_to-khai.png", "png1", 200, [N("D02", "tk_xn")], page_opts={1: {"noise": NZ_SKEW}})
    loose("D02", "_ket-qua.jpg", "jpg", 200, [N("D02", "gxn")])
    # D03 household business, folder, 2-page application, ID card, result
    fold("D03", "scan1.tif", "g4tif", 200, [F("D03", "receipt")])
    fold("D03", "scan2.tif", "g4tif", 300, [F("D03", "dn_hkd", pages=2)], page_opts={2: {"noise": NZ_BW_CW}})
    fold("D03", "scan3.jpg", "jpg", 300, [F("D03", "cccd")])
    fold("D03", "scan4.tif", "g4tif", 300, [F("D03", "gcn_hkd")])
    # D04 building permit, folder; one TIFF holds the application (2 pages) and the land certificate
    fold("D04", "IMG_0001.tif", "g4tif", 300, [F("D04", "receipt")])
    fold("D04", "IMG_0002.tif", "g4tif", 300, [F("D04", "don_xd", pages=2), F("D04", "gcn_in")],
         note="two documents in one file")
    fold("D04", "IMG_0003.png", "png1", 200, [F("D04", "bv")])
    fold("D04", "IMG_0004.tif", "g4tif", 300, [F("D04", "gpxd")], page_opts={1: {"noise": NZ_BW}})
    # D05 marriage, unsorted, code printed on the form (2 pages, only page 1 has the code)
    uns(".png", "png1", 300, [T("D05", "receipt")])
    uns(".tif", "g4tif", 300, [T("D05", "tk_kh", pages=2)])
    # D06 marital status (online), unsorted, code on the pages
    uns(".jpg", "jpg", 200, [T("D06", "receipt")], page_opts={1: {"noise": NZ_GRAY}})
    uns(".tif", "g4tif", 200, [T("D06", "tk_xn")])
    # D07 birth: the whole dossier in one image-only JPEG PDF
    uns(".pdf", "pdfjpg", 200, [make_doc("D07", "receipt", "page-text",
                                         note="first page of a whole-dossier PDF"),
                                S("D07", "tk_ks"), S("D07", "cs"), S("D07", "gks")],
        page_opts={3: {"noise": NZ_GRAY}}, note="whole dossier in one PDF")
    # D08 land (new certificate as result), folder
    fold("D08", "trang-01.tif", "g4tif", 300, [F("D08", "receipt")])
    fold("D08", "trang-02.tif", "g4tif", 300, [F("D08", "don_bd"), F("D08", "hd", pages=2)],
         page_opts={3: {"noise": NZ_BW}}, note="two documents in one file")
    fold("D08", "trang-03.tif", "g4tif", 300, [F("D08", "gcn_in", note="old certificate, issued 15/06/2016: input")])
    fold("D08", "trang-04.tif", "g4tif", 300, [F("D08", "gcn_kq", note="new certificate issued 18/08/2025 "
                                                "after receipt; page 2 records the transfer: result")])
    # D09 marital status, folder: its result is reused as an input of D15
    fold("D09", "1.png", "png1", 300, [F("D09", "receipt")])
    fold("D09", "2.png", "png1", 300, [F("D09", "tk_xn")])
    fold("D09", "3.png", "png8", 200, [F("D09", "gxn", note="also an input of 000.00.12.H30-250909-0012")])
    # D10 household business, file names, application missing (incomplete)
    loose("D10", "_tiep-nhan.tif", "g4tif", 300, [N("D10", "receipt")])
    loose("D10", "_cccd.jpg", "jpg", 300, [N("D10", "cccd")])
    loose("D10", "_bien-ban.tif", "g4tif", 300, [N("D10", "bb")], page_opts={1: {"noise": NZ_SKEW}})
    # D11 birth (online), unsorted, birth certificate missing (incomplete)
    uns(".tif", "g4tif", 300, [T("D11", "receipt")])
    uns(".png", "png1", 300, [T("D11", "tk_ks")], page_opts={1: {"noise": NZ_BW}})
    # D12 marriage, file names, bride not resident: her certificate is an input
    loose("D12", "_01.tif", "g4tif", 200, [N("D12", "receipt")])
    loose("D12", "_02.tif", "g4tif", 300, [N("D12", "tk_kh")])
    loose("D12", "_03.tif", "g4tif", 300, [N("D12", "xn_in", note="issued elsewhere: input")],
          page_opts={1: {"noise": NZ_BW_CW}})
    loose("D12", "_kq.pdf", "pdfg4", 300, [N("D12", "gcnkh")])
    # D13 building permit, file names with spaces, drawings missing (incomplete)
    loose_named(f"HS {D['D13']['code']} tiep nhan.png", "png1", 300, [N("D13", "receipt")])
    loose_named(f"HS_{D['D13']['code']}_don.tif", "g4tif", 300, [N("D13", "don_xd", pages=1)])
    loose_named(f"HS_{D['D13']['code']}_gcn.jpg", "jpg", 200, [N("D13", "gcn_in")])
    # D14 marital status: receipt WITHOUT the printed code line (QR only); form carries the code
    uns(".tif", "g4tif", 300, [make_doc("D14", "receipt", "qr", print_code=False,
                                        note="no printed code line: only the QR code carries it")])
    uns(".tif", "g4tif", 300, [T("D14", "tk_xn")])
    # D15 marriage of D09's owner: D09's certificate as input, owner's ID card as extra, result
    fold("D15", "001.tif", "g4tif", 300, [F("D15", "receipt")])
    fold("D15", "002.tif", "g4tif", 300, [F("D15", "tk_kh")])
    fold("D15", "003.tif", "g4tif", 300, [F("D15", "xn_in", note="result of 000.00.15.H30-250811-0007 "
                                                           "reused as input")], page_opts={1: {"noise": NZ_BW}})
    fold("D15", "004.jpg", "jpg", 300, [F("D15", "cccd", role="extra", note="ID card: not a component "
                                                                          "of 1.000894")])
    fold("D15", "005.tif", "g4tif", 300, [F("D15", "gcnkh")])
    # D16 birth, file names, complete, result
    loose("D16", "_tiep-nhan.tif", "g4tif", 300, [N("D16", "receipt")])
    loose("D16", "_to-khai.tif", "g4tif", 300, [N("D16", "tk_ks")])
    loose("D16", "_chung-sinh.png", "png1", 300, [N("D16", "cs")], page_opts={1: {"noise": NZ_BW_CW}})
    loose("D16", "_giay-khai-sinh.tif", "g4tif", 200, [N("D16", "gks")])
    # D17 land, whole dossier in one multi-page G4 TIFF, not resolved
    uns(".tif", "g4tif", 300, [make_doc("D17", "receipt", "page-text", note="first page of a whole-dossier TIFF"),
                               S("D17", "don_bd"), S("D17", "hd", pages=2),
                               S("D17", "gcn_in", note="old certificate, issued 04/11/2019: input")],
        page_opts={4: {"noise": NZ_BW}}, note="whole dossier in one multi-page TIFF")
    # D18 household business (online), unsorted, code on the form
    uns(".png", "png1", 200, [T("D18", "receipt")])
    uns(".png", "png1", 300, [T("D18", "dn_hkd")])
    # D19 marital status, folder, form missing (incomplete), late result; plus a misfiled form
    fold("D19", "scan1.tif", "g4tif", 300, [F("D19", "receipt")])
    fold("D19", "scan2.tif", "g4tif", 300, [F("D19", "gxn")])
    fold("D19", "scan3.tif", "g4tif", 300, [make_doc(
        "D29", "tk_xn", "none", code_line=True, link=False,
        note="conflict: folder says 000.00.15.H30-250923-0011, the page prints "
             "000.00.15.H30-251029-0006 (it is that dossier's form, misfiled)")])
    # D20 birth, folder, no result scan; the form is stored upside down
    fold("D20", "1.png", "png1", 300, [F("D20", "receipt")])
    fold("D20", "2.png", "png1", 300, [F("D20", "tk_ks", note="stored upside down")], page_opts={1: {"rot": 180}})
    fold("D20", "3.png", "png1", 300, [F("D20", "cs")], page_opts={1: {"noise": NZ_BW}})
    # D21 building permit, folder, complete, result
    fold("D21", "01.tif", "g4tif", 300, [F("D21", "receipt")])
    fold("D21", "02.tif", "g4tif", 300, [F("D21", "don_xd", pages=1)])
    fold("D21", "03.tif", "g4tif", 300, [F("D21", "gcn_in")], page_opts={1: {"noise": NZ_SKEW}})
    fold("D21", "04.tif", "g4tif", 200, [F("D21", "bv")])
    fold("D21", "05.jpg", "jpg", 200, [F("D21", "gpxd")])
    # D22 household business: whole dossier in one CCITT G4 PDF, with members' minutes and result
    uns(".pdf", "pdfg4", 300, [make_doc("D22", "receipt", "page-text", note="first page of a whole-dossier PDF"),
                               S("D22", "dn_hkd"), S("D22", "cccd"), S("D22", "bb"), S("D22", "gcn_hkd")],
        page_opts={4: {"noise": NZ_SKEW}}, note="whole dossier in one PDF")
    # D23 marriage: receipt code line SMUDGED (QR only); form carries the code
    uns(".jpg", "jpg", 300, [make_doc("D23", "receipt", "qr", smudge=True,
                                      note="printed code smudged: only the QR code carries it")],
        note="the code on the 'Mã hồ sơ:' line is covered by an ink smudge (truth keeps the label only)")
    uns(".tif", "g4tif", 300, [T("D23", "tk_kh")])
    # D24 marital status, file names, complete, result
    loose("D24", "_tiep-nhan.pdf", "pdfg4", 300, [N("D24", "receipt")])
    loose("D24", "_to-khai.tif", "g4tif", 300, [N("D24", "tk_xn")], page_opts={1: {"noise": NZ_BW}})
    loose("D24", "_ket-qua.png", "png1", 300, [N("D24", "gxn")])
    # D25 birth, folder, form missing (incomplete), result
    fold("D25", "scan-01.tif", "g4tif", 300, [F("D25", "receipt")])
    fold("D25", "scan-02.tif", "g4tif", 300, [F("D25", "cs")])
    fold("D25", "scan-03.tif", "g4tif", 300, [F("D25", "gks")], page_opts={1: {"noise": NZ_BW_CW}})
    # D26 marriage, folder, form missing (incomplete), bride's certificate present, not resolved
    fold("D26", "01.tif", "g4tif", 300, [F("D26", "receipt")])
    fold("D26", "02.tif", "g4tif", 300, [F("D26", "xn_in", note="issued elsewhere: input")],
         page_opts={1: {"noise": NZ_BW}})
    # D27 household business, file names, not resolved
    loose("D27", "_tiep-nhan.png", "png1", 300, [N("D27", "receipt")])
    loose("D27", "_de-nghi.tif", "g4tif", 300, [N("D27", "dn_hkd")])
    loose("D27", "_cccd.tif", "g4tif", 300, [N("D27", "cccd")])
    # D28 land (old certificate updated as result), folder
    fold("D28", "trang1.tif", "g4tif", 300, [F("D28", "receipt")])
    fold("D28", "trang2.tif", "g4tif", 300, [F("D28", "don_bd"), F("D28", "hd", pages=1)],
         note="two documents in one file")
    fold("D28", "trang3.tif", "g4tif", 300, [F("D28", "gcn_in", note="old certificate, issued 14/05/2014: input")])
    fold("D28", "trang4.tif", "g4tif", 300, [F("D28", "gcn_kq", note="the same certificate returned with "
                                                "its change page dated 31/10/2025 (after receipt): result; "
                                                "page 1 alone looks like the input")],
         page_opts={2: {"noise": NZ_SKEW}})
    # D29 marital status (online), unsorted receipt; its form is the misfiled page in D19's folder
    uns(".tif", "g4tif", 300, [T("D29", "receipt")])
    # D30 building permit, folder, land certificate missing (incomplete)
    fold("D30", "01.tif", "g4tif", 300, [F("D30", "receipt")])
    fold("D30", "02.tif", "g4tif", 300, [F("D30", "don_xd", pages=1)])
    fold("D30", "03.tif", "g4tif", 300, [F("D30", "bv")])
    # Negative cases in unsorted/: a birth certificate with no cue at all (no dossier in the
    # export has this mother), and a form printing a well-formed code that is not in dossiers.csv.
    uns(".tif", "g4tif", 300, [Doc(stray_birth_certificate(), "giay_chung_sinh", "", "", "none",
                                   "no cue at all: no code, no QR, neutral name; belongs to no dossier")])
    uns(".png", "png1", 300, [Doc(unknown_code_form(), "to_khai_khai_sinh", "", "", "none",
                                  f"prints {C.UNKNOWN_CODE}, which is not in dossiers.csv")])

    # unsorted/: neutral names in a shuffled order (a real pile is not sorted by dossier)
    order = list(range(len(unsorted)))
    __import__("random").Random(2025).shuffle(order)
    for n, i in enumerate(order, 1):
        fp = unsorted[i]
        fp.path = f"unsorted/scan_{n:04d}{fp.path}"
    return plans + [unsorted[i] for i in order]


def stray_birth_certificate() -> list[dict]:
    m = C.person("Kha Thị Yến")
    return [{"type": "giay_chung_sinh", "title": "GIẤY CHỨNG SINH", "body": [
        "Số: 4102/2025/GCS; Quyển số: 12",
        "Cơ sở khám bệnh, chữa bệnh: Bệnh viện Đa khoa Đức Giang",
        f"Họ và tên mẹ: {m['name']}; Năm sinh: {C.year(m)}",
        f"Số định danh cá nhân: {m['id']}",
        f"Nơi cư trú: {m['addr']}",
        "Dân tộc: Kinh",
        "Đã sinh con vào lúc: 09 giờ 10 phút, ngày 21 tháng 09 năm 2025",
        "Tại: Bệnh viện Đa khoa Đức Giang",
        "Số con trong lần sinh này: 01",
        "Giới tính của con: Nữ; Cân nặng: 2.800 gam",
        "Tình trạng sức khỏe của con khi sinh: Bình thường",
        "Dự định đặt tên con là: Vi Thảo My",
        "Người đỡ đẻ: Nữ hộ sinh Hoàng Thị Lan",
        ("c", "Hà Nội, ngày 23 tháng 9 năm 2025"),
        ("c", "Thủ trưởng cơ sở khám bệnh, chữa bệnh"),
    ]}]


def unknown_code_form() -> list[dict]:
    m, f = C.person("Lục Thị Bảo Trâm"), C.person("Tạ Quang Dũng")
    return [{"type": "to_khai_khai_sinh", "title": "TỜ KHAI ĐĂNG KÝ KHAI SINH",
             "code_line": "Mã hồ sơ: " + C.UNKNOWN_CODE, "body": [
        "Kính gửi: Ủy ban nhân dân phường Điện Biên, thành phố Hà Nội",
        f"Họ, chữ đệm, tên người yêu cầu: {m['name']}",
        f"Số định danh cá nhân: {m['id']}",
        f"Nơi cư trú: {m['addr']}",
        "Quan hệ với người được khai sinh: Mẹ",
        "Đề nghị cơ quan đăng ký khai sinh cho người dưới đây:",
        "Họ, chữ đệm, tên: Tạ Bảo Nhi",
        "Ngày, tháng, năm sinh: 11/09/2025",
        "Giới tính: Nữ; Dân tộc: Kinh; Quốc tịch: Việt Nam",
        "Nơi sinh: Bệnh viện Phụ sản Hà Nội, thành phố Hà Nội",
        "Quê quán: xã Thanh Trì, thành phố Hà Nội",
        f"Họ, chữ đệm, tên người mẹ: {m['name']}; Năm sinh: {C.year(m)}",
        f"Họ, chữ đệm, tên người cha: {f['name']}; Năm sinh: {C.year(f)}",
        "Tôi cam đoan nội dung đề nghị đăng ký khai sinh trên đây là đúng sự thật và chịu "
        "trách nhiệm trước pháp luật về cam đoan của mình.",
        ("c", "Hà Nội, ngày 19 tháng 9 năm 2025"),
        ("c", f"Người yêu cầu: {m['name']}"),
    ]}]


def heldout_plan() -> list[FilePlan]:
    H = C.heldout()

    def hp(fid, ext, fmt, dpi, **opts):
        docs = [Doc(pages, pages[0]["type"], "", "", "") for pages in H[fid]]
        return FilePlan(fid + ext, fmt, dpi, docs, **opts)

    plans = [
        hp("h01", ".tif", "g4tif", 300),
        hp("h02", ".png", "png8", 200),
        hp("h03", ".tif", "g4tif", 300, page_opts={2: {"noise": NZ_BW}}),
        hp("h04", ".jpg", "jpg", 200, page_opts={1: {"noise": NZ_GRAY}}),
        hp("h05", ".png", "png1", 300),
        hp("h06", ".tif", "g4tif", 300),
        hp("h07", ".tif", "g4tif", 300, page_opts={1: {"noise": NZ_BW_CW}}),
        hp("h08", ".tif", "g4tif", 200),
        hp("h09", ".png", "png1", 300),
        hp("h10", ".pdf", "pdfg4", 300),
        hp("h11", ".tif", "g4tif", 300),
        hp("h12", ".tif", "g4tif", 200),
        hp("h13", ".jpg", "jpg", 200),
        hp("h14", ".tif", "g4tif", 300, page_opts={1: {"noise": NZ_SKEW}}),
        hp("h15", ".jpg", "jpg", 300),
        hp("h16", ".png", "png1", 300, page_opts={1: {"noise": NZ_BW}}),
        hp("h17", ".tif", "g4tif", 300),
        hp("h18", ".png", "png1", 200),
        hp("h19", ".tif", "g4tif", 300, page_opts={2: {"noise": NZ_BW_CW}}),
        hp("h20", ".pdf", "pdfjpg", 200, page_opts={2: {"noise": NZ_GRAY}}),
    ]
    return plans


# --------------------------------------------------------------------------- writing a set


FORMAT_NOTES = {
    "g4tif": "TIFF 1-bit CCITT G4, WhiteIsZero",
    "png1": "PNG 1-bit",
    "png8": "PNG 8-bit gray",
    "jpg": "JPEG gray",
    "pdfjpg": "image-only PDF, gray JPEG (DCTDecode) pages",
    "pdfg4": "image-only PDF, 1-bit CCITT G4 pages",
}


def write_set(root: Path, truth_root: Path, plans: list[FilePlan], seed0: int) -> list[dict]:
    """Render, degrade and write every file of a set; write its truth texts and MANIFEST.tsv.
    Returns one row per document segment (file, first_page, last_page, Doc)."""
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    truth_root.mkdir(parents=True, exist_ok=True)
    segments, manifest = [], ["file\tformat\tpages\tdpi\tquality\trotation\tnotes"]
    for fi, fp in enumerate(plans):
        seed = seed0 + 100 * fi
        images, truths, quality, rotation, noises = [], [], [], [], []
        n = 0
        for doc in fp.docs:
            first = n + 1
            for spec in doc.pages:
                n += 1
                opts = fp.page_opts.get(n, {})
                comp = compose(spec)
                im = render2(comp, fp.dpi, seed + n)
                nz = opts.get("noise")
                if nz is not None:
                    im = degrade(im, fp.dpi, seed + n, nz)
                    noises.append(f"p{n}: {nz.describe()}")
                quality.append("noisy" if nz is not None else "clean")
                if fp.fmt in ("g4tif", "png1", "pdfg4"):
                    im = binarize(im, threshold=140 if nz is not None else 128,
                                  salt=0.0003 if nz is not None and nz.sigma >= 6 else 0.0, seed=seed + n)
                rot = opts.get("rot", 0)
                rotation.append(rot)
                images.append(stored(im, rot))
                truths.append("\n".join(comp.truth))
            segments.append({"file": fp.path, "first_page": first, "last_page": n, "doc": doc})
        out = root / fp.path
        out.parent.mkdir(parents=True, exist_ok=True)
        if fp.fmt == "g4tif":
            write_g4_tiff(out, images, fp.dpi)
        elif fp.fmt in ("png1", "png8"):
            assert len(images) == 1
            save_png(images[0], out, fp.dpi)
        elif fp.fmt == "jpg":
            assert len(images) == 1
            out.write_bytes(jpeg_bytes(images[0], fp.dpi, 72 if quality[0] == "noisy" else 75))
        elif fp.fmt == "pdfjpg":
            write_image_pdf(out, [PdfImage(im.width, im.height, fp.dpi, 8, "DCTDecode",
                                           jpeg_bytes(im, fp.dpi, 72 if q == "noisy" else 75))
                                  for im, q in zip(images, quality)], "Scan")
        elif fp.fmt == "pdfg4":
            write_image_pdf(out, [PdfImage(im.width, im.height, fp.dpi, 1, "CCITTFaxDecode", g4_strip(im),
                                           f"<< /K -1 /Columns {im.width} /Rows {im.height} /BlackIs1 false >>")
                                  for im in images], "Scan")
        else:
            raise ValueError(fp.fmt)
        t = truth_root / (fp.path + ".txt")
        t.parent.mkdir(parents=True, exist_ok=True)
        t.write_text("\f".join(nfc(x) for x in truths), encoding="utf-8")
        notes = "; ".join(x for x in [FORMAT_NOTES[fp.fmt], fp.note] + noises if x)
        manifest.append("\t".join([fp.path, fp.fmt.replace("g4tif", "tiff").replace("png1", "png")
                                   .replace("png8", "png").replace("pdfjpg", "pdf").replace("pdfg4", "pdf")
                                   .replace("jpg", "jpeg"), str(n), str(fp.dpi), ",".join(quality),
                                   ",".join(map(str, rotation)), notes]))
    (truth_root / "MANIFEST.tsv").write_text("\n".join(manifest) + "\n", encoding="utf-8")
    return segments


# --------------------------------------------------------------------------- export, truth, report

EXPORT_HEADER = ["MaHoSo", "MaTTHC", "MaCoQuan", "SoDinhDanh", "NgayTiepNhan", "NgayHenTra",
                 "NgayKetThucXuLy", "TrangThai", "KenhThucHien"]


def export_row(d: dict) -> dict:
    ts = "%Y-%m-%d %H:%M:%S"
    return {
        "MaHoSo": d["code"],
        "MaTTHC": d["proc"],
        "MaCoQuan": d["code"].rsplit("-", 2)[0],
        "SoDinhDanh": C.person(d["owner"])["id"],
        "NgayTiepNhan": C.when(d["recv"]).strftime(ts),
        "NgayHenTra": C.due_of(d).strftime(ts),
        "NgayKetThucXuLy": C.when(d["done"]).strftime(ts) if d["done"] else "",
        "TrangThai": d["status"],
        "KenhThucHien": d["channel"],
    }


def csv_text(rows: list[dict]) -> str:
    """RFC 4180: CRLF line ends, fields quoted only when needed."""
    import csv

    b = io.StringIO()
    w = csv.DictWriter(b, fieldnames=EXPORT_HEADER, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    w.writeheader()
    w.writerows(rows)
    return b.getvalue()


def write_export() -> list[dict]:
    import json

    rows = [export_row(d) for d in C.DOSSIERS]
    (SAMPLES / "dossiers.csv").write_bytes(csv_text(rows).encode("utf-8"))
    js = [{k: (v if v != "" else None) for k, v in r.items()} for r in rows]
    (SAMPLES / "dossiers.json").write_text(json.dumps(js, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return rows


BAD_ROWS_NOTE = {}  # line number -> why (filled by write_bad_rows, documented in README)


def write_bad_rows(rows: list[dict]) -> None:
    by = {r["MaHoSo"]: r for r in rows}
    good = [by[C.DOSSIER_BY_KEY[k]["code"]] for k in ("D01", "D08", "D13", "D15", "D22", "D29")]
    bad1 = dict(by[C.DOSSIER_BY_KEY["D02"]["code"]], MaTTHC="9.999999")
    bad2 = dict(by[C.DOSSIER_BY_KEY["D05"]["code"]], MaHoSo="H30-2507-12")
    bad3 = dict(by[C.DOSSIER_BY_KEY["D12"]["code"]], NgayTiepNhan="31/02/2025x")
    bad4 = dict(by[C.DOSSIER_BY_KEY["D24"]["code"]], MaHoSo="")
    out = [good[0], good[1], good[2], bad1, good[3], bad2, good[4], bad3, good[5], bad4]
    text = csv_text(out)
    assert text.count("\r\n") == len(out) + 1  # one physical line per record
    (FIXTURES / "dossiers-with-bad-rows.csv").write_bytes(text.encode("utf-8"))


def segment_rows(segments: list[dict], with_link: bool) -> list[str]:
    if with_link:
        rows = ["file\tfirst_page\tlast_page\tdoc_type\tdossier\trole\tcue\tnote"]
    else:
        rows = ["file\tfirst_page\tlast_page\tdoc_type"]
    for s in segments:
        doc = s["doc"]
        cells = [s["file"], str(s["first_page"]), str(s["last_page"]), doc.doc_type]
        if with_link:
            cells += [doc.dossier, doc.role, doc.cue, doc.note]
        rows.append("\t".join(cells))
    return rows


def expected_report(segments: list[dict]) -> list[str]:
    """Per unit (MaCoQuan) and per month, plus ALL: received / input_digitized by the month of
    NgayTiepNhan, resolved / result_digitized by the month of NgayKetThucXuLy."""
    linked: dict[str, list[Doc]] = {}
    for s in segments:
        if s["doc"].dossier:
            linked.setdefault(s["doc"].dossier, []).append(s["doc"])
    facts = []
    for d in C.DOSSIERS:
        docs = linked.get(d["code"], [])
        inputs = {x.doc_type for x in docs if x.role == "input"}
        need = set(C.MUST_DIGITIZE_REQUIRED[d["proc"]])
        facts.append({
            "unit": d["code"].rsplit("-", 2)[0],
            "recv_month": d["recv"][:7],
            "done_month": d["done"][:7] if d["done"] else None,
            "input_ok": need <= inputs,
            "result_ok": bool(d["done"]) and any(x.role == "result" for x in docs),
        })
    units = sorted({f["unit"] for f in facts})
    months = sorted({f["recv_month"] for f in facts} | {f["done_month"] for f in facts if f["done_month"]})
    rows = ["unit\tperiod\treceived\tinput_digitized\tresolved\tresult_digitized"]
    for unit in units + ["ALL"]:
        for period in months + ["ALL"]:
            def in_u(f):
                return unit == "ALL" or f["unit"] == unit

            def rm(f):
                return period == "ALL" or f["recv_month"] == period

            def dm(f):
                return f["done_month"] is not None and (period == "ALL" or f["done_month"] == period)

            rec = [f for f in facts if in_u(f) and rm(f)]
            res = [f for f in facts if in_u(f) and dm(f)]
            rows.append("\t".join([unit, period, str(len(rec)), str(sum(f["input_ok"] for f in rec)),
                                   str(len(res)), str(sum(f["result_ok"] for f in res))]))
    return rows


def check_people2() -> None:
    for name, p in C.PEOPLE2.items():
        cid = p["id"]
        assert len(cid) == 12 and cid.isdigit(), name
        prov, cs, yy = int(cid[:3]), int(cid[3]), int(cid[4:6])
        y = int(p["dob"][-4:])
        assert 1 <= prov <= 96, name
        century = 1900 if cs in (0, 1) else 2000 if cs in (2, 3) else None
        assert century and century + yy == y and (cs % 2 == (1 if p["sex"] == "F" else 0)), name
    ids = [p["id"] for p in C.PEOPLE2.values()] + [v[0] for v in C.PEOPLE.values()]
    assert len(ids) == len(set(ids)), "duplicate citizen ID"
    for d in C.DOSSIERS:
        r, due = C.when(d["recv"]), C.due_of(d)
        assert C.is_workday(r.date()), d["code"]
        assert d["code"].split("-")[1] == r.strftime("%y%m%d"), d["code"]
        if d["done"]:
            assert C.when(d["done"]) >= r and C.is_workday(C.when(d["done"]).date()), d["code"]
    codes = [d["code"] for d in C.DOSSIERS]
    assert len(codes) == len(set(codes)) and C.UNKNOWN_CODE not in codes


def check_truth_ids(root: Path) -> None:
    known = {p["id"] for p in C.PEOPLE2.values()}
    for t in root.rglob("*.txt"):
        for m in CCCD.findall(t.read_text(encoding="utf-8")):
            assert m in known, (t, m)


def build_dossiers() -> None:
    check_people2()
    TRUTH_DOSSIERS.mkdir(parents=True, exist_ok=True)
    segs = write_set(DOSSIERS_DIR, TRUTH_DOSSIERS, dossier_plan(), 5000)
    (TRUTH / "dossiers-expected.tsv").write_text("\n".join(segment_rows(segs, True)) + "\n", encoding="utf-8")
    (TRUTH / "dossiers-expected-report.tsv").write_text("\n".join(expected_report(segs)) + "\n",
                                                         encoding="utf-8")
    rows = write_export()
    write_bad_rows(rows)
    hsegs = write_set(HELDOUT_DIR, TRUTH_HELDOUT, heldout_plan(), 9000)
    (TRUTH / "heldout-expected.tsv").write_text("\n".join(segment_rows(hsegs, False)) + "\n", encoding="utf-8")
    check_truth_ids(TRUTH_DOSSIERS)
    check_truth_ids(TRUTH_HELDOUT)
    for root in (DOSSIERS_DIR, HELDOUT_DIR):
        files = [p for p in root.rglob("*") if p.is_file()]
        size = sum(p.stat().st_size for p in files)
        print(f"{size / 1024 / 1024:9.2f} MiB  {root.relative_to(REPO)}: {len(files)} files")


# --------------------------------------------------------------------------- main

CCCD = re.compile(r"\b(\d{12})\b")


def check_ids() -> None:
    for name, (cid, year, sex) in C.PEOPLE.items():
        prov, cs, yy = int(cid[:3]), int(cid[3]), int(cid[4:6])
        assert 1 <= prov <= 96, name
        century = 1900 if cs in (0, 1) else 2000 if cs in (2, 3) else None
        assert century and century + yy == year and (cs % 2 == (1 if sex == "F" else 0)), name
    known = {v[0] for v in C.PEOPLE.values()}
    for doc in vars(C).values():
        if isinstance(doc, dict) and "body" in doc:
            for item in doc["body"]:
                text = item[1] if isinstance(item, tuple) else item
                for m in CCCD.findall(text):
                    assert m in known, m


DOSSIER_CODE = re.compile(r"\b[0-9A-Z]{2,3}(?:\.[0-9A-Z]{2,3}){3}-\d{6}-\d{4,7}\b")
PROCEDURE_CODE = re.compile(r"(?<![\d.])[12]\.\d{6}(?![\d.])")


def write_pages_tsv(entries: list[Entry]) -> None:
    """Per page: document type and the codes printed on it (for classifier and
    extraction tests). Codes are found in the truth text itself."""
    type_of = {}
    for doc in vars(C).values():
        if isinstance(doc, dict) and "body" in doc:
            type_of[layout(doc).truth] = doc["type"]
    rows = ["file\tpage\tdoc_type\ttitle\tdossier_codes\tprocedure_codes\tcitizen_ids"]
    for e in entries:
        for n, t in enumerate(e.truth, 1):
            lines = t.split("\n")
            rows.append("\t".join([
                e.file, str(n), type_of[t], lines[2],
                ",".join(dict.fromkeys(DOSSIER_CODE.findall(t))),
                ",".join(dict.fromkeys(PROCEDURE_CODE.findall(t))),
                ",".join(dict.fromkeys(CCCD.findall(t))),
            ]))
    (TRUTH / "PAGES.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")


def main() -> None:
    check_ids()
    for d in (BATCH, TRUTH):
        if d.exists():
            shutil.rmtree(d)
        d.mkdir(parents=True)
    entries = build_batch()
    rows = ["file\tformat\tpages\tdpi\tquality\trotation\tnotes"]
    for e in entries:
        text = "\f".join(nfc(p) for p in e.truth)
        (TRUTH / f"{e.file}.txt").write_text(text, encoding="utf-8")
        rows.append("\t".join([e.file, e.fmt, str(len(e.truth)), e.dpi, ",".join(e.quality),
                               ",".join(map(str, e.rotation)), e.notes]))
    (TRUTH / "MANIFEST.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    write_pages_tsv(entries)
    build_fixtures()
    build_dossiers()
    total = 0
    for p in sorted(BATCH.iterdir()):
        total += p.stat().st_size
        print(f"{p.stat().st_size / 1024:9.1f} KiB  {p.relative_to(REPO)}")
    print(f"{total / 1024 / 1024:9.2f} MiB  batch total, {sum(len(e.truth) for e in entries)} pages")
    for p in sorted(FIXTURES.iterdir()):
        print(f"{p.stat().st_size / 1024:9.1f} KiB  {p.relative_to(REPO)}")


if __name__ == "__main__":
    main()
