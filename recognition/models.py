"""Models of the recognition app arrive with its issue."""
