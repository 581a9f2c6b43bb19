"""netcore: the video's neural network in pure NumPy.

The pages of the app and outside scripts use only what is exported here.
"""

from netcore.network import ACTIVATIONS, Network, sigmoid

__all__ = ["ACTIVATIONS", "Network", "sigmoid"]
