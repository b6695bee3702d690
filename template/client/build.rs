//! Generates the client from the service's description on every change to it.

fn main() {
    serverless_axum_client_gen::build_script("../openapi.json");
}
