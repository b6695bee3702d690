//! jiff timestamps to and from the SDK's `DateTime`.

use anyhow::{Context, Result};
use aws_sdk_cloudwatch::primitives::DateTime;
use jiff::Timestamp;

pub fn to_sdk(timestamp: Timestamp) -> DateTime {
    DateTime::from_secs_and_nanos(
        timestamp.as_second(),
        timestamp.subsec_nanosecond().unsigned_abs(),
    )
}

pub fn from_sdk(time: &DateTime) -> Result<Timestamp> {
    let nanos = i32::try_from(time.subsec_nanos()).context("nanoseconds fit in i32")?;
    Timestamp::new(time.secs(), nanos).with_context(|| format!("timestamp {time} is out of range"))
}
