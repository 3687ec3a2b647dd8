"""The list of cables: one request object (ListQuery) over one registry of
filters and facets (FILTERS), with its counts, blocks, links and pages."""
