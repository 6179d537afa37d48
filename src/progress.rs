//! The terminal: progress bars and warnings above them on a TTY, plain lines otherwise.
//! Only the thread that runs the batch calls it, so nothing else ever writes to the terminal.

use crate::summary::{FileReport, Observer, Status};
use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};
use std::io::IsTerminal;

pub struct Progress {
    bars: Option<(MultiProgress, ProgressBar, ProgressBar)>,
    quiet: bool,
}

impl Progress {
    /// Bars when stderr is a terminal and `quiet` is false; plain warning lines otherwise.
    pub fn new(quiet: bool) -> Self {
        if quiet || !std::io::stderr().is_terminal() {
            return Progress { bars: None, quiet };
        }
        let multi = MultiProgress::with_draw_target(ProgressDrawTarget::stderr());
        let files = multi.add(ProgressBar::new(0).with_style(style("files", "{pos}/{len} files  {wide_msg}")));
        let pages = multi.add(ProgressBar::new(0).with_style(style("pages", "{pos}/{len} pages  {ppm}  ETA {eta}")));
        Progress { bars: Some((multi, files, pages)), quiet }
    }

    /// Print above the bars (or plainly) without tearing them.
    fn say(&self, line: &str) {
        match &self.bars {
            Some((multi, ..)) => {
                let _ = multi.println(line);
            }
            None if !self.quiet => eprintln!("{line}"),
            None => {}
        }
    }

    /// Remove the bars before the summary is printed.
    pub fn finish(&self) {
        if let Some((_, files, pages)) = &self.bars {
            files.finish_and_clear();
            pages.finish_and_clear();
        }
    }
}

fn style(name: &str, tail: &str) -> ProgressStyle {
    let template = format!("{name:>6} [{{bar:30}}] {tail}");
    ProgressStyle::with_template(&template)
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .with_key("ppm", |s: &ProgressState, w: &mut dyn std::fmt::Write| {
            let _ = write!(w, "{:.0} pages/min", s.per_sec() * 60.0);
        })
        .progress_chars("=> ")
}

impl Observer for Progress {
    fn started(&mut self, found: usize, to_process: usize) {
        match &self.bars {
            Some((_, files, _)) => {
                files.set_length(found as u64);
                files.set_position((found - to_process) as u64);
            }
            None => self.say(&format!("sohoa: {found} files found, {to_process} to process")),
        }
    }

    fn pages_planned(&mut self, n: usize) {
        match &self.bars {
            Some((_, _, pages)) => pages.set_length(n as u64),
            None if n > 0 => self.say(&format!("sohoa: about {n} pages to read")),
            None => {}
        }
    }

    /// The plan's estimate was off for this file: correct the total, so the ETA stays honest.
    fn pages_found(&mut self, n: usize, estimated: usize) {
        if let Some((_, _, pages)) = &self.bars {
            let len = pages.length().unwrap_or(0) + n as u64;
            pages.set_length(len.saturating_sub(estimated as u64).max(pages.position()));
        }
    }

    fn page_done(&mut self) {
        if let Some((_, _, pages)) = &self.bars {
            pages.inc(1);
        }
    }

    fn file_done(&mut self, r: &FileReport) {
        if let Some((_, files, _)) = &self.bars {
            files.inc(1);
            files.set_message(r.path.clone());
        }
        if let Some(e) = &r.error {
            let kind = if r.status == Status::Failed { "failed" } else { "warning" };
            self.say(&format!("{kind}: {}: {e}", r.path));
        }
    }

    /// A queue worker learns its work a batch at a time: the totals grow as it claims.
    fn claimed(&mut self, files: usize, pages: usize) {
        if let Some((_, f, p)) = &self.bars {
            f.inc_length(files as u64);
            p.inc_length(pages as u64);
        }
    }
}
