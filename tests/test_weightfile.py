"""Weight files round-trip exactly, and every kind of bad or hostile file is refused by name."""

import io
import pickle
import zipfile

import numpy as np
import pytest

from netcore.network import Network
from netcore.weightfile import (MAX_FILE_BYTES, WeightFileError, load_network, network_from_bytes,
                                network_to_bytes, save_network)

METADATA = {"epochs": 30, "learning_rate": 3.0, "batch_size": 10, "seed": 0,
            "augmentation": None, "test_accuracy": 0.9512, "note": "trained on MNIST ✓"}


def assert_same(a: Network, b: Network):
    assert a.sizes == b.sizes and a.activation == b.activation
    for x, y in zip(a.weights + a.biases, b.weights + b.biases):
        assert y.dtype == np.float32 and np.array_equal(x, y)


@pytest.mark.parametrize("sizes, activation", [((784, 16, 16, 10), "sigmoid"),
                                               ((784, 32, 10), "relu"), ((784, 10), "tanh")])
def test_round_trip_path_and_bytes(tmp_path, sizes, activation):
    net = Network(sizes, activation, seed=3)
    save_network(net, tmp_path / "net.npz", METADATA)
    loaded, metadata = load_network(tmp_path / "net.npz")
    assert_same(net, loaded)
    assert metadata == METADATA
    loaded, metadata = network_from_bytes(network_to_bytes(net, METADATA))
    assert_same(net, loaded)
    assert metadata == METADATA


def test_round_trip_file_objects_and_no_metadata(tmp_path):
    net = Network((784, 16, 16, 10), seed=1).freeze()
    buf = io.BytesIO()
    save_network(net, buf)
    buf.seek(0)
    loaded, metadata = load_network(buf)
    assert_same(net, loaded)
    assert metadata == {}


def test_path_is_written_exactly_as_given(tmp_path):
    save_network(Network((4, 2)), str(tmp_path / "net.weights"))
    assert [p.name for p in tmp_path.iterdir()] == ["net.weights"]  # no ".npz" added, no .tmp left
    assert load_network(str(tmp_path / "net.weights"))[0].sizes == (4, 2)


def test_file_layout():
    z = np.load(io.BytesIO(network_to_bytes(Network((5, 3, 2)), {"a": 1})), allow_pickle=False)
    assert sorted(z.files) == ["activation", "biases_0", "biases_1", "metadata", "sizes",
                               "weights_0", "weights_1"]
    assert z["sizes"].dtype == np.int64 and z["activation"].dtype.kind == "U"
    assert z["metadata"].dtype.kind == "U" and str(z["metadata"]) == '{"a": 1}'
    assert z["weights_1"].shape == (2, 3) and z["biases_1"].dtype == np.float32


@pytest.mark.parametrize("metadata, match", [
    ({"lr": np.float32(0.1)}, "JSON-serialisable"), ({"f": print}, "JSON-serialisable"),
    ({"loss": float("nan")}, "JSON-serialisable"), ([1, 2], "must be a dict")])
def test_save_refuses_bad_metadata(metadata, match):
    with pytest.raises(ValueError, match=match):
        network_to_bytes(Network((4, 2)), metadata)


def test_save_refuses_nan_weights(tmp_path):
    net = Network((4, 3, 2))
    net.weights[1][0, 0] = np.nan
    with pytest.raises(ValueError, match="weights_1 contains NaN"):
        save_network(net, tmp_path / "net.npz")
    assert not list(tmp_path.iterdir())


# ---- hostile and broken files ----------------------------------------------------------------

def good_arrays(sizes=(784, 16, 16, 10)):
    """The arrays of a valid file, as a dict the tests can spoil."""
    z = np.load(io.BytesIO(network_to_bytes(Network(sizes), {"epochs": 1})))
    return {name: z[name] for name in z.files}


def npz(**arrays) -> bytes:
    buf = io.BytesIO()
    np.savez(buf, **arrays)  # np.savez allows pickled object arrays, so tests can make them
    return buf.getvalue()


