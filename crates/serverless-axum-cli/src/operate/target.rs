//! The arguments every operate command shares: which service (its folder) and which environment.

use std::path::PathBuf;

use anyhow::Result;

use super::service::ServiceEnv;

#[derive(Debug, Clone, clap::Args)]
pub struct Target {
    /// The environment: prod, or a pull request's preview (pr-<number>).
    #[arg(long, default_value = "prod")]
    pub env: String,
    /// The service's root folder (where infra/service.config.json is).
    #[arg(long, default_value = ".")]
    pub dir: PathBuf,
    /// The AWS region [default: the service's, from infra/service.config.json].
    #[arg(long)]
    pub region: Option<String>,
}

impl Target {
    pub fn load(&self) -> Result<ServiceEnv> {
        ServiceEnv::load(&self.dir, &self.env, self.region.as_deref())
    }
}

/// Runs an operate command's future on a runtime of its own (the other subcommands need none).
pub fn block_on<T>(future: impl std::future::Future<Output = T>) -> Result<T> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    Ok(runtime.block_on(future))
}
