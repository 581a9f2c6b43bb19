"""load_mnist on the real files, and a clear error for every way a file can be wrong."""

import gzip

import numpy as np
import pytest

from netcore.mnist import (DATA_DIR, FILES, MnistData, MnistFormatError, load_mnist,
                           read_idx_images, read_idx_labels)


@pytest.fixture(scope="module")
def mnist():
    return load_mnist()


def test_shapes_dtypes_and_ranges(mnist):
    assert isinstance(mnist, MnistData)
    assert mnist.train_images.shape == (60000, 784) and mnist.test_images.shape == (10000, 784)
    assert mnist.train_labels.shape == (60000,) and mnist.test_labels.shape == (10000,)
    for images in (mnist.train_images, mnist.test_images):
        assert images.dtype == np.float32
        assert images.min() == 0.0 and images.max() == 1.0
    for labels in (mnist.train_labels, mnist.test_labels):
        assert labels.dtype == np.int64
        assert set(np.unique(labels)) == set(range(10))


def test_arrays_are_read_only(mnist):
    for arr in (mnist.train_images, mnist.train_labels, mnist.test_images, mnist.test_labels):
        assert not arr.flags.writeable
    with pytest.raises(ValueError):
        mnist.train_images[0, 0] = 1.0


def test_known_labels(mnist):
    assert mnist.train_labels[:10].tolist() == [5, 0, 4, 1, 9, 2, 1, 3, 1, 4]
    assert np.bincount(mnist.train_labels).tolist() == [
        5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]
    assert np.bincount(mnist.test_labels).tolist() == [
        980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]


def test_pixels_match_the_raw_file(mnist):
    raw = read_idx_images(DATA_DIR / FILES["test_images"])
    assert raw.dtype == np.uint8 and raw.shape == (10000, 28, 28)
    np.testing.assert_array_equal(mnist.test_images[7] * 255, raw[7].reshape(784))


def test_repr(mnist):
    assert repr(mnist) == "MnistData(train=60,000 images, test=10,000 images, 784 pixels each)"


def test_default_dir_does_not_depend_on_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert load_mnist().test_labels.shape == (10000,)


# ---- fake IDX files --------------------------------------------------------------------------

def idx_bytes(magic, dims, data=b""):
    return (magic.to_bytes(4, "big") + b"".join(d.to_bytes(4, "big") for d in dims) + data)


def write_gz(path, content):
    path.write_bytes(gzip.compress(content))
    return path


