//! The district's object store as the station speaks to it: an S3 bucket with versioning and
//! Object Lock (SeaweedFS, Ceph RGW, MinIO or a cloud), reached with a static key pair. This
//! crate knows S3 and nothing of the station; the station's core decides what goes where.
//!
//! The AWS SDK is asynchronous; the station is not. Each [`Store`] owns a current-thread
//! runtime and blocks on one request at a time, which is all a station's background queue
//! or a `district` command needs.

use std::time::Duration;

use aws_sdk_s3::config::retry::RetryConfig;
use aws_sdk_s3::config::timeout::TimeoutConfig;
use aws_sdk_s3::config::{
    BehaviorVersion, Credentials, Region, RequestChecksumCalculation, ResponseChecksumValidation,
};
use aws_sdk_s3::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_s3::types::{BucketVersioningStatus, ObjectLockEnabled};
use aws_smithy_http_client::{tls, Builder};

mod objects;
pub use objects::{decoded, sha256_checksum, Put, Stored, Version, MULTIPART_ABOVE};

/// Where the district's store is and the key pair this branch was given.
#[derive(Clone)]
pub struct Endpoint {
    /// `https://oss.district.example:9000`, or `http://127.0.0.1:8333` for a test store.
    pub url: String,
    pub bucket: String,
    pub access_key: String,
    pub secret_key: String,
}

/// What went wrong talking to the store, in the terms a person can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreError {
    /// The address is malformed (not `http://` or `https://`).
    BadAddress(String),
    /// Nothing answered: no network, a wrong address or port, the store down.
    Unreachable(String),
    /// The store answered but refused the key pair (or its signature).
    Denied(String),
    /// No bucket of that name.
    NoSuchBucket,
    /// Anything else the store said, with its code.
    Refused { code: String, message: String },
    /// The station's own file could not be read.
    Unreadable(String),
    /// The station's own file no longer hashes to its record: it is not sent.
    NotAsRecorded {
        path: String,
        expected: String,
        found: String,
    },
    /// The store took the bytes but does not show the checksum they were sent with.
    Unconfirmed { key: String, why: String },
    /// Told to stop (the station is closing) between parts: the upload is left to be aborted
    /// by the next put of the same key.
    Stopped,
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoreError::BadAddress(a) => write!(f, "not an http(s) address: {a}"),
            StoreError::Unreachable(why) => write!(f, "the store does not answer: {why}"),
            StoreError::Denied(code) => write!(f, "the store refused the key pair ({code})"),
            StoreError::NoSuchBucket => write!(f, "no such bucket"),
            StoreError::Refused { code, message } => write!(f, "{code}: {message}"),
            StoreError::Unreadable(why) => write!(f, "cannot read {why}"),
            StoreError::NotAsRecorded {
                path,
                expected,
                found,
            } => write!(f, "{path} hashes to {found}, recorded as {expected}"),
            StoreError::Unconfirmed { key, why } => write!(f, "{key} is not confirmed: {why}"),
            StoreError::Stopped => write!(f, "stopped before the upload was complete"),
        }
    }
}

impl std::error::Error for StoreError {}

/// What the bucket is set up to promise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BucketCheck {
    /// Every write keeps the versions before it.
    pub versioning: bool,
    /// Objects can be locked (COMPLIANCE retention, legal holds).
    pub object_lock: bool,
}

/// One district store, reached through one bucket.
pub struct Store {
    client: aws_sdk_s3::Client,
    /// Taken only when the store is dropped.
    runtime: Option<tokio::runtime::Runtime>,
    bucket: String,
}

impl Drop for Store {
    /// Without waiting: a runtime may not be shut down by blocking inside another one.
    fn drop(&mut self) {
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

impl Store {
    /// A client for `endpoint`; nothing is sent until the first request.
    pub fn connect(endpoint: &Endpoint) -> Result<Store, StoreError> {
        let url = endpoint.url.trim().trim_end_matches('/');
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            return Err(StoreError::BadAddress(url.to_string()));
        }
        let http = Builder::new()
            .tls_provider(tls::Provider::Rustls(
                tls::rustls_provider::CryptoMode::Ring,
            ))
            .build_https();
        let timeouts = TimeoutConfig::builder()
            .connect_timeout(Duration::from_secs(10))
            .read_timeout(Duration::from_secs(60))
            .build();
        // Checksums are the station's own (SHA-256, sent and compared by it); the SDK's default
        // CRC32 on every request is refused by several S3-compatible stores.
        let config = aws_sdk_s3::Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .http_client(http)
            .endpoint_url(url)
            .force_path_style(true)
            .region(Region::new("us-east-1"))
            .credentials_provider(Credentials::new(
                &endpoint.access_key,
                &endpoint.secret_key,
                None,
                None,
                "station",
            ))
            .request_checksum_calculation(RequestChecksumCalculation::WhenRequired)
            .response_checksum_validation(ResponseChecksumValidation::WhenRequired)
            .timeout_config(timeouts)
            .retry_config(RetryConfig::standard().with_max_attempts(2))
            .build();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| StoreError::Unreachable(e.to_string()))?;
        Ok(Store {
            client: aws_sdk_s3::Client::from_conf(config),
            runtime: Some(runtime),
            bucket: endpoint.bucket.clone(),
        })
    }

