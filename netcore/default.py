"""The shipped, trained 784-16-16-10 network (placeholder loader; see netcore.cli for the recipe)."""

from __future__ import annotations

from pathlib import Path

from netcore.network import Network
from netcore.weightfile import load_network

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "data" / "default-network.npz"


def load_default() -> Network:
    """The trained default network, with read-only arrays (share it, never change it)."""
    net, _ = load_network(DEFAULT_PATH, max_bytes=None)
    return net.freeze()
