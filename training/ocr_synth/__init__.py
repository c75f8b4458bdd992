"""Synthetic claim documents with ground truth, for OCR tests and the OCR benchmark.

Test and benchmark tooling only: the serving path never imports it.
"""
