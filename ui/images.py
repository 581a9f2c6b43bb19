"""Gray pictures as images rather than Plotly heatmaps: no numbers to hover, just pixels.

For pictures that need no hover (canvas backgrounds, the steps of a photo, the
mistakes gallery, the input drawn over the network's connections), sending an
image is lighter than sending every value.
"""

from __future__ import annotations

import base64
import io

import numpy as np
from PIL import Image

from netcore.preprocess import SIDE   # a (784,) vector is read as SIDE x SIDE, as MNIST stores it



def enlarged(picture, scale: int = 1) -> Image.Image:
    """A gray picture with values 0 (black) to 1 (white) as an 8-bit image, each pixel a
    scale x scale square: nearest neighbour, so small pictures stay crisp, never blurred.

    picture: any 2-D array, or a (784,) vector read as 28 x 28. Values outside 0..1
    are clipped.
    """
    grid = np.asarray(picture, dtype=np.float32)
    grid = grid.reshape(SIDE, SIDE) if grid.ndim == 1 else grid
    image = Image.fromarray((np.clip(grid, 0, 1) * 255).round().astype(np.uint8))
    if scale == 1:
        return image
    return image.resize((grid.shape[1] * scale, grid.shape[0] * scale), Image.Resampling.NEAREST)


def png_data_uri(image: Image.Image) -> str:
    """The image as a PNG in a data: URI, for Plotly to draw without a file."""
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=1)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()
