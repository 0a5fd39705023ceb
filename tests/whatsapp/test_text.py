"""Jejak's texts on WhatsApp: HTML becomes WhatsApp markup; a long summary fits one message."""

from __future__ import annotations

from bot.whatsapp.client import BODY_LIMIT
from bot.whatsapp.sender import fit
from bot.whatsapp.text import whatsapp_text


def test_bold_stays_bold_other_tags_go_and_entities_decode() -> None:
    text = '📋 <b>Tracer 2026</b> · <i>XII &amp; A</i> <a href="x">link</a> 3 &lt; 5'
    assert whatsapp_text(text) == "📋 *Tracer 2026* · XII & A link 3 < 5"


def test_a_short_text_is_left_alone() -> None:
    assert fit("Selesai: 10/20") == "Selesai: 10/20"


def test_a_long_summary_is_cut_at_a_line_break_and_marked() -> None:
    names = "\n".join(f"• Alumnus nomor {i:03d} dengan nama yang cukup panjang" for i in range(80))
    cut = fit(names)
    assert len(cut) <= BODY_LIMIT
    assert cut.endswith("\n…")
    kept = cut.removesuffix("\n…").split("\n")
    assert kept == names.split("\n")[: len(kept)]  # whole lines only, in order


def test_one_long_line_is_cut_hard() -> None:
    cut = fit("x" * (BODY_LIMIT * 2))
    assert len(cut) <= BODY_LIMIT and cut.endswith("…")
