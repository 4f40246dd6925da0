"""Photo files as editors commit them: what the build can safely read and publish.

A phone photo is large, may be damaged on the way, may carry a suffix that lies about its
format, and a file named ``.svg`` is a program as much as a picture. Each of those is refused
here, at ``showcase validate``, before a build reads the file: the build
(:mod:`showcase.site.photos`) then only ever decodes images that passed.

Decoding is what finds a truncated file; a JPEG is decoded at an eighth of its size (libjpeg
still reads every byte), so checking a folder of phone photos stays quick.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree

from PIL import Image, UnidentifiedImageError

# A phone photo is 2-12 MB; 30 MB is a camera's raw export or a scan, far more than a page
# needs. The limit also bounds what one pull request makes the build read.
MAX_FILE_BYTES = 30 * 1024 * 1024
# 60 megapixels: a 50 MP phone sensor fits, a decompression bomb (a small file that expands
# to gigabytes of pixels) does not. Pillow's own guard stops at 89 MP with a warning only.
MAX_PIXELS = 60_000_000
# What each suffix must really be. Phones write JPEGs with a second, smaller picture inside
# (MPO); its first picture is the photo.
FORMATS_BY_SUFFIX = {
    ".jpg": ("JPEG", "MPO"),
    ".jpeg": ("JPEG", "MPO"),
    ".png": ("PNG",),
    ".webp": ("WEBP",),
    ".gif": ("GIF",),
}
# The decoders the build opens photos with (an MPO opens through JPEG's).
RASTER_FORMATS = ("GIF", "JPEG", "PNG", "WEBP")
SVG_NAMESPACE = "http://www.w3.org/2000/svg"
# Elements that run code or pull in other documents; event attributes (onload …) likewise.
_ACTIVE_SVG_ELEMENTS = frozenset(
    {"script", "foreignObject", "iframe", "embed", "object", "handler", "listener"}
)
_EXTERNAL_STYLE = re.compile(r"url\(\s*['\"]?(?!#)|@import", re.IGNORECASE)


@dataclass(frozen=True)
class PhotoProblem:
    """Why a photo file cannot be published, with a stable code; the message is Chinese."""

    code: str
    message: str


def check_photo_file(path: Path, name: str) -> PhotoProblem | None:
    """The first reason the image at ``path`` cannot be published, or None when it can.

    ``name`` is how messages name the file (``content/photos/a.jpg``).
    """
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        return PhotoProblem(
            code="photo-too-large",
            message=f"图片 {name} 有 {size / 1024 / 1024:.1f} MB，超过上限 {MAX_FILE_BYTES // 1024 // 1024} MB。"
            "请先缩小后再提交（长边 3000 像素左右足够，网站会自动生成适合手机的尺寸）。",
        )
    suffix = PurePosixPath(name).suffix.lower()
    if suffix == ".svg":
        return check_svg(path.read_bytes(), name)
    return _check_raster(path, name, suffix)


def _check_raster(path: Path, name: str, suffix: str) -> PhotoProblem | None:
    unreadable = PhotoProblem(
        code="photo-unreadable",
        message=f"无法读取图片 {name}：文件已损坏、没有传完整，或者不是图片。"
        "请用看图软件打开确认，再重新导出为 JPEG（.jpg）或 PNG 后提交。",
    )
    with warnings.catch_warnings():
        # Pillow warns between 89 and 179 megapixels and refuses above; the limit here is
        # lower and is reported below as an editor's error, not as a warning.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            with Image.open(path) as image:
                width, height = image.size
                if width * height > MAX_PIXELS:
                    return _too_many_pixels(name, width, height)
                if image.format not in FORMATS_BY_SUFFIX.get(suffix, ()):
                    return _wrong_suffix(name, suffix, image.format)
                frames: int = getattr(image, "n_frames", 1)
                if image.format != "MPO" and frames > 1:
                    return PhotoProblem(
                        code="photo-animated",
                        message=f"图片 {name} 是动图（{frames} 帧）。网站只发布静态照片："
                        "请选一帧另存为 JPEG（.jpg）或 PNG 后提交。",
                    )
                if image.format in ("JPEG", "MPO"):
                    image.draft("RGB", (max(1, width // 8), max(1, height // 8)))
                image.load()
        except Image.DecompressionBombError:
            return _too_many_pixels(name, 0, 0)
        except UnidentifiedImageError:
            return unreadable
        except (OSError, SyntaxError, ValueError, EOFError):
            # Truncated or damaged data: Pillow reports it as any of these.
            return unreadable
    return None


def _too_many_pixels(name: str, width: int, height: int) -> PhotoProblem:
    size = f"（{width}×{height}）" if width else ""
    return PhotoProblem(
        code="photo-too-large",
        message=f"图片 {name} 的像素太多{size}，超过上限 {MAX_PIXELS // 1_000_000} 百万像素，"
        "可能是异常文件。请缩小到长边 3000 像素左右后重新导出。",
    )


def _wrong_suffix(name: str, suffix: str, real_format: str | None) -> PhotoProblem:
    real = real_format or "未知"
    right = [s for s, formats in FORMATS_BY_SUFFIX.items() if real in formats]
    fix = (
        f"请把扩展名改成 {right[0]}（同时改正记录里的 file）"
        if right
        else "网站不支持这种格式，请另存为 JPEG（.jpg）或 PNG"
    )
    return PhotoProblem(
        code="photo-wrong-suffix",
        message=f"图片 {name} 的扩展名是 {suffix}，但文件实际是 {real} 格式。{fix}。",
    )


def check_svg(data: bytes, name: str) -> PhotoProblem | None:
    """Refuse an SVG that is not plain drawing: scripts, event handlers, outside references."""
    unsafe = PhotoProblem(
        code="photo-unsafe-svg",
        message=f"SVG 图片 {name} 含有脚本、事件属性（如 onload）或对外部文件的引用，"
        "访客打开时会执行或加载。请删除这些部分，或另存为 PNG 后提交。",
    )
    root = parse_svg(data)
    if root is None:
        return PhotoProblem(
            code="photo-unreadable",
            message=f"无法读取 SVG 图片 {name}：不是完整的 SVG 文件，或含有 DOCTYPE/实体声明。"
            "请用绘图软件重新导出为“纯 SVG”，或另存为 PNG 后提交。",
        )
    for element in root.iter():
        local = _local_name(element.tag)
        if local in _ACTIVE_SVG_ELEMENTS:
            return unsafe
        if local == "style" and _EXTERNAL_STYLE.search(element.text or ""):
            return unsafe
        for attribute, value in element.attrib.items():
            attribute_name = _local_name(attribute).lower()
            if attribute_name.startswith("on"):
                return unsafe
            if attribute_name == "href" and not value.strip().startswith("#"):
                return unsafe
            if attribute_name == "style" and _EXTERNAL_STYLE.search(value):
                return unsafe
    return None


def parse_svg(data: bytes) -> ElementTree.Element | None:
    """The root of an SVG document, or None when it is not one or declares entities."""
    # A DOCTYPE can declare entities that expand a small file into gigabytes.
    if b"<!DOCTYPE" in data.upper() or b"<!ENTITY" in data.upper():
        return None
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError:
        return None
    return root if root.tag == f"{{{SVG_NAMESPACE}}}svg" else None


def _local_name(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]
