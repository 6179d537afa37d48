// ---------------------------------------------------------------------------------------------
// Finding the images the page draws

use std::borrow::Cow;

use lopdf::{Dictionary, Document, Object, Stream};

use super::filters::decode_filters;
use super::{CONTENT_BUDGET, MAX_FORM_CALLS, MAX_FORM_DEPTH, TOKEN_BUDGET};
use super::{Res, deref, dict_of, get, get_int, numbers, render};

pub(super) type Matrix = [f64; 6];

pub(super) const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// `m × ctm` in PDF's row-vector convention (the `cm` operator).
fn concat(m: &Matrix, ctm: &Matrix) -> Matrix {
    [
        m[0] * ctm[0] + m[1] * ctm[2],
        m[0] * ctm[1] + m[1] * ctm[3],
        m[2] * ctm[0] + m[3] * ctm[2],
        m[2] * ctm[1] + m[3] * ctm[3],
        m[4] * ctm[0] + m[5] * ctm[2] + ctm[4],
        m[4] * ctm[1] + m[5] * ctm[3] + ctm[5],
    ]
}

pub(super) enum Source<'a> {
    XObject { stream: &'a Stream, resources: Option<&'a Dictionary> },
    Inline,
}

pub(super) struct Placement<'a> {
    pub(super) source: Source<'a>,
    pub(super) width: u64,
    pub(super) height: u64,
    pub(super) ctm: Matrix,
}

impl Placement<'_> {
    pub(super) fn key(&self) -> usize {
        match &self.source {
            Source::XObject { stream, .. } => *stream as *const Stream as usize,
            Source::Inline => 0,
        }
    }
}

pub(super) struct Scan<'a> {
    pub(super) doc: &'a Document,
    pub(super) found: Vec<Placement<'a>>,
    /// Text-showing and path-painting operators seen.
    pub(super) other_paint: usize,
    pub(super) content_bytes: usize,
    /// A budget ran out: the page was not read to its end.
    pub(super) truncated: bool,
    pub(super) tokens: usize,
    pub(super) form_calls: usize,
}

fn xobject<'a>(doc: &'a Document, resources: Option<&'a Dictionary>, name: &[u8]) -> Option<&'a Stream> {
    let xobjects = dict_of(get(doc, resources?, b"XObject")?)?;
    match get(doc, xobjects, name)? {
        Object::Stream(s) => Some(s),
        _ => None,
    }
}

fn is_image(doc: &Document, stream: &Stream) -> bool {
    match get(doc, &stream.dict, b"Subtype") {
        Some(Object::Name(n)) => n.as_slice() == b"Image",
        _ => stream.dict.has(b"Width") && stream.dict.has(b"Height") && !stream.dict.has(b"BBox"),
    }
}

fn is_form(doc: &Document, stream: &Stream) -> bool {
    match get(doc, &stream.dict, b"Subtype") {
        Some(Object::Name(n)) => n.as_slice() == b"Form",
        _ => false,
    }
}

impl<'a> Scan<'a> {
    pub(super) fn run(&mut self, content: &[u8], resources: Option<&'a Dictionary>, base: Matrix, depth: usize) {
        let mut lex = Lexer { s: content, i: 0 };
        let mut ctm = base;
        let mut stack: Vec<Matrix> = Vec::new();
        let mut operands: Vec<Operand> = Vec::new();
        let mut nest = 0usize;
        while let Some(tok) = lex.next() {
            self.tokens += 1;
            if self.tokens > TOKEN_BUDGET {
                self.truncated = true;
                return;
            }
            match tok {
                Tok::Open => nest = nest.saturating_add(1),
                Tok::Close => {
                    nest = nest.saturating_sub(1);
                    if nest == 0 {
                        push_operand(&mut operands, Operand::Other);
                    }
                }
                _ if nest > 0 => {}
                Tok::Num(x) => push_operand(&mut operands, Operand::Num(x)),
                Tok::Name(n) => push_operand(&mut operands, Operand::Name(n)),
                Tok::Other => push_operand(&mut operands, Operand::Other),
                Tok::Op(op) => {
                    match op {
                        b"true" | b"false" | b"null" => {
                            push_operand(&mut operands, Operand::Other);
                            continue;
                        }
                        b"q" if stack.len() < 4096 => stack.push(ctm),
                        b"Q" => {
                            if let Some(m) = stack.pop() {
                                ctm = m;
                            }
                        }
                        b"cm" => {
                            if let Some(m) = last_matrix(&operands) {
                                ctm = concat(&m, &ctm);
                            }
                        }
                        b"Do" => {
                            if let Some(Operand::Name(name)) = operands.last() {
                                self.draw(name, resources, &ctm, depth);
                            }
                        }
                        b"BI" => {
                            let (w, h) = lex.skip_inline_image();
                            self.found.push(Placement { source: Source::Inline, width: w, height: h, ctm });
                        }
                        b"Tj" | b"TJ" | b"'" | b"\"" | b"f" | b"F" | b"f*" | b"S" | b"s" | b"B" | b"B*" | b"b"
                        | b"b*" | b"sh" => self.other_paint += 1,
                        _ => {}
                    }
                    operands.clear();
                }
            }
        }
    }

