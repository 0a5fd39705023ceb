"""Try Jejak on WhatsApp without a Twilio account: you are the phone, the in-repo fake is Twilio.

After `jejak demo`, from the repository:

    .venv/bin/python tests/fakes/try_whatsapp.py [--db jejak.db] [--phone +6281260000001]

This starts `jejak run` with only WhatsApp configured, pointed at the fake Twilio server (which
signs every webhook as Twilio does), on the demo database. Each line you type is a WhatsApp
message from --phone; Jejak's replies are printed as the phone would show them. The demo
alumnus's number is +6281260000001 (birth date 21-04-2007). `/as +62…` switches to another
number (a staff member registered with `jejak staff add … --whatsapp +62…` types STATISTIK,
BELUM …). Ctrl-D ends. The scheduler stays off, so nothing is sent that you did not ask for.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/: the fakes package
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the repository

from fakes.jejak_run import start_bot, stop_bot, whatsapp_settings
from fakes.twilio_api import FakeTwilio
from fakes.twilio_objects import SentMessage

DEMO_PHONE = "+6281260000001"
REPLY_WAIT = 10.0  # seconds to wait for Jejak's first reply to a message
PIECES_WAIT = 0.3  # then this long for the rest of a reply that comes in pieces


def shown(message: SentMessage) -> str:
    """A message as the phone shows it: the text, a template's rendering, and any file."""
    lines = [message.text or ""]
    if message.content_sid:
        lines.append(f"  (template {message.content_sid})")
    lines += [f"  (file: {url.rsplit('/', 1)[-1]})" for url in message.media_urls]
    return "\n".join(line for line in lines if line)


async def converse(
    db: Path, phone: str, lines: AsyncIterator[str], say: Callable[[str], None]
) -> None:
    """Run Jejak against the fake and play `phone`: each line is a message, replies go to `say`."""
    fake = FakeTwilio()
    await fake.start()
    settings = whatsapp_settings(fake, db)
    stop, task = await start_bot(settings, scheduler=False)
    try:
        async for line in lines:
            text = line.strip()
            if not text:
                continue
            if text.startswith("/as "):
                phone = text.removeprefix("/as ").strip()
                say(f"(you are now {phone})")
                continue
            before = len(fake.messages(phone))
            await fake.user_text(phone, text)
            try:
                await fake.wait_messages(phone, before + 1, timeout=REPLY_WAIT)
            except TimeoutError:
                say("(no reply)")
                continue
            await asyncio.sleep(PIECES_WAIT)
            for message in fake.messages(phone)[before:]:
                say(shown(message))
    finally:
        await stop_bot(stop, task)
        await fake.stop()


async def stdin_lines() -> AsyncIterator[str]:
    loop = asyncio.get_running_loop()
    while True:
        sys.stdout.write("> ")
        sys.stdout.flush()
        line = await loop.run_in_executor(None, sys.stdin.readline)
        if not line:
            return
        yield line


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path("jejak.db"), help="made by `jejak demo`")
    parser.add_argument("--phone", default=DEMO_PHONE, help="the number you write from")
    args = parser.parse_args()
    if not args.db.exists():
        sys.exit(f"{args.db} does not exist: run `jejak demo` first (or give --db)")
    os.environ["NO_PROXY"] = os.environ["no_proxy"] = "127.0.0.1,localhost"
    print(f"You write from {args.phone}; type a message (Halo), Ctrl-D to end.")
    asyncio.run(converse(args.db, args.phone, stdin_lines(), print))


if __name__ == "__main__":
    main()
