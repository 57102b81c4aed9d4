"""Serializers for the JSON API (shapes from seed 000: Attendee's zoom_oauth_connections)."""

from __future__ import annotations

import datetime as dt

from rest_framework import serializers

from apps.accounts.models import ZoomOAuthConnection


class IsoDateTimeField(serializers.DateTimeField):
    """UTC, always with microseconds and "Z": ``2025-01-13T10:30:00.123456Z``; None stays null."""

    def to_representation(self, value):
        if value is None:
            return None
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC)
        return value.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class ZoomOAuthConnectionSerializer(serializers.ModelSerializer):
    """Read-only; never exposes a token, scope or secret."""

    zoom_oauth_app_id = serializers.CharField(read_only=True)
    account_id = serializers.CharField(source="account.zoom_account_id", read_only=True)
    metadata = serializers.JSONField(read_only=True)
    connection_failure_data = serializers.JSONField(read_only=True, allow_null=True)
    created_at = IsoDateTimeField(read_only=True)
    updated_at = IsoDateTimeField(read_only=True)
    last_successful_sync_at = IsoDateTimeField(read_only=True, allow_null=True)
    last_attempted_sync_at = IsoDateTimeField(read_only=True, allow_null=True)

    class Meta:
        model = ZoomOAuthConnection
        fields = [
            "id",
            "zoom_oauth_app_id",
            "user_id",
            "account_id",
            "state",
            "metadata",
            "is_local_recording_token_supported",
            "is_onbehalf_token_supported",
            "connection_failure_data",
            "created_at",
            "updated_at",
            "last_successful_sync_at",
            "last_attempted_sync_at",
        ]
        read_only_fields = fields
