"""The bottom layer: what every page and app shares, with no models and no Zoom.

The htmx list contract (``htmx``), count-free paging (``paging``), CSV streaming with the
one formula guard (``exports``), the "these rows or all that match" selection with its count
confirmation (``selection``) and the template tags (``templatetags/ui.py``). Nothing here
imports another app of the project (tests/test_layers.py).
"""
