//! How a subcommand reports what it found: the exit statuses every subcommand shares, and how `check` and
//! `upgrade` print their reports. A leaf module: the subcommands and the command line (`cli.rs`) depend on it, never the
//! other way.

/// The exit status when a subcommand asked to fail did (`api-diff --fail-on-breaking` on a breaking change), or
/// when its check found a problem (`check`: an owned file differs; `upgrade`: a conflict remains).
pub const EXIT_FAILED_CHECK: u8 = 1;

/// The exit status when a subcommand could not do its job: an unreadable or invalid input, named in the message
/// (or `upgrade` refusing a dirty working tree).
pub const EXIT_INVALID_INPUT: u8 = 2;

/// How `check` and `upgrade` print their result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A short summary for people.
    Text,
    /// JSON for scripts.
    Json,
}

/// How the pull-request reports (`api-diff`, `diff`) print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReviewFormat {
    /// For a pull-request comment and the job summary.
    Markdown,
    /// JSON for scripts.
    Json,
}

/// A report `check` or `upgrade` prints: its text for people, its JSON (serde) for machines.
pub trait Printed: serde::Serialize {
    /// The report as a plain summary.
    fn text(&self) -> String;

    /// Prints the report to stdout in `format`.
    fn print(&self, format: Format) -> anyhow::Result<()> {
        use std::io::Write;

        let mut out = std::io::stdout().lock();
        match format {
            Format::Json => writeln!(out, "{}", serde_json::to_string_pretty(self)?)?,
            Format::Text => out.write_all(self.text().as_bytes())?,
        }
        Ok(())
    }
}
