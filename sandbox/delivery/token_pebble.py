"""The Pebble engine as renderer of `accessTokenRequest` templates, loaded only when one is used."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sandbox.delivery.tokens import TokenRefused
from sandbox.destinations.pebble import PebbleEngine, TemplateError


class PebbleRenderer:
    """The sandbox's Pebble engine (autoescaping on, §11.8), compiling each template once."""

    def __init__(self, autoescape: bool = True) -> None:
        self._engine = PebbleEngine(autoescape=autoescape)
        self._compiled: dict[tuple[str, str], Any] = {}

    def render(self, source: str, name: str, context: Mapping[str, Any]) -> str:
        try:
            template = self._compiled.get((name, source))
            if template is None:
                template = self._compiled[(name, source)] = self._engine.compile(source, name)
            return str(template.render(dict(context)).text)
        except TemplateError as error:
            raise TokenRefused(f"a token request template failed: {error}") from None
