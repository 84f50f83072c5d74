"""English genres the gold set lacks, as PDF text prints them: identical letters (a joint masthead,
its parts as stacked running heads, a title wrapped over lines), a Security Council resolution's
cover symbol with its year, a summary record's agenda heading with its documents, later pages'
footers (page over page count beside the job number). The inputs are fixtures written in the UN's
format for these rules, not gold documents."""

from __future__ import annotations

from pipeline.tables import coverage_problems
from tests.conftest import layout_of

LETTER = """ United Nations                                       A/78/812–S/2024/245
            General Assembly                          Distr.: General
            Security Council                          14 March 2024

                                                      Original: English
General Assembly                          Security Council
Seventy-eighth session                    Seventy-ninth year
Agenda item 35
The situation in the Middle East


          Identical letters dated 12 March 2024 from the Permanent
          Representative of Jordan to the United Nations addressed to the
          Secretary-General and the President of the Security Council


          I have the honour to transmit herewith a statement issued by the Ministry of
Foreign Affairs of Jordan on 11 March 2024 (see annex).
          I should be grateful if the present letter and its annex could be circulated as a
document of the General Assembly, under agenda item 35, and of the Security Council.

                                                   (Signed) Mahmoud Daifallah Hmoud


24-04521 (E)    150324
*2404521*

A/78/812
S/2024/245

          Annex to the identical letters dated 12 March 2024 from the
          Permanent Representative of Jordan to the United Nations addressed
          to the Secretary-General and the President of the Security Council

          The Hashemite Kingdom of Jordan calls on the Security Council to implement its
resolution 2720 (2023).
"""


def units(lay) -> list[tuple[str, str]]:
    assert coverage_problems(lay) == []
    return [(p.key, p.view.text) for p in lay.paragraphs]


def test_identical_letters_joint_masthead(tmp_path):
    lay = layout_of(LETTER, tmp_path, lang="en")
    assert lay.metadata["symbol"] == "A/78/812-S/2024/245"
    # the date under the second body's name in the masthead
    assert lay.metadata["date"] == "2024-03-14"
    got = units(lay)
    # the title wraps over three lines: all front; the letter's text begins after it
    assert got[0][0] == "front"
    assert got[0][1].endswith(
        "addressed to the Secretary-General and the President of the Security Council"
    )
    assert got[1] == (
        "body",
        "I have the honour to transmit herewith a statement issued by the Ministry of Foreign "
        "Affairs of Jordan on 11 March 2024 (see annex).",
    )
    # both parts of the joint symbol, stacked on page 2, are its running head
    assert not any("S/2024/245" in text or text == "A/78/812" for _, text in got[1:])
    assert got[-1][0] == "annex" and got[-1][1].startswith("Annex to the identical letters")


def test_joint_running_head_parts_cite_nothing(tmp_path):
    from pipeline.extract.symbols import extract
    from pipeline.segment import segment

    lay = layout_of(LETTER, tmp_path, lang="en")
    assert [r["symbol"] for r in extract(segment(lay))] == ["S/RES/2720(2023)"]


def test_a_letters_title_on_one_line_ends_at_the_next_sentence(tmp_path):
    # one sentence a line: the title's line, then the letter's first sentence, no blank between
    text = (
        "Letter dated 2 May 2024 from the Permanent Representative of Chile to the United Nations"
        " addressed to the Secretary-General\n"
        "I have the honour to refer to the situation.\n"
        "I should be grateful if the present letter could be circulated.\n"
    )
    got = units(layout_of(text, tmp_path, lang="en"))
    assert got[0] == ("front", text.splitlines()[0])
    assert got[1] == ("body", "I have the honour to refer to the situation.")


def test_a_salutation_is_no_line_of_the_title(tmp_path):
    text = (
        "Letter dated 2 May 2024 from the Secretary-General addressed to the\n"
        "President of the Security Council\n"
        "Excellency,\n"
        "I have the honour to refer to the situation.\n"
    )
    got = units(layout_of(text, tmp_path, lang="en"))
    assert got[0][0] == "front" and got[0][1].endswith("President of the Security Council")
    assert all(key == "body" for key, _ in got[1:])
    assert "Excellency," in " ".join(t for _, t in got[1:])


SC_RES = """ United Nations                                           S/RES/2719 (2023)
            Security Council                                 Distr.: General
                                                             21 December 2023

Resolution 2719 (2023)
Adopted by the Security Council at its 9520th meeting, on
21 December 2023

           The Security Council,
           Recalling its resolutions 1631 (2005) and 2033 (2012),
           1.    Decides to remain seized of the matter.
"""


def test_a_security_council_resolutions_cover_symbol_keeps_its_year(tmp_path):
    from pipeline.extract.symbols import extract
    from pipeline.segment import segment

    lay = layout_of(SC_RES, tmp_path, lang="en")
    assert lay.metadata["symbol"] == "S/RES/2719(2023)"
    # its title line names the document itself: no citation; the preamble's are
    got = [(r["para"], r["symbol"]) for r in extract(segment(lay))]
    assert got == [("body", "S/RES/1631(2005)"), ("body", "S/RES/2033(2012)")]


