"""Facts derived from the graph, shared by rules; no judgments live here."""
