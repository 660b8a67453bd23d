"""How a fault decision plays out on one exchange: delay, then reset, hold or a (spoiled) answer."""

from __future__ import annotations

import time

from mock_partner.answers import spoil
from mock_partner.connection import drop, hold, reset
from mock_partner.endpoints import endpoint_answer, fault_answer
from mock_partner.exchange import Exchange
from mock_partner.injection import Decision
from mock_partner.records import AnswerRecord


async def disrupt(exchange: Exchange, decision: Decision) -> None:
    """Play `decision` out; every outcome is recorded, answered or not."""
    started = time.monotonic()
    if decision.latency and await hold(exchange.receive, decision.latency):
        note = f"the client left during the {decision.latency:.3f} s latency"
        exchange.record(_unanswered(decision, _since(started), note))
    elif decision.reset:
        exchange.record(_unanswered(decision, decision.latency, "connection reset"))
        await reset(exchange.scope, exchange.receive)
    elif decision.hold is not None:
        await _hold(exchange, decision, decision.hold, started)
    else:
        sequence = exchange.state.log.next_sequence()
        if decision.status is None:
            answer = endpoint_answer(exchange.state, exchange.arrival, sequence)
        else:
            answer = fault_answer(decision, sequence)
        if decision.malformed is not None:
            answer = spoil(answer, decision.malformed)
        await exchange.answer(answer, decision, sequence)


async def _hold(exchange: Exchange, decision: Decision, most: float, started: float) -> None:
    held_from = time.monotonic()
    gone = await hold(exchange.receive, most)
    if gone:
        note = f"no answer; the client gave up after {_since(held_from):.3f} s"
    else:
        note = f"no answer; closed the connection after {most:g} s"
    exchange.record(_unanswered(decision, _since(started), note))
    if not gone:
        await drop(exchange.scope, exchange.receive)


def _unanswered(decision: Decision, latency: float, note: str) -> AnswerRecord:
    return AnswerRecord(None, latency=latency, fault=decision.rule, note=note)


def _since(started: float) -> float:
    return time.monotonic() - started
