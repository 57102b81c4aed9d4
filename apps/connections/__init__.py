"""Sign-in and Zoom connections: the flows that call Zoom on behalf of accounts.

Above ``zoom`` (they use its OAuth helpers and client), below everything that reads the
mirror. ``services`` makes and ends connections; ``signin`` is django-allauth's adapter;
``views`` are the Settings → Connections pages; ``api`` is the JSON API for connections.
"""
