"""Evaluations of peaceobs against reference data in the corpus."""
