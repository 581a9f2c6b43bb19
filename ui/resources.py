"""Things loaded once per server and shared, read-only, by every learner."""

from __future__ import annotations

import streamlit as st

import netcore
from netcore.mnist import load_mnist, pixel_bytes
from ui import state
from ui.i18n import t


def fingerprint(net: netcore.Network) -> str:
    """A name for this exact network (sizes, activation, every weight and bias): the key under
    which pages cache what they compute from a network (the default or a learner's own)."""
    import hashlib

    import numpy as np
    digest = hashlib.sha1(repr((net.sizes, net.activation)).encode())
    for array in (*net.weights, *net.biases):
        digest.update(np.ascontiguousarray(array).tobytes())
    return digest.hexdigest()


@st.cache_resource(show_spinner=False)   # read in milliseconds: no spinner needed
def default_network() -> netcore.Network:
    """The shipped 784-16-16-10 network; its arrays are read-only."""
    return netcore.load_default()


def mnist():
    """The 70,000 MNIST digits (read-only arrays); a spinner, in the learner's language,
    while the server reads them for the first time (about a second)."""
    global _mnist_loaded
    if _mnist_loaded:
        return _mnist()
    with st.spinner(t("Loading MNIST...")):   # st.cache_resource's own spinner has one language
        data = _mnist()
    _mnist_loaded = True
    return data


_mnist_loaded = False   # set once, by the first run to read MNIST in this process


@st.cache_resource(show_spinner=False)
def _mnist():
    return load_mnist()


@st.cache_resource(show_spinner=False)
def mnist_training_bytes():
    """The 60,000 training images as uint8 pixel bytes (read-only): netcore.train
    reads a batch of bytes faster than one of floats."""
    pixels = pixel_bytes(mnist().train_images)
    pixels.flags.writeable = False
    return pixels


def current_network() -> netcore.Network:
    """The network every page runs: the learner's own when they switched to it, else the default."""
    return state.trained_net() if using_own_network() else default_network()


def using_own_network() -> bool:
    return state.trained_net() is not None and state.use_trained()
