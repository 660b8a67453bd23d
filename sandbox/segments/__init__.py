"""PQL audiences: AEP segment definitions, a compiled PQL subset, and membership transitions.

    compile_pql(text, source="<pql>") -> CompiledPql   .matches / .horizon / .evaluate
    load_audiences(path) -> AudienceCatalog            .audiences, .warnings
    AudienceSet(audiences)                             .evaluate / .next_wakeup / .evaluate_many

Pure and synchronous: time comes in as `now` (epoch seconds); the simulator adds the clock.
"""

from sandbox.segments.audience_set import AudienceSet
from sandbox.segments.catalog import AudienceCatalog, load_audiences, parse_audiences
from sandbox.segments.compiled import CompiledPql, EvalContext, Verdict, compile_pql
from sandbox.segments.definition import Audience, derive_audience_id, make_audience
from sandbox.segments.membership import Transition, is_member, status_of

__all__ = [
    "Audience",
    "AudienceCatalog",
    "AudienceSet",
    "CompiledPql",
    "EvalContext",
    "Transition",
    "Verdict",
    "compile_pql",
    "derive_audience_id",
    "is_member",
    "load_audiences",
    "make_audience",
    "parse_audiences",
    "status_of",
]
