"""The same work on Ray (`pip install '.[cluster]'`): population ranges as tasks, delivery in actors.

`connect` starts or joins a cluster (loopback only when it starts one, no dashboard, no usage
statistics) and refuses to do so inside a Ray worker; `actors` holds the rate-limiter actor and the
delivery actors (each wraps the simulator's `Deliverer` and retry policy, and aggregates the batch
keys that hash to it); `load` runs `sandbox load --cluster`; `evaluate` counts audience populations
from membership bitsets computed by range tasks. For `sandbox run --cluster`: `population` generates
and evaluates a scenario's new profiles as range tasks; past one machine, `census` counts the
population and `backfill` delivers each destination's backfill through `load`. `profile_ranges`
writes `sandbox profiles --cluster`. Ray is imported only here, and only when asked for.
"""
