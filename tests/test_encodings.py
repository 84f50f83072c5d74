"""Encoding detection that says when it guesses (issue 21, items 3-4 and "Encoding detection").

A legacy encoding decodes almost any bytes, so a file's encoding is chosen by how plausible each
reading is (pipeline/ingest/encodings.py); a choice that is not certain is a warning naming the
encoding chosen, and --encoding overrides detection. Also: NUL bytes and binary tails anywhere
in a file, and an AES-encrypted PDF."""

from __future__ import annotations

from pathlib import Path

import pytest
import zhconv

from pipeline.cli import main
from pipeline.ingest import InputError, decode_text, read_document
from pipeline.ingest.encodings import rules
from tests.conftest import ROOT, SEED, SHARED

SEED_TEXT = SEED.read_text(encoding="utf-8")
# GBK and Big5 cannot write the seed's "Kytömäki" nor ㈠-㈣ (tests/test_robustness.py)
NARROW = str.maketrans({"ö": "o", "ä": "a", "㈠": "一", "㈡": "二", "㈢": "三", "㈣": "四"})
HANT = "".join(zhconv.convert(c, "zh-tw") for c in SEED_TEXT.translate(NARROW))
# Characters Windows' Big5 (cp950) has and Big5 proper does not: strict big5 refuses them.
CP950_ONLY = "碁銹裏墻恒粧嫺"
ENGLISH = (ROOT / "tests" / "fixtures" / "pairs" / "report.en.txt").read_text(encoding="utf-8")
# Western text: accented names, typographic quotes and dashes (all in cp1252).
WESTERN = (
    "The General Assembly welcomed Côte d'Ivoire, Curaçao and Réunion as “partners” – and the"
    " Secretary-General’s report on São Tomé and Príncipe (A/62/162).\n"
)


def write(tmp_path: Path, data: bytes, name: str = "doc.txt") -> Path:
    p = tmp_path / name
    p.write_bytes(data)
    return p


def real_texts() -> list[tuple[str, str]]:
    """Real UN texts of this repository and of ../shared, by name."""
    paths = sorted((ROOT / "tests" / "fixtures").rglob("*.txt")) + [SEED]
    paths += sorted((ROOT / "tests" / "gold").glob("*/*.txt"))
    if (SHARED / "siblings").is_dir():
        paths += sorted((SHARED / "siblings").glob("*.txt"))
    return [(p.name, p.read_text(encoding="utf-8")) for p in paths]


def test_cp1252_english_is_read_as_cp1252_not_gb18030(tmp_path):
    """Côte in cp1252 is C \\xf4 t e; GB18030 reads \\xf4t as one ideograph: C魌e."""
    text = "The General Assembly welcomed Côte d'Ivoire.\n" + ENGLISH
    doc = read_document(write(tmp_path, text.encode("cp1252")))
    assert doc.encoding == "cp1252"
    assert doc.text == text


def test_western_text_in_cp1252_and_latin1_is_recognized_without_a_warning(tmp_path):
    text = WESTERN + ENGLISH
    doc = read_document(write(tmp_path, text.encode("cp1252")))
    assert (doc.text, doc.encoding, doc.warnings) == (text, "cp1252", ())
    latin1 = WESTERN.replace("“", '"').replace("”", '"').replace("–", "-").replace("’", "'")
    doc = read_document(write(tmp_path, (latin1 + ENGLISH).encode("latin-1"), "l1.txt"))
    assert doc.text == latin1 + ENGLISH  # cp1252 agrees with ISO-8859-1 on its printable bytes


def test_cp950_big5_is_read_not_refused_as_binary(tmp_path):
    text = HANT + CP950_ONLY + "\n"
    data = text.encode("cp950")
    with pytest.raises(UnicodeEncodeError):
        text.encode("big5")  # what the detection tried before: strict Big5
    doc = read_document(write(tmp_path, data))
    assert (doc.text, doc.encoding, doc.warnings) == (text, "cp950", ())


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        (SEED_TEXT.translate(NARROW), "gbk"),
        (SEED_TEXT, "gb18030"),
        (HANT, "big5"),
        (HANT, "cp950"),
    ],
)
def test_chinese_files_are_certain(text, encoding, tmp_path):
    """No noise: a Chinese file in its usual encodings is read without a warning."""
    doc = read_document(write(tmp_path, text.encode(encoding)))
    assert doc.text == text and doc.warnings == ()


