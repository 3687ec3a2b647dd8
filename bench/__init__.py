"""The scale benchmark: `python -m bench run --sizes 10000 50000 250000` (README "Scale")."""
