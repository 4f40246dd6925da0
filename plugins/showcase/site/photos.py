"""Photos as the site publishes them: oriented, stripped of metadata, resized, cached.

An editor's phone photo carries the GPS position where it was taken, the phone's make and
serial number, sometimes a thumbnail of the uncropped picture, and weighs megabytes. What
reaches ``site/`` is made here from the pixels alone:

1. the picture is turned upright from its EXIF orientation, then only its pixels are kept
   (a new image is made from them, so no EXIF, XMP, IPTC, comment or ICC profile can follow);
   colours in another profile (Adobe RGB, a CMYK press profile) are converted to sRGB first;
2. it is resized to each of :attr:`PhotoSettings.widths` that is narrower than itself (never
   up), and once at its own width when that is narrower than the widest;
3. each size is written as WebP (with transparency where the original has it) and as JPEG
   (on white) for browsers without WebP.

The original never reaches the site: the build publishes only these renditions. An SVG that
passed :func:`showcase.records.photo_files.check_svg` is published as a copy with its
metadata, comments and editor-specific attributes removed.

The output is a function of the image's bytes, the settings and the Pillow version, so it is
cached under that key (:class:`PhotoCache`): an unchanged photo is not processed again. The
same key names the published files, so a changed photo or setting gets a new URL.
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import tempfile
import warnings
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from importlib import resources
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree

import PIL
from PIL import Image, ImageCms, ImageOps

from showcase.records.catalog import Catalog
from showcase.records.errors import ShowcaseError
from showcase.records.photo_files import RASTER_FORMATS, SVG_NAMESPACE, parse_svg
from showcase.records.schema import IMAGE_SUFFIXES

# Published renditions live here, relative to the site root, named by their cache key.
PHOTO_FOLDER = "assets/photos"
# What the offline archive's manifest reads: every photo and its renditions.
PHOTO_INDEX = f"{PHOTO_FOLDER}/index.json"
# Where editors put photos, relative to content/ (as the schema's file field says).
PHOTOS_SOURCE = "photos"
# The lightbox of record pages (assets/showcase-lightbox.js), where the site serves it.
LIGHTBOX_PATH = "assets/javascripts/showcase-lightbox.js"
# Bump when the processing changes in a way the settings do not show: it renames every file.
PIPELINE_VERSION = 1
WEBP = "image/webp"
JPEG = "image/jpeg"
SVG = "image/svg+xml"
_SUFFIXES = {WEBP: "webp", JPEG: "jpg", SVG: "svg"}
_XLINK_NAMESPACE = "http://www.w3.org/1999/xlink"
_EXIF_ORIENTATION = 0x0112
# Drawing programs keep their own state in the file: Inkscape's export path holds the
# author's home folder. Only SVG's own elements and attributes are published.
_SVG_METADATA = frozenset({"metadata"})


class PhotoError(ShowcaseError):
    """A photo that passed validation could not be processed; the message says which."""


@dataclass(frozen=True)
class PhotoSettings:
    """How photos are published; every setting is part of the cache key."""

    # 480: a phone in portrait; 960: a phone at 2x, a tablet; 1600: a laptop at 2x.
    widths: tuple[int, ...] = (480, 960, 1600)
    webp_quality: int = 80
    jpeg_quality: int = 82
    # The background under transparent parts in the JPEG fallback (JPEG has no alpha).
    background: tuple[int, int, int] = (255, 255, 255)

    def fingerprint(self) -> str:
        """A short hash of the settings, the Pillow version and the pipeline's own version."""
        described = {
            "settings": asdict(self),
            "pillow": PIL.__version__,
            "pipeline": PIPELINE_VERSION,
        }
        text = json.dumps(described, sort_keys=True)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Rendition:
    """One published file of a photo: one size in one format."""

    path: str  # relative to the site root, e.g. assets/photos/3f2a…-960.webp
    media_type: str
    width: int
    height: int
    size: int  # bytes


@dataclass(frozen=True)
class ProcessedPhoto:
    """A photo ready to publish: its renditions, narrowest first, WebP before JPEG."""

    file: str  # as written in the data, relative to content/
    key: str
    renditions: tuple[Rendition, ...]

    def of_type(self, media_type: str) -> list[Rendition]:
        """The renditions of one format, narrowest first."""
        return [r for r in self.renditions if r.media_type == media_type]

    @property
    def fallback(self) -> list[Rendition]:
        """What an ``<img>`` lists: the JPEGs, or the one SVG."""
        return self.of_type(JPEG) or self.of_type(SVG)

    @property
    def largest(self) -> Rendition:
        """The widest fallback rendition: the lightbox's picture and the shared image."""
        return self.fallback[-1]


