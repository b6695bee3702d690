//! Log lines. On Lambda and wherever stdout is not a terminal: one JSON object per line with a fixed set of
//! fields (docs/conventions.md, "Logs") followed by the fields of the event and of every span it happened in,
//! flat. On a terminal: `tracing-subscriber`'s readable, coloured lines.
//!
//! The JSON is written by [`JsonLayer`], not by `tracing-subscriber`'s JSON formatter, because that one nests
//! span fields under `spans`/`span` while Logs Insights queries want `request_id` and `trace_id` at the top.

use std::{
    cell::RefCell,
    fmt::{self, Write as _},
    io::Write as _,
    time::{SystemTime, UNIX_EPOCH},
};

use tracing::{
    field::{Field, Visit},
    span::{Attributes, Id, Record},
    Event, Subscriber,
};
use tracing_subscriber::{
    filter::{FilterExt, LevelFilter, Targets},
    fmt::MakeWriter,
    layer::Context,
    prelude::*,
    registry::LookupSpan,
    Layer, Registry,
};

pub use super::config::LogFormat;
use super::{config::TelemetryConfig, otel};

/// Fields every JSON line starts with; an event or span field of the same name is left out.
pub const FIXED_FIELDS: [&str; 10] = [
    "timestamp",
    "level",
    "message",
    "target",
    "service",
    "version",
    "environment",
    "request_id",
    "trace_id",
    "span_id",
];

/// Installs the global subscriber: the log format's layer and, when traces are exported, the OpenTelemetry
/// layer, each with its own filter: the directives, capped at the ceiling. A second call (tests) keeps the
/// first subscriber.
pub fn install(config: &TelemetryConfig, otel: Option<Box<dyn Layer<Registry> + Send + Sync>>) {
    let filter = || {
        (config.log_filter.parse::<Targets>())
            .unwrap_or_else(|_| Targets::new().with_default(LevelFilter::INFO))
            .and(config.log_ceiling)
    };
    let mut layers: Vec<Box<dyn Layer<Registry> + Send + Sync>> = Vec::with_capacity(2);
    if let Some(otel) = otel {
        layers.push(otel.with_filter(otel::span_filter(filter())).boxed());
    }
    layers.push(match config.log_format {
        LogFormat::Json => JsonLayer::new(config, std::io::stdout)
            .with_filter(filter())
            .boxed(),
        LogFormat::Text { colour } => tracing_subscriber::fmt::layer()
            .with_ansi(colour)
            .with_filter(filter())
            .boxed(),
    });
    if tracing_subscriber::registry()
        .with(layers)
        .try_init()
        .is_ok()
    {
        otel::remember_dispatch();
    }
}

/// Writes each event as one flat JSON line to `W`.
pub struct JsonLayer<W> {
    /// `,"service":…,"version":…,"environment":…`, serialised once.
    fixed: String,
    make_writer: W,
}

impl<W> JsonLayer<W> {
    pub fn new(config: &TelemetryConfig, make_writer: W) -> Self {
        let mut fixed = String::new();
        for (key, value) in [
            ("service", config.service),
            ("version", config.version),
            ("environment", config.environment.as_str()),
        ] {
            push_key(&mut fixed, key);
            push_str(&mut fixed, value);
        }
        Self { fixed, make_writer }
    }
}

