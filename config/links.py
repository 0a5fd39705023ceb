"""Links people open to reach Jejak: a WhatsApp chat with the sender and a text ready to send.

One place for the wa.me form, which `jejak invite` (personal links), the class links of grade XII
and the parents' message all print; the words typed ("MULAI <token>", "KELAS <token>") are what
bot/whatsapp/channel.py reads.
"""

from __future__ import annotations

from urllib.parse import quote

INVITATION_KEYWORD = "MULAI"  # "MULAI <token>": an alumnus's personal invitation
CLASS_KEYWORD = "KELAS"  # "KELAS <token>": a class link in grade XII


def whatsapp_link(sender: str, keyword: str, token: str) -> str:
    """https://wa.me/<digits>?text=<KEYWORD>%20<token>: a chat with `sender`, the text typed."""
    digits = "".join(ch for ch in sender if ch.isdigit())
    return f"https://wa.me/{digits}?text={quote(f'{keyword} {token}')}"
