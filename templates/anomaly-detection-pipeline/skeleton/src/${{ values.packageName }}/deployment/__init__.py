"""Serving roll-outs, rollback and retraining decisions."""