    fn draw(&mut self, name: &[u8], resources: Option<&'a Dictionary>, ctm: &Matrix, depth: usize) {
        let doc = self.doc;
        let Some(stream) = xobject(doc, resources, name) else {
            return;
        };
        if is_image(doc, stream) {
            let dim = |k: &[u8]| get_int(doc, &stream.dict, k).filter(|v| *v > 0).map(|v| v as u64).unwrap_or(0);
            self.found.push(Placement {
                source: Source::XObject { stream, resources },
                width: dim(b"Width"),
                height: dim(b"Height"),
                ctm: *ctm,
            });
        } else if is_form(doc, stream) {
            if depth >= MAX_FORM_DEPTH || self.form_calls >= MAX_FORM_CALLS {
                self.truncated = true;
                return;
            }
            self.form_calls += 1;
            let matrix = get(doc, &stream.dict, b"Matrix")
                .and_then(|o| numbers(doc, o))
                .and_then(|v| <[f64; 6]>::try_from(v).ok())
                .unwrap_or(IDENTITY);
            let form_resources = get(doc, &stream.dict, b"Resources").and_then(dict_of).or(resources);
            let budget = CONTENT_BUDGET.saturating_sub(self.content_bytes);
            if let Ok(data) = decode_content(doc, stream, budget) {
                self.content_bytes += data.len();
                if self.content_bytes >= CONTENT_BUDGET {
                    self.truncated = true;
                }
                self.run(&data, form_resources, concat(&matrix, ctm), depth + 1);
            }
        }
    }
}

enum Operand {
    Num(f64),
    Name(Vec<u8>),
    Other,
}

fn push_operand(operands: &mut Vec<Operand>, op: Operand) {
    if operands.len() >= 16 {
        operands.remove(0);
    }
    operands.push(op);
}

fn last_matrix(operands: &[Operand]) -> Option<Matrix> {
    let start = operands.len().checked_sub(6)?;
    let mut m = [0.0; 6];
    for (slot, op) in m.iter_mut().zip(operands.get(start..)?) {
        match op {
            Operand::Num(x) => *slot = *x,
            _ => return None,
        }
    }
    Some(m)
}

enum Tok<'s> {
    Num(f64),
    Name(Vec<u8>),
    Op(&'s [u8]),
    Open,
    Close,
    Other,
}

struct Lexer<'s> {
    s: &'s [u8],
    i: usize,
}