@dataclass
class PhotoCache:
    """Processed photos on disk, keyed by image bytes, settings and Pillow version."""

    folder: Path
    hits: int = 0
    misses: int = 0

    def entry(self, key: str) -> Path:
        """The folder of one photo's renditions and its ``photo.json``."""
        return self.folder / key[:2] / key

    def load(self, key: str) -> list[Rendition] | None:
        """The cached renditions of ``key``, or None when there are none (or they are damaged)."""
        entry = self.entry(key)
        try:
            described = json.loads((entry / "photo.json").read_text(encoding="utf-8"))
            renditions = [Rendition(**item) for item in described["renditions"]]
        except (OSError, ValueError, KeyError, TypeError):
            return None
        for rendition in renditions:
            file = entry / PurePosixPath(rendition.path).name
            if not file.is_file() or file.stat().st_size != rendition.size:
                return None
        return renditions

    def store(self, key: str, files: Mapping[Rendition, bytes]) -> None:
        """Write one photo's renditions; the folder appears whole or not at all."""
        entry = self.entry(key)
        entry.parent.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(prefix=f".{key}.", dir=entry.parent))
        try:
            for rendition, content in files.items():
                (scratch / PurePosixPath(rendition.path).name).write_bytes(content)
            described = {"renditions": [asdict(r) for r in files]}
            (scratch / "photo.json").write_text(json.dumps(described, indent=1), encoding="utf-8")
            if entry.exists():
                shutil.rmtree(entry)  # a damaged entry: load() refused it
            try:
                scratch.replace(entry)
            except OSError:
                if not entry.is_dir():
                    raise  # not another build that stored the same photo first
        finally:
            shutil.rmtree(scratch, ignore_errors=True)


@dataclass
class PhotoProcessor:
    """Processes the photos of one build, each file once, through the cache."""

    content_dir: Path
    cache: PhotoCache
    settings: PhotoSettings = field(default_factory=PhotoSettings)
    processed: dict[str, ProcessedPhoto] = field(default_factory=dict)

    def process(self, file: str) -> ProcessedPhoto:
        """The published form of ``content/<file>``, from the cache when it is there."""
        if file in self.processed:
            return self.processed[file]
        data = (self.content_dir / file).read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        key = hashlib.sha256(f"{digest}:{self.settings.fingerprint()}".encode()).hexdigest()[:32]
        renditions = self.cache.load(key)
        if renditions is None:
            self.cache.misses += 1
            try:
                files = render_photo(data, key, self.settings, svg=file.lower().endswith(".svg"))
            except (OSError, ValueError, SyntaxError) as error:
                raise PhotoError(f"图片 content/{file} 无法处理：{error}") from error
            self.cache.store(key, files)
            renditions = list(files)
        else:
            self.cache.hits += 1
        photo = ProcessedPhoto(file, key, tuple(renditions))
        self.processed[file] = photo
        return photo

    def process_all(self, files: Iterable[str]) -> dict[str, ProcessedPhoto]:
        """Every file once, in a fixed order."""
        return {file: self.process(file) for file in sorted(set(files))}

    def source_of(self, photo: ProcessedPhoto, rendition: Rendition) -> Path:
        """Where a rendition's bytes are on disk, for the build to copy."""
        return self.cache.entry(photo.key) / PurePosixPath(rendition.path).name


@dataclass(frozen=True)
class PublishedPhotos:
    """What the photos add to a site: the processed photos and the files that carry them."""

    photos: dict[str, ProcessedPhoto]  # by file as written in the data, relative to content/
    copied: dict[str, Path]  # site path -> the cached file to copy there
    written: dict[str, str]  # site path -> text: the photo index and the lightbox script


def publish_photos(catalog: Catalog, processor: PhotoProcessor) -> PublishedPhotos:
    """Process every photo the records show and say which files the site gets for them.

    Nothing here is an original: the originals stay in content/, and the site must leave
    them out (they carry the GPS position and the camera serial the renditions do not).
    """
    photos = processor.process_all(photo_files(catalog))
    copied: dict[str, Path] = {}
    for photo in photos.values():
        for rendition in photo.renditions:
            # Two files with the same bytes share their renditions.
            copied.setdefault(rendition.path, processor.source_of(photo, rendition))
    written: dict[str, str] = {}
    if photos:
        lightbox = resources.files("showcase.site").joinpath("assets", "showcase-lightbox.js")
        written = {PHOTO_INDEX: photo_index(photos), LIGHTBOX_PATH: lightbox.read_text("utf-8")}
    return PublishedPhotos(photos, dict(sorted(copied.items())), written)


