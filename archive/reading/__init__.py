"""Related reading: documents that are not cables, linked to the cables they are about."""
