//! Schema rules not tied to one place: `oneOf` alternatives, `const`, defaults, deprecation.

use serde_json::{json, Value};

use super::super::change::Kind;
use super::{change, contract, get_response, post_body};

const REQUEST: &str = "POST /items › request body application/json";
const RESPONSE: &str = "GET /items › response 200 application/json";

fn pets(names: &[&str]) -> Value {
    let alternatives: Vec<Value> = names
        .iter()
        .map(|name| json!({ "title": name, "type": "object" }))
        .collect();
    json!({ "oneOf": alternatives })
}

#[test]
fn a_one_of_alternative_added_breaks_responses_but_not_requests() {
    let (two, three) = (pets(&["Cat", "Dog"]), pets(&["Cat", "Dog", "Bird"]));
    assert_eq!(
        contract(&get_response(two.clone()), &get_response(three.clone())),
        vec![change(
            &format!("{RESPONSE} › variant Bird"),
            Kind::VariantAdded,
            true
        )]
    );
    assert_eq!(
        contract(&post_body(two.clone()), &post_body(three.clone())),
        vec![change(
            &format!("{REQUEST} › variant Bird"),
            Kind::VariantAdded,
            false
        )]
    );
    assert_eq!(
        contract(&post_body(three), &post_body(two)),
        vec![change(
            &format!("{REQUEST} › variant Bird"),
            Kind::VariantRemoved,
            true
        )]
    );
}

#[test]
fn a_const_changed_is_an_enum_change() {
    let before = post_body(json!({ "type": "string", "const": "v1" }));
    let after = post_body(json!({ "type": "string", "const": "v2" }));
    assert_eq!(
        contract(&before, &after),
        vec![
            change(REQUEST, Kind::EnumValuesRemoved, true),
            change(REQUEST, Kind::EnumValuesAdded, false)
        ]
    );
}

#[test]
fn an_enum_added_to_a_request_is_breaking() {
    let before = post_body(json!({ "type": "string" }));
    let after = post_body(json!({ "type": "string", "enum": ["a"] }));
    assert_eq!(
        contract(&before, &after),
        vec![change(REQUEST, Kind::EnumAdded, true)]
    );
    assert_eq!(
        contract(&after, &before),
        vec![change(REQUEST, Kind::EnumRemoved, false)]
    );
}

#[test]
fn a_default_changed_is_reported_as_compatible() {
    let before = post_body(json!({ "type": "integer", "default": 10 }));
    let after = post_body(json!({ "type": "integer", "default": 20 }));
    assert_eq!(
        contract(&before, &after),
        vec![change(REQUEST, Kind::DefaultChanged, false)]
    );
}

#[test]
fn a_type_made_wider_in_a_response_is_breaking() {
    let before = get_response(json!({ "type": "string" }));
    let after = get_response(json!({ "type": ["string", "integer"] }));
    assert_eq!(
        contract(&before, &after),
        vec![change(RESPONSE, Kind::TypeChanged, true)]
    );
    assert_eq!(
        contract(&after, &before),
        vec![change(RESPONSE, Kind::TypeChanged, false)]
    );
}
