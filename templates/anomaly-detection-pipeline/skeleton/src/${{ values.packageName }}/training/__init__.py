"""The tournament of detectors and its synthetic data."""
