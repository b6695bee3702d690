use serde_json::json;

use super::super::change::Kind;
use super::{change, contract, get_items, only_detail, query_limit};

const LIMIT: &str = "GET /items › query limit";

fn limit(required: bool, schema: serde_json::Value) -> serde_json::Value {
    json!({ "name": "limit", "in": "query", "required": required, "schema": schema })
}

#[test]
fn a_required_parameter_added_is_breaking() {
    let head = query_limit(limit(true, json!({ "type": "integer" })));
    assert_eq!(
        contract(&query_limit(json!(null)), &head),
        vec![change(LIMIT, Kind::ParameterAdded, true)]
    );
}

#[test]
fn an_optional_parameter_added_is_not_breaking() {
    let head = query_limit(limit(false, json!({ "type": "integer" })));
    assert_eq!(
        contract(&query_limit(json!(null)), &head),
        vec![change(LIMIT, Kind::ParameterAdded, false)]
    );
}

#[test]
fn a_parameter_removed_is_breaking_even_an_optional_one() {
    let base = query_limit(limit(false, json!({ "type": "integer" })));
    assert_eq!(
        contract(&base, &query_limit(json!(null))),
        vec![change(LIMIT, Kind::ParameterRemoved, true)]
    );
}

#[test]
fn a_parameter_made_required_is_breaking_and_made_optional_is_not() {
    let optional = query_limit(limit(false, json!({ "type": "integer" })));
    let required = query_limit(limit(true, json!({ "type": "integer" })));
    assert_eq!(
        contract(&optional, &required),
        vec![change(LIMIT, Kind::ParameterRequired, true)]
    );
    assert_eq!(
        contract(&required, &optional),
        vec![change(LIMIT, Kind::ParameterOptional, false)]
    );
}

#[test]
fn a_maximum_lowered_is_breaking_and_raised_is_not() {
    let wide = query_limit(limit(
        false,
        json!({ "type": "integer", "minimum": 1, "maximum": 1000 }),
    ));
    let narrow = query_limit(limit(
        false,
        json!({ "type": "integer", "minimum": 1, "maximum": 100 }),
    ));
    assert_eq!(
        contract(&wide, &narrow),
        vec![change(LIMIT, Kind::ConstraintChanged, true)]
    );
    assert_eq!(only_detail(&wide, &narrow), "maximum 1000 → 100");
    assert_eq!(
        contract(&narrow, &wide),
        vec![change(LIMIT, Kind::ConstraintChanged, false)]
    );
}

#[test]
fn a_new_minimum_or_min_length_is_breaking_and_a_removed_one_is_not() {
    let bare = query_limit(limit(false, json!({ "type": "string" })));
    let bounded = query_limit(limit(false, json!({ "type": "string", "minLength": 2 })));
    assert_eq!(
        contract(&bare, &bounded),
        vec![change(LIMIT, Kind::ConstraintChanged, true)]
    );
    assert_eq!(only_detail(&bare, &bounded), "minLength none → 2");
    assert_eq!(
        contract(&bounded, &bare),
        vec![change(LIMIT, Kind::ConstraintChanged, false)]
    );
}

#[test]
fn a_pattern_added_or_changed_is_breaking_and_removed_is_not() {
    let bare = query_limit(limit(false, json!({ "type": "string" })));
    let digits = query_limit(limit(
        false,
        json!({ "type": "string", "pattern": "^[0-9]+$" }),
    ));
    let short = query_limit(limit(
        false,
        json!({ "type": "string", "pattern": "^[0-9]{1,3}$" }),
    ));
    assert_eq!(
        contract(&bare, &digits),
        vec![change(LIMIT, Kind::PatternChanged, true)]
    );
    assert_eq!(
        contract(&digits, &short),
        vec![change(LIMIT, Kind::PatternChanged, true)]
    );
    assert_eq!(
        contract(&digits, &bare),
        vec![change(LIMIT, Kind::PatternChanged, false)]
    );
}

