"""Images made safe and small enough for a platform before they are uploaded.

Every image is decoded and written again (Pillow): what it carried besides pixels (EXIF with
GPS position, camera serial, XMP, comments) is dropped, its EXIF orientation applied to the
pixels first so it still shows the right way up. Then it is scaled down, and JPEG quality
lowered, until it fits the platform's byte limit and pixel limits. Animated GIFs are passed
through when they fit (re-encoding would lose the animation; GIFs carry no EXIF).

Decoding is bounded: an image claiming more than ``MAX_DECODE_PIXELS`` is refused before its
pixels are read, so an upload cannot cost seconds of CPU or gigabytes of memory.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, replace

from PIL import Image, ImageOps, UnidentifiedImageError

from socialpub.platforms.base import MediaItem
from socialpub.platforms.errors import PermanentError

MAX_DECODE_PIXELS = 60_000_000
_SAVE_AS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}


@dataclass(frozen=True)
class ImageLimits:
    max_bytes: int
    max_side: int | None = None  # longest side, in pixels
    max_pixels: int | None = None  # width × height


def _fits(size: tuple[int, int], limits: ImageLimits) -> bool:
    width, height = size
    if limits.max_side and max(width, height) > limits.max_side:
        return False
    return not (limits.max_pixels and width * height > limits.max_pixels)


def _scale_to(size: tuple[int, int], limits: ImageLimits) -> tuple[int, int]:
    width, height = size
    factor = 1.0
    if limits.max_side:
        factor = min(factor, limits.max_side / max(width, height))
    if limits.max_pixels:
        factor = min(factor, (limits.max_pixels / (width * height)) ** 0.5)
    return max(int(width * factor), 1), max(int(height * factor), 1)


def prepare(item: MediaItem, limits: ImageLimits) -> MediaItem:
    """``item`` without metadata, within ``limits``; PermanentError if it cannot be made to fit."""
    try:
        image = Image.open(io.BytesIO(item.data))
    except (UnidentifiedImageError, OSError) as exc:
        raise PermanentError(f"{item.filename} is not an image we can read") from exc
    with image:
        if image.width * image.height > MAX_DECODE_PIXELS:
            raise PermanentError(
                f"{item.filename} is {image.width}×{image.height} pixels, more than we decode"
            )
        if image.format == "GIF" and getattr(image, "is_animated", False):
            if len(item.data) > limits.max_bytes:
                raise PermanentError(f"animated GIF {item.filename} is over {limits.max_bytes} B")
            return item
        fmt = image.format if image.format in _SAVE_AS else "PNG"
        picture = ImageOps.exif_transpose(image)
    if fmt == "JPEG" and picture.mode not in ("RGB", "L"):
        picture = picture.convert("RGB")
    if not _fits(picture.size, limits):
        picture = picture.resize(_scale_to(picture.size, limits), Image.Resampling.LANCZOS)
    quality = 90
    for _ in range(12):
        data = _encode(picture, fmt, quality)
        if len(data) <= limits.max_bytes:
            return replace(item, data=data, mime_type=_SAVE_AS[fmt])
        if fmt == "PNG" and picture.mode in ("RGB", "L"):
            fmt = "JPEG"  # a photo saved as PNG: JPEG is far smaller and loses nothing visible
        elif fmt in ("JPEG", "WEBP") and quality > 60:
            quality -= 10
        else:
            picture = picture.resize(
                (max(picture.width * 3 // 4, 1), max(picture.height * 3 // 4, 1)),
                Image.Resampling.LANCZOS,
            )
    raise PermanentError(f"{item.filename} cannot be made smaller than {limits.max_bytes} bytes")


def _encode(picture: Image.Image, fmt: str, quality: int) -> bytes:
    out = io.BytesIO()
    # no exif=, no pnginfo=, no icc_profile=: nothing but pixels is written
    if fmt == "JPEG":
        picture.save(out, "JPEG", quality=quality, optimize=True)
    elif fmt == "WEBP":
        picture.save(out, "WEBP", quality=quality)
    else:
        picture.save(out, "PNG", optimize=True)
    return out.getvalue()
