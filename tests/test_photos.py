"""The photo pipeline: what validate refuses, what a build publishes, and what it never does.

Every image here is made by the tests (tests/images.py): a phone photo with its GPS position
and serial number, one turned by its EXIF orientation, a CMYK JPEG, a PNG with transparency,
a decompression bomb, a truncated upload, a PNG named .jpg, animations and SVGs with scripts.
"""

from __future__ import annotations

import hashlib
import io
import json
import posixpath
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort
from PIL import Image

from showcase.cli import main
from showcase.records import photo_files
from showcase.records.validation import sorted_diagnostics, validate
from showcase.site import photos as photos_module
from showcase.site.photos import (
    PHOTO_FOLDER,
    PhotoCache,
    PhotoProcessor,
    PhotoSettings,
    published_sizes,
    render_photo,
)
from tests import images
from tests.conftest import REPO_ROOT, WriteTree, git
from tests.test_site_build import build_site

# The site's own theme overrides: og:image is printed by overrides/main.html.
MKDOCS_YML = f"""\
site_name: 测试站点
site_url: https://union.example.org/
docs_dir: content
theme:
  name: material
  language: zh
  font: false
  custom_dir: {REPO_ROOT / "overrides"}
plugins:
  - showcase/records:
      photo_cache_dir: cache/photos
  - showcase/links
"""

STUDIO = """\
  - id: {id}
    name: {name}
    sources: [{{source: test-source}}]
"""
PHOTO = """\
      - file: {file}
        caption: {caption}
        alt: {alt}
        shows_identifiable_people: false
"""

# What the good site shows: file, caption, alt text; the first studio has four photos.
GOOD_PHOTOS = {
    "photos/phone.jpg": ("工作室一角", "车间里摆放整齐的数控机床"),
    "photos/turned.jpg": ("竖拍的照片", "竖立的奖牌"),
    "photos/print.jpg": ("印刷厂提供的图片", "工作室门口的铜牌"),
    "photos/logo.png": ("工作室标志", "红色的工作室标志"),
    "photos/badge.svg": ("徽章", "红色的矩形徽章"),
    "photos/small.png": ("小图", "一张很小的示意图"),
}
GOOD_FILES: dict[str, bytes] = {
    "content/photos/phone.jpg": images.phone_jpeg(),
    "content/photos/turned.jpg": images.phone_jpeg((300, 200), orientation=6),
    "content/photos/print.jpg": images.cmyk_jpeg(),
    "content/photos/logo.png": images.png_with_alpha(),
    "content/photos/badge.svg": images.SAFE_SVG,
    "content/photos/small.png": images.small_png(),
}


HOME_PAGE = "# 首页\n\n## 工作室\n\n{{showcase list studios}}\n"


def photo_entries(files: list[str]) -> str:
    return "    photos:\n" + "".join(
        PHOTO.format(file=file, caption=GOOD_PHOTOS[file][0], alt=GOOD_PHOTOS[file][1])
        for file in files
    )


def good_data() -> str:
    first = STUDIO.format(id="steel-studio", name="钢管工作室") + photo_entries(
        ["photos/phone.jpg", "photos/turned.jpg", "photos/print.jpg", "photos/logo.png"]
    )
    second = STUDIO.format(id="badge-studio", name="徽章工作室") + photo_entries(
        ["photos/badge.svg", "photos/small.png"]
    )
    bare = STUDIO.format(id="bare-studio", name="没有图片的工作室")
    return "studios:\n" + first + second + bare


