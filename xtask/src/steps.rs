//! Running the checks: each is a named command in a folder; the report counts what passed.

use std::{
    path::Path,
    process::Command,
    time::{Duration, Instant},
};

/// The outcome of every check run so far.
#[derive(Default)]
pub struct Report {
    results: Vec<(String, bool, Duration)>,
}

impl Report {
    /// Runs `command` as check `name`, streaming its output, and records whether it exited 0.
    pub fn run(&mut self, name: &str, dir: &Path, command: &mut Command) -> bool {
        println!("\n==> {name}  ({})", dir.display());
        let started = Instant::now();
        let passed = match command.current_dir(dir).status() {
            Ok(status) => status.success(),
            Err(error) => {
                eprintln!("cannot start {:?}: {error}", command.get_program());
                false
            }
        };
        self.record(name, passed, started.elapsed());
        passed
    }

    /// Records a check that ran in-process.
    pub fn record(&mut self, name: &str, passed: bool, took: Duration) {
        let verdict = if passed { "ok" } else { "FAILED" };
        println!("<== {name}: {verdict} in {:.1}s", took.as_secs_f64());
        self.results.push((name.to_owned(), passed, took));
    }

    /// Prints one line per check and the closing count; true when nothing failed.
    pub fn finish(&self) -> bool {
        println!("\nxtask summary");
        for (name, passed, took) in &self.results {
            let verdict = if *passed { "ok    " } else { "FAILED" };
            println!("  {verdict} {name} ({:.1}s)", took.as_secs_f64());
        }
        let failed = self.results.iter().filter(|(_, passed, _)| !passed).count();
        let passed = self.results.len() - failed;
        println!("xtask: {passed} passed, {failed} failed");
        failed == 0
    }
}

/// `cargo <args>` with the shared target folder.
pub fn cargo(args: &[&str]) -> Command {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()));
    command
        .args(args)
        .env("CARGO_TARGET_DIR", crate::paths::shared_target_dir());
    command
}
