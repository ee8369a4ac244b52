"""Feature engineering and the Unity Catalog feature table."""
