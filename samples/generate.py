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

Needs python3 with pillow, numpy, reportlab, and the qpdf CLI (for the encrypted fixture).
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
    total = 0
    for p in sorted(BATCH.iterdir()):
        total += p.stat().st_size
        print(f"{p.stat().st_size / 1024:9.1f} KiB  {p.relative_to(REPO)}")
    print(f"{total / 1024 / 1024:9.2f} MiB  batch total, {sum(len(e.truth) for e in entries)} pages")
    for p in sorted(FIXTURES.iterdir()):
        print(f"{p.stat().st_size / 1024:9.1f} KiB  {p.relative_to(REPO)}")


if __name__ == "__main__":
    main()
