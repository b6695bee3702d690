"""Schemathesis hooks for the contract test (schemathesis.toml names this module).

One: YAML answers that are not YAML are reported as undecodable (a ValueError, which Schemathesis expects of a
deserializer) instead of raising PyYAML's own error, which Schemathesis 4.32.5 does not catch when it mines
answers for values, and which then stops a worker and skips operations silently. A file server meets this all
the time: it serves whatever bytes a client stored, under whatever content type the client gave.
"""

import schemathesis
import yaml

YAML_MEDIA_TYPES = ("application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml", "text/vnd.yaml")


@schemathesis.deserializer(*YAML_MEDIA_TYPES)
def yaml_or_undecodable(_ctx, response):
    try:
        return yaml.safe_load(response.content.decode(response.encoding or "utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise ValueError(f"the body is not YAML: {error}") from error
