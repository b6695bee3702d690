//! What the binary does besides serving: `<binary> <command>`. With no command it serves (see `main.rs`).

use std::process::ExitCode;

use serverless_axum_kit::Settings;

use crate::config::Config;

const USAGE: &str = "\
Usage: <binary> [command]

With no command, serves the API: on Lambda through the Runtime API, elsewhere on HOST:PORT.

Commands:
{%- if auth == "jwt" %}
  dev-token   print a token from the dev issuer, to call this service on a laptop (dev-token --help)
{%- endif %}
  healthcheck exit 0 when this host's server answers GET /health with 200 (a container's HEALTHCHECK)
  help        print this help";

/// Runs the command `args` name (the process's arguments without the binary), or `None`: serve.
pub fn run(args: &[String], settings: &Settings, config: &Config) -> Option<ExitCode> {
{%- if auth == "none" %}
    let _ = config;
{%- endif %}
    let (command, rest) = args.split_first()?;
{%- if auth == "none" %}
    let _ = rest;
{%- endif %}
    Some(match command.as_str() {
{%- if auth == "jwt" %}
        "dev-token" => serverless_axum_kit::auth::dev_token_command(&config.auth, rest),
{%- endif %}
        "healthcheck" => serverless_axum_kit::runtime::healthcheck::healthcheck(settings),
        "help" | "--help" | "-h" => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        other => {
            eprintln!("unknown command {other:?}\n\n{USAGE}");
            ExitCode::from(2)
        }
    })
}
