"""Delta Live Tables layers (bronze, silver, gold): transformations and expectations."""