def spoiled(**changes) -> bytes:
    arrays = good_arrays()
    arrays.update(changes)
    return npz(**{k: v for k, v in arrays.items() if v is not None})


def refuses(data: bytes, match: str):
    with pytest.raises(WeightFileError, match=match):
        network_from_bytes(data)


@pytest.mark.parametrize("data, match", [
    (b"", "not a netcore weight file \\(.npz\\): the file is empty"),
    (np.random.default_rng(0).bytes(1000), "not a netcore weight file .*zip archive"),
    (b"epochs,lr\n30,3.0\n", "not a netcore weight file .*zip archive"),
    (pickle.dumps({"weights": [1, 2]}), "not a netcore weight file .*pickle.*refused for safety"),
    (network_to_bytes(Network((784, 10)))[:5000],
     "not a netcore weight file .*damaged or cut-short zip"),
], ids=["empty", "random", "text", "pickle", "truncated zip"])
def test_not_a_weight_file(data, match):
    refuses(data, match)


def test_single_npy_file():
    buf = io.BytesIO()
    np.save(buf, np.zeros(3))
    refuses(buf.getvalue(), "single .npy array")


def test_pickle_renamed_npz(tmp_path):
    path = tmp_path / "net.npz"
    path.write_bytes(pickle.dumps(Network((4, 2))))
    with pytest.raises(WeightFileError, match="pickle, which is refused for safety"):
        load_network(path)


def test_text_file(tmp_path):
    (tmp_path / "net.npz").write_text("hello")
    with pytest.raises(WeightFileError, match="not a netcore weight file"):
        load_network(tmp_path / "net.npz")


@pytest.mark.parametrize("name", ["weights_0", "sizes", "metadata"])
def test_object_array_refused(name):
    refuses(spoiled(**{name: np.array([object()], dtype=object)}),
            f"{name} contains a pickled object array, which is refused for safety")


@pytest.mark.parametrize("changes, match", [
    ({"sizes": None}, "missing array\\(s\\): sizes"),
    ({"weights_1": None}, "missing array\\(s\\): weights_1"),
    ({"biases_2": None, "activation": None}, "missing array\\(s\\): activation, biases_2"),
    ({"evil": np.zeros(3)}, "unexpected array\\(s\\): evil"),
    ({"sizes": np.array([784, 16, 10])}, "unexpected array\\(s\\): biases_2, weights_2"),
    ({"weights_1": np.zeros((16, 15), np.float32)},
     "weights_1 has shape \\(16, 15\\), expected \\(16, 16\\)"),
    ({"biases_0": np.zeros((16, 1), np.float32)},
     "biases_0 has shape \\(16, 1\\), expected \\(16,\\)"),
    ({"weights_2": np.zeros((10, 16), "<U3")}, "weights_2 has dtype <U3, expected float32 or float64"),
    ({"biases_1": np.zeros(16, complex)}, "biases_1 has dtype complex128, expected float32 or float64"),
    ({"activation": np.array("softplus")}, "unknown activation 'softplus'"),
    ({"activation": np.array("x" * 100)}, "activation is over 32 characters"),
    ({"activation": np.array(b"sigmoid")}, "activation has dtype \\|S7, expected text"),
    ({"weights_0": np.zeros((16, 784), np.longdouble)}, "weights_0 has dtype float128, expected "
                                                        "float32 or float64"),
    ({"biases_1": np.arange(16)}, "biases_1 has dtype int64, expected float32 or float64"),
    ({"biases_1": np.zeros(16, np.float16)}, "biases_1 has dtype float16"),
    ({"metadata": np.array("{epochs: 30")}, "metadata is not valid JSON"),
    ({"metadata": np.array("[" * 100_000)}, "metadata is not valid JSON"),
    ({"metadata": np.array("[1, 2]")}, "metadata should be a JSON object, got list"),
    ({"sizes": np.array([784])}, "sizes has shape \\(1,\\), expected 2 to 100 layers"),
    ({"sizes": np.array([[784, 10]])}, "sizes has shape \\(1, 2\\)"),
    ({"sizes": np.array([784.0, 16, 16, 10])}, "^sizes has dtype float64, expected whole numbers"),
    ({"sizes": np.array([784, 0, 16, 10])}, "bad sizes: every layer needs at least one neuron"),
    ({"sizes": np.array([784, -16, 16, 10])}, "bad sizes"),
    ({"sizes": np.array([784, 100_000, 1000])}, "178,501,000 parameters.*over the limit"),
    ({"sizes": np.array([2**62, 2**62])}, "parameters, over the limit"),
])
def test_bad_contents(changes, match):
    refuses(spoiled(**changes), match)


