"""Models of the module (to be written)."""
