//! Progress of a long wait (the bake): one redrawn line on a terminal, plain lines in CI (or any pipe), nothing in
//! tests.

use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

/// Where progress goes.
pub enum Progress {
    /// A terminal: a spinner line, redrawn.
    Line(ProgressBar),
    /// CI or a pipe: a line per change, and at most one a minute while nothing changes.
    Plain(Mutex<Plain>),
    /// Kept, for tests.
    #[cfg(test)]
    Recorded(Mutex<Vec<String>>),
}

pub struct Plain {
    last: String,
    printed: std::time::Instant,
}

/// How often a plain line repeats an unchanged state.
const PLAIN_REPEAT: Duration = Duration::from_secs(60);

impl Progress {
    /// A progress line on a terminal that is not CI's, plain lines otherwise.
    pub fn for_this_terminal() -> Self {
        let ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty());
        if std::io::stderr().is_terminal() && !ci {
            let bar = ProgressBar::new_spinner();
            bar.set_style(
                ProgressStyle::with_template("{spinner} [{elapsed}] {wide_msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            bar.enable_steady_tick(Duration::from_millis(200));
            Self::Line(bar)
        } else {
            Self::Plain(Mutex::new(Plain {
                last: String::new(),
                printed: std::time::Instant::now(),
            }))
        }
    }

    #[cfg(test)]
    pub fn recorded() -> Self {
        Self::Recorded(Mutex::new(Vec::new()))
    }

    /// Shows `message` as the current state.
    pub fn update(&self, message: &str) {
        match self {
            Self::Line(bar) => bar.set_message(message.to_owned()),
            Self::Plain(plain) => {
                let Ok(mut plain) = plain.lock() else { return };
                if plain.last != message || plain.printed.elapsed() >= PLAIN_REPEAT {
                    println!("{message}");
                    plain.last = message.to_owned();
                    plain.printed = std::time::Instant::now();
                }
            }
            #[cfg(test)]
            Self::Recorded(lines) => {
                if let Ok(mut lines) = lines.lock() {
                    lines.push(message.to_owned());
                }
            }
        }
    }

    /// Prints a line that stays (above the progress line on a terminal).
    pub fn say(&self, message: &str) {
        match self {
            Self::Line(bar) => bar.println(message),
            Self::Plain(_) => println!("{message}"),
            #[cfg(test)]
            Self::Recorded(lines) => {
                if let Ok(mut lines) = lines.lock() {
                    lines.push(message.to_owned());
                }
            }
        }
    }

    /// Ends the progress line.
    pub fn finish(&self) {
        if let Self::Line(bar) = self {
            bar.finish_and_clear();
        }
    }

    /// What a recorded progress kept.
    #[cfg(test)]
    pub fn lines(&self) -> Vec<String> {
        match self {
            Self::Recorded(lines) => lines.lock().map(|l| l.clone()).unwrap_or_default(),
            _ => Vec::new(),
        }
    }
}
