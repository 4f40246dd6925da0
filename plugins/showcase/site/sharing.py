"""Sharing a page: its QR code for posters and plaques.

The print line under a printed page (site, address, date) is written by the face script
(assets/showcase-face.js), which alone knows the address and date it shows.

A QR code holds the page's web address, so it needs ``site_url``: without one the site does
not know where it will live, and no code is drawn. Codes are SVG files drawn at build time
by segno, with no service involved; the page shows one lazily, on paper and on request.
"""

from __future__ import annotations

import functools
import io

import markupsafe
import segno

# Where the QR code of a page is published: qr/studios/steel-studio.svg.
QR_FOLDER = "qr"
# A fixed mask: segno then draws a code about eight times faster than when it tries all
# eight (12 ms instead of 57 ms here), and the code is as readable.
QR_MASK = 4


def qr_file(src_uri: str) -> str:
    """The QR code file of the page ``src_uri`` (``studios/x.md`` → ``qr/studios/x.svg``)."""
    return f"{QR_FOLDER}/{src_uri.removesuffix('.md')}.svg"


# Drawing one takes about 12 ms; `mkdocs serve` asks again for every page on every rebuild.
@functools.cache
def qr_code_svg(address: str) -> str:
    """The QR code of ``address`` as a small SVG document, black on white."""
    code = segno.make_qr(address, error="m", mask=QR_MASK, boost_error=False)
    out = io.BytesIO()
    code.save(out, kind="svg", xmldecl=False, scale=4, border=2, dark="#000", light="#fff")
    return out.getvalue().decode("utf-8")


def qr_figure(image_url: str, address: str) -> markupsafe.Markup:
    """The QR code of a page, shown in print and on request; the address written beside it."""
    return markupsafe.Markup(
        '<figure class="showcase-qr"><img src="{0}" alt="本页二维码" width="132" height="132" '
        'loading="lazy"><figcaption>扫码打开本页：{1}</figcaption></figure>'
    ).format(image_url, address)
