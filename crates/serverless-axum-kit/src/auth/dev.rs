//! The dev issuer: what lets `cargo run` work with no identity provider. Its ES256 key is made on first use and
//! kept in a local file ([`super::settings::DEV_KEY_FILE`], git-ignored), so the server and the binary's
//! `dev-token` command ([`super::dev_token`]), run separately, agree on it. [`super::AuthSettings`] refuses it when
//! deployed.

use std::{
    io::{self, Write},
    path::Path,
    time::{Duration, SystemTime, UNIX_EPOCH},
};

use aws_lc_rs::{
    digest,
    rand::SystemRandom,
    signature::{EcdsaKeyPair, KeyPair, ECDSA_P256_SHA256_FIXED_SIGNING},
};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header};
use serde_json::json;

/// The `iss` of dev tokens.
pub const DEV_ISSUER: &str = "urn:serverless-axum:dev-issuer";

/// The dev issuer's key pair.
#[derive(Clone)]
pub struct DevKey {
    pub(crate) kid: String,
    encoding: EncodingKey,
    pub(crate) decoding: DecodingKey,
}

impl std::fmt::Debug for DevKey {
    // The key itself never reaches a log line.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DevKey")
            .field("kid", &self.kid)
            .finish_non_exhaustive()
    }
}

impl DevKey {
    /// The key in `file` (PKCS#8 DER), made there first if the file does not exist.
    pub fn load_or_create(file: &Path) -> io::Result<Self> {
        let der = match std::fs::read(file) {
            Ok(der) => der,
            Err(error) if error.kind() == io::ErrorKind::NotFound => create(file)?,
            Err(error) => return Err(error),
        };
        Self::from_pkcs8(&der)
    }

    fn from_pkcs8(der: &[u8]) -> io::Result<Self> {
        let pair =
            EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, der).map_err(|e| {
                io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("not an ES256 PKCS#8 key: {e}"),
                )
            })?;
        let public = pair.public_key().as_ref();
        let kid = digest::digest(&digest::SHA256, public)
            .as_ref()
            .iter()
            .take(8)
            .map(|byte| format!("{byte:02x}"))
            .collect();
        Ok(Self {
            kid,
            encoding: EncodingKey::from_ec_der(der),
            decoding: DecodingKey::from_ec_der(public),
        })
    }

    /// A dev token for `subject` with `scopes` (names as the issuer writes them), audience `audience`, valid for `ttl`.
    pub fn mint(
        &self,
        subject: &str,
        audience: &str,
        scopes: &[String],
        ttl: Duration,
    ) -> io::Result<String> {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default()
            .as_secs();
        let claims = json!({
            "iss": DEV_ISSUER,
            "sub": subject,
            "aud": audience,
            "client_id": "dev-token",
            "scope": scopes.join(" "),
            "iat": now,
            "nbf": now,
            "exp": now + ttl.as_secs(),
        });
        let mut header = Header::new(Algorithm::ES256);
        header.kid = Some(self.kid.clone());
        jsonwebtoken::encode(&header, &claims, &self.encoding).map_err(io::Error::other)
    }
}

/// Makes a new key in `file`. Two processes racing to make it both end up with the first one written: the new key
/// goes to a temporary file that is hard-linked into place, which fails if the file exists.
fn create(file: &Path) -> io::Result<Vec<u8>> {
    let dir = file
        .parent()
        .filter(|dir| !dir.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let pkcs8 =
        EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &SystemRandom::new())
            .map_err(|e| io::Error::other(format!("cannot make a key: {e}")))?;
    let temporary = dir.join(format!(".dev-key-{}", uuid::Uuid::new_v4().simple()));
    {
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        options.open(&temporary)?.write_all(pkcs8.as_ref())?;
    }
    let linked = std::fs::hard_link(&temporary, file);
    std::fs::remove_file(&temporary)?;
    match linked {
        Ok(()) => Ok(pkcs8.as_ref().to_vec()),
        Err(error) if error.kind() == io::ErrorKind::AlreadyExists => std::fs::read(file),
        Err(error) => Err(error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_loads_of_one_file_share_the_key() {
        let dir = std::env::temp_dir().join(format!("dev-key-{}", uuid::Uuid::new_v4()));
        let file = dir.join("key.p8");
        let first = DevKey::load_or_create(&file).expect("made");
        let second = DevKey::load_or_create(&file).expect("read");
        assert_eq!(first.kid, second.kid);
        std::fs::remove_dir_all(dir).ok();
    }
}
