"""Photos sent with a request: at most ``MAX_PHOTOS``, each at most ``MAX_MB``, opened by Pillow
and encoded afresh before anything is kept.

Encoding afresh means what is kept is pixels Pillow decoded, never the bytes that were sent (a
file that only starts like a JPEG, or carries a script after its image data, keeps nothing of
that). The camera's orientation is applied to the pixels; the EXIF block is dropped whole,
location included, unless the requester ticks to keep the location: then only the GPS part is
written back. Every photo is checked before the case is written (``prepare``), so a bad photo
leaves no case."""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from web.cases.access import refuse
from web.common.uploads import MAX_PIXELS

MAX_PHOTOS = 3
MAX_MB = 5
#: the longer side of a kept photo, in pixels (a phone's 12-megapixel photo is 4000)
MAX_SIDE = 2560
#: Pillow's format → (stored type, extension)
ALLOWED = {"JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png"), "WEBP": ("image/webp", "webp")}
GPS_IFD = 0x8825


@dataclass(frozen=True)
class Prepared:
    """A photo ready to keep: the new bytes and what they are."""

    data: bytes
    content_type: str
    extension: str
    width: int
    height: int
    kept_location: bool


def prepare_one(upload: Any, *, keep_location: bool) -> Prepared:
    from PIL import Image, ImageOps

    name = (getattr(upload, "name", "") or "")[-60:]
    if upload.size > MAX_MB * 1024 * 1024:
        raise refuse(
            _("照片“%(name)s”超过 %(mb)d MB，请换一张或缩小后再传。") % {"name": name, "mb": MAX_MB},
            "photo_too_large",
            400,
        )
    upload.seek(0)
    raw = upload.read()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(raw)) as image:
                if image.format not in ALLOWED or image.width * image.height > MAX_PIXELS:
                    raise ValueError(image.format)
                kind = image.format
                exif = image.getexif()
                image.load()
                picture = ImageOps.exif_transpose(image)
    except Exception as exc:  # Pillow raises OSError, SyntaxError, ValueError, DecompressionBomb*…
        raise refuse(
            _("“%(name)s”不是可以打开的照片。只接受 JPG、PNG 或 WEBP 格式的图片。") % {"name": name},
            "photo_unreadable",
            400,
        ) from exc
    picture.thumbnail((MAX_SIDE, MAX_SIDE))
    content_type, extension = ALLOWED[kind]
    out = io.BytesIO()
    options: dict[str, Any] = {}
    gps = exif.get_ifd(GPS_IFD) if keep_location else {}
    if gps:
        kept = Image.Exif()
        kept[GPS_IFD] = gps
        options["exif"] = kept.tobytes()
    if kind == "JPEG":
        picture = picture.convert("RGB")
        picture.save(out, "JPEG", quality=85, optimize=True, **options)
    elif kind == "PNG":
        if picture.mode not in ("RGB", "RGBA", "L", "LA", "P"):
            picture = picture.convert("RGBA")
        picture.save(out, "PNG", optimize=True, **options)
    else:
        picture.save(out, "WEBP", quality=85, **options)
    return Prepared(out.getvalue(), content_type, extension, picture.width, picture.height, bool(gps))


def prepare(uploads: list[Any], *, keep_location: bool) -> list[Prepared]:
    """Every photo checked and encoded afresh, or a refusal naming the first bad one."""
    uploads = [u for u in uploads if getattr(u, "size", 0)]
    if len(uploads) > MAX_PHOTOS:
        raise refuse(_("最多上传 %(n)d 张照片。") % {"n": MAX_PHOTOS}, "too_many_photos", 400)
    return [prepare_one(u, keep_location=keep_location) for u in uploads]
