"""The champion/challenger gate."""
