"""The Edge emulator's self-signed TLS certificate, made once and kept in `data_dir()/edge-tls/`.

The Web SDK hard-codes `https://` (aep-destinations.md §7.4), so the emulator speaks TLS. A local
CA (trustme) signs one leaf certificate for `localhost`, `127.0.0.1` and the demo hostnames.
A browser either trusts `ca.pem` or runs with `--ignore-certificate-errors`. The files are
re-made when the names change or the certificate is about to expire.
"""

from __future__ import annotations

import datetime
import json
import os
from dataclasses import dataclass
from pathlib import Path

import trustme

from sandbox.settings import data_dir

EDGE_HOSTNAME = "edge.sandbox.test"
"""The demo's `edgeDomain`: a browser maps it to the emulator (`--host-resolver-rules`)."""
SITE_HOSTNAME = "www.sandbox.test"
"""The demo site's hostname: under the same apex as the edge, so cookies travel as first-party."""
DEFAULT_NAMES = ("localhost", "127.0.0.1", EDGE_HOSTNAME, SITE_HOSTNAME)
VALIDITY = datetime.timedelta(days=365)
RENEW_BEFORE = datetime.timedelta(days=7)


@dataclass(frozen=True)
class TlsFiles:
    directory: Path
    ca: Path
    """The local CA certificate, for clients that verify (`httpx.AsyncClient(verify=...)`)."""
    certificate: Path
    """The leaf certificate chain the server presents."""
    key: Path


def ensure_certificate(
    directory: Path | None = None, names: tuple[str, ...] = DEFAULT_NAMES
) -> TlsFiles:
    """The certificate files, generated on first use (or when stale) and reused afterwards."""
    folder = directory or data_dir() / "edge-tls"
    files = TlsFiles(folder, folder / "ca.pem", folder / "edge.pem", folder / "edge-key.pem")
    if not _current(files, names):
        _generate(files, names)
    return files


def _current(files: TlsFiles, names: tuple[str, ...]) -> bool:
    manifest = files.directory / "manifest.json"
    if not all(p.exists() for p in (files.ca, files.certificate, files.key, manifest)):
        return False
    try:
        recorded = json.loads(manifest.read_text())
        expires = datetime.datetime.fromisoformat(recorded["notAfter"])
    except (ValueError, KeyError, TypeError):
        return False
    fresh = expires - RENEW_BEFORE > datetime.datetime.now(datetime.UTC)
    return fresh and sorted(recorded.get("names", [])) == sorted(names)


def _generate(files: TlsFiles, names: tuple[str, ...]) -> None:
    files.directory.mkdir(parents=True, exist_ok=True)
    not_after = datetime.datetime.now(datetime.UTC) + VALIDITY
    ca = trustme.CA(organization_name="Destination Sandbox local CA")
    leaf = ca.issue_cert(*names, common_name=EDGE_HOSTNAME, not_after=not_after)
    ca.cert_pem.write_to_path(str(files.ca))
    with files.certificate.open("wb") as chain:
        for blob in leaf.cert_chain_pems:
            chain.write(blob.bytes())
    leaf.private_key_pem.write_to_path(str(files.key))
    os.chmod(files.key, 0o600)
    manifest = {"names": list(names), "notAfter": not_after.isoformat()}
    (files.directory / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
