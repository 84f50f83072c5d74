"""Gold round trip: the pipeline's mentions as pre-annotations in an annotation tool, and the
corrected annotations back as gold tables that `python -m pipeline eval` reads.

    python -m pipeline gold export DOC_OUT_DIR --to label-studio FILE.json
    python -m pipeline gold export DOC_OUT_DIR --to brat NAME
    python -m pipeline gold import FILE --to GOLD_DIR

document.py holds what a round trip carries (text, paragraphs, mentions) and writes gold;
labelstudio.py and brat.py are the two tools' formats; cli.py the command. Everything iterates
the registry of pipeline/kinds.py: a new kind of mention gets its label and values without a
change here. No extractor is imported.
"""
