"""`validate`'s dry run over the files given: each destination with its server and activations.

A destination is paired with the server its `destinationDelivery` names among the files, else the
only server given, else `server.json` beside it; with each activation that names it (or lies beside
it), else with none. Each pairing is loaded as `render` and `run` load it and trial-rendered
(`dry_run`, plus further checks such as the token request's, passed in by the command).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

from sandbox.destinations.bundle import DestinationBundle, bundle_from_data
from sandbox.destinations.destination_config import DestinationConfig
from sandbox.destinations.dry_run import dry_run, first_of_each
from sandbox.destinations.pebble import PebbleEngine
from sandbox.destinations.problems import load_document, warning
from sandbox.destinations.server_config import DestinationServer
from sandbox.errors import InputError, Problem


class Document(Protocol):
    """A file given to `validate` (`documents.Loaded`)."""

    @property
    def path(self) -> Path: ...

    @property
    def data(self) -> Any: ...

    @property
    def kind(self) -> str | None: ...


NOT_TRIED = (
    "not trial-rendered: give its destination server file too (or put it beside this one as "
    "server.json), so validate can render sample calls as render, run and test-destination will"
)
BundleCheck = Callable[[DestinationBundle], list[Problem]]
"""A further dry-run check of a loaded destination (e.g. its token request, in `delivery`)."""


def trial_renders(
    loaded: Sequence[Document],
    configs: dict[Path, DestinationConfig],
    servers: dict[Path, DestinationServer],
    engine: PebbleEngine,
    extra_checks: Sequence[BundleCheck] = (),
) -> list[Problem]:
    """The dry run (`dry_run`) of each destination with its server, once per activation of it
    among the files (once without one when there is none). Files with errors are skipped:
    their errors are already reported."""
    data = {item.path: item.data for item in loaded}
    problems: list[Problem] = []
    for path, config in configs.items():
        server_path = _server_for(path, config, servers)
        if server_path is None:
            problems.append(warning(str(path), "destinationDelivery", NOT_TRIED))
            continue
        server_data = data.get(server_path) or quiet_load(server_path)
        activations: list[Document | None] = [
            i for i in loaded if i.kind == "activation" and _names(i, path, config)
        ]
        for activation in activations or [None]:
            problems += _trial(
                (data[path], server_data, activation.data if activation else None),
                (str(path), str(server_path), str(activation.path) if activation else ""),
                engine,
                extra_checks,
            )
    return first_of_each(problems)


def _trial(
    documents: tuple[Any, Any, Any],
    files: tuple[str, str, str],
    engine: PebbleEngine,
    extra_checks: Sequence[BundleCheck],
) -> list[Problem]:
    sources = (files[0], files[1], files[2] or "<activation>")
    try:
        bundle = bundle_from_data(*documents, sources=sources, engine=engine)
    except InputError:
        return []
    return dry_run(bundle, engine) + [p for check in extra_checks for p in check(bundle)]


def _server_for(
    path: Path, config: DestinationConfig, servers: dict[Path, DestinationServer]
) -> Path | None:
    wanted = {d.destination_server_id for d in config.destination_delivery}
    named = [p for p, s in servers.items() if s.instance_id in wanted]
    if named:
        return named[0]
    if len(servers) == 1:
        return next(iter(servers))
    beside = path.parent / "server.json"
    return beside if beside.is_file() else None


def _names(item: Document, path: Path, config: DestinationConfig) -> bool:
    """Whether the activation `item` is for the destination `config` (at `path`)."""
    reference = item.data.get("destination") if isinstance(item.data, dict) else None
    if reference in (config.name, config.instance_id, config.dest_config_id):
        return True
    return item.path.parent == path.parent and path.name == "destination.json"


def quiet_load(path: Path) -> Any:
    try:
        return load_document(path)
    except InputError:
        return None
