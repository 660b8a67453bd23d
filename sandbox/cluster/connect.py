"""Starting or joining a Ray cluster, from the driver only.

With no address, `ray.init()` starts a new local cluster bound to 127.0.0.1 only, using every
core (or `num_cpus`); with one (`HOST:PORT` of a `ray start --head`, or `ray://HOST:PORT` for Ray Client,
e.g. KubeRay's head service), it joins that cluster after checking, within seconds, that the
address answers at all (Ray itself waits a long time on an unreachable one). The dashboard and
Ray's usage statistics stay off. A process that is itself a Ray worker never starts a cluster.
"""

from __future__ import annotations

import os
import socket
from types import ModuleType
from typing import Any

from sandbox.errors import InputError

REACH_TIMEOUT = 3.0
LOOPBACK = ("127.0.0.1", "localhost", "::1")
SINGLE_HOST = "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER"
"""Set to 0, Ray takes 127.0.0.1 as the node's address and binds every server there (as on macOS);
otherwise it replaces 127.0.0.1 with the machine's outward address and listens on all interfaces."""
_OPTION = "<command line>"


def ray_module() -> ModuleType:
    """`ray`, or an InputError saying how to install it."""
    try:
        import ray
    except ImportError:
        raise InputError.single(
            _OPTION,
            "--cluster",
            "needs Ray, an optional extra: pip install 'destination-sandbox[cluster]' "
            "(or `pip install -e '.[cluster]'` in a checkout)",
        ) from None
    return ray


def inside_worker() -> bool:
    """Whether this process is a Ray worker (tasks and actors run there)."""
    ray = ray_module()
    if not ray.is_initialized():
        return False
    return bool(ray.get_runtime_context().worker.mode == ray.WORKER_MODE)


def connect(address: str | None, num_cpus: int | None = None) -> Any:
    """Join the cluster at `address`, or start a local one; returns `ray`."""
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    if not address or _host(address) in LOOPBACK:
        keep_to_loopback()
    ray = ray_module()
    if inside_worker():
        raise RuntimeError("a Ray worker must not start a cluster of its own")
    if address:
        check_reachable(address)
    if ray.is_initialized():
        return ray
    options: dict[str, Any] = {
        "include_dashboard": False,
        "log_to_driver": False,
        "configure_logging": False,
    }
    if address:
        options["address"] = address
        if not address.startswith("ray://"):
            options["_node_ip_address"] = _host(address)
    else:  # "local": a new cluster, even when `ray start` left one running on this machine
        options["address"] = "local"
        options["_node_ip_address"] = "127.0.0.1"
        options["num_cpus"] = num_cpus
    try:
        ray.init(**options)
    except (ConnectionError, TimeoutError, ValueError, RuntimeError) as error:
        raise InputError.single(
            _OPTION, "--cluster", f"cannot join the Ray cluster at {address}: {error}"
        ) from None
    return ray


def keep_to_loopback() -> None:
    """Make Ray, in this process and the processes it starts, use and bind 127.0.0.1 only."""
    os.environ[SINGLE_HOST] = "0"
    ray = ray_module()
    ray._private.ray_constants.ENABLE_RAY_CLUSTER = False


def check_reachable(address: str) -> None:
    """InputError unless something accepts TCP connections at `address` (HOST:PORT)."""
    host, port = _host(address), _port(address)
    try:
        with socket.create_connection((host, port), timeout=REACH_TIMEOUT):
            return
    except OSError as error:
        raise InputError.single(
            _OPTION,
            "--cluster",
            f"cannot reach a Ray cluster at {address} ({error.strerror or error}); start one with "
            "`ray start --head --node-ip-address=127.0.0.1`, or leave the address out to start a "
            "local cluster",
        ) from None


def _strip(address: str) -> str:
    return address.removeprefix("ray://")


def _host(address: str) -> str:
    host, _, _ = _strip(address).rpartition(":")
    return host.strip("[]") or "127.0.0.1"


def _port(address: str) -> int:
    _, sep, port = _strip(address).rpartition(":")
    if not sep or not port.isdigit() or not 0 < int(port) < 65536:
        raise InputError.single(
            _OPTION, "--cluster", f"{address!r} is not HOST:PORT (e.g. 127.0.0.1:6379)"
        )
    return int(port)


def disconnect() -> None:
    ray = ray_module()
    if ray.is_initialized():
        ray.shutdown()