def is_original(src_uri: str, published: PublishedPhotos) -> bool:
    """Whether a file of content/ is a photo original, which the site never serves as it is.

    That is every file a record shows, and every image in the photos folder (PHOTOS_SOURCE)
    even when no record shows it yet: one added without its record, or under a misspelt
    name, would otherwise go out with its GPS position.
    """
    if src_uri in published.photos:
        return True
    path = PurePosixPath(src_uri)
    return path.parts[:1] == (PHOTOS_SOURCE,) and path.suffix.lower() in IMAGE_SUFFIXES


def photo_files(catalog: Catalog) -> list[str]:
    """Every photo file the records show, relative to content/, once each, sorted."""
    return sorted(
        {photo.file for record in catalog for photo in getattr(record, "photos", None) or ()}
    )


def render_photo(
    data: bytes, key: str, settings: PhotoSettings, *, svg: bool = False
) -> dict[Rendition, bytes]:
    """Every published file of one image, from its bytes alone; the same bytes in, the same out."""
    if svg:
        return _render_svg(data, key)
    # Registers every format: Image.open(formats=…) looks only among the loaded ones.
    Image.init()
    with warnings.catch_warnings():
        # Validation has already refused anything above its own, lower pixel limit.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        with Image.open(io.BytesIO(data), formats=RASTER_FORMATS) as opened:
            if opened.format in ("JPEG", "MPO"):
                # libjpeg decodes at 1/2, 1/4 or 1/8 of the size far faster than in full; the
                # widest rendition still gets at least its own width once turned upright.
                draft_width = max(settings.widths)
                turned = opened.getexif().get(_EXIF_ORIENTATION, 1) in (5, 6, 7, 8)
                opened.draft("RGB", (1, draft_width) if turned else (draft_width, 1))
            upright = ImageOps.exif_transpose(opened)
            icc_profile = opened.info.get("icc_profile")
            has_alpha = opened.mode in ("RGBA", "LA", "PA", "La", "RGBa") or (
                opened.mode == "P" and "transparency" in opened.info
            )
    mode = "RGBA" if has_alpha else "RGB"
    if upright.mode not in ("RGB", "RGBA", "CMYK", "L"):
        upright = upright.convert(mode)
    sizes = published_sizes(upright.size, settings.widths)
    # Down to the widest size first, then colours, then each smaller size from the one
    # before: a colour transform or a filter over 12 megapixels would cost seconds a photo.
    widest = _resized(upright, sizes[-1])
    pixels = _in_srgb(widest, icc_profile, mode)
    # Only the pixels: a new image has no info, so no metadata can be written with it.
    current = Image.frombytes(pixels.mode, pixels.size, pixels.tobytes())
    files: dict[Rendition, bytes] = {}
    for width, height in reversed(sizes):
        current = _resized(current, (width, height))
        webp = io.BytesIO()
        current.save(webp, "WEBP", quality=settings.webp_quality, method=4)
        flat = current
        if current.mode == "RGBA":
            flat = Image.new("RGB", current.size, settings.background)
            flat.paste(current, mask=current.getchannel("A"))
        jpeg = io.BytesIO()
        flat.save(jpeg, "JPEG", quality=settings.jpeg_quality, optimize=True, progressive=True)
        for media_type, buffer in ((WEBP, webp), (JPEG, jpeg)):
            content = buffer.getvalue()
            name = f"{key}-{width}.{_SUFFIXES[media_type]}"
            rendition = Rendition(f"{PHOTO_FOLDER}/{name}", media_type, width, height, len(content))
            files[rendition] = content
    return dict(sorted(files.items(), key=lambda item: (item[0].media_type != WEBP, item[0].width)))


def _resized(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    if image.size == size:
        return image
    return image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)


def published_sizes(size: tuple[int, int], widths: Iterable[int]) -> list[tuple[int, int]]:
    """The sizes a picture of ``size`` is published at: each width narrower than it, never wider.

    A picture narrower than the widest setting is also published at its own width.
    """
    width, height = size
    chosen = sorted({min(target, width) for target in widths})
    return [(w, max(1, round(height * w / width))) for w in chosen]


