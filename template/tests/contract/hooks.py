"""Schemathesis hooks for the contract test (schemathesis.toml names this module).

Each works around a behaviour of Schemathesis 4.32.5 that would otherwise report the server wrong when it is not.
`python3 tests/contract/hooks.py` (run.sh runs it first) checks that the path-parameter one still needs working
around, so an upgrade of Schemathesis that fixes it says so instead of changing what the test sends.

YAML answers that are not YAML are reported as undecodable (a ValueError, which Schemathesis expects of a
deserializer) instead of raising PyYAML's own error, which Schemathesis 4.32.5 does not catch when it mines
answers for values, and which then stops a worker and skips operations silently. A file server meets this all
the time: it serves whatever bytes a client stored, under whatever content type the client gave.
"""

import schemathesis
import yaml
from schemathesis.transport.serialization import quote_all

YAML_MEDIA_TYPES = ("application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml", "text/vnd.yaml")


@schemathesis.deserializer(*YAML_MEDIA_TYPES)
def yaml_or_undecodable(_ctx, response):
    try:
        return yaml.safe_load(response.content.decode(response.encoding or "utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise ValueError(f"the body is not YAML: {error}") from error


@schemathesis.hook
def map_path_parameters(_ctx, path_parameters):
    """A generated path parameter reaches the server as exactly the text generated.

    Schemathesis percent-decodes a path parameter before it encodes it, so a valid path that contains the text
    `%03` is sent as the control character U+0003, which the server rightly refuses (a "valid data rejected" that
    is not). Escaping `%` first makes that decoding give back the text as generated. Values Schemathesis has
    already encoded (its own `str` subclasses) are left alone.
    """
    if not path_parameters:
        return path_parameters
    return {
        name: value.replace("%", "%25") if type(value) is str else value
        for name, value in path_parameters.items()
    }


if __name__ == "__main__":
    # The path `a%03b` must arrive as `a%03b`, not as `a`, U+0003, `b`.
    sent = quote_all(map_path_parameters(None, {"path": "a%03b"}))["path"]
    assert sent == "a%2503b", f"Schemathesis now sends the path `a%03b` as {sent!r}: revisit map_path_parameters"
    unescaped = quote_all({"path": "a%03b"})["path"]
    assert unescaped == "a%03b", (
        f"Schemathesis no longer decodes path parameters before encoding them ({unescaped!r}): "
        "map_path_parameters can go"
    )
