"""The video's network: layers of neurons, each layer computed as sigma(W a + b).

Vocabulary follows Michael Nielsen's `network.py` and 3Blue1Brown's video:
`sizes` lists the number of neurons per layer, input first, so the video's
network is `Network((784, 16, 16, 10))`. `weights[l]` has shape
(n_out, n_in) -- row j holds the weights into neuron j of the next layer -- and
`biases[l]` has shape (n_out,), so layer l+1 is `sigma(weights[l] @ a + biases[l])`.
"""

from __future__ import annotations

import numpy as np

DTYPE = np.float32


def sigmoid(z, out=None):
    """The logistic curve 1 / (1 + e^-z), squishing any real number into (0, 1).

    The same function as e^z / (e^z + 1) (multiply top and bottom by e^z).
    z is raised to at least -60 first, so that e^-z cannot overflow; the result
    there is below 1e-26 either way.
    """
    if out is None:   # work on a fresh array; `out=z` lets a caller reuse a temporary z
        out = np.array(z, dtype=np.result_type(np.asarray(z).dtype, DTYPE))
    # Only the lower clip matters: above z = 60 the result is already exactly 1.
    z = np.maximum(z, -60.0, out=out)
    np.negative(z, out=z)
    np.exp(z, out=z)
    z += 1.0
    return np.reciprocal(z, out=z)


def sigmoid_prime_from_output(a):
    """sigma'(z) written with a = sigma(z): a (1 - a)."""
    return a * (1.0 - a)


def relu(z, out=None):
    return np.maximum(z, 0, out=out)


def relu_prime_from_output(a):
    return (a > 0).astype(a.dtype)


def tanh(z, out=None):
    return np.tanh(z, out=out)


def tanh_prime_from_output(a):
    return 1.0 - a * a


# name -> (function, derivative written in terms of the function's output)
ACTIVATIONS = {
    "sigmoid": (sigmoid, sigmoid_prime_from_output),
    "relu": (relu, relu_prime_from_output),
    "tanh": (tanh, tanh_prime_from_output),
}


def check_activation(name: str) -> str:
    if name not in ACTIVATIONS:
        raise ValueError(f"unknown activation {name!r}; choose one of {sorted(ACTIVATIONS)}")
    return name


def check_sizes(sizes) -> tuple[int, ...]:
    try:
        sizes = tuple(int(s) for s in sizes)
    except (TypeError, ValueError):
        raise ValueError(f"sizes must be a sequence of whole numbers, got {sizes!r}") from None
    if len(sizes) < 2:
        raise ValueError(f"a network needs at least an input and an output layer, got sizes={sizes}")
    if any(s < 1 for s in sizes):
        raise ValueError(f"every layer needs at least one neuron, got sizes={sizes}")
    return sizes


def parameter_count(sizes) -> int:
    """Weights and biases of a network with these layer sizes: a layer of n_out neurons fed
    by n_in has an (n_out, n_in) weight matrix and n_out biases. 13,002 for (784, 16, 16, 10)."""
    return sum(n_in * n_out + n_out for n_in, n_out in zip(sizes[:-1], sizes[1:]))


def init_std(activation: str, n_in: int) -> float:
    """Spread of the random starting weights: sqrt(g / n_in), g = 2 for ReLU, else 1.

    Scaled like Glorot/He, so each neuron's weighted sum starts near unit size.
    """
    gain = 2.0 if activation == "relu" else 1.0
    return float(np.sqrt(gain / n_in))


