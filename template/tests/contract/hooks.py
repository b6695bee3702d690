"""Schemathesis hooks for the contract test (schemathesis.toml names this module).

Each works around a behaviour of Schemathesis 4.32.5 that would otherwise report the server wrong when it is not;
`python3 tests/contract/hooks.py` (run.sh runs it first) checks the hooks themselves.

- YAML answers that are not YAML are reported as undecodable (a ValueError, which Schemathesis expects of a
  deserializer) instead of raising PyYAML's own error, which Schemathesis does not catch when it mines answers for
  values, and which then stops a worker and skips operations silently. A file server meets this all the time: it
  serves whatever bytes a client stored, under whatever content type the client gave.
- A "valid data rejected" verdict (ST202) is dropped when a path parameter, as the server reads it, breaks the
  description. Schemathesis percent-decodes a path parameter before it encodes it for the URL, so a value that holds
  the text `%20` or `%03` (generated, or taken from an earlier answer, like a stored file's path) is sent as a space
  or a control character, while Schemathesis still calls the request valid. Every other ST202 stays a failure.
"""

import json
from functools import cache, partial
from pathlib import Path
from urllib.parse import unquote

import jsonschema_rs
import schemathesis
import yaml

YAML_MEDIA_TYPES = ("application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml", "text/vnd.yaml")

# The description under test (run.sh runs the test from the service's root).
DESCRIPTION_FILE = Path("openapi.json")


@schemathesis.deserializer(*YAML_MEDIA_TYPES)
def yaml_or_undecodable(_ctx, response):
    try:
        return yaml.safe_load(response.content.decode(response.encoding or "utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise ValueError(f"the body is not YAML: {error}") from error


def path_parameter_validator(description, path, method, name):
    """A validator of the schema the description gives path parameter `name` of `method path`, or None."""
    item = description.get("paths", {}).get(path, {})
    parameters = item.get("parameters", []) + item.get(method, {}).get("parameters", [])
    schema = next((p.get("schema") for p in parameters if p.get("in") == "path" and p.get("name") == name), None)
    if schema is None:
        return None
    # The schema is checked inside the description's components, so its `$ref`s resolve.
    return jsonschema_rs.validator_for({**schema, "components": description.get("components", {})})


def sent_path_breaks_description(validator_of, path_parameters):
    """Whether a path parameter, as the server reads it (the URL's text decoded once), breaks its schema.

    `validator_of(name)` is the validator of parameter `name`'s schema, or None when the description gives none.
    """
    for name, value in (path_parameters or {}).items():
        validator = validator_of(name)
        if validator is not None and not validator.is_valid(unquote(str(value))):
            return True
    return False


@cache
def _description_under_test():
    return json.loads(DESCRIPTION_FILE.read_text(encoding="utf-8"))


@cache
def _validator_under_test(path, method, name):
    """`path_parameter_validator` on the description under test, built once per parameter."""
    return path_parameter_validator(_description_under_test(), path, method, name)


@schemathesis.hook
def filter_failure(_ctx, failure, case, _response):
    if getattr(failure, "code", None) != "ST202":
        return True
    validator_of = partial(_validator_under_test, case.operation.path, case.method.lower())
    return not sent_path_breaks_description(validator_of, case.path_parameters)


if __name__ == "__main__":
    # The check above on a description of its own: a path parameter of visible characters only.
    parameter = {"name": "path", "in": "path", "schema": {"$ref": "#/components/schemas/P"}}
    own = {
        "paths": {"/files/{path}": {"get": {"parameters": [parameter]}}},
        "components": {"schemas": {"P": {"type": "string", "pattern": "^[^\\u0000-\\u0020]+$"}}},
    }

    def breaks(value):
        validator_of = partial(path_parameter_validator, own, "/files/{path}", "get")
        return sent_path_breaks_description(validator_of, {"path": value})

    assert breaks("a%03b"), "a control character, as sent, breaks the description: the verdict is the tool's"
    assert breaks("%20"), "a space, as sent, breaks it too"
    assert not breaks("a%25b"), "the text `a%b`, sent encoded, is valid: a rejection of it stays a failure"
    assert not breaks("plain"), "a valid path's rejection stays a failure"
    print("hooks.py: ok")