/// A span's fields, already serialised as JSON values.
#[derive(Debug, Default)]
struct SpanFields(Vec<(&'static str, String)>);

impl SpanFields {
    fn set(&mut self, key: &'static str, json: String) {
        match self.0.iter_mut().find(|(existing, _)| *existing == key) {
            Some(entry) => entry.1 = json,
            None => self.0.push((key, json)),
        }
    }
}

impl<S, W> Layer<S> for JsonLayer<W>
where
    S: Subscriber + for<'span> LookupSpan<'span>,
    W: for<'writer> MakeWriter<'writer> + 'static,
{
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        let Some(span) = ctx.span(id) else { return };
        let mut fields = SpanFields::default();
        let mut scratch = String::new();
        attrs.record(&mut JsonFields::new(&mut scratch, |key, json: &str| {
            fields.set(key, json.to_owned());
        }));
        span.extensions_mut().insert(fields);
    }

    fn on_record(&self, id: &Id, values: &Record<'_>, ctx: Context<'_, S>) {
        let Some(span) = ctx.span(id) else { return };
        let mut extensions = span.extensions_mut();
        if let Some(fields) = extensions.get_mut::<SpanFields>() {
            let mut scratch = String::new();
            values.record(&mut JsonFields::new(&mut scratch, |key, json: &str| {
                fields.set(key, json.to_owned());
            }));
        }
    }

    fn on_event(&self, event: &Event<'_>, ctx: Context<'_, S>) {
        BUFFERS.with(|buffers| {
            // Re-entered only if writing a line logged something; that inner event is dropped.
            let Ok(mut buffers) = buffers.try_borrow_mut() else {
                return;
            };
            let (line, scratch) = &mut *buffers;
            line.clear();
            self.format(event, &ctx, line, scratch);
            let mut writer = self.make_writer.make_writer_for(event.metadata());
            // A log line that cannot be written has nowhere else to go.
            let _ = writer.write_all(line.as_bytes());
        });
    }
}

thread_local! {
    /// The line being written and a scratch buffer for one value: reused, so a line costs no allocation.
    static BUFFERS: RefCell<(String, String)> =
        RefCell::new((String::with_capacity(512), String::with_capacity(128)));
}

impl<W> JsonLayer<W> {
    /// Writes `event` as one JSON line into `line`: fixed fields, the event's fields, then the fields of its
    /// spans from the innermost out; the first value of a name wins.
    fn format<S>(
        &self,
        event: &Event<'_>,
        ctx: &Context<'_, S>,
        line: &mut String,
        scratch: &mut String,
    ) where
        S: Subscriber + for<'span> LookupSpan<'span>,
    {
        let metadata = event.metadata();
        line.push_str("{\"timestamp\":\"");
        push_rfc3339(line, SystemTime::now());
        line.push_str("\",\"level\":\"");
        line.push_str(metadata.level().as_str());
        line.push('"');
        push_key(line, "target");
        push_str(line, metadata.target());
        line.push_str(&self.fixed);

        let mut written = Written::default();
        let mut has_message = false;
        event.record(&mut JsonFields::new(scratch, |key, json: &str| {
            if key == "message" {
                has_message = true;
            } else if !written.insert(key) {
                return;
            }
            push_key(line, key);
            line.push_str(json);
        }));
        if !has_message {
            line.push_str(",\"message\":\"\"");
        }
        if let Some(scope) = ctx.event_scope(event) {
            let mut span_id = None;
            for span in scope {
                if span_id.is_none() {
                    span_id = otel::span_id(&span.id());
                }
                let extensions = span.extensions();
                if let Some(fields) = extensions.get::<SpanFields>() {
                    for (key, json) in &fields.0 {
                        if written.insert(key) {
                            push_key(line, key);
                            line.push_str(json);
                        }
                    }
                }
            }
            if let Some(span_id) = span_id {
                if written.insert("span_id") {
                    let _ = write!(line, ",\"span_id\":\"{span_id:016x}\"");
                }
            }
        }
        line.push_str("}\n");
    }
}

/// The field names already in a line (the first 32; later duplicates are rare enough to let through).
#[derive(Default)]
struct Written {
    keys: [&'static str; 32],
    len: usize,
}

impl Written {
    /// Whether `key` may be written: not a fixed field, not `otel.*`, not written before. Notes it.
    fn insert(&mut self, key: &'static str) -> bool {
        if FIXED_FIELDS[..7].contains(&key) || key.starts_with("otel.") {
            return false;
        }
        if self.keys[..self.len].contains(&key) {
            return false;
        }
        if let Some(slot) = self.keys.get_mut(self.len) {
            *slot = key;
            self.len += 1;
        }
        true
    }
}

/// A `tracing` visitor handing each field to `F` as `(name, JSON value)`, serialised into a reused buffer.
struct JsonFields<'s, F> {
    scratch: &'s mut String,
    sink: F,
}

impl<'s, F: FnMut(&'static str, &str)> JsonFields<'s, F> {
    fn new(scratch: &'s mut String, sink: F) -> Self {
        Self { scratch, sink }
    }

    fn emit(&mut self, field: &Field, write: impl FnOnce(&mut String)) {
        // `otel.*` fields are for spans only: not even formatted.
        if field.name().starts_with("otel.") {
            return;
        }
        self.scratch.clear();
        write(self.scratch);
        (self.sink)(field.name(), self.scratch);
    }
}

impl<F: FnMut(&'static str, &str)> Visit for JsonFields<'_, F> {
    fn record_f64(&mut self, field: &Field, value: f64) {
        self.emit(field, |json| {
            if value.is_finite() {
                let _ = write!(json, "{value}");
            } else {
                json.push_str("null");
            }
        });
    }

    fn record_i64(&mut self, field: &Field, value: i64) {
        self.emit(field, |json| {
            let _ = write!(json, "{value}");
        });
    }

    fn record_u64(&mut self, field: &Field, value: u64) {
        self.emit(field, |json| {
            let _ = write!(json, "{value}");
        });
    }

    fn record_bool(&mut self, field: &Field, value: bool) {
        self.emit(field, |json| {
            json.push_str(if value { "true" } else { "false" })
        });
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        self.emit(field, |json| push_str(json, value));
    }

    fn record_error(&mut self, field: &Field, value: &(dyn std::error::Error + 'static)) {
        self.record_debug(field, &format_args!("{value}"));
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.emit(field, |json| {
            json.push('"');
            let _ = write!(Escaped(json), "{value:?}");
            json.push('"');
        });
    }
}

/// Escapes what is written through it as the inside of a JSON string.
struct Escaped<'a>(&'a mut String);

impl fmt::Write for Escaped<'_> {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        push_escaped(self.0, text);
        Ok(())
    }
}

