//! Who the service is: its name and version, as its own Cargo.toml says.

/// The service's name and version. The kit cannot read them from its own Cargo.toml (it would find its own),
/// so the service passes them in: [`crate::service_info!`] reads them from the service's manifest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServiceInfo {
    /// The package name: the `service` log field, the `Service` metric dimension and the `/health` body.
    pub name: &'static str,
    /// The package version: the `version` log field and the `/health` body.
    pub version: &'static str,
}

impl ServiceInfo {
    /// A service called `name` at `version`.
    ///
    /// ```
    /// let info = serverless_axum_kit::ServiceInfo::new("orders-api", "1.2.3");
    /// assert_eq!(info.name, "orders-api");
    /// ```
    pub const fn new(name: &'static str, version: &'static str) -> Self {
        Self { name, version }
    }
}

/// The [`ServiceInfo`] of the crate this macro is used in (its `CARGO_PKG_NAME` and `CARGO_PKG_VERSION`).
///
/// ```
/// let info = serverless_axum_kit::service_info!();
/// assert!(!info.name.is_empty());
/// ```
#[macro_export]
macro_rules! service_info {
    () => {
        $crate::ServiceInfo::new(env!("CARGO_PKG_NAME"), env!("CARGO_PKG_VERSION"))
    };
}
