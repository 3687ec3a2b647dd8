"""Views, one module per page family; each stays thin and calls querysets."""
