//! `status` as a terminal table that fits 100 columns.

use std::fmt::Write;

use jiff::{tz::TimeZone, Timestamp};

use super::{AlarmRow, Release, Status};
use crate::operate::signals::Reading;

/// A signal's name, its reading, and how its value is shown.
type Row<'a> = (&'a str, &'a Reading, fn(f64) -> String);

/// The widest line.
pub const WIDTH: usize = 100;
const ID: usize = 30;
const SEVERITY: usize = 10;
const STATE: usize = 18;

pub fn text(status: &Status) -> String {
    let mut out = String::new();
    let at = minute(status.at);
    line(
        &mut out,
        &format!(
            "{} · {} · {} · {at} UTC",
            status.service, status.env, status.region
        ),
    );
    line(
        &mut out,
        &format!(
            "function {} · API {}, stage {}",
            status.function, status.api, status.stage
        ),
    );
    match &status.release {
        Some(release) => line(&mut out, &release_line(release)),
        None if status.env.starts_with("pr-") => line(
            &mut out,
            "preview: deployed all at once, without alarms, dashboard or live alias",
        ),
        None => line(
            &mut out,
            &format!(
                "{}: no live alias (ECS rolls a failed deployment back itself)",
                status.compute
            ),
        ),
    }
    out.push('\n');
    alarms(&mut out, status);
    signals(&mut out, status);
    out
}

fn release_line(release: &Release) -> String {
    match (&release.version, &release.error) {
        (Some(version), _) => {
            let mut text = format!(
                "{} alias of {}: version {version}",
                release.alias, release.function
            );
            for (other, share) in &release.weights {
                let _ = write!(
                    text,
                    ", version {other} takes {:.0} % (a canary under way)",
                    share * 100.0
                );
            }
            text
        }
        (None, Some(error)) => format!(
            "{} alias of {}: unreadable: {error}",
            release.alias, release.function
        ),
        (None, None) => format!("{} alias of {}: unknown", release.alias, release.function),
    }
}

fn alarms(out: &mut String, status: &Status) {
    if status.alarms.is_empty() && status.alarms_error.is_none() {
        return;
    }
    let prefix = status
        .alarms
        .first()
        .map_or(String::new(), |a| a.name.trim_end_matches(&a.id).to_owned());
    line(out, &format!("ALARMS ({prefix}<id>)"));
    if let Some(error) = &status.alarms_error {
        line(out, &format!("  unreadable: {error}"));
        out.push('\n');
        return;
    }
    line(
        out,
        &format!(
            "  {:<ID$}{:<SEVERITY$}{:<STATE$}SINCE (UTC)",
            "ID", "SEVERITY", "STATE"
        ),
    );
    for alarm in &status.alarms {
        alarm_row(out, alarm);
    }
    out.push('\n');
}

fn alarm_row(out: &mut String, alarm: &AlarmRow) {
    let state = alarm.state.map_or("NOT DEPLOYED", |s| s.as_str());
    let since = alarm.since.map_or_else(|| "-".to_owned(), minute);
    let id = fit(&alarm.id, ID - 1);
    line(
        out,
        &format!(
            "  {id:<ID$}{:<SEVERITY$}{state:<STATE$}{since}",
            alarm.severity
        ),
    );
    if alarm
        .state
        .is_some_and(|s| s != crate::operate::cloud::AlarmState::Ok)
        && !alarm.reason.is_empty()
    {
        line(out, &format!("      {}", alarm.reason));
    }
}

fn signals(out: &mut String, status: &Status) {
    let signals = &status.signals;
    line(
        out,
        &format!(
            "LAST HOUR ({}–{} UTC)",
            clock_time(signals.start),
            clock_time(signals.end)
        ),
    );
    let rows: [Row; 6] = [
        ("requests", &signals.requests, count),
        ("error rate (5xx)", &signals.error_rate, percent),
        ("latency p50", &signals.latency_p50_ms, milliseconds),
        ("latency p99", &signals.latency_p99_ms, milliseconds),
        ("throttles", &signals.throttles, count),
        ("cold starts", &signals.cold_starts, count),
    ];
    for (name, reading, show) in rows {
        let value = match reading {
            Ok(Some(value)) => show(*value),
            Ok(None) => "no data".to_owned(),
            Err(error) => format!("unreadable: {error}"),
        };
        line(out, &format!("  {name:<18}{value}"));
    }
}

fn count(value: f64) -> String {
    format!("{value:.0}")
}

fn percent(value: f64) -> String {
    format!("{:.2} %", value * 100.0)
}

fn milliseconds(value: f64) -> String {
    format!("{value:.1} ms")
}

/// `2026-11-29 21:07` in UTC.
fn minute(time: Timestamp) -> String {
    time.to_zoned(TimeZone::UTC)
        .strftime("%Y-%m-%d %H:%M")
        .to_string()
}

fn clock_time(time: Timestamp) -> String {
    time.to_zoned(TimeZone::UTC).strftime("%H:%M").to_string()
}

/// Appends `text` cut to [`WIDTH`] columns (an ellipsis marks the cut).
fn line(out: &mut String, text: &str) {
    out.push_str(&fit(text, WIDTH));
    out.push('\n');
}

fn fit(text: &str, width: usize) -> String {
    let first = text.lines().next().unwrap_or_default();
    if first.chars().count() <= width && first.len() == text.len() {
        return first.to_owned();
    }
    let kept: String = first.chars().take(width.saturating_sub(1)).collect();
    format!("{kept}…")
}
