//! Lambda mode: real API Gateway, ALB and Function URL event JSON parsed by `lambda_http` and answered by the
//! router; and the built binary driven end to end through a Runtime API emulator on 127.0.0.1.

mod events;
mod runtime_api;
