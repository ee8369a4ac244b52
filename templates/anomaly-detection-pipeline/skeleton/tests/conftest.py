"""Makes ``src/`` importable without installing the package, and points at the recorded fixtures."""

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


@pytest.fixture
def fixtures() -> Path:
    return ROOT / "tests" / "fixtures"
