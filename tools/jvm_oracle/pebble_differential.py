"""Differential run: random templates (`pebble_corpus.py`) rendered by a real Pebble 3.2.4
(`PebbleOracle.java`, see README.md for the build) and by the sandbox's engine.

    python pebble_differential.py SEED COUNT CLASSPATH [OUT.json]

Prints the agreement and every disagreement; OUT.json freezes the corpus with Pebble's results
(`tests/data/pebble_real_3_2_4.json`, replayed by `tests/test_pebble_real.py` without Java).
"""

from __future__ import annotations

import base64
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from pebble_corpus import corpus  # noqa: E402

from sandbox.destinations.pebble import PebbleEngine, TemplateError  # noqa: E402

JVM = ["-Xmx768m", "-Xss4m", "-Duser.timezone=UTC", "-Duser.language=en", "-Duser.country=US"]
IDENTITY_HASH = re.compile(r"(?i)(\[Ljava\.lang\.String;@)[0-9a-f]+")


def masked(text: str) -> str:
    """`String[]` prints with an identity hash that differs between runs."""
    return IDENTITY_HASH.sub(lambda m: m.group(1) + "HASH", text)


def pebble(classpath: str, renders: list[dict[str, Any]]) -> list[dict[str, Any]]:
    lines = "".join(json.dumps(render, ensure_ascii=True) + "\n" for render in renders)
    done = subprocess.run(
        ["java", *JVM, "-cp", classpath, "PebbleOracle"],
        input=lines.encode(),
        capture_output=True,
        check=True,
    )
    results = []
    for line in done.stdout.decode().splitlines():
        answer = json.loads(line)
        if answer["ok"]:
            results.append({"ok": True, "out": base64.b64decode(answer["out"]).decode()})
        else:
            results.append({"ok": False, "error": base64.b64decode(answer["error"]).decode()})
    return results


def sandbox(engine: PebbleEngine, render: dict[str, Any]) -> dict[str, Any]:
    try:
        text = engine.compile(render["template"]).render(render["context"]).text
    except TemplateError as error:
        return {"ok": False, "error": str(error)}
    return {"ok": True, "out": text.encode("utf-8", "replace").decode()}


def agrees(expected: dict[str, Any], got: dict[str, Any]) -> bool:
    if expected["ok"] != got["ok"]:
        return False
    return not expected["ok"] or masked(expected["out"]) == masked(got["out"])


def main() -> None:
    seed, count, classpath = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    frozen = corpus(seed, count)
    templates, contexts = frozen["templates"], frozen["contexts"]
    renders = [
        {"template": templates[r["template"]], "context": contexts[r["context"]]}
        for r in frozen["renders"]
    ]
    expected = pebble(classpath, renders)
    engine = PebbleEngine(time_limit=5.0)
    rows: list[list[Any]] = []
    kinds = {"same": 0, "both failed": 0, "only here": 0, "only Pebble": 0, "differ": 0}
    for render, want, slot in zip(renders, expected, frozen["renders"], strict=True):
        got = sandbox(engine, render)
        error = want["error"].split(":")[0].rsplit(".", 1)[-1] if not want["ok"] else None
        rows.append([slot["template"], slot["context"], masked(want["out"]) if want["ok"] else None, error])
        if agrees(want, got):
            kinds["same" if want["ok"] else "both failed"] += 1
            continue
        kind = "differ" if want["ok"] and got["ok"] else "only here" if got["ok"] else "only Pebble"
        kinds[kind] += 1
        print(f"--- {kind}: {render['template']!r}\n  context {json.dumps(render['context'])[:300]}")
        print(f"  pebble {want!r:.400}\n  here   {got!r:.400}")
    total = len(renders)
    agreed = kinds["same"] + kinds["both failed"]
    print(json.dumps(kinds), f"agreement {agreed}/{total} = {100 * agreed / total:.2f}%")
    if len(sys.argv) > 4:
        frozen["renders"] = rows
        frozen["about"] = (
            f"pebble_corpus.py seed {seed}, {count} templates; outputs of a real Pebble 3.2.4"
            " (PebbleOracle.java: newLineTrimming off, autoescape html, strictVariables off,"
            " en-US, UTC, JDK 17). renders: [template index, context index, Pebble's output"
            " (String[] identity hashes masked as HASH) or null when Pebble failed, the"
            " exception's class]."
        )
        text = json.dumps(frozen, ensure_ascii=False, separators=(",", ":"))
        Path(sys.argv[4]).write_text(text + "\n")


if __name__ == "__main__":
    main()
