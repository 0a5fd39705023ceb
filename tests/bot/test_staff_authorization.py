"""Every staff command × every role × in and out of scope, through the channel-agnostic desk.

In scope, a command answers with data of that scope; out of scope (or for a role that may not),
it is refused with a message that reveals nothing of the target: no names, no numbers.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from studies import INVITED, build_study

from bot.alumni.runner import ConversationRunner
from bot.services import Services
from bot.staff.desk import StaffDesk
from bot.staff.types import Caller, DeskReply
from config.desk_messages import CATALOGUES
from config.settings import Settings
from storage.models import ClassGroup, Delivery, StaffChat, StaffRole
from storage.roster import repository as repo
from storage.staff import members as staff_repo

NOW = datetime(2026, 3, 9, 2, 0, tzinfo=UTC)  # Monday 09:00 WIB, 10:00 WITA
ZONES = {"X": "Asia/Jakarta", "Y": "Asia/Makassar"}
ROLES = ("operator", "bkk", "homeroom", "viewer", "alumnus")
COMMANDS = ("statistik", "belum", "kirimulang", "pengingat", "ekspor", "sambungkan", "laporan")

# Which (role, command) pairs may run at all; in scope they answer, out of scope they refuse.
ALLOWED = {
    "operator": set(COMMANDS),
    "bkk": set(COMMANDS),
    "homeroom": set(COMMANDS) - {"sambungkan"},
    "viewer": {"statistik", "laporan"},
    "alumnus": set(),
}
REFUSALS = ("not_allowed", "not_in_scope", "staff_only", "nisn_unknown")


@pytest.fixture
async def desk(
    migrated_url: str, engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession]
) -> tuple[StaffDesk, dict[str, Any]]:
    """Two schools X and Y (classes XII A and XII B, 21 alumni each) and one of each role."""
    study = await build_study(sessions, per_class=21, zones=ZONES)
    x = study.institutions["X"]
    async with sessions() as session, session.begin():
        class_a = await session.scalar(
            select(ClassGroup).where(ClassGroup.institution_id == x.id, ClassGroup.name == "XII A")
        )
        assert class_a is not None
        grants = {
            "operator": [],
            "bkk": [(x.id, None)],
            "homeroom": [(x.id, class_a.id)],
            "viewer": [(x.id, None)],
        }
        for n, (role, granted) in enumerate(grants.items(), start=1):
            member = await staff_repo.add_staff(
                session, f"Staf {role}", StaffRole(role), granted, INVITED
            )
            token = member.link_token
            assert token is not None
            await staff_repo.redeem_link(session, token, "telegram", str(900 + n), INVITED)
    settings = Settings(database_url=migrated_url)
    services = Services(settings, engine, sessions, ConversationRunner(sessions))
    users = {
        "operator": "901",
        "bkk": "902",
        "homeroom": "903",
        "viewer": "904",
        "alumnus": "100000",
    }
    names = {
        label: {nisn for nisn in study.alumni if nisn.startswith(f"00{n}")}
        for n, label in enumerate(ZONES, start=1)
    }
    return StaffDesk(services, lambda: NOW), {"users": users, "study": study, "names": names}


def _command(command: str, code: str, class_name: str) -> str:
    if command == "sambungkan":
        return f"sambungkan {code}"
    if command == "pengingat":
        return f"pengingat {code}"
    return f"{command} {code} {class_name}" + (" ya" if command == "kirimulang" else "")


def _refused(reply: DeskReply) -> bool:
    prefixes = {CATALOGUES["id"][key].split("{")[0] for key in REFUSALS}
    return reply.document is None and any(reply.text.startswith(p) for p in prefixes)


async def _run(desk: StaffDesk, user: str, text: str) -> DeskReply:
    word, *args = text.split()
    in_group = word == "sambungkan"
    group = "-5" + text.split()[-1]  # one group per institution code
    caller = Caller("telegram", user, group if in_group else user, in_group)
    [reply] = await desk.handle(caller, word, args)
    return reply


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("command", COMMANDS)
async def test_in_scope_answers_and_out_of_scope_refuses(
    desk: tuple[StaffDesk, dict[str, Any]],
    sessions: async_sessionmaker[AsyncSession],
    role: str,
    command: str,
) -> None:
    staff_desk, world = desk
    study = world["study"]
    user = world["users"][role]
    x, y = study.institutions["X"], study.institutions["Y"]
    # In scope for everyone who has X: X's class XII A. Out of scope: Y, and for the homeroom
    # teacher also X's class XII B.
    inside = await _run(staff_desk, user, _command(command, x.code, "XII A"))
    outside = [await _run(staff_desk, user, _command(command, y.code, "XII A"))]
    if role == "homeroom" and command not in ("pengingat", "sambungkan"):
        outside.append(await _run(staff_desk, user, _command(command, x.code, "XII B")))
    allowed = command in ALLOWED[role]
    if role == "operator":
        assert not _refused(outside[0])  # the operator's scope is everything
        outside = []
    assert _refused(inside) is not allowed, inside.text
    for reply in outside:
        assert _refused(reply), reply.text
        assert not any(name in reply.text for name in world["names"]["Y"])
        assert "Alumni" not in reply.text and reply.document is None
    if not allowed:
        return
    # What an allowed command gives is about its target and nothing else.
    match command:
        case "statistik":
            assert "XII A" in inside.text and "XII B" not in inside.text
        case "belum":
            assert "Alumni X XII A 0" in inside.text and "XII B" not in inside.text
        case "ekspor":
            assert inside.document is not None and inside.document[0].endswith(".xlsx")
        case "laporan":
            assert inside.photo is not None and inside.photo.startswith(b"\x89PNG")
            assert "XII A" in inside.text and "0/21" in inside.text and "XII B" not in inside.text
        case "kirimulang" | "pengingat":
            async with sessions() as session:
                planned = await session.scalar(
                    select(func.count())
                    .select_from(Delivery)
                    .where(Delivery.survey_id == study.surveys["X"].id)
                )
            whole_school = command == "pengingat" and role != "homeroom"
            assert planned == (42 if whole_school else 21)
        case "sambungkan":
            async with sessions() as session:
                group = await session.scalar(
                    select(StaffChat).where(StaffChat.external_id == "-5" + x.code)
                )
            assert group is not None and group.institution_id == x.id


async def _ask(staff_desk: StaffDesk, user: str, chat: str, text: str) -> list[DeskReply]:
    """`text` from `user` in `chat` (a negative id is a group)."""
    word, *args = text.split()
    return await staff_desk.handle(Caller("telegram", user, chat, chat.startswith("-")), word, args)


async def _add_staff(
    sessions: async_sessionmaker[AsyncSession],
    role: StaffRole,
    grants: list[tuple[int, int | None]],
    user: str,
) -> None:
    async with sessions() as session, session.begin():
        member = await staff_repo.add_staff(session, f"Staf {user}", role, grants, INVITED)
        assert member.link_token is not None
        await staff_repo.redeem_link(session, member.link_token, "telegram", user, INVITED)


@pytest.mark.parametrize("role", ("bkk", "homeroom", "viewer", "two_schools"))
async def test_a_made_up_code_is_refused_like_a_real_one_out_of_scope(
    desk: tuple[StaffDesk, dict[str, Any]],
    sessions: async_sessionmaker[AsyncSession],
    role: str,
) -> None:
    """The refusal depends on what the caller holds only: never on whether a code exists."""
    staff_desk, world = desk
    x, y = world["study"].institutions["X"], world["study"].institutions["Y"]
    async with sessions() as session, session.begin():
        z = await repo.upsert_institution(
            session, code="99999903", name="SMK Z", kind="smk", timezone="Asia/Jakarta", now=NOW
        )
    user, real = world["users"].get(role), y.code
    if role == "two_schools":  # several institutions: the code comes first
        user, real = "960", z.code
        await _add_staff(sessions, StaffRole.BKK, [(x.id, None), (y.id, None)], user)
    for command in COMMANDS:
        for made_up in ("99999909", "SMK-FIKTIF"):
            replies = {}
            for code in (real, made_up):
                text = _command(command, code, "XII A")
                [reply] = await _ask(
                    staff_desk, user, "-9" if command == "sambungkan" else user, text
                )
                assert _refused(reply) and reply.document is None, (code, reply.text)
                replies[code] = reply.text.replace(code, "<kode>")
            assert replies[real] == replies[made_up], command
            if command in ALLOWED[role if role != "two_schools" else "bkk"]:
                assert "tidak ada dalam cakupan" in replies[real], replies[real]
    async with sessions() as session:
        linked = await session.scalar(select(func.count()).select_from(StaffChat).where(
            StaffChat.external_id == "-9"))  # fmt: skip
    assert linked == 0


async def test_an_unlinked_group_gets_one_line_and_no_data(
    desk: tuple[StaffDesk, dict[str, Any]],
) -> None:
    """Any group the bot was added to: no figures, no names, no files, whoever asks."""
    staff_desk, world = desk
    x = world["study"].institutions["X"]
    texts = ("ekspor", "belum", "statistik", f"belum {x.code} XII A", "kirimulang semua ya",
             "laporan", "laporan xlsx")  # fmt: skip
    for role in ("operator", "bkk", "homeroom", "viewer"):
        for text in (*texts, "pengingat"):
            replies = await _ask(staff_desk, world["users"][role], "-700", text)
            assert [r.text for r in replies] == [CATALOGUES["id"]["group_not_linked"]], text
            assert not any(r.document or r.to_person or r.confirm or r.photo for r in replies)
    [stranger] = await _ask(staff_desk, world["users"]["alumnus"], "-700", "belum")
    assert stranger.text == CATALOGUES["id"]["staff_only"]
    async with staff_desk.services.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Delivery)) == 0


async def test_a_staff_group_gets_aggregates_and_names_only_when_linked_for_names(
    desk: tuple[StaffDesk, dict[str, Any]], sessions: async_sessionmaker[AsyncSession]
) -> None:
    staff_desk, world = desk
    users = world["users"]
    x, y = world["study"].institutions["X"], world["study"].institutions["Y"]
    group = "-701"
    [linked] = await _ask(staff_desk, users["bkk"], group, f"sambungkan {x.code}")
    assert "ringkasan mingguan" in linked.text and "chat pribadi" in linked.text

    # Aggregates in the group; names and files to the asker's own chat.
    [stats] = await _ask(staff_desk, users["bkk"], group, "statistik")
    assert not stats.to_person and "XII A" in stats.text and "Alumni X" not in stats.text
    [names] = await _ask(staff_desk, users["bkk"], group, "belum")
    assert names.to_person and "Alumni X XII A 0" in names.text
    [export] = await _ask(staff_desk, users["bkk"], group, "ekspor")
    assert export.to_person and export.document is not None

    # The group is about its own institution: not a comparison, not another school.
    [operator] = await _ask(staff_desk, users["operator"], group, "statistik")
    assert "SMK X" in operator.text and "SMK Y" not in operator.text
    [other] = await _ask(staff_desk, users["operator"], group, f"statistik {y.code}")
    assert _refused(other) and "SMK Y" not in other.text
    await _add_staff(sessions, StaffRole.BKK, [(y.id, None)], "970")
    [outsider] = await _ask(staff_desk, "970", group, "statistik")
    assert outsider.text == CATALOGUES["id"]["group_outside_scope"]

    # A homeroom teacher in the group sees their own class only, even there.
    [own] = await _ask(staff_desk, users["homeroom"], group, "statistik")
    assert "XII A" in own.text and "XII B" not in own.text and not own.to_person
    [own_names] = await _ask(staff_desk, users["homeroom"], group, "belum")
    assert own_names.to_person and "XII B" not in own_names.text
    [viewer] = await _ask(staff_desk, users["viewer"], group, "belum")
    assert _refused(viewer) and not viewer.to_person and "Alumni" not in viewer.text

    # Linked for names: /belum answers in the group; files still go privately.
    [again] = await _ask(staff_desk, users["bkk"], group, f"sambungkan {x.code} nama")
    assert "boleh melihat nama" in again.text
    [names] = await _ask(staff_desk, users["bkk"], group, "belum XII A")
    assert not names.to_person and "Alumni X XII A 0" in names.text
    [export] = await _ask(staff_desk, users["bkk"], group, "ekspor")
    assert export.to_person and export.document is not None
    # Linking again without "nama" takes it back.
    await _ask(staff_desk, users["bkk"], group, f"sambungkan {x.code}")
    [names] = await _ask(staff_desk, users["bkk"], group, "belum")
    assert names.to_person


async def test_resend_to_many_asks_first(desk: tuple[StaffDesk, dict[str, Any]], sessions) -> None:
    staff_desk, world = desk
    x = world["study"].institutions["X"]
    ask = await _run(staff_desk, world["users"]["bkk"], f"kirimulang {x.code} semua")
    assert "42" in ask.text and ask.confirm is not None
    label, command = ask.confirm
    assert "42" in label and command.endswith(" ya")
    async with sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Delivery)) == 0
    done = await _run(staff_desk, world["users"]["bkk"], command)
    assert "42" in done.text
    again = await _run(staff_desk, world["users"]["bkk"], command)  # twice the same day
    assert "42" in again.text and not _refused(again)
    async with sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Delivery)) == 42


async def test_a_provincial_viewer_compares_schools_without_names(
    desk: tuple[StaffDesk, dict[str, Any]], sessions: async_sessionmaker[AsyncSession]
) -> None:
    staff_desk, world = desk
    x, y = world["study"].institutions["X"], world["study"].institutions["Y"]
    async with sessions() as session, session.begin():
        member = await staff_repo.add_staff(
            session, "Dinas", StaffRole.VIEWER, [(x.id, None), (y.id, None)], INVITED
        )
        assert member.link_token is not None
        await staff_repo.redeem_link(session, member.link_token, "telegram", "950", INVITED)
    reply = await _run(staff_desk, "950", "statistik")
    lines = reply.text.splitlines()
    assert any(line.startswith("SMK X: 0/42") for line in lines)
    assert any(line.startswith("SMK Y: 0/42") for line in lines)
    assert "Alumni" not in reply.text
    detail = await _run(staff_desk, "950", f"statistik {y.code}")
    assert "XII A" in detail.text and "SMK Y" in detail.text
    # A single-school BKK member gets their per-class statistics, not a comparison.
    single = await _run(staff_desk, world["users"]["bkk"], "statistik")
    assert "XII A" in single.text and "SMK Y" not in single.text


def test_desk_catalogues_have_the_same_keys_and_placeholders() -> None:
    import string

    def fields(template: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(template) if name}

    assert list(CATALOGUES) == ["id", "en"]  # Indonesian first
    assert set(CATALOGUES["id"]) == set(CATALOGUES["en"])
    for key, text in CATALOGUES["id"].items():
        assert fields(text) == fields(CATALOGUES["en"][key]), key


async def test_a_report_asked_in_a_staff_group_stays_there_and_help_lists_it(
    desk: tuple[StaffDesk, dict[str, Any]],
) -> None:
    """/laporan holds aggregates only: chart and workbook are answered in the group itself."""
    staff_desk, world = desk
    users, x = world["users"], world["study"].institutions["X"]
    group = "-702"
    await _ask(staff_desk, users["bkk"], group, f"sambungkan {x.code}")
    [chart] = await _ask(staff_desk, users["bkk"], group, "laporan")
    assert not chart.to_person and chart.photo is not None
    assert "seluruh SMK X" in chart.text and "0/42" in chart.text
    [book] = await _ask(staff_desk, users["bkk"], group, "laporan xlsx")
    assert not book.to_person and book.document is not None
    assert book.document[0].endswith(".xlsx") and book.photo is None
    [own] = await _ask(staff_desk, users["homeroom"], group, "laporan")
    assert "XII A" in own.text and "0/21" in own.text and "0/42" not in own.text
    [viewer] = await _ask(staff_desk, users["viewer"], users["viewer"], "bantuan")
    assert "/laporan" in viewer.text and "/belum" not in viewer.text