fn is_ws(c: u8) -> bool {
    matches!(c, b'\0' | b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

fn is_delim(c: u8) -> bool {
    matches!(c, b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%')
}

fn is_regular(c: u8) -> bool {
    !is_ws(c) && !is_delim(c)
}

impl<'s> Lexer<'s> {
    fn peek(&self, k: usize) -> Option<u8> {
        self.s.get(self.i.checked_add(k)?).copied()
    }

    fn regular_run(&mut self) -> &'s [u8] {
        let start = self.i;
        while self.peek(0).is_some_and(is_regular) {
            self.i += 1;
        }
        self.s.get(start..self.i).unwrap_or(&[])
    }

    fn next(&mut self) -> Option<Tok<'s>> {
        loop {
            let c = self.peek(0)?;
            if is_ws(c) {
                self.i += 1;
            } else if c == b'%' {
                while self.peek(0).is_some_and(|c| c != b'\n' && c != b'\r') {
                    self.i += 1;
                }
            } else {
                break;
            }
        }
        let c = self.peek(0)?;
        Some(match c {
            b'(' => {
                self.i += 1;
                let mut depth = 1usize;
                while let Some(c) = self.peek(0) {
                    self.i += 1;
                    match c {
                        b'\\' => self.i += 1,
                        b'(' => depth += 1,
                        b')' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                Tok::Other
            }
            b'<' if self.peek(1) == Some(b'<') => {
                self.i += 2;
                Tok::Open
            }
            b'<' => {
                while self.peek(0).is_some_and(|c| c != b'>') {
                    self.i += 1;
                }
                self.i += 1;
                Tok::Other
            }
            b'>' if self.peek(1) == Some(b'>') => {
                self.i += 2;
                Tok::Close
            }
            b'[' | b'{' => {
                self.i += 1;
                Tok::Open
            }
            b']' | b'}' => {
                self.i += 1;
                Tok::Close
            }
            b'/' => {
                self.i += 1;
                Tok::Name(decode_name(self.regular_run()))
            }
            b'0'..=b'9' | b'+' | b'-' | b'.' => {
                let word = self.regular_run();
                match std::str::from_utf8(word).ok().and_then(|w| w.parse::<f64>().ok()) {
                    Some(x) if x.is_finite() => Tok::Num(x),
                    _ => Tok::Other,
                }
            }
            _ if is_regular(c) => Tok::Op(self.regular_run()),
            _ => {
                // A stray ')' or '>'.
                self.i += 1;
                Tok::Other
            }
        })
    }

    /// After `BI`: reads the inline image's dictionary, skips its data and the `EI`;
    /// returns its width and height (0 when unknown).
    fn skip_inline_image(&mut self) -> (u64, u64) {
        let (mut w, mut h) = (0u64, 0u64);
        let mut key: Option<Vec<u8>> = None;
        loop {
            match self.next() {
                None => return (w, h),
                Some(Tok::Op(b"ID")) => break,
                Some(Tok::Name(n)) if key.is_none() => key = Some(n),
                Some(Tok::Num(x)) => {
                    match key.as_deref() {
                        Some(b"W") | Some(b"Width") if x > 0.0 => w = x as u64,
                        Some(b"H") | Some(b"Height") if x > 0.0 => h = x as u64,
                        _ => {}
                    }
                    key = None;
                }
                Some(_) => key = None,
            }
        }
        // One white-space byte follows ID, then the data, then white space and EI.
        self.i += 1;
        let data = self.s.get(self.i..).unwrap_or(&[]);
        let mut k = 0usize;
        while let Some(window) = data.get(k..k + 3) {
            if let [w0, b'E', b'I'] = *window {
                if !is_ws(w0) {
                    k += 1;
                    continue;
                }
                let after = data.get(k + 3).copied();
                if after.is_none_or(|c| is_ws(c) || is_delim(c)) {
                    self.i += k + 3;
                    return (w, h);
                }
            }
            k += 1;
        }
        self.i = self.s.len();
        (w, h)
    }
}

fn decode_name(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while let Some(&c) = raw.get(i) {
        if c == b'#' {
            let hex = raw.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
            if let Some(v) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

pub(super) fn page_content(doc: &Document, page: &Dictionary) -> Res<Vec<u8>> {
    let mut out = Vec::new();
    let streams: Vec<&Stream> = match get(doc, page, b"Contents") {
        None => Vec::new(),
        Some(Object::Stream(s)) => vec![s],
        Some(Object::Array(items)) => items
            .iter()
            .filter_map(|o| match deref(doc, o) {
                Object::Stream(s) => Some(s),
                _ => None,
            })
            .collect(),
        Some(_) => Vec::new(),
    };
    for stream in streams {
        let budget = CONTENT_BUDGET.saturating_sub(out.len());
        let data = decode_content(doc, stream, budget)?;
        out.extend_from_slice(&data);
        out.push(b'\n');
    }
    Ok(out)
}

fn decode_content<'a>(doc: &'a Document, stream: &'a Stream, cap: usize) -> Res<Cow<'a, [u8]>> {
    match decode_filters(doc, stream, cap)? {
        (data, None) => Ok(data),
        (_, Some(_)) => render("page content with an image filter"),
    }
}
