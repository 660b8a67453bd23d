"""The emulated AEP Edge Network: Web SDK and Server API endpoints for Custom Personalization.

`EdgeApp` (an ASGI app) answers `/{basePath}[/{hint}]/v1/interact|collect` and `/ee/v2/interact`
over HTTPS on loopback, identifies visitors (ECID cookie, identityMap) and returns the audiences
mapped to each Custom Personalization destination. It reaches profiles and audiences only through
an `EdgeBackend` (see `backend.py`): the simulator implements it, `memory.py` is a standalone one.
"""
