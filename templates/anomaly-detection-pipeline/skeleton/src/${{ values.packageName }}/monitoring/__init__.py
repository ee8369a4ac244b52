"""Drift between the training reference and the served traffic."""
