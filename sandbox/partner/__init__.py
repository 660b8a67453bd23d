"""The sandbox's handle on the bundled mock partner: start it as a process, talk to its admin API.

This package never imports `mock_partner`; it reaches the partner over HTTP only.
"""

from sandbox.partner.admin import PartnerAdmin
from sandbox.partner.process import ListeningProcess, PartnerProcess
from sandbox.partner.records import PartnerAnswer, ReceivedRequest

__all__ = ["ListeningProcess", "PartnerAdmin", "PartnerAnswer", "PartnerProcess", "ReceivedRequest"]
