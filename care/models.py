"""Models of the care app arrive with its issue."""