    /// Make the bucket (the district's administrator's work, and the tests'): with Object Lock
    /// it keeps versions too, as S3 requires.
    pub fn create_bucket(&self, object_lock: bool) -> Result<(), StoreError> {
        let made = self.client.create_bucket().bucket(&self.bucket);
        let made = if object_lock {
            made.object_lock_enabled_for_bucket(true)
        } else {
            made
        };
        self.run(made.send()).map_err(said)?;
        Ok(())
    }

    /// Reach the bucket and read what it promises: versioning and Object Lock.
    pub fn check_bucket(&self) -> Result<BucketCheck, StoreError> {
        let c = &self.client;
        let b = &self.bucket;
        self.run(c.head_bucket().bucket(b).send()).map_err(said)?;
        let versioning = self
            .run(c.get_bucket_versioning().bucket(b).send())
            .map_err(said)?;
        let lock = self.run(c.get_object_lock_configuration().bucket(b).send());
        let object_lock = match lock {
            Ok(out) => out
                .object_lock_configuration()
                .and_then(|l| l.object_lock_enabled())
                .is_some_and(|e| *e == ObjectLockEnabled::Enabled),
            // A bucket made without Object Lock says so with an error.
            Err(e) if is_no_lock(&e) => false,
            Err(e) => return Err(said(e)),
        };
        Ok(BucketCheck {
            versioning: versioning.status() == Some(&BucketVersioningStatus::Enabled),
            object_lock,
        })
    }
}

impl Store {
    /// Block on one request. Called from a thread that already drives an async runtime (a
    /// command of the window's, a `#[tokio::test]`), the request runs on a thread of its own:
    /// a runtime cannot be blocked on from inside another.
    fn run<F>(&self, request: F) -> F::Output
    where
        F: std::future::Future + Send,
        F::Output: Send,
    {
        let Some(runtime) = self.runtime.as_ref() else {
            unreachable!("the runtime is taken only by drop");
        };
        if tokio::runtime::Handle::try_current().is_err() {
            return runtime.block_on(request);
        }
        std::thread::scope(|s| {
            s.spawn(|| runtime.block_on(request))
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        })
    }
}

fn is_no_lock<E: ProvideErrorMetadata, R>(e: &SdkError<E, R>) -> bool {
    e.as_service_error()
        .and_then(|s| s.code())
        .is_some_and(|c| c.contains("ObjectLockConfigurationNotFound"))
}

/// An SDK error in the terms of [`StoreError`]. A HEAD answer has no body, so its status
/// alone tells a missing bucket from a refused key.
fn said<E, R>(e: SdkError<E, R>) -> StoreError
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug + HasStatus,
{
    let status = e.raw_response().map(|r| r.status_code());
    let code = e
        .as_service_error()
        .and_then(|s| s.code())
        .map(str::to_string);
    match (&e, status, code.as_deref()) {
        (SdkError::DispatchFailure(_) | SdkError::TimeoutError(_), _, _) => {
            StoreError::Unreachable(source_chain(&e))
        }
        // A HEAD answer has no body: the SDK names its 404 "NotFound". (A missing object's
        // HEAD is taken apart before this; a missing key elsewhere says NoSuchKey.)
        (_, _, Some("NoSuchBucket")) | (_, Some(404), None | Some("NotFound")) => {
            StoreError::NoSuchBucket
        }
        (_, _, Some(c @ ("AccessDenied" | "InvalidAccessKeyId" | "SignatureDoesNotMatch"))) => {
            StoreError::Denied(c.to_string())
        }
        (_, Some(403), None) => StoreError::Denied("403".into()),
        _ => StoreError::Refused {
            code: code.unwrap_or_else(|| status.map_or("?".into(), |s| s.to_string())),
            message: e
                .as_service_error()
                .and_then(|s| s.message())
                .map_or_else(|| source_chain(&e), str::to_string),
        },
    }
}

/// The HTTP status of a raw response, whatever the SDK's response type.
trait HasStatus {
    fn status_code(&self) -> u16;
}

impl HasStatus for aws_sdk_s3::config::http::HttpResponse {
    fn status_code(&self) -> u16 {
        self.status().as_u16()
    }
}

/// The error and its causes on one line: the SDK's own text is "dispatch failure".
fn source_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        text.push_str(": ");
        text.push_str(&c.to_string());
        cause = c.source();
    }
    text
}
