"""A run's HTTP calls as HAR 1.2, which browser dev tools and HTTP tools open directly."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import orjson

from sandbox.journal.reader import http_calls


def to_har(path: Path) -> dict[str, Any]:
    entries = [_entry(row) for row in http_calls(path)]
    return {
        "log": {
            "version": "1.2",
            "creator": {"name": "destination-sandbox", "version": "0.1.0"},
            "pages": [],
            "entries": entries,
        }
    }


def _headers(raw: str) -> list[dict[str, str]]:
    return [{"name": name, "value": value} for name, value in orjson.loads(raw or "[]")]


def _header(headers: list[dict[str, str]], name: str, default: str) -> str:
    return next((h["value"] for h in headers if h["name"].lower() == name), default)


def _entry(row: sqlite3.Row) -> dict[str, Any]:
    request_headers = _headers(row["request_headers"])
    response_headers = _headers(row["response_headers"])
    started = datetime.fromtimestamp(row["started_at"] or 0, UTC).isoformat().replace("+00:00", "Z")
    body = row["request_body"] or ""
    answer = row["response_body"] or ""
    elapsed = max(float(row["duration_ms"] or 0.0), 0.0)
    return {
        "startedDateTime": started,
        "time": elapsed,
        "request": {
            "method": row["method"],
            "url": row["url"],
            "httpVersion": "HTTP/1.1",
            "cookies": [],
            "headers": request_headers,
            "queryString": [
                {"name": k, "value": v} for k, v in parse_qsl(urlsplit(row["url"]).query)
            ],
            "postData": {
                "mimeType": _header(request_headers, "content-type", "application/json"),
                "text": body,
            },
            "headersSize": -1,
            "bodySize": len(body.encode()),
        },
        "response": {
            "status": row["status"] or 0,
            "statusText": row["outcome"] or "",
            "httpVersion": "HTTP/1.1",
            "cookies": [],
            "headers": response_headers,
            "content": {
                "size": len(answer.encode()),
                "mimeType": _header(response_headers, "content-type", "text/plain"),
                "text": answer,
            },
            "redirectURL": "",
            "headersSize": -1,
            "bodySize": len(answer.encode()),
        },
        "cache": {},
        "timings": {"send": 0, "wait": elapsed, "receive": 0},
        "comment": f"{row['purpose']} call, trace {row['trace_id']} export {row['export_id']}"
        f" attempt {row['attempt']}" + (f": {row['error']}" if row["error"] else ""),
    }