#[test]
fn a_type_changed_is_breaking_and_integer_to_number_is_not() {
    let integer = query_limit(limit(false, json!({ "type": "integer" })));
    let string = query_limit(limit(false, json!({ "type": "string" })));
    let number = query_limit(limit(false, json!({ "type": "number" })));
    assert_eq!(
        contract(&integer, &string),
        vec![change(LIMIT, Kind::TypeChanged, true)]
    );
    assert_eq!(only_detail(&integer, &string), "type integer → string");
    assert_eq!(
        contract(&integer, &number),
        vec![change(LIMIT, Kind::TypeChanged, false)]
    );
    assert_eq!(
        contract(&number, &integer),
        vec![change(LIMIT, Kind::TypeChanged, true)]
    );
}

#[test]
fn enum_values_removed_are_breaking_and_added_are_not() {
    let two = query_limit(limit(
        false,
        json!({ "type": "string", "enum": ["asc", "desc"] }),
    ));
    let one = query_limit(limit(false, json!({ "type": "string", "enum": ["asc"] })));
    assert_eq!(
        contract(&two, &one),
        vec![change(LIMIT, Kind::EnumValuesRemoved, true)]
    );
    assert_eq!(only_detail(&two, &one), "enum values removed: \"desc\"");
    assert_eq!(
        contract(&one, &two),
        vec![change(LIMIT, Kind::EnumValuesAdded, false)]
    );
}

#[test]
fn nullable_removed_is_breaking_and_added_is_not() {
    let nullable = query_limit(limit(false, json!({ "type": ["string", "null"] })));
    let plain = query_limit(limit(false, json!({ "type": "string" })));
    assert_eq!(
        contract(&nullable, &plain),
        vec![change(LIMIT, Kind::NullableRemoved, true)]
    );
    assert_eq!(
        contract(&plain, &nullable),
        vec![change(LIMIT, Kind::NullableAdded, false)]
    );
}

#[test]
fn a_format_narrowed_is_breaking_and_widened_is_not() {
    let int64 = query_limit(limit(
        false,
        json!({ "type": "integer", "format": "int64" }),
    ));
    let int32 = query_limit(limit(
        false,
        json!({ "type": "integer", "format": "int32" }),
    ));
    assert_eq!(
        contract(&int64, &int32),
        vec![change(LIMIT, Kind::FormatChanged, true)]
    );
    assert_eq!(
        contract(&int32, &int64),
        vec![change(LIMIT, Kind::FormatChanged, false)]
    );
}

#[test]
fn header_parameters_match_in_any_case() {
    let header = |name: &str| {
        get_items(json!({
            "parameters": [{ "name": name, "in": "header", "schema": { "type": "string" } }],
            "responses": { "200": { "description": "ok" } }
        }))
    };
    assert_eq!(
        contract(&header("If-None-Match"), &header("if-none-match")),
        vec![]
    );
}

#[test]
fn path_item_parameters_apply_to_its_operations() {
    let shared = |maximum: u32| {
        super::document(
            json!({ "/items": {
                "parameters": [{ "name": "limit", "in": "query", "schema": { "type": "integer", "maximum": maximum } }],
                "get": { "responses": { "200": { "description": "ok" } } }
            } }),
            json!({}),
        )
    };
    assert_eq!(
        contract(&shared(10), &shared(5)),
        vec![change(LIMIT, Kind::ConstraintChanged, true)]
    );
}

#[test]
fn a_serialization_style_changed_is_breaking() {
    let styled = |style: &str| {
        query_limit(
            json!({ "name": "limit", "in": "query", "style": style, "schema": { "type": "array" } }),
        )
    };
    assert_eq!(
        contract(&styled("form"), &styled("pipeDelimited")),
        vec![change(LIMIT, Kind::ParameterStyleChanged, true)]
    );
}