SR = """ United Nations                                           A/C.5/78/SR.5
            General Assembly                                 Distr.: General
                                                             20 October 2023

Fifth Committee
Summary record of the 5th meeting
Held at Headquarters, New York, on Wednesday, 11 October 2023, at 10 a.m.

Chair:            Mr. Ogasawara . . . . . . . . . . . . . . . . . . . . (Japan)

The meeting was called to order at 10.05 a.m.

Agenda item 138: Programme budget for 2024 (continued)
(A/78/6 (Sect. 3), A/78/7 and A/78/7/Add.1)
1.    Mr. Ramanathan (Controller) said that the proposal reflected the mandates
      (A/78/6 (Sect. 3)).
2.    Ms. Nguyen (Cuba) said that the Group welcomed the report.
2/4                                                                  23-19512
A/C.5/78/SR.5
3.    Mr. Lee (Republic of Korea) said that the work had been valuable.
A/C.5/78/SR.5
23-19512                                                                  3/4
4.    Mr. Smith (Japan) agreed.
"""


def test_an_agenda_items_documents_are_a_line_of_its_heading(tmp_path):
    lay = layout_of(SR, tmp_path, lang="en")
    got = units(lay)
    heading = (
        "Agenda item 138: Programme budget for 2024 (continued) "
        "(A/78/6 (Sect. 3), A/78/7 and A/78/7/Add.1)"
    )
    assert ("heading", heading) in got
    first = next(p for p in lay.paragraphs if p.key == "1")
    assert first.section == heading
    # a bracketed symbol that continues a paragraph stays in it
    assert first.view.text.endswith("mandates (A/78/6 (Sect. 3)).")


def test_later_pages_footers_are_furniture(tmp_path):
    got = units(layout_of(SR, tmp_path, lang="en"))
    assert [key for key, _ in got][-4:] == ["1", "2", "3", "4"]
    assert dict(got)["2"] == "Ms. Nguyen (Cuba) said that the Group welcomed the report."
    assert dict(got)["3"] == "Mr. Lee (Republic of Korea) said that the work had been valuable."


ACABQ = """II.  Resource requirements
2.    The resources proposed for the financial period 2023/24 are summarized in table 1
below.
Table 1
Resource requirements
(Thousands of United States dollars)
                          2022         2023          2024          Variance
Category                  expenditure  appropriation estimate      2024 vs. 2023
Posts                     12 345.6     13 456.7      14 567.8      1 111.1
 Total                    13 580.1     14 802.3      16 024.5      1 222.2
3.    The Advisory Committee notes that the Office was established in 2010.  It trusts
that the Office will cooperate with the Commission.   The Committee recalls its report.
III. Conclusion
4.    The Advisory Committee recommends approval.
"""


def test_a_table_laid_out_with_spaces_is_one_unit_a_row(tmp_path):
    lay = layout_of(ACABQ, tmp_path, lang="en")
    got = units(lay)
    assert [key for key, _ in got] == [
        "heading", "2", "heading", "body", "table", "table", "table", "table", "3", "heading", "4"
    ]  # fmt: skip
    # the table's number and title: one heading that heads no section; its caption is body
    assert got[2] == ("heading", "Table 1 Resource requirements")
    assert got[3] == ("body", "(Thousands of United States dollars)")
    assert got[4][1].startswith("2022") and got[7][1].startswith("Total")
    # the paragraph after the table opens with its number and a gap: no row; two spaces after
    # a stop, or three once, make no row of prose
    assert got[8][1].startswith("The Advisory Committee notes")
    assert got[8][1].endswith("recalls its report.")
    sections = {p.key: p.section for p in lay.paragraphs}
    assert sections["3"] == "II.  Resource requirements"


def test_a_table_in_text_is_dated_by_its_column_heads(tmp_path):
    from pipeline.extract.dates import extract
    from pipeline.segment import segment

    lay = layout_of(ACABQ, tmp_path, lang="en")
    rows = [(r["para"], r["text"]) for r in extract(segment(lay)) if r["para"] == "table"]
    assert rows[:3] == [("table", "2022"), ("table", "2023"), ("table", "2024")]


def test_a_bracketed_line_before_a_table_is_no_heading(tmp_path):
    text = (
        "1. The resources are summarized in table 1.\n"
        "(Thousands of United States dollars)\n"
        "Category\t2023\t2024\n"
        "Posts\t12.5\t13.5\n"
    )
    got = units(layout_of(text, tmp_path, lang="en"))
    assert ("heading", "(Thousands of United States dollars)") not in got
    assert [key for key, _ in got][-2:] == ["table", "table"]


