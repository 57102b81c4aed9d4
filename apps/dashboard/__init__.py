"""The top layer: the overview, the header navigation and the sync panel."""
