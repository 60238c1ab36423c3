"""The validity engine: what the API server of the target version would reject or silently drop."""