def _in_srgb(image: Image.Image, icc_profile: bytes | None, mode: str) -> Image.Image:
    """The picture's colours in sRGB, as ``mode``: what browsers assume without a profile."""
    if icc_profile:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
            if "srgb" in ImageCms.getProfileDescription(source).lower():
                return image.convert(mode)  # already what browsers assume
            working = image if image.mode in ("RGB", "RGBA", "CMYK", "L") else image.convert(mode)
            converted = ImageCms.profileToProfile(
                working,
                source,
                ImageCms.createProfile("sRGB"),
                outputMode=mode if working.mode != "L" else "L",
            )
            if converted is not None:
                return converted.convert(mode)
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile: the pixels as they are, which is what browsers show too
    return image.convert(mode)


def _render_svg(data: bytes, key: str) -> dict[Rendition, bytes]:
    root = parse_svg(data)
    if root is None:
        raise ValueError("不是完整的 SVG 文件")
    _strip_svg(root)
    ElementTree.register_namespace("", SVG_NAMESPACE)
    ElementTree.register_namespace("xlink", _XLINK_NAMESPACE)
    content = ElementTree.tostring(root, encoding="utf-8", xml_declaration=False) + b"\n"
    width, height = svg_size(root)
    rendition = Rendition(f"{PHOTO_FOLDER}/{key}.svg", SVG, width, height, len(content))
    return {rendition: content}


def _strip_svg(element: ElementTree.Element) -> None:
    """Keep SVG's own elements and attributes; comments are already gone with the parse."""
    for child in list(element):
        namespace, _, local = child.tag.rpartition("}")
        if namespace.lstrip("{") != SVG_NAMESPACE or local in _SVG_METADATA:
            element.remove(child)
        else:
            _strip_svg(child)
    for name in list(element.attrib):
        namespace = name[1:].split("}", 1)[0] if name.startswith("{") else ""
        if namespace not in ("", _XLINK_NAMESPACE):
            del element.attrib[name]


def svg_size(root: ElementTree.Element) -> tuple[int, int]:
    """The drawing's size in CSS pixels: its width and height, else its viewBox, else 300x150."""
    try:
        width = float(root.attrib.get("width", "").removesuffix("px"))
        height = float(root.attrib.get("height", "").removesuffix("px"))
        return max(1, round(width)), max(1, round(height))
    except ValueError:
        pass
    try:
        _, _, width, height = (
            float(part) for part in root.attrib["viewBox"].replace(",", " ").split()
        )
        return max(1, round(width)), max(1, round(height))
    except (KeyError, ValueError):
        return 300, 150  # what browsers give an SVG without a size


def photo_index(photos: Mapping[str, ProcessedPhoto]) -> str:
    """The list of published photos and their renditions, for the archive's manifest."""
    described = [
        {"file": photo.file, "renditions": [asdict(r) for r in photo.renditions]}
        for _, photo in sorted(photos.items())
    ]
    return json.dumps(described, ensure_ascii=False, indent=1) + "\n"


def read_photo_index(site_dir: Path) -> list[dict[str, object]] | None:
    """The photo list a built site holds, or None when it has none."""
    path = site_dir / PHOTO_INDEX
    if not path.is_file():
        return None
    loaded: list[dict[str, object]] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


# --- what the templates show ---------------------------------------------------------------


@dataclass(frozen=True)
class PictureView:
    """What a ``<picture>`` needs, with URLs relative to the page that shows it."""

    webp_srcset: str  # empty for an SVG
    srcset: str
    src: str
    width: int
    height: int
    full: str  # the widest fallback: the lightbox's picture


def picture_view(photo: ProcessedPhoto, url_of: Callable[[str], str]) -> PictureView:
    """The ``<picture>`` data of one photo as seen from one page."""
    fallback = photo.fallback
    largest = fallback[-1]
    # The middle size is what a browser that ignores srcset gets: sharp on a phone,
    # not the full laptop size.
    middle = fallback[min(1, len(fallback) - 1)]
    return PictureView(
        webp_srcset=", ".join(f"{url_of(r.path)} {r.width}w" for r in photo.of_type(WEBP)),
        srcset=", ".join(f"{url_of(r.path)} {r.width}w" for r in fallback),
        src=url_of(middle.path),
        width=largest.width,
        height=largest.height,
        full=url_of(largest.path),
    )