/// Appends `,"key":`.
fn push_key(line: &mut String, key: &str) {
    line.push(',');
    push_str(line, key);
    line.push(':');
}

/// Appends `value` as a JSON string.
fn push_str(line: &mut String, value: &str) {
    line.push('"');
    push_escaped(line, value);
    line.push('"');
}

/// Appends `value` escaped for the inside of a JSON string.
fn push_escaped(line: &mut String, value: &str) {
    if !value.bytes().any(|b| b < 0x20 || b == b'"' || b == b'\\') {
        line.push_str(value);
        return;
    }
    for c in value.chars() {
        match c {
            '"' => line.push_str("\\\""),
            '\\' => line.push_str("\\\\"),
            '\n' => line.push_str("\\n"),
            '\r' => line.push_str("\\r"),
            '\t' => line.push_str("\\t"),
            c if u32::from(c) < 0x20 => {
                let _ = write!(line, "\\u{:04x}", u32::from(c));
            }
            c => line.push(c),
        }
    }
}

/// Appends `time` as RFC 3339 UTC with milliseconds: `2026-11-27T05:31:55.123Z`.
fn push_rfc3339(line: &mut String, time: SystemTime) {
    let since_epoch = time.duration_since(UNIX_EPOCH).unwrap_or_default();
    let seconds = since_epoch.as_secs();
    let (year, month, day) = civil_from_days(seconds / 86_400);
    let second_of_day = seconds % 86_400;
    let _ = write!(
        line,
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        second_of_day / 3600,
        second_of_day / 60 % 60,
        second_of_day % 60,
        since_epoch.subsec_millis()
    );
}