def fake_images(n):
    return idx_bytes(2051, (n, 28, 28), bytes(range(256)) * (n * 784 // 256) + bytes(n * 784 % 256))


def fake_labels(labels):
    return idx_bytes(2049, (len(labels),), bytes(labels))


def fake_dir(tmp_path, n_images=3, labels=(1, 2, 3)):
    for split in ("train", "test"):
        write_gz(tmp_path / FILES[f"{split}_images"], fake_images(n_images))
        write_gz(tmp_path / FILES[f"{split}_labels"], fake_labels(labels))
    return tmp_path


def test_pixel_bytes_are_the_files_own_bytes(mnist):
    from netcore.mnist import pixel_bytes
    raw = load_mnist(dtype=np.uint8)
    assert raw.train_images.dtype == np.uint8 and raw.train_images.shape == (60000, 784)
    assert not raw.train_images.flags.writeable
    assert np.array_equal(raw.train_labels, mnist.train_labels)
    assert np.array_equal(raw.test_images / np.float32(255), mnist.test_images)
    assert np.array_equal(pixel_bytes(mnist.train_images), raw.train_images)
    assert load_mnist(dtype="uint8").test_images.dtype == np.uint8
    for wrong in (np.float64, "int", "nonsense"):
        with pytest.raises(ValueError, match="dtype"):
            load_mnist(dtype=wrong)
    with pytest.raises(ValueError, match="float images"):
        pixel_bytes(raw.test_images)


def test_small_fake_files_load(tmp_path):
    data = load_mnist(fake_dir(tmp_path))
    assert data.train_images.shape == (3, 784) and data.test_labels.tolist() == [1, 2, 3]
    assert data.train_images.max() == 1.0


def test_missing_file_names_it_and_where(tmp_path):
    fake_dir(tmp_path)
    (tmp_path / FILES["test_labels"]).unlink()
    with pytest.raises(FileNotFoundError, match="t10k-labels-idx1-ubyte.gz.*looked for") as e:
        load_mnist(tmp_path)
    assert str(tmp_path) in str(e.value)


def test_missing_directory(tmp_path):
    with pytest.raises(FileNotFoundError, match="train-images"):
        load_mnist(tmp_path / "nowhere")


def test_not_gzip(tmp_path):
    path = tmp_path / "x.gz"
    path.write_bytes(fake_images(1))  # right content, but never compressed
    with pytest.raises(MnistFormatError, match="x.gz: not a gzip file"):
        read_idx_images(path)


def test_corrupt_gzip(tmp_path):
    gz = bytearray(gzip.compress(fake_images(2)))
    path = tmp_path / "x.gz"
    path.write_bytes(bytes(gz[: len(gz) // 2]))  # the gzip stream itself is cut short
    with pytest.raises(MnistFormatError, match="not a gzip file, or its gzip data is damaged"):
        read_idx_images(path)


def test_damaged_gzip(tmp_path):
    gz = bytearray(gzip.compress(fake_images(2)))
    gz[len(gz) // 2] ^= 0xFF  # one flipped byte: bad deflate data or a failed CRC check
    path = tmp_path / "x.gz"
    path.write_bytes(bytes(gz))
    with pytest.raises(MnistFormatError, match="x.gz: not a gzip file, or its gzip data"):
        read_idx_images(path)


def test_truncated_data(tmp_path):
    path = write_gz(tmp_path / "x.gz", fake_images(2)[:-100])
    with pytest.raises(MnistFormatError, match=r"truncated.*1,568 bytes.*1,468"):
        read_idx_images(path)


def test_extra_data(tmp_path):
    path = write_gz(tmp_path / "x.gz", fake_labels([1, 2]) + b"\x03")
    with pytest.raises(MnistFormatError, match="more data than the header"):
        read_idx_labels(path)


def test_short_header(tmp_path):
    path = write_gz(tmp_path / "x.gz", idx_bytes(2051, (5,)))
    with pytest.raises(MnistFormatError, match="header is 8 bytes, expected 16"):
        read_idx_images(path)
    with pytest.raises(MnistFormatError, match="header is 2 bytes, expected 8"):
        read_idx_labels(write_gz(tmp_path / "y.gz", b"\x00\x00"))


def test_labels_file_given_as_images(tmp_path):
    path = write_gz(tmp_path / "x.gz", fake_labels([1, 2]))
    with pytest.raises(MnistFormatError, match=r"magic number 2049 \(an IDX labels file\), "
                                               r"expected 2051 \(an IDX images file\)"):
        read_idx_images(path)


def test_images_file_given_as_labels(tmp_path):
    path = write_gz(tmp_path / "x.gz", fake_images(1))
    with pytest.raises(MnistFormatError, match="magic number 2051.*expected 2049"):
        read_idx_labels(path)


def test_unknown_magic(tmp_path):
    path = write_gz(tmp_path / "x.gz", b"hello world, not IDX at all")
    with pytest.raises(MnistFormatError, match="not an MNIST IDX file"):
        read_idx_labels(path)


def test_wrong_image_size(tmp_path):
    path = write_gz(tmp_path / "x.gz", idx_bytes(2051, (1, 2, 2), b"\x00" * 4))
    with pytest.raises(MnistFormatError, match="images are 2 x 2, expected 28 x 28"):
        read_idx_images(path)


def test_count_mismatch(tmp_path):
    fake_dir(tmp_path, n_images=3, labels=(1, 2))
    with pytest.raises(MnistFormatError, match="train-images-idx3-ubyte.gz has 3 images but "
                                               "train-labels-idx1-ubyte.gz has 2 labels"):
        load_mnist(tmp_path)


def test_label_out_of_range(tmp_path):
    path = write_gz(tmp_path / "x.gz", fake_labels([3, 9, 10, 1]))
    with pytest.raises(MnistFormatError, match="label 10 at index 2 is not a digit 0..9"):
        read_idx_labels(path)


def test_errors_are_value_errors():
    assert issubclass(MnistFormatError, ValueError)
