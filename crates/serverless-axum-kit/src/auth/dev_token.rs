//! The binary's `dev-token` command: prints a token signed by the dev issuer ([`super::dev`]), for calling the
//! service on a laptop. It refuses when a real issuer is configured.

use std::{process::ExitCode, time::Duration};

use super::settings::{AuthSettings, Issuer};

const USAGE: &str = "\
Prints a token signed by the dev issuer, for calling the service on this machine.

Usage: <binary> dev-token [--scope <name>]... [--subject <sub>] [--ttl-secs <n>]

  --scope <name>     a scope the token grants (repeat it, or give several separated by spaces)
  --subject <sub>    the token's subject (default: dev-user)
  --ttl-secs <n>     seconds until it expires (default: 3600)

Example: curl -H \"Authorization: Bearer $(cargo run -q -- dev-token --scope files:read)\" http://127.0.0.1:3000/v1/files
Only the dev issuer signs these: with AUTH_ISSUER set (a real issuer) the command refuses.";

/// The `dev-token` command: prints a dev token on stdout. `args` are the command's own arguments.
pub fn dev_token_command(auth: &AuthSettings, args: &[String]) -> ExitCode {
    let Issuer::Dev(key) = &auth.issuer else {
        eprintln!(
            "dev-token: AUTH_ISSUER is set ({}): get a token from that issuer instead",
            auth.issuer_id()
        );
        return ExitCode::FAILURE;
    };
    let options = match DevTokenOptions::parse(args) {
        Ok(Some(options)) => options,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(error) => {
            eprintln!("dev-token: {error}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let scopes: Vec<String> = options
        .scopes
        .iter()
        .map(|s| format!("{}{s}", auth.scope_prefix))
        .collect();
    let audience = auth
        .audiences
        .first()
        .map(String::as_str)
        .unwrap_or_default();
    match key.mint(&options.subject, audience, &scopes, options.ttl) {
        Ok(token) => {
            println!("{token}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("dev-token: {error}");
            ExitCode::FAILURE
        }
    }
}

/// The command's arguments. Parsed by hand: three flags do not justify a command-line parser in every service
/// binary (its size is what Lambda loads at a cold start).
#[derive(Debug, PartialEq, Eq)]
struct DevTokenOptions {
    scopes: Vec<String>,
    subject: String,
    ttl: Duration,
}

impl DevTokenOptions {
    /// `Ok(None)`: help was asked for.
    fn parse(args: &[String]) -> Result<Option<Self>, String> {
        let mut options = Self {
            scopes: Vec::new(),
            subject: "dev-user".to_owned(),
            ttl: Duration::from_secs(3600),
        };
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            let (flag, inline) = match arg.split_once('=') {
                Some((flag, value)) => (flag, Some(value.to_owned())),
                None => (arg.as_str(), None),
            };
            if matches!(flag, "-h" | "--help") {
                return Ok(None);
            }
            let mut value = || {
                inline
                    .clone()
                    .or_else(|| args.next().cloned())
                    .ok_or(format!("{flag} needs a value"))
            };
            match flag {
                "--scope" => options
                    .scopes
                    .extend(value()?.split_whitespace().map(str::to_owned)),
                "--subject" => options.subject = value()?,
                "--ttl-secs" => {
                    let secs: u64 = value()?.parse().map_err(|e| format!("--ttl-secs: {e}"))?;
                    options.ttl = Duration::from_secs(secs);
                }
                other => return Err(format!("unknown argument {other:?}")),
            }
        }
        Ok(Some(options))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn scopes_repeat_or_come_space_separated() {
        let options = DevTokenOptions::parse(&args(&[
            "--scope",
            "files:read files:write",
            "--scope=admin",
            "--ttl-secs",
            "60",
        ]))
        .expect("valid")
        .expect("not help");
        assert_eq!(options.scopes, ["files:read", "files:write", "admin"]);
        assert_eq!(options.ttl, Duration::from_secs(60));
        assert_eq!(options.subject, "dev-user");
    }

    #[test]
    fn bad_arguments_are_named() {
        let error = DevTokenOptions::parse(&args(&["--scopes", "x"])).expect_err("unknown flag");
        assert!(error.contains("--scopes"), "{error}");
        assert!(DevTokenOptions::parse(&args(&["--scope"])).is_err());
        assert_eq!(DevTokenOptions::parse(&args(&["--help"])), Ok(None));
    }
}
