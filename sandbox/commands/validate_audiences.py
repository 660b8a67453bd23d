"""`validate`'s checks of audience metadata templates, beside the destinations they belong to.

A template is checked on its own, and against every destination configuration given with it
(`segmentMappingConfig.audienceTemplateId` must be its `instanceId`). A configuration naming a
template that is not given is checked with `audience-template.json` beside it when there is one,
and otherwise gets a warning: its audiences' mapping IDs come from the partner.
"""

from __future__ import annotations

from collections.abc import Sequence

from sandbox.destinations.audience_templates import (
    audience_template_from_data,
    missing_template_message,
)
from sandbox.destinations.destination_config import DestinationConfig
from sandbox.destinations.documents import Loaded
from sandbox.destinations.pebble import PebbleEngine
from sandbox.destinations.problems import load_document, validate_model, warning
from sandbox.errors import InputError, Problem


def check_audience_templates(loaded: Sequence[Loaded], engine: PebbleEngine) -> list[Problem]:
    configs = [
        (item, config)
        for item in loaded
        if item.kind == "destination"
        and (config := validate_model(DestinationConfig, item.data, str(item.path))[0]) is not None
    ]
    templates = [item for item in loaded if item.kind == "audience_template"]
    beside, problems = _beside(loaded, configs, templates)
    templates += beside
    for item in templates:
        linked: list[DestinationConfig | None] = [
            c for _, c in configs if c.segment_mapping_config.audience_template_id
        ]
        for config in linked or [None]:
            try:
                _, warnings = audience_template_from_data(item.data, str(item.path), config, engine)
            except InputError as error:
                problems += error.problems
                continue
            problems += warnings
    ids = {str(t.data.get("instanceId")) for t in templates if isinstance(t.data, dict)}
    for item, config in configs:
        wanted = config.segment_mapping_config.audience_template_id
        if wanted is not None and wanted not in ids:
            location = "segmentMappingConfig.audienceTemplateId"
            problems.append(warning(str(item.path), location, missing_template_message(wanted)))
    return sorted(set(problems), key=lambda p: (p.file, p.location, p.message))


def _beside(
    loaded: Sequence[Loaded],
    configs: Sequence[tuple[Loaded, DestinationConfig]],
    given: Sequence[Loaded],
) -> tuple[list[Loaded], list[Problem]]:
    """`audience-template.json` beside a configuration that names a template none of the given
    files is (as `server.json` beside it is used for the pairing checks)."""
    given_ids = {t.data.get("instanceId") for t in given if isinstance(t.data, dict)}
    found: list[Loaded] = []
    problems: list[Problem] = []
    for item, config in configs:
        wanted = config.segment_mapping_config.audience_template_id
        path = item.path.parent / "audience-template.json"
        if wanted is None or wanted in given_ids or not path.is_file():
            continue
        if any(other.path.resolve() == path.resolve() for other in [*loaded, *found]):
            continue
        try:
            found.append(Loaded(path, load_document(path), "audience_template"))
        except InputError as error:
            problems += error.problems
    return found, problems
