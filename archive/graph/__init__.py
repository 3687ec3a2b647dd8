"""The reference graph: cables citing cables, drawn and counted."""
