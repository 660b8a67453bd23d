"""One request/answer exchange on the traffic path, and how it goes into the request log."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.types import Receive, Scope, Send

from mock_partner.answers import Answer, send_answer
from mock_partner.injection import Decision
from mock_partner.records import AnswerRecord, Arrival, RequestRecord, decode_body
from mock_partner.state import PartnerState


@dataclass
class Exchange:
    """A request being answered: the partner's state, the ASGI channel, and what arrived."""

    state: PartnerState
    scope: Scope
    receive: Receive
    send: Send
    arrival: Arrival

    def record(self, answer: AnswerRecord, sequence: int | None = None) -> None:
        """Put the request and `answer` in the log (a new sequence number unless given one)."""
        log, arrival = self.state.log, self.arrival
        body, encoding = decode_body(arrival.body)
        log.add(
            RequestRecord(
                sequence if sequence is not None else log.next_sequence(),
                arrival.method,
                arrival.path,
                arrival.query,
                arrival.headers,
                body,
                encoding,
                arrival.received_at,
                answer,
            )
        )

    async def answer(
        self, answer: Answer, decision: Decision | None = None, sequence: int | None = None
    ) -> None:
        """Record `answer` (with the fault that decided it, if any), then send it."""
        recorded = AnswerRecord(
            answer.status,
            answer.headers,
            answer.body.decode("utf-8", "replace"),
            0.0 if decision is None else decision.latency,
            None if decision is None else decision.rule,
            answer.note,
        )
        self.record(recorded, sequence)
        await send_answer(self.send, answer)