/// The proleptic Gregorian date `days` after 1970-01-01 (Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let day_of_era = z % 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = year_of_era + era * 400 + u64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use std::{
        io,
        sync::{Arc, Mutex},
    };

    use super::*;
    use crate::{
        service::ServiceInfo,
        telemetry::config::{filter_directives, level_ceiling},
    };
    use tracing_subscriber::filter::LevelFilter;

    /// A `MakeWriter` into a shared buffer.
    #[derive(Clone, Default)]
    struct Buffer(Arc<Mutex<Vec<u8>>>);

    impl io::Write for Buffer {
        fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
            self.0.lock().expect("buffer").extend_from_slice(bytes);
            Ok(bytes.len())
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    impl<'a> MakeWriter<'a> for Buffer {
        type Writer = Self;

        fn make_writer(&'a self) -> Self::Writer {
            self.clone()
        }
    }

    fn lines_of(emit: impl FnOnce()) -> Vec<serde_json::Value> {
        let buffer = Buffer::default();
        let config =
            TelemetryConfig::from_lookup(ServiceInfo::new("orders-api", "1.2.3"), |name| {
                (name == "APP_ENVIRONMENT").then(|| "test".to_owned())
            });
        let subscriber =
            tracing_subscriber::registry().with(JsonLayer::new(&config, buffer.clone()));
        tracing::subscriber::with_default(subscriber, emit);
        let text = String::from_utf8(buffer.0.lock().expect("buffer").clone()).expect("UTF-8");
        text.lines()
            .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
            .collect()
    }

    #[test]
    fn lines_are_flat_json_with_the_fixed_fields_first() {
        let lines = lines_of(|| {
            let outer = tracing::info_span!(
                "request",
                request_id = "req-1",
                trace_id = tracing::field::Empty,
                route = "/v1/files/{path}",
                otel.kind = "server"
            );
            outer.record("trace_id", "1-65a1b2c3-0123456789abcdef01234567");
            let _outer = outer.enter();
            let inner = tracing::info_span!("step", route = "inner wins", attempt = 2_u64);
            let _inner = inner.enter();
            tracing::warn!(
                bytes = 5_u64,
                ok = true,
                ratio = 0.5,
                service = "not mine",
                "saw \"quotes\"\nand a newline"
            );
        });
        assert_eq!(lines.len(), 1);
        let line = &lines[0];
        assert_eq!(line["level"], "WARN");
        assert_eq!(line["message"], "saw \"quotes\"\nand a newline");
        assert_eq!(
            line["service"], "orders-api",
            "an event field cannot replace a fixed one"
        );
        assert_eq!(line["version"], "1.2.3");
        assert_eq!(line["environment"], "test");
        assert_eq!(line["target"], module_path!());
        assert_eq!(line["request_id"], "req-1");
        assert_eq!(line["trace_id"], "1-65a1b2c3-0123456789abcdef01234567");
        assert_eq!(
            line["route"], "inner wins",
            "the innermost span's value wins"
        );
        assert_eq!(line["attempt"], 2);
        assert_eq!(line["bytes"], 5);
        assert_eq!(line["ok"], true);
        assert_eq!(line["ratio"], 0.5);
        assert!(
            line.get("otel.kind").is_none(),
            "otel.* fields are for spans only"
        );
        assert!(
            line.get("span").is_none() && line.get("fields").is_none(),
            "flat: {line}"
        );
        let timestamp = line["timestamp"].as_str().expect("a timestamp");
        assert_eq!(
            timestamp.len(),
            "2026-11-27T05:31:55.123Z".len(),
            "{timestamp}"
        );
        assert!(
            timestamp.ends_with('Z') && timestamp.as_bytes()[10] == b'T',
            "{timestamp}"
        );
    }

    #[test]
    fn lines_outside_any_span_have_no_request_id() {
        let lines = lines_of(|| tracing::info!("starting"));
        assert_eq!(lines[0]["message"], "starting");
        assert!(lines[0].get("request_id").is_none());
    }

    #[test]
    fn dates_are_gregorian() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        assert_eq!(civil_from_days(20_784), (2026, 11, 27));
        let mut line = String::new();
        push_rfc3339(
            &mut line,
            UNIX_EPOCH + std::time::Duration::from_millis(1_795_751_515_123),
        );
        assert_eq!(line, "2026-11-27T03:51:55.123Z");
    }

    /// An environment lookup over fixed pairs.
    fn env(
        pairs: &'static [(&'static str, &'static str)],
    ) -> impl Fn(&str) -> Option<String> + Copy {
        move |name: &str| {
            pairs
                .iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| (*value).to_owned())
        }
    }

    #[test]
    fn the_format_follows_lambda_then_log_format_then_the_terminal() {
        assert_eq!(
            LogFormat::choose(env(&[]), true),
            LogFormat::Text { colour: true }
        );
        assert_eq!(LogFormat::choose(env(&[]), false), LogFormat::Json);
        assert_eq!(
            LogFormat::choose(env(&[("LOG_FORMAT", "json")]), true),
            LogFormat::Json
        );
        assert_eq!(
            LogFormat::choose(env(&[("LOG_FORMAT", "text")]), false),
            LogFormat::Text { colour: false }
        );
        assert_eq!(
            LogFormat::choose(
                env(&[("AWS_LAMBDA_LOG_FORMAT", "JSON"), ("LOG_FORMAT", "text")]),
                true
            ),
            LogFormat::Json
        );
        assert_eq!(
            LogFormat::choose(env(&[("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:9001")]), true),
            LogFormat::Json
        );
        assert_eq!(
            filter_directives(env(&[("RUST_LOG", "service=debug")]), true),
            "service=debug"
        );
        assert_eq!(filter_directives(env(&[("RUST_LOG", "")]), true), "info");
        // Span and field matching (EnvFilter's) is not understood: the default stands.
        assert_eq!(
            filter_directives(env(&[("RUST_LOG", "[request{method=GET}]=debug")]), true),
            "info"
        );
        assert_eq!(
            filter_directives(env(&[("RUST_LOG", "warn"), ("TELEMETRY", "off")]), false),
            "error"
        );
    }

    #[test]
    fn lambda_log_level_caps_rust_log_and_never_raises_it() {
        // A function whose application log level is TRACE still logs what RUST_LOG says, not TRACE.
        let lambda = env(&[("AWS_LAMBDA_LOG_LEVEL", "TRACE"), ("RUST_LOG", "info")]);
        assert_eq!(filter_directives(lambda, true), "info");
        assert_eq!(level_ceiling(lambda), LevelFilter::TRACE);
        let no_rust_log = env(&[("AWS_LAMBDA_LOG_LEVEL", "DEBUG")]);
        assert_eq!(filter_directives(no_rust_log, true), "info");
        // A quieter function log level caps the directives.
        assert_eq!(
            level_ceiling(env(&[("AWS_LAMBDA_LOG_LEVEL", "WARN")])),
            LevelFilter::WARN
        );
        assert_eq!(
            level_ceiling(env(&[("AWS_LAMBDA_LOG_LEVEL", "FATAL")])),
            LevelFilter::ERROR
        );
        assert_eq!(
            level_ceiling(env(&[("AWS_LAMBDA_LOG_LEVEL", "nonsense")])),
            LevelFilter::TRACE
        );
        assert_eq!(level_ceiling(env(&[])), LevelFilter::TRACE);
        assert_eq!(filter_directives(env(&[]), true), "info");
        assert_eq!(filter_directives(env(&[]), false), "error");
    }
}
