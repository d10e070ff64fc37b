"""One spelling of Vietnamese in every page, PDF and workbook.

The commune's plan and the Ministry of Home Affairs' forms place the tone mark of "oa",
"oe" and "uy" at the end of a word on the first vowel: "hóa", "xóa", "Văn hóa - Xã hội",
"Ủy ban", "thủy", "hòa". The older placement ("hoá", "xoá", "thuỷ") is refused wherever
the portal's text is written: the catalogues' translations, the templates, the Python
sources of the apps (demo data, seed catalogues, messages), our JavaScript and CSS, and the
README. Historical migrations are left as they were written.

"qu" is one consonant, so in "quý" (a quarter), "quá", "quà" the mark sits on the only vowel
and is right in both placements; "gi" + "oa"/"uy" makes no Vietnamese word, so it needs no
exception. Before a final consonant ("hoàn", "toán", "quyết", "khuỷu") both placements agree.
A line that writes both forms of a word (the collation module explains that they sort alike)
compares them on purpose and passes.
"""

import re
import unicodedata
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("binhdan", "teams", "households", "reports")

# The older placement, keyed to the modern one: "oá" -> "óa", "uỷ" -> "ủy" (and capitals).
_PAIRS = [("o", "áàảãạ", "óòỏõọ", "a"), ("o", "éèẻẽẹ", "óòỏõọ", "e"), ("u", "ýỳỷỹỵ", "úùủũụ", "y")]
MODERN = {}
for _glide, _marked, _marked_glides, _vowel in _PAIRS:
    for _mark, _glide_mark in zip(_marked, _marked_glides, strict=True):
        MODERN[_glide + _mark] = _glide_mark + _vowel
        MODERN[_glide.upper() + _mark] = _glide_mark.upper() + _vowel
        MODERN[(_glide + _mark).upper()] = (_glide_mark + _vowel).upper()
# At the end of a word, and not after "q" (the "u" of "qu" is part of the consonant).
OLD_STYLE = re.compile(r"\w*?(?<![qQ])(" + "|".join(MODERN) + r")(?!\w)")


def old_style_words(text: str) -> list[str]:
    """The words of `text` written with the older tone placement (not those whose modern
    form the same text also writes)."""
    text = unicodedata.normalize("NFC", text)
    found = []
    for match in OLD_STYLE.finditer(text):
        word = match.group(0)
        modern = word[: match.start(1) - match.start()] + MODERN[match.group(1)]
        if modern not in text:
            found.append(word)
    return found


def _files(*patterns: str, under: Path = ROOT) -> list[Path]:
    return sorted(
        path
        for pattern in patterns
        for path in under.glob(pattern)
        if "migrations" not in path.parts and ".venv" not in path.parts
    )


PO_FILES = _files("*/locale/vi/LC_MESSAGES/django.po")
TEXT_FILES = [
    *_files("templates/**/*.html", "templates/**/*.txt", "templates/**/*.svg"),
    *[path for app in APPS for path in _files(f"{app}/**/*.py")],
    *_files("static/js/*.js", "static/css/*.css"),
    ROOT / "README.md",
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Phòng Văn hoá - Xã hội", ["hoá"]),
        ("Xoá? Đồng ý xoá", ["Xoá", "xoá"]),
        ("Uỷ ban nhân dân, THUỶ LỢI, Hoà Bình", ["Uỷ", "THUỶ", "Hoà"]),
        ("Phòng Văn hóa - Xã hội; Ủy ban; thủy lợi; Hòa Bình", []),
        ("Quý III/2026, QUÝ IV; quá hạn; quà", []),  # "qu" is one consonant
        ("hoàn thành, toán, hoạt động, khoảng, quyết, tuyển, khuỷu, ngoài, xoáy", []),
        ('"Hoà" and "Hòa" sort alike', []),  # both forms named on purpose
    ],
)
def test_old_style_words_are_found(text, expected):
    assert old_style_words(text) == expected


@pytest.mark.parametrize("po_path", PO_FILES, ids=lambda p: p.parts[-5])
def test_translations_place_tone_marks_as_the_plan_does(po_path):
    po = polib.pofile(str(po_path))
    found = [
        f"{po_path.relative_to(ROOT)}:{entry.linenum}: {word}"
        for entry in po
        for msgstr in [entry.msgstr, *entry.msgstr_plural.values()]
        for word in old_style_words(msgstr)
    ]
    assert found == [], "write 'hóa', 'xóa', 'Ủy', 'thủy', 'hòa': " + ", ".join(found)


def test_templates_and_sources_place_tone_marks_as_the_plan_does():
    assert PO_FILES and TEXT_FILES
    found = [
        f"{path.relative_to(ROOT)}:{number}: {word}"
        for path in TEXT_FILES
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        for word in old_style_words(line)
    ]
    assert found == [], "write 'hóa', 'xóa', 'Ủy', 'thủy', 'hòa': " + ", ".join(found)
