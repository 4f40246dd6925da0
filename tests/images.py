"""Images made by the tests themselves, with Pillow: what editors' phones and tools produce."""

from __future__ import annotations

import io

from PIL import Image, ImageCms, ImageDraw
from PIL.PngImagePlugin import PngInfo

# Where the photo was taken, as a phone writes it (Tianjin), and the phone's serial number.
GPS_LATITUDE = (39.0, 7.0, 30.0)
SERIAL_NUMBER = "SN-8842-PRIVATE"
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/'
    b'22-rdf-syntax-ns#"><rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" '
    b'exif:GPSLatitude="39,7.5N"/></rdf:RDF></x:xmpmeta>'
)
COMMENT = b"taken at home, Room 1203"
EXIF_ORIENTATION = 0x0112
_EXIF_IFD = 0x8769
_GPS_IFD = 0x8825
_BODY_SERIAL_NUMBER = 0xA431


def _picture(size: tuple[int, int], mode: str = "RGB") -> Image.Image:
    # Two colours side by side, so that a test can tell which way up a picture was published.
    image = Image.new(mode, size, "red" if mode != "CMYK" else (0, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    draw.rectangle((size[0] // 2, 0, size[0], size[1]), fill="blue" if mode != "CMYK" else None)
    return image


def _encode(image: Image.Image, format_name: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format_name, **options)
    return buffer.getvalue()


def phone_jpeg(size: tuple[int, int] = (2400, 1600), *, orientation: int = 1) -> bytes:
    """A phone photo: GPS position, make, model and serial in EXIF, XMP, a comment, an ICC profile."""
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x0110] = "Model X"
    exif[EXIF_ORIENTATION] = orientation
    exif.get_ifd(_EXIF_IFD)[_BODY_SERIAL_NUMBER] = SERIAL_NUMBER
    exif.get_ifd(_GPS_IFD).update({1: "N", 2: GPS_LATITUDE, 3: "E", 4: (117.0, 12.0, 0.0)})
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    return _encode(
        _picture(size),
        "JPEG",
        exif=exif.tobytes(),
        xmp=XMP,
        comment=COMMENT,
        icc_profile=srgb,
        quality=90,
    )


def cmyk_jpeg(size: tuple[int, int] = (800, 600)) -> bytes:
    """A JPEG in CMYK, as print shops and some scanners deliver them."""
    return _encode(_picture(size, "CMYK"), "JPEG", quality=90)


def png_with_alpha(size: tuple[int, int] = (600, 400)) -> bytes:
    """A PNG whose right half is transparent, with a text chunk."""
    image = Image.new("RGBA", size, (200, 30, 30, 255))
    ImageDraw.Draw(image).rectangle((size[0] // 2, 0, size[0], size[1]), fill=(0, 0, 0, 0))
    info = PngInfo()
    info.add_text("Comment", COMMENT.decode())
    return _encode(image, "PNG", pnginfo=info)


def small_png(size: tuple[int, int] = (300, 200)) -> bytes:
    """A picture narrower than every published width."""
    return _encode(_picture(size), "PNG")


def small_jpeg(size: tuple[int, int] = (64, 48)) -> bytes:
    """A plain, valid photo for tests about something else."""
    return _encode(_picture(size), "JPEG")


def huge_png() -> bytes:
    """A decompression bomb: a small file of 81 megapixels."""
    return _encode(Image.new("1", (9000, 9000)), "PNG")


def truncated_jpeg() -> bytes:
    """A photo whose upload broke off half way."""
    data = phone_jpeg((800, 600))
    return data[: len(data) // 2]


def animated_gif() -> bytes:
    """Two frames: an animation, not a photo."""
    frames = [Image.new("RGB", (40, 30), "red"), Image.new("RGB", (40, 30), "blue")]
    return _encode(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=100)


def animated_webp() -> bytes:
    """Two frames as WebP."""
    frames = [Image.new("RGB", (40, 30), "red"), Image.new("RGB", (40, 30), "blue")]
    return _encode(frames[0], "WEBP", save_all=True, append_images=frames[1:], duration=100)


SAFE_SVG = (
    '<?xml version="1.0"?>\n<!-- drawn by 张三 in C:/Users/zhangsan/Desktop -->\n'
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:inkscape="http://www.inkscape.org/'
    'namespaces/inkscape" width="120" height="80" viewBox="0 0 120 80" '
    'inkscape:export-filename="/home/zhangsan/plaque.png">'
    "<metadata>secret</metadata><title>奖牌</title>"
    '<rect width="120" height="80" fill="#c00"/></svg>\n'
).encode()
SCRIPT_SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(1)</script></svg>"
)
HANDLER_SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" onload="alert(1)"/>'
ENTITY_SVG = (
    b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaa">]>'
    b'<svg xmlns="http://www.w3.org/2000/svg">&a;</svg>'
)

EXTERNAL_SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
    b'<image xlink:href="https://tracker.example/pixel.png" width="1" height="1"/></svg>'
)
STYLE_SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(https://x.example/a.css);'
    b"</style></svg>"
)
FOREIGN_SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><p xmlns="http://www.w3.org/1999/'
    b'xhtml">hi</p></foreignObject></svg>'
)


def phone_mpo() -> bytes:
    """What many phones write as .jpg: a JPEG with a second, smaller picture inside (MPO)."""
    main, preview = _picture((640, 480)), _picture((160, 120))
    return _encode(main, "MPO", save_all=True, append_images=[preview])


def jpeg_with_broken_profile() -> bytes:
    """A JPEG whose ICC profile is garbage: the pixels are published as they are."""
    return _encode(_picture((500, 300)), "JPEG", icc_profile=b"not a profile" * 20)


def _s15(value: float) -> bytes:
    return round(value * 65536).to_bytes(4, "big", signed=True)


def swapped_primaries_profile() -> bytes:
    """An ICC v2 RGB display profile whose red and green primaries are sRGB's green and red.

    A pixel of pure red in this profile is pure green on screen: a test can tell whether
    the colours were converted to sRGB or published as the numbers stand.
    """
    d50 = (0.9642, 1.0, 0.8249)
    red, green, blue = (0.4361, 0.2225, 0.0139), (0.3851, 0.7169, 0.0971), (0.1431, 0.0606, 0.7141)

    def xyz(values: tuple[float, float, float]) -> bytes:
        return b"XYZ \0\0\0\0" + b"".join(_s15(v) for v in values)

    text = b"swapped primaries test\0"
    description = b"desc\0\0\0\0" + len(text).to_bytes(4, "big") + text + bytes(4 + 4 + 2 + 1 + 67)
    curve = b"curv\0\0\0\0" + (1).to_bytes(4, "big") + (0x0233).to_bytes(2, "big") + b"\0\0"
    tags = [
        (b"desc", description),
        (b"wtpt", xyz(d50)),
        (b"rXYZ", xyz(green)),
        (b"gXYZ", xyz(red)),
        (b"bXYZ", xyz(blue)),
        (b"rTRC", curve),
        (b"gTRC", curve),
        (b"bTRC", curve),
    ]
    offset = 128 + 4 + 12 * len(tags)
    table, data = b"", b""
    for signature, content in tags:
        padded = content + bytes(-len(content) % 4)
        table += (
            signature + (offset + len(data)).to_bytes(4, "big") + len(content).to_bytes(4, "big")
        )
        data += padded
    size = offset + len(data)
    header = (
        size.to_bytes(4, "big")
        + bytes(4)
        + bytes([2, 0x10, 0, 0])
        + b"mntrRGB XYZ "
        + bytes(12)
        + b"acsp"
        + bytes(24)
        + bytes(4)
        + b"".join(_s15(v) for v in d50)
        + bytes(48)
    )
    assert len(header) == 128
    return header + len(tags).to_bytes(4, "big") + table + data


def jpeg_in_swapped_profile() -> bytes:
    """Pure red pixels, tagged with :func:`swapped_primaries_profile`."""
    image = Image.new("RGB", (120, 80), (255, 0, 0))
    return _encode(image, "JPEG", icc_profile=swapped_primaries_profile(), quality=95)
