"""The text layer under the stages: one definition of CJK, character folding, the normalizer
that keeps a map back to the text it normalizes. Language-agnostic; what differs between
languages (whether spaces between CJK characters are dropped, whether names are matched
case-insensitively) comes in as arguments from the language profile (pipeline.language)."""
