"""netcore: the video's neural network in pure NumPy.

The pages of the app and outside scripts use what is exported here:
the network, its training, MNIST, the drawing preprocessing and weight files,
and the plain reference code (netcore.reference) the lessons show.
netcore never imports Streamlit or a plotting library. No name here is also the
name of a submodule: `netcore.train` is the function, `netcore.training` the package.
"""

from netcore import preprocess, reference
from netcore.default import load_default
from netcore.mnist import MnistData, MnistFormatError, load_mnist
from netcore.network import ACTIVATIONS, Network, sigmoid
from netcore.training import History, Progress, TrainConfig, train
from netcore.weightfile import (WeightFileError, load_network, network_from_bytes,
                                network_to_bytes, save_network)

__all__ = [
    "ACTIVATIONS", "History", "MnistData", "MnistFormatError", "Network", "Progress",
    "TrainConfig", "WeightFileError", "load_default", "load_mnist", "load_network", "network_from_bytes",
    "network_to_bytes", "save_network", "sigmoid", "train",
]