def test_non_finite_values_named():
    arrays = good_arrays()
    arrays["weights_1"][3, 4] = np.nan
    refuses(npz(**arrays), "weights_1 contains NaN or infinite values")
    arrays = good_arrays()
    arrays["biases_2"][0] = -np.inf
    refuses(npz(**arrays), "biases_2 contains NaN or infinite values")


def test_float64_is_converted_and_must_fit_float32():
    arrays = good_arrays()
    arrays["weights_0"] = arrays["weights_0"].astype(np.float64)
    arrays["biases_1"] = arrays["biases_1"].astype(">f8")   # big-endian too
    net, _ = network_from_bytes(npz(**arrays))
    assert net.weights[0].dtype == net.biases[1].dtype == np.float32
    np.testing.assert_array_equal(net.weights[0], good_arrays()["weights_0"])
    arrays["weights_2"] = np.full((10, 16), 1e300)  # finite in float64, infinite in float32
    refuses(npz(**arrays), "weights_2 contains NaN or infinite values")


def test_damaged_member():
    data = bytearray(npz(**good_arrays()))  # stored uncompressed, so the CRC catches the change
    at = data.index(np.float32(good_arrays()["weights_0"][5, 5]).tobytes())
    data[at] ^= 0xFF
    refuses(bytes(data), "weights_0 is damaged")


def test_member_shorter_than_its_header():
    arrays = good_arrays()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, arr in arrays.items():
            member = io.BytesIO()
            np.save(member, arr)
            cut = 40 if name == "biases_1" else 0  # header intact, data cut short
            zf.writestr(name + ".npy", member.getvalue()[: len(member.getvalue()) - cut])
    refuses(buf.getvalue(), "biases_1 is damaged")


def test_size_limit_checked_before_parsing(tmp_path):
    refuses(b"PK\x03\x04" + bytes(MAX_FILE_BYTES), f"over the {MAX_FILE_BYTES:,} byte limit")
    data = network_to_bytes(Network((784, 16, 16, 10)))
    with pytest.raises(WeightFileError, match="over the 1,000 byte limit"):
        network_from_bytes(data, max_bytes=1000)
    (tmp_path / "net.npz").write_bytes(data)
    with pytest.raises(WeightFileError, match="net.npz is .* bytes, over the 1,000 byte limit"):
        load_network(tmp_path / "net.npz", max_bytes=1000)
    with pytest.raises(WeightFileError, match="over the 1,000 byte limit"):
        load_network(io.BytesIO(data), max_bytes=1000)
    assert load_network(io.BytesIO(data), max_bytes=None)[0].sizes == (784, 16, 16, 10)


def test_huge_sizes_refused_without_reading_the_arrays():
    # The file claims a 78-million-parameter network but holds tiny arrays: refused on sizes alone.
    arrays = good_arrays((4, 3, 2))
    arrays["sizes"] = np.array([784, 100_000, 1000])
    refuses(npz(**arrays), "over the limit")


def test_error_is_a_value_error():
    assert issubclass(WeightFileError, ValueError)
    assert zipfile.is_zipfile(io.BytesIO(network_to_bytes(Network((4, 2)))))
