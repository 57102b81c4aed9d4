"""The local mirror of Zoom's objects: the mirrored-model base, the bulk upsert, the
listing walk with its checkpoint, the sync order and schedule, and the sync states the
overview shows. Domain apps register their resources here (``registry.register``) from
their ``AppConfig.ready()``; the mirror imports no domain model."""