def good_tree(write_tree: WriteTree) -> Path:
    return write_tree(
        {
            "mkdocs.yml": MKDOCS_YML,
            "content/index.md": "# 首页\n",
            "data/records.yaml": good_data(),
            **GOOD_FILES,
        }
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The good tree and its site, built once for the tests that only read it."""
    root = tmp_path_factory.mktemp("photos")
    for name, content in {
        "data/sources.yaml": "sources:\n  - id: test-source\n    title: 测试来源\n",
        "mkdocs.yml": MKDOCS_YML,
        "content/index.md": HOME_PAGE,
        "data/records.yaml": good_data(),
        **GOOD_FILES,
    }.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return root, build_site(root)


# --- what validate refuses ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("file", "content", "code", "words"),
    [
        (
            "photos/bomb.png",
            images.huge_png(),
            "photo-too-large",
            "（9000×9000），超过上限 60 百万像素",
        ),
        ("photos/cut.jpg", images.truncated_jpeg(), "photo-unreadable", "没有传完整"),
        (
            "photos/liar.jpg",
            images.small_png(),
            "photo-wrong-suffix",
            "实际是 PNG 格式。请把扩展名改成 .png",
        ),
        ("photos/moving.gif", images.animated_gif(), "photo-animated", "是动图（2 帧）"),
        ("photos/moving.webp", images.animated_webp(), "photo-animated", "是动图（2 帧）"),
        ("photos/script.svg", images.SCRIPT_SVG, "photo-unsafe-svg", "含有脚本"),
        ("photos/handler.svg", images.HANDLER_SVG, "photo-unsafe-svg", "事件属性（如 onload）"),
        ("photos/entity.svg", images.ENTITY_SVG, "photo-unreadable", "DOCTYPE/实体声明"),
        ("photos/text.png", b"not an image at all", "photo-unreadable", "或者不是图片"),
        ("photos/remote.svg", images.EXTERNAL_SVG, "photo-unsafe-svg", "对外部文件的引用"),
        ("photos/style.svg", images.STYLE_SVG, "photo-unsafe-svg", "对外部文件的引用"),
        ("photos/foreign.svg", images.FOREIGN_SVG, "photo-unsafe-svg", "含有脚本"),
    ],
)
def test_validate_refuses_photos_the_build_must_not_publish(
    write_tree: WriteTree, file: str, content: bytes, code: str, words: str
) -> None:
    data = (
        "studios:\n"
        + STUDIO.format(id="s1", name="工作室")
        + ("    photos:\n" + PHOTO.format(file=file, caption="说明", alt="车间里的机床"))
    )
    root = write_tree({"data/records.yaml": data, f"content/{file}": content})
    (found,) = [str(d) for d in sorted_diagnostics(validate([root / "data"], root))]
    assert found.startswith(
        f"data/records.yaml:6:15: studios[0].photos[0].file: 图片 content/{file}"
    ) or (found.startswith("data/records.yaml:6:15: studios[0].photos[0].file: "))
    assert words in found
    assert found.endswith(f"[{code}]")


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(
    write_tree: WriteTree, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(photo_files, "MAX_FILE_BYTES", 1000)
    data = (
        "studios:\n"
        + STUDIO.format(id="s1", name="工作室")
        + (
            "    photos:\n"
            + PHOTO.format(file="photos/big.jpg", caption="说明", alt="车间里的机床")
        )
    )
    root = write_tree({"data/records.yaml": data, "content/photos/big.jpg": images.phone_jpeg()})
    (found,) = [str(d) for d in sorted_diagnostics(validate([root / "data"], root))]
    assert (
        "studios[0].photos[0].file: 图片 content/photos/big.jpg 有 0.1 MB，超过上限 0 MB。" in found
    )
    assert found.endswith("[photo-too-large]")


@pytest.mark.parametrize("alt", ["award.jpg", "award", "IMG_2041", "DSC00012", "微信图片_20240501"])
def test_alt_text_that_is_a_file_name_is_refused(write_tree: WriteTree, alt: str) -> None:
    data = (
        "studios:\n"
        + STUDIO.format(id="s1", name="工作室")
        + ("    photos:\n" + PHOTO.format(file="photos/award.jpg", caption="说明", alt=alt))
    )
    root = write_tree({"data/records.yaml": data, "content/photos/award.jpg": images.small_jpeg()})
    (found,) = [str(d) for d in sorted_diagnostics(validate([root / "data"], root))]
    assert found.startswith("data/records.yaml:8:14: studios[0].photos[0].alt: 替代文字")
    assert found.endswith("[alt-is-file-name]")


def test_empty_alt_text_and_missing_consent_are_refused(write_tree: WriteTree) -> None:
    data = (
        "studios:\n"
        + STUDIO.format(id="s1", name="工作室")
        + "    photos:\n      - file: photos/a.jpg\n        caption: 说明\n        alt: ' '\n"
        "        shows_identifiable_people: false\n"
        "      - file: photos/a.jpg\n        caption: 颁奖\n        alt: 李刚领奖\n"
        "        shows_identifiable_people: true\n"
    )
    root = write_tree({"data/records.yaml": data, "content/photos/a.jpg": images.small_jpeg()})
    found = [str(d) for d in sorted_diagnostics(validate([root / "data"], root))]
    assert len(found) == 2
    assert found[0].startswith("data/records.yaml:8:14: studios[0].photos[0].alt: 不能为空")
    assert "studios[0].photos[1]: 这张图片含可辨认的人物，但没有写 consent: true。" in found[1]


def test_every_good_photo_passes_validation(write_tree: WriteTree) -> None:
    root = good_tree(write_tree)
    assert sorted_diagnostics(validate([root / "data"], root)) == []


# --- what the build publishes ---------------------------------------------------------------


def site_images(site: Path) -> dict[str, bytes]:
    found = {
        path.relative_to(site).as_posix(): path.read_bytes()
        for path in sorted(site.rglob("*"))
        if path.suffix.lower() in (".jpg", ".jpeg", ".png", ".webp", ".gif", ".svg")
        # Material's own icons and logo are not photos.
        and not path.relative_to(site).as_posix().startswith("assets/images/")
    }
    return found


def webp_chunks(data: bytes) -> list[bytes]:
    assert data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    chunks, offset = [], 12
    while offset < len(data):
        name, size = (
            data[offset : offset + 4],
            int.from_bytes(data[offset + 4 : offset + 8], "little"),
        )
        chunks.append(name)
        offset += 8 + size + (size & 1)
    return chunks


def jpeg_segments(data: bytes) -> list[int]:
    """The markers of a JPEG's header segments, up to the start of the picture data."""
    assert data[:2] == b"\xff\xd8"
    markers, offset = [], 2
    while data[offset + 1] != 0xDA:
        marker = data[offset + 1]
        markers.append(marker)
        offset += 2 + int.from_bytes(data[offset + 2 : offset + 4], "big")
    return markers


def test_published_images_carry_no_metadata_and_no_original(built: tuple[Path, Path]) -> None:
    _root, site = built
    published = site_images(site)
    assert len(published) == 6 + 2 + 4 + 4 + 1 + 2  # every rendition, no more
    originals = {hashlib.sha256(content).hexdigest() for content in GOOD_FILES.values()}
    assert [
        name
        for name, content in published.items()
        if hashlib.sha256(content).hexdigest() in originals
    ] == []
    assert not (site / "photos").exists()
    checked = 0
    for name, content in published.items():
        assert posixpath.dirname(name) == PHOTO_FOLDER
        for secret in (images.SERIAL_NUMBER.encode(), images.COMMENT, b"xmpmeta", b"GPS"):
            assert secret not in content, name
        if name.endswith(".svg"):
            assert b"metadata" not in content and b"zhangsan" not in content
            assert b"<!--" not in content
            continue
        with Image.open(io.BytesIO(content)) as image:
            assert not image.getexif(), name
            assert not {"exif", "xmp", "XML:com.adobe.xmp", "icc_profile", "comment"} & set(
                image.info
            )
        if name.endswith(".webp"):
            assert set(webp_chunks(content)) <= {b"VP8 ", b"VP8L", b"VP8X", b"ALPH"}, name
        else:
            # Only the JFIF header, the tables and the frame: no APP1 (EXIF, XMP), APP2 (ICC),
            # APP13 (IPTC) or COM segment.
            assert set(jpeg_segments(content)) <= {0xE0, 0xDB, 0xC4, 0xC0, 0xC2, 0xDD}, name
        checked += 1
    assert checked == len(published) - 1


def test_sizes_are_as_promised_never_upscaled_and_upright(built: tuple[Path, Path]) -> None:
    _, site = built
    index = json.loads((site / PHOTO_FOLDER / "index.json").read_text(encoding="utf-8"))
    by_file = {entry["file"]: entry["renditions"] for entry in index}
    assert sorted(by_file) == sorted(GOOD_PHOTOS)

    def sizes(file: str, media_type: str) -> list[tuple[int, int]]:
        return [(r["width"], r["height"]) for r in by_file[file] if r["media_type"] == media_type]

    for media_type in ("image/webp", "image/jpeg"):
        assert sizes("photos/phone.jpg", media_type) == [(480, 320), (960, 640), (1600, 1067)]
        assert sizes("photos/turned.jpg", media_type) == [(200, 300)]  # turned upright
        assert sizes("photos/print.jpg", media_type) == [(480, 360), (800, 600)]
        assert sizes("photos/small.png", media_type) == [(300, 200)]  # never upscaled
    assert sizes("photos/badge.svg", "image/svg+xml") == [(120, 80)]
    for entries in by_file.values():
        for rendition in entries:
            content = (site / rendition["path"]).read_bytes()
            assert len(content) == rendition["size"]
            if rendition["media_type"] != "image/svg+xml":
                with Image.open(io.BytesIO(content)) as image:
                    assert image.size == (rendition["width"], rendition["height"])
    # The picture turned by its EXIF orientation: its left half (red) is now on top.
    turned = next(r for r in by_file["photos/turned.jpg"] if r["media_type"] == "image/jpeg")
    with Image.open(site / turned["path"]) as image:
        red, _green, blue = image.convert("RGB").getpixel((100, 20))  # type: ignore[misc]
        assert red > 200 and blue < 60
        red, _green, blue = image.convert("RGB").getpixel((100, 280))  # type: ignore[misc]
        assert blue > 200 and red < 60
    # CMYK became RGB; transparency stays in WebP and is white in the JPEG.
    logo = {r["media_type"]: r for r in by_file["photos/logo.png"] if r["width"] == 600}
    with Image.open(site / logo["image/webp"]["path"]) as image:
        assert image.mode == "RGBA" and image.getpixel((550, 200))[3] == 0  # type: ignore[index]
    with Image.open(site / logo["image/jpeg"]["path"]) as image:
        assert image.mode == "RGB" and image.getpixel((550, 200)) == (255, 255, 255)


class Elements(HTMLParser):
    """Every start tag of a page with its attributes, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def elements(path: Path) -> list[tuple[str, dict[str, str | None]]]:
    parser = Elements()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.tags


def test_record_pages_show_pictures_with_sizes_and_a_lightbox(built: tuple[Path, Path]) -> None:
    _, site = built
    page = site / "studios/steel-studio/index.html"
    tags = elements(page)
    pictures = [i for i, (tag, _) in enumerate(tags) if tag == "picture"]
    assert len(pictures) == 4
    for number, start in enumerate(pictures):
        (source_tag, source), (img_tag, img) = tags[start + 1], tags[start + 2]
        assert (source_tag, img_tag) == ("source", "img")
        assert source["type"] == "image/webp"
        assert source["sizes"] == img["sizes"]
        for srcset in (source["srcset"], img["srcset"]):
            assert srcset
            for candidate in srcset.split(", "):
                url, width = candidate.split(" ")
                assert width.endswith("w")
                assert (page.parent / url).resolve().is_file(), url
        assert (page.parent / str(img["src"])).resolve().is_file()
        assert int(str(img["width"])) > 0 and int(str(img["height"])) > 0
        # The header photo loads at once; the gallery's only when scrolled to.
        assert (img.get("loading") == "lazy") == (number > 0)
        link = tags[start - 1]
        assert link[0] == "a" and link[1]["class"] == "showcase-lightbox"
        assert (page.parent / str(link[1]["href"])).resolve().is_file()
    first = tags[pictures[0] + 2][1]
    assert first["alt"] == "车间里摆放整齐的数控机床"
    assert (first["width"], first["height"]) == ("1600", "1067")
    assert tags[pictures[0] + 1][1]["srcset"].count("w, ") == 2  # type: ignore[union-attr]
    text = page.read_text(encoding="utf-8")
    assert "<figcaption>工作室一角</figcaption>" in text
    scripts = [
        a["src"] for tag, a in tags if tag == "script" and "lightbox" in (a.get("src") or "")
    ]
    assert scripts == ["../../assets/javascripts/showcase-lightbox.js"]
    assert (site / "assets/javascripts/showcase-lightbox.js").is_file()
    og = [a["content"] for tag, a in tags if tag == "meta" and a.get("property") == "og:image"]
    jpeg = tags[pictures[0] + 2][1]["srcset"].split(", ")[-1].split(" ")[0]  # type: ignore[union-attr]
    assert og == ["https://union.example.org/" + posixpath.normpath("studios/steel-studio/" + jpeg)]


def test_an_svg_is_shown_as_an_img_without_a_webp_source(built: tuple[Path, Path]) -> None:
    _, site = built
    tags = elements(site / "studios/badge-studio/index.html")
    start = next(i for i, (tag, _) in enumerate(tags) if tag == "picture")
    assert tags[start + 1][0] == "img"
    assert str(tags[start + 1][1]["src"]).endswith(".svg")
    assert (tags[start + 1][1]["width"], tags[start + 1][1]["height"]) == ("120", "80")


def test_a_record_without_photos_looks_as_before(built: tuple[Path, Path]) -> None:
    _, site = built
    page = site / "studios/bare-studio/index.html"
    tags = elements(page)
    assert [tag for tag, _ in tags if tag in ("picture", "img", "figure")] == []
    assert [a for tag, a in tags if tag == "meta" and a.get("property") == "og:image"] == []
    assert "showcase-lightbox" not in page.read_text(encoding="utf-8")


def test_listings_show_a_thumbnail_for_records_with_photos(built: tuple[Path, Path]) -> None:
    _, site = built
    tags = elements(site / "studios/index.html")
    thumbnails = [
        a for tag, a in tags if tag == "picture" and a.get("class") == "showcase-thumbnail"
    ]
    assert len(thumbnails) == 2  # two of the three studios have photos
    images_shown = [a for tag, a in tags if tag == "img" and a.get("sizes") == "5rem"]
    assert [a["alt"] for a in images_shown] == ["", ""]  # the name beside it says it all
    assert all(a["loading"] == "lazy" for a in images_shown)


def test_the_home_page_lists_show_thumbnails_too(built: tuple[Path, Path]) -> None:
    _, site = built
    page = site / "index.html"
    tags = elements(page)
    shown = [a for tag, a in tags if tag == "img" and a.get("sizes") == "5rem"]
    assert len(shown) == 2
    for img in shown:
        assert img["alt"] == "" and img["loading"] == "lazy"
        assert (page.parent / str(img["src"])).resolve().is_file()
        assert str(img["src"]).startswith("assets/photos/")
    items = [a.get("class") for tag, a in tags if tag == "li"]
    assert items.count("showcase-with-thumbnail") == 2


def test_the_tianjin_site_has_no_photos_and_no_photo_markup(real_site: Path) -> None:
    # The article's captions describe photos the project does not have: none are invented.
    assert not (real_site / PHOTO_FOLDER).exists()
    pages = list(real_site.rglob("*.html"))
    assert len(pages) > 20
    assert [p for p in pages if "<picture" in p.read_text(encoding="utf-8")] == []


# --- the cache and reproducibility ----------------------------------------------------------


def test_an_unchanged_photo_is_not_processed_again(
    write_tree: WriteTree, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = good_tree(write_tree)
    first = site_images(build_site(root))
    assert (root / "cache/photos").is_dir()

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("processed again")

    monkeypatch.setattr(photos_module, "render_photo", refuse)
    (root / "site").rename(root / "first-site")
    assert site_images(build_site(root)) == first
    # A changed photo is processed again, and only that one.
    monkeypatch.undo()
    calls: list[bytes] = []

    def counting(data: bytes, *args: object, **kwargs: object) -> object:
        calls.append(data)
        return render_photo(data, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(photos_module, "render_photo", counting)
    (root / "content/photos/small.png").write_bytes(images.small_png((310, 200)))
    build_site(root)
    assert len(calls) == 1


def test_a_damaged_cache_entry_is_made_again(tmp_path: Path) -> None:
    (tmp_path / "content/photos").mkdir(parents=True)
    (tmp_path / "content/photos/a.jpg").write_bytes(images.small_jpeg())
    processor = PhotoProcessor(tmp_path / "content", PhotoCache(tmp_path / "cache"))
    photo = processor.process("photos/a.jpg")
    good = processor.source_of(photo, photo.renditions[0]).read_bytes()
    processor.source_of(photo, photo.renditions[0]).write_bytes(b"half")
    again = PhotoProcessor(tmp_path / "content", PhotoCache(tmp_path / "cache"))
    photo = again.process("photos/a.jpg")
    assert (again.cache.misses, again.cache.hits) == (1, 0)
    assert again.source_of(photo, photo.renditions[0]).read_bytes() == good


def test_the_same_bytes_and_settings_give_the_same_files_and_other_settings_other_names() -> None:
    data = images.phone_jpeg((1000, 700))
    first = render_photo(data, "k", PhotoSettings())
    assert render_photo(data, "k", PhotoSettings()) == first
    assert PhotoSettings().fingerprint() == PhotoSettings().fingerprint()
    assert PhotoSettings(widths=(320,)).fingerprint() != PhotoSettings().fingerprint()
    assert PhotoSettings(jpeg_quality=70).fingerprint() != PhotoSettings().fingerprint()


def test_published_sizes_never_exceed_the_picture() -> None:
    assert published_sizes((3000, 2000), (480, 960, 1600)) == [(480, 320), (960, 640), (1600, 1067)]
    assert published_sizes((960, 100), (480, 960, 1600)) == [(480, 50), (960, 100)]
    assert published_sizes((100, 4000), (480, 960, 1600)) == [(100, 4000)]


def test_the_archive_holds_no_original_and_lists_the_processed_sizes(write_tree: WriteTree) -> None:
    root = good_tree(write_tree)
    (root / ".gitignore").write_text("/site/\n/dist/\n/cache/\n", encoding="utf-8")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "photos", date="2024-05-01T12:00:00+00:00")
    assert (
        main(["archive", "--config", str(root / "mkdocs.yml"), "--output", str(root / "dist")]) == 0
    )
    (zip_path,) = (root / "dist").glob("*.zip")
    with zipfile.ZipFile(zip_path) as archive:
        contents = {
            info.filename.split("/", 1)[1]: archive.read(info) for info in archive.infolist()
        }
    originals = {hashlib.sha256(content).hexdigest() for content in GOOD_FILES.values()}
    assert [n for n, c in contents.items() if hashlib.sha256(c).hexdigest() in originals] == []
    assert [n for n in contents if n.startswith("photos/")] == []
    manifest = json.loads(contents["manifest.json"])
    listed = {entry["file"]: entry["renditions"] for entry in manifest["photos"]}
    assert sorted(listed) == sorted(GOOD_PHOTOS)
    files = {entry["path"]: entry for entry in manifest["files"]}
    count = 0
    for renditions in listed.values():
        for rendition in renditions:
            assert files[rendition["path"]]["size"] == rendition["size"]
            count += 1
    assert count == 19
    # The offline pages (file URLs) show the photos too.
    assert (
        b'class="showcase-lightbox" href="../assets/photos/'
        in contents["studios/steel-studio.html"]
    )


def test_a_phone_mpo_is_a_jpeg_and_only_its_main_picture_is_published(
    write_tree: WriteTree,
) -> None:
    tree = {
        "mkdocs.yml": MKDOCS_YML,
        "content/index.md": "# 首页\n",
        "data/records.yaml": "studios:\n"
        + STUDIO.format(id="s1", name="工作室")
        + "    photos:\n"
        + PHOTO.format(file="photos/mpo.jpg", caption="说明", alt="车间里的机床")
        + PHOTO.format(file="photos/profile.jpg", caption="说明", alt="车间里的机床"),
        "content/photos/mpo.jpg": images.phone_mpo(),
        "content/photos/profile.jpg": images.jpeg_with_broken_profile(),
    }
    with Image.open(io.BytesIO(tree["content/photos/mpo.jpg"])) as image:  # type: ignore[arg-type]
        assert (image.format, getattr(image, "n_frames", 1)) == ("MPO", 2)
    site = build_site(write_tree(tree))
    index = json.loads((site / PHOTO_FOLDER / "index.json").read_text(encoding="utf-8"))
    sizes = {e["file"]: [(r["width"], r["height"]) for r in e["renditions"]] for e in index}
    assert sizes["photos/mpo.jpg"] == [(480, 360), (640, 480)] * 2
    assert sizes["photos/profile.jpg"] == [(480, 288), (500, 300)] * 2
    for entry in index:
        for rendition in entry["renditions"]:
            with Image.open(site / rendition["path"]) as image:
                assert getattr(image, "n_frames", 1) == 1
                assert "icc_profile" not in image.info


def test_a_photo_the_build_cannot_process_fails_it_with_the_file_named(
    write_tree: WriteTree, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise OSError("decoder error -2")

    monkeypatch.setattr(photos_module, "render_photo", broken)
    root = good_tree(write_tree)
    with pytest.raises(Abort):
        build_site(root)
    errors = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert errors == ["图片 content/photos/badge.svg 无法处理：decoder error -2"]
    assert not (root / "site").exists()
    caplog.clear()


@pytest.mark.parametrize(
    "name",
    [
        "showcase-lightbox.js",
        # Windows and macOS, where the archive is unpacked, do not tell these apart.
        "Showcase-Lightbox.js",
    ],
)
def test_a_hand_written_file_where_a_photo_file_goes_fails_the_build(
    write_tree: WriteTree, caplog: pytest.LogCaptureFixture, name: str
) -> None:
    root = good_tree(write_tree)
    (root / "content/assets/javascripts").mkdir(parents=True)
    (root / "content/assets/javascripts" / name).write_text("//", encoding="utf-8")
    with pytest.raises(Abort):
        build_site(root)
    errors = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    # The photo files are checked with every other generated file (site/layout.py).
    assert errors == [
        "content/ 里的手写文件与数据自动生成的页面写到同一个位置，请改名或删除手写文件："
        f"content/assets/javascripts/{name}（与自动生成的 assets/javascripts/showcase-lightbox.js"
        f" 都写到 assets/javascripts/{name}）"
    ]
    caplog.clear()


def test_a_large_turned_photo_keeps_its_full_width_when_decoded_at_a_reduced_scale() -> None:
    # 3400×2000 on the sensor, 2000×3400 upright: the decoder may halve it only if the
    # upright width stays at least 1600.
    files = render_photo(images.phone_jpeg((3400, 2000), orientation=6), "k", PhotoSettings())
    jpegs = [(r.width, r.height) for r in files if r.media_type == "image/jpeg"]
    assert jpegs == [(480, 816), (960, 1632), (1600, 2720)]
    files = render_photo(images.phone_jpeg((3400, 2000)), "k", PhotoSettings())
    jpegs = [(r.width, r.height) for r in files if r.media_type == "image/jpeg"]
    assert jpegs == [(480, 282), (960, 565), (1600, 941)]


def test_colours_in_another_profile_are_converted_to_srgb_before_the_profile_is_dropped() -> None:
    # Pure red in a profile whose red is sRGB's green: without the conversion the published
    # file, which has no profile, would show red.
    files = render_photo(images.jpeg_in_swapped_profile(), "k", PhotoSettings())
    assert len(files) == 2
    for content in files.values():
        with Image.open(io.BytesIO(content)) as image:
            assert "icc_profile" not in image.info
            red, green, blue = image.convert("RGB").getpixel((60, 40))  # type: ignore[misc]
            assert green > 240 and red < 20 and blue < 20


def test_a_photo_no_record_shows_is_not_published_either(
    write_tree: WriteTree, caplog: pytest.LogCaptureFixture
) -> None:
    root = good_tree(write_tree)
    (root / "content/photos/forgotten.jpg").write_bytes(images.phone_jpeg((400, 300)))
    (root / "content/photos/notes.txt").write_text("not a photo", encoding="utf-8")
    site = build_site(root)
    assert not (site / "photos/forgotten.jpg").exists()
    assert (site / "photos/notes.txt").is_file()  # only images are held back
    assert (
        "showcase: content/photos/forgotten.jpg 没有被任何记录使用，不会发布；要发布请写进记录的 photos。"
        in [r.getMessage() for r in caplog.records]
    )


def test_with_showcase_identity_a_photo_is_the_header_picture_the_card_and_the_one_og_image(
    write_tree: WriteTree,
) -> None:
    root = write_tree(
        {
            "mkdocs.yml": MKDOCS_YML + "  - showcase/identity\n",
            "content/index.md": "# 首页\n\n{{showcase list studios style=cards}}\n",
            "data/records.yaml": good_data(),
            **GOOD_FILES,
        }
    )
    site = build_site(root)
    emblem = "https://union.example.org/assets/images/showcase-emblem.svg"

    def shared(page: Path) -> dict[str, list[str | None]]:
        tags = elements(page)
        return {
            name: [a["content"] for tag, a in tags if tag == "meta" and name in a.values()]
            for name in ("og:image", "twitter:image")  # X reads og:image: no twitter:image
        }

    page = site / "studios/steel-studio/index.html"
    tags = elements(page)
    # The header card's picture place holds the first photo, which opens the lightbox.
    start = next(
        i
        for i, (tag, a) in enumerate(tags)
        if tag == "figure" and "showcase-record-header__media" in str(a.get("class"))
    )
    assert tags[start + 1][0] == "a" and tags[start + 1][1]["class"] == "showcase-lightbox"
    assert tags[start + 2][0] == "picture"
    assert tags[start + 4][1]["alt"] == "车间里摆放整齐的数控机床"
    assert "showcase-emblem" not in str(tags[start][1]["class"])
    photo = shared(page)["og:image"]
    assert len(photo) == 1 and str(photo[0]).endswith("-1600.jpg")
    assert str(photo[0]).startswith("https://union.example.org/assets/photos/")
    assert shared(page)["twitter:image"] == []
    # Without a photo: the emblem, in the card and in the sharing tags.
    bare = site / "studios/bare-studio/index.html"
    assert shared(bare) == {"og:image": [emblem], "twitter:image": []}
    header = [
        a["class"]
        for tag, a in elements(bare)
        if "showcase-record-header__media" in str(a.get("class"))
    ]
    assert header == ["showcase-record-header__media showcase-emblem"]
    # The home page's cards: a thumbnail where there is a photo, the emblem elsewhere.
    home = elements(site / "index.html")
    media = [
        (i, a["class"])
        for i, (tag, a) in enumerate(home)
        if tag == "span" and "showcase-card__media" in str(a.get("class"))
    ]
    assert [cls for _, cls in media] == [
        "showcase-card__media",
        "showcase-card__media showcase-emblem",
        "showcase-card__media",
    ]
    pictured = [home[i + 1] for i, cls in media if cls == "showcase-card__media"]
    assert [(tag, a["class"]) for tag, a in pictured] == [("picture", "showcase-thumbnail")] * 2
    assert shared(site / "index.html")["og:image"] == [emblem]
