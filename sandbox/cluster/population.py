"""`sandbox run --cluster`: a scenario's new profiles generated and evaluated as Ray range tasks.

`RayPopulation` is the `PopulationWork` the simulator core is handed: each range of indexes is a
task running `evaluate_range` (profiles regenerated from (seed, index) on the worker, evaluated
there); at most `window` ranges are out at once and they come back in index order, so the driver
holds a bounded number of ranges beyond what its store keeps. The generator and the audiences'
definitions are put in the object store once per `generate`.
"""

from __future__ import annotations

from collections import deque
from collections.abc import AsyncIterator
from typing import Any

from sandbox.profiles import ProfileFactory
from sandbox.simulator.population_work import AudienceSpec, Evaluated, evaluate_range

RANGE_SIZE = 5_000


class RayPopulation:
    """Ranges of new profiles as Ray tasks, `window` of them in flight."""

    def __init__(self, ray: Any, range_size: int = RANGE_SIZE, window: int | None = None) -> None:
        self._ray = ray
        self._task = ray.remote(evaluate_range)
        self.range_size = range_size
        self.window = window or max(2, 2 * int(ray.cluster_resources().get("CPU", 1)))
        self.ranges = 0

    async def __call__(
        self, factory: ProfileFactory, audiences: AudienceSpec, first: int, count: int, now: float
    ) -> AsyncIterator[list[Evaluated]]:
        ray, size = self._ray, self.range_size
        shared = ray.put(factory), ray.put(audiences)
        starts = iter(range(first, first + count, size))
        pending: deque[Any] = deque()
        for start in starts:
            pending.append(self._task.remote(*shared, start, min(size, first + count - start), now))
            if len(pending) >= self.window:
                break
        while pending:
            evaluated = await pending.popleft()
            self.ranges += 1
            following = next(starts, None)
            if following is not None:
                n = min(size, first + count - following)
                pending.append(self._task.remote(*shared, following, n, now))
            yield evaluated
