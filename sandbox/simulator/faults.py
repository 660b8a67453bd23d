"""Partner fault presets the front ends offer, as the mock partner's fault rules."""

from __future__ import annotations

from typing import Any

PRESETS: dict[str, list[dict[str, Any]]] = {
    "429-storm": [{"name": "429 storm", "status": 429, "retry_after": 15}],
    "5xx": [{"name": "5xx mix", "statuses": {500: 20, 502: 20, 503: 40, 504: 20}}],
    "latency": [
        {
            "name": "slow partner",
            "latency": {"kind": "lognormal", "median": 0.4, "sigma": 0.6, "cap": 1.8},
        }
    ],
    "503": [{"name": "503 unavailable", "status": 503, "retry_after": 30}],
    "down": [{"name": "partner down", "reset": True}],
    "clear": [],
}


def preset_rules(preset: str) -> list[dict[str, Any]]:
    """The rules of a preset (`clear` has none); `KeyError` names the presets that exist."""
    if preset not in PRESETS:
        raise KeyError(f"unknown fault preset {preset!r}; presets: {', '.join(PRESETS)}")
    return [dict(rule) for rule in PRESETS[preset]]
