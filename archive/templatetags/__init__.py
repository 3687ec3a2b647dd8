"""Template tags and filters for the archive's pages."""
