"""Differential corpus: random profile-shaped strings (accents, ß, ligatures, emoji outside the
BMP, CR/LF, non-breaking and em spaces) through random chains of Pebble's string filters. The
expected bytes come from Pebble 3.2.4's filters restated on JDK 17's `String`
(tools/jvm_oracle/PF.java), written out as UTF-8 the way the JVM writes it (a lone surrogate
half as `?`); "ERR" means the JVM throws."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sandbox.destinations.pebble import PebbleEngine, TemplateError

ENGINE = PebbleEngine()
CORPUS = json.loads(
    (Path(__file__).parent / "data" / "pebble_string_filters_jdk17.json").read_text("utf-8")
)


@pytest.mark.parametrize("case", CORPUS, ids=[str(i) for i in range(len(CORPUS))])
def test_string_filter_chains_match_the_jvm(case: dict[str, Any]) -> None:
    try:
        text = ENGINE.compile(case["template"]).render({"v": case["value"]}).text
    except TemplateError:
        text = "ERR"
    assert text == case["java"]