def test_a_guess_is_a_warning_naming_the_encoding_chosen(tmp_path, capsys):
    """One accented letter is all that tells cp1252 from GB18030 here: the text is right, and
    the run says it guessed."""
    text = "The General Assembly welcomed Côte d'Ivoire (A/62/162).\n"
    p = write(tmp_path, text.encode("cp1252"), "cote.txt")
    decoded = decode_text(p.read_bytes(), p)
    assert decoded.text == text and decoded.encoding == "cp1252"
    assert "encoding guessed: read as cp1252" in decoded.warning and "gb18030" in decoded.warning
    assert main(["extract", str(p), "--out", str(tmp_path / "out"), "-q"]) == 0
    err = [ln for ln in capsys.readouterr().err.splitlines() if "encoding guessed" in ln]
    assert len(err) == 1 and err[0].startswith(f"warning: {p}: encoding guessed: read as cp1252")


def test_every_real_text_in_every_legacy_encoding_is_right_or_flagged():
    """Never silently wrong: each real text, in each legacy encoding that can write it, is
    decoded to itself, or the decoding carries a warning."""
    tried = 0
    for name, text in real_texts():
        for encoding in (*rules().legacy, "gbk", "big5"):
            try:
                data = text.encode(encoding)
            except UnicodeEncodeError:
                continue
            if data.isascii():
                continue
            tried += 1
            decoded = decode_text(data, name)
            assert decoded.text == text or decoded.warning, (name, encoding, decoded.encoding)
    assert tried >= 5


def test_encoding_option_overrides_detection(tmp_path, capsys):
    text = "The General Assembly welcomed Côte d'Ivoire (A/62/162).\n"
    p = write(tmp_path, text.encode("cp1252"), "cote.txt")
    doc = read_document(p, encoding="gb18030")  # the user's word, even against the evidence
    assert doc.encoding == "gb18030" and "魌" in doc.text and doc.warnings == ()
    out = tmp_path / "out"
    assert main(["extract", str(p), "--out", str(out), "--encoding", "cp1252", "-q"]) == 0
    assert "encoding guessed" not in capsys.readouterr().err
    assert "Côte" in (out / "cote" / "paragraphs.csv").read_text(encoding="utf-8")


def test_a_wrong_or_unknown_encoding_option_is_one_error_line(tmp_path, capsys):
    p = write(tmp_path, WESTERN.encode("cp1252"), "w.txt")
    assert main(["extract", str(p), "--out", str(tmp_path / "o1"), "--encoding", "utf-8"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and err[0].startswith(f"error: {p}: not utf-8: invalid")
    assert main(["extract", str(p), "--out", str(tmp_path / "o2"), "--encoding", "klingon"]) == 2
    assert capsys.readouterr().err.splitlines() == ["error: --encoding: unknown encoding 'klingon'"]


def test_html_without_a_declaration_is_decoded_by_the_same_scorer(tmp_path):
    page = f"<html><body><p>{WESTERN}</p><p>{ENGLISH[:2000]}</p></body></html>"
    doc = read_document(write(tmp_path, page.encode("cp1252"), "page.html"))
    assert "Côte d'Ivoire" in doc.text and "“partners”" in doc.text


def test_nul_bytes_after_the_first_64_kib_make_a_file_binary(tmp_path):
    text = SEED_TEXT * 2
    head = text[:40000].encode("utf-8")  # cut between characters, past 64 KiB
    assert len(head) > 65536
    data = head + b"\x00" + text[40000:].encode("utf-8")
    with pytest.raises(InputError, match=rf"binary file \(NUL byte at offset {len(head):,}\)"):
        read_document(write(tmp_path, data))


def test_a_binary_tail_without_nul_bytes_makes_a_file_binary(tmp_path):
    tail = bytes(range(1, 9)) * 4000  # control characters, no NUL: 32,000 bytes
    with pytest.raises(InputError, match="binary file"):
        read_document(write(tmp_path, SEED_TEXT.encode("utf-8") + tail))


def test_an_aes_pdf_with_an_empty_password_opens_or_gets_a_clear_error(tmp_path):
    """tests/fixtures/aes256-empty-user-password.pdf: a one-page UN text, AES-256 (PDF 2.0,
    /V 5 /R 6), empty user password (made with reportlab's StandardEncryption(strength=256),
    which needs pyaes). pypdf needs the cryptography package for AES, which this project does
    not require; the PDFium reader (pipeline/readers) opens it."""
    pdf = ROOT / "tests" / "fixtures" / "aes256-empty-user-password.pdf"
    try:
        doc = read_document(pdf)
    except InputError as e:
        assert "internal error" not in str(e)
        assert "encrypted PDF (AES)" in str(e) and "cryptography" in str(e)
    else:
        assert "A/62/162" in doc.text
