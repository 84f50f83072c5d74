"""Evaluation: scoring extraction tables against gold tables (docs/evaluation.md).

    read -> match -> score -> report; review (the HTML page) reads what they give, one way.

`read` (gold, predictions, optional mentions, the source), `match` (exact and value keys of each
kind, from pipeline.kinds), `score` (P/R/F1/accuracy, thresholds: thresholds.yaml, evaluation
config), `report` (errors, score tables, gazetteer candidates), `review` (the review page), and
`command` (`python -m pipeline eval`), the one module that drives them all.
"""