class Network:
    """A fully connected feed-forward network.

    sizes: neurons per layer, input first, e.g. (784, 16, 16, 10).
    activation: "sigmoid" (the video's), "relu" or "tanh" for the hidden layers.
        The output layer is always a sigmoid, so each of the ten outputs is a
        number between 0 and 1, as in the video.
    seed: seeds the random starting weights (np.random.default_rng(seed)).
    """

    def __init__(self, sizes, activation: str = "sigmoid", seed: int | None = 0,
                 weights=None, biases=None):
        self.sizes = check_sizes(sizes)
        self.activation = check_activation(activation)
        if weights is None:
            rng = np.random.default_rng(seed)
            weights = [rng.standard_normal((n_out, n_in)) * init_std(activation, n_in)
                       for n_in, n_out in zip(self.sizes[:-1], self.sizes[1:])]
            biases = [np.zeros(n_out) for n_out in self.sizes[1:]]
        self.weights = [np.ascontiguousarray(w, dtype=DTYPE) for w in weights]
        self.biases = [np.ascontiguousarray(b, dtype=DTYPE) for b in biases]
        self._check_shapes()

    def _check_shapes(self):
        expected = list(zip(self.sizes[1:], self.sizes[:-1]))
        if len(self.weights) != len(expected) or len(self.biases) != len(expected):
            raise ValueError(f"sizes {self.sizes} need {len(expected)} weight matrices and bias "
                             f"vectors, got {len(self.weights)} and {len(self.biases)}")
        for l, ((n_out, n_in), w, b) in enumerate(zip(expected, self.weights, self.biases)):
            if w.shape != (n_out, n_in):
                raise ValueError(f"weights[{l}] should have shape {(n_out, n_in)}, got {w.shape}")
            if b.shape != (n_out,):
                raise ValueError(f"biases[{l}] should have shape {(n_out,)}, got {b.shape}")

    @property
    def n_params(self) -> int:
        """Every weight and bias: 784*16 + 16*16 + 16*10 + 16 + 16 + 10 = 13,002 for the video's."""
        return parameter_count(self.sizes)

    def __repr__(self) -> str:
        return (f"Network(sizes={self.sizes}, activation={self.activation!r}, "
                f"n_params={self.n_params:,})")

    def _as_input(self, a) -> np.ndarray:
        a = np.asarray(a, dtype=DTYPE)
        if a.ndim not in (1, 2) or a.shape[-1] != self.sizes[0]:
            raise ValueError(f"input should have shape ({self.sizes[0]},) or (n, {self.sizes[0]}), "
                             f"got {a.shape}")
        return a

    def layer_function(self, l: int):
        """The activation function of the layer that weights[l] feeds: the chosen
        one for hidden layers, sigmoid for the output layer."""
        return sigmoid if l == len(self.weights) - 1 else ACTIVATIONS[self.activation][0]

    def _layer_functions(self):
        return [self.layer_function(l) for l in range(len(self.weights))]

    def activations(self, a) -> list[np.ndarray]:
        """Every layer's activations, the input included: [a0, a1, ..., aL].

        a: one image (784,) or a batch (n, 784), pixel values from 0 to 1.
        """
        a = self._as_input(a)
        layers = [a]
        for w, b, f in zip(self.weights, self.biases, self._layer_functions()):
            # a @ w.T is w @ a for one image, (784,) @ (784, 16) -> (16,), and works for a
            # batch of rows too: (n, 784) @ (784, 16) -> (n, 16). w itself is (16, 784).
            z = a @ w.T
            z += b
            a = f(z, out=z)
            layers.append(a)
        return layers

    def feedforward(self, a) -> np.ndarray:
        """The output activations: (10,) for one image, (n, 10) for a batch."""
        a = self._as_input(a)
        for w, b, f in zip(self.weights, self.biases, self._layer_functions()):
            z = a @ w.T
            z += b
            a = f(z, out=z)
        return a

    def predict(self, a):
        """The brightest output neuron: the network's guess (an int, or an array for a batch)."""
        out = self.feedforward(a)
        guess = np.argmax(out, axis=-1)
        return int(guess) if out.ndim == 1 else guess

    def accuracy(self, images, labels) -> float:
        """Fraction of `images` (n, 784) whose guess equals `labels` (n,)."""
        return float(np.mean(self.predict(images) == np.asarray(labels)))

    def copy(self) -> "Network":
        """A writable copy, for training or editing without touching the original."""
        return Network(self.sizes, self.activation,
                       weights=[w.copy() for w in self.weights],
                       biases=[b.copy() for b in self.biases])

    @property
    def frozen(self) -> bool:
        """True once `freeze()` made this network read-only (as the shared default is)."""
        return self.__dict__.get("_frozen", False)

    def freeze(self) -> "Network":
        """Make the network read-only all the way down, so a shared one cannot be changed
        by accident: `weights` and `biases` become tuples of read-only copies whose
        memory is an immutable bytes object (so no view or flag can make them writable),
        and no attribute can be set again. Each attempt raises ValueError; `copy()`
        gives a writable network.
        """
        if not self.frozen:
            def locked(arrays):
                return FrozenLayers(np.frombuffer(np.ascontiguousarray(a).tobytes(), a.dtype)
                                    .reshape(a.shape) for a in arrays)
            object.__setattr__(self, "weights", locked(self.weights))
            object.__setattr__(self, "biases", locked(self.biases))
            object.__setattr__(self, "_frozen", True)
        return self

    def __setattr__(self, name, value):
        if self.frozen:
            raise ValueError(f"cannot set {name!r}: {FROZEN}")
        object.__setattr__(self, name, value)

    def __delattr__(self, name):
        if self.frozen:
            raise ValueError(f"cannot delete {name!r}: {FROZEN}")
        object.__delattr__(self, name)


FROZEN = "this network is frozen (read-only, maybe shared with every learner); change a copy: net.copy()"


class FrozenLayers(tuple):
    """A frozen network's weights or biases: a tuple of read-only arrays whose changes
    (`net.weights[0] = ...`, `net.weights.append(...)`) raise ValueError, like the arrays'."""

    def _refuse(self, *args, **kwargs):
        raise ValueError(FROZEN)

    __setitem__ = __delitem__ = __iadd__ = __imul__ = _refuse
    append = extend = insert = pop = remove = clear = sort = reverse = _refuse
