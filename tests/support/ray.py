"""The one way tests start Ray: a cluster of their own (`address="local"`), never one that a stale
`ray_current_cluster` file in Ray's temp folder names (it would refuse `num_cpus` or hang on a dead address).
tests/conftest.py loads this module as a plugin, so every test asking for `cluster` shares the one cluster."""

from __future__ import annotations

import os

import pytest

ENV = {"RAY_AUTH_MODE": "disabled", "RAY_USAGE_STATS_ENABLED": "0"}  # one machine, no tokens, offline


def start_local(num_cpus: int = 2):
    """Start this process's own local Ray cluster, whatever other clusters the machine has or had."""
    import ray

    from har.backends.cluster import init_options

    ray.init(address="local", num_cpus=num_cpus, include_dashboard=False, object_store_memory=300 * 2**20,
             **init_options())  # fmt: skip
    return ray


@pytest.fixture(scope="session")
def cluster():
    """A local Ray cluster for the whole session, and the backend that sends trainings to it."""
    if not os.environ.get("CI"):
        pytest.importorskip("ray", reason="Ray is not installed (pip install -e '.[dev]'); in CI these tests run")
    from har.backends.cluster import RayCluster

    saved = {k: os.environ.get(k) for k in ENV}
    os.environ.update(ENV)
    ray = start_local()
    try:
        yield RayCluster("auto")
    finally:
        ray.shutdown()
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
