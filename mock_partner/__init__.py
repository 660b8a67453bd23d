"""The bundled mock destination partner: an ASGI app that records every request and injects faults.

It is the outside world to the sandbox: it never imports `sandbox`, and the sandbox reaches it
only over HTTP (`python -m mock_partner` as a child process), or in process in tests through
`httpx.ASGITransport(app=create_app(PartnerState()))`.
"""

from mock_partner.app import create_app
from mock_partner.auth import AuthSettings
from mock_partner.config import PartnerConfig, load_config
from mock_partner.faults import FaultRule, FaultSettings
from mock_partner.records import AnswerRecord, RequestRecord
from mock_partner.state import PartnerState

__all__ = [
    "AnswerRecord",
    "AuthSettings",
    "FaultRule",
    "FaultSettings",
    "PartnerConfig",
    "PartnerState",
    "RequestRecord",
    "create_app",
    "load_config",
]