SR_FLAT = (
    "United Nations A/C.3/78/SR.12 General Assembly Seventy-eighth session Official Records "
    "Distr.: General 30 October 2023 Original: English Third Committee Summary record of the 12th "
    "meeting Held at Headquarters, New York, on Tuesday, 10 October 2023, at 3 p.m. Chair: "
    "Mr. Marschik (Austria) The meeting was called to order at 3.05 p.m. Agenda item 26: "
    "Advancement of women (continued) (A/78/38, A/78/6 (Sect. 3) and A/78/257) 1. Ms. Bahous said "
    "that the Entity had launched its report. 2. Mr. Hassan (Egypt) said that the Group supported "
    "the Commission. The meeting was suspended at 4.10 p.m. and resumed at 4.30 p.m. 3. Mr. Lee "
    "said that the Committee should act. The meeting rose at 6 p.m.\n"
)


def test_a_flattened_summary_records_units(tmp_path):
    got = units(layout_of(SR_FLAT, tmp_path, lang="en"))
    assert [key for key, _ in got] == ["front", "body", "heading", "1", "2", "body", "3", "body"]
    assert got[1][1] == "The meeting was called to order at 3.05 p.m."
    assert got[2][1] == (
        "Agenda item 26: Advancement of women (continued) (A/78/38, A/78/6 (Sect. 3) and A/78/257)"
    )
    assert got[4][1].endswith("supported the Commission.")
    assert got[5][1] == "The meeting was suspended at 4.10 p.m. and resumed at 4.30 p.m."
    assert got[7][1] == "The meeting rose at 6 p.m."


def test_a_meeting_named_in_a_sentence_is_no_record_line(tmp_path):
    text = (
        "1. The Chair recalled that at its previous meeting the Committee had met. The meeting "
        "of the Bureau rose late. 2. The Committee noted that the meeting rose at 6 p.m. on "
        "Friday.\n"
    )
    got = units(layout_of(text, tmp_path, lang="en"))
    assert [key for key, _ in got] == ["1", "2"]


SR_COVER = """ United Nations                                                  A/C.5/78/SR.5
            General Assembly                                        Distr.: General
            Seventy-eighth session                                  20 October 2023
            Official Records
Fifth Committee
Summary record of the 5th meeting
Held at Headquarters, New York, on Wednesday, 11 October 2023, at 10 a.m.

            Chair:            Mr. Ogasawara . . . . . . . . . . . . . . . . . . . (Japan)

Contents
Agenda item 138: Programme budget for 2024 (continued)

            This record is subject to correction.

23-19512 (E)
*2319512*

The meeting was called to order at 10.05 a.m.

Agenda item 138: Programme budget for 2024 (continued)
(A/78/6 (Sect. 3), A/78/7 and A/78/7/Add.1)
1.    Mr. Ramanathan (Controller), introducing the report of the Secretary-General on
      the proposed programme budget for 2024, said that the proposal reflected the mandates.
"""


def test_an_agenda_heading_over_its_documents_line_after_the_cover(tmp_path):
    # the documents line in brackets continues the heading above it: it is no caption
    got = units(layout_of(SR_COVER, tmp_path, lang="en"))
    assert (
        "heading",
        "Agenda item 138: Programme budget for 2024 (continued) "
        "(A/78/6 (Sect. 3), A/78/7 and A/78/7/Add.1)",
    ) in got


def test_a_running_head_with_its_year_on_the_second_of_two_pages(tmp_path):
    # a two-page resolution prints its head once: the cover names it, in two words
    text = SC_RES.replace(
        "           1.    Decides to remain seized of the matter.\n",
        "           1.    Decides to act;\n23-26126 (E)\n*2326126*\n\nS/RES/2719 (2023)\n\n"
        "           2.    Decides to remain seized of the matter.\n\n"
        "2/2                                                              23-26126\n",
    )
    got = units(layout_of(text, tmp_path, lang="en"))
    assert [key for key, _ in got][-2:] == ["1", "2"]
    assert not any("S/RES/2719" in t for key, t in got if key != "front")


SR_MD = """# Summary record of the 5th meeting

Held at Headquarters, New York, on Wednesday, 11 October 2023, at 10 a.m.

*Chair*: Mr. Ogasawara (Japan)

The meeting was called to order at 10.05 a.m.

## Agenda item 138: Programme budget for 2024 (*continued*) (A/78/6 (Sect. 3) and A/78/7)

1. **Mr. Ramanathan** (Controller) said that the proposal reflected the mandates.

The meeting rose at 12.40 p.m.
"""


def test_a_summary_records_title_held_at_and_chair_lines_are_its_front(tmp_path):
    got = units(layout_of(SR_MD, tmp_path, "sr.md", lang="en"))
    assert [key for key, _ in got] == ["front", "body", "heading", "1", "body"]
    assert got[0][1].endswith("*Chair*: Mr. Ogasawara (Japan)")


def test_a_sentence_naming_a_summary_record_is_no_title(tmp_path):
    text = (
        "Summary record of the 5th meeting held on 11 October 2023 was issued late.\n\n"
        "1. The Committee took note of it.\n"
    )
    got = units(layout_of(text, tmp_path, lang="en"))
    assert got[0][0] == "body"
