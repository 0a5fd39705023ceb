"""The built-in questionnaire templates (smk, blk, dikti) and finding a questionnaire by name."""

from __future__ import annotations

import hashlib
from pathlib import Path

from config.loader import QuestionnaireError

TEMPLATE_DIR: Path = Path(__file__).resolve().parent / "questionnaires"
SUFFIXES = (".yaml", ".yml")


def template_names() -> list[str]:
    """Names of the built-in templates, sorted: ["blk", "dikti", "smk"]."""
    return _names_in(TEMPLATE_DIR)


def find_questionnaire(name_or_path: str, extra_dir: Path | None = None) -> Path:
    """The file for a name ("smk": extra_dir first, then built-ins) or a path ("x.yaml", "a/x")."""
    text = name_or_path.strip()
    if not text:
        raise QuestionnaireError([f"no questionnaire given; use one of: {_available(extra_dir)}"])
    if _looks_like_path(text):
        path = Path(text).expanduser()
        if path.is_file():
            return path
        raise QuestionnaireError(
            [
                f"{text}: no such questionnaire file; give an existing .yaml file or one of the "
                f"names: {_available(extra_dir)}"
            ]
        )
    folders = [d for d in (extra_dir, TEMPLATE_DIR) if d is not None]
    for folder in folders:
        for suffix in SUFFIXES:
            candidate = folder / f"{text}{suffix}"
            if candidate.is_file():
                return candidate
    raise QuestionnaireError(
        [
            f"no questionnaire named '{text}'; available: {_available(extra_dir)}, "
            "or give the path of a .yaml file"
        ]
    )


def source_hash(source: str) -> str:
    """SHA-256 (hex) of a questionnaire's text, to tell versions apart."""
    return hashlib.sha256(source.encode("utf-8")).hexdigest()


def _looks_like_path(text: str) -> bool:
    return "/" in text or "\\" in text or text.lower().endswith(SUFFIXES) or text.startswith(".")


def _names_in(folder: Path) -> list[str]:
    if not folder.is_dir():
        return []
    return sorted({p.stem for p in folder.iterdir() if p.suffix in SUFFIXES and p.is_file()})


def _available(extra_dir: Path | None) -> str:
    names = template_names()
    extra = [n for n in _names_in(extra_dir) if n not in names] if extra_dir else []
    listed = ", ".join(names) + " (built in)"
    return f"{', '.join(extra)} (in {extra_dir}), {listed}" if extra else listed
