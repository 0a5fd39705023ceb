"""The printable class poster: an A4 page with the school, the class, a big QR code of the class
link, the link as text and three steps, for the classroom wall or the class's WhatsApp group.

Drawn on matplotlib's Figure with the Agg canvas (never pyplot); the QR code's modules are drawn
as one image with nearest-neighbour scaling, so every module stays a sharp square at any size.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from typing import Any, BinaryIO

import numpy as np
import segno
from matplotlib.figure import Figure

from conversations.messages import t

A4_INCHES = (8.27, 11.69)
PNG_DPI = 200  # about 1650 × 2340 pixels: sharp when printed, small enough to share in a chat
FORMATS = ("pdf", "png")
QR_BORDER = 4  # the quiet zone readers need, in modules
INK = "#1A1A1A"
ACCENT = "#0B6E4F"
STEP_WIDTH = 64  # characters on a line of the steps, inside the page's margins


@dataclass(frozen=True, slots=True)
class Poster:
    """What a class poster shows."""

    institution: str
    class_name: str
    link: str  # the Telegram class link the QR code holds
    language: str = "id"


def qr_modules(link: str) -> np.ndarray:
    """The QR code of `link` as a 0/1 matrix (1: dark), with its quiet zone."""
    code = segno.make(link, error="m", micro=False)
    return np.array(list(code.matrix_iter(scale=1, border=QR_BORDER)), dtype=np.uint8)


def poster_figure(poster: Poster) -> Figure:
    """The poster as a Figure of A4 size (not yet drawn)."""
    lang = poster.language
    figure = Figure(figsize=A4_INCHES)
    page = figure.add_axes((0.0, 0.0, 1.0, 1.0))
    page.set_axis_off()
    page.set_xlim(0, 1)
    page.set_ylim(0, 1)
    text: dict[str, Any] = {"ha": "center", "va": "center", "wrap": True}
    page.text(0.5, 0.94, poster.institution, fontsize=20, weight="bold", color=INK, **text)
    page.text(0.5, 0.885, t(lang, "poster_title"), fontsize=16, color=ACCENT, ha="center")
    page.text(0.5, 0.83, poster.class_name, fontsize=34, weight="bold", color=INK, **text)
    # The QR code: a square 13 cm wide in the middle of the page.
    side = 0.62
    height = side * A4_INCHES[0] / A4_INCHES[1]
    qr = figure.add_axes(((1 - side) / 2, 0.33, side, height))
    qr.imshow(1 - qr_modules(poster.link), cmap="gray", interpolation="nearest", vmin=0, vmax=1)
    qr.set_axis_off()
    page.text(0.5, 0.305, poster.link, fontsize=11, family="monospace", color=INK, **text)
    steps = [t(lang, "poster_step_scan"), t(lang, "poster_step_identify"),
             t(lang, "poster_step_agree")]  # fmt: skip
    for index, step in enumerate(steps):
        y = 0.245 - index * 0.06
        page.text(0.1, y, f"{index + 1}.", fontsize=15, weight="bold", color=ACCENT, va="top")
        page.text(0.14, y, textwrap.fill(step, STEP_WIDTH), fontsize=13, color=INK, va="top")
    page.text(0.5, 0.04, t(lang, "poster_footer"), fontsize=10, color="#555555", **text)
    return figure


def write_poster(poster: Poster, handle: BinaryIO, kind: str) -> None:
    """Draw the poster into `handle` as "pdf" or "png"."""
    if kind not in FORMATS:
        raise ValueError(kind)
    figure = poster_figure(poster)
    figure.savefig(handle, format=kind, dpi=PNG_DPI if kind == "png" else None)
